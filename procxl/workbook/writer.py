"""Write the sheets procxl generates into a workbook: replaced whole on every run."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from procxl import schema, text
from procxl.checks.findings import Finding, Level
from procxl.model import column_letter
from procxl.schema import Sheet
from procxl.workbook.template import add_sheet, fill_rows

_LEVEL_LOOK = {
    Level.ERROR: ("FFC7CE", "9C0006"),
    Level.WARNING: ("FFEB9C", "9C5700"),
    Level.NOTE: ("DDEBF7", "1F4E78"),
}
_LINK_FONT = Font(color="0563C1", underline="single")


def replace_sheet(workbook: openpyxl.Workbook, sheet: Sheet) -> Worksheet:
    """A fresh, empty generated sheet in place of the old one (or where the standard puts it)."""
    index = None
    for position, existing in enumerate(workbook.worksheets):
        if text.fold(existing.title) == text.fold(sheet.name):
            index = position
            workbook.remove(existing)
            break
    if index is None:
        index = _standard_position(workbook, sheet)
    return add_sheet(workbook, sheet, index)


def _standard_position(workbook: openpyxl.Workbook, sheet: Sheet) -> int:
    """After the last sheet of the workbook that comes before this one in the standard."""
    before = {text.fold(s.name) for s in schema.SHEETS[: schema.SHEETS.index(sheet)]}
    before.add(text.fold(schema.INSTRUCTIONS_SHEET))
    position = 0
    for index, existing in enumerate(workbook.worksheets):
        if text.fold(existing.title) in before:
            position = index + 1
    return position


def write_table(
    workbook: openpyxl.Workbook, sheet: Sheet, rows: Iterable[Mapping[str, Any]]
) -> Worksheet:
    """Replace a generated table sheet with these rows of {column key: value}."""
    ws = replace_sheet(workbook, sheet)
    fill_rows(ws, sheet, rows)
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


def write_findings(workbook: openpyxl.Workbook, findings: Sequence[Finding]) -> Worksheet:
    """Replace the `Проверка` sheet: a row per finding, levels coloured, cells linked."""
    sheet = schema.FINDINGS
    ordered = sorted(findings, key=Finding.sort_key)
    ws = write_table(workbook, sheet, findings_rows(ordered))
    level_col = _column_number(sheet, "level")
    cell_col = _column_number(sheet, "cell")
    titles = {text.fold(w.title): w.title for w in workbook.worksheets}
    for row, finding in enumerate(ordered, sheet.first_data_row):
        fill, colour = _LEVEL_LOOK[finding.level]
        level = ws.cell(row, level_col)
        level.fill = PatternFill(fill_type="solid", start_color=fill, end_color=fill)
        level.font = Font(color=colour, bold=finding.level is Level.ERROR)
        target = titles.get(text.fold(finding.sheet))
        if target is not None:
            link = ws.cell(row, cell_col)
            if link.value is None:
                link.value = "перейти"
            location = f"{_quote(target)}!{finding.cell or 'A1'}"
            link.hyperlink = Hyperlink(ref=link.coordinate, location=location)
            link.font = _LINK_FONT
    if ordered:
        ws.auto_filter.ref = (
            f"A{sheet.header_row}:{column_letter(len(sheet.columns))}"
            f"{sheet.header_row + len(ordered)}"
        )
    return ws


def _column_number(sheet: Sheet, key: str) -> int:
    return [c.key for c in sheet.columns].index(key) + 1


def _quote(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"
