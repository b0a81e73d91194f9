"""Every XML part of every .docx procxl writes is valid against the ECMA-376 transitional
schemas (tests/data/ooxml-xsd): the example's documents of each kind and the default
templates. The validator itself is tested to fail on a broken part, and to report the
parts it cannot validate."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from procxl import actions
from procxl.render import template_build
from procxl.render.context import Kind
from tests import ooxml_schema, test_render_documents
from tests.ooxml_schema import edited_copy, problems
from tests.test_render_documents import document

# The example's documents, as tests/test_render_documents.py makes them: bound to a name
# here, the fixture is this module's too (an import would read as unused to ruff).
example_documents = test_render_documents.example_documents

TEMPLATES = sorted(template_build.TEMPLATE_DIR.glob("*.docx"))
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize("kind", list(Kind))
def test_generated_document_is_schema_valid(example_documents: actions.DocumentsResult,
                                            kind: Kind) -> None:
    assert problems(document(example_documents, kind)) == []


def test_every_main_document_of_the_example_is_schema_valid(
        example_documents: actions.DocumentsResult) -> None:
    """Each branch of the template: a body approving by minutes, an owner, a deputy, visas."""
    main = [p for p in example_documents.written
            if p.suffix == ".docx" and p.name.startswith(Kind.DUTIES.title)]
    assert len(main) == 11
    assert {str(p.name): problems(p) for p in main} == {str(p.name): [] for p in main}


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.stem for t in TEMPLATES])
def test_default_template_is_schema_valid(template: Path) -> None:
    assert problems(template) == []


def test_there_is_a_default_template_per_kind() -> None:
    assert len(TEMPLATES) == len(Kind)


# The validator can fail ----------------------------------------------------------------


def new_problems(before: Path, after: Path) -> list[str]:
    old = set(problems(before))
    return [p for p in problems(after) if p not in old]


def test_settings_in_the_wrong_order_are_reported(example_documents: actions.DocumentsResult,
                                                  tmp_path: Path) -> None:
    source = document(example_documents, Kind.DUTIES)
    settings = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:settings xmlns:w="{_W}"><w:compat/><w:defaultTabStop w:val="708"/>'
                f"</w:settings>").encode()  # w:defaultTabStop must come before w:compat
    broken = edited_copy(source, tmp_path / "broken.docx", {"word/settings.xml": settings})
    found = new_problems(source, broken)
    assert found, "the validator accepted settings in the wrong order"
    assert all(p.startswith("word/settings.xml:2 ") for p in found)
    assert any("/w:settings/w:defaultTabStop: Element 'w:defaultTabStop': This element is "
               "not expected." in p for p in found)


def test_an_unknown_element_in_the_document_is_reported(
        example_documents: actions.DocumentsResult, tmp_path: Path) -> None:
    source = document(example_documents, Kind.PROFILE)
    with zipfile.ZipFile(source) as package:
        xml = package.read("word/document.xml")
    # in the section properties: libxml2 takes seconds to report an error among the
    # hundreds of choices of w:body or w:p, milliseconds here
    xml = xml.replace(b"<w:sectPr>", b"<w:sectPr><w:bogus/>", 1)
    broken = edited_copy(source, tmp_path / "broken.docx", {"word/document.xml": xml})
    (problem,) = new_problems(source, broken)
    assert problem.startswith("word/document.xml:2 /w:document/w:body/w:sectPr/w:bogus: "
                              "Element 'w:bogus': This element is not expected.")


def test_a_styles_part_must_hold_styles(example_documents: actions.DocumentsResult,
                                        tmp_path: Path) -> None:
    source = document(example_documents, Kind.VACANCY)
    with zipfile.ZipFile(source) as package:
        header = package.read("word/header2.xml")
    broken = edited_copy(source, tmp_path / "broken.docx", {"word/styles.xml": header})
    assert new_problems(source, broken) == [
        "word/styles.xml:2: root element w:hdr, expected w:styles for this content type"]


def test_parts_without_a_schema_are_reported_but_images_are_not(
        example_documents: actions.DocumentsResult, tmp_path: Path) -> None:
    source = document(example_documents, Kind.DUTIES)
    with zipfile.ZipFile(source) as package:
        types = package.read(ooxml_schema.CONTENT_TYPES_PART)
    types = types.replace(b"</Types>",
                          b'<Default Extension="png" ContentType="image/png"/></Types>')
    broken = edited_copy(source, tmp_path / "extra.docx", {
        "[Content_Types].xml": types,
        "word/media/image1.png": b"\x89PNG\r\n\x1a\n",
        "customXml/item1.xml": b"<b:Sources xmlns:b='urn:x'/>",
        "word/unknown.bin": b"\x00",
    })
    assert new_problems(source, broken) == [
        "customXml/item1.xml: no schema for content type 'application/xml', so not validated",
        "word/unknown.bin: no content type in [Content_Types].xml",
    ]


def test_malformed_xml_is_reported(example_documents: actions.DocumentsResult,
                                   tmp_path: Path) -> None:
    source = document(example_documents, Kind.DUTIES)
    broken = edited_copy(source, tmp_path / "broken.docx", {"word/header1.xml": b"<w:hdr>"})
    (problem,) = new_problems(source, broken)
    assert problem.startswith("word/header1.xml:1: not well-formed XML: ")


# The schemas are all here, and only what is needed ------------------------------------

_IMPORTS = re.compile(r"<xsd?:(?:import|include|redefine)\b[^>]*>")


def imported(xsd: str) -> set[str]:
    """The schema files `xsd` imports, failing on one that is not a file next to it."""
    text = (ooxml_schema.SCHEMA_DIR / xsd).read_text(encoding="utf-8")
    found = set()
    for statement in _IMPORTS.findall(text):
        location = re.search(r'schemaLocation="([^"]*)"', statement)
        assert location, f"{xsd}: an import with no schemaLocation: {statement}"
        assert (ooxml_schema.SCHEMA_DIR / location[1]).is_file(), f"{xsd}: {statement}"
        found.add(location[1])
    return found


def test_schema_folder_resolves_offline_and_holds_only_what_is_used() -> None:
    roots = {file for file, _ in ooxml_schema.SCHEMAS.values()}
    roots.add(ooxml_schema.CONTENT_TYPES_SCHEMA[0])
    used, todo = set(), list(roots)
    while todo:
        xsd = todo.pop()
        if xsd not in used:
            used.add(xsd)
            todo.extend(imported(xsd))
    assert used == {p.name for p in ooxml_schema.SCHEMA_DIR.glob("*.xsd")}
    for root in sorted(roots):
        assert isinstance(ooxml_schema.schema(root), etree.XMLSchema)
