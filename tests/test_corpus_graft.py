"""Real workbooks saved by Excel, with the sheets of procxl's example grafted in at ZIP level.

Each file of `tests/data/excel-corpus/` must be a genuine Excel file; once the example's
sheets are added to it (`tests.corpus.graft_standard_sheets`), procxl must read the same
organisation as from the example, the checker must find nothing new, openpyxl and LibreOffice
must open it, and every part Excel wrote must still be there byte for byte.
"""

from __future__ import annotations

import csv
import difflib
import re
import shutil
import subprocess
import uuid
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from procxl.checks import check
from procxl.checks.findings import Finding, Level
from procxl.model import Organisation
from procxl.workbook.reader import read_workbook
from tests import corpus
from tests.corpus import (
    CORPUS,
    CORPUS_DIR,
    EXCEL_APPLICATIONS,
    REQUIRED_FEATURES,
    application,
    corpus_files,
    detect_features,
    example_workbook,
    graft_standard_sheets,
    rewritten_parts,
    sheet_names,
)

NAMES = sorted(CORPUS)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

OPENPYXL_CANNOT_READ = {
    "calamine-pivots-mac.xlsx": "openpyxl 3.1 cannot read the discretePr of a grouped pivot "
    "cache field (TypeError), on the original file just the same",
}
"""Corpus files openpyxl cannot load at all, grafted or not."""

MAX_FILE_SIZE = 200_000
MAX_CORPUS_SIZE = 4_000_000


@pytest.fixture(scope="module")
def example() -> Path:
    return example_workbook()


@pytest.fixture(scope="module")
def example_org(example: Path) -> Organisation:
    return read_workbook(example)


@pytest.fixture(scope="module")
def grafted(tmp_path_factory: pytest.TempPathFactory, example: Path) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("grafted")
    return {p.name: graft_standard_sheets(p, example, folder / p.name) for p in corpus_files()}


def _added_sheets(name: str, example: Path) -> list[str]:
    have = {s.casefold() for s in sheet_names(CORPUS_DIR / name)}
    return [s for s in sheet_names(example) if s.casefold() not in have]


# --- the corpus itself -----------------------------------------------------------------------


def test_the_corpus_folder_holds_exactly_the_listed_files() -> None:
    on_disk = {p.name for p in CORPUS_DIR.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm")}
    assert on_disk == set(CORPUS)
    assert len(CORPUS) >= 12


def test_the_corpus_is_small() -> None:
    sizes = {p.name: p.stat().st_size for p in corpus_files()}
    assert {n: s for n, s in sizes.items() if s > MAX_FILE_SIZE} == {}
    assert sum(sizes.values()) < MAX_CORPUS_SIZE


def test_the_readme_names_every_file() -> None:
    readme = (CORPUS_DIR / "README.md").read_text(encoding="utf-8")
    assert [n for n in NAMES if f"`{n}`" not in readme] == []


def test_the_corpus_covers_every_required_feature() -> None:
    covered = frozenset().union(*CORPUS.values())
    missing = sorted(REQUIRED_FEATURES - covered)
    assert missing == [], f"no file of the corpus has: {', '.join(missing)}"


@pytest.mark.parametrize("name", NAMES)
def test_file_is_saved_by_microsoft_excel(name: str) -> None:
    app, version = application(CORPUS_DIR / name)
    assert "Excel" in app
    assert app in EXCEL_APPLICATIONS  # not "Microsoft Excel Compatible / Openpyxl", not Online
    assert re.fullmatch(r"1[2-6]\.\d{4}", version), version


@pytest.mark.parametrize("name", NAMES)
def test_file_holds_the_features_it_is_listed_with(name: str) -> None:
    assert detect_features(CORPUS_DIR / name) == CORPUS[name]


@pytest.mark.parametrize("name", NAMES)
def test_file_has_macros_only_as_xlsm(name: str) -> None:
    with zipfile.ZipFile(CORPUS_DIR / name) as z:
        parts = [n.lower() for n in z.namelist()]
    has_vba = any(n.endswith("vbaproject.bin") for n in parts)
    macro_sheets = any("/macrosheets/" in n or "/dialogsheets/" in n for n in parts)
    assert (has_vba or macro_sheets) == name.endswith(".xlsm")


# --- the grafted books ---------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_grafted_book_keeps_every_part_of_excel_byte_for_byte(
    name: str, grafted: dict[str, Path]
) -> None:
    real = CORPUS_DIR / name
    rewritten = rewritten_parts(real)
    with zipfile.ZipFile(real) as before, zipfile.ZipFile(grafted[name]) as after:
        assert after.testzip() is None
        infos = {i.filename: i for i in after.infolist()}
        assert [n for n in before.namelist() if n not in infos] == []
        changed = []
        for info in before.infolist():
            kept = infos[info.filename]
            assert (kept.compress_type, kept.date_time) == (info.compress_type, info.date_time)
            if info.filename not in rewritten and after.read(kept) != before.read(info):
                changed.append(info.filename)
        assert changed == []
        assert after.namelist()[: len(before.namelist())] == before.namelist()


