"""`procxl update` of books written by programs other than Excel, with procxl's sheets
grafted in at the ZIP level: their parts take the spelling of their writer."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from lxml import etree

from procxl.workbook.opc import resolve
from procxl.workbook.reader import read_workbook
from tests.checking import example
from tests.corpus import CORPUS_DIR, MAIN_NS, example_workbook, graft_standard_sheets
from tests.ooxml_schema import xlsx_problems

SDK = Path(__file__).parent / "data" / "openxml-sdk"
BOOKS = sorted(p.name for p in SDK.glob("*.xlsx"))


def procxl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "procxl", *args], capture_output=True,
                          text=True, timeout=120)


def checked_and_updated(book: Path, commands: tuple[str, ...] = ("check", "update", "update",
                                                                  "check")) -> None:
    """Run the commands on `book` in turn: each succeeds, and the last check finds nothing."""
    for command in commands:
        done = procxl(command, str(book))
        assert done.returncode == 0, done.stdout + done.stderr
    assert "Ошибок не найдено" in done.stdout


@pytest.mark.parametrize("name", BOOKS)
def test_a_book_the_open_xml_sdk_wrote_updates_twice(name: str, tmp_path: Path) -> None:
    # the SDK prefixes every element (<x:sst>, <x:si>): the strings procxl adds must carry
    # the part's prefix, or they stand outside SpreadsheetML and Excel refuses the book
    with zipfile.ZipFile(SDK / name) as z:
        assert b"<x:sst" in z.read("xl/sharedStrings.xml")
        own = {n: z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")}
    book = graft_standard_sheets(SDK / name, example_workbook(), tmp_path / name)
    # a string numbered wrongly puts other texts in procxl's cells: the check would see them
    checked_and_updated(book, ("update", "update", "check"))
    with zipfile.ZipFile(book) as z:
        strings = etree.fromstring(z.read("xl/sharedStrings.xml"))
        assert {n: z.read(n) for n in own} == own  # the writer's own sheets, byte for byte
    entries = strings.findall(f"{{{MAIN_NS}}}si")
    assert strings.tag == f"{{{MAIN_NS}}}sst" and len(entries) == int(strings.get("uniqueCount"))
    assert all(e.tag.startswith(f"{{{MAIN_NS}}}") for e in strings.iter()
               if isinstance(e.tag, str))
    positions = [p.name.text for p in read_workbook(book).positions]
    assert positions == [p["name"] for p in example()["positions"]]
    assert openpyxl.load_workbook(book)["Должности"]["A2"].value == positions[0]


LAYOUT = Path(__file__).parent / "data" / "package-layout"
ELSEWHERE = {  # the book, its main part, the parts of its own sheets
    "sheetjs-main-part-elsewhere.xlsx": (
        "wtf/workbook.xml", ("wtf/worksheets/sheet1.xml", "wtf/worksheets/sheet2.xml")),
    "phpspreadsheet-main-part-at-root.xlsx": ("workbook.xml", ("xl/worksheets/data.xml",)),
}


@pytest.mark.parametrize("name", sorted(ELSEWHERE))
def test_a_book_whose_main_part_is_not_in_xl_is_checked_and_updated(name: str,
                                                                    tmp_path: Path) -> None:
    # the package names its main part in _rels/.rels, and it need not be xl/workbook.xml
    main, sheets = ELSEWHERE[name]
    with zipfile.ZipFile(LAYOUT / name) as z:
        assert "xl/workbook.xml" not in z.namelist()
        assert f'Target="{main}"'.encode() in z.read("_rels/.rels")
        own = {n: z.read(n) for n in sheets}
    book = graft_standard_sheets(LAYOUT / name, example_workbook(), tmp_path / "книга.xlsx")
    checked_and_updated(book)
    with zipfile.ZipFile(book) as z:
        assert {n: z.read(n) for n in own} == own
        workbook = etree.fromstring(z.read(main))
        assert f"{main.rpartition('/')[0]}/sharedStrings.xml".lstrip("/") in z.namelist()
    names = [s.get("name") for s in workbook.iter(f"{{{MAIN_NS}}}sheet")]
    assert "Обязанности" in names and "Профили" in names
    org = read_workbook(book)
    assert [p.name.text for p in org.positions] == [p["name"] for p in example()["positions"]]
    # what update wrote is where the book's own relationships lead (openpyxl reads styles
    # at xl/styles.xml only and cannot open these books, so calamine reads them)
    filled = python_calamine.CalamineWorkbook.from_path(str(book))
    assert len(filled.get_sheet_by_name("Обязанности").to_python()) > len(
        example()["performers"])
    assert len(filled.get_sheet_by_name("Профили").to_python()) > 1


def test_a_book_without_a_styles_part_is_checked_and_gets_one_on_update(tmp_path: Path) -> None:
    original = LAYOUT / "exceldatareader-no-styles.xlsx"
    with zipfile.ZipFile(original) as z:
        assert not any("styles" in n.casefold() for n in z.namelist())
        assert b"/styles" not in z.read("xl/_rels/workbook.xml.rels")
        own = z.read("xl/worksheets/sheet.xml")
    book = graft_standard_sheets(original, example_workbook(), tmp_path / "выгрузка.xlsx")
    styles = []
    for command in ("check", "update", "update", "check"):
        done = procxl(command, str(book))
        assert done.returncode == 0, done.stdout + done.stderr
        if command == "update":
            with zipfile.ZipFile(book) as z:
                styles.append(z.read("xl/styles.xml"))
                rels = z.read("xl/_rels/workbook.xml.rels")
                types = z.read("[Content_Types].xml")
                assert z.read("xl/worksheets/sheet.xml") == own
    assert "Ошибок не найдено" in done.stdout
    assert styles[0] == styles[1]  # made once, then found: the second update adds nothing
    assert rels.count(b"/relationships/styles") == 1
    assert b'PartName="/xl/styles.xml"' in types
    assert xlsx_problems(book)["xl/styles.xml"] == []
    # the default format comes first, so the exporter's own cells look as they did
    workbook = openpyxl.load_workbook(book)
    assert workbook.worksheets[0]["A1"].font.b is False
    header = workbook["Обязанности"].cell(2, 1)
    assert header.value == "Должность" and header.font.b


def test_a_shared_strings_part_without_its_relationship_is_taken_up(tmp_path: Path) -> None:
    # as in POI's bug62181.xlsx (875 KB, so not kept here): an empty xl/sharedStrings.xml
    # that no relationship names. calamine reads it by its place, Excel not at all: update
    # must fill that very part and name it, not start a second one beside it
    original = tmp_path / "без связи.xlsx"
    with zipfile.ZipFile(LAYOUT / "exceldatareader-no-styles.xlsx") as z, \
            zipfile.ZipFile(original, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            out.writestr(info, z.read(info))
        out.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN_NS}" count="0" '
                     'uniqueCount="0"></sst>')
    book = graft_standard_sheets(original, example_workbook(), tmp_path / "книга.xlsx")
    checked_and_updated(book, ("update", "update", "check"))
    with zipfile.ZipFile(book) as z:
        assert [n for n in z.namelist() if "sharedstrings" in n.casefold()] == [
            "xl/sharedStrings.xml"]
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        strings = etree.fromstring(z.read("xl/sharedStrings.xml"))
    targets = [r.get("Target") for r in rels if r.get("Type", "").endswith("/sharedStrings")]
    assert targets == ["sharedStrings.xml"]
    assert len(strings) == int(strings.get("uniqueCount")) > 0
    profiles = openpyxl.load_workbook(book)["Профили"]
    assert profiles.cell(2, 1).value == example()["positions"][0]["name"]


def _respelt(name: str) -> str:
    """An entry's name as some writers spell it: `xl/SharedStrings.xml`, `Sheet1.xml`."""
    if name == "xl/sharedStrings.xml":
        return "xl/SharedStrings.xml"
    return re.sub(r"^xl/worksheets/(_rels/)?sheet", r"xl/worksheets/\1Sheet", name)


