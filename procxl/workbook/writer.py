"""Write the sheets procxl generates into a workbook: replaced whole on every run."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import openpyxl
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from procxl import pivots, schema, text
from procxl.checks.findings import Finding, Level
from procxl.model import column_letter
from procxl.schema import Sheet
from procxl.workbook.rows import Line, Looks, looks_of, put_rows
from procxl.workbook.template import (
    add_sheet,
    column_index,
    fill_rows,
    line_height,
    print_setup,
    quote_sheet,
    set_filter,
    standard_font,
    table_lines,
)

_LEVEL_LOOK = {
    Level.ERROR: ("FFC7CE", "9C0006"),
    Level.WARNING: ("FFEB9C", "9C5700"),
    Level.NOTE: ("DDEBF7", "1F4E78"),
}
_LINK_FONT = standard_font(color="0563C1", underline="single")


def replace_sheet(workbook: openpyxl.Workbook, sheet: Sheet) -> Worksheet:
    """A fresh, empty generated sheet in place of the old one (or where the standard puts it)."""
    index = None
    for position, existing in enumerate(workbook.worksheets):
        if text.fold(existing.title) == text.fold(sheet.name):
            index = position
            workbook.remove(existing)
            break
    if index is None:
        index = standard_position(workbook, sheet)
    return add_sheet(workbook, sheet, index)


def standard_position(workbook: openpyxl.Workbook, sheet: Sheet) -> int:
    """After the last sheet of the workbook that comes before this one in the standard."""
    before = {text.fold(s.name) for s in schema.SHEETS[: schema.SHEETS.index(sheet)]}
    before.add(text.fold(schema.INSTRUCTIONS_SHEET))
    position = 0
    for index, existing in enumerate(workbook.worksheets):
        if text.fold(existing.title) in before:
            position = index + 1
    return position


def write_table(
    workbook: openpyxl.Workbook, sheet: Sheet, rows: Iterable[Mapping[str, Any]], *,
    stream: bool = True,
) -> Worksheet:
    """Replace a generated table sheet with these rows of {column key: value}."""
    ws = replace_sheet(workbook, sheet)
    fill_rows(ws, sheet, rows, stream=stream)
    return ws


def findings_rows(findings: Sequence[Finding]) -> list[dict[str, str]]:
    """The rows of the `Проверка` sheet: errors first, then by sheet and cell."""
    return [
        {
            "level": f.level.russian,
            "rule": f.rule,
            "sheet": f.sheet,
            "cell": f.cell or "",
            "message": f.message,
            "hint": f.hint,
        }
        for f in sorted(findings, key=Finding.sort_key)
    ]


CLEAN = "Ошибок нет"
"""What «Проверка» says of a book with no findings at all."""


def check_time() -> dt.datetime:
    """The time a check is dated with: now, in local time (the tests pin it, so that two
    updates a second apart cannot fall on two sides of a minute)."""
    return dt.datetime.now()


def checked_line(when: dt.datetime) -> str:
    """When the book was checked, as row 1 of «Проверка» says it: «Проверено 01.12.2026 в
    22:15.»"""
    return f"Проверено {when:%d.%m.%Y} в {when:%H:%M}."


MAX_LINKS = 65_530
"""The most hyperlinks Excel keeps on one sheet: a book with more opens only after Excel
has «repaired» it, dropping them all."""


def write_findings(workbook: openpyxl.Workbook, findings: Sequence[Finding],
                   checked_at: dt.datetime | None = None) -> Worksheet:
    """Replace the `Проверка` sheet: a row per finding, levels coloured, cells linked (the
    first MAX_LINKS of them); the date and time of the check under the note of row 1
    (`checked_at`, local time, now by default), and «Ошибок нет» when the book has no
    findings."""
    sheet = schema.FINDINGS
    ordered = sorted(findings, key=Finding.sort_key)
    rows = findings_rows(ordered) or [{"message": f"{CLEAN}. Предупреждений и замечаний тоже "
                                                  "нет."}]
    # drawn as cells: its links are written by openpyxl, and it holds a row per finding only
    ws = write_table(workbook, sheet, rows, stream=False)
    note = ws.cell(1, 1)
    note.value = f"{note.value} {checked_line(checked_at or check_time())}"
    if len(ordered) > MAX_LINKS:
        note.value += (f" Ссылки на ячейки есть у первых {text.thousands(MAX_LINKS)} строк: "
                       "больше на одном листе Excel не держит.")
    level_col = column_index(sheet, "level")
    cell_col = column_index(sheet, "cell")
    titles = {text.fold(w.title): w.title for w in workbook.worksheets}
    for row, finding in enumerate(ordered, sheet.first_data_row):
        fill, colour = _LEVEL_LOOK[finding.level]
        level = ws.cell(row, level_col)
        level.fill = PatternFill(fill_type="solid", start_color=fill, end_color=fill)
        level.font = standard_font(color=colour, bold=finding.level is Level.ERROR)
        target = titles.get(text.fold(finding.sheet))
        if target is not None and row - sheet.first_data_row < MAX_LINKS:
            link = ws.cell(row, cell_col)
            if link.value is None:
                link.value = "перейти"
            location = f"{quote_sheet(target)}!{finding.cell or 'A1'}"
            link.hyperlink = Hyperlink(ref=link.coordinate, location=location)
            link.font = _LINK_FONT
    if ordered:
        set_filter(ws, sheet, sheet.header_row + len(ordered))
    print_setup(ws, sheet.header_row)
    return ws


# The method's generated sheets -------------------------------------------------------------

MAP_COLOURS = {1: "A9D08E", 2: "FFE699", 3: "FFF2CC"}
"""The process map's fill by level, as in the guide: level 1 green, 2 yellow, 3 pale."""
DEEPER_COLOUR = "FFFBEF"
_MARK_LOOK = {pivots.OWNER_MARK: "F8CBAD", pivots.PERFORMER_MARK: "DDEBF7"}
_THIN = Side(style="thin", color="A6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_GROUP_TOP = Border(top=Side(style="thin", color="808080"))


def write_duties(workbook: openpyxl.Workbook, duties: Sequence[pivots.Duty]) -> Worksheet:
    """Replace `Обязанности`: one row per position and process, positions set apart."""
    sheet = schema.DUTIES
    rows = [
        {"position": d.position, "process_code": d.process_code, "process_name": d.process_name,
         "functions": list(d.functions), "goals": list(d.goals), "results": list(d.results),
         "indicators": list(d.indicators)}
        for d in duties
    ]
    ws = replace_sheet(workbook, sheet)
    lines = table_lines(ws, sheet, rows)
    looks = looks_of(ws)
    previous = None
    for line, duty in zip(lines, duties, strict=True):
        if previous is not None and duty.position != previous:
            line.cells = _on_top(looks, line.cells, len(sheet.columns))
        previous = duty.position
    put_rows(ws, lines)
    if duties:
        set_filter(ws, sheet, sheet.header_row + len(duties))
    print_setup(ws, sheet.header_row)
    return ws


def _on_top(looks: Looks, cells: list[tuple[int, Any, StyleArray]], width: int
            ) -> list[tuple[int, Any, StyleArray]]:
    """The cells of a row that starts a new position: a line above every column."""
    by_column = {column: (value, style) for column, value, style in cells}
    on_top = {"border": _GROUP_TOP}
    empty = looks.look("group top", lambda: on_top)
    result = []
    for column in range(1, width + 1):
        value, style = by_column.get(column, (None, None))
        if style is None:
            result.append((column, None, empty))
        else:
            result.append((column, value, looks.derived(("group top", id(style)), style,
                                                        lambda: on_top)))
    return result


def write_matrix(workbook: openpyxl.Workbook, matrix: pivots.Matrix) -> Worksheet:
    """Replace `Матрица ответственности`: processes down, positions across, В and И."""
    sheet = schema.MATRIX
    ws = replace_sheet(workbook, sheet)
    header = 2
    ws.cell(1, 1).value = (f"{ws.cell(1, 1).value} «{pivots.OWNER_MARK}» — владелец процесса, "
                           f"«{pivots.PERFORMER_MARK}» — исполнитель.")
    titles = ["Код", "Процесс", *matrix.positions]
    for column, title in enumerate(titles, 1):
        cell = ws.cell(header, column, title)
        rotated = column > 2
        if column > 3:  # as the first position's: 800 positions, one look
            cell._style = copy.copy(ws.cell(header, 3)._style)
        else:
            cell.font = standard_font(bold=True)
            cell.border = _BOX
            cell.fill = PatternFill(fill_type="solid", start_color="D9D9D9",
                                    end_color="D9D9D9")
            cell.alignment = Alignment(text_rotation=90 if rotated else 0, wrap_text=True,
                                       horizontal="center",
                                       vertical="bottom" if rotated else "center")
        ws.column_dimensions[column_letter(column)].width = 6 if rotated else (9, 44)[column - 1]
    longest = max((len(p) for p in matrix.positions), default=10)
    ws.row_dimensions[header].height = min(260, max(60, longest * 6.5))
    look = _MatrixLook(looks_of(ws))
    lines = []
    columns = range(3, 3 + len(matrix.positions))
    for row, line in enumerate(matrix.rows, header + 1):
        cells = [(1, line.process_code, look.code(line.level)),
                 (2, line.process_name, look.name(line.level))]
        # the marks found in C, not by a Python loop over every position: a row of 800
        # positions has a handful
        marked = itertools.compress(columns, line.marks)
        cells += [(column, mark, look.mark(mark))
                  for column, mark in zip(marked, filter(None, line.marks), strict=True)]
        lines.append(Line(row, cells))
    put_rows(ws, lines)
    if matrix.rows and matrix.positions:
        # Blank cells get their grid from one conditional format instead of a styled cell
        # each: 2,000 processes by 800 positions would otherwise be 1.6 million cells.
        area = (f"C{header + 1}:{column_letter(len(titles))}"
                f"{header + len(matrix.rows)}")
        ws.conditional_formatting.add(area, Rule(
            type="expression", formula=["TRUE"], dxf=DifferentialStyle(border=_BOX)))
    ws.freeze_panes = f"C{header + 1}"
    print_setup(ws, header)
    return ws


class _MatrixLook:
    """The few looks of matrix cells."""

    def __init__(self, looks: Looks) -> None:
        self._looks = looks

    def code(self, level: int) -> StyleArray:
        return self._looks.look(("matrix code", level == 1), lambda: {
            "font": standard_font(bold=level == 1), "border": _BOX, "number_format": "@"})

    def name(self, level: int) -> StyleArray:
        return self._looks.look(("matrix name", level), lambda: {
            "font": standard_font(bold=level == 1), "border": _BOX,
            "alignment": Alignment(indent=level - 1, wrap_text=True, vertical="center")})

    def mark(self, mark: str) -> StyleArray:
        owner = pivots.OWNER_MARK in mark
        colour = _MARK_LOOK[pivots.OWNER_MARK if owner else pivots.PERFORMER_MARK]
        return self._looks.look(("matrix mark", owner), lambda: {
            "border": _BOX, "font": standard_font(bold=owner),
            "alignment": Alignment(horizontal="center", vertical="center"),
            "fill": PatternFill(fill_type="solid", start_color=colour, end_color=colour)})


def write_process_map(workbook: openpyxl.Workbook, nodes: Sequence[pivots.MapNode]) -> Worksheet:
    """Replace `Карта процессов`: each top-level process a column of nested coloured blocks."""
    ws = replace_sheet(workbook, schema.PROCESS_MAP)
    top = 3
    looks = looks_of(ws)
    lines: dict[int, Line] = {}
    for index, node in enumerate(nodes):
        column = 2 * index + 1
        ws.column_dimensions[column_letter(column)].width = 40
        ws.column_dimensions[column_letter(column + 1)].width = 2
        for row, item in enumerate(_walk(node), top):
            cell = (column, f"{item.code}  {item.name}", _map_look(looks, item.level))
            # the blocks stand side by side and share rows: a row is as tall as its tallest
            height = line_height(ws, [cell]) or 15
            if item.level == 1:  # a bold title wraps sooner than the estimate allows
                height = round(max(height * 1.3, 34), 1)
            line = lines.setdefault(row, Line(row))
            line.cells.append(cell)
            line.height = max(line.height or 0, height)
    put_rows(ws, [lines[row] for row in sorted(lines)])
    print_setup(ws, None)
    return ws


def _map_look(looks: Looks, level: int) -> StyleArray:
    colour = MAP_COLOURS.get(level, DEEPER_COLOUR)
    return looks.look(("map", level), lambda: {
        "border": _BOX,
        "fill": PatternFill(fill_type="solid", start_color=colour, end_color=colour),
        "font": standard_font(bold=level == 1, size=12 if level == 1 else 11),
        "alignment": Alignment(wrap_text=True, vertical="center", indent=2 * (level - 1))})


def _walk(node: pivots.MapNode) -> Iterable[pivots.MapNode]:
    yield node
    for child in node.children:
        yield from _walk(child)


