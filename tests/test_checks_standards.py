"""Professional standard rules: each one on a real workbook that breaks it, and silent on the
example (whose system administrator and programmer follow 06.026 C and 06.001 B)."""

from __future__ import annotations

from pathlib import Path

import pytest

from procxl import schema
from procxl.checks.findings import Level
from tests.checking import by_rule, check_data, example, excel_row, row_of
from tests.rule_cases import cell_ref, example_findings, family_codes, only

POSITIONS = schema.POSITIONS
SYSADMIN, PROGRAMMER = "Системный администратор", "Программист"


@pytest.mark.parametrize("code", family_codes("standards"))
def test_example_passes(code: str) -> None:
    assert by_rule(list(example_findings()), code) == []


def where(data: dict, row: dict, key: str) -> str:
    return cell_ref(POSITIONS, key, excel_row(data, "positions", row))


def test_a_mandatory_standard_needs_its_otf(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "positions", name=SYSADMIN)
    row.update(standard="06.026", standard_mandatory="да")
    f = only(check_data(tmp_path, data), "K001")
    assert (f.level, f.cell) == (Level.WARNING, where(data, row, "standard"))
    assert "«Системный администратор» профстандарт обязателен" in f.message
    assert "«06.026 C»" in f.hint


def test_a_mandatory_standard_wants_one_of_its_position_names(tmp_path: Path) -> None:
    data = example()
    programmer = row_of(data, "positions", name=PROGRAMMER)
    programmer["standard_mandatory"] = "да"  # «Программист» is a name of 06.001 B: clean
    sysadmin = row_of(data, "positions", name=SYSADMIN)
    sysadmin.update(standard="06.026 B", standard_mandatory="да",
                    basis="Работа с гостайной (закон «О государственной тайне»)")
    f = only(check_data(tmp_path, data), "K002")
    assert f.cell == where(data, sysadmin, "name")
    assert "ОТФ B: «Системный техник», «Младший системный администратор»" in f.message


def test_a_level_below_four_does_not_take_the_standards_requirements(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "positions", name=PROGRAMMER)
    row.update(standard="06.001 A", qualification_level=None)  # level 3, education from it
    f = only(check_data(tmp_path, data), "K003")
    assert (f.level, f.cell) == (Level.NOTE, where(data, row, "standard"))
    assert "уровень квалификации 3" in f.message
    row["education"] = "Среднее профессиональное (информатика)"
    row["experience"] = "Не требуется"
    assert by_rule(check_data(tmp_path, data), "K003") == []


def test_from_level_four_a_requirement_of_education_is_needed(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "positions", name="Кладовщик")
    row.update(qualification_level=5, education=None)
    f = only(check_data(tmp_path, data), "K004")
    assert (f.level, f.cell) == (Level.WARNING, where(data, row, "education"))
    assert "уровень квалификации 5" in f.message


def test_education_the_otf_gives_is_a_requirement_of_education(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "positions", name=PROGRAMMER)
    row.update(qualification_level=5, education=None)  # 06.001 B sets the education
    assert by_rule(check_data(tmp_path, data), "K004") == []
    row["standard"] = None
    assert only(check_data(tmp_path, data), "K004").cell == where(data, row, "education")


def test_the_otf_must_be_among_the_imported_standards(tmp_path: Path) -> None:
    data = example()
    row_of(data, "positions", name=SYSADMIN)["standard"] = "06.026 Z"
    row_of(data, "positions", name=PROGRAMMER)["standard"] = "07.003 B"
    row_of(data, "positions", name="Кладовщик")["standard"] = "кладовщик"
    found = by_rule(check_data(tmp_path, data), "K005")
    messages = sorted(f.message for f in found)
    assert messages == [
        "«кладовщик» не похоже на код профстандарта и ОТФ.",
        "В профстандарте 06.026 нет ОТФ «Z»; есть: A, B, C, D, E, F, G.",
        "Профстандарта 07.003 нет на листе «Профстандарты».",
    ]
