"""Read a workbook into the model, following the general rules of the standard.

Headers are matched loosely and may stand in any order; list cells are split into items;
codes stay text; blank rows are skipped; formulas are read as their saved values. Every value
keeps its sheet and cell so that findings can point at it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import heapq
import operator
import os
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from procxl import schema, text
from procxl.errors import UnusableInput
from procxl.model import (
    RECORD_TYPES,
    Cell,
    Organisation,
    Parameter,
    SheetInfo,
    ValueKind,
)
from procxl.workbook.source import FileSource, Source, a1, open_source

HEADER_SEARCH_ROWS = 5
"""A header is looked for in the first rows, in case a user put a title above it."""

_TEXT, _EMPTY = ValueKind.TEXT, ValueKind.EMPTY
"""Looked up once: in Python 3.11 each `ValueKind.X` is a descriptor call, and a large book
is a few hundred thousand cells."""

_ERROR_VALUES = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)


def read_workbook(path: str | os.PathLike[str]) -> Organisation:
    """The organisation a `.xlsx`/`.xlsm` file describes; UnusableInput if it cannot be read."""
    return read_source(open_source(path))


def open_standard(path: Path, remedy: str = "Создайте книгу командой «procxl new» и "
                  "перенесите в неё данные.") -> tuple[FileSource, Organisation]:
    """The workbook's source and what it says; UnusableInput when no standard sheet is in it."""
    source = open_source(path)
    return source, require_standard(read_source(source), path.name, remedy)


def require_standard(org: Organisation, name: str, remedy: str) -> Organisation:
    """`org`, or UnusableInput (naming the book `name`, saying `remedy`) when its workbook
    holds no sheet of the standard at all."""
    if not any(info.present for info in org.sheets.values()):
        raise UnusableInput(f"В книге «{name}» нет ни одного листа стандарта procxl (например, "
                            f"«Процессы» или «Должности»). {remedy}")
    return org


def read_source(source: Source, *, unchanged: Organisation | None = None,
                changed: Mapping[str, Collection[int]] | Collection[str] = ()) -> Organisation:
    """The organisation described by any source of raw rows.

    `unchanged`, when given, is what the same book said before only the sheets named in
    `changed` were edited: the other sheets are taken from it instead of read again. When
    `changed` maps each sheet to the rows edited in it, only those rows are read again (the
    whole sheet if its header row is one of them).
    """
    rows = changed if isinstance(changed, Mapping) else dict.fromkeys(changed)
    with collector_paused():
        return _read(source, unchanged, {text.fold(name): edited for name, edited in rows.items()})


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while: a large book becomes a few hundred
    thousand small acyclic objects, which it would walk again and again, for nothing.

    When it comes back on, what was made meanwhile goes to its oldest generation as it
    is (gc.freeze, then gc.unfreeze): left young, it would be walked whole at the first
    allocation after, a tenth of a second for a large book, to find next to nothing.
    It is still walked at the next full collection, so no cycle is kept for good."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _read(source: Source, unchanged: Organisation | None = None,
          changed: Mapping[str, Collection[int] | None] | None = None) -> Organisation:
    found = {text.fold(name): name for name in source.sheet_names()}
    changed = changed or {}
    source.expect([found[key] for key in map(text.fold, (s.name for s in schema.USER_SHEETS))
                   if key in found and (unchanged is None or key in changed)])
    sheets: dict[str, SheetInfo] = {}
    records: dict[str, Any] = {}
    for sheet in schema.USER_SHEETS:
        name = found.get(text.fold(sheet.name))
        if unchanged is not None and text.fold(sheet.name) not in changed:
            sheets[sheet.key] = unchanged.sheets[sheet.key]
            records[_field(sheet)] = getattr(unchanged, _field(sheet))
            continue
        edited = changed.get(text.fold(sheet.name))
        if (unchanged is not None and edited is not None and name is not None
                and sheet is not schema.ORGANISATION
                and (again := _reread(source, sheet, name, unchanged, edited)) is not None):
            sheets[sheet.key], records[sheet.key] = again
            continue
        if name is None:
            sheets[sheet.key] = SheetInfo(sheet.key, sheet.name, False, sheet.header_row)
            records[_field(sheet)] = ()
            continue
        info, rows = _read_table(source, sheet, name)
        if _has_error_values(rows):
            info = dataclasses.replace(info, error_values=True)
        sheets[sheet.key] = info
        if sheet is schema.ORGANISATION:
            records["parameters"] = _parameters(sheet, info, rows)
        else:
            records[sheet.key] = _records(sheet, info, rows)
    standard = {text.fold(s.name) for s in schema.SHEETS} | {text.fold(schema.INSTRUCTIONS_SHEET)}
    others = tuple(n for n in source.sheet_names() if text.fold(n) not in standard)
    return Organisation(source=source.name, sheets=sheets, other_sheets=others, **records)


