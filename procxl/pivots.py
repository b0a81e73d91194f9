"""The method's pivots as pure functions of the model: duties, the responsibility matrix,
the process map, competency rows and profile candidates.

Nothing here reads or writes a file; the writers and the documents take these results.
What the checker reports as unusable is left out, never guessed at: a name that is no
position, a malformed code, a code Excel turned into a number or a date, an Excel error
value such as `#N/A`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from procxl import schema, text
from procxl.model import (
    Cell,
    CompetencyRow,
    Items,
    Organisation,
    Position,
    Process,
    ValueKind,
    garbled_code,
)

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


def competency_key(position: str, process_code: str) -> tuple[str, str]:
    """The key of a `Компетенции` row: the position's matching key and the code as text.

    A row is the same row across runs when these are equal: `Мастер-Приёмщик` and
    `мастер-приемщик` are one position, ` 1.2 ` and `1.2` one code.
    """
    return text.fold(position), text.clean(process_code)


def profile_key(position: str, section: str, wording: str) -> tuple[str, str, str]:
    """The key of a `Профили` row: position, section and wording, each normalised.

    Two wordings are one item when they differ only in case, `ё`/`е` and spacing, the same
    rule by which :func:`profile_candidates` merges items.
    """
    return text.fold(position), text.fold(section), text.fold(wording)


# Codes and cells the pivots can trust ------------------------------------------------------

def trusted_code(cell: Cell) -> str | None:
    """The process code a cell holds, or None when it holds none that can be relied on:
    a malformed code, or a number or date Excel made of a code (the checker's P005)."""
    if garbled_code(cell):
        return None
    code = text.clean(cell.text)
    return code if text.parse_code(code) is not None else None


def _usable(cell: Cell) -> bool:
    """Whether a cell holds a value: filled and not an Excel error such as `#N/A`."""
    return bool(cell.text) and cell.kind is not ValueKind.ERROR


def _texts(items: Items) -> tuple[str, ...]:
    return tuple(item.text for item in items if _usable(item))


def _process_of(org: Organisation, cell: Cell) -> Process | None:
    """The process a code cell refers to, when both its code and the cell can be trusted."""
    code = trusted_code(cell)
    process = org.process(code) if code else None
    if process is None or trusted_code(process.code) is None:
        return None
    return process


def _register(org: Organisation) -> list[Position]:
    """The positions in the order of `Должности`, the first of repeated names only."""
    return list(org.positions_by_key.values())


def _well_formed(org: Organisation) -> list[Process]:
    """Processes with a trusted code, the first of repeated codes only, in natural order."""
    found = {code: p for p in org.processes_by_code.values()
             if (code := trusted_code(p.code)) is not None}
    return [found[code] for code in sorted(found, key=text.code_sort_key)]


# Duties ----------------------------------------------------------------------------------

def duties(org: Organisation) -> list[Duty]:
    """Every (position, process) pair of `Исполнители` that resolves, with the spec's lists.

    Positions come in the order of the `Должности` register, processes in natural code
    order (1.2 before 1.10). A pair listed twice gets the functions of both rows, each once.
    When a pair has no functions at all, the process `Содержание` stands in. Rows naming an
    unknown position, an unknown or malformed code, or a code Excel turned into a number
    are left out: the checker reports them.
    """
    found: dict[tuple[str, str], tuple[Position, Process, dict[str, str]]] = {}
    for performer in org.performers:
        position = org.position(performer.position.text)
        process = _process_of(org, performer.process_code)
        if position is None or process is None:
            continue
        key = (position.name.key, text.clean(process.code.text))
        functions = found.setdefault(key, (position, process, {}))[2]
        for item in performer.functions:
            if _usable(item):
                functions.setdefault(item.key, item.text)
    order = {position.name.key: i for i, position in enumerate(_register(org))}
    keys = sorted(found, key=lambda k: (order[k[0]], text.code_sort_key(k[1])))
    return [_duty(*found[key]) for key in keys]


def _duty(position: Position, process: Process, functions: dict[str, str]) -> Duty:
    own = tuple(functions.values())
    stand_in = not own and _usable(process.content)
    return Duty(
        position=position.name.text,
        process_code=text.clean(process.code.text),
        process_name=process.name.text,
        functions=(process.content.text,) if stand_in else own,
        goals=_texts(process.goals),
        results=_texts(process.results),
        indicators=_texts(process.indicators),
        functions_from_content=stand_in,
    )


def owned_processes(org: Organisation) -> dict[str, list[Process]]:
    """The processes each position owns (by its matching key), in natural code order.

    The owner answers for the process's goals and indicators and may change it (the guide),
    which is a duty of its own in the owner's main document. Processes with a malformed code
    or an owner that names no position are left out: the checker reports them.
    """
    owned: dict[str, list[Process]] = {}
    for process in _well_formed(org):
        owner = org.position(process.owner.text)
        if owner is not None:
            owned.setdefault(owner.name.key, []).append(process)
    return owned


# The responsibility matrix and the process map ---------------------------------------------

def responsibility_matrix(org: Organisation, all_duties: Sequence[Duty] | None = None
                          ) -> Matrix:
    """Processes down, positions across: `В` for the owner, `И` for each performer.

    Every position of the register has a column, every process with a well-formed code a
    row, in natural code order; a position that both owns and performs a process gets
    `В, И`. `all_duties`, when the caller has `duties(org)` already, spares computing it.
    """
    positions = _register(org)
    column = {position.name.key: i for i, position in enumerate(positions)}
    performers: dict[str, list[int]] = {}
    for duty in duties(org) if all_duties is None else all_duties:
        performers.setdefault(duty.process_code, []).append(column[text.fold(duty.position)])
    rows = []
    for process in _well_formed(org):
        code = text.clean(process.code.text)
        marks = [""] * len(positions)
        for index in performers.get(code, []):
            marks[index] = PERFORMER_MARK
        owner = column.get(process.owner.key)
        if owner is not None:
            marks[owner] = ", ".join(filter(None, (OWNER_MARK, marks[owner])))
        rows.append(MatrixRow(code, process.name.text, process.level or 1, tuple(marks)))
    return Matrix(tuple(p.name.text for p in positions), tuple(rows))


def process_map(org: Organisation) -> tuple[MapNode, ...]:
    """The process hierarchy by codes, each level in natural order.

    A process whose parent code is missing hangs under its nearest existing ancestor
    (`2.5.1` under `2` when there is no `2.5`), or at the top when it has none.
    """
    processes = {text.clean(p.code.text): p for p in _well_formed(org)}
    children: dict[str | None, list[str]] = {}
    for code in processes:
        parent = text.parent_code(code)
        while parent is not None and parent not in processes:
            parent = text.parent_code(parent)
        children.setdefault(parent, []).append(code)

    def nodes_under(parent: str | None) -> tuple[MapNode, ...]:
        return tuple(
            MapNode(code, processes[code].name.text, text.code_level(code) or 1,
                    nodes_under(code))
            for code in children.get(parent, [])
        )

    return nodes_under(None)


# Competencies and profiles -----------------------------------------------------------------

def competency_keys(org: Organisation,
                    all_duties: list[Duty] | None = None) -> list[CompetencyKey]:
    """One `Компетенции` row per duty, in the duties' order, with the duty's functions;
    `all_duties`, when the caller has `duties(org)` already, spares computing it again."""
    return [CompetencyKey(d.position, d.process_code, d.process_name, d.functions)
            for d in (duties(org) if all_duties is None else all_duties)]


_COMPETENCY_SECTIONS = (
    ("general_knowledge", schema.PROFILE_SECTIONS[0]),
    ("subject_knowledge", schema.PROFILE_SECTIONS[1]),
    ("skills", schema.PROFILE_SECTIONS[2]),
    ("qualities", schema.PROFILE_SECTIONS[3]),
)
"""The `Компетенции` lists and the profile sections they feed."""
VALUES_SECTION, FUNCTIONS_SECTION, AREAS_SECTION = schema.PROFILE_SECTIONS[4:7]
_SECTION_ORDER = {section: i for i, section in enumerate(schema.PROFILE_SECTIONS)}


def profile_candidates(org: Organisation, all_duties: list[Duty] | None = None,
                       renames: Mapping[str, str] | None = None,
                       only: Collection[str] | None = None) -> list[ProfileCandidate]:
    """Every distinct item that could go into each position's profile, with its sources.

    Positions come in register order; those with neither duties nor additional areas of
    responsibility get no profile. Knowledge, skills and qualities come from the
    `Компетенции` rows whose pair is still a duty; values are the company's; functional
    duties are the duties' functions; areas of responsibility are the indicators of the
    processes performed, then the position's own additional areas. Items equal after
    :func:`procxl.text.fold` are merged within a section: the first spelling wins, and the
    sources accumulate in order. `all_duties`, when the caller has `duties(org)` already,
    spares computing it again. `renames` (old position key → new name) lets `Компетенции`
    rows still under a position's old name count for its new one, as the update that
    renames them will leave them. `only`, when given, holds the keys of the positions whose
    candidates are wanted (documents need them only for positions without `Профили` rows).
    """
    all_duties = duties(org) if all_duties is None else all_duties
    duties_of: dict[str, list[Duty]] = {}
    for duty in all_duties:
        duties_of.setdefault(text.fold(duty.position), []).append(duty)
    rows_of = _live_competencies(org, all_duties, renames or {})
    values = tuple(v.value.text for v in org.values if _usable(v.value))
    out: list[ProfileCandidate] = []
    for position in _register(org):
        if only is not None and position.name.key not in only:
            continue
        own = duties_of.get(position.name.key, [])
        if own or _texts(position.extra_areas):
            out += _candidates_of(position, own, rows_of.get(position.name.key, []), values)
    return out


def _live_competencies(org: Organisation, all_duties: list[Duty],
                       renames: Mapping[str, str]) -> dict[str, list[CompetencyRow]]:
    """The `Компетенции` rows of each position whose pair is still a duty, in code order."""
    live = {competency_key(d.position, d.process_code) for d in all_duties}
    found: dict[str, list[CompetencyRow]] = {}
    for row in org.competencies:
        position = org.position(renames.get(row.position.key, row.position.text))
        code = trusted_code(row.process_code)
        if position is not None and code and competency_key(position.name.text, code) in live:
            found.setdefault(position.name.key, []).append(row)
    for rows in found.values():
        rows.sort(key=lambda r: text.code_sort_key(r.process_code.text))
    return found


def _candidates_of(position: Position, own: list[Duty], rows: list[CompetencyRow],
                   values: tuple[str, ...]) -> list[ProfileCandidate]:
    """One position's profile candidates, section by section."""
    offers = _Offers()
    sources = [_source(schema.COMPETENCIES, row.process_code.text) for row in rows]
    for field, section in _COMPETENCY_SECTIONS:
        for row, source in zip(rows, sources, strict=True):
            offers.add(section, _texts(getattr(row, field)), source)
    offers.add(VALUES_SECTION, values, schema.VALUES.name)
    for duty in own:
        sheet = schema.PROCESSES if duty.functions_from_content else schema.PERFORMERS
        offers.add(FUNCTIONS_SECTION, duty.functions, _source(sheet, duty.process_code))
    for duty in own:
        offers.add(AREAS_SECTION, duty.indicators, _source(schema.PROCESSES, duty.process_code))
    offers.add(AREAS_SECTION, _texts(position.extra_areas), schema.POSITIONS.name)
    return offers.candidates(position.name.text)


def _source(sheet: schema.Sheet, code: str) -> str:
    """Where an item came from, as `Откуда` shows it: `Исполнители: 1.2`."""
    return f"{sheet.name}: {text.clean(code)}"


class _Offers:
    """Profile items of one position, merged by normalised wording within a section."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], tuple[str, list[str]]] = {}

    def add(self, section: str, wordings: Iterable[str], source: str) -> None:
        for wording in wordings:
            _, sources = self._items.setdefault((section, text.fold(wording)), (wording, []))
            if source not in sources:
                sources.append(source)

    def candidates(self, position: str) -> list[ProfileCandidate]:
        ordered = sorted(self._items.items(), key=lambda kv: _SECTION_ORDER[kv[0][0]])
        return [ProfileCandidate(position, section, wording, tuple(sources))
                for (section, _), (wording, sources) in ordered]
