"""The XML parts of the committed workbooks are valid against the ECMA-376 transitional
schemas (tests/data/ooxml-xsd, checked by tests/ooxml_schema.py), and the SpreadsheetML
validator itself works: it fails on a broken part, processes markup compatibility as a
consumer does (ECMA-376 Part 3), validates the content of extensions laxly, and lists the
parts it has no schema for instead of reporting them.

The books in tests/data/excel-corpus (saved by Excel) are validated too, for information
only: that corpus may change, so nothing is asserted on what is found there."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests import ooxml_schema
from tests.ooxml_schema import edited_copy, unvalidated, xlsx_problems

ROOT = Path(__file__).resolve().parent.parent
BOOKS = [ROOT / "workbook_templates" / name
         for name in ("procxl.xlsx", "пример-автосервис.xlsx", "procxl.xlsm")]
CORPUS = sorted((Path(__file__).parent / "data" / "excel-corpus").glob("*.xls[xm]"))

_X = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
_X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
_X15 = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"
_XR = "http://schemas.microsoft.com/office/spreadsheetml/2014/revision"
_SHEET = "xl/worksheets/sheet1.xml"
_WORKSHEET = ("sml.xsd", f"{{{_X}}}worksheet")


def failing(path: Path, **options: bool) -> dict[str, list[str]]:
    """The parts of the package at `path` that have problems, with them."""
    return {part: found for part, found in xlsx_problems(path, **options).items() if found}



def sheet_problems(xml: str) -> list[str]:
    """The problems of `xml` as a worksheet part of an .xlsx."""
    return ooxml_schema.validate_part(_SHEET, xml.encode(), *_WORKSHEET, compatibility=True,
                                      xml_space=ooxml_schema.EXCEL_XML_SPACE)


def excel_sheet(root_attributes: str, body: str) -> str:
    """A worksheet as Excel 2016+ starts one: its namespaces, the `root_attributes`
    (mc:Ignorable, xr:uid, ...), then `body`."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_X}" xmlns:r="{_R}" xmlns:mc="{_MC}" xmlns:x14ac="{_X14AC}" '
            f'xmlns:xr="{_XR}" {root_attributes}>\n{body}\n</worksheet>')


_ROWS = ('<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>\n'
         '<sheetData><row r="1" spans="1:1" x14ac:dyDescent="0.25">'
         '<c r="A1"><v>1</v></c></row></sheetData>')


# The committed workbooks --------------------------------------------------------------

@pytest.mark.parametrize("book", BOOKS, ids=[b.name for b in BOOKS])
def test_committed_workbook_is_schema_valid(book: Path) -> None:
    # with no allowance for Excel's xml:space either: openpyxl wrote none here
    assert failing(book) == {}
    assert failing(book, excel_xml_space=False) == {}


@pytest.mark.parametrize("book", BOOKS, ids=[b.name for b in BOOKS])
def test_every_xml_part_of_a_committed_workbook_has_a_schema(book: Path) -> None:
    """Nothing passes by being skipped: only the VML comment shapes (and the VBA project
    of the .xlsm) have no schema; every other part was validated."""
    validated = xlsx_problems(book)
    with zipfile.ZipFile(book) as package:
        names = {n for n in package.namelist() if not n.endswith("/")}
    skipped = {line.partition(": ")[0]: line.partition(": ")[2] for line in unvalidated(book)}
    assert set(validated) | set(skipped) == names
    assert not set(validated) & set(skipped)
    assert set(skipped.values()) <= {"application/vnd.openxmlformats-officedocument.vmlDrawing",
                                     "application/vnd.ms-office.vbaProject"}
    assert {"xl/workbook.xml", "xl/styles.xml", "xl/theme/theme1.xml", _SHEET,
            "xl/comments/comment1.xml", "docProps/app.xml", "docProps/core.xml",
            "_rels/.rels", "[Content_Types].xml"} <= set(validated)


# The validator can fail ----------------------------------------------------------------

