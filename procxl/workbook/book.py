"""A workbook procxl writes into: a file opened with openpyxl, or the book open in Excel.

`procxl update` and the Excel buttons make the same edits through :class:`Book`: single
cells of the sheets people fill, and whole sheets drawn by :mod:`procxl.workbook.writer`.
:class:`OpenpyxlBook` is a file, or a book held in memory as the tests hold one;
:mod:`procxl.workbook.live` is the book inside Excel.
"""

from __future__ import annotations

import copy
import re
import zipfile
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

import openpyxl
from openpyxl.cell.rich_text import CellRichText
from openpyxl.worksheet.worksheet import Worksheet

from procxl.errors import ProcxlError, UnusableInput
from procxl.model import column_letter
from procxl.schema import Column
from procxl.workbook.files import atomic_save
from procxl.workbook.source import MemorySource, Range, Source
from procxl.workbook.template import (
    FINDING_MARKS,
    SheetSetup,
    drop_down,
    finding_mark_rules,
    is_finding_mark,
    print_setup,
    style_data_cell,
)


class SheetCells(Protocol):
    """A sheet people fill, as procxl edits it: cell by cell, never moving or deleting a row."""

    def value(self, row: int, column: int) -> object:
        """What the cell (1-based) holds now; None when it is empty."""
        ...

    def last_row(self, columns: Collection[int]) -> int:
        """The last row where one of `columns` holds anything, a formula too; 0 when none."""
        ...

    def last_column(self) -> int:
        """The last column in use, counting cells that only carry formatting."""
        ...

    def write(self, row: int, column: int, value: object, kind: Column) -> None:
        """Put `value` in a cell, with the look and number format of a data cell of `kind`."""
        ...

    def write_row(self, row: int, values: Mapping[int, object],
                  kinds: Mapping[int, Column]) -> None:
        """Put a new row's values ({column: value}) in its cells, each as :meth:`write`
        would with the kind `kinds` gives its column."""
        ...

    def add_header(self, row: int, column: int, text: str, *, like: int, width: float) -> None:
        """A new header cell styled as the header in column `like`, its column `width` wide."""
        ...

    def add_drop_down(self, column: int, kind: Column, first_row: int) -> None:
        """The drop-down the standard gives a column of `kind`, on its cells from `first_row`
        (nothing when the standard gives it none)."""
        ...

    def set_up(self, setup: SheetSetup) -> None:
        """Give the sheet the print settings, the filter and the marks of findings of
        `setup`, each only where the sheet has none of its own."""
        ...


class Book(Protocol):
    """A workbook as `procxl update` and the Excel buttons edit it."""

    @property
    def path(self) -> Path:
        """The workbook's file; for a book open in Excel, the name Excel gives it."""
        ...

    def source(self) -> Source:
        """The values of every sheet as they are now; for a live book, unsaved edits too."""
        ...

    def sheet_names(self) -> list[str]: ...

    def sheet(self, name: str) -> SheetCells: ...

    def generated(self) -> AbstractContextManager[openpyxl.Workbook]:
        """A workbook to run :mod:`procxl.workbook.writer` on.

        Every sheet the writers create in it (they replace a sheet by removing it and
        creating it anew) ends up in this book, in the same place, in place of the sheet
        of the same name.
        """
        ...

    def commit(self) -> None:
        """Make every edit final: save the file, or send the pending cells to Excel."""
        ...


# A workbook held by openpyxl -----------------------------------------------------------------