@pytest.mark.parametrize("name", NAMES)
def test_grafted_book_only_adds_to_the_parts_it_rewrites(
    name: str, grafted: dict[str, Path]
) -> None:
    real = CORPUS_DIR / name
    with zipfile.ZipFile(real) as before, zipfile.ZipFile(grafted[name]) as after:
        for part in sorted(rewritten_parts(real)):
            old, new = before.read(part).decode("utf-8"), after.read(part).decode("utf-8")
            matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
            edits = [op for op, *_ in matcher.get_opcodes() if op != "equal"]
            assert set(edits) <= {"insert"}, part
            root_tag = re.search(r"<[^?!][^>]*>", old)
            assert root_tag is not None and root_tag.group(0) in new  # mc:Ignorable and all


@pytest.mark.parametrize("name", NAMES)
def test_grafted_book_lists_its_own_sheets_then_the_example_s(
    name: str, grafted: dict[str, Path], example: Path
) -> None:
    own = sheet_names(CORPUS_DIR / name)
    assert sheet_names(grafted[name]) == (*own, *_added_sheets(name, example))


@pytest.mark.parametrize("name", NAMES)
def test_procxl_reads_the_example_s_organisation_from_the_grafted_book(
    name: str, grafted: dict[str, Path], example_org: Organisation
) -> None:
    org = read_workbook(grafted[name])
    assert [p.name.text for p in org.positions] == [p.name.text for p in example_org.positions]
    assert [(p.code.text, p.name.text) for p in org.processes] == [
        (p.code.text, p.name.text) for p in example_org.processes
    ]
    assert [(p.process_code.text, p.position.text) for p in org.performers] == [
        (p.process_code.text, p.position.text) for p in example_org.performers
    ]
    assert org.positions == example_org.positions
    assert org.processes == example_org.processes
    assert org.performers == example_org.performers
    assert org.departments == example_org.departments
    assert org.parameters == example_org.parameters
    assert org.other_sheets == sheet_names(CORPUS_DIR / name)


def _structural(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings if f.level is Level.ERROR or f.rule.startswith("S")}


@pytest.mark.parametrize("name", NAMES)
def test_the_checker_finds_nothing_structural_the_example_does_not_have(
    name: str, grafted: dict[str, Path], example_org: Organisation
) -> None:
    found = _structural(check(read_workbook(grafted[name])))
    assert found <= _structural(check(example_org))


def _load(path: Path) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path)


@pytest.mark.parametrize("name", NAMES)
def test_openpyxl_loads_the_grafted_book(
    name: str, grafted: dict[str, Path], example: Path
) -> None:
    if name in OPENPYXL_CANNOT_READ:
        with pytest.raises(Exception) as on_original:
            _load(CORPUS_DIR / name)
        with pytest.raises(Exception) as on_grafted:
            _load(grafted[name])
        assert (type(on_grafted.value), str(on_grafted.value)) == (
            type(on_original.value), str(on_original.value)
        )
        pytest.xfail(OPENPYXL_CANNOT_READ[name])
    book = _load(grafted[name])
    assert book.sheetnames[-len(_added_sheets(name, example)) :] == _added_sheets(name, example)


