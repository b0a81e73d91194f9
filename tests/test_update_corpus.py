"""`procxl update` on real workbooks saved by Excel (tests/data/excel-corpus) with the
example's sheets grafted in: every part Excel wrote comes back byte for byte, twice."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from procxl import schema
from procxl.checks import check
from procxl.workbook.package import Package
from procxl.workbook.reader import read_workbook
from procxl.workbook.update import update_workbook
from tests.corpus import CORPUS, corpus_files, example_workbook, graft_standard_sheets
from tests.ooxml_schema import xlsx_problems
from tests.test_corpus_graft import OPENPYXL_CANNOT_READ
from tests.test_update_parts import sheet_part

NAMES = sorted(CORPUS)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@dataclass(frozen=True)
class Updated:
    grafted: dict[str, bytes]  # the parts before any update
    excel: frozenset[str]  # the parts of the file as Excel saved it
    first: dict[str, bytes]
    second: dict[str, bytes]
    path: Path
    owned: frozenset[str]  # the parts procxl may write in this book


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def owned_parts(path: Path) -> frozenset[str]:
    """The book's own parts procxl writes into: its sheet list and relationships, content
    types, styles, shared strings and the list of sheets in the properties."""
    package = Package(path)
    try:
        main = next(r.target for r in package.relationships("") if r.type.endswith(
            "/officeDocument"))
        rels = package.relationships(main)
        shared = {r.target for r in rels if r.type.endswith(("/styles", "/sharedStrings"))}
    finally:
        package.close()
    return frozenset({main, f"{main.rsplit('/', 1)[0]}/_rels/{main.rsplit('/', 1)[1]}.rels",
                      "[Content_Types].xml", "docProps/app.xml", *shared})


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Updated]:
    folder = tmp_path_factory.mktemp("corpus-updated")
    example = example_workbook()
    found = {}
    for source in corpus_files():
        path = graft_standard_sheets(source, example, folder / source.name)
        before = parts(path)
        owned = owned_parts(path)
        update_workbook(path)
        first = parts(path)
        update_workbook(path)
        found[source.name] = Updated(before, frozenset(parts(source)), first, parts(path),
                                     path, owned)
    return found


@pytest.mark.parametrize("name", NAMES)
def test_every_part_excel_wrote_comes_back_byte_for_byte(name: str,
                                                         updated: dict[str, Updated]) -> None:
    book = updated[name]
    changed = [n for n in book.excel
               if n not in book.owned and book.first.get(n) != book.grafted[n]]
    assert changed == []


@pytest.mark.parametrize("name", NAMES)
def test_a_second_update_changes_nothing(name: str, updated: dict[str, Updated]) -> None:
    book = updated[name]
    assert book.second.keys() == book.first.keys()
    assert [n for n in book.second if book.second[n] != book.first[n]] == []


@pytest.mark.parametrize("name", NAMES)
def test_procxl_reads_back_the_example_with_its_generated_sheets(
        name: str, updated: dict[str, Updated]) -> None:
    org = read_workbook(updated[name].path)
    example = read_workbook(example_workbook())
    assert [p.name.text for p in org.positions] == [p.name.text for p in example.positions]
    assert [p.code.text for p in org.processes] == [p.code.text for p in example.processes]
    assert len(org.profiles) > 200
    findings = check(org)
    assert not [f for f in findings if f.level.value == "error"]
    assert not [f for f in findings if f.rule == "S007"]
    with zipfile.ZipFile(updated[name].path) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
    for sheet in schema.GENERATED_SHEETS:
        assert f'name="{sheet.name}"' in workbook


@pytest.mark.parametrize("name", NAMES)
def test_every_part_that_was_schema_valid_still_is(name: str, updated: dict[str, Updated],
                                                   tmp_path: Path) -> None:
    before = tmp_path / "before.xlsx"
    with zipfile.ZipFile(before, "w") as z:
        for part, data in updated[name].grafted.items():
            z.writestr(part, data)
    valid_before = {part for part, found in xlsx_problems(before).items() if not found}
    after = xlsx_problems(updated[name].path)
    assert {part: after.get(part) for part in valid_before if after.get(part)} == {}
    new = set(after) - set(xlsx_problems(before))
    assert {part: after[part] for part in new if after[part]} == {}


@pytest.mark.parametrize("name", NAMES)
def test_openpyxl_opens_the_updated_book(name: str, updated: dict[str, Updated]) -> None:
    if name in OPENPYXL_CANNOT_READ:
        pytest.skip(OPENPYXL_CANNOT_READ[name])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(updated[name].path)
    assert schema.DUTIES.name in book.sheetnames


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_every_updated_book(updated: dict[str, Updated],
                                              tmp_path: Path) -> None:
    profile = Path(f"/tmp/lo-procxl-updated-{uuid.uuid4().hex}")
    try:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "csv", "--outdir", str(tmp_path),
             *(str(updated[n].path) for n in NAMES)],
            capture_output=True, timeout=600, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    # the first sheet as CSV: LibreOffice had to open and read the whole book for it
    missing = [n for n in NAMES if not (tmp_path / f"{Path(n).stem}.csv").is_file()]
    assert missing == []


# The example as an earlier procxl wrote it, grafted in ------------------------------------------

@pytest.fixture(scope="module")
def updated_old(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Updated]:
    """The corpus with the sheets of a book made before print settings, filters and marks of
    findings: update adds them to those sheets and to nothing Excel wrote."""
    from tests.test_update_old_books import OLD_BOOK

    folder = tmp_path_factory.mktemp("corpus-old-updated")
    found = {}
    for source in corpus_files():
        path = graft_standard_sheets(source, OLD_BOOK, folder / source.name)
        before = parts(path)
        owned = owned_parts(path)
        update_workbook(path)
        first = parts(path)
        update_workbook(path)
        found[source.name] = Updated(before, frozenset(parts(source)), first, parts(path),
                                     path, owned)
    return found


@pytest.mark.parametrize("name", NAMES)
def test_an_old_books_sheets_are_set_up_and_nothing_excel_wrote_changes(
        name: str, updated_old: dict[str, Updated], tmp_path: Path) -> None:
    book = updated_old[name]
    changed = [n for n in book.excel
               if n not in book.owned and book.first.get(n) != book.grafted[n]]
    assert changed == []
    # the input sheets and what Excel wrote (not «Проверка», which says when it was checked)
    with zipfile.ZipFile(book.path) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
    from tests.test_update_old_books import INPUT_SHEETS  # those the old book has

    inputs = {sheet_part(book.path, s.name) for s in INPUT_SHEETS}
    assert [n for n in inputs | book.excel if book.second.get(n) != book.first.get(n)] == []
    for sheet in INPUT_SHEETS:
        assert re.search(rf'<definedName name="_xlnm.Print_Titles" localSheetId="\d+">'
                         rf"'{sheet.name}'!\$1:\$1<", workbook), sheet.name
    before = tmp_path / "before.xlsx"
    with zipfile.ZipFile(before, "w") as z:
        for part, data in book.grafted.items():
            z.writestr(part, data)
    valid_before = {part for part, found in xlsx_problems(before).items() if not found}
    after = xlsx_problems(book.path)
    assert {part: after.get(part) for part in valid_before if after.get(part)} == {}
