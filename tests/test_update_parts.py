"""`procxl update` edits the file part by part: what procxl does not own comes back byte for
byte, formulas keep their cached results, and the package stays consistent."""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from procxl import clauses, schema
from procxl.checks import check
from procxl.cli import cli
from procxl.errors import ProcxlError, UnusableInput
from procxl.model import column_letter
from procxl.workbook import package as package_module
from procxl.workbook.files import atomic_save
from procxl.workbook.package import rels_name, resolve
from procxl.workbook.parts import MAX_FORMATS
from procxl.workbook.reader import read_workbook
from procxl.workbook.template import build_workbook
from procxl.workbook.update import update_workbook
from tests.checking import example, row_of

CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
       b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def write(tmp_path: Path, data: dict | None = None) -> Path:
    path = tmp_path / "книга.xlsx"
    atomic_save(build_workbook(data or example()), path)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def edit_parts(path: Path, change: dict[str, bytes | None]) -> None:
    """Rewrite the zip with some parts replaced, added or (None) removed."""
    old = parts(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in {**old, **change}.items():
            if data is not None:
                z.writestr(name, data)


def sheet_part(path: Path, title: str) -> str:
    found = parts(path)
    workbook = found["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="(\w+)"', workbook)
    assert rid, title
    rels = found["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'Id="{rid.group(1)}"[^>]*|Target="([^"]+)"[^>]*Id="{rid.group(1)}"',
                       rels)
    target = re.search(r'Target="([^"]+)"', target.group(0)).group(1)
    return resolve("xl/workbook.xml", target)


def assert_consistent(path: Path) -> None:
    """Every relationship points to a part, every part has a content type, every override
    names a part that exists."""
    found = parts(path)
    types = package_module.parse(found["[Content_Types].xml"])
    overrides = {e.get("PartName").lstrip("/") for e in types if e.tag == f"{CT}Override"}
    defaults = {e.get("Extension").lower() for e in types if e.tag == f"{CT}Default"}
    assert overrides <= set(found), overrides - set(found)
    for name in found:
        if name != "[Content_Types].xml":
            assert name in overrides or name.rsplit(".", 1)[-1].lower() in defaults, name
        if name.endswith(".rels"):
            folder = name.split("_rels/")[0]
            source = folder + name.split("_rels/")[1][:-5] if name != "_rels/.rels" else ""
            for target, mode in re.findall(rb'Target="([^"]+)"(?:[^>]*TargetMode="(\w+)")?',
                                           found[name]):
                if mode != b"External":
                    assert resolve(source, target.decode()) in found, (name, target)


def test_two_updates_in_a_row_change_nothing(tmp_path: Path) -> None:
    path = write(tmp_path)
    update_workbook(path)
    first = parts(path)
    update_workbook(path)
    assert parts(path) == first
    assert_consistent(path)


def test_the_same_book_updated_in_two_processes_comes_back_the_same(tmp_path: Path) -> None:
    """What the first update writes does not hang on the order Python happens to give a
    set in one process (it did: the new cell formats came in the order of a set of texts)."""
    book = write(tmp_path)
    made = []
    for seed in ("1", "2"):
        path = tmp_path / seed / book.name
        path.parent.mkdir()
        shutil.copyfile(book, path)
        subprocess.run([sys.executable, "-m", "procxl", "update", str(path)], check=True,
                       capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        # the time of the check, which conftest pins only in this process: a minute may
        # turn between the two
        made.append({name: _CHECKED.sub(b"", data) for name, data in parts(path).items()})
    assert made[0] == made[1]


_CHECKED = re.compile(r"Проверено \d\d\.\d\d\.\d{4} в \d\d:\d\d\.".encode())


def _zips_open_on(path: Path) -> list[zipfile.ZipFile]:
    """The zip files this process holds open on `path`."""
    return [z for z in gc.get_objects() if isinstance(z, zipfile.ZipFile)
            and z.fp is not None and Path(str(z.filename)).resolve() == path.resolve()]


@pytest.fixture
def open_at_replace(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many zips were open on the target each time a file was replaced: Windows
    refuses to replace a file this process still holds open."""
    found: list[int] = []
    replace = os.replace

    def watched_replace(source: str | Path, target: str | Path) -> None:
        found.append(len(_zips_open_on(Path(target))))
        replace(source, target)

    monkeypatch.setattr(os, "replace", watched_replace)
    return found


def test_the_book_is_let_go_before_it_is_replaced(tmp_path: Path,
                                                  open_at_replace: list[int]) -> None:
    path = write(tmp_path)
    open_at_replace.clear()
    update_workbook(path)
    assert open_at_replace == [0]


def test_a_sheet_the_part_writer_does_not_edit_falls_back_and_the_file_is_let_go(
        tmp_path: Path, open_at_replace: list[int]) -> None:
    """A sheet written with a namespace prefix goes the whole-book way; the part writer
    lets go of the file before that replaces it."""
    path = write(tmp_path)
    part = sheet_part(path, schema.COMPETENCIES.name)
    data = parts(path)[part]
    prefixed = re.sub(rb"<(/?)(?![?!])(\w+)", rb"<\1x:\2", data)
    prefixed = prefixed.replace(b'xmlns="', b'xmlns:x="', 1)
    edit_parts(path, {part: prefixed})
    assert read_workbook(path).competencies  # the book still reads
    open_at_replace.clear()
    update_workbook(path)
    assert open_at_replace == [0]
    assert b"<x:sheetData" not in parts(path)[sheet_part(path, schema.COMPETENCIES.name)]
    assert read_workbook(path).profiles


def test_parts_procxl_does_not_own_come_back_byte_for_byte(tmp_path: Path) -> None:
    path = write(tmp_path)
    before = parts(path)
    update_workbook(path)
    after = parts(path)
    owned = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
             "xl/styles.xml", "xl/sharedStrings.xml", "docProps/app.xml"}
    owned |= {sheet_part(path, s.name) for s in schema.GENERATED_SHEETS}
    owned |= {sheet_part(path, s.name) for s in (schema.COMPETENCIES, schema.PROFILES,
                                                 schema.ASSESSMENT, schema.DEVELOPMENT_PLAN)}
    for name, data in before.items():
        if name not in owned and "comments" not in name and not name.endswith(".vml") \
                and not name.startswith("xl/worksheets/_rels/"):
            assert after.get(name) == data, name


def stored(path: Path) -> dict[str, bytes]:
    """Each part's bytes as the zip stores them: compressed, found through its local header."""
    found = {}
    with zipfile.ZipFile(path) as z, path.open("rb") as raw:
        for info in z.infolist():
            raw.seek(info.header_offset + 26)
            lengths = raw.read(4)
            raw.seek(int.from_bytes(lengths[:2], "little") + int.from_bytes(lengths[2:], "little"),
                     1)
            found[info.filename] = raw.read(info.compress_size)
    return found


def test_parts_nobody_changed_are_copied_as_stored_and_the_zip_reads_back(
        tmp_path: Path) -> None:
    path = write(tmp_path)
    old = parts(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in old.items():
            z.writestr(name, data)
        # a picture stored uncompressed, as Excel keeps some
        z.writestr(zipfile.ZipInfo("xl/media/image1.png", (2024, 5, 6, 7, 8, 10)), PNG,
                   zipfile.ZIP_STORED)
    before = stored(path)
    update_workbook(path)
    after = stored(path)
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        types = {i.filename: i.compress_type for i in z.infolist()}
    assert types["xl/media/image1.png"] == zipfile.ZIP_STORED
    kept = [n for n in before if after.get(n) == before[n]]
    # level 9 bytes, had they been inflated and deflated again, would come back otherwise
    assert "xl/media/image1.png" in kept and sheet_part(path, schema.PROCESSES.name) in kept
    assert parts(path)["xl/media/image1.png"] == PNG


def test_a_part_whose_stored_bytes_are_broken_meets_a_sentence_and_the_file_stays(
        tmp_path: Path) -> None:
    path = write(tmp_path)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/media/image1.png", PNG)
        offset = z.getinfo("xl/media/image1.png").header_offset
    data = bytearray(path.read_bytes())
    data[offset:offset + 4] = b"XXXX"  # the part's local header, which the central one points to
    path.write_bytes(bytes(data))
    with pytest.raises(UnusableInput, match=r"image1\.png.*повреждена"):
        update_workbook(path)
    assert path.read_bytes() == bytes(data)
    assert not [p for p in tmp_path.iterdir() if p != path]  # no temporary file left


def test_a_logo_on_the_organisation_sheet_survives(tmp_path: Path) -> None:
    path = write(tmp_path)
    part = sheet_part(path, schema.ORGANISATION.name)
    sheet = parts(path)[part].decode()
    sheet = sheet.replace("</worksheet>", '<drawing xmlns:r="http://schemas.openxmlformats.org/'
                          'officeDocument/2006/relationships" r:id="rIdLogo"/></worksheet>')
    drawing = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/'
        'spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<xdr:oneCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff>'
        '<xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>'
        '<xdr:ext cx="952500" cy="952500"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" '
        'name="Логотип"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/>'
        '<a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:prstGeom '
        'prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/>'
        '</xdr:oneCellAnchor></xdr:wsDr>')
    rel = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
           'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}'
           '</Relationships>')
    types = parts(path)["[Content_Types].xml"].decode().replace(
        "</Types>", '<Default Extension="png" ContentType="image/png"/><Override '
        'PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.drawing+xml"/></Types>')
    sheet_rels = rels_name(part)
    existing = parts(path).get(sheet_rels)
    logo_rel = ('<Relationship Id="rIdLogo" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/>')
    edit_parts(path, {
        part: sheet.encode(),
        sheet_rels: (existing.decode().replace("</Relationships>", logo_rel + "</Relationships>")
                     if existing else rel.format(logo_rel)).encode(),
        "xl/drawings/drawing1.xml": drawing.encode(),
        "xl/drawings/_rels/drawing1.xml.rels": rel.format(
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/image" Target="../media/logo.png"/>').encode(),
        "xl/media/logo.png": PNG,
        "[Content_Types].xml": types.encode(),
    })
    before = parts(path)
    result = update_workbook(path)
    after = parts(path)
    for name in (part, sheet_rels, "xl/drawings/drawing1.xml",
                 "xl/drawings/_rels/drawing1.xml.rels", "xl/media/logo.png"):
        assert after[name] == before[name], name
    assert not [f for f in result.findings if f.level.value == "error"]
    assert_consistent(path)
    openpyxl.load_workbook(path)


def test_a_formula_keeps_its_cached_value_and_check_raises_no_s007(tmp_path: Path) -> None:
    data = example()
    path = write(tmp_path, data)
    part = sheet_part(path, schema.VACANCIES.name)
    sheet = parts(path)[part].decode()
    # the salary as a formula Excel saved with its result, as a user's book would hold it
    salary = column_letter(schema.VACANCIES.columns.index(schema.VACANCIES.column("salary_from"))
                           + 1)
    sheet, count = re.subn(rf'(<c r="{salary}2"[^>]*?)(?: t="n")?><v>[^<]*</v></c>',
                           r'\1><f>70000+10000</f><v>80000</v></c>', sheet)
    assert count == 1
    edit_parts(path, {part: sheet.encode()})
    update_workbook(path)
    assert "<f>70000+10000</f><v>80000</v>" in parts(path)[part].decode()
    assert not [f for f in check(read_workbook(path)) if f.rule == "S007"]


def test_a_shared_formula_keeps_its_cells_when_procxl_writes_over_its_first(
        tmp_path: Path) -> None:
    # a formula dragged down «Разрыв» is kept as a shared formula: its text only in the
    # first cell. procxl writing a value there left the cells below pointing at nothing,
    # which Excel calls damage and drops
    path = write(tmp_path)
    update_workbook(path)
    sheet = schema.ASSESSMENT
    part = sheet_part(path, sheet.name)
    gap, required, manager = (column_letter(sheet.columns.index(sheet.column(key)) + 1)
                              for key in ("gap", "required", "manager_score"))
    xml = parts(path)[part].decode()
    cells = {row: re.search(rf'<c r="{gap}{row}"([^>]*?)><v>([^<]*)</v></c>', xml)
             for row in (2, 3, 4)}
    assert all(cells.values())
    for row, cell in cells.items():
        formula = (f'<f t="shared" ref="{gap}2:{gap}4" si="0">{required}2-{manager}2</f>'
                   if row == 2 else '<f t="shared" si="0"/>')
        value = "99" if row == 2 else cell.group(2)  # the first one out of date: rewritten
        xml = xml.replace(cell.group(0),
                          f'<c r="{gap}{row}"{cell.group(1)}>{formula}<v>{value}</v></c>')
    edit_parts(path, {part: xml.encode()})
    update_workbook(path)
    after = parts(path)[part].decode()
    assert "99" not in re.search(rf'<c r="{gap}2"[^>]*?(?:/>|>.*?</c>)', after).group(0)
    for row in (3, 4):
        assert (f'<f>{required}{row}-{manager}{row}</f><v>{cells[row].group(2)}</v>'
                in after), row
    children = set(re.findall(r'<f\b[^>]*\bsi="(\d+)"[^>]*/>', after))
    masters = set(re.findall(r'<f\b[^>]*\bsi="(\d+)"[^>]*>[^<]', after))
    assert children <= masters  # no cell points at a shared formula nobody holds
    assert openpyxl.load_workbook(path)[sheet.name][f"{gap}3"].value == \
        f"={required}3-{manager}3"


def test_an_edited_row_keeps_the_users_formula_beside_procxls_cells(tmp_path: Path) -> None:
    data = example()
    performer = row_of(data, "performers", position="Кладовщик")
    path = write(tmp_path, data)
    update_workbook(path)
    part = sheet_part(path, schema.COMPETENCIES.name)
    skills = schema.COMPETENCIES.columns.index(schema.COMPETENCIES.column("skills"))
    letter = "ABCDEFGHIJ"[skills]
    wb = openpyxl.load_workbook(path)
    ws = wb[schema.COMPETENCIES.name]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "Кладовщик")
    sheet = parts(path)[part].decode()
    sheet, count = re.subn(rf'<c r="{letter}{row}"[^>]*?(?:/>|>.*?</c>)',
                           f'<c r="{letter}{row}" t="str"><f>"Учет"&amp;"1С"</f><v>Учет1С</v>'
                           "</c>", sheet, flags=re.S)
    assert count == 1
    edit_parts(path, {part: sheet.encode()})
    # a new function for the storekeeper, typed at the zip level (openpyxl would drop the
    # formula's cached value): procxl then rewrites «Функции» in that very row
    performers = sheet_part(path, schema.PERFORMERS.name)
    xml = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))),
                 parts(path)[performers].decode())
    old_function = performer["functions"][0]
    assert old_function in xml
    edit_parts(path, {performers: xml.replace(old_function, "Новая функция", 1).encode()})
    result = update_workbook(path)
    assert result.competencies.refreshed >= 1
    after = parts(path)[part].decode()
    assert f'<c r="{letter}{row}" t="str"><f>"Учет"&amp;"1С"</f><v>Учет1С</v></c>' in after
    values = openpyxl.load_workbook(path)[schema.COMPETENCIES.name]
    functions = schema.COMPETENCIES.columns.index(schema.COMPETENCIES.column("functions")) + 1
    assert "Новая функция" in values.cell(row, functions).value
    assert "calcChain" not in " ".join(parts(path))


def test_a_drawing_left_on_a_generated_sheet_goes_with_it(tmp_path: Path) -> None:
    """LibreOffice writes an empty drawing for a generated sheet; the next update replaces
    the sheet and drops the drawing with its relationship and content type."""
    path = write(tmp_path)
    update_workbook(path)
    part = sheet_part(path, schema.DUTIES.name)
    sheet_rels = rels_name(part)
    drawing = ('<?xml version="1.0" encoding="UTF-8"?><xdr:wsDr xmlns:xdr="http://schemas.'
               'openxmlformats.org/drawingml/2006/spreadsheetDrawing"/>')
    existing = parts(path).get(sheet_rels)
    rel = ('<Relationship Id="rIdDraw" Type="http://schemas.openxmlformats.org/officeDocument/'
           '2006/relationships/drawing" Target="../drawings/drawing9.xml"/>')
    rels_xml = (existing.decode().replace("</Relationships>", rel + "</Relationships>")
                if existing else '<Relationships xmlns="http://schemas.openxmlformats.org/'
                'package/2006/relationships">' + rel + "</Relationships>")
    types = parts(path)["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/xl/drawings/drawing9.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.drawing+xml"/></Types>')
    edit_parts(path, {sheet_rels: rels_xml.encode(), "xl/drawings/drawing9.xml":
                      drawing.encode(), "[Content_Types].xml": types.encode()})
    update_workbook(path)
    assert "xl/drawings/drawing9.xml" not in parts(path)
    assert_consistent(path)


def test_a_write_that_would_change_a_user_part_is_refused(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    path = write(tmp_path)
    before = path.read_bytes()
    original_save = package_module.Package.save

    def spoiling_save(self: package_module.Package, target: Path, inspect=None) -> None:
        original_save(self, target, inspect)
        with zipfile.ZipFile(target, "a") as z:  # a second, different copy of a user part
            z.writestr("docProps/core.xml", b"<x/>")

    monkeypatch.setattr(package_module.Package, "save", spoiling_save)
    with pytest.warns(UserWarning), pytest.raises(ProcxlError, match="не изменён"):
        update_workbook(path)
    assert path.read_bytes() == before


def test_a_written_part_that_is_not_well_formed_is_refused(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    path = write(tmp_path)
    before = path.read_bytes()
    original_write = package_module.Package.write

    def spoiling_write(self: package_module.Package, name: str, data: bytes) -> None:
        if name == "xl/sharedStrings.xml":  # a fault in a writer: a tag left open
            data = data.replace(b"</sst>", b"<si><t>cut short</sst>")
        original_write(self, name, data)

    monkeypatch.setattr(package_module.Package, "write", spoiling_write)
    with pytest.raises(ProcxlError, match=r"записанная часть «xl/sharedStrings\.xml» "
                                          r"повреждена.*Файл не изменён"):
        update_workbook(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_book_libreoffice_saved_after_an_update_updates_again(tmp_path: Path) -> None:
    path = write(tmp_path)
    update_workbook(path)
    out = tmp_path / "lo"
    profile = f"file:///tmp/lo-procxl-{uuid.uuid4().hex}"
    try:
        subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                       check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    saved = out / path.name
    result = update_workbook(saved)
    assert result.duties == 17
    assert not [f for f in result.findings if f.level.value == "error"]
    assert_consistent(saved)
    openpyxl.load_workbook(saved)


def test_a_book_of_version_1_gets_what_version_2_adds_and_nothing_else_moves(
        tmp_path: Path) -> None:
    data = example()
    for key in ("document_kind", "place", "visas"):
        data["organisation"].pop(key)
    new_columns = ("education", "experience", "admission", "deputy", "approver_title",
                   "approver_name")
    for row in data["positions"]:
        for key in new_columns:
            row.pop(key, None)
    workbook = build_workbook(data)
    del workbook[schema.CLAUSES.name]
    positions = workbook[schema.POSITIONS.name]
    positions.delete_cols(len(schema.POSITIONS.columns) - len(new_columns) + 1, len(new_columns))
    organisation = workbook[schema.ORGANISATION.name]
    organisation.delete_rows(2 + len(schema.ORGANISATION.params) - 3, 3)
    path = tmp_path / "версия-1.xlsx"
    atomic_save(workbook, path)
    old = read_workbook(path)
    assert not old.has_sheet(schema.CLAUSES.key)
    result = update_workbook(path)
    new = read_workbook(path)
    assert [p.label.text for p in new.parameters] == [p.label for p in
                                                      schema.ORGANISATION.params]
    assert set(new.sheets[schema.POSITIONS.key].columns) == {
        c.key for c in schema.POSITIONS.columns}
    assert [(c.section.text, c.text.text) for c in new.clauses] == list(
        clauses.DEFAULT_CLAUSES)
    # what was there stays where it was
    assert [(p.name.text, p.department.text) for p in new.positions] == [
        (p.name.text, p.department.text) for p in old.positions]
    assert result.organisation.clauses == new.clauses
    # the column added for the deputy offers the positions, as in a new book
    deputy = new.sheets[schema.POSITIONS.key].columns["deputy"]
    letter = "ABCDEFGHIJKLMNOP"[deputy - 1]
    validations = openpyxl.load_workbook(path)[schema.POSITIONS.name].data_validations
    lists = {str(v.sqref): v.formula1 for v in validations.dataValidation}
    assert lists.get(f"{letter}2:{letter}5000") == "Список_должностей"
    from tests.ooxml_schema import xlsx_problems

    assert {p: found for p, found in xlsx_problems(path).items() if found} == {}
    again = parts(path)
    update_workbook(path)
    assert parts(path) == again


def _look(cell: openpyxl.cell.Cell) -> tuple[object, ...]:
    return (cell.value, cell.font.b, cell.font.sz, cell.font.name, cell.fill.fgColor.rgb,
            getattr(cell.border.top, "style", None), getattr(cell.border.left, "style", None),
            cell.alignment.wrap_text,
            cell.alignment.indent, cell.alignment.horizontal, cell.number_format)


@pytest.mark.parametrize("title", [schema.DUTIES.name, schema.MATRIX.name,
                                   schema.PROCESS_MAP.name, schema.FINDINGS.name])
def test_streamed_rows_look_as_rows_drawn_by_openpyxl(tmp_path: Path, title: str) -> None:
    """The generated rows streamed into the file as XML are the same cells, looks and row
    heights as when the whole book is saved by openpyxl."""
    from procxl.workbook.book import OpenpyxlBook
    from procxl.workbook.reader import open_standard
    from procxl.workbook.update import update_book

    data = example()
    data["processes"][0]["owner"] = "Нет такой должности"  # a finding or two for «Проверка»
    data["processes"][1]["goals"] = []
    by_parts = write(tmp_path, data)
    whole = tmp_path / "целиком.xlsx"
    shutil.copyfile(by_parts, whole)
    update_workbook(by_parts)
    source, org = open_standard(whole)
    update_book(OpenpyxlBook.open(whole), source, org)
    streamed = openpyxl.load_workbook(by_parts)[title]
    drawn = openpyxl.load_workbook(whole)[title]
    assert streamed.max_row == drawn.max_row > 2
    assert streamed.dimensions == drawn.dimensions
    for row in range(1, drawn.max_row + 1):
        assert streamed.row_dimensions[row].height == drawn.row_dimensions[row].height, row
        for column in range(1, drawn.max_column + 1):
            assert _look(streamed.cell(row, column)) == _look(drawn.cell(row, column)), \
                (row, column)


def _with_cell_formats(path: Path, total: int) -> None:
    """Fill the book's styles with copies of its first cell format, up to `total` formats
    (cell formats and cell style formats together), as books grow when sheets are copied
    in from other books."""
    styles = parts(path)["xl/styles.xml"].decode()
    own = len(re.findall(r"<xf\b", styles))
    filler = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * (total - own)
    styles = re.sub(r'(<cellXfs count=")(\d+)(">)(.*?)(</cellXfs>)',
                    lambda m: f"{m[1]}{int(m[2]) + total - own}{m[3]}{m[4]}{filler}{m[5]}",
                    styles, flags=re.S)
    edit_parts(path, {"xl/styles.xml": styles.encode()})


def test_an_update_that_would_pass_excels_limit_of_cell_formats_is_refused(
        tmp_path: Path) -> None:
    # a first update adds a score of formats: with room for five, Excel would open the book
    # only after a «repair» that drops formats
    path = write(tmp_path)
    _with_cell_formats(path, MAX_FORMATS - 5)
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["update", str(path)])
    assert result.exit_code == 2, result.output
    assert "форматов ячеек" in result.output and "65\u00a0430" in result.output
    assert "Файл не изменён" in result.output and "Traceback" not in result.output
    assert path.read_bytes() == before


def test_an_update_within_excels_limit_of_cell_formats_goes_through(tmp_path: Path) -> None:
    path = write(tmp_path)
    _with_cell_formats(path, MAX_FORMATS - 60)
    update_workbook(path)
    styles = parts(path)["xl/styles.xml"].decode()
    assert MAX_FORMATS - 60 < len(re.findall(r"<xf\b", styles)) <= MAX_FORMATS