def test_parts_spelt_in_another_case_than_their_relationships_are_one_part(
        tmp_path: Path) -> None:
    # part names differ only in case are one name (ECMA-376 Part 2): Excel opens books
    # whose entries are `xl/SharedStrings.xml` and `Sheet1.xml` while the relationships
    # say `sharedStrings.xml` and `sheet1.xml`, as pandas, calamine and SheetJS users met
    grafted = graft_standard_sheets(CORPUS_DIR / "closedxml-protected-workbook.xlsx",
                                    example_workbook(), tmp_path / "привитая.xlsx")
    book = tmp_path / "книга.xlsx"
    with zipfile.ZipFile(grafted) as z, zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            out.writestr(_respelt(info.filename), z.read(info))
    with zipfile.ZipFile(book) as z:
        assert "xl/SharedStrings.xml" in z.namelist()
        assert b'Target="sharedStrings.xml"' in z.read("xl/_rels/workbook.xml.rels")
        own = {"xl/worksheets/Sheet1.xml": z.read("xl/worksheets/Sheet1.xml")}
    checked_and_updated(book)
    with zipfile.ZipFile(book) as z:
        names = z.namelist()
        assert {n: z.read(n) for n in own} == own
    assert len({n.casefold() for n in names}) == len(names)  # no part twice
    assert "xl/SharedStrings.xml" in names  # filled as it is spelt, not begun again
    org = read_workbook(book)
    assert [p.name.text for p in org.positions] == [p["name"] for p in example()["positions"]]
    # the sheets are proven and looked through under their own spelling too: a formula saved
    # without its value on «Должности» is found
    with zipfile.ZipFile(book) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(r'<sheet [^>]*name="Должности"[^>]*r:id="([^"]+)"', workbook)[1]
        target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"|'
                           rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
        part = next(name for name in z.namelist() if name.casefold() == resolve(
            "xl/workbook.xml", target[1] or target[2]).casefold())
        parts = {n: z.read(n) for n in z.namelist()}
    parts[part], found = re.subn(rb'<c r="A2"[^>]*?(?:/>|>.*?</c>)', b'<c r="A2"><f>1+1</f></c>',
                                 parts[part], count=1, flags=re.S)
    assert found == 1
    formula = tmp_path / "с формулой.xlsx"
    with zipfile.ZipFile(formula, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    checked = procxl("check", str(formula))
    assert "S007" in checked.stdout and "A2" in checked.stdout, checked.stdout
