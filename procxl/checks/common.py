"""Helpers that several rule families share: cells of records, addresses and affected positions."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from procxl import schema, text
from procxl.checks.findings import ALL_POSITIONS
from procxl.model import Cell, Organisation, Process, ValueKind

CODE_FORM = "числа через точку: 1, 1.2, 1.2.3"
"""How a process code looks, for messages."""

_A1 = re.compile(r"^([A-Z]+)(\d+)$")
_DOC_WIDE = frozenset({schema.ORGANISATION.key, schema.VALUES.key})
"""Sheets whose every row reaches every position's documents."""


def records(org: Organisation, sheet_key: str) -> tuple[Any, ...]:
    """The rows read from a sheet, by its key (`parameters` for `Организация`)."""
    if sheet_key == schema.ORGANISATION.key:
        return org.parameters
    return getattr(org, sheet_key)


def record_cells(record: object) -> Iterator[Cell]:
    """Every cell of a record, list items included, in field order."""
    for f in dataclasses.fields(record):  # type: ignore[arg-type]
        value = getattr(record, f.name)
        if isinstance(value, Cell):
            yield value
        elif isinstance(value, tuple):
            yield from (item for item in value if isinstance(item, Cell))


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
    match = _A1.match(address)
    if match is None:
        raise ValueError(f"not an A1 address: {address!r}")
    letters, row = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return Cell("", sheet, int(row), column, ValueKind.EMPTY)


def header_of(sheet: schema.Sheet, key: str) -> str:
    """The standard header of a column, for messages: «Цели»."""
    return sheet.column(key).header


def code_key(code: str) -> str:
    """The matching key of a process code: the code as cleaned text."""
    return text.clean(code)


def garbled_code(cell: Cell) -> bool:
    """Whether Excel turned a code into something else: a fraction or a date.

    Such a cell's text is not what the user typed (`1.10` reads as `1.1`), so rules that
    compare codes skip it; the processes family reports it.
    """
    if cell.kind is ValueKind.DATE:
        return True
    return cell.kind is ValueKind.NUMBER and not cell.text.isdigit()


def usable(cell: Cell) -> bool:
    """Whether a cell holds a value to compare: filled, and not an Excel error or garbled code."""
    return bool(cell.text) and cell.kind is not ValueKind.ERROR and not garbled_code(cell)


def performer_keys(org: Organisation, code: str) -> set[str]:
    """The positions (matching keys) that perform the process with this code."""
    wanted = code_key(code)
    return {
        p.position.key
        for p in org.performers
        if p.position.key and code_key(p.process_code.text) == wanted
    }


def sheet_positions(org: Organisation, sheet_key: str) -> set[str]:
    """The positions whose documents a problem with a whole sheet reaches."""
    sheet = schema.sheet(sheet_key)
    if sheet.required or sheet_key in _DOC_WIDE:
        return {ALL_POSITIONS}
    found: set[str] = set()
    for record in records(org, sheet_key):
        found |= row_positions(org, sheet_key, record.row)
    return found


def row_positions(org: Organisation, sheet_key: str, row: int) -> set[str]:
    """The positions whose documents a problem in one row of a sheet reaches.

    A row of `Процессы` reaches its performers, a row of `Подразделения` the positions of the
    department, a row of `Должности` the position and those it manages; rows of the sheets
    about one position reach that position; `Организация` and `Ценности` reach everyone.
    """
    if sheet_key in _DOC_WIDE:
        return {ALL_POSITIONS}
    record = next((r for r in records(org, sheet_key) if r.row == row), None)
    if record is None:
        return set()
    if sheet_key == schema.PROCESSES.key:
        return performer_keys(org, record.code.text)
    if sheet_key == schema.DEPARTMENTS.key:
        key = record.name.key
        return {p.name.key for p in org.positions if key and p.department.key == key}
    if sheet_key == schema.POSITIONS.key:
        key = record.name.key
        managed = {p.name.key for p in org.positions if key and p.manager.key == key}
        return ({key} if key else set()) | managed
    key = record.position.key
    return {key} if key else set()


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
    match = difflib.get_close_matches(text.fold(name), list(spellings), n=1, cutoff=0.8)
    return spellings[match[0]] if match else None
