"""The generated sheet «Итоги оценки»: a row per assessed employee and a chart of the
sections, so that HR sees the whole team at once."""

from __future__ import annotations

from collections.abc import Sequence

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from procxl import schema
from procxl.assessment import Summary, number_text
from procxl.workbook.template import print_setup, set_filter
from procxl.workbook.writer import write_table

SHEET = schema.ASSESSMENT_SUMMARY


def summary_rows(summaries: Sequence[Summary]) -> list[dict[str, object]]:
    """The rows of «Итоги оценки»: means by section, the number of gaps and the largest."""
    rows = []
    for summary in summaries:
        row: dict[str, object] = {"employee": summary.employee, "position": summary.position}
        for index, section in enumerate(schema.ASSESSED_SECTIONS, 1):
            row[f"average_{index}"] = summary.averages[section]
        row["required"] = summary.required
        row["gaps"] = summary.gaps
        row["largest"] = [f"{wording} — {number_text(gap)}"
                          for wording, gap in summary.largest]
        rows.append(row)
    return rows


def write_assessment_summary(workbook: openpyxl.Workbook, summaries: Sequence[Summary]
                             ) -> Worksheet:
    """Replace «Итоги оценки» with a row per employee who has scores."""
    rows = summary_rows(summaries) or [
        {"employee": "Оценок пока нет: поставьте их на листе «Оценка» и обновите таблицы."}]
    ws = write_table(workbook, SHEET, rows)
    if summaries:
        set_filter(ws, SHEET, SHEET.header_row + len(summaries))
    print_setup(ws, SHEET.header_row)
    return ws
