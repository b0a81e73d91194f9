"""The workbook open in Excel, through xlwings: what the buttons of `procxl.xlsm` edit.

Excel does all the writing here, so formatting, macros and buttons stay as they are. The
adapter is thin on purpose — read values, write cells, copy sheets — because only a person
at Excel on Windows or macOS can run it: xlwings drives no Excel on Linux. What can be
tested without Excel sits in plain functions below (:func:`placements`, :func:`runs`,
:func:`as_text`) and in :mod:`procxl.workbook.update`, which the tests run on an
:class:`procxl.workbook.book.OpenpyxlBook`.

Generated sheets are drawn by the openpyxl writers into a scratch workbook that mirrors the
live book's sheet names, saved to a temporary file, opened in the same Excel and copied
across in place of the old sheets: one drawing code for files and for Excel, formats and
hyperlinks included.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from procxl import text
from procxl.schema import Column
from procxl.workbook.source import Range
from procxl.workbook.template import SheetSetup, data_look

if TYPE_CHECKING:  # xlwings is imported only when Excel calls
    import xlwings as xw


# What the tests can run: plans made from plain values ---------------------------------------

@dataclass(frozen=True)
class Placement:
    """Where a sheet drawn in the scratch workbook goes in the live book."""

    title: str
    after: str | None  # the live sheet it follows; None: it becomes the first sheet
    replaces: str | None  # the live sheet of the same name it takes the place of


def scratch_workbook(names: Sequence[str]) -> tuple[openpyxl.Workbook, list[Worksheet]]:
    """An empty workbook with a sheet named like each live sheet, and those sheets.

    The writers need the names: they place a new sheet by the sheets around it and link
    the «Проверка» rows to sheets that exist.
    """
    scratch = openpyxl.Workbook()
    scratch.remove(scratch.active)
    return scratch, [scratch.create_sheet(name) for name in names]


def placements(scratch: openpyxl.Workbook, stand_ins: Sequence[Worksheet],
               live_names: Sequence[str]) -> list[Placement]:
    """The sheets the writers drew in `scratch` (all but `stand_ins`), in order, placed."""
    live = {text.fold(name): name for name in live_names}
    plan: list[Placement] = []
    previous: str | None = None
    for ws in scratch.worksheets:
        if not any(ws is s for s in stand_ins):
            plan.append(Placement(ws.title, previous, live.get(text.fold(ws.title))))
        previous = ws.title
    return plan


@dataclass(frozen=True)
class Run:
    """Cells of one column, one below the other, written in one go with one look."""

    column: int
    first_row: int
    values: tuple[object, ...]
    number_format: str
    wrap: bool


def runs(pending: dict[tuple[int, int], tuple[object, str, bool]]) -> list[Run]:
    """Pending cells {(row, column): (value, format, wrap)} as few column runs as may be."""
    found: list[Run] = []
    for (row, column), (value, number_format, wrap) in sorted(
            pending.items(), key=lambda item: (item[0][1], item[0][0])):
        last = found[-1] if found else None
        if (last is not None and last.column == column
                and last.first_row + len(last.values) == row
                and (last.number_format, last.wrap) == (number_format, wrap)):
            found[-1] = Run(column, last.first_row, (*last.values, value), number_format, wrap)
        else:
            found.append(Run(column, row, (value,), number_format, wrap))
    return found


_READ_AS_SOMETHING_ELSE = re.compile(r"^[=+\-@]|^[\d\s.,:/%]+$")


def as_text(value: object, number_format: str) -> object:
    """A value to hand Excel so that it keeps text as text.

    Excel reads what it is given as if typed: `1.10` becomes a number, `=…` a formula. A
    text cell (format `@`) keeps it; elsewhere a leading apostrophe does, and Excel shows
    the text without it.
    """
    if (isinstance(value, str) and number_format != "@"
            and _READ_AS_SOMETHING_ELSE.search(value)):
        return "'" + value
    return value


# The xlwings adapter: checked by hand in Excel ------------------------------------------------

class LiveSource:
    """The values of the live book, read once; merged cells looked up when asked."""

    def __init__(self, book: xw.Book) -> None:
        self._book = book
        self._rows: dict[str, list[list[object]]] = {}
        self._merged: dict[str, list[Range]] = {}

    @property
    def name(self) -> str:
        return self._book.name

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self._book.sheets]

    def expect(self, sheets: Sequence[str]) -> None:
        pass  # Excel answers one call at a time

    def rows(self, sheet: str) -> list[list[object]]:
        if sheet not in self._rows:
            self._rows[sheet] = _values(self._book.sheets[sheet])
        return self._rows[sheet]

    def merged_ranges(self, sheet: str) -> list[Range]:
        if sheet not in self._merged:  # asked again when the merged book is checked
            self._merged[sheet] = self._find_merged(sheet)
        return self._merged[sheet]

    def _find_merged(self, sheet: str) -> list[Range]:
        used = self._book.sheets[sheet].used_range
        if used.merge_cells is False:  # one call answers for a sheet without merged cells
            return []
        found: set[Range] = set()
        for line in used.rows:
            if line.merge_cells is False:
                continue
            for cell in line:
                area = cell.merge_area
                if area.count > 1:
                    last = area.last_cell
                    found.add((area.row, area.column, last.row, last.column))
        return sorted(found)

    def uncached_formulas(self, sheet: str) -> list[str]:
        return []  # Excel has calculated every formula of an open book


def _scratch_place() -> str | None:
    """Where Excel may open a file without asking: on macOS only its own sandbox folder."""
    if sys.platform == "darwin":
        sandbox = Path.home() / "Library/Containers/com.microsoft.Excel/Data"
        if sandbox.is_dir():
            return str(sandbox)
    return None  # the system's temporary folder


def _values(sheet: xw.Sheet) -> list[list[object]]:
    """The sheet's values from A1 to the last used cell; errors as text (`#N/A`)."""
    last = sheet.used_range.last_cell
    block = sheet.range((1, 1), (last.row, last.column))
    return [list(row) for row in block.options(ndim=2, err_to_str=True).value]


