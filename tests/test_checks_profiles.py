"""Competency and profile rules: each one on a real workbook that breaks it, and silent on the
example."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from procxl import schema
from procxl.checks.findings import Level
from procxl.checks.profiles import USER_LISTS, include_choice, is_manual
from procxl.model import Cell, ValueKind
from tests.checking import by_rule, check_data, example, excel_row, row_of
from tests.rule_cases import cell_ref, example_findings, family_codes, only

COMPETENCIES, PROFILES = schema.COMPETENCIES, schema.PROFILES
DISPATCHER = "Диспетчер"
STOREKEEPER = "Кладовщик"


@pytest.mark.parametrize("code", family_codes("profiles"))
def test_example_passes(code: str) -> None:
    assert by_rule(list(example_findings()), code) == []


def complete(data: dict[str, Any]) -> dict[str, Any]:
    """The data with a competency row for every duty that lacks one."""
    done = {(r["position"], r["process_code"]) for r in data["competencies"]}
    for performer in data["performers"]:
        pair = (performer["position"], performer["process_code"])
        if pair not in done:
            done.add(pair)
            data["competencies"].append({"position": pair[0], "process_code": pair[1],
                                         "skills": ["Работа в учетной системе"]})
    return data


def profile_row(**fields: str) -> dict[str, str]:
    row = {"position": DISPATCHER, "section": "Навыки", "wording": "Работа в CRM",
           "include": "да", "source": "Компетенции"}
    row.update(fields)
    return row


def test_complete_competencies_pass(tmp_path: Path) -> None:
    assert by_rule(check_data(tmp_path, complete(example())), "C002") == []


def test_include_choice() -> None:
    def cell(value: str) -> Cell:
        return Cell(value, "Профили", 2, 4, ValueKind.TEXT)

    assert [include_choice(cell(v)) for v in ("да", "Да ", "НЕТ", "", "lf", "+")] == [
        True, True, False, True, None, None]


def test_manual_source_is_found_among_several() -> None:
    def row(source: str) -> Any:
        return type("Row", (), {"source": Cell(source, "Профили", 2, 5)})()

    assert is_manual(row("Вручную")) and is_manual(row("Компетенции\nвручную"))
    assert not is_manual(row("Компетенции; Ценности"))


def test_competency_row_without_duty(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "competencies", position="Мастер-приемщик", process_code="1.4")
    row["position"] = STOREKEEPER
    number = excel_row(data, "competencies", row)
    f = only(check_data(tmp_path, data), "C001")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, "Компетенции", cell_ref(COMPETENCIES, "process_code", number), ())
    assert f"«{STOREKEEPER}» — процесс «1.4»" in f.message
    assert "не попадут в профиль" in f.message and "не удаляет" in f.hint


def test_competency_row_of_a_deleted_process(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "competencies", position=DISPATCHER)
    row["process_code"] = "1.9"
    number = excel_row(data, "competencies", row)
    findings = check_data(tmp_path, data)
    f = only(findings, "C001")
    assert f.cell == cell_ref(COMPETENCIES, "process_code", number)
    assert "процесса с таким кодом нет на листе «Процессы»" in f.message
    assert not [x for x in findings if x.level is Level.ERROR]  # a kept row blocks nothing


def test_duty_without_a_competency_row(tmp_path: Path) -> None:
    data = complete(example())
    data["competencies"] = [r for r in data["competencies"] if r["position"] != DISPATCHER]
    performer = row_of(data, "performers", position=DISPATCHER)
    f = only(check_data(tmp_path, data), "C002")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.NOTE, "Исполнители",
        cell_ref(schema.PERFORMERS, "position", excel_row(data, "performers", performer)), ())
    assert f"«{DISPATCHER}» — процесс 1.1" in f.message


def test_duty_with_empty_competency_lists(tmp_path: Path) -> None:
    data = complete(example())
    row = row_of(data, "competencies", position=DISPATCHER)
    for key in USER_LISTS:
        row[key] = None
    f = only(check_data(tmp_path, data), "C002")
    assert (f.sheet, f.cell) == (
        "Компетенции", cell_ref(COMPETENCIES, USER_LISTS[0], excel_row(data, "competencies", row)))
    assert "не заполнены знания, навыки и личные качества" in f.message


def test_empty_competencies_sheet_is_one_note(tmp_path: Path) -> None:
    data = example()
    data["competencies"] = []
    f = only(check_data(tmp_path, data), "C002")
    assert (f.sheet, f.cell) == ("Компетенции", None)
    assert "пуст" in f.message and "Обновить таблицы" in f.hint


def test_competencies_of_an_unknown_position(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "competencies", position=DISPATCHER)
    row["position"] = "Оператор колл-центра"
    number = excel_row(data, "competencies", row)
    findings = check_data(tmp_path, data)
    f = only(findings, "C003")
    assert (f.level, f.sheet, f.cell) == (
        Level.WARNING, "Компетенции", cell_ref(COMPETENCIES, "position", number))
    assert "«Оператор колл-центра»" in f.message
    assert by_rule(findings, "C001") == []  # one finding for one row


def test_own_profile_row_for_an_unknown_position(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = [profile_row(position="Диспечер", wording="Знание 1С",
                                    source="вручную")]
    f = only(check_data(tmp_path, data), "C004")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, "Профили", "A2", ("диспетчер",))  # the position it most likely means
    assert "«Диспечер»" in f.message and "«Знание 1С»" in f.message
    assert f"имелась в виду «{DISPATCHER}»" in f.message


def test_generated_profile_row_for_an_unknown_position(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = [profile_row(), profile_row(position="Оператор")]
    findings = check_data(tmp_path, data)
    f = only(findings, "C005")
    assert (f.level, f.sheet, f.cell, f.affects) == (Level.WARNING, "Профили", "A3", ())
    assert "«Оператор»" in f.message
    assert by_rule(findings, "C004") == []


def test_unknown_profile_section(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = [profile_row(section="Умения"), profile_row(section="навыки",
                                                                   wording="Работа в CRM 2"),
                        profile_row(section="Умения", wording="Не нужно", include="нет")]
    f = only(check_data(tmp_path, data), "C006")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, "Профили", cell_ref(PROFILES, "section", 2), ("диспетчер",))
    assert "«Умения»" in f.message and "«Работа в CRM»" in f.message
    assert "Навыки" in f.hint


@pytest.mark.parametrize(("typed", "wrong_layout"), [("lf", True), ("+", False)])
def test_include_is_neither_yes_nor_no(tmp_path: Path, typed: str, wrong_layout: bool) -> None:
    data = example()
    data["profiles"] = [profile_row(include=typed), profile_row(include=None, wording="X")]
    f = only(check_data(tmp_path, data), "C007")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, "Профили", cell_ref(PROFILES, "include", 2), ("диспетчер",))
    assert f"«{typed}»" in f.message
    assert ("английской раскладке" in f.hint) is wrong_layout


def test_duplicate_profile_wording(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = [profile_row(), profile_row(wording="работа в  CRM", include="нет",
                                                   source="вручную")]
    f = only(check_data(tmp_path, data), "C008")
    assert (f.level, f.sheet, f.cell) == (
        Level.WARNING, "Профили", cell_ref(PROFILES, "wording", 3))
    assert "«работа в CRM»" in f.message and "строке 2" in f.message
    assert "выбрано «да», а здесь — «нет»" in f.message


def test_same_wording_in_another_section_is_fine(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = [profile_row(), profile_row(section="Общие знания")]
    assert by_rule(check_data(tmp_path, data), "C008") == []
