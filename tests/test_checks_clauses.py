"""Clause rules: each one on a real workbook that breaks it, and silent on the example."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from procxl import schema
from procxl.checks import load_rules
from procxl.checks.clauses import stray_braces, unknown_fields
from procxl.checks.findings import ALL_POSITIONS, Finding, Level
from procxl.render.kinds.main_document import resolve
from procxl.workbook.template import build_workbook
from tests.checking import by_rule, check_data, example, excel_row
from tests.rule_cases import cell_ref, check_book, example_findings, family_codes, only

CLAUSES = schema.CLAUSES
SHEET = CLAUSES.name
DIRECTOR, STOREKEEPER = "Генеральный директор", "Кладовщик"


@pytest.mark.parametrize("code", family_codes("clauses"))
def test_example_passes(code: str) -> None:
    assert by_rule(list(example_findings()), code) == []


def clause_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if load_rules()[f.rule].family == "clauses"]


def general(data: dict[str, Any]) -> dict[str, Any]:
    """The example's first general clause (no position): «Общие положения»."""
    row = data["clauses"][0]
    assert not row.get("position")
    return row


def added(data: dict[str, Any], **row: str | None) -> dict[str, Any]:
    data["clauses"].append(row)
    return row


def where(data: dict[str, Any], row: dict[str, Any], key: str) -> str:
    return cell_ref(CLAUSES, key, excel_row(data, "clauses", row))


# D001: the section ---------------------------------------------------------------------------

def test_section_not_in_the_list(tmp_path: Path) -> None:
    data = example()
    row = general(data)
    row["section"] = "Обязанности"
    f = only(check_data(tmp_path, data), "D001")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, SHEET, where(data, row, "section"), (ALL_POSITIONS,))
    assert "«Обязанности»" in f.message and "не попадёт ни в один документ" in f.message
    assert all(f"«{s}»" in f.hint for s in schema.CLAUSE_SECTIONS)
    assert "выпадающего списка" in f.hint


def test_section_empty_for_a_position(tmp_path: Path) -> None:
    data = example()
    row = added(data, section=None, position=STOREKEEPER, text="За порядок на складе.")
    f = only(check_data(tmp_path, data), "D001")
    assert (f.level, f.cell, f.affects) == (
        Level.ERROR, where(data, row, "section"), ("кладовщик",))
    assert "Не указан раздел" in f.message and "«За порядок на складе.»" in f.message


def test_section_of_an_unknown_position_blocks_nothing(tmp_path: Path) -> None:
    data = example()
    row = added(data, section="Обязанности", position="Кладовщица", text="За порядок.")
    findings = check_data(tmp_path, data)
    f = only(findings, "D001")
    assert (f.cell, f.affects) == (where(data, row, "section"), ())
    # the unknown position itself is D006's, once
    assert only(findings, "D006").cell == where(data, row, "position")
    assert by_rule(findings, "R001") == []


def test_section_in_other_case_and_spacing_is_fine(tmp_path: Path) -> None:
    data = example()
    general(data)["section"] = "  общие   ПОЛОЖЕНИЯ "
    added(data, section="условия работы", position=STOREKEEPER, text="Работает в тёплом складе.")
    assert clause_findings(check_data(tmp_path, data)) == []


# D002: the action ----------------------------------------------------------------------------

def test_action_not_in_the_list(tmp_path: Path) -> None:
    data = example()
    row = added(data, section="Права", position=DIRECTOR, action="удалить",
                text="Утверждать штатное расписание.")
    f = only(check_data(tmp_path, data), "D002")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, SHEET, where(data, row, "action"), ("генеральный директор",))
    assert "«удалить»" in f.message and "«добавить»" in f.message
    assert "«заменить»" in f.hint and "очистите" in f.hint


def test_action_in_other_case_is_fine(tmp_path: Path) -> None:
    data = example()
    added(data, section="Права", position=DIRECTOR, action="ЗАМЕНИТЬ ", text="Подписывать всё.")
    added(data, section="Права", position=STOREKEEPER, action="Добавить", text="Принимать товар.")
    assert clause_findings(check_data(tmp_path, data)) == []


def test_replace_for_a_known_position_is_not_a_finding(tmp_path: Path) -> None:
    data = example()
    added(data, section="Ответственность", position=STOREKEEPER, action=schema.REPLACE,
          text="За сохранность склада {организация}.")
    assert clause_findings(check_data(tmp_path, data)) == []


# D003: fields in braces ----------------------------------------------------------------------

def test_unknown_field(tmp_path: Path) -> None:
    data = example()
    row = general(data)
    row["text"] = "Работник {должность_дп} назначается приказом."
    f = only(check_data(tmp_path, data), "D003")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, SHEET, where(data, row, "text"), (ALL_POSITIONS,))
    assert "«{должность_дп}»" in f.message
    assert all("{" + name + "}" in f.message for name in schema.CLAUSE_FIELDS)
    assert "Скопируйте название поля" in f.hint


def test_several_unknown_fields_in_one_finding(tmp_path: Path) -> None:
    data = example()
    row = added(data, section="Права", position=STOREKEEPER,
                text="Подписывать от имени {организацыя} накладные {склад} и {склад}.")
    f = only(check_data(tmp_path, data), "D003")
    assert f.affects == ("кладовщик",)
    assert "Полей «{организацыя}», «{склад}» нет в списке" in f.message
    assert f.cell == where(data, row, "text")


