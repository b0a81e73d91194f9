"""Build procxl.xlsm, the workbook with the Excel buttons, from the VBA source beside it.

    python workbook_templates/build_procxl_xlsm.py [OUT.xlsm]

Without OUT it rewrites workbook_templates/procxl.xlsm. It needs the test tools
(`pip install -e ".[test]"`: pyopenvba, XlsxWriter, oletools).

1. The VBA project. Only Excel writes a project Excel surely loads, so it starts from one
   Excel saved: xlwings' quickstart.xlsm, whose project refers to the xlwings add-in that
   `RunPython` lives in. pyopenvba drops the sample module and adds vba/*.bas; the document
   modules and the references are kept as they are.
2. The buttons. XlsxWriter writes a one-sheet workbook: «Главная» with a form button per
   macro (a VML shape with `FmlaMacro`), and the project from step 1.
3. The workbook. The blank standard book of procxl.workbook.template, with «Главная», the
   project and the buttons of step 2 put in front by procxl.workbook.macro_book.with_buttons.

Each step checks what the next one relies on and stops with an AssertionError if it fails:
the modules read back by olevba as written, the references byte for byte the quickstart's,
VBA text in ASCII (the project's code page is 1252: a Cyrillic letter would turn into «?»),
every button bound to a macro of the project.
"""

from __future__ import annotations

import importlib.resources
import io
import re
import struct
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
VBA_SOURCES = HERE / "vba"
TARGET = HERE / "procxl.xlsm"
SAMPLE_MODULES = ("Module1",)
"""The quickstart's own standard module (a `SampleCall` macro): not for procxl users."""
DOCUMENT_MODULES = ("ThisWorkbook", "Sheet1", "Sheet2")
_PROJECT_INFO_END = 0x000F  # PROJECTMODULES: the dir stream's references end here
_REFERENCE_RECORDS = {0x0016, 0x000D, 0x000E, 0x002F, 0x0033}


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0]) if argv else TARGET
    build(out)
    print(f"Written {out}")
    return 0


def build(out: Path) -> Path:
    """Build the macro workbook at `out` and check it."""
    from procxl.workbook.files import atomic_save
    from procxl.workbook.macro_book import with_buttons
    from procxl.workbook.template import blank_data, build_workbook

    sources = module_sources()
    project = vba_project(sources)
    shell = buttons_shell(project)
    with zipfile.ZipFile(io.BytesIO(shell)) as macros:
        atomic_save(with_buttons(build_workbook(blank_data()), macros), out)
    check_book(out, sources, project)
    return out


# Step 1: the VBA project ----------------------------------------------------------------------

def module_sources() -> dict[str, str]:
    """Each .bas file's module name and source, with the CRLF line ends VBA keeps."""
    sources = {}
    for path in sorted(VBA_SOURCES.glob("*.bas")):
        text = path.read_text(encoding="ascii")  # fails loudly on anything but ASCII
        name = re.match(r'Attribute VB_Name = "(\w+)"', text)
        assert name and name.group(1) == path.stem, f"{path.name}: VB_Name must be its stem"
        sources[path.stem] = crlf(text)
    assert sources, f"no .bas files in {VBA_SOURCES}"
    return sources


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def quickstart() -> bytes:
    """xlwings' quickstart.xlsm, as Excel saved it."""
    return (importlib.resources.files("xlwings") / "quickstart.xlsm").read_bytes()


def vba_project(sources: dict[str, str]) -> bytes:
    """The quickstart's project with its sample module replaced by `sources`."""
    from pyopenvba import ExcelFile

    with tempfile.TemporaryDirectory() as folder:
        original, edited = Path(folder, "quickstart.xlsm"), Path(folder, "procxl.xlsm")
        original.write_bytes(quickstart())
        with ExcelFile(original) as book:
            project = book.vba_project()
            assert set(project.module_names()) == {*DOCUMENT_MODULES, *SAMPLE_MODULES}, (
                f"xlwings' quickstart changed: {project.module_names()}")
            for name in SAMPLE_MODULES:
                project.delete_module(name)
            for name, source in sources.items():
                project.add_module(name, source)
            book.save(edited)
        with zipfile.ZipFile(edited) as package:
            vba = package.read("xl/vbaProject.bin")
    check_project(vba, sources)
    return vba


