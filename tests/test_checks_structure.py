"""Structure rules: each one on a real workbook that breaks it, and silent on the example."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from procxl import schema
from procxl.checks import check
from procxl.checks.findings import ALL_POSITIONS, Level
from procxl.model import column_letter
from procxl.workbook.reader import read_source, read_workbook
from procxl.workbook.source import MemorySource
from procxl.workbook.template import build_workbook
from tests.checking import by_rule, check_data, example, excel_row, row_of
from tests.rule_cases import cell_ref, check_book, example_findings, family_codes, only
from tests.xlsx_files import set_cached_value, write_xlsx


@pytest.mark.parametrize("code", family_codes("structure"))
def test_example_passes(code: str) -> None:
    assert by_rule(list(example_findings()), code) == []


def test_example_has_no_errors() -> None:
    assert [f for f in example_findings() if f.level is Level.ERROR] == []


def test_required_sheet_missing(tmp_path: Path) -> None:
    wb = build_workbook(example())
    del wb[schema.PERFORMERS.name]
    f = only(check_book(tmp_path, wb), "S001")
    assert (f.level, f.sheet, f.cell) == (Level.ERROR, "Исполнители", None)
    assert "«Исполнители»" in f.message
    assert f.affects == (ALL_POSITIONS,)


def test_required_sheet_misspelt_is_named_in_the_hint(tmp_path: Path) -> None:
    wb = build_workbook(example())
    wb[schema.PROCESSES.name].title = "Процесы"
    f = only(check_book(tmp_path, wb), "S001")
    assert f.sheet == "Процессы"
    assert "«Процесы»" in f.hint


def test_optional_sheet_missing(tmp_path: Path) -> None:
    wb = build_workbook(example())
    del wb[schema.VACANCIES.name]
    f = only(check_book(tmp_path, wb), "S002")
    assert (f.level, f.sheet, f.cell, f.affects) == (Level.NOTE, "Вакансии", None, ())
    assert "«Вакансии»" in f.message


def test_header_not_found(tmp_path: Path) -> None:
    wb = build_workbook(example())
    ws = wb[schema.DEPARTMENTS.name]
    for cell in ws[1]:
        cell.value = None
    ws["A1"] = "Список подразделений"
    findings = check_book(tmp_path, wb)
    f = only(findings, "S003")
    assert (f.level, f.sheet, f.cell) == (Level.ERROR, "Подразделения", None)
    assert "«Список подразделений»" in f.message
    assert by_rule(findings, "S004") == []  # one finding for the sheet, not one per column


def test_blank_optional_sheet_is_not_a_missing_header(tmp_path: Path) -> None:
    findings = check_book(tmp_path, _without_rows(build_workbook(example()), schema.VALUES))
    assert by_rule(findings, "S003") == []


def _without_rows(wb: openpyxl.Workbook, sheet: schema.Sheet) -> openpyxl.Workbook:
    ws = wb[sheet.name]
    ws.delete_rows(1, ws.max_row)
    return wb


def test_required_column_missing(tmp_path: Path) -> None:
    wb = build_workbook(example())
    wb[schema.POSITIONS.name][cell_ref(schema.POSITIONS, "department", 1)] = None
    f = only(check_book(tmp_path, wb), "S004")
    assert (f.level, f.sheet, f.cell) == (Level.ERROR, "Должности", None)
    assert "«Подразделение»" in f.message
    assert f.affects == (ALL_POSITIONS,)


def test_duplicate_header(tmp_path: Path) -> None:
    wb = build_workbook(example())
    ws = wb[schema.PROCESSES.name]
    ws.cell(1, len(schema.PROCESSES.columns) + 1, "Цели")
    f = only(check_book(tmp_path, wb), "S005")
    duplicate = column_letter(len(schema.PROCESSES.columns) + 1)
    assert (f.level, f.sheet, f.cell) == (Level.ERROR, "Процессы", f"{duplicate}1")
    assert "«Цели»" in f.message
    assert cell_ref(schema.PROCESSES, "goals", 1) in f.message


def test_alias_header_duplicates_the_standard_one(tmp_path: Path) -> None:
    wb = build_workbook(example())
    wb[schema.PROCESSES.name].cell(1, len(schema.PROCESSES.columns) + 1, "Код процесса")
    f = only(check_book(tmp_path, wb), "S005")
    assert "«Код процесса»" in f.message and "«Код» (A1)" in f.message


def test_merged_data_cells(tmp_path: Path) -> None:
    data = example()
    process = row_of(data, "processes", code="4.1")
    row = excel_row(data, "processes", process)
    wb = build_workbook(data)
    first = cell_ref(schema.PROCESSES, "owner", row)
    area = f"{first}:{cell_ref(schema.PROCESSES, 'owner', row + 1)}"
    wb[schema.PROCESSES.name].merge_cells(area)
    f = only(check_book(tmp_path, wb), "S006")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Процессы", first)
    assert area in f.message
    assert f.affects == ("программист", "системный администратор")  # who performs 4.1, 4.2


def test_merged_header_cells(tmp_path: Path) -> None:
    wb = build_workbook(example())
    wb[schema.PERFORMERS.name].merge_cells("C1:D1")
    f = only(check_book(tmp_path, wb), "S006")
    assert (f.sheet, f.cell) == ("Исполнители", "C1")
    assert "C1:D1" in f.message and "заголовк" in f.message


def test_merge_down_from_the_header_hides_data_not_headers(tmp_path: Path) -> None:
    wb = build_workbook(example())
    wb[schema.PERFORMERS.name].merge_cells("B1:B3")
    f = only(check_book(tmp_path, wb), "S006")
    assert (f.sheet, f.cell) == ("Исполнители", "B1")
    assert "B1:B3" in f.message and "заголовк" not in f.message


def test_merged_cells_outside_the_table_are_the_users_own(tmp_path: Path) -> None:
    wb = build_workbook(example())
    ws = wb[schema.PERFORMERS.name]
    ws.merge_cells("H3:I5")
    assert by_rule(check_book(tmp_path, wb), "S006") == []


def test_formula_without_saved_value(tmp_path: Path) -> None:
    data = example()
    row = excel_row(data, "positions", row_of(data, "positions", name="Кладовщик"))
    wb = build_workbook(data)
    cell = cell_ref(schema.POSITIONS, "manager", row)
    wb[schema.POSITIONS.name][cell] = f"={cell_ref(schema.POSITIONS, 'manager', row - 1)}"
    f = only(check_book(tmp_path, wb), "S007")
    assert (f.level, f.sheet, f.cell) == (Level.ERROR, "Должности", cell)
    assert cell in f.message
    assert "кладовщик" in f.affects


def test_formula_with_saved_value_is_fine(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "формулы.xlsx", {
        "Процессы": [["Код", "Процесс"], ["1", "=\"Продажи\""]],
    })
    set_cached_value(path, 1, "B2", "Продажи")
    assert by_rule(check(read_workbook(path)), "S007") == []


def test_many_formulas_make_one_finding(tmp_path: Path) -> None:
    rows = [["Код", "Процесс"]] + [[str(n), f"=\"Процесс {n}\""] for n in range(1, 9)]
    path = write_xlsx(tmp_path / "формулы.xlsx", {"Процессы": rows})
    f = only(check(read_workbook(path)), "S007")
    assert f.cell == "B2"
    assert "8 формул" in f.message and "B6 и другие" in f.message


def test_unknown_column(tmp_path: Path) -> None:
    wb = build_workbook(example())
    ws = wb[schema.PROCESSES.name]
    column = len(schema.PROCESSES.columns) + 1
    ws.cell(1, column, "Комментарий")
    f = only(check_book(tmp_path, wb), "S008")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.NOTE, "Процессы", f"{column_letter(column)}1", ())
    assert "«Комментарий»" in f.message


def test_misspelt_column_is_named_in_the_hint(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "опечатка.xlsx", {
        "Процессы": [["Код", "Процесс", "Поставшики"], ["1", "Продажи", "Склад"]],
    })
    f = only(check(read_workbook(path)), "S008")
    assert (f.cell, f.hint.count("«Поставщики»")) == ("C1", 1)


def test_header_below_row_one(tmp_path: Path) -> None:
    wb = build_workbook(example())
    ws = wb[schema.DEPARTMENTS.name]
    ws.insert_rows(1, 2)
    ws["A1"] = "Подразделения ООО «Магистраль-Авто»"
    f = only(check_book(tmp_path, wb), "S009")
    assert (f.level, f.sheet, f.cell, f.affects) == (Level.NOTE, "Подразделения", "A3", ())
    assert "«Подразделение»" in f.message and "строке 3" in f.message


def test_required_sheet_without_data(tmp_path: Path) -> None:
    data = example()
    data["processes"] = []
    f = only(check_data(tmp_path, data), "S010")
    assert (f.level, f.sheet, f.cell) == (Level.ERROR, "Процессы", None)
    assert "«Процессы»" in f.message
    assert f.affects == (ALL_POSITIONS,)


def test_empty_optional_sheet_is_fine(tmp_path: Path) -> None:
    data = example()
    data["vacancies"] = []
    assert by_rule(check_data(tmp_path, data), "S010") == []


def test_organisation_name_empty(tmp_path: Path) -> None:
    data = example()
    data["organisation"]["name"] = ""
    f = only(check_data(tmp_path, data), "S011")
    assert (f.level, f.sheet, f.cell) == (Level.ERROR, "Организация", "B2")
    assert "«Наименование организации»" in f.message
    assert f.affects == (ALL_POSITIONS,)


def test_organisation_name_row_missing(tmp_path: Path) -> None:
    wb = build_workbook(example())
    wb[schema.ORGANISATION.name].delete_rows(2)
    f = only(check_book(tmp_path, wb), "S011")
    assert (f.sheet, f.cell) == ("Организация", None)
    assert "«Наименование организации»" in f.message


def test_organisation_name_misspelt_points_at_the_row(tmp_path: Path) -> None:
    wb = build_workbook(example())
    wb[schema.ORGANISATION.name]["A2"] = "Наименование организаций"
    findings = check_book(tmp_path, wb)
    f = only(findings, "S011")
    assert (f.sheet, f.cell) == ("Организация", "A2")
    assert "«Наименование организаций»" in f.message
    assert "«Наименование организации»" in f.hint
    assert by_rule(findings, "S013") == []  # one finding for the row, not two


def test_unknown_parameter(tmp_path: Path) -> None:
    wb = build_workbook(example())
    ws = wb[schema.ORGANISATION.name]
    ws.append(["ИНН", "1655000000"])
    ws.append(["Утверждает: должностъ", "Директор"])
    ws.append([None, "Без названия"])
    findings = by_rule(check_book(tmp_path, wb), "S013")
    last = ws.max_row
    assert [(f.level, f.sheet, f.cell, f.affects) for f in findings] == [
        (Level.NOTE, "Организация", f"A{last - 2}", ()),
        (Level.NOTE, "Организация", f"A{last - 1}", ()),
        (Level.NOTE, "Организация", f"A{last}", ()),
    ]
    assert "«ИНН»" in findings[0].message
    assert "«Утверждает: должность»" in findings[1].hint
    assert "«Без названия»" in findings[2].message


def test_parameter_repeated_with_another_value(tmp_path: Path) -> None:
    wb = build_workbook(example())
    ws = wb[schema.ORGANISATION.name]
    ws.append(["Город", "Москва"])
    ws.append(["город", " казань "])  # the same value: harmless
    findings = check_book(tmp_path, wb)
    f = only(findings, "S014")
    assert (f.level, f.sheet, f.cell) == (Level.ERROR, "Организация", f"B{ws.max_row - 1}")
    assert "«Москва»" in f.message and "«Казань»" in f.message
    assert f.affects == (ALL_POSITIONS,)


def book_rows(data: dict) -> dict[str, list[list[object]]]:
    """The values of every sheet of the standard workbook holding the data, from A1."""
    wb = build_workbook(data)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def test_excel_error_value() -> None:
    data = example()
    process = row_of(data, "processes", code="1.2")
    row = excel_row(data, "processes", process)
    sheets = book_rows(data)
    column = schema.PROCESSES.columns.index(schema.PROCESSES.column("owner"))
    sheets[schema.PROCESSES.name][row - 1][column] = "#N/A"
    f = only(check(read_source(MemorySource(sheets))), "S012")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Процессы", cell_ref(schema.PROCESSES, "owner", row))
    assert "«#Н/Д» (#N/A)" in f.message
    assert f.affects == ("мастер-приемщик",)


def test_excel_error_in_a_list_cell_is_one_finding() -> None:
    data = example()
    row_of(data, "values", value="Забота о клиенте")["explanation"] = "#REF!"
    f = only(check(read_source(MemorySource(book_rows(data)))), "S012")
    assert f.sheet == "Ценности" and "«#ССЫЛКА!»" in f.message
    assert f.affects == (ALL_POSITIONS,)


def test_excel_error_value_in_a_file(tmp_path: Path) -> None:
    data = example()
    row_of(data, "processes", code="1.2")["owner"] = "#N/A"  # openpyxl saves an error cell
    assert by_rule(check_data(tmp_path, data), "S012")
