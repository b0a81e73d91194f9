"""The method's pivots as pure functions of the model: duties, the responsibility matrix,
the process map, competency rows and profile candidates.

Nothing here reads or writes a file; the writers and the documents take these results.
"""

from __future__ import annotations

from dataclasses import dataclass

from procxl.model import Organisation

OWNER_MARK = "В"
PERFORMER_MARK = "И"


@dataclass(frozen=True, slots=True)
class Duty:
    """One row of a position's duties: a process it performs, with what the spec says."""

    position: str  # the position's name as spelt in `Должности`
    process_code: str
    process_name: str
    functions: tuple[str, ...]  # the performer's functions, or the process content if none
    goals: tuple[str, ...]
    results: tuple[str, ...]
    indicators: tuple[str, ...]
    functions_from_content: bool = False  # True when the content stood in for functions


@dataclass(frozen=True, slots=True)
class MatrixRow:
    process_code: str
    process_name: str
    level: int
    marks: tuple[str, ...]  # one per Matrix.positions: "", "В", "И" or "В, И"


@dataclass(frozen=True, slots=True)
class Matrix:
    """The responsibility matrix: processes down, positions across."""

    positions: tuple[str, ...]
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True, slots=True)
class MapNode:
    """A process on the process map, with its sub-processes nested inside."""

    code: str
    name: str
    level: int
    children: tuple[MapNode, ...] = ()


@dataclass(frozen=True, slots=True)
class CompetencyKey:
    """What a `Компетенции` row stands for: one position in one process."""

    position: str
    process_code: str
    process_name: str
    functions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProfileCandidate:
    """An item that could go into a position's profile, with every place it came from."""

    position: str
    section: str  # one of schema.PROFILE_SECTIONS
    wording: str
    sources: tuple[str, ...]  # e.g. ("Компетенции: 1.2", "Компетенции: 3.1")


def duties(org: Organisation) -> list[Duty]:
    raise NotImplementedError


def responsibility_matrix(org: Organisation) -> Matrix:
    raise NotImplementedError


def process_map(org: Organisation) -> tuple[MapNode, ...]:
    raise NotImplementedError


def competency_keys(org: Organisation) -> list[CompetencyKey]:
    raise NotImplementedError


def profile_candidates(org: Organisation) -> list[ProfileCandidate]:
    raise NotImplementedError