def check_project(vba: bytes, sources: dict[str, str]) -> None:
    """What the project must be: our modules as written, the quickstart's references."""
    modules = read_modules(vba)
    assert {n: s for n, s in modules.items() if n not in DOCUMENT_MODULES} == sources, (
        "the modules do not read back as written")
    for name in DOCUMENT_MODULES:
        code = [line for line in modules[name].splitlines() if line.strip()]
        assert all(line.startswith("Attribute ") for line in code), f"{name} holds code"
    assert all(text.isascii() for text in modules.values()), "VBA text must be ASCII"
    with zipfile.ZipFile(io.BytesIO(quickstart())) as package:
        original = package.read("xl/vbaProject.bin")
    assert references(vba) == references(original), "the project's references changed"
    assert b"xlwings" in references(vba), "the reference to the xlwings add-in is missing"


def read_modules(vba: bytes) -> dict[str, str]:
    """Module name -> source, as olevba reads them (not as the writer thinks it wrote)."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser("vbaProject.bin", data=vba)
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def references(vba: bytes) -> bytes:
    """The reference records of the project's `dir` stream, byte for byte."""
    import olefile
    from oletools.olevba import decompress_stream

    with olefile.OleFileIO(vba) as ole:
        raw = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    position, start = 0, None
    while position + 6 <= len(raw):
        record, size = struct.unpack_from("<HI", raw, position)
        if record == _PROJECT_INFO_END:
            break
        if start is None and record in _REFERENCE_RECORDS:
            start = position
        position += 12 if record == 0x0009 else 6 + size  # PROJECTVERSION lies about size
    assert start is not None, "no references in the project"
    return raw[start:position]


# Step 2: the buttons --------------------------------------------------------------------------

def buttons_shell(vba: bytes) -> bytes:
    """A one-sheet macro workbook: «Главная» with the buttons, and the project."""
    import xlsxwriter

    from procxl.workbook.macro_book import (
        BUTTON_COLUMN,
        BUTTONS,
        COLUMN_WIDTHS,
        MAIN_SHEET,
        ROW_HEIGHTS,
        WORKBOOK_CODE_NAME,
    )

    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    book.add_vba_project(io.BytesIO(vba), is_stream=True)
    book.set_vba_name(WORKBOOK_CODE_NAME)
    sheet = book.add_worksheet(MAIN_SHEET)
    sheet.set_vba_name("Sheet1")
    for letter, width in COLUMN_WIDTHS.items():
        sheet.set_column(f"{letter}:{letter}", width)
    for row, height in ROW_HEIGHTS.items():
        sheet.set_row(row - 1, height)
    column_pixels = int(COLUMN_WIDTHS[BUTTON_COLUMN] * 7 + 5)
    for button in BUTTONS:
        row_pixels = int(ROW_HEIGHTS[button.row] * 4 / 3)
        sheet.insert_button(f"{BUTTON_COLUMN}{button.row}", {
            "macro": button.macro, "caption": button.caption,
            "x_offset": 6, "y_offset": 6,
            "width": column_pixels - 12, "height": row_pixels - 12,
        })
    book.close()
    return output.getvalue()


# Step 3: the workbook -------------------------------------------------------------------------

def check_book(path: Path, sources: dict[str, str], vba: bytes) -> None:
    """The saved workbook carries the project as built and every button finds its macro."""
    from procxl.workbook.macro_book import BUTTONS, BUTTONS_DRAWING

    with zipfile.ZipFile(path) as package:
        assert package.read("xl/vbaProject.bin") == vba, "the project changed on saving"
        assert "macroEnabled" in package.read("[Content_Types].xml").decode()
        rels = package.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        assert f'Target="/{BUTTONS_DRAWING}"' in rels, "«Главная» lost its buttons"
        drawing = package.read(BUTTONS_DRAWING).decode()
    bound = re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", drawing)
    assert bound == [b.macro for b in BUTTONS], f"buttons bound to {bound}"
    defined = {m for s in sources.values() for m in re.findall(r"(?m)^Public Sub (\w+)\(", s)}
    assert set(bound) <= defined, f"buttons call macros that do not exist: {set(bound) - defined}"


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main(sys.argv[1:]))