def test_an_unknown_element_in_sheet_data_is_a_problem_of_that_part(tmp_path: Path) -> None:
    source = BOOKS[0]
    with zipfile.ZipFile(source) as package:
        xml = package.read(_SHEET)
    assert xml.count(b"<sheetData>") == 1
    broken = edited_copy(source, tmp_path / "broken.xlsx",
                         {_SHEET: xml.replace(b"<sheetData>", b"<sheetData><bogus/>")})
    (problem,) = failing(broken)[_SHEET]
    assert problem.startswith(f"{_SHEET}:1 /x:worksheet/x:sheetData/x:bogus: "
                              "Element 'x:bogus': This element is not expected. "
                              "Expected is ( x:row ).")
    assert list(failing(broken)) == [_SHEET]


def test_a_styles_part_must_hold_a_style_sheet(tmp_path: Path) -> None:
    source = BOOKS[0]
    with zipfile.ZipFile(source) as package:
        sheet = package.read(_SHEET)
    broken = edited_copy(source, tmp_path / "broken.xlsx", {"xl/styles.xml": sheet})
    assert failing(broken) == {"xl/styles.xml": [
        "xl/styles.xml:1: root element x:worksheet, expected x:styleSheet for this content "
        "type"]}


def test_a_part_without_a_content_type_is_a_problem(tmp_path: Path) -> None:
    broken = edited_copy(BOOKS[0], tmp_path / "broken.xlsx", {"xl/unknown.bin": b"\x00"})
    assert failing(broken) == {
        "xl/unknown.bin": ["xl/unknown.bin: no content type in [Content_Types].xml"]}


def test_parts_without_a_schema_are_listed_not_reported(tmp_path: Path) -> None:
    """Office 2010+ parts (here a persons part and a threaded comment) and binary parts
    have no ECMA-376 schema: they are listed by `unvalidated`, not problems."""
    source = BOOKS[0]
    with zipfile.ZipFile(source) as package:
        types = package.read(ooxml_schema.CONTENT_TYPES_PART).decode()
    overrides = {
        "/xl/persons/person.xml": "application/vnd.ms-excel.person+xml",
        "/xl/threadedComments/threadedComment1.xml":
            "application/vnd.ms-excel.threadedcomments+xml",
        "/xl/printerSettings/printerSettings1.bin":
            "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings",
    }
    types = types.replace("</Types>", "".join(
        f'<Override PartName="{name}" ContentType="{content_type}"/>'
        for name, content_type in overrides.items()) + "</Types>")
    extended = edited_copy(source, tmp_path / "extended.xlsx", {
        ooxml_schema.CONTENT_TYPES_PART: types.encode(),
        "xl/persons/person.xml": b"<not-even-checked/>",
        "xl/threadedComments/threadedComment1.xml": b"<ThreadedComments/>",
        "xl/printerSettings/printerSettings1.bin": b"\x00\x01",
    })
    assert failing(extended) == {}
    listed = set(unvalidated(extended)) - set(unvalidated(source))
    assert listed == {f"{name[1:]}: {content_type}" for name, content_type in overrides.items()}
    assert not set(xlsx_problems(extended)) & {name[1:] for name in overrides}


# Markup compatibility ---------------------------------------------------------------------

def test_ignorable_attributes_are_ignored() -> None:
    """Excel's `x14ac:dyDescent` under `mc:Ignorable="x14ac"` (and `xr:uid` under `xr`)."""
    assert sheet_problems(excel_sheet('mc:Ignorable="x14ac xr" xr:uid="{00000000-0001}"',
                                      _ROWS)) == []


def test_attributes_of_a_namespace_not_ignorable_are_problems() -> None:
    # xr is declared but not in mc:Ignorable: xr:uid is an attribute the schema forbids
    found = sheet_problems(excel_sheet('mc:Ignorable="x14ac" xr:uid="{00000000-0001}"',
                                       _ROWS))
    assert found == [f"{_SHEET}:2 /x:worksheet: Element 'x:worksheet', attribute '{{{_XR}}}uid'"
                     f": The attribute '{{{_XR}}}uid' is not allowed."]
    # and without any mc:Ignorable, x14ac:dyDescent is reported wherever it is
    found = sheet_problems(excel_sheet("", _ROWS))
    assert len(found) == 2 and all("dyDescent' is not allowed" in p for p in found)
    assert [p.split(" ")[0] for p in found] == [f"{_SHEET}:3", f"{_SHEET}:4"]


