"""Name rules: each one on a real workbook that breaks it, and silent on the example."""

from __future__ import annotations

from pathlib import Path

import pytest

from procxl import schema
from procxl.checks.findings import Level
from procxl.checks.names import NAME_FIELDS, cyrillic_spelling, meant_key
from tests.checking import by_rule, check_data, example, excel_row, row_of
from tests.rule_cases import cell_ref, example_findings, family_codes, only

RECEIVER = "Мастер-приемщик"


@pytest.mark.parametrize("code", family_codes("names"))
def test_example_passes(code: str) -> None:
    assert by_rule(list(example_findings()), code) == []


def test_name_fields_come_from_the_schema() -> None:
    fields = {(f.sheet.key, f.column.key) for f in NAME_FIELDS}
    assert ("positions", "name") in fields and ("departments", "name") in fields
    assert ("performers", "position") in fields and ("processes", "owner") in fields
    assert ("vacancies", "position") in fields and ("departments", "parent") in fields
    assert ("processes", "code") not in fields and ("performers", "process_code") not in fields


def test_latin_look_alikes_read_as_cyrillic() -> None:
    assert cyrillic_spelling("Мастер-приeмщик") == RECEIVER
    assert cyrillic_spelling("IT-служба") == "IT-служба"
    assert meant_key("Мaстер-приeмщик") == "мастер-приемщик"


def test_latin_letter_in_a_performer(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "performers", process_code="1.2", position=RECEIVER)
    row["position"] = "Мастер-приeмщик"  # a Latin «e»
    number = excel_row(data, "performers", row)
    f = only(check_data(tmp_path, data), "N001")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Исполнители", cell_ref(schema.PERFORMERS, "position", number))
    assert "«Мастер-приeмщик»" in f.message
    assert "в слове «приeмщик» латинские буквы: e" in f.message
    assert f"«{RECEIVER}»" in f.hint and "русской раскладке" in f.hint
    assert f.affects == ("мастер-приемщик",)


def test_every_latin_letter_of_every_word_is_shown(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "positions", name="Кладовщик")
    row["manager"] = "Нaчальник oтдела снабжения"  # Latin «a» and «o»
    number = excel_row(data, "positions", row)
    f = only(check_data(tmp_path, data), "N001")
    assert (f.sheet, f.cell) == ("Должности", cell_ref(schema.POSITIONS, "manager", number))
    assert "в слове «Нaчальник» латинские буквы: a; в слове «oтдела» латинские буквы: o" \
        in f.message
    assert f.affects == ("кладовщик",)  # the subordinate's documents name the manager


def test_latin_letter_in_the_register_itself(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "positions", name="Диспетчер")
    row["name"] = "Диспeтчер"
    number = excel_row(data, "positions", row)
    f = only(check_data(tmp_path, data), "N001")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Должности", cell_ref(schema.POSITIONS, "name", number))
    assert "в слове «Диспeтчер» латинские буквы: e" in f.message
    assert f.affects == ("диспетчер",)


def test_latin_letter_in_a_department_name_reaches_its_positions(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "departments", name="Отдел снабжения")
    row["name"] = "Oтдел снабжения"
    f = only(check_data(tmp_path, data), "N001")
    assert f.cell == cell_ref(schema.DEPARTMENTS, "name", excel_row(data, "departments", row))
    assert f.affects == ("кладовщик", "начальник отдела снабжения")


def test_latin_words_with_russian_ones_are_fine(tmp_path: Path) -> None:
    data = example()
    for department in data["departments"]:
        if department["name"] == "ИТ-служба":
            department["name"] = "IT-служба"
    for position in data["positions"]:
        if position["department"] == "ИТ-служба":
            position["department"] = "IT-служба"
    data["positions"].append({"name": "HR-менеджер", "department": "Дирекция",
                              "manager": "Генеральный директор", "headcount": 1})
    data["performers"].append({"process_code": "4.2", "position": "HR-менеджер"})
    assert by_rule(check_data(tmp_path, data), "N001") == []


def test_case_and_yo_differences_are_a_note(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "performers", process_code="1.4", position=RECEIVER)
    row["position"] = "мастер-приёмщик"
    number = excel_row(data, "performers", row)
    findings = check_data(tmp_path, data)
    f = only(findings, "N002")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.NOTE, "Исполнители", cell_ref(schema.PERFORMERS, "position", number), ())
    assert "«мастер-приёмщик»" in f.message and f"«{RECEIVER}»" in f.message
    assert f"«{RECEIVER}»" in f.hint
    assert not [x for x in findings if x.level is Level.ERROR]  # the same name, not unknown


def test_department_spelt_in_other_case(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "positions", name="Кладовщик")
    row["department"] = "отдел  снабжения"
    f = only(check_data(tmp_path, data), "N002")
    assert f.cell == cell_ref(schema.POSITIONS, "department", excel_row(data, "positions", row))
    assert "«Отдел снабжения»" in f.message


def test_same_position_twice_after_folding(tmp_path: Path) -> None:
    data = example()
    data["positions"].append({"name": "мастер-приёмщик", "department": "Автосервис (СТО)",
                              "headcount": 1})
    number = len(data["positions"]) + 1
    f = only(check_data(tmp_path, data), "N003")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Должности", cell_ref(schema.POSITIONS, "name", number))
    first = excel_row(data, "positions", row_of(data, "positions", name=RECEIVER))
    assert "«мастер-приёмщик»" in f.message and f"«{RECEIVER}»" in f.message
    assert f"строке {first}" in f.message
    assert f.affects == ("мастер-приемщик",)


def test_same_department_twice(tmp_path: Path) -> None:
    data = example()
    data["departments"].append({"name": "Отдел снабжения", "parent": "Дирекция"})
    number = len(data["departments"]) + 1
    f = only(check_data(tmp_path, data), "N003")
    assert (f.sheet, f.cell) == ("Подразделения", cell_ref(schema.DEPARTMENTS, "name", number))
    assert "«Отдел снабжения» уже есть в строке 4." in f.message
    assert f.affects == ("кладовщик", "начальник отдела снабжения")


def test_latin_letter_in_free_text_is_a_note(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "processes", code="2.1")
    row["name"] = "Планирование и закупка запчаcтей"  # a Latin «c»
    number = excel_row(data, "processes", row)
    f = only(check_data(tmp_path, data), "N004")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.NOTE, "Процессы", cell_ref(schema.PROCESSES, "name", number), ())
    assert "в слове «запчаcтей» латинские буквы: c" in f.message


def test_free_text_quotes_a_long_value_shortened(tmp_path: Path) -> None:
    data = example()
    data["organisation"]["about"] = "Мы рaботаем " + "давно и надёжно, " * 10
    f = only(check_data(tmp_path, data), "N004")
    assert f.sheet == "Организация" and f.cell == "B4"
    assert "«Мы рaботаем давно" in f.message and "…»" in f.message


def test_one_misspelt_name_gives_one_finding(tmp_path: Path) -> None:
    data = example()
    for row in data["performers"]:
        if row["position"] == "Кладовщик":
            row["position"] = "Клaдовщик"  # a Latin «a»: the only performer of 2.2
    findings = check_data(tmp_path, data)
    assert [f.rule for f in findings if f.rule != "C002"] == ["N001"]
