"""Reference rules: each one on a real workbook that breaks it, and silent on the example."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from procxl import schema
from procxl.checks.findings import Level
from tests.checking import by_rule, check_data, example, excel_row, row_of
from tests.rule_cases import cell_ref, example_findings, family_codes, only

PROCESSES, PERFORMERS = schema.PROCESSES, schema.PERFORMERS
POSITIONS, DEPARTMENTS = schema.POSITIONS, schema.DEPARTMENTS
RECEIVER = "Мастер-приемщик"


def performer(data: dict[str, Any], code: str, position: str) -> tuple[dict[str, Any], int]:
    """The example's performer row for a pair, and the worksheet row it is written to."""
    row = row_of(data, "performers", process_code=code, position=position)
    return row, excel_row(data, "performers", row)


@pytest.mark.parametrize("code", family_codes("references"))
def test_example_passes(code: str) -> None:
    assert by_rule(list(example_findings()), code) == []


def test_unknown_performer_with_a_close_name(tmp_path: Path) -> None:
    data = example()
    row, number = performer(data, "1.2", RECEIVER)
    row["position"] = "Мастер приемщик"
    f = only(check_data(tmp_path, data), "R001")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Исполнители", cell_ref(PERFORMERS, "position", number))
    assert "«Мастер приемщик»" in f.message and f"«{RECEIVER}»" in f.message
    assert f"«{RECEIVER}»" in f.hint
    assert f.affects == ("мастер-приемщик",)  # the position that loses the process


def test_unknown_owner_blocks_no_document(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "processes", code="2.1")
    row["owner"] = "Главный инженер"
    number = excel_row(data, "processes", row)
    f = only(check_data(tmp_path, data), "R001")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, "Процессы", cell_ref(PROCESSES, "owner", number), ())
    assert "«Главный инженер»" in f.message and "Возможно" not in f.message


def test_unknown_manager_reaches_the_subordinate(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "positions", name="Кладовщик")
    row["manager"] = "Завскладом"
    number = excel_row(data, "positions", row)
    f = only(check_data(tmp_path, data), "R001")
    assert (f.sheet, f.cell, f.affects) == (
        "Должности", cell_ref(POSITIONS, "manager", number), ("кладовщик",))


def test_unknown_department_head(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "departments", name="ИТ-служба")
    row["head"] = "Начальник ИТ"
    f = only(check_data(tmp_path, data), "R001")
    assert (f.sheet, f.cell) == ("Подразделения", cell_ref(DEPARTMENTS, "head",
                                                      excel_row(data, "departments", row)))


@pytest.mark.parametrize("spelling", ["мастер-приёмщик", "  МАСТЕР-ПРИЕМЩИК ",
                                      "Мастер-приемщик\u00a0"])
def test_same_name_spelt_otherwise_is_known(tmp_path: Path, spelling: str) -> None:
    data = example()
    performer(data, "1.2", RECEIVER)[0]["position"] = spelling
    assert by_rule(check_data(tmp_path, data), "R001") == []


def test_mixed_script_name_is_left_to_the_names_family(tmp_path: Path) -> None:
    data = example()
    performer(data, "1.2", RECEIVER)[0]["position"] = "Мастер-приeмщик"  # a Latin «e»
    assert by_rule(check_data(tmp_path, data), "R001") == []


def test_unknown_department_of_a_position(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "positions", name="Кладовщик")
    row["department"] = "Отдел снабжение"
    number = excel_row(data, "positions", row)
    f = only(check_data(tmp_path, data), "R002")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, "Должности", cell_ref(POSITIONS, "department", number), ("кладовщик",))
    assert "«Отдел снабжение»" in f.message and "«Отдел снабжения»" in f.message


def test_unknown_parent_department(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "departments", name="ИТ-служба")
    row["parent"] = "Правление"
    number = excel_row(data, "departments", row)
    f = only(check_data(tmp_path, data), "R002")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, "Подразделения", cell_ref(DEPARTMENTS, "parent", number), ())
    assert "«Правление»" in f.message


def test_unknown_process_code(tmp_path: Path) -> None:
    data = example()
    row, number = performer(data, "2.2", "Кладовщик")
    row["process_code"] = "2.3"
    f = only(check_data(tmp_path, data), "R003")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, "Исполнители", cell_ref(PERFORMERS, "process_code", number), ("кладовщик",))
    assert "«2.3»" in f.message
    assert "«2.2»" in f.message  # the name in the row says which process was meant


def test_unknown_code_in_competencies_is_left_to_the_profiles_family(tmp_path: Path) -> None:
    data = example()
    data["competencies"][0]["process_code"] = "9.9"
    findings = check_data(tmp_path, data)
    assert by_rule(findings, "R003") == []
    assert len(by_rule(findings, "C001")) == 1


def test_malformed_process_code(tmp_path: Path) -> None:
    data = example()
    row, number = performer(data, "2.2", "Кладовщик")
    row["process_code"] = "2,2"
    f = only(check_data(tmp_path, data), "R003")
    assert (f.sheet, f.cell) == ("Исполнители", cell_ref(PERFORMERS, "process_code", number))
    assert "«2,2»" in f.message and "1.2.3" in f.message


def test_process_name_of_another_code(tmp_path: Path) -> None:
    data = example()
    row, number = performer(data, "1.4", RECEIVER)
    row["process_name"] = row_of(data, "processes", code="1.2")["name"]
    f = only(check_data(tmp_path, data), "R004")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, "Исполнители", cell_ref(PERFORMERS, "process_name", number),
        ("мастер-приемщик",))
    assert "«Прием автомобиля от клиента»" in f.message and "«1.2»" in f.message
    assert "«Выдача автомобиля клиенту»" in f.message


def test_process_name_differs(tmp_path: Path) -> None:
    data = example()
    row, number = performer(data, "1.4", RECEIVER)
    row["process_name"] = "Выдача авто"
    findings = check_data(tmp_path, data)
    f = only(findings, "R005")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, "Исполнители", cell_ref(PERFORMERS, "process_name", number), ())
    assert "«Выдача авто»" in f.message and "«Выдача автомобиля клиенту»" in f.message
    assert by_rule(findings, "R004") == []


def test_process_name_spelt_otherwise_matches(tmp_path: Path) -> None:
    data = example()
    row, _ = performer(data, "1.4", RECEIVER)
    row["process_name"] = " выдача  автомобиля клиенту"
    assert by_rule(check_data(tmp_path, data), "R005") == []


def test_performer_repeated(tmp_path: Path) -> None:
    data = example()
    first, first_number = performer(data, "2.2", "Кладовщик")
    data["performers"].append({**first, "position": "кладовщик", "functions": ["Учет"]})
    number = excel_row(data, "performers", data["performers"][-1])
    f = only(check_data(tmp_path, data), "R006")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, "Исполнители", cell_ref(PERFORMERS, "position", number), ())
    assert "«кладовщик»" in f.message and "«2.2»" in f.message
    assert f"строке {first_number}" in f.message


def test_a_missing_register_is_one_structure_finding_not_many(tmp_path: Path) -> None:
    data = example()
    data["positions"] = []
    findings = check_data(tmp_path, data)
    assert by_rule(findings, "R001") == []
    assert len(by_rule(findings, "S010")) == 1
