"""Process rules: each one on a real workbook that breaks it, and silent on the example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from procxl import schema
from procxl.checks import check
from procxl.checks.findings import Finding, Level
from procxl.checks.processes import guess_code
from procxl.workbook.reader import read_workbook
from procxl.workbook.template import build_workbook
from tests.checking import by_rule, check_data, example, excel_row, row_of
from tests.rule_cases import cell_ref, check_book, example_findings, family_codes, only

PROCESSES, PERFORMERS = schema.PROCESSES, schema.PERFORMERS


def process(data: dict[str, Any], code: str) -> tuple[dict[str, Any], int]:
    """The example's process row with this code, and the worksheet row it is written to."""
    row = row_of(data, "processes", code=code)
    return row, excel_row(data, "processes", row)


def with_cell_value(tmp_path: Path, data: dict[str, Any], sheet: schema.Sheet, address: str,
                    value: object) -> list[Finding]:
    """The findings for the data with one cell overwritten as Excel would store it."""
    wb = build_workbook(data)
    wb[sheet.name][address] = value
    return check_book(tmp_path, wb)


@pytest.mark.parametrize("code", family_codes("processes"))
def test_example_passes(code: str) -> None:
    assert by_rule(list(example_findings()), code) == []


def test_code_missing(tmp_path: Path) -> None:
    data = example()
    row, number = process(data, "4.2")
    row["code"] = None
    f = only(check_data(tmp_path, data), "P001")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Процессы", cell_ref(PROCESSES, "code", number))
    assert "«Обслуживание компьютерной техники и связи»" in f.message


def test_code_malformed(tmp_path: Path) -> None:
    data = example()
    row, number = process(data, "1.2")
    row["code"] = "1,2"
    f = only(check_data(tmp_path, data), "P002")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Процессы", cell_ref(PROCESSES, "code", number))
    assert "«1,2»" in f.message and "1.2.3" in f.message
    assert "«1.2»" in f.hint
    assert f.affects == ()  # the performers still say 1.2: R003 speaks for them


def test_code_that_excel_took_for_a_boolean(tmp_path: Path) -> None:
    data = example()
    _, number = process(data, "2")
    cell = cell_ref(PROCESSES, "code", number)
    f = only(with_cell_value(tmp_path, data, PROCESSES, cell, True), "P002")
    assert (f.level, f.cell) == (Level.ERROR, cell)
    assert "«да»" in f.message


@pytest.mark.parametrize(("code", "guess"), [
    ("1.2.", "1.2"), ("1. 2", "1.2"), ("01.02", "1.2"), ("1.0", None), ("А1", None),
])
def test_malformed_code_guesses(code: str, guess: str | None) -> None:
    assert guess_code(code) == guess


def test_code_duplicated(tmp_path: Path) -> None:
    data = example()
    _, first_number = process(data, "1.2")
    second, number = process(data, "1.4")
    second["code"] = "1.2"
    f = only(check_data(tmp_path, data), "P003")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Процессы", cell_ref(PROCESSES, "code", number))
    assert "«1.2»" in f.message and f"строке {first_number}" in f.message
    assert f.affects == ("мастер-приемщик",)  # who performs 1.2: which of the two is it?


def test_whole_code_stored_as_number(tmp_path: Path) -> None:
    data = example()
    _, number = process(data, "2")
    cell = cell_ref(PROCESSES, "code", number)
    findings = with_cell_value(tmp_path, data, PROCESSES, cell, 2)
    f = only(findings, "P004")
    assert (f.level, f.sheet, f.cell, f.affects) == (Level.WARNING, "Процессы", cell, ())
    assert "«2»" in f.message and "1.10" in f.message
    assert "Текстовый" in f.hint
    assert by_rule(findings, "P005") == []


def test_code_turned_into_fraction(tmp_path: Path) -> None:
    data = example()
    performer = row_of(data, "performers", process_code="1.1")
    number = excel_row(data, "performers", performer)
    cell = cell_ref(PERFORMERS, "process_code", number)
    findings = with_cell_value(tmp_path, data, PERFORMERS, cell, 1.1)
    f = only(findings, "P005")
    assert (f.level, f.sheet, f.cell) == (Level.ERROR, "Исполнители", cell)
    assert "«1.1»" in f.message and "1.10" in f.message
    assert f.affects == ("диспетчер",)
    assert by_rule(findings, "P004") == []
    assert by_rule(findings, "R003") == []  # the number is not compared with the registry


def test_code_turned_into_date(tmp_path: Path) -> None:
    data = example()
    _, number = process(data, "1.2")
    cell = cell_ref(PROCESSES, "code", number)
    f = only(with_cell_value(tmp_path, data, PROCESSES, cell, dt.datetime(2026, 2, 1)), "P005")
    assert (f.level, f.cell) == (Level.ERROR, cell)
    assert "«01.02.2026»" in f.message and "код 1.2" in f.message


def test_parent_missing(tmp_path: Path) -> None:
    data = example()
    row, number = process(data, "3.2")
    row["code"] = "5.2"
    f = only(check_data(tmp_path, data), "P006")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, "Процессы", cell_ref(PROCESSES, "code", number), ())
    assert "«5»" in f.message and "5.2" in f.message


