"""Helpers that several rule families share: cells of records, addresses and affected positions."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import operator
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from procxl import schema, text
from procxl.checks.findings import ALL_POSITIONS
from procxl.model import Cell, Organisation, Process, ValueKind, garbled_code, parse_a1

CODE_FORM = "числа через точку: 1, 1.2, 1.2.3"
"""How a process code looks, for messages."""

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_DOC_WIDE = frozenset({schema.ORGANISATION.key, schema.VALUES.key})
"""Sheets whose every row reaches every position's documents."""


def records(org: Organisation, sheet_key: str) -> tuple[Any, ...]:
    """The rows read from a sheet, by its key (`parameters` for `Организация`)."""
    if sheet_key == schema.ORGANISATION.key:
        return org.parameters
    return getattr(org, sheet_key)


def column_texts(rows: Iterable[Any], key: str) -> set[str]:
    """The distinct texts of a one-value column of `rows`, gathered in C: a rule that
    judges texts judges each once, and looks at the rows only when one fails."""
    return set(map(operator.attrgetter(f"{key}.text"), rows))


def record_cells(record: object) -> Iterator[Cell]:
    """Every cell of a record, list items included, in field order."""
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if isinstance(value, Cell):
            yield value
        elif isinstance(value, tuple):
            yield from (item for item in value if isinstance(item, Cell))


@functools.cache
def _field_names(record_type: type) -> tuple[str, ...]:
    """The fields of a record type, asked once: `dataclasses.fields` builds them anew."""
    return tuple(f.name for f in dataclasses.fields(record_type))


def field_cell(org: Organisation, sheet_key: str, record: Any, key: str) -> Cell:
    """The cell a field of a record stands in, also when it is an empty list."""
    value = getattr(record, key)
    if isinstance(value, Cell):
        return value
    if value:
        return value[0]
    info = org.sheets[sheet_key]
    return Cell("", info.name, record.row, info.columns.get(key), ValueKind.EMPTY)


def a1_cell(sheet: str, address: str) -> Cell:
    """An empty cell at an A1 address (`C12`) of a sheet, to point a finding at."""
    row, column = parse_a1(address)
    return Cell("", sheet, row, column, ValueKind.EMPTY)


def header_of(sheet: schema.Sheet, key: str) -> str:
    """The standard header of a column, for messages: «Цели»."""
    return sheet.column(key).header


def code_key(code: str) -> str:
    """The matching key of a process code: the code as cleaned text."""
    return text.clean(code)


_ERROR, _TEXT = ValueKind.ERROR, ValueKind.TEXT  # looked up once: a descriptor call in 3.11


def usable(cell: Cell) -> bool:
    """Whether a cell holds a value to compare: filled, and not an Excel error or garbled code."""
    kind = cell.kind
    if kind is _TEXT:  # nearly every cell: asked of each reference of a large book
        return bool(cell.text)
    return bool(cell.text) and kind is not _ERROR and not garbled_code(cell)


Derived = TypeVar("Derived")


def per_organisation(derive: Callable[[Organisation], Derived]) -> Callable[[Organisation],
                                                                            Derived]:
    """`derive(org)` worked out once for each organisation, for the rules that all ask it.
    What it gives is shared: the rules read it and never change it. It is kept while the
    organisation lives, by identity (an Organisation holds dicts and has no hash), so it
    must not hold the organisation itself: neither would then ever be freed."""
    memo: dict[int, tuple[weakref.ref[Organisation], Derived]] = {}

    @functools.wraps(derive)
    def derived(org: Organisation) -> Derived:
        key = id(org)
        found = memo.get(key)
        if found is None or found[0]() is not org:
            found = memo[key] = (weakref.ref(org, lambda _: memo.pop(key, None)),
                                 derive(org))
        return found[1]

    return derived


def performer_keys(org: Organisation, code: str) -> set[str]:
    """The positions (matching keys) that perform the process with this code."""
    return {
        p.position.key
        for p in org.performers_by_code.get(code_key(code), ())
        if p.position.key
    }


def sheet_positions(org: Organisation, sheet_key: str) -> set[str]:
    """The positions whose documents a problem with a whole sheet reaches."""
    sheet = schema.sheet(sheet_key)
    if sheet.required or sheet_key in _DOC_WIDE:
        return {ALL_POSITIONS}
    return set().union(*positions_by_row(org, sheet_key).values())


def row_positions(org: Organisation, sheet_key: str, row: int) -> set[str]:
    """The positions whose documents a problem in one row of a sheet reaches.

    See :func:`positions_by_row`; when many rows are wanted, call that once instead.
    """
    return set(positions_by_row(org, sheet_key).get(row, ()))


