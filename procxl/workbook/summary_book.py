"""`Сводка.xlsx`: the summary `procxl build` leaves in its output folder, a row per workbook."""

from __future__ import annotations

import math
import zipfile
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import openpyxl
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from procxl.report import (
    OUTCOME_DONE,
    OUTCOME_ERRORS,
    OUTCOME_SKIPPED,
    SUMMARY_NAME,
    SummaryData,
)
from procxl.text import plural
from procxl.workbook.files import atomic_save
from procxl.workbook.template import PAGE_FOOTER, fit_to_width, standard_font

MARKER_NAME, MARKER_VALUE = "procxl", "сводка procxl build"
"""A custom document property that tells the summary from a workbook of the standard, so that
a later `procxl build` of the output folder does not take it for an input."""

SUMMARY_SHEET, SKIPPED_SHEET = "Сводка", "Пропущенные документы"
HEADER_ROW = 3  # below the title and the line of totals in words

_LEADING = (("№", 5), ("Книга", 30), ("Итог", 15))
_KIND_WIDTH = 15  # «Должностные обязанности» in two lines
_TRAILING = (("Ошибки", 9), ("Предупреждения", 18), ("Замечания", 12),
             ("Что пропущено и почему", 62), ("Папка результатов", 32))
_SKIPPED_COLUMNS = (("Книга", 30), ("Должность", 40), ("Причина", 90))

_OUTCOME_FILLS = {  # Excel's own «Хороший», «Нейтральный», «Плохой»
    OUTCOME_DONE: ("C6EFCE", "006100"),
    OUTCOME_ERRORS: ("FFEB9C", "9C5700"),
    OUTCOME_SKIPPED: ("FFC7CE", "9C0006"),
}
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_THIN = Side(style="thin", color="A6A6A6")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOP = Alignment(vertical="top", wrap_text=True)
_TOP_CENTRE = Alignment(vertical="top", horizontal="center")
_NONE = "—"  # a book not processed has nothing to count, which is not zero


def write_summary_book(data: SummaryData, out: Path, *, made: datetime | None = None) -> Path:
    """Write `out/Сводка.xlsx` atomically and return its path."""
    path = out / SUMMARY_NAME
    atomic_save(summary_workbook(data, made or datetime.now()), path)
    return path


def summary_workbook(data: SummaryData, made: datetime) -> openpyxl.Workbook:
    """The summary as a workbook: the sheet of books, then the sheet of skipped documents."""
    book = openpyxl.Workbook()
    book.properties.title = "Сводка procxl build"
    book.properties.creator = "procxl"
    book.custom_doc_props.append(StringProperty(name=MARKER_NAME, value=MARKER_VALUE))
    sheet = book.active
    sheet.title = SUMMARY_SHEET
    _fill_summary(sheet, data, made)
    _fill_skipped(book.create_sheet(SKIPPED_SHEET), data)
    return book


