"""The method's pivots as pure functions of the model: duties, the responsibility matrix,
the process map, competency rows and profile candidates.

Nothing here reads or writes a file; the writers and the documents take these results.
"""

from __future__ import annotations

from dataclasses import dataclass

from procxl import schema, text
from procxl.model import Cell, CompetencyRow, Organisation, Position, Process

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
    """The key of a `Компетенции` row: the position's matching key and the code as text."""
    return text.fold(position), text.clean(process_code)


def profile_key(position: str, section: str, wording: str) -> tuple[str, str, str]:
    """The key of a `Профили` row: position, section and wording, each normalised."""
    return text.fold(position), text.fold(section), text.fold(wording)


def _register_order(org: Organisation) -> dict[str, int]:
    return {key: index for index, key in enumerate(org.positions_by_key)}


def duties(org: Organisation) -> list[Duty]:
    """Every (position, process) pair of `Исполнители` that resolves, with the spec's lists.

    Positions come in the order of the `Должности` register, processes in natural code
    order. A pair listed twice gets the functions of both rows. Rows naming an unknown
    position or code are left out: the checker reports them.
    """
    functions: dict[tuple[str, str], list[str]] = {}
    found: dict[tuple[str, str], tuple[Position, Process]] = {}
    for performer in org.performers:
        position = org.position(performer.position.text)
        process = org.process(performer.process_code.text)
        if position is None or process is None or process.level is None:
            continue
        key = (position.name.key, text.clean(process.code.text))
        found.setdefault(key, (position, process))
        items = functions.setdefault(key, [])
        known = {text.fold(f) for f in items}
        for item in performer.functions:
            if item.key not in known:
                known.add(item.key)
                items.append(item.text)
    order = _register_order(org)
    out = []
    for key in sorted(found, key=lambda k: (order[k[0]], text.code_sort_key(k[1]))):
        position, process = found[key]
        own = tuple(functions[key])
        stand_in = not own and bool(process.content.text)
        out.append(Duty(
            position=position.name.text,
            process_code=text.clean(process.code.text),
            process_name=process.name.text,
            functions=own or ((process.content.text,) if stand_in else ()),
            goals=_texts(process.goals),
            results=_texts(process.results),
            indicators=_texts(process.indicators),
            functions_from_content=stand_in,
        ))
    return out


def _texts(items: tuple[Cell, ...]) -> tuple[str, ...]:
    return tuple(item.text for item in items)


def _well_formed(org: Organisation) -> list[Process]:
    """Processes with a well-formed code, first of duplicates only, in natural order."""
    return [p for code, p in sorted(org.processes_by_code.items(),
                                    key=lambda item: text.code_sort_key(item[0]))
            if text.parse_code(code) is not None]


def responsibility_matrix(org: Organisation) -> Matrix:
    """Processes down, positions across: В for the owner, И for each performer."""
    positions = list(org.positions_by_key.values())
    column = {p.name.key: i for i, p in enumerate(positions)}
    performing = {(text.fold(d.position), d.process_code) for d in duties(org)}
    rows = []
    for process in _well_formed(org):
        code = text.clean(process.code.text)
        owner = org.position(process.owner.text)
        marks = []
        for position in positions:
            mark = []
            if owner is not None and column[owner.name.key] == column[position.name.key]:
                mark.append(OWNER_MARK)
            if (position.name.key, code) in performing:
                mark.append(PERFORMER_MARK)
            marks.append(", ".join(mark))
        rows.append(MatrixRow(code, process.name.text, process.level or 1, tuple(marks)))
    return Matrix(tuple(p.name.text for p in positions), tuple(rows))


def process_map(org: Organisation) -> tuple[MapNode, ...]:
    """The process hierarchy by codes; a process whose parent is missing hangs under its
    nearest existing ancestor, or at the top."""
    processes = _well_formed(org)
    codes = {text.clean(p.code.text) for p in processes}
    children: dict[str | None, list[Process]] = {}
    for process in processes:
        parent = process.parent_code
        while parent is not None and parent not in codes:
            parent = text.parent_code(parent)
        children.setdefault(parent, []).append(process)

    def build(parent: str | None) -> tuple[MapNode, ...]:
        return tuple(
            MapNode(text.clean(p.code.text), p.name.text, p.level or 1,
                    build(text.clean(p.code.text)))
            for p in children.get(parent, [])
        )

    return build(None)


