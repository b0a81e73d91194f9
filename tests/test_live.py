"""The plans the Excel adapter follows, made without Excel: where drawn sheets go, how
pending cells are grouped, and what text Excel is given so that it stays text."""

from __future__ import annotations

import openpyxl
import pytest

from procxl import schema
from procxl.checks.findings import Finding, Level
from procxl.workbook.live import (
    Placement,
    Run,
    as_text,
    placements,
    runs,
    scratch_workbook,
)
from procxl.workbook.template import add_sheet, data_look, style_data_cell
from procxl.workbook.writer import standard_position, write_duties, write_findings

LIVE = ["Главная", "Инструкция", "Организация", "Должности", "Процессы", "Исполнители",
        "Обязанности", "Мои заметки"]


def test_drawn_sheets_take_the_place_of_their_namesakes_or_the_standard_one() -> None:
    scratch, stand_ins = scratch_workbook(LIVE)
    assert scratch.sheetnames == LIVE
    write_duties(scratch, [])
    finding = Finding(Level.ERROR, "R001", "Процессы", "B3", "Нет названия", "Впишите его")
    sheet = write_findings(scratch, [finding])
    assert placements(scratch, stand_ins, LIVE) == [
        Placement("Обязанности", after="Исполнители", replaces="Обязанности"),
        Placement("Проверка", after="Обязанности", replaces=None),
    ]
    # the findings link to the live sheet by its name, which Excel resolves after the copy
    link = sheet.cell(schema.FINDINGS.first_data_row, 4).hyperlink
    assert link.location == "'Процессы'!B3"


def test_a_missing_sheet_people_fill_is_drawn_where_the_standard_puts_it() -> None:
    scratch, stand_ins = scratch_workbook(LIVE)
    add_sheet(scratch, schema.COMPETENCIES, standard_position(scratch, schema.COMPETENCIES))
    assert placements(scratch, stand_ins, LIVE) == [
        Placement("Компетенции", after="Исполнители", replaces=None)]


def test_names_match_as_the_reader_matches_them() -> None:
    live = ["обязанности ", "Процессы"]
    scratch, stand_ins = scratch_workbook(["Процессы"])
    write_duties(scratch, [])
    assert placements(scratch, stand_ins, live) == [
        Placement("Обязанности", after="Процессы", replaces="обязанности ")]


def test_pending_cells_go_to_excel_as_few_column_runs() -> None:
    pending = {
        (5, 2): ("Диспетчер", "General", True),
        (3, 2): ("Мастер", "General", True),
        (4, 2): ("Кладовщик", "General", True),
        (3, 1): ("1.10", "@", False),
        (4, 1): ("1.2", "@", False),
        (9, 2): ("Механик", "General", True),
    }
    assert runs(pending) == [
        Run(1, 3, ("1.10", "1.2"), "@", False),
        Run(2, 3, ("Мастер", "Кладовщик", "Диспетчер"), "General", True),
        Run(2, 9, ("Механик",), "General", True),
    ]


def test_text_excel_would_read_as_something_else_is_marked_as_text() -> None:
    assert as_text("1.10", "General") == "'1.10"
    assert as_text("05.06.2026", "General") == "'05.06.2026"
    assert as_text("=СУММ(A1)", "General") == "'=СУММ(A1)"
    assert as_text("- пункт", "General") == "'- пункт"
    assert as_text("1.10", "@") == "1.10"  # a text cell keeps it as it is
    assert as_text("Ведёт 1С", "General") == "Ведёт 1С"
    assert as_text(None, "General") is None


def test_cells_get_the_look_the_template_gives_them() -> None:
    code = schema.COMPETENCIES.column("process_code")
    functions = schema.COMPETENCIES.column("functions")
    assert data_look(code) == ("@", False)
    assert data_look(functions) == ("General", True)
    for kind in (code, functions):  # what Excel is sent is what a file's cell gets
        cell = openpyxl.Workbook().active.cell(1, 1)
        style_data_cell(cell, kind)
        assert (cell.number_format, bool(cell.alignment.wrap_text)) == data_look(kind)


def test_the_adapter_calls_only_what_xlwings_offers() -> None:
    """No Excel here to run the adapter, but every xlwings name it uses must exist."""
    xw = pytest.importorskip("xlwings")
    used = {
        xw.Book: ["caller", "sheets", "fullname", "name", "app"],
        xw.App: ["properties", "alert", "books"],
        xw.main.Books: ["open"],
        xw.main.Sheets: ["active"],
        xw.Sheet: ["used_range", "cells", "range", "copy", "delete", "name", "activate"],
        xw.Range: ["options", "value", "last_cell", "end", "merge_cells", "merge_area",
                   "rows", "count", "row", "column", "copy", "note", "column_width",
                   "number_format", "wrap_text"],
        xw.main.Note: ["delete"],
    }
    missing = [f"{kind.__name__}.{name}" for kind, names in used.items() for name in names
               if not hasattr(kind, name)]
    assert missing == []
