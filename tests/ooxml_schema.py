"""Validate every XML part of a .docx against the ECMA-376 transitional schemas.

`problems(path)` opens the package, finds each part's content type in `[Content_Types].xml`
(an Override for the part, else the Default for its extension), validates the part with
lxml against the schema for that type and returns what is wrong as readable strings, one
per error: ``"word/settings.xml:2 /w:settings/w:defaultTabStop: Element 'w:defaultTabStop':
This element is not expected. ..."`` — the part, the line, the element's path and libxml2's
message, with namespaces written as their usual prefixes (see `PREFIXES`).

Nothing slips through unvalidated: a part with no content type, or with an XML content type
we have no schema for, is a problem too. Only images, sound, video and the binary part types
in `BINARY_TYPES` are skipped. Each part's root element must also be the one its content
type calls for (a styles part holding a `w:document` is valid WordprocessingML, but wrong).

The schemas are in tests/data/ooxml-xsd (see its README.md: where they come from, and the
`schemaLocation` edits that make them resolve offline). Each root schema is compiled once
per process. Markup compatibility is deliberately not handled: procxl writes the plain `w:`
vocabulary, so a part with `mc:Ignorable` or `w14:` and later extensions is reported.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).parent / "data" / "ooxml-xsd"
CONTENT_TYPES_PART = "[Content_Types].xml"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."

# content type -> (root schema file in SCHEMA_DIR, the root element the part must have)
SCHEMAS: dict[str, tuple[str, str]] = {
    f"{_WML}document.main+xml": ("wml.xsd", f"{{{_W}}}document"),
    f"{_WML}template.main+xml": ("wml.xsd", f"{{{_W}}}document"),
    f"{_WML}styles+xml": ("wml.xsd", f"{{{_W}}}styles"),
    f"{_WML}settings+xml": ("wml.xsd", f"{{{_W}}}settings"),
    f"{_WML}webSettings+xml": ("wml.xsd", f"{{{_W}}}webSettings"),
    f"{_WML}fontTable+xml": ("wml.xsd", f"{{{_W}}}fonts"),
    f"{_WML}numbering+xml": ("wml.xsd", f"{{{_W}}}numbering"),
    f"{_WML}footnotes+xml": ("wml.xsd", f"{{{_W}}}footnotes"),
    f"{_WML}endnotes+xml": ("wml.xsd", f"{{{_W}}}endnotes"),
    f"{_WML}comments+xml": ("wml.xsd", f"{{{_W}}}comments"),
    f"{_WML}header+xml": ("wml.xsd", f"{{{_W}}}hdr"),
    f"{_WML}footer+xml": ("wml.xsd", f"{{{_W}}}ftr"),
    "application/vnd.openxmlformats-officedocument.theme+xml": ("dml-main.xsd", f"{{{_A}}}theme"),
    "application/vnd.openxmlformats-package.relationships+xml":
        ("opc-relationships.xsd", f"{{{_PR}}}Relationships"),
    "application/vnd.openxmlformats-package.core-properties+xml":
        ("opc-coreProperties.xsd", f"{{{_CP}}}coreProperties"),
    "application/vnd.openxmlformats-officedocument.extended-properties+xml":
        ("shared-documentPropertiesExtended.xsd", f"{{{_EP}}}Properties"),
}
# [Content_Types].xml is not a part with a content type of its own
CONTENT_TYPES_SCHEMA = ("opc-contentTypes.xsd", f"{{{_CT}}}Types")

# Parts that are not XML, so have nothing to validate: by media type, and these types.
BINARY_MEDIA = ("image/", "audio/", "video/", "font/")
BINARY_TYPES = frozenset({
    "application/octet-stream",
    "application/vnd.openxmlformats-officedocument.oleObject",
    "application/vnd.openxmlformats-officedocument.obfuscatedFont",
    f"{_WML}printerSettings",
    "application/vnd.ms-office.vbaProject",
})

# How namespaces are written in the messages: the prefixes the standard itself uses.
PREFIXES = {
    _W: "w",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
    "http://schemas.openxmlformats.org/officeDocument/2006/math": "m",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing": "wp",
    _A: "a",
    "http://schemas.openxmlformats.org/drawingml/2006/picture": "pic",
    "http://schemas.openxmlformats.org/markup-compatibility/2006": "mc",
    _CT: "ct",
    _PR: "pr",
    _CP: "cp",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    _EP: "ep",
    "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes": "vt",
    "http://www.w3.org/XML/1998/namespace": "xml",
}
_CLARK = re.compile(r"\{([^}]*)\}")

# No DTDs, no entities, no network: a part is data, not instructions to the parser.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@functools.cache
def schema(file_name: str) -> etree.XMLSchema:
    """The compiled schema `file_name` of SCHEMA_DIR, with everything it imports."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / file_name), _PARSER))


def problems(path: Path | str) -> list[str]:
    """Every schema violation in the package at `path`, or [] when it is all valid."""
    found: list[str] = []
    with zipfile.ZipFile(path) as package:
        names = [name for name in package.namelist() if not name.endswith("/")]
        if CONTENT_TYPES_PART not in names:
            return [f"{CONTENT_TYPES_PART}: missing, so no part can be validated"]
        types_xml = package.read(CONTENT_TYPES_PART)
        found += validate_part(CONTENT_TYPES_PART, types_xml, *CONTENT_TYPES_SCHEMA)
        try:
            defaults, overrides = content_types(types_xml)
        except etree.XMLSyntaxError:
            return found  # reported above
        for name in names:
            if name == CONTENT_TYPES_PART:
                continue
            extension = name.rpartition("/")[2].rpartition(".")[2].lower()
            content_type = overrides.get(f"/{name}".lower(), defaults.get(extension))
            if content_type is None:
                found.append(f"{name}: no content type in {CONTENT_TYPES_PART}")
            elif content_type.startswith(BINARY_MEDIA) or content_type in BINARY_TYPES:
                continue
            elif content_type not in SCHEMAS:
                found.append(f"{name}: no schema for content type {content_type!r}, "
                             "so not validated")
            else:
                found += validate_part(name, package.read(name), *SCHEMAS[content_type])
    return found


def content_types(xml: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """Defaults by lower-case extension and overrides by lower-case part name ("/word/…")."""
    root = etree.fromstring(xml, _PARSER)
    defaults = {d.get("Extension", "").lower(): d.get("ContentType", "")
                for d in root.iter(f"{{{_CT}}}Default")}
    overrides = {o.get("PartName", "").lower(): o.get("ContentType", "")
                 for o in root.iter(f"{{{_CT}}}Override")}
    return defaults, overrides


def validate_part(name: str, xml: bytes, schema_file: str, root_tag: str) -> list[str]:
    """The problems of one part: not well-formed, the wrong root, or schema errors."""
    try:
        tree = etree.parse(io.BytesIO(xml), _PARSER)
    except etree.XMLSyntaxError as error:
        return [f"{name}:{error.lineno}: not well-formed XML: {error.msg}"]
    found = []
    root = tree.getroot()
    if root.tag != root_tag:
        found.append(f"{name}:{root.sourceline}: root element {short(root.tag)}, "
                     f"expected {short(root_tag)} for this content type")
    checker = schema(schema_file)
    if not checker.validate(tree):
        found += [f"{name}:{error.line} {error.path}: {short(error.message)}"
                  for error in checker.error_log]
    return found


def short(text: str) -> str:
    """`text` with `{namespace}name` written as `prefix:name` for the namespaces we know."""
    return _CLARK.sub(lambda m: f"{PREFIXES[m[1]]}:" if m[1] in PREFIXES else m[0], text)
