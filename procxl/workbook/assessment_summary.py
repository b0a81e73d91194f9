"""The generated sheet «Итоги оценки»: a row per assessed employee and a chart of the
sections, so that HR sees the whole team at once."""

from __future__ import annotations

from collections.abc import Sequence

import openpyxl
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.axis import ChartLines
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
        ws.add_chart(sections_chart(ws, len(summaries)),
                     f"A{SHEET.first_data_row + len(summaries) + 2}")
    print_setup(ws, SHEET.header_row)
    return ws


CHART_TITLE = "Средний уровень по разделам"


def sections_chart(ws: Worksheet, employees: int) -> BarChart:
    """A bar chart of the means by section, a group of bars per employee: a native Excel
    chart over the sheet's own cells, so it follows them when the sheet is filtered."""
    first = SHEET.first_data_row
    last = first + employees - 1
    columns = [SHEET.columns.index(SHEET.column(f"average_{i}")) + 1
               for i in range(1, len(schema.ASSESSED_SECTIONS) + 1)]
    chart = BarChart()
    chart.type = "col"
    chart.title = CHART_TITLE
    chart.y_axis.title = "Уровень"
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorGridlines = ChartLines()
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    data = Reference(ws, min_col=columns[0], max_col=columns[-1],
                     min_row=SHEET.header_row, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.width, chart.height = 24, 9 + employees * 0.2
    return chart
