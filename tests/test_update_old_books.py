"""`procxl update` on a book made before the input sheets printed, filtered and marked
findings: it gives each input sheet what a new book's has, only where the user set none."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from procxl import schema
from procxl.checks.findings import Level
from procxl.workbook.assessment_sheets import ASSESSMENT_SHEETS
from procxl.workbook.book import OpenpyxlBook
from procxl.workbook.reader import read_workbook
from procxl.workbook.source import open_source
from procxl.workbook.template import PAGE_FOOTER, is_finding_mark
from procxl.workbook.update import update_book, update_workbook
from tests.ooxml_schema import xlsx_problems
from tests.test_update_parts import assert_consistent, edit_parts, parts, sheet_part

OLD_BOOK = Path(__file__).resolve().parent / "data" / "old-books" / \
    "пример-автосервис-без-печати.xlsx"
"""The example as procxl wrote it before print settings, filters and marks of findings."""
ORGANISATION = "ООО «Магистраль-Авто»"
INPUT_SHEETS = [s for s in schema.USER_SHEETS
                if s.name in openpyxl.load_workbook(OLD_BOOK, read_only=True).sheetnames]
"""The input sheets the old book has (those of professional standards came later: a book
without them needs none)."""
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def old_book(tmp_path: Path) -> Path:
    path = tmp_path / "старая книга.xlsx"
    shutil.copyfile(OLD_BOOK, path)
    return path


def marks(ws: Worksheet) -> list[tuple[str, Level]]:
    return [(str(cf.sqref), level) for cf in ws.conditional_formatting for rule in cf.rules
            for level in Level if rule.formula and is_finding_mark(rule.formula[0], level)]


def test_the_old_book_has_none_of_it() -> None:
    book = openpyxl.load_workbook(OLD_BOOK)
    for sheet in INPUT_SHEETS:
        if sheet in ASSESSMENT_SHEETS:  # made before them: update adds them
            assert sheet.name not in book.sheetnames
            continue
        ws = book[sheet.name]
        assert not ws.auto_filter.ref and not ws.print_title_rows and not marks(ws)
        assert not ws.sheet_properties.pageSetUpPr.fitToPage


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = old_book(tmp_path_factory.mktemp("old"))
    update_workbook(path)
    return path


@pytest.mark.parametrize("sheet", INPUT_SHEETS, ids=lambda s: s.key)
def test_every_input_sheet_prints_filters_and_marks_findings(updated: Path,
                                                             sheet: schema.Sheet) -> None:
    ws = openpyxl.load_workbook(updated)[sheet.name]
    assert ws.page_setup.paperSize == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.orientation == "landscape"  # as the old template gave it, kept
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert ws.oddHeader.left.text == ORGANISATION
    assert ws.oddHeader.right.text == "&A"
    assert ws.oddFooter.center.text == PAGE_FOOTER
    last = "5000" if not sheet.params else "200"
    width = max(len(sheet.columns), 2)
    assert marks(ws) == [(f"A2:{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[width - 1]}{last}", Level.ERROR),
                         (f"A2:{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[width - 1]}{last}",
                          Level.WARNING)]
    if sheet.params:
        assert not ws.auto_filter.ref
    else:
        assert ws.auto_filter.ref == f"A1:{ws.auto_filter.ref.split(':')[1]}"
        assert int(re.sub(r"\D", "", ws.auto_filter.ref.split(":")[1])) == max(ws.max_row, 1)


def test_the_filter_covers_the_rows_update_added(updated: Path) -> None:
    org = read_workbook(updated)
    ws = openpyxl.load_workbook(updated)[schema.PROFILES.name]
    assert ws.auto_filter.ref == f"A1:G{1 + len(org.profiles)}"


def test_the_marks_look_as_in_a_new_book(updated: Path) -> None:
    ws = openpyxl.load_workbook(updated)[schema.PERFORMERS.name]
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert [(r.dxf.fill.fgColor.rgb, r.dxf.font.color.rgb, r.stopIfTrue) for r in rules] == [
        ("00FFC7CE", "009C0006", True), ("00FFEB9C", "009C5700", True)]


def test_a_second_update_leaves_the_parts_byte_identical(updated: Path,
                                                           tmp_path: Path) -> None:
    again = tmp_path / "ещё раз.xlsx"
    shutil.copyfile(updated, again)
    update_workbook(again)
    first, second = parts(updated), parts(again)
    # but «Проверка» and the strings it uses, which say when the book was checked
    clock = {sheet_part(again, schema.FINDINGS.name), "xl/sharedStrings.xml"}
    assert [n for n in first if first[n] != second.get(n) and n not in clock] == []


GROWING = {"cols": rb"<col [^>]*/>",
           "dataValidations": rb"<dataValidation\b.*?</dataValidation>"}
"""The elements a sheet that gains columns adds items to: every old item stays as it was
(the count attribute of dataValidations grows)."""


def test_only_the_sheets_styles_and_names_change(tmp_path: Path) -> None:
    path = old_book(tmp_path)
    before = parts(path)
    update_workbook(path)
    after = parts(path)
    inputs = {sheet_part(path, s.name) for s in INPUT_SHEETS}
    generated = {sheet_part(path, s.name) for s in schema.GENERATED_SHEETS}
    owned = {"xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml", "docProps/app.xml",
             "[Content_Types].xml", "xl/_rels/workbook.xml.rels"}
    changed = {n for n in before if after.get(n) != before[n]}
    assert changed - owned - inputs - generated <= {
        n for n in changed if "comments" in n or n.endswith(".vml") or "/_rels/" in n}
    # a sheet gains elements; its rows, columns and views stay as they were
    for part in inputs - {sheet_part(path, schema.PROFILES.name)}:
        if part not in before:  # a sheet the old book did not have
            continue
        for element in ("sheetViews", "cols", "dataValidations", "pageMargins"):
            old = re.search(rf"<{element}\b.*?</{element}>|<{element}\b[^>]*/>".encode(),
                            before[part], re.S)
            if old and element in GROWING:  # «Должности» gains the columns of version 2
                item = GROWING[element]
                kept = re.findall(item, old.group(0), re.S)
                assert set(kept) <= set(re.findall(item, after[part], re.S)), (part, element)
            elif old:
                assert old.group(0) in after[part], (part, element)


def test_every_part_is_schema_valid_and_consistent(updated: Path) -> None:
    assert {p: found for p, found in xlsx_problems(updated).items() if found} == {}
    assert_consistent(updated)


# The user's own settings ---------------------------------------------------------------------

USER_PRINT = (b'<pageSetup paperSize="8" orientation="portrait" fitToWidth="2" fitToHeight="0"/>'
              + "<headerFooter><oddFooter>&amp;CМой колонтитул</oddFooter></headerFooter>"
              .encode())
USER_FILTER = b'<autoFilter ref="A1:C5"/>'
USER_FORMAT = (b'<conditionalFormatting sqref="B2:B40"><cfRule type="cellIs" dxfId="0" '
               b'priority="1" operator="equal"><formula>"1.1"</formula></cfRule>'
               b"</conditionalFormatting>")


def own_settings(tmp_path: Path) -> Path:
    """The old book where the user gave «Процессы» print settings of their own (fit two pages
    wide, portrait A3, a footer) and «Исполнители» a filter and a conditional format."""
    path = old_book(tmp_path)
    found = parts(path)
    processes = sheet_part(path, schema.PROCESSES.name)
    data = found[processes]
    data = data.replace(b"<pageSetUpPr/>", b'<pageSetUpPr fitToPage="1"/>')
    data = re.sub(rb"<pageSetup\b[^>]*/>", USER_PRINT, data)
    performers = sheet_part(path, schema.PERFORMERS.name)
    other = found[performers].replace(b"</sheetData>", b"</sheetData>" + USER_FILTER)
    other = other.replace(b"<dataValidations", USER_FORMAT + b"<dataValidations")
    styles = found["xl/styles.xml"]
    if b"<dxfs" not in styles:
        styles = styles.replace(b"<tableStyles", b'<dxfs count="1"><dxf><font><b/></font>'
                                b"</dxf></dxfs><tableStyles")
    edit_parts(path, {processes: data, performers: other, "xl/styles.xml": styles})
    return path


def test_the_users_print_settings_filter_and_format_stay_theirs(tmp_path: Path) -> None:
    path = own_settings(tmp_path)
    update_workbook(path)
    found = parts(path)
    processes = found[sheet_part(path, schema.PROCESSES.name)]
    assert USER_PRINT in processes
    assert processes.count(b"<headerFooter") == 1 and processes.count(b"<pageSetup") == 1
    performers = found[sheet_part(path, schema.PERFORMERS.name)]
    assert performers.count(b"<autoFilter") == 1 and USER_FILTER in performers
    assert USER_FORMAT in performers
    book = openpyxl.load_workbook(path)
    ws = book[schema.PROCESSES.name]
    assert not ws.print_title_rows
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (8, "portrait")
    assert ws.oddFooter.center.text == "Мой колонтитул" and not ws.oddHeader.left.text
    assert ws.auto_filter.ref and len(marks(ws)) == 2  # what the user did not set comes in
    ws = book[schema.PERFORMERS.name]
    assert ws.auto_filter.ref == "A1:C5"
    rules = [(r.type, r.priority) for cf in ws.conditional_formatting for r in cf.rules]
    assert rules == [("cellIs", 1), ("expression", 2), ("expression", 3)]
    assert ws.print_title_rows == "$1:$1"
    again = parts(path)
    update_workbook(path)
    assert parts(path) == again


def test_a_table_on_the_sheet_counts_as_its_filter(tmp_path: Path) -> None:
    path = old_book(tmp_path)
    values = sheet_part(path, schema.VALUES.name)
    data = parts(path)[values]
    data = data.replace(b"</worksheet>", b'<tableParts count="1"><tablePart r:id="rId9"/>'
                        b"</tableParts></worksheet>")
    from procxl.workbook.partbook import _has_tables

    assert _has_tables(data)
    assert not _has_tables(data.replace(b'<tableParts count="1"><tablePart r:id="rId9"/>'
                                        b"</tableParts>", b'<tableParts count="0"/>'))


# The whole-book way (openpyxl) ---------------------------------------------------------------

def test_the_whole_book_way_adds_the_same_and_keeps_the_users_own(tmp_path: Path) -> None:
    path = own_settings(tmp_path)
    update_book(OpenpyxlBook.open(path), open_source(path), read_workbook(path))
    book = openpyxl.load_workbook(path)
    ws = book[schema.PERFORMERS.name]
    assert ws.auto_filter.ref == "A1:C5"
    assert [r.type for cf in ws.conditional_formatting for r in cf.rules] == [
        "cellIs", "expression", "expression"]
    assert ws.print_title_rows == "$1:$1" and ws.oddHeader.left.text == ORGANISATION
    assert (ws.page_setup.fitToWidth, ws.page_setup.orientation) == (1, "landscape")
    ws = book[schema.PROCESSES.name]
    assert not ws.print_title_rows and ws.page_setup.fitToWidth == 2
    assert ws.oddFooter.center.text == "Мой колонтитул"
    assert len(marks(ws)) == 2 and ws.auto_filter.ref
    update_book(OpenpyxlBook.open(path), open_source(path), read_workbook(path))
    again = openpyxl.load_workbook(path)[schema.PERFORMERS.name]
    assert len(marks(again)) == 2


# LibreOffice ---------------------------------------------------------------------------------

@pytest.mark.skipif(SOFFICE is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice (soffice) or pdfinfo is not installed")
def test_libreoffice_prints_the_updated_book_on_fewer_pages(updated: Path,
                                                             tmp_path: Path) -> None:
    def pages(book: Path) -> int:
        out = tmp_path / book.stem
        profile = f"file:///tmp/lo-procxl-{uuid.uuid4().hex}"
        try:
            subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(out), str(book)],
                           check=True, capture_output=True, timeout=300)
        finally:
            shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
        info = subprocess.run(["pdfinfo", str(out / f"{book.stem}.pdf")], check=True,
                              capture_output=True, text=True).stdout
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))

    before = tmp_path / "до.xlsx"
    shutil.copyfile(OLD_BOOK, before)
    assert pages(updated) < pages(before)
    with zipfile.ZipFile(updated) as z:
        assert z.testzip() is None
