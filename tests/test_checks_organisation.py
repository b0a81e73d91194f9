"""Organisation rules: each one on a real workbook that breaks it, and silent on the example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from procxl import schema
from procxl.checks import check
from procxl.checks.common import parse_number
from procxl.checks.findings import Level
from procxl.checks.organisation import find_cycles
from procxl.model import Cell, ValueKind
from procxl.workbook.reader import read_workbook
from tests.checking import by_rule, check_data, example, excel_row, row_of
from tests.rule_cases import cell_ref, example_findings, family_codes, only
from tests.xlsx_files import write_xlsx

POSITIONS, DEPARTMENTS = schema.POSITIONS, schema.DEPARTMENTS
DIRECTOR = "Генеральный директор"
SERVICE_HEAD = "Руководитель автосервиса"


def position_row(data: dict, name: str) -> tuple[dict, int]:
    row = row_of(data, "positions", name=name)
    return row, excel_row(data, "positions", row)


def department_row(data: dict, name: str) -> tuple[dict, int]:
    row = row_of(data, "departments", name=name)
    return row, excel_row(data, "departments", row)


@pytest.mark.parametrize("code", family_codes("organisation"))
def test_example_passes(code: str) -> None:
    assert by_rule(list(example_findings()), code) == []


@pytest.mark.parametrize(("typed", "kind", "value"), [
    ("2", ValueKind.NUMBER, 2.0),
    ("0.5", ValueKind.NUMBER, 0.5),
    ("0,5", ValueKind.TEXT, 0.5),
    ("50 000", ValueKind.TEXT, 50000.0),
    ("-1", ValueKind.TEXT, -1.0),
    ("две", ValueKind.TEXT, None),
    ("80 тыс.", ValueKind.TEXT, None),
    ("01.05.2026", ValueKind.DATE, None),
    ("", ValueKind.EMPTY, None),
])
def test_parse_number(typed: str, kind: ValueKind, value: float | None) -> None:
    assert parse_number(Cell(typed, "Лист", 2, 1, kind)) == value


def test_find_cycles_lists_each_cycle_once() -> None:
    up = {"а": "б", "б": "в", "в": "а", "г": "а", "д": "д", "е": "ж"}
    cycles = find_cycles(up)
    assert sorted(sorted(c) for c in cycles) == [["а", "б", "в"], ["д"]]


def test_position_without_processes(tmp_path: Path) -> None:
    data = example()
    data["positions"].append({"name": "Юрисконсульт", "department": "Дирекция",
                              "manager": DIRECTOR, "headcount": 1})
    f = only(check_data(tmp_path, data), "O001")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, "Должности", cell_ref(POSITIONS, "name", len(data["positions"]) + 1), ())
    assert "«Юрисконсульт»" in f.message and "пустыми" in f.message
    assert "«Исполнители»" in f.hint


def test_owner_who_performs_nothing_is_told_why(tmp_path: Path) -> None:
    data = example()
    data["performers"] = [p for p in data["performers"] if p["position"] != DIRECTOR]
    f = only(check_data(tmp_path, data), "O001")
    assert f"«{DIRECTOR}»" in f.message
    assert "владелец процессов 3, 3.1, 3.2, 3.3, 4" in f.message


def test_department_whose_positions_perform_nothing(tmp_path: Path) -> None:
    data = example()
    data["departments"].append({"name": "Юридический отдел", "parent": "Дирекция"})
    data["positions"].append({"name": "Юрисконсульт", "department": "Юридический отдел",
                              "headcount": 1})
    f = only(check_data(tmp_path, data), "O002")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.NOTE, "Подразделения", cell_ref(DEPARTMENTS, "name", len(data["departments"]) + 1),
        ())
    assert "«Юридический отдел»" in f.message and "«Юрисконсульт»" in f.message


def test_department_without_positions(tmp_path: Path) -> None:
    data = example()
    data["departments"].append({"name": "Отдел качества", "parent": "Дирекция"})
    f = only(check_data(tmp_path, data), "O002")
    assert "В подразделении «Отдел качества» нет ни одной должности" in f.message


def test_department_made_of_departments_is_fine(tmp_path: Path) -> None:
    data = example()
    data["departments"].append({"name": "Сервисный центр", "parent": "Дирекция"})
    row, _ = department_row(data, "Автосервис (СТО)")
    row["parent"] = "Сервисный центр"
    assert by_rule(check_data(tmp_path, data), "O002") == []


def test_process_without_responsibility_centre(tmp_path: Path) -> None:
    data = example()
    row, _ = position_row(data, "Кладовщик")
    row["department"] = "Склад"  # unknown: the references rules say so, this rule sees 2.2
    process = row_of(data, "processes", code="2.2")
    f = only(check_data(tmp_path, data), "O003")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, "Процессы",
        cell_ref(schema.PROCESSES, "name", excel_row(data, "processes", process)), ())
    assert "2.2 «Приемка, хранение и выдача запчастей»" in f.message
    assert "«ничейный»" in f.message and "«Кладовщик»" in f.message


def test_department_cycle(tmp_path: Path) -> None:
    data = example()
    top, top_row = department_row(data, "Дирекция")
    top["parent"] = "Отдел снабжения"
    f = only(check_data(tmp_path, data), "O004")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Подразделения", cell_ref(DEPARTMENTS, "parent", top_row))
    assert "«Дирекция» → «Отдел снабжения» → «Дирекция»" in f.message
    assert "генеральный директор" in f.affects and "кладовщик" in f.affects


def test_department_above_itself(tmp_path: Path) -> None:
    data = example()
    row, number = department_row(data, "ИТ-служба")
    row["parent"] = "ИТ-служба"
    f = only(check_data(tmp_path, data), "O004")
    assert f.cell == cell_ref(DEPARTMENTS, "parent", number)
    assert "«ИТ-служба» указано вышестоящим для самого себя" in f.message
    assert "входит «ИТ-служба»" in f.hint
    assert f.affects == ("программист", "системный администратор")


def test_manager_cycle(tmp_path: Path) -> None:
    data = example()
    director, number = position_row(data, DIRECTOR)
    director["manager"] = "Автослесарь"
    f = only(check_data(tmp_path, data), "O005")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Должности", cell_ref(POSITIONS, "manager", number))
    assert (f"«{DIRECTOR}» → «Автослесарь» → «Мастер производственного участка» → "
            f"«{SERVICE_HEAD}» → «{DIRECTOR}»") in f.message
    assert set(f.affects) == {"генеральный директор", "руководитель автосервиса",
                              "мастер производственного участка", "автослесарь"}


def test_manager_of_itself(tmp_path: Path) -> None:
    data = example()
    row, number = position_row(data, "Диспетчер")
    row["manager"] = "диспетчер"
    f = only(check_data(tmp_path, data), "O005")
    assert f.cell == cell_ref(POSITIONS, "manager", number)
    assert "«Диспетчер» указана непосредственным руководителем самой себя" in f.message


def test_position_without_department(tmp_path: Path) -> None:
    data = example()
    row, number = position_row(data, "Кладовщик")
    row["department"] = None
    f = only(check_data(tmp_path, data), "O006")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, "Должности", cell_ref(POSITIONS, "department", number), ("кладовщик",))
    assert "«Кладовщик»" in f.message


def test_head_from_another_department(tmp_path: Path) -> None:
    data = example()
    row, number = department_row(data, "ИТ-служба")
    row["head"] = DIRECTOR
    f = only(check_data(tmp_path, data), "O007")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.NOTE, "Подразделения", cell_ref(DEPARTMENTS, "head", number), ())
    assert "«ИТ-служба»" in f.message and f"«{DIRECTOR}»" in f.message
    assert "«Дирекция»" in f.message


@pytest.mark.parametrize(("value", "problem"), [
    ("две", "это не число"),
    (-1, "не может быть отрицательным"),
])
def test_headcount_invalid(tmp_path: Path, value: object, problem: str) -> None:
    data = example()
    row, number = position_row(data, "Кладовщик")
    row["headcount"] = value
    f = only(check_data(tmp_path, data), "O008")
    assert (f.level, f.sheet, f.cell) == (
        Level.WARNING, "Должности", cell_ref(POSITIONS, "headcount", number))
    assert problem in f.message and "«Кладовщик»" in f.message


def test_headcount_turned_into_a_date(tmp_path: Path) -> None:
    headers = [c.header for c in POSITIONS.columns[:4]]
    path = write_xlsx(tmp_path / "книга.xlsx", {
        POSITIONS.name: [headers, ["Кладовщик", "Склад", None, dt.datetime(2026, 5, 1)]],
    })
    f = only(check(read_workbook(path)), "O008")
    assert (f.level, f.sheet, f.cell) == (Level.WARNING, "Должности", "D2")
    assert "«01.05.2026»: Excel превратил число в дату" in f.message


@pytest.mark.parametrize("value", ["0,5", 0.5, "1,5"])
def test_fractional_headcount_is_fine(tmp_path: Path, value: object) -> None:
    data = example()
    position_row(data, "Кладовщик")[0]["headcount"] = value
    findings = check_data(tmp_path, data)
    assert by_rule(findings, "O008") == [] and by_rule(findings, "O009") == []


def test_headcount_zero(tmp_path: Path) -> None:
    data = example()
    row, number = position_row(data, "Кладовщик")
    row["headcount"] = 0
    f = only(check_data(tmp_path, data), "O009")
    assert (f.level, f.sheet, f.cell) == (
        Level.NOTE, "Должности", cell_ref(POSITIONS, "headcount", number))
    assert "«0»" in f.message


def test_headcount_missing_among_filled(tmp_path: Path) -> None:
    data = example()
    row, number = position_row(data, "Кладовщик")
    row["headcount"] = None
    f = only(check_data(tmp_path, data), "O009")
    assert f.cell == cell_ref(POSITIONS, "headcount", number)
    assert "не указано количество ставок" in f.message


def test_headcount_not_used_at_all_is_fine(tmp_path: Path) -> None:
    data = example()
    for row in data["positions"]:
        row["headcount"] = None
    assert by_rule(check_data(tmp_path, data), "O009") == []


def test_the_head_approving_his_own_document(tmp_path: Path) -> None:
    data = example()
    row, number = position_row(data, "Генеральный директор")
    row["approver_title"] = None  # the example has the owners approve it
    f = only(check_data(tmp_path, data), "O010")
    assert (f.level, f.sheet, f.cell) == (
        Level.WARNING, "Должности", cell_ref(POSITIONS, "approver_title", number))
    assert "утверждает она сама" in f.message and "Общее собрание участников" in f.hint


def test_the_head_approved_by_the_owners_is_fine(tmp_path: Path) -> None:
    assert by_rule(check_data(tmp_path, example()), "O010") == []


def test_unknown_document_kind(tmp_path: Path) -> None:
    data = example()
    data["organisation"]["document_kind"] = "Должностная инструкцыя"
    f = only(check_data(tmp_path, data), "O011")
    assert (f.level, f.sheet) == (Level.WARNING, "Организация")
    assert "«Должностная инструкцыя»" in f.message and "«Должностная инструкция»" in f.hint


@pytest.mark.parametrize("kind", ["должностная инструкция", "Должностные обязанности", None])
def test_known_or_empty_document_kind_is_fine(tmp_path: Path, kind: str | None) -> None:
    data = example()
    data["organisation"]["document_kind"] = kind
    assert by_rule(check_data(tmp_path, data), "O011") == []