def competency_keys(org: Organisation) -> list[CompetencyKey]:
    """One `Компетенции` row per duty, in the duties' order."""
    return [CompetencyKey(d.position, d.process_code, d.process_name, d.functions)
            for d in duties(org)]


_COMPETENCY_SECTIONS = (
    ("general_knowledge", schema.PROFILE_SECTIONS[0]),
    ("subject_knowledge", schema.PROFILE_SECTIONS[1]),
    ("skills", schema.PROFILE_SECTIONS[2]),
    ("qualities", schema.PROFILE_SECTIONS[3]),
)
VALUES_SECTION, FUNCTIONS_SECTION, AREAS_SECTION = schema.PROFILE_SECTIONS[4:7]


def profile_candidates(org: Organisation) -> list[ProfileCandidate]:
    """Every distinct item that could go into each position's profile, with its sources.

    Knowledge, skills and qualities come from the `Компетенции` rows whose pair is still a
    duty; values are the company's; functional duties are the duties' functions; areas of
    responsibility are the indicators of the processes performed, then the position's own
    additional areas. Items equal after normalising are merged; their sources accumulate.
    """
    all_duties = duties(org)
    by_position: dict[str, list[Duty]] = {}
    for duty in all_duties:
        by_position.setdefault(text.fold(duty.position), []).append(duty)
    live = {competency_key(d.position, d.process_code) for d in all_duties}
    competencies: dict[str, list[CompetencyRow]] = {}
    for row in org.competencies:
        position = org.position(row.position.text)
        if position is None:
            continue
        if competency_key(position.name.text, row.process_code.text) in live:
            competencies.setdefault(position.name.key, []).append(row)
    out: list[ProfileCandidate] = []
    for position in org.positions_by_key.values():
        own = by_position.get(position.name.key, [])
        if not own and not position.extra_areas:
            continue
        items = _Offers()
        offer = items.offer
        rows = sorted(competencies.get(position.name.key, []),
                      key=lambda r: text.code_sort_key(r.process_code.text))
        for field, section in _COMPETENCY_SECTIONS:
            for row in rows:
                for item in getattr(row, field):
                    offer(section, item.text, f"Компетенции: {text.clean(row.process_code.text)}")
        for value in org.values:
            if value.value.text:
                offer(VALUES_SECTION, value.value.text, schema.VALUES.name)
        for duty in own:
            sheet = schema.PROCESSES if duty.functions_from_content else schema.PERFORMERS
            for function in duty.functions:
                offer(FUNCTIONS_SECTION, function, f"{sheet.name}: {duty.process_code}")
        for duty in own:
            for indicator in duty.indicators:
                offer(AREAS_SECTION, indicator, f"{schema.PROCESSES.name}: {duty.process_code}")
        for area in position.extra_areas:
            offer(AREAS_SECTION, area.text, schema.POSITIONS.name)
        out += items.candidates(position.name.text)
    return out


_SECTION_ORDER = {section: i for i, section in enumerate(schema.PROFILE_SECTIONS)}


class _Offers:
    """Profile items of one position, merged by normalised wording within a section."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], tuple[str, list[str]]] = {}

    def offer(self, section: str, wording: str, source: str) -> None:
        _, sources = self._items.setdefault((section, text.fold(wording)), (wording, []))
        if source not in sources:
            sources.append(source)

    def candidates(self, position: str) -> list[ProfileCandidate]:
        ordered = sorted(self._items.items(), key=lambda kv: _SECTION_ORDER[kv[0][0]])
        return [ProfileCandidate(position, section, wording, tuple(sources))
                for (section, _), (wording, sources) in ordered]