def is_build_summary(path: Path) -> bool:
    """True when `path` is a summary procxl wrote (its marker property is in it)."""
    try:
        with zipfile.ZipFile(path) as package:
            custom = package.read("docProps/custom.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return False
    return f'name="{MARKER_NAME}"' in custom and MARKER_VALUE in custom


def link_target(relative: str) -> str:
    """A relative link as Excel writes one: spaces and the ASCII signs a URL reserves are
    escaped, Cyrillic is kept as it is (Excel and LibreOffice both read it so)."""
    return "".join(c if ord(c) > 127 else quote(c, safe="/-._~()!,;=@+$&'") for c in relative)


def _fill_summary(sheet: Worksheet, data: SummaryData, made: datetime) -> None:
    books = len(data.rows)
    sheet["A1"] = f"Сводка обработки книг от {made:%d.%m.%Y %H:%M}"
    sheet["A1"].font = standard_font(bold=True, size=14)
    sheet["A2"] = (f"{plural(books, 'книга', 'книги', 'книг')}: обработано {data.processed}, "
                   f"не обработано {books - data.processed}. Документов сформировано: "
                   f"{sum(data.documents)}, пропущено: {len(data.skipped)}.")
    columns = [*_LEADING, *((kind, _KIND_WIDTH) for kind in data.kinds), *_TRAILING]
    _header(sheet, [title for title, _ in columns], [width for _, width in columns])
    first = HEADER_ROW + 1
    for offset, row in enumerate(data.rows):
        numbers: list[int | str] = ([*row.documents, *row.counts]
                                    if row.documents is not None and row.counts is not None
                                    else [_NONE] * (len(data.kinds) + 3))
        line = [row.number, row.book, row.outcome, *numbers,
                _problems_cell(row.problems, _TRAILING[-2][1]), row.folder or _NONE]
        _row(sheet, first + offset, line)
        background, colour = _OUTCOME_FILLS[row.outcome]
        outcome = sheet.cell(first + offset, len(_LEADING))
        outcome.fill = PatternFill("solid", fgColor=background)
        outcome.font = standard_font(color=colour)
        if row.folder is not None:
            link = sheet.cell(first + offset, len(line))
            link.hyperlink = link_target(row.folder)
            link.font = standard_font(color="0563C1", underline="single")
    last = first + books - 1
    totals = ["", "Всего", f"обработано {data.processed} из {books}", *data.documents,
              *data.counts, f"пропущено документов: {len(data.skipped)}", ""]
    _row(sheet, last + 1, totals)
    for cell in sheet[last + 1]:
        cell.font = standard_font(bold=True)
        cell.border = Border(left=_THIN, right=_THIN, top=Side(style="medium"), bottom=_THIN)
    # the totals stay out of the filter's range: sorting must not move them among the books
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{max(last, first)}"
    sheet.freeze_panes = f"C{first}"
    _printable(sheet)


_PROBLEM_LINES = 12
"""Lines of a book's cell of what was skipped; the rest are counted there and listed on the
sheet of skipped documents, so that a row never outgrows a screen or a printed page."""


def _problems_cell(problems: tuple[str, ...], width: float) -> str:
    shown: list[str] = []
    lines = 0
    for number, problem in enumerate(problems):
        lines += _lines(problem, width)
        if lines > _PROBLEM_LINES and number > 0:
            rest = len(problems) - number
            shown.append(f"…и ещё {plural(rest, 'документ', 'документа', 'документов')}: "
                         f"все пропущенные — на листе «{SKIPPED_SHEET}».")
            break
        shown.append(problem)
    return "\n".join(shown)


def _fill_skipped(sheet: Worksheet, data: SummaryData) -> None:
    sheet["A1"] = "Документы, которые не сформированы, и почему"
    sheet["A1"].font = standard_font(bold=True, size=14)
    sheet["A2"] = ("Пропущенных документов нет." if not data.skipped else
                   "Причины — ошибки в данных книги; они перечислены на листе «Проверка» "
                   "обновлённой копии книги в её папке результатов.")
    _header(sheet, [t for t, _ in _SKIPPED_COLUMNS], [w for _, w in _SKIPPED_COLUMNS])
    for offset, line in enumerate(data.skipped):
        _row(sheet, HEADER_ROW + 1 + offset, list(line))
    last = HEADER_ROW + max(len(data.skipped), 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(_SKIPPED_COLUMNS))}{last}"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _printable(sheet)


def _header(sheet: Worksheet, titles: list[str], widths: list[float]) -> None:
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = sheet.cell(HEADER_ROW, column, title)
        cell.font = standard_font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    _fit_height(sheet, HEADER_ROW, titles, bold=True)


def _row(sheet: Worksheet, number: int, values: list[int | str]) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(number, column, value)
        cell.border = _GRID
        cell.alignment = _TOP_CENTRE if isinstance(value, int) or value == _NONE else _TOP
    _fit_height(sheet, number, values)


_LINE_HEIGHT = 15.0  # points, a line of 11-point text
_MOST_LINES = 27  # Excel's tallest row is 409 points


def _fit_height(sheet: Worksheet, number: int, values: list[int | str], *,
                bold: bool = False) -> None:
    """Make the row tall enough for its wrapped text. Excel fits the height of a row it
    opens only when asked to, and LibreOffice never does: a row of one line would show the
    first line of every reason."""
    lines = 1
    for column, value in enumerate(values, start=1):
        width = sheet.column_dimensions[get_column_letter(column)].width or 10
        lines = max(lines, _lines(str(value), width, bold=bold))
    if lines > 1:
        sheet.row_dimensions[number].height = min(lines, _MOST_LINES) * _LINE_HEIGHT


def _printable(sheet: Worksheet) -> None:
    """Landscape A4, one page wide however many pages long, the header on every page, the
    file's name and the page numbers at the bottom."""
    fit_to_width(sheet, HEADER_ROW)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = PAGE_FOOTER
    sheet.oddFooter.left.text = "&F"


def _lines(text: str, width: float, *, bold: bool = False) -> int:
    """About how many lines `text` takes wrapped in a column `width` characters wide."""
    per_line = max(1, int(width * (0.85 if bold else 0.95)) - 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