def test_grafting_again_adds_nothing(grafted: dict[str, Path], example: Path,
                                     tmp_path: Path) -> None:
    first = grafted["poi-threaded-comments-mac.xlsx"]
    again = graft_standard_sheets(first, example, tmp_path / "again.xlsx")
    with zipfile.ZipFile(first) as one, zipfile.ZipFile(again) as two:
        assert one.namelist() == two.namelist()
        assert all(one.read(n) == two.read(n) for n in one.namelist())


# --- LibreOffice -------------------------------------------------------------------------------

ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
"""Comma, double quotes, UTF-8, first line 1; the last token -1 writes every sheet to
`<file>-<sheet>.csv`."""


@pytest.fixture(scope="module")
def libreoffice_csv(
    grafted: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Every sheet of every grafted book as CSV, written by LibreOffice in one run."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("libreoffice")
    profile = Path(f"/tmp/lo-procxl-corpus-{uuid.uuid4().hex}")
    try:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", ALL_SHEETS_CSV, "--outdir", str(out),
             *(str(grafted[n]) for n in NAMES)],
            capture_output=True, timeout=300, check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_opens_the_grafted_book(
    name: str, libreoffice_csv: Path, example: Path, example_org: Organisation
) -> None:
    stem = Path(name).stem
    missing = [s for s in _added_sheets(name, example)
               if not (libreoffice_csv / f"{stem}-{s}.csv").is_file()]
    assert missing == [], f"LibreOffice wrote no CSV of {missing}"
    with open(libreoffice_csv / f"{stem}-Процессы.csv", encoding="utf-8", newline="") as f:
        cells = {cell for row in csv.reader(f) for cell in row}
    assert {p.code.text for p in example_org.processes} <= cells
    assert {p.name.text for p in example_org.processes} <= cells



def test_a_sheet_of_the_example_is_made_standalone() -> None:
    main, rel = corpus.MAIN_NS, corpus.REL_NS
    strings = etree.fromstring(
        f'<sst xmlns="{main}"><si><t>Код</t></si><si><r><t>Про</t></r><r><t>цесс</t></r></si>'
        "</sst>"
    ).findall(f"{{{main}}}si")
    sheet = (
        f'<worksheet xmlns="{main}" xmlns:r="{rel}"><sheetViews><sheetView tabSelected="1" '
        'workbookViewId="0"/></sheetViews><cols><col min="1" max="1" width="9" style="3"/></cols>'
        '<sheetData><row r="1" s="2" customFormat="1"><c r="A1" s="4" t="s"><v>0</v></c>'
        '<c r="B1" t="s"><v>1</v></c><c r="C1" s="5" vm="1"><v>7</v></c></row></sheetData>'
        '<hyperlinks><hyperlink ref="A1" r:id="rId1"/><hyperlink ref="B1" location="X!A1"/>'
        '</hyperlinks><pageSetup paperSize="9" r:id="rId2"/><drawing r:id="rId3"/>'
        '<legacyDrawing r:id="rId4"/><tableParts count="1"><tablePart r:id="rId5"/></tableParts>'
        "</worksheet>"
    ).encode()
    got = etree.fromstring(corpus._standalone_sheet(sheet, strings))
    cells = got.findall(f".//{{{main}}}c")
    assert [c.attrib for c in cells] == [
        {"r": "A1", "t": "inlineStr"}, {"r": "B1", "t": "inlineStr"}, {"r": "C1"}
    ]
    assert ["".join(c.itertext()) for c in cells] == ["Код", "Процесс", "7"]
    assert len(cells[1].findall(f"{{{main}}}is/{{{main}}}r")) == 2  # rich text runs kept
    assert got.find(f".//{{{main}}}row").attrib == {"r": "1"}
    assert "style" not in got.find(f".//{{{main}}}col").attrib
    assert "tabSelected" not in got.find(f".//{{{main}}}sheetView").attrib
    assert [h.get("location") for h in got.iter(f"{{{main}}}hyperlink")] == ["X!A1"]
    assert [etree.QName(e).localname for e in got] == [
        "sheetViews", "cols", "sheetData", "hyperlinks", "pageSetup"
    ]
    assert not any(etree.QName(a).namespace == rel for e in got.iter() for a in e.attrib)