class OpenpyxlCells:
    """A sheet of a workbook held by openpyxl."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws

    def value(self, row: int, column: int) -> object:
        return self.ws.cell(row, column).value

    def last_row(self, columns: Collection[int]) -> int:
        for row in range(self.ws.max_row, 0, -1):
            if any(self.ws.cell(row, c).value not in (None, "") for c in columns):
                return row
        return 0

    def last_column(self) -> int:
        return self.ws.max_column

    def write(self, row: int, column: int, value: object, kind: Column) -> None:
        cell = self.ws.cell(row, column)
        cell.value = value
        style_data_cell(cell, kind)

    def write_row(self, row: int, values: Mapping[int, object],
                  kinds: Mapping[int, Column]) -> None:
        for column, value in values.items():
            self.write(row, column, value, kinds[column])

    def add_header(self, row: int, column: int, text: str, *, like: int, width: float) -> None:
        cell = self.ws.cell(row, column, text)
        cell._style = copy.copy(self.ws.cell(row, like)._style)
        self.ws.column_dimensions[column_letter(column)].width = width

    def add_drop_down(self, column: int, kind: Column, first_row: int) -> None:
        validation = drop_down(kind, column, first_row)
        if validation is not None:
            self.ws.add_data_validation(validation)

    def set_up(self, setup: SheetSetup) -> None:
        ws = self.ws
        if not has_own_print_setup(ws):
            orientation = ws.page_setup.orientation
            print_setup(ws, setup.header_row, wide=setup.wide, organisation=setup.organisation)
            if orientation:  # the sheet's own, or what an earlier template gave it
                ws.page_setup.orientation = orientation
        if setup.filter_ref and not ws.auto_filter.ref and not ws.tables:
            ws.auto_filter.ref = setup.filter_ref
        formulas = [f for cf in ws.conditional_formatting for rule in cf.rules
                    for f in rule.formula or ()]
        for (level, _, _), rule in zip(FINDING_MARKS, finding_mark_rules(setup.name),
                                       strict=True):
            if not any(is_finding_mark(f, level) for f in formulas):
                ws.conditional_formatting.add(setup.marks_ref, rule)


def has_own_print_setup(ws: Worksheet) -> bool:
    """True when the sheet has print settings procxl's earlier templates did not give it (A4
    and a landscape page were all they set): fitting, a scale, a portrait page, rows or
    columns repeated, a print area, a page header or footer."""
    page = ws.page_setup
    fit = ws.sheet_properties.pageSetUpPr
    return bool(page.fitToWidth is not None or page.fitToHeight is not None
                or page.scale is not None or page.orientation == "portrait"
                or (fit is not None and fit.fitToPage)
                or ws.print_title_rows or ws.print_title_cols or ws.print_area
                or any(bool(part) for part in (ws.oddHeader, ws.oddFooter, ws.evenHeader,
                                               ws.evenFooter, ws.firstHeader, ws.firstFooter)))


class OpenpyxlBook:
    """A workbook held by openpyxl: a file that :meth:`commit` saves in place, atomically.

    Its :meth:`source` gives the values as openpyxl holds them, formulas as their text: it
    stands in for the live book in tests. `procxl update` reads a file with
    :class:`procxl.workbook.source.FileSource` instead, which gives formulas' saved results.
    """

    def __init__(self, workbook: openpyxl.Workbook, path: Path) -> None:
        self.workbook = workbook
        self._path = Path(path)

    @classmethod
    def open(cls, path: Path) -> OpenpyxlBook:
        """The file at `path`, its VBA project and buttons kept when it is an `.xlsm`."""
        is_macro_book = Path(path).suffix.lower() == ".xlsm"
        workbook = openpyxl.load_workbook(path, keep_vba=is_macro_book, keep_links=True,
                                          rich_text=True)
        return cls(workbook, path)

    @classmethod
    def open_instead(cls, path: Path, failed: str) -> OpenpyxlBook:
        """The file whole, for a book the part-level writer does not edit; UnusableInput
        when openpyxl cannot hold it either, saying what `failed` («обновить книгу»)."""
        try:
            return cls.open(path)
        except (KeyError, ValueError, SyntaxError, zipfile.BadZipFile) as exc:
            raise UnusableInput(f"Не удалось {failed} «{path.name}»: она устроена необычно "
                                "или повреждена. Откройте её в Excel, сохраните и "
                                "повторите.") from exc

    @property
    def path(self) -> Path:
        return self._path

    def source(self) -> MemorySource:
        sheets = {ws.title: [[_plain(v) for v in row] for row in ws.iter_rows(values_only=True)]
                  for ws in self.workbook.worksheets}
        merged = {ws.title: [_bounds(r.bounds) for r in ws.merged_cells.ranges]
                  for ws in self.workbook.worksheets}
        return MemorySource(sheets, name=self._path.name, merged=merged)

    def sheet_names(self) -> list[str]:
        return self.workbook.sheetnames

    def sheet(self, name: str) -> OpenpyxlCells:
        return OpenpyxlCells(self.workbook[name])

    @contextmanager
    def generated(self) -> Iterator[openpyxl.Workbook]:
        yield self.workbook

    def commit(self) -> None:
        atomic_save(self.workbook, self._path,
                    verify=lambda saved: refuse_lost_parts(self._path, saved))


def _plain(value: object) -> object:
    return str(value) if isinstance(value, CellRichText) else value


def _bounds(bounds: tuple[int, int, int, int]) -> Range:
    min_col, min_row, max_col, max_row = bounds
    return (min_row, min_col, max_row, max_col)


# Keeping what openpyxl cannot write -------------------------------------------------------------

PRESERVED_PARTS = {
    r"xl/vbaProject\.bin": "макросы (VBA)",
    r"xl/drawings/.+\.vml": "кнопки, примечания и фигуры старого формата",
    r"xl/drawings/drawing\d+\.xml": "рисунки и фигуры",
    r"xl/ctrlProps/.+": "элементы управления (кнопки, флажки)",
    r"xl/activeX/.+": "элементы ActiveX",
    r"xl/media/.+": "картинки",
    r"xl/charts/chart\d+\.xml": "диаграммы",
    r"xl/pivotTables/.+\.xml": "сводные таблицы",
    r"xl/embeddings/.+": "встроенные объекты",
}
"""Parts a user's workbook may hold that procxl must not silently drop, with their names."""


def refuse_lost_parts(original: Path, saved: Path) -> None:
    """Raise when the saved file has fewer parts of a kind the user's file carried."""
    if not original.exists():
        return
    before, after = _part_names(original), _part_names(saved)
    lost = [label for pattern, label in PRESERVED_PARTS.items()
            if _count(after, pattern) < _count(before, pattern)]
    if lost:
        raise ProcxlError(
            f"procxl не стал сохранять «{original.name}»: при сохранении пропали бы "
            f"{', '.join(lost)}. Файл не изменён. Перенесите данные в чистую книгу procxl "
            "(procxl new) или обновите копию книги без этих объектов."
        )


def _part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


def _count(names: Iterable[str], pattern: str) -> int:
    matcher = re.compile(pattern)
    return sum(1 for n in names if matcher.fullmatch(n))