def test_an_unknown_attribute_without_a_namespace_is_a_problem() -> None:
    found = sheet_problems(excel_sheet('mc:Ignorable="x14ac"',
                                       _ROWS.replace('<c r="A1">', '<c r="A1" bogus="1">')))
    assert found == [f"{_SHEET}:4 /x:worksheet/x:sheetData/x:row/x:c: Element 'x:c', "
                     "attribute 'bogus': The attribute 'bogus' is not allowed."]


def test_ignorable_elements_are_dropped_or_unwrapped() -> None:
    extra = (f'<x14:marker xmlns:x14="{_X14}"><bogus/></x14:marker>'
             f'<x14:wrapper xmlns:x14="{_X14}"><sheetData/></x14:wrapper>')
    body = ('<sheetFormatPr defaultRowHeight="15"/>' + extra)
    # x14:marker goes with its (invalid) content; x14:wrapper's content stays
    assert sheet_problems(excel_sheet(
        f'xmlns:x14="{_X14}" mc:Ignorable="x14" mc:ProcessContent="x14:wrapper"', body)) == []
    # not ignorable, the unknown element is reported
    (problem,) = sheet_problems(excel_sheet("", body))
    assert "Element '{" + _X14 + "}marker': This element is not expected." in problem


def test_alternate_content_is_replaced_by_its_fallback() -> None:
    def sheet(alternate: str) -> str:
        return excel_sheet(f'xmlns:x14="{_X14}" mc:Ignorable="x14ac"',
                           f"<sheetData/>{alternate}<pageMargins left='0.7' right='0.7' "
                           "top='0.75' bottom='0.75' header='0.3' footer='0.3'/>")

    choice = '<mc:Choice Requires="x14"><x14:anything/></mc:Choice>'
    # no fallback: the whole of it goes
    assert sheet_problems(sheet(f"<mc:AlternateContent>{choice}</mc:AlternateContent>")) == []
    # a fallback is what is validated: valid here...
    valid = "<mergeCells count='1'><mergeCell ref='A1:B1'/></mergeCells>"
    assert sheet_problems(sheet(f"<mc:AlternateContent>{choice}<mc:Fallback>{valid}"
                                "</mc:Fallback></mc:AlternateContent>")) == []
    # ...and reported when it is wrong
    invalid = "<mergeCells count='1'><bogus/></mergeCells>"
    (problem,) = sheet_problems(sheet(f"<mc:AlternateContent>{choice}<mc:Fallback>{invalid}"
                                      "</mc:Fallback></mc:AlternateContent>"))
    assert problem.startswith(f"{_SHEET}:3 /x:worksheet/x:mergeCells/x:bogus: ")
    # a Choice whose namespaces are understood is taken before the fallback
    spreadsheetml = f'<mc:Choice Requires="s" xmlns:s="{_X}">{invalid}</mc:Choice>'
    (problem,) = sheet_problems(sheet(f"<mc:AlternateContent>{spreadsheetml}<mc:Fallback>"
                                      f"{valid}</mc:Fallback></mc:AlternateContent>"))
    assert "/x:worksheet/x:mergeCells/x:bogus: " in problem


def test_must_understand_a_namespace_not_known_is_a_problem() -> None:
    assert sheet_problems(excel_sheet('mc:MustUnderstand="x14ac"', "<sheetData/>")) == [
        f"{_SHEET}:2: mc:MustUnderstand names x14ac ({_X14AC}), which these schemas do not "
        "define"]
    assert sheet_problems(excel_sheet('mc:MustUnderstand="r"', "<sheetData/>")) == []


def test_the_original_tree_is_not_changed() -> None:
    root = etree.fromstring(excel_sheet('mc:Ignorable="x14ac"', _ROWS).encode())
    before = etree.tostring(root)
    view, errors = ooxml_schema.consumer_view(root)
    assert errors == [] and etree.tostring(root) == before
    assert view.nsmap["x"] == _X and view.find(f"{{{_X}}}sheetData").sourceline == 4


# Extensions -------------------------------------------------------------------------------