def positions_by_row(org: Organisation, sheet_key: str) -> dict[int, set[str]]:
    """For each row of a sheet, the positions whose documents a problem in it reaches.

    A row of `Процессы` reaches its performers, a row of `Подразделения` the positions of the
    department, a row of `Должности` the position and those it manages; rows of the sheets
    about one position reach that position; `Организация` and `Ценности` reach everyone;
    rows of a sheet without positions (`Профстандарты`, `План внедрения ПС`, `План
    развития`) reach none (the organisation's papers are blocked by any error on theirs).
    Rows that are not read (blank ones, the header) are absent.
    """
    rows = records(org, sheet_key)
    if sheet_key in _DOC_WIDE:
        return {r.row: {ALL_POSITIONS} for r in rows}
    if sheet_key == schema.PROCESSES.key:
        performing = _group(org.performers, lambda p: code_key(p.process_code.text),
                            lambda p: p.position.key)
        return {r.row: performing.get(code_key(r.code.text), set()) for r in rows}
    if sheet_key == schema.DEPARTMENTS.key:
        staff = _group(org.positions, lambda p: p.department.key, lambda p: p.name.key)
        return {r.row: staff.get(r.name.key, set()) for r in rows}
    if sheet_key == schema.POSITIONS.key:
        managed = _group(org.positions, lambda p: p.manager.key, lambda p: p.name.key)
        return {r.row: ({r.name.key} | managed.get(r.name.key, set())) - {""} for r in rows}
    if rows and not hasattr(rows[0], "position"):
        return {r.row: set() for r in rows}  # the organisation's own sheets, the plans
    return {r.row: {r.position.key} - {""} for r in rows}


def _group(
    items: Iterable[Any], key_of: Callable[[Any], str], value_of: Callable[[Any], str]
) -> dict[str, set[str]]:
    """Non-empty values grouped by non-empty keys."""
    groups: dict[str, set[str]] = {}
    for item in items:
        key, value = key_of(item), value_of(item)
        if key and value:
            groups.setdefault(key, set()).add(value)
    return groups


def process_label(process: Process) -> str:
    """How a message names a process: `1.2 «Прием автомобиля от клиента»`."""
    code = process.code.text or "без кода"
    return f"{code} «{process.name.text}»" if process.name.text else code


def register_read(org: Organisation, register: schema.Sheet) -> bool:
    """Whether a register sheet was read with its key column and holds rows.

    When it was not, every reference into it would look unknown; the structure rules say why
    once instead.
    """
    info = org.sheets[register.key]
    return info.present and register.columns[0].key in info.columns and bool(
        records(org, register.key)
    )


def closest_name(name: str, known: Iterable[Cell]) -> str | None:
    """The known name a mistyped one most likely means, as the register spells it, or None."""
    spellings: dict[str, str] = {}
    for cell in known:
        if cell.key:
            spellings.setdefault(cell.key, cell.text)
    match = _closest_key(text.fold(name), tuple(spellings))
    return spellings[match] if match is not None else None


def _closest_key(key: str, keys: tuple[str, ...]) -> str | None:
    """The one of `keys` that `key` most likely means (difflib, 80% alike), or None.

    Each answer is kept: comparing a name with every name of a register takes about ten
    milliseconds, and a book with errors asks it of the same misspelt names in many rows and
    from several rules (R001, C003, C005 …).
    """
    answers = _answers_for(keys)
    if key not in answers:
        match = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.8)
        answers[key] = match[0] if match else None
    return answers[key]


@functools.lru_cache(maxsize=4)
def _answers_for(keys: tuple[str, ...]) -> dict[str, str | None]:
    """The answers of :func:`_closest_key` found so far against one register's names, for
    the last few registers asked about."""
    return {}


def parse_number(cell: Cell) -> float | None:
    """The number a cell holds, also when typed as text (`2`, `0,5`, `50 000`); None if none.

    A date is not a number: Excel turns `1.5` typed into a general cell into the 1st of May.
    """
    if cell.kind in (ValueKind.DATE, ValueKind.ERROR, ValueKind.BOOL, ValueKind.EMPTY):
        return None
    compact = "".join(cell.text.split())
    if not _NUMBER.match(compact):
        return None
    value = float(compact.replace(",", "."))
    return value if math.isfinite(value) else None


@dataclasses.dataclass(frozen=True, slots=True)
class MissingPosition:
    """A position cell that names no position of the register, as a message tells of it."""

    problem: str  # «Должности «Оператор» нет на листе «Должности»» or «Не указана должность»
    suggestion: str | None  # the register's name it most likely means

    @property
    def affects(self) -> set[str]:
        """The position whose documents lose what the row says: the one it likely means."""
        return {text.fold(self.suggestion)} if self.suggestion else set()


def missing_position(org: Organisation, cell: Cell) -> MissingPosition | None:
    """How a position cell fails to name a position, or None when it names one.

    A name with Latin letters in a Cyrillic word is left to the names family (None here).
    """
    if cell.text and text.mixed_script_runs(cell.text):
        return None
    if org.position(cell.text) is not None:
        return None
    if not cell.text:
        return MissingPosition("Не указана должность", None)
    suggestion = closest_name(cell.text, [p.name for p in org.positions])
    problem = f"Должности «{cell.text}» нет на листе «{schema.POSITIONS.name}»"
    if suggestion:
        problem += f" (возможно, имелась в виду «{suggestion}»)"
    return MissingPosition(problem, suggestion)