class LiveCells:
    """A sheet of the live book: values as read, writes kept until the book commits."""

    def __init__(self, sheet: xw.Sheet, rows: list[list[object]]) -> None:
        self._sheet = sheet
        self._rows = rows
        self.pending: dict[tuple[int, int], tuple[object, str, bool]] = {}

    def value(self, row: int, column: int) -> object:
        if (row, column) in self.pending:
            return self.pending[(row, column)][0]
        if row <= len(self._rows) and column <= len(self._rows[row - 1]):
            return self._rows[row - 1][column - 1]
        return None

    def last_row(self, columns: Collection[int]) -> int:
        bottom = self._sheet.cells.last_cell.row
        found = 0
        for column in columns:
            cell = self._sheet.range((bottom, column))
            end = cell if cell.value is not None else cell.end("up")
            if end.row > 1 or end.value is not None:
                found = max(found, end.row)
        return found

    def last_column(self) -> int:
        return self._sheet.used_range.last_cell.column

    def write(self, row: int, column: int, value: object, kind: Column) -> None:
        self.pending[(row, column)] = (value, *data_look(kind))

    def write_row(self, row: int, values: Mapping[int, object],
                  kinds: Mapping[int, Column]) -> None:
        for column, value in values.items():
            self.write(row, column, value, kinds[column])

    def add_header(self, row: int, column: int, text: str, *, like: int, width: float) -> None:
        target = self._sheet.range((row, column))
        self._sheet.range((row, like)).copy(target)
        target.value = text
        if target.note is not None:  # the copy brought the other column's hint along
            target.note.delete()
        target.column_width = width

    def add_drop_down(self, column: int, kind: Column, first_row: int) -> None:
        # Excel's validation API differs between Windows (COM) and macOS and cannot be tried
        # here; a column the buttons add gets its header, and the file command its drop-down
        del column, kind, first_row

    def set_up(self, setup: SheetSetup) -> None:
        # page setup, filters and conditional formats go through APIs that differ between
        # Windows (COM) and macOS and cannot be tried here, and Excel's page setup talks to
        # the printer cell by cell: the file command adds them, the buttons leave them
        del setup

    def flush(self) -> None:
        for run in runs(self.pending):
            cells = self._sheet.range((run.first_row, run.column),
                                      (run.first_row + len(run.values) - 1, run.column))
            cells.number_format = run.number_format  # first: `@` keeps codes as text
            cells.value = [[as_text(v, run.number_format)] for v in run.values]
            cells.wrap_text = run.wrap
        self.pending.clear()


class LiveBook:
    """The workbook that called procxl from Excel."""

    def __init__(self, book: xw.Book) -> None:
        self._book = book
        self._source = LiveSource(book)
        self._cells: dict[str, LiveCells] = {}

    @classmethod
    def caller(cls) -> LiveBook:
        """The book whose button ran this Python (`RunPython` in VBA)."""
        import xlwings as xw

        return cls(xw.Book.caller())

    @property
    def path(self) -> Path:
        return Path(self._book.name)

    def location(self) -> str | None:
        """Where the book is saved: a path, a bare name when never saved, None when online.

        xlwings turns a OneDrive or SharePoint address into the synced local file where it
        finds one, and raises where it does not.
        """
        try:
            return self._book.fullname
        except Exception:
            return None

    def source(self) -> LiveSource:
        return self._source

    def sheet_names(self) -> list[str]:
        return self._source.sheet_names()

    def sheet(self, name: str) -> LiveCells:
        if name not in self._cells:
            self._cells[name] = LiveCells(self._book.sheets[name], self._source.rows(name))
        return self._cells[name]

    @contextmanager
    def generated(self) -> Iterator[openpyxl.Workbook]:
        scratch, stand_ins = scratch_workbook(self.sheet_names())
        yield scratch
        plan = placements(scratch, stand_ins, self.sheet_names())
        if plan:
            self._take(scratch, plan)

    def _take(self, scratch: openpyxl.Workbook, plan: Sequence[Placement]) -> None:
        folder = Path(tempfile.mkdtemp(prefix="procxl-", dir=_scratch_place()))
        app = self._book.app
        try:
            path = folder / "procxl-листы.xlsx"
            scratch.save(path)
            # no questions from Excel: a sheet it deletes or a name it meets twice
            with app.properties(display_alerts=False):
                drawn = app.books.open(str(path))
                try:
                    for placement in plan:
                        self._place(drawn.sheets[placement.title], placement)
                finally:
                    drawn.close()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _place(self, drawn: xw.Sheet, placement: Placement) -> None:
        sheets = self._book.sheets
        if placement.after is None:
            copy = drawn.copy(before=sheets[0])
        else:
            copy = drawn.copy(after=sheets[placement.after])
        if placement.replaces is not None:
            sheets[placement.replaces].delete()
        copy.name = placement.title
        self._cells.pop(placement.title, None)

    def commit(self) -> None:
        for cells in self._cells.values():
            cells.flush()

    @contextmanager
    def working(self) -> Iterator[None]:
        """Excel does not redraw while procxl works, and the user stays on their sheet."""
        app = self._book.app
        active = self._book.sheets.active.name
        with app.properties(screen_updating=False):
            yield
        if active in self.sheet_names():
            self._book.sheets[active].activate()

    def alert(self, message: str, *, error: bool = False) -> None:
        """A message box over Excel."""
        self._book.app.alert(message, title="procxl", mode="critical" if error else "info")

