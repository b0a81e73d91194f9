"""The `Проверка` sheet: a row per finding, levels coloured, a working link to each cell."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from procxl import schema
from procxl.checks import check
from procxl.checks.findings import Finding, Level
from procxl.workbook import template, writer
from procxl.workbook.files import atomic_save
from procxl.workbook.reader import read_workbook
from procxl.workbook.template import GENERATED_NOTE, build_workbook
from procxl.workbook.writer import write_findings
from tests.checking import example, row_of
from tests.xlsx_files import libreoffice_evaluates

SHEET = schema.FINDINGS
HEADERS = [c.header for c in SHEET.columns]


def broken_example() -> dict:
    data = example()
    row_of(data, "processes", code="1.2")["name"] = ""
    row_of(data, "performers", process_code="1.1")["position"] = "Диспетчер смены"
    return data


def write_and_reopen(tmp_path: Path, data: dict, findings: list[Finding]) -> openpyxl.Workbook:
    wb = build_workbook(data)
    write_findings(wb, findings)
    path = tmp_path / "с проверкой.xlsx"
    atomic_save(wb, path)
    return openpyxl.load_workbook(path)


def findings_for(tmp_path: Path, data: dict) -> list[Finding]:
    path = tmp_path / "исходная.xlsx"
    atomic_save(build_workbook(data), path)
    return check(read_workbook(path))


def test_one_row_per_finding_in_order(tmp_path: Path) -> None:
    data = broken_example()
    findings = findings_for(tmp_path, data)
    assert any(f.level is Level.ERROR for f in findings)
    ws = write_and_reopen(tmp_path, data, findings)[SHEET.name]
    assert ws.cell(1, 1).value.startswith(GENERATED_NOTE + " Проверено ")
    assert [c.value for c in ws[SHEET.header_row]][: len(HEADERS)] == HEADERS
    rows = list(ws.iter_rows(min_row=SHEET.first_data_row, values_only=True))
    assert len(rows) == len(findings)
    expected = sorted(findings, key=Finding.sort_key)
    for row, finding in zip(rows, expected, strict=True):
        assert row[0] == finding.level.russian
        assert row[1] == finding.rule
        assert row[2] == finding.sheet
        assert row[3] == (finding.cell or "перейти")
        assert (row[4], row[5]) == (finding.message, finding.hint)
    levels = [Level(next(lv for lv in Level if lv.russian == r[0])).rank for r in rows]
    assert levels == sorted(levels)


def test_cells_link_to_the_place_of_the_finding(tmp_path: Path) -> None:
    data = broken_example()
    findings = findings_for(tmp_path, data)
    wb = write_and_reopen(tmp_path, data, findings)
    ws = wb[SHEET.name]
    name_finding = next(f for f in findings if f.sheet == schema.PROCESSES.name and f.cell
                        and f.cell.startswith("B"))
    for row in ws.iter_rows(min_row=SHEET.first_data_row):
        if row[3].value == name_finding.cell and row[2].value == name_finding.sheet:
            link = row[3].hyperlink
            assert link is not None and link.location == f"'Процессы'!{name_finding.cell}"
            target_sheet, target_cell = link.location.split("!")
            assert wb[target_sheet.strip("'")][target_cell] is not None
            break
    else:
        raise AssertionError("the finding's row is missing")


def test_links_stop_at_what_excel_keeps_on_one_sheet(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Excel keeps 65 530 hyperlinks a sheet and «repairs» away all of a book with more: a
    # broken large book can have that many findings. The limit is lowered to see past it
    monkeypatch.setattr(writer, "MAX_LINKS", 3)
    data = broken_example()
    findings = [f for f in findings_for(tmp_path, data) if f.cell]
    assert len(findings) > 3
    ws = write_and_reopen(tmp_path, data, findings)[SHEET.name]
    rows = list(ws.iter_rows(min_row=SHEET.first_data_row, max_row=SHEET.first_data_row
                             + len(findings) - 1))
    assert all(row[3].hyperlink is not None for row in rows[:3])
    assert all(row[3].hyperlink is None for row in rows[3:])
    expected = sorted(findings, key=Finding.sort_key)
    assert [row[3].value for row in rows] == [f.cell for f in expected]  # addresses kept
    assert ws.cell(1, 1).value.endswith("Ссылки на ячейки есть у первых 3 строк: больше на "
                                        "одном листе Excel не держит.")
    assert sum(cell.hyperlink is not None for row in ws.iter_rows() for cell in row) == 3


def test_levels_are_coloured(tmp_path: Path) -> None:
    data = broken_example()
    ws = write_and_reopen(tmp_path, data, findings_for(tmp_path, data))[SHEET.name]
    colours = {}
    for row in ws.iter_rows(min_row=SHEET.first_data_row):
        colours.setdefault(row[0].value, row[0].fill.start_color.rgb)
    assert colours["ошибка"] != colours.get("предупреждение", colours.get("замечание"))
    assert all(c not in (None, "00000000") for c in colours.values())


def test_replaced_on_every_run_in_the_same_place(tmp_path: Path) -> None:
    data = broken_example()
    findings = findings_for(tmp_path, data)
    wb = build_workbook(data)
    index = wb.sheetnames.index(SHEET.name)
    write_findings(wb, findings)
    write_findings(wb, findings[:1])
    assert wb.sheetnames.index(SHEET.name) == index
    assert wb.sheetnames.count(SHEET.name) == 1
    rows = list(wb[SHEET.name].iter_rows(min_row=SHEET.first_data_row, values_only=True))
    assert len(rows) == 1


def test_added_after_the_standard_sheets_when_missing(tmp_path: Path) -> None:
    wb = build_workbook(example())
    del wb[SHEET.name]
    wb.create_sheet("Мои заметки")
    write_findings(wb, [])
    names = wb.sheetnames
    before = schema.SHEETS[schema.SHEETS.index(SHEET) - 1]
    assert names.index(SHEET.name) == names.index(before.name) + 1
    assert names[-1] == "Мои заметки"


def test_a_clean_book_says_so_with_the_time_of_the_check(tmp_path: Path) -> None:
    wb = build_workbook(example())
    when = dt.datetime(2026, 12, 1, 9, 5)
    write_findings(wb, [], checked_at=when)
    ws = wb[SHEET.name]
    assert ws.cell(1, 1).value == f"{GENERATED_NOTE} Проверено 01.12.2026 в 09:05."
    rows = [r for r in ws.iter_rows(min_row=SHEET.first_data_row, values_only=True) if any(r)]
    message = rows[0][list(c.key for c in SHEET.columns).index("message")]
    assert len(rows) == 1 and message.startswith("Ошибок нет")


def test_a_book_with_findings_does_not_say_it_is_clean(tmp_path: Path) -> None:
    findings = findings_for(tmp_path, broken_example())
    ws = write_and_reopen(tmp_path, broken_example(), findings)[SHEET.name]
    texts = [v for r in ws.iter_rows(values_only=True) for v in r if isinstance(v, str)]
    assert not any(t.startswith("Ошибок нет") for t in texts)


# Findings marked on their own sheets ----------------------------------------------------

@pytest.mark.parametrize("sheet", schema.USER_SHEETS, ids=lambda s: s.key)
def test_every_input_sheet_marks_the_cells_findings_name(sheet: schema.Sheet) -> None:
    ws = build_workbook(example())[sheet.name]
    rules = [(rng.sqref, rule) for rng in ws.conditional_formatting for rule in rng.rules]
    formulas = {rule.formula[0] for _, rule in rules}
    assert formulas == {template.finding_mark_formula(sheet.name, level)
                        for level, _, _ in template.FINDING_MARKS}
    assert all(str(sqref).startswith(f"A{sheet.first_data_row}:") for sqref, _ in rules)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_mark_appears_with_its_finding_and_goes_with_it(tmp_path: Path) -> None:
    data = broken_example()
    findings = findings_for(tmp_path, data)
    error = next(f for f in findings if f.level is Level.ERROR and f.cell)
    other = next(f for f in findings if f.level is Level.WARNING and f.cell)
    asked = [template.finding_mark_formula(error.sheet, Level.ERROR, f'"{error.cell}"'),
             template.finding_mark_formula(error.sheet, Level.WARNING, f'"{error.cell}"'),
             template.finding_mark_formula(other.sheet, Level.WARNING, f'"{other.cell}"'),
             template.finding_mark_formula(error.sheet, Level.ERROR, '"A1"')]
    marked = build_workbook(data)
    write_findings(marked, findings)
    assert libreoffice_evaluates(tmp_path, marked, asked) == ["TRUE", "FALSE", "TRUE", "FALSE"]
    clean = build_workbook(data)
    write_findings(clean, [])  # the next check finds nothing: every mark is gone
    assert libreoffice_evaluates(tmp_path, clean, asked) == ["FALSE"] * 4
