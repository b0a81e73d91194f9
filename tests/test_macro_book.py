"""procxl.xlsm: its macros read back as written, every button runs one, LibreOffice loads it,
the committed file is what the build script makes, and `update` keeps it all."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest

import procxl.excel
from procxl import schema
from procxl.resources import bundled_workbook
from procxl.workbook.files import atomic_save
from procxl.workbook.macro_book import (
    BUTTONS,
    BUTTONS_DRAWING,
    MACRO_BOOK,
    MAIN_SHEET,
    write_example_macro_book,
)
from procxl.workbook.template import build_workbook
from procxl.workbook.update import update_workbook
from tests.checking import example
from tests.workbook_fingerprint import fingerprint

pytest.importorskip("oletools.olevba", reason="oletools reads VBA source back")

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = ROOT / "workbook_templates" / "build_procxl_xlsm.py"
REBUILD = "procxl.xlsm is out of date: run python workbook_templates/build_procxl_xlsm.py"


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_procxl_xlsm", BUILD_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return build_script()


@pytest.fixture(scope="module")
def committed() -> Path:
    return bundled_workbook(MACRO_BOOK)


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)


def bound_macros(path: Path) -> list[str]:
    drawing = part(path, BUTTONS_DRAWING).decode()
    return re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", drawing)


def captions(path: Path) -> list[str]:
    drawing = part(path, BUTTONS_DRAWING).decode()
    return re.findall(r"<font[^>]*>([^<]+)</font>", drawing)


def test_every_macro_reads_back_exactly_as_in_its_bas_file(build: ModuleType,
                                                           committed: Path) -> None:
    modules = build.read_modules(part(committed, "xl/vbaProject.bin"))
    sources = build.module_sources()
    assert set(modules) == {*build.DOCUMENT_MODULES, *sources}
    for name, source in sources.items():
        assert modules[name] == source
    assert all(text.isascii() for text in modules.values())


def test_the_quickstart_sample_is_gone_and_its_addin_reference_kept(build: ModuleType,
                                                                   committed: Path) -> None:
    vba = part(committed, "xl/vbaProject.bin")
    modules = build.read_modules(vba)
    assert not any("SampleCall" in code for code in modules.values())
    with zipfile.ZipFile(io.BytesIO(build.quickstart())) as q:
        original = q.read("xl/vbaProject.bin")
    assert build.references(vba) == build.references(original)
    assert b"xlwings" in build.references(vba)


def test_every_button_runs_a_macro_that_calls_a_button_function(build: ModuleType,
                                                                committed: Path) -> None:
    assert bound_macros(committed) == [b.macro for b in BUTTONS]
    assert captions(committed) == ["Проверить", "Обновить таблицы", "Сформировать документы"]
    source = "\n".join(build.module_sources().values())
    for button in BUTTONS:
        body = re.search(rf"Public Sub {button.macro}\(\)\r\n(.*?)\r\nEnd Sub", source, re.S)
        assert body, f"no macro {button.macro}"
        assert body.group(1).strip() == (
            f'RunPython "import procxl.excel; procxl.excel.{button.handler}()"')
        assert callable(getattr(procxl.excel, button.handler))


def test_the_first_sheet_explains_each_button_beside_it(committed: Path) -> None:
    wb = openpyxl.load_workbook(committed)
    assert wb.sheetnames == [MAIN_SHEET, schema.INSTRUCTIONS_SHEET,
                             *(s.name for s in schema.SHEETS)]
    main = wb[MAIN_SHEET]
    for button in BUTTONS:
        assert main.cell(button.row, 4).value == button.explanation
    assert "Проверка" in main.cell(BUTTONS[0].row, 4).value
    assert "— документы" in main.cell(BUTTONS[2].row, 4).value
    with zipfile.ZipFile(committed) as package:
        anchors = re.findall(r"<x:Anchor>\s*(\d+), \d+, (\d+),",
                             package.read(BUTTONS_DRAWING).decode())
    # each button stands in column B of its explanation's row (the anchor is 0-based)
    assert [(int(c), int(r)) for c, r in anchors] == [(1, b.row - 1) for b in BUTTONS]


def test_standard_sheets_have_the_schema_headers(committed: Path) -> None:
    wb = openpyxl.load_workbook(committed)
    for sheet in schema.SHEETS:
        if sheet.is_table:
            header = [c.value for c in wb[sheet.name][sheet.header_row]]
            assert header[: len(sheet.columns)] == [c.header for c in sheet.columns]


def test_the_committed_workbook_is_what_the_build_script_makes(build: ModuleType,
                                                              committed: Path,
                                                              tmp_path: Path) -> None:
    fresh = build.build(tmp_path / MACRO_BOOK)
    assert fingerprint(fresh) == fingerprint(committed), REBUILD
    for name in ("xl/vbaProject.bin", BUTTONS_DRAWING):
        assert part(fresh, name) == part(committed, name), REBUILD


def test_the_build_refuses_vba_text_outside_ascii(build: ModuleType) -> None:
    source = build.crlf('Attribute VB_Name = "Procxl"\nSub Check()\n    MsgBox "Готово"\nEnd Sub\n')
    with pytest.raises(AssertionError):
        build.vba_project({"Procxl": source})


def test_libreoffice_loads_the_project_and_binds_each_button(committed: Path,
                                                             tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    book = tmp_path / "книга.xlsm"
    shutil.copyfile(committed, book)
    done = subprocess.run(
        [soffice, "--headless", "--norestore",
         f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
         "--convert-to", "ods", "--outdir", str(tmp_path), str(book)],
        capture_output=True, text=True, timeout=180,
    )
    converted = tmp_path / "книга.ods"
    assert done.returncode == 0 and converted.exists(), done.stderr
    with zipfile.ZipFile(converted) as package:
        content = package.read("content.xml").decode()
        basic = package.read("Basic/VBAProject/ProcxlButtons.xml").decode()
    for button in BUTTONS:
        assert f'form:label="{button.caption}"' in content
        assert (f"vnd.sun.star.script:VBAProject.ProcxlButtons.{button.macro}?language=Basic"
                in content)
        assert f"Public Sub {button.macro}()" in basic
        assert f"procxl.excel.{button.handler}()" in basic


def test_update_keeps_the_macros_and_the_buttons(committed: Path, tmp_path: Path) -> None:
    path = write_example_macro_book(tmp_path / MACRO_BOOK)
    vba = part(committed, "xl/vbaProject.bin")
    assert part(path, "xl/vbaProject.bin") == vba
    assert bound_macros(path) == [b.macro for b in BUTTONS]
    update_workbook(path)
    assert part(path, "xl/vbaProject.bin") == vba
    assert bound_macros(path) == [b.macro for b in BUTTONS]
    assert captions(path) == [b.caption for b in BUTTONS]
    assert "macroEnabled" in part(path, "[Content_Types].xml").decode()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == MAIN_SHEET
    assert wb[schema.PROCESSES.name]["A1"].comment is not None


def test_the_example_macro_book_holds_what_the_example_workbook_holds(tmp_path: Path) -> None:
    macro_book = write_example_macro_book(tmp_path / MACRO_BOOK)
    plain = tmp_path / "пример.xlsx"
    atomic_save(build_workbook(example()), plain)
    update_workbook(plain)
    with_buttons = values(macro_book)
    assert next(iter(with_buttons)) == MAIN_SHEET
    del with_buttons[MAIN_SHEET]
    assert with_buttons == values(plain)
    assert with_buttons[schema.DUTIES.name][schema.DUTIES.first_data_row - 1][0]


def values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_the_guide_tells_what_each_button_does_and_how_to_rebuild() -> None:
    guide = (ROOT / "docs" / "excel.md").read_text(encoding="utf-8")
    for button in BUTTONS:
        assert f"«{button.caption}»" in guide
    assert "xlwings addin install" in guide and "Разблокировать" in guide
    # how the book is rebuilt and accepted is for maintainers, not for procxl help excel
    maintainers = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "python workbook_templates/build_procxl_xlsm.py" in maintainers
    assert "build_procxl_xlsm" not in guide and "Приёмка" not in guide