def _reread(source: Source, sheet: schema.Sheet, name: str, before: Organisation,
            edited: Collection[int]) -> tuple[SheetInfo, tuple[Any, ...]] | None:
    """The sheet's records with only the `edited` rows read again and the others kept as
    they were: an update that adds 60 000 rows to `Профили` need not read its other rows
    twice. None when the header row was edited too (the columns may have moved)."""
    info = before.sheets[sheet.key]
    if not info.present or info.name != name or info.header_row in edited:
        return None
    raw = source.rows(name)
    used = sorted(info.columns.values())
    data = [(number, raw[number - 1]) for number in sorted(edited)
            if info.header_row < number <= len(raw)
            and _any_filled(raw[number - 1], used)]
    edited = set(edited)
    kept = [record for record in getattr(before, sheet.key) if record.row not in edited]
    again = _records(sheet, info, data)
    if not kept or not again or kept[-1].row < again[0].row:
        merged = (*kept, *again)  # rows added below the others: the usual update
    else:
        merged = tuple(heapq.merge(kept, again, key=_row_of))
    return dataclasses.replace(info, data_rows=len(merged),
                               error_values=info.error_values or _has_error_values(data)), merged


def _row_of(record: Any) -> int:
    return record.row


def _has_error_values(rows: list[tuple[int, Sequence[object]]]) -> bool:
    """Whether a data row holds an Excel error value: the check looks for them only then."""
    for _, row in rows:  # loops, not any() over a generator: this visits every value
        for value in row:
            if value.__class__ is str and "#" in value and _is_error(value):
                return True
    return False


def _is_error(value: str) -> bool:
    """Whether a text is an Excel error value (#N/A, #REF! …) as a reader gives it."""
    return "#" in value and value.strip() in _ERROR_VALUES


def _field(sheet: schema.Sheet) -> str:
    return "parameters" if sheet is schema.ORGANISATION else sheet.key


def _read_table(
    source: Source, sheet: schema.Sheet, name: str
) -> tuple[SheetInfo, list[tuple[int, Sequence[object]]]]:
    """The sheet's header as found, and its non-blank data rows with their 1-based numbers."""
    raw = source.rows(name)
    header_row = _find_header_row(sheet, raw)
    header = raw[header_row - 1] if len(raw) >= header_row else []
    columns: dict[str, int] = {}
    headers, unknown, duplicates = [], [], []
    for index, value in enumerate(header, start=1):
        label, _ = cell_text(value)
        if not label:
            continue
        cell = Cell(label, name, header_row, index)
        headers.append(cell)
        key = _column_key(sheet, label)
        if key is None:
            unknown.append(cell)
        elif key in columns:
            duplicates.append(cell)
        else:
            columns[key] = index
    used = sorted(columns.values())
    data = [
        (number, row)
        for number, row in enumerate(raw[header_row:], start=header_row + 1)
        if _any_filled(row, used)
    ]
    merged = tuple(
        f"{a1(r0, c0)}:{a1(r1, c1)}"
        for r0, c0, r1, c1 in source.merged_ranges(name)
        if r1 >= header_row
    )
    info = SheetInfo(
        key=sheet.key,
        name=name,
        present=True,
        header_row=header_row,
        columns=columns,
        headers=tuple(headers),
        unknown=tuple(unknown),
        duplicates=tuple(duplicates),
        merged=merged,
        uncached_formulas=tuple(source.uncached_formulas(name)),
        data_rows=len(data),
    )
    return info, data


def _find_header_row(sheet: schema.Sheet, raw: list[list[object]]) -> int:
    """The row (1-based) among the first few that names the most columns of the sheet."""
    best, best_count = sheet.header_row, 0
    for number, row in enumerate(raw[:HEADER_SEARCH_ROWS], start=1):
        count = sum(1 for value in row if _column_key(sheet, cell_text(value)[0]) is not None)
        if count > best_count:
            best, best_count = number, count
    return best


_HEADER_INDEX = {
    sheet.key: {text.fold(h): column.key for column in sheet.columns for h in column.headers}
    for sheet in schema.SHEETS
}


def _column_key(sheet: schema.Sheet, label: str) -> str | None:
    """The key of the column a header names, matched loosely (`Должность*:` is `Должность`)."""
    if not label:
        return None
    return _HEADER_INDEX[sheet.key].get(text.fold(label.rstrip("*: ").strip()))


def _any_filled(row: Sequence[object], columns: Sequence[int]) -> bool:
    """Whether any of the (1-based) columns of a row holds a value; a loop, not any() over
    a generator: it is asked of every row of the book."""
    width = len(row)
    for column in columns:
        if column <= width:
            value = row[column - 1]
            if value is not None and value != "" and (value.__class__ is not str
                                                      or value.strip()):
                return True
    return False


