"""Assessment rules: each one on a real workbook that breaks it, and silent on the example."""

from __future__ import annotations

from pathlib import Path

import pytest

from procxl import schema
from procxl.checks.findings import Level
from tests.checking import by_rule, check_data, example, excel_row
from tests.rule_cases import cell_ref, example_findings, family_codes, only

EMPLOYEES, ASSESSMENT, PLAN = schema.EMPLOYEES, schema.ASSESSMENT, schema.DEVELOPMENT_PLAN


@pytest.mark.parametrize("code", family_codes("assessment"))
def test_example_passes(code: str) -> None:
    assert by_rule(list(example_findings()), code) == []


def test_employee_whose_position_is_unknown(tmp_path: Path) -> None:
    data = example()
    employee = data["employees"][1]
    employee["position"] = "Автослесар"
    f = only(check_data(tmp_path, data), "A001")
    assert (f.level, f.sheet) == (Level.ERROR, EMPLOYEES.name)
    assert f.cell == cell_ref(EMPLOYEES, "position", excel_row(data, "employees", employee))
    assert "«Автослесар»" in f.message and "Морозов Денис Андреевич" in f.message
    assert "«Автослесарь»" in f.hint  # the position it most likely means


def test_scores_outside_the_scale(tmp_path: Path) -> None:
    data = example()
    too_high, a_word = data["assessment"][0], data["assessment"][1]
    too_high["manager_score"] = 7
    a_word["self_score"] = "хорошо"
    found = by_rule(check_data(tmp_path, data), "A002")
    assert [f.cell for f in found] == [
        cell_ref(ASSESSMENT, "manager_score", excel_row(data, "assessment", too_high)),
        cell_ref(ASSESSMENT, "self_score", excel_row(data, "assessment", a_word))]
    assert "7 — вне шкалы оценки (от 1 до 5)" in found[0].message
    assert "«хорошо» — не уровень шкалы" in found[1].message
    assert "5 — эксперт, учит других" in found[0].hint


def test_a_scale_of_the_books_own(tmp_path: Path) -> None:
    data = example()
    data["organisation"]["scale"] = ["не владеет", "владеет", "учит других"]  # numbered 1–3
    data["organisation"]["required_level"] = 3
    for row in data["assessment"]:
        row.update(required=3, self_score=2, manager_score=2)
    data["assessment"][0]["manager_score"] = 4
    findings = check_data(tmp_path, data)
    assert [f.message for f in by_rule(findings, "A002")] == [
        "«Оценка руководителя» сотрудника «Галиев Рустам Ильдарович» по пункту «Устройство "
        "автомобиля»: 4 — вне шкалы оценки (от 1 до 3)."]
    assert by_rule(findings, "A003") == []


def test_required_level_outside_the_scale(tmp_path: Path) -> None:
    data = example()
    data["organisation"]["required_level"] = 6
    row = data["assessment"][2]
    row["required"] = 0
    found = by_rule(check_data(tmp_path, data), "A003")
    assert [f.sheet for f in found] == [schema.ORGANISATION.name, ASSESSMENT.name]
    assert "6 — вне шкалы" in found[0].message and "ставит новым строкам 4" in found[0].hint
    assert found[1].cell == cell_ref(ASSESSMENT, "required", excel_row(data, "assessment", row))


def test_plan_row_without_deadline_or_responsible_once_dated(tmp_path: Path) -> None:
    data = example()
    row = data["plan"][0]
    row["deadline"] = row["responsible"] = None
    done = data["plan"][1]
    done["deadline"], done["done"] = None, "да"  # done: nothing to plan any more
    f = by_rule(check_data(tmp_path, data), "A004")
    assert [x.cell for x in f] == [cell_ref(PLAN, key, excel_row(data, "plan", row))
                                   for key in ("deadline", "responsible")]
    assert f[0].level is Level.WARNING and "«Срок»" in f[0].message
    # not dated yet: the plan is a draft
    for assessed in data["assessment"]:
        assessed["date"] = None
    assert by_rule(check_data(tmp_path, data), "A004") == []


def test_namesakes_without_a_personnel_number(tmp_path: Path) -> None:
    data = example()
    namesake = {"name": "Морозов Денис Андреевич", "position": "Кладовщик"}
    data["employees"].append(namesake)
    f = only(check_data(tmp_path, data), "A005")
    assert f.cell == cell_ref(EMPLOYEES, "number", excel_row(data, "employees", namesake))
    assert "строки 3, 5" in f.message
    namesake["number"] = "0199"
    assert by_rule(check_data(tmp_path, data), "A005") == []