def test_name_missing(tmp_path: Path) -> None:
    data = example()
    row, number = process(data, "1.2")
    row["name"] = None
    f = only(check_data(tmp_path, data), "P007")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Процессы", cell_ref(PROCESSES, "name", number))
    assert "«1.2»" in f.message
    assert f.affects == ("мастер-приемщик",)


def test_duty_field_missing(tmp_path: Path) -> None:
    data = example()
    row, number = process(data, "1.3.2")
    row["indicators"] = None
    row["owner"] = None
    findings = by_rule(check_data(tmp_path, data), "P008")
    assert [(f.level, f.sheet, f.cell, f.affects) for f in findings] == [
        (Level.WARNING, "Процессы", cell_ref(PROCESSES, "indicators", number), ()),
        (Level.WARNING, "Процессы", cell_ref(PROCESSES, "owner", number), ()),
    ]
    assert "1.3.2 «Выполнение ремонтных работ»" in findings[0].message
    assert "«Показатели»" in findings[0].message and "«Владелец»" in findings[1].message


def test_duty_column_missing_is_one_finding(tmp_path: Path) -> None:
    wb = build_workbook(example())
    wb[PROCESSES.name][cell_ref(PROCESSES, "goals", 1)] = None
    path = tmp_path / "без-целей.xlsx"
    wb.save(path)
    f = only(check(read_workbook(path)), "P008")
    assert (f.sheet, f.cell) == ("Процессы", None)
    assert "«Цели»" in f.message


def test_top_level_specification_incomplete(tmp_path: Path) -> None:
    data = example()
    top, number = process(data, "2")
    top["clients"] = []
    process(data, "2.1")[0]["clients"] = []  # a sub-process may go without
    f = only(check_data(tmp_path, data), "P009")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.NOTE, "Процессы", cell_ref(PROCESSES, "clients", number), ())
    assert "2 «Снабжение запчастями и материалами»" in f.message and "«Клиенты»" in f.message


def test_process_without_performers(tmp_path: Path) -> None:
    data = example()
    data["performers"] = [p for p in data["performers"] if not p["process_code"].startswith("4")]
    _, number = process(data, "4")
    f = only(check_data(tmp_path, data), "P010")  # one for 4, not one more for 4.1 and 4.2
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, "Процессы", cell_ref(PROCESSES, "code", number), ())
    assert "4 «ИТ-обеспечение» и его подпроцессы" in f.message


def test_a_performed_sub_process_is_enough(tmp_path: Path) -> None:
    data = example()
    data["performers"] = [p for p in data["performers"] if p["process_code"] != "4.2"]
    f = only(check_data(tmp_path, data), "P010")
    assert "4.2 «Обслуживание компьютерной техники и связи»" in f.message
    assert "подпроцессы" not in f.message


def test_goals_equal_results(tmp_path: Path) -> None:
    data = example()
    row, number = process(data, "2.1")
    row["results"] = [g.upper() for g in row["goals"]]  # compared as names: case does not count
    findings = check_data(tmp_path, data)
    f = only(findings, "P011")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, "Процессы", cell_ref(PROCESSES, "results", number), ())
    assert f"«{row['results'][0]}" in f.message
    assert by_rule(findings, "P012") == []


def test_goal_repeated_as_result(tmp_path: Path) -> None:
    data = example()
    row, number = process(data, "2.1")
    row["results"] = [*row["results"], row["goals"][0]]
    f = only(check_data(tmp_path, data), "P012")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.NOTE, "Процессы", cell_ref(PROCESSES, "results", number), ())
    assert f"«{row['goals'][0]}»" in f.message


def test_name_duplicated(tmp_path: Path) -> None:
    data = example()
    first, _ = process(data, "2.1")
    second, number = process(data, "2.2")
    second["name"] = first["name"].lower() + " "
    f = only(check_data(tmp_path, data), "P013")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, "Процессы", cell_ref(PROCESSES, "name", number), ())
    assert f"«{second['name'].strip()}»" in f.message and "«2.1»" in f.message


def test_performer_row_incomplete(tmp_path: Path) -> None:
    data = example()
    performer = row_of(data, "performers", process_code="2.2")
    performer["process_code"] = None
    number = excel_row(data, "performers", performer)
    f = only(check_data(tmp_path, data), "P014")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Исполнители", cell_ref(PERFORMERS, "process_code", number))
    assert "«Код процесса»" in f.message and "«Кладовщик»" in f.message
    assert f.affects == ("кладовщик",)


def test_performer_functions_missing(tmp_path: Path) -> None:
    data = example()
    performer = row_of(data, "performers", process_code="2.2")
    performer["functions"] = []
    number = excel_row(data, "performers", performer)
    findings = check_data(tmp_path, data)
    f = only(findings, "P015")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, "Исполнители", cell_ref(PERFORMERS, "functions", number), ())
    assert "«Кладовщик»" in f.message and "2.2" in f.message
    assert by_rule(findings, "P016") == []


def test_performer_duties_empty(tmp_path: Path) -> None:
    data = example()
    performer = row_of(data, "performers", process_code="2.2")
    performer["functions"] = []
    process(data, "2.2")[0]["content"] = None
    number = excel_row(data, "performers", performer)
    findings = check_data(tmp_path, data)
    f = only(findings, "P016")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, "Исполнители", cell_ref(PERFORMERS, "functions", number), ("кладовщик",))
    assert "«Кладовщик»" in f.message and "«Содержание»" in f.message
    assert by_rule(findings, "P015") == []