def _records(
    sheet: schema.Sheet, info: SheetInfo, rows: list[tuple[int, Sequence[object]]]
) -> tuple[Any, ...]:
    """The sheet's records, their fields given in order: a record's fields are `row`, then
    the sheet's column keys (a test holds the model to that).

    Built a column at a time, each column's cells in one comprehension, and the records
    from the columns by map(): a large book is a quarter of a million cells, and a loop
    over the columns of every row cost more than making its cells."""
    name = info.name
    numbers = [number for number, _ in rows]
    raws = _widened([row for _, row in rows], max(info.columns.values(), default=0))
    fields: list[list[Any]] = [numbers]
    for column in sheet.columns:
        index = info.columns.get(column.key)
        if index is None:
            fields.append([() if column.is_list else Cell("", name, n, None, _EMPTY)
                           for n in numbers])
            continue
        values = list(map(operator.itemgetter(index - 1), raws))
        if column.is_list:
            fields.append([() if v is None or v == ""
                           else _text_list(name, n, index, v)  # the usual list: text
                           if v.__class__ is str and "#" not in v
                           else _list_cell(name, n, index, v)
                           for n, v in zip(numbers, values, strict=True)])
        else:
            fields.append([
                Cell(_single(v), name, n, index, _TEXT)  # the usual cell: text
                if v.__class__ is str and v and "#" not in v
                else Cell("", name, n, index, _EMPTY) if v is None or v == ""  # the next
                else _cell_at(name, n, index, v)
                for n, v in zip(numbers, values, strict=True)])
    return tuple(map(RECORD_TYPES[sheet.key], *fields))


def _widened(rows: list[Sequence[object]], width: int) -> list[Sequence[object]]:
    """`rows`, those narrower than `width` filled out with empty values: a file's rows are
    all as wide as the sheet, rows kept in memory need not be."""
    if min(map(len, rows), default=width) >= width:
        return rows
    return [row if len(row) >= width else [*row, *[None] * (width - len(row))]
            for row in rows]


def _list_cell(sheet: str, number: int, column: int, raw: object) -> tuple[Cell, ...]:
    """The items of a filled list cell, each a Cell where the list stands."""
    return _text_list(sheet, number, column, *cell_text(raw))


def _text_list(sheet: str, number: int, column: int, value: str,
               kind: ValueKind = _TEXT) -> tuple[Cell, ...]:
    """The items of a list cell's text, each a Cell of that `kind` where the list stands;
    a cell of one item, a third of them in a large book, needs no list made first."""
    items = _items(value)
    if len(items) == 1:
        return (Cell(items[0], sheet, number, column, kind),)
    return tuple([Cell(item, sheet, number, column, kind) for item in items])


@functools.lru_cache(maxsize=1 << 17)
def _items(value: str) -> tuple[str, ...]:
    """The items of a list cell's text. Cached: the same functions, knowledge and skills
    stand in thousands of rows."""
    return tuple(text.split_list(value))


def _parameters(
    sheet: schema.Sheet, info: SheetInfo, rows: list[tuple[int, Sequence[object]]]
) -> tuple[Parameter, ...]:
    labels = {text.fold(p.label): p.key for p in sheet.params}
    label_col, value_col = info.columns.get("parameter"), info.columns.get("value")
    out = []
    for number, row in rows:
        label = _cell(info.name, number, label_col, row)
        value = _cell(info.name, number, value_col, row)
        key = labels.get(text.fold(label.text.rstrip("*: ").strip()))
        out.append(Parameter(number, key, label, value))
    return tuple(out)


def _cell(sheet: str, number: int, column: int | None, row: Sequence[object]) -> Cell:
    raw = row[column - 1] if column is not None and column <= len(row) else None
    return _cell_at(sheet, number, column, raw)


def _cell_at(sheet: str, number: int, column: int | None, raw: object) -> Cell:
    if column is None:
        return Cell("", sheet, number, None, _EMPTY)
    if raw.__class__ is str and raw and "#" not in raw:  # the usual cell: text
        return Cell(_single(raw), sheet, number, column, _TEXT)
    value, kind = cell_text(raw)
    return Cell(_single(value), sheet, number, column, kind)


@functools.lru_cache(maxsize=1 << 17)
def _single(value: str) -> str:
    """A one-value cell's text: spaces cleaned, line breaks kept between non-empty lines.
    Cached: names and codes repeat over thousands of rows."""
    if "\n" not in value:
        return text.clean(value)
    return "\n".join(line for line in (text.clean(x) for x in value.splitlines()) if line)


def cell_text(value: object) -> tuple[str, ValueKind]:
    """The text of a raw cell value and what kind of value it was.

    Whole numbers lose the `.0` that readers give them (code 2 stays `2`); dates read as
    `05.06.2026`; `#N/A` and other error values are kept as text, marked as errors.
    """
    if value is None or value == "":
        return "", ValueKind.EMPTY
    if isinstance(value, str):
        if _is_error(value):
            return value.strip(), ValueKind.ERROR
        return value, ValueKind.TEXT
    if isinstance(value, bool):
        return (schema.YES if value else schema.NO), ValueKind.BOOL
    if isinstance(value, int):
        return str(value), ValueKind.NUMBER
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value)), ValueKind.NUMBER
        return repr(value), ValueKind.NUMBER
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.strftime("%d.%m.%Y"), ValueKind.DATE
        return value.strftime("%d.%m.%Y %H:%M"), ValueKind.DATE
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y"), ValueKind.DATE
    if isinstance(value, dt.time):
        return value.strftime("%H:%M"), ValueKind.DATE
    return str(value), ValueKind.TEXT
