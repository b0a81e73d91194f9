"""An .xlsm with a VBA project and a form button survives `procxl update` with both intact."""

from __future__ import annotations

import importlib.resources
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from procxl import schema
from procxl.workbook.template import build_workbook
from procxl.workbook.update import update_workbook
from tests.checking import example

xlsxwriter = pytest.importorskip("xlsxwriter", reason="XlsxWriter builds the macro workbook")
olevba = pytest.importorskip("oletools.olevba", reason="oletools reads VBA source back")

MAIN_SHEET = "Главная"


def xlwings_vba_project() -> bytes:
    """The VBA project of xlwings' own Excel-made quickstart workbook."""
    quickstart = importlib.resources.files("xlwings") / "quickstart.xlsm"
    with zipfile.ZipFile(io.BytesIO(quickstart.read_bytes())) as package:
        return package.read("xl/vbaProject.bin")


def build_macro_book(path: Path) -> None:
    """A macro workbook as procxl.xlsm will be: a first sheet with a button, then the
    standard sheets filled with the example."""
    source = build_workbook(example())
    book = xlsxwriter.Workbook(str(path))
    book.add_vba_project(io.BytesIO(xlwings_vba_project()), is_stream=True)
    book.set_vba_name("ThisWorkbook")
    main = book.add_worksheet(MAIN_SHEET)
    main.set_vba_name("Sheet1")
    main.write("A1", "procxl")
    main.insert_button("B3", {"macro": "SampleCall", "caption": "Проверить",
                              "width": 160, "height": 30})
    for ws in source.worksheets:
        target = book.add_worksheet(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    target.write_string(cell.row - 1, cell.column - 1, str(cell.value))
    book.close()


def vba_modules(path: Path) -> dict[str, str]:
    parser = olevba.VBA_Parser(str(path))
    try:
        return {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def button_macros(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        vml = [package.read(n).decode("utf-8", "replace") for n in package.namelist()
               if n.endswith(".vml")]
    return [m for text in vml for m in re.findall(r"<x:FmlaMacro>\[0\]!(\w+)<", text)]


def test_macros_and_button_survive_update(tmp_path: Path) -> None:
    path = tmp_path / "книга с кнопками.xlsm"
    build_macro_book(path)
    modules_before = vba_modules(path)
    assert "Module1.bas" in modules_before and "SampleCall" in modules_before["Module1.bas"]
    assert button_macros(path) == ["SampleCall"]
    with zipfile.ZipFile(path) as package:
        vba_before = package.read("xl/vbaProject.bin")

    update_workbook(path)

    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert package.read("xl/vbaProject.bin") == vba_before
        content_types = package.read("[Content_Types].xml").decode()
    assert "macroEnabled" in content_types
    assert any(n.endswith(".vml") for n in names)
    assert vba_modules(path) == modules_before
    assert button_macros(path) == ["SampleCall"]
    with zipfile.ZipFile(path) as package:  # the first sheet still links its button drawing
        sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
        rels = package.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert "<legacyDrawing" in sheet_xml
    target = re.search(r'Target="/?(?:\.\./)?([^"]+\.vml)"', rels)
    assert target and any(n.endswith(target.group(1).split("/")[-1]) for n in names)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb.sheetnames[0] == MAIN_SHEET
    assert wb[schema.DUTIES.name].max_row > schema.DUTIES.header_row