def test_extension_content_is_validated_laxly() -> None:
    def sheet(content: str) -> str:
        return excel_sheet('mc:Ignorable="x14ac"',
                           f'<sheetData/><extLst><ext uri="{{78C0D931-6437-407d-A8EE-'
                           f'F0AAD7539E65}}" xmlns:x14="{_X14}">{content}</ext></extLst>')

    # elements no schema here declares are skipped, with their attributes and content
    assert sheet_problems(sheet("<x14:conditionalFormattings><x14:conditionalFormatting>"
                                "<bogus/></x14:conditionalFormatting>"
                                "</x14:conditionalFormattings>")) == []
    # an element that is declared (a global element of the schemas) is validated
    assert sheet_problems(sheet("<x14:wrapper><sst><bogus/></sst></x14:wrapper>")) == [
        f"{_SHEET}:3 /x:worksheet/x:extLst/x:ext/x14:wrapper/x:sst/x:bogus: Element 'x:bogus':"
        " This element is not expected. Expected is one of ( x:si, x:extLst )."]
    # and an ext must hold something
    (problem,) = sheet_problems(sheet(""))
    assert "Element 'x:ext': Missing child element(s)." in problem


def test_an_extension_in_an_ignorable_namespace_is_kept_whole() -> None:
    """Excel's workbook: `mc:Ignorable="x15"` and an x15 element as the only content of an
    ext. Dropped as ignorable, the ext would be empty, which the schema forbids; but a
    consumer knowing no extension skips the ext whole, so its content stays as it is."""
    workbook = (f'<workbook xmlns="{_X}" xmlns:r="{_R}" xmlns:mc="{_MC}" '
                f'mc:Ignorable="x15" xmlns:x15="{_X15}"><sheets><sheet name="A" sheetId="1" '
                f'r:id="rId1"/></sheets><extLst><ext uri="{{140A7094-0E35-4892-8432-'
                f'C4D2E57EDEB5}}" xmlns:x15="{_X15}"><x15:workbookPr chartTrackingRefBase="1"/>'
                "</ext></extLst></workbook>")
    assert ooxml_schema.validate_part("xl/workbook.xml", workbook.encode(), "sml.xsd",
                                      f"{{{_X}}}workbook", compatibility=True) == []


# xml:space, which Excel writes on text elements --------------------------------------------

def test_xml_space_on_spreadsheetml_text_is_excel_s_and_accepted(tmp_path: Path) -> None:
    source = BOOKS[0]
    with zipfile.ZipFile(source) as package:
        xml = package.read(_SHEET)
    assert xml.count(b"<is><t>") > 1
    spaced = edited_copy(source, tmp_path / "spaced.xlsx", {
        _SHEET: xml.replace(b"<is><t>", b'<is><t xml:space="preserve">', 1)})
    assert failing(spaced) == {}
    (problem,) = failing(spaced, excel_xml_space=False)[_SHEET]
    assert problem.endswith("Element 'x:t', attribute 'xml:space': The attribute "
                            "'xml:space' is not allowed.")
    bad = edited_copy(source, tmp_path / "bad.xlsx", {
        _SHEET: xml.replace(b"<is><t>", b'<is><t xml:space="keep">', 1)})
    (problem,) = failing(bad)[_SHEET]
    assert problem == f"{_SHEET}:1: xml:space='keep': must be 'default' or 'preserve'"


# Workbooks saved by Excel: informative only -------------------------------------------------

@pytest.mark.skipif(not CORPUS, reason="no tests/data/excel-corpus")
@pytest.mark.parametrize("book", CORPUS, ids=[b.name for b in CORPUS])
def test_excel_saved_workbook_can_be_validated(book: Path) -> None:
    """Only that validation runs; what it finds is printed (pytest -s), not asserted."""
    found = xlsx_problems(book)
    skipped = unvalidated(book)
    for problem in (p for problems in found.values() for p in problems):
        print(f"{book.name}: {problem}")
    print(f"{book.name}: {len(found)} parts validated, {sum(map(bool, found.values()))} "
          f"failing; not validated: {', '.join(skipped) or 'none'}")
    assert all(isinstance(problems, list) for problems in found.values())