@pytest.mark.parametrize(("value", "said"), [
    ("Подчиняется {руководитель.", "«{» без закрывающей «}»"),
    ("Подчиняется руководитель}.", "«}» без открывающей «{»"),
    ("Подчиняется {{руководитель}}.", "непарные фигурные скобки"),
])
def test_unbalanced_brace(tmp_path: Path, value: str, said: str) -> None:
    data = example()
    row = general(data)
    row["text"] = value
    f = only(check_data(tmp_path, data), "D003")
    assert (f.level, f.cell, f.affects) == (
        Level.ERROR, where(data, row, "text"), (ALL_POSITIONS,))
    assert said in f.message and "закройте скобку" in f.hint


def test_field_names_as_the_document_reads_them(tmp_path: Path) -> None:
    data = example()
    general(data)["text"] = ("{Должность} {ДОЛЖНОСТЬ_РП} { должность } {должность рп} "
                             "{Организация} {замещает}.")
    assert clause_findings(check_data(tmp_path, data)) == []


@pytest.mark.parametrize("value", [
    "Работник {должность}.",
    "Работник {Должность_РП} и { организация }.",
    "Работник {должность  рп}.",
    "Работник {должность-рп}.",
    "Работник {должность_дп}.",
    "Работник {}.",
    "Работник {должность.",
    "Работник должность}.",
    "Работник {{должность}}.",
    "Работник {должность} {руководитель.",
])
def test_the_check_agrees_with_the_document(value: str) -> None:
    # what the checker accepts is what main_document fills in without a brace left over
    fields = {name: "X" for name in schema.CLAUSE_FIELDS}
    filled = resolve(value, fields)
    assert filled is not None
    left_over = "{" in filled or "}" in filled
    assert left_over == bool(unknown_fields(value) or stray_braces(value))


def test_the_rule_lists_every_field() -> None:
    what = load_rules()["D003"].what
    assert all("{" + name + "}" in what for name in schema.CLAUSE_FIELDS)


# D004: «заменить» for every position --------------------------------------------------------

def test_replace_without_a_position(tmp_path: Path) -> None:
    data = example()
    row = general(data)
    row["action"] = "Заменить"
    f = only(check_data(tmp_path, data), "D004")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, SHEET, where(data, row, "action"), ())
    assert "ничего не заменяет" in f.message and "«Общие положения»" in f.message
    assert "«Должность»" in f.hint and "«Действие»" in f.hint


# D005: a row without a text ------------------------------------------------------------------

def test_row_without_text(tmp_path: Path) -> None:
    data = example()
    row = added(data, section="Права", position=STOREKEEPER, text=None)
    f = only(check_data(tmp_path, data), "D005")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, SHEET, where(data, row, "text"), ())
    assert "«Раздел» — «Права»" in f.message and f"«{STOREKEEPER}»" in f.message
    assert "удалите строку" in f.hint


def test_row_without_text_reports_nothing_else(tmp_path: Path) -> None:
    data = example()
    added(data, section="Обязанности", action="заменить", text=None)
    assert [f.rule for f in clause_findings(check_data(tmp_path, data))] == ["D005"]


# D006: the position -------------------------------------------------------------------------

def test_clause_for_an_unknown_position(tmp_path: Path) -> None:
    data = example()
    row = added(data, section="Права", position="Кладовщица", text="Принимать товар.")
    f = only(check_data(tmp_path, data), "D006")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.ERROR, SHEET, where(data, row, "position"), ("кладовщик",))
    assert "«Кладовщица»" in f.message and f"«{STOREKEEPER}»" in f.message
    assert "«Принимать товар.»" in f.message and "очистите ячейку" in f.hint


def test_clause_for_a_position_nothing_like_any(tmp_path: Path) -> None:
    data = example()
    added(data, section="Права", position="Главный инженер", text="Принимать товар.")
    f = only(check_data(tmp_path, data), "D006")
    assert f.affects == () and "«Главный инженер»" in f.message


def test_position_in_other_case_and_spacing_is_fine(tmp_path: Path) -> None:
    data = example()
    added(data, section="Права", position="  кладовщик ", text="Принимать товар.")
    added(data, section="Права", position=DIRECTOR.upper(), text="Подписывать договоры.")
    assert clause_findings(check_data(tmp_path, data)) == []


def test_latin_letters_in_the_position_are_left_to_the_names_rules(tmp_path: Path) -> None:
    data = example()
    added(data, section="Права", position="Кладoвщик", text="Принимать товар.")  # Latin o
    findings = check_data(tmp_path, data)
    assert by_rule(findings, "D006") == [] and len(by_rule(findings, "N001")) == 1


# A book of version 1 -------------------------------------------------------------------------

def test_book_without_the_sheet(tmp_path: Path) -> None:
    data = example()
    general(data)["section"] = "Обязанности"  # would be D001, were the sheet there
    book = build_workbook(data)
    del book[SHEET]
    assert clause_findings(check_book(tmp_path, book)) == []
