"""Validate the XML parts of a .docx or .xlsx/.xlsm against the ECMA-376 transitional schemas.

`problems(path)` opens a .docx package, finds each part's content type in
`[Content_Types].xml` (an Override for the part, else the Default for its extension),
validates the part with lxml against the schema for that type and returns what is wrong as
readable strings, one per error: ``"word/settings.xml:2 /w:settings/w:defaultTabStop:
Element 'w:defaultTabStop': This element is not expected. ..."`` — the part, the line, the
element's path and libxml2's message, with namespaces written as their usual prefixes (see
`PREFIXES`).

Nothing slips through unvalidated: a part with no content type, or with an XML content type
we have no schema for, is a problem too. Only images, sound, video and the binary part types
in `BINARY_TYPES` are skipped. Each part's root element must also be the one its content
type calls for (a styles part holding a `w:document` is valid WordprocessingML, but wrong).
Markup compatibility is deliberately not handled for a .docx: procxl writes the plain `w:`
vocabulary, so a part with `mc:Ignorable` or `w14:` and later extensions is reported.

`xlsx_problems(path)` does the same for a SpreadsheetML package, as a dict from part name to
that part's problems (every part with a schema is a key, a valid one with []). Excel writes
many Office 2010+ parts that no ECMA-376 1st-edition schema covers (threaded comments,
persons, rich data, chart styles, control properties, VML, printer settings, the VBA
project); those are not problems there but are listed by `unvalidated(path)`. And Excel
writes markup compatibility in the parts that do have a schema (`mc:Ignorable="x14ac xr
xr2 xr3"`, `x14ac:dyDescent`, `xr:uid`, `mc:AlternateContent`), so each part is first
reduced to what a consumer of only these schemas sees (`consumer_view`, following ECMA-376
Part 3, Part 5 in the 1st edition): attributes and elements of the ignorable namespaces
removed, `mc:AlternateContent` replaced by its first understood `mc:Choice` or its
`mc:Fallback`. What is left in a namespace these schemas do not know is still reported.
The content of `extLst/ext` is any XML to the schemas, validated laxly (what no schema here
declares is skipped, what one does is validated). Excel's `xml:space` on text elements,
which sml.xsd does not declare, is accepted (see `EXCEL_XML_SPACE`). The parts are also
rebuilt with the prefixes of `PREFIXES` (Excel uses a default namespace, for which libxml2
writes paths as ``/*/*[3]``), keeping their line numbers.

The schemas are in tests/data/ooxml-xsd (see its README.md: where they come from, and the
`schemaLocation` edits that make them resolve offline). Each root schema is compiled once
per process.
"""

from __future__ import annotations

import copy
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
_OP = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_X = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_XML = "http://www.w3.org/XML/1998/namespace"

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_OFFICE = "application/vnd.openxmlformats-officedocument."

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
    f"{_OFFICE}custom-properties+xml":
        ("shared-documentPropertiesCustom.xsd", f"{{{_OP}}}Properties"),
    f"{_OFFICE}customXmlProperties+xml":
        ("shared-customXmlDataProperties.xsd", f"{{{_DS}}}datastoreItem"),
    # SpreadsheetML: the workbook of each kind of file (.xlsx, .xltx, .xlsm, .xltm, .xlam)
    f"{_SML}sheet.main+xml": ("sml.xsd", f"{{{_X}}}workbook"),
    f"{_SML}template.main+xml": ("sml.xsd", f"{{{_X}}}workbook"),
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": ("sml.xsd", f"{{{_X}}}workbook"),
    "application/vnd.ms-excel.template.macroEnabled.main+xml":
        ("sml.xsd", f"{{{_X}}}workbook"),
    "application/vnd.ms-excel.addin.macroEnabled.main+xml": ("sml.xsd", f"{{{_X}}}workbook"),
    f"{_SML}worksheet+xml": ("sml.xsd", f"{{{_X}}}worksheet"),
    f"{_SML}chartsheet+xml": ("sml.xsd", f"{{{_X}}}chartsheet"),
    f"{_SML}dialogsheet+xml": ("sml.xsd", f"{{{_X}}}dialogsheet"),
    f"{_SML}styles+xml": ("sml.xsd", f"{{{_X}}}styleSheet"),
    f"{_SML}sharedStrings+xml": ("sml.xsd", f"{{{_X}}}sst"),
    f"{_SML}comments+xml": ("sml.xsd", f"{{{_X}}}comments"),
    f"{_SML}calcChain+xml": ("sml.xsd", f"{{{_X}}}calcChain"),
    f"{_SML}table+xml": ("sml.xsd", f"{{{_X}}}table"),
    f"{_SML}pivotTable+xml": ("sml.xsd", f"{{{_X}}}pivotTableDefinition"),
    f"{_SML}pivotCacheDefinition+xml": ("sml.xsd", f"{{{_X}}}pivotCacheDefinition"),
    f"{_SML}pivotCacheRecords+xml": ("sml.xsd", f"{{{_X}}}pivotCacheRecords"),
    f"{_SML}externalLink+xml": ("sml.xsd", f"{{{_X}}}externalLink"),
    f"{_SML}connections+xml": ("sml.xsd", f"{{{_X}}}connections"),
    f"{_SML}queryTable+xml": ("sml.xsd", f"{{{_X}}}queryTable"),
    f"{_SML}volatileDependencies+xml": ("sml.xsd", f"{{{_X}}}volTypes"),
    f"{_SML}sheetMetadata+xml": ("sml.xsd", f"{{{_X}}}metadata"),
    f"{_SML}tableSingleCells+xml": ("sml.xsd", f"{{{_X}}}singleXmlCells"),
    f"{_SML}revisionHeaders+xml": ("sml.xsd", f"{{{_X}}}headers"),
    f"{_SML}revisionLog+xml": ("sml.xsd", f"{{{_X}}}revisions"),
    f"{_SML}userNames+xml": ("sml.xsd", f"{{{_X}}}users"),
    f"{_OFFICE}drawing+xml": ("dml-spreadsheetDrawing.xsd", f"{{{_XDR}}}wsDr"),
    f"{_OFFICE}drawingml.chart+xml": ("dml-chart.xsd", f"{{{_C}}}chartSpace"),
    f"{_OFFICE}drawingml.chartshapes+xml": ("dml-chart.xsd", f"{{{_C}}}userShapes"),
    f"{_OFFICE}themeOverride+xml": ("dml-main.xsd", f"{{{_A}}}themeOverride"),
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
    _XML: "xml",
    _OP: "op",
    _DS: "ds",
    _X: "x",
    _XDR: "xdr",
    _C: "c",
    "http://schemas.openxmlformats.org/drawingml/2006/chartDrawing": "cdr",
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


def validate_part(name: str, xml: bytes, schema_file: str, root_tag: str, *,
                  compatibility: bool = False, xml_space: frozenset[str] = frozenset(),
                  ) -> list[str]:
    """The problems of one part: not well-formed, the wrong root, or schema errors.

    With `compatibility`, the part is validated as `consumer_view` makes it: markup
    compatibility processed, `xml:space` taken off the elements of the namespaces
    `xml_space`, and written with the prefixes of `PREFIXES`."""
    try:
        tree = etree.parse(io.BytesIO(xml), _PARSER)
    except etree.XMLSyntaxError as error:
        return [f"{name}:{error.lineno}: not well-formed XML: {error.msg}"]
    found = []
    root = tree.getroot()
    if root.tag != root_tag:
        found.append(f"{name}:{root.sourceline}: root element {short(root.tag)}, "
                     f"expected {short(root_tag)} for this content type")
    if compatibility:
        root, errors = consumer_view(root, markup_compatibility=root_tag != _CORE_ROOT,
                                     xml_space=xml_space)
        found += [f"{name}:{line}: {short(message)}" for line, message in errors]
        tree = root.getroottree()
    checker = schema(schema_file)
    if not checker.validate(tree):
        found += [f"{name}:{error.line} {error.path}: {short(error.message)}"
                  for error in checker.error_log]
    return found


def short(text: str) -> str:
    """`text` with `{namespace}name` written as `prefix:name` for the namespaces we know."""
    return _CLARK.sub(lambda m: f"{PREFIXES[m[1]]}:" if m[1] in PREFIXES else m[0], text)


# SpreadsheetML packages ------------------------------------------------------------------

_CORE_ROOT = SCHEMAS["application/vnd.openxmlformats-package.core-properties+xml"][1]

# Excel writes `xml:space="preserve"` on SpreadsheetML text elements (x:t of shared strings,
# inline strings and comments; x:formula2, x:firstHeader, ...) that keep leading or
# trailing spaces, and so do openpyxl and XlsxWriter. sml.xsd declares it on no element, so
# each is a schema error; [MS-OI29500] (Office's notes on the standard, e.g. 2.1.706 for
# x:t) records it as Excel's addition: "The standard makes no mention of an xml:space
# attribute. Excel uses this attribute ...". By default xlsx_problems accepts it on the
# elements of these namespaces (a value other than 'default' or 'preserve' is reported).
EXCEL_XML_SPACE = frozenset({_X})


def xlsx_problems(path: Path | str, *, excel_xml_space: bool = True
                  ) -> dict[str, list[str]]:
    """Each part of the .xlsx/.xlsm at `path` that has a schema, with its problems ([] when
    valid), each part validated as `consumer_view` sees it: markup compatibility
    processed, and (with `excel_xml_space`) `xml:space` accepted on SpreadsheetML elements
    (see `EXCEL_XML_SPACE`). Parts with no schema are not here (see `unvalidated`); a part
    with no content type at all is, as a problem of the package."""
    xml_space = EXCEL_XML_SPACE if excel_xml_space else frozenset()
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as package:
        typed = _typed_parts(package)
        if typed is None:
            return {CONTENT_TYPES_PART: [f"{CONTENT_TYPES_PART}: missing, so no part can be "
                                         "validated"]}
        found[CONTENT_TYPES_PART] = validate_part(
            CONTENT_TYPES_PART, package.read(CONTENT_TYPES_PART), *CONTENT_TYPES_SCHEMA,
            compatibility=True, xml_space=xml_space)
        for name, content_type in typed.items():
            if content_type is None:
                found[name] = [f"{name}: no content type in {CONTENT_TYPES_PART}"]
            elif content_type in SCHEMAS:
                found[name] = validate_part(name, package.read(name), *SCHEMAS[content_type],
                                            compatibility=True, xml_space=xml_space)
    return found


def unvalidated(path: Path | str) -> list[str]:
    """The parts of the package at `path` with no schema here, as ``"part: content type"``:
    binary and media parts, and XML parts outside ECMA-376 (Office 2010+ extensions, VML)."""
    with zipfile.ZipFile(path) as package:
        typed = _typed_parts(package) or {}
    return [f"{name}: {content_type}" for name, content_type in typed.items()
            if content_type is not None and content_type not in SCHEMAS]


def _typed_parts(package: zipfile.ZipFile) -> dict[str, str | None] | None:
    """Every part but [Content_Types].xml with its content type (None: it has none), or
    None when there is no readable [Content_Types].xml."""
    names = [name for name in package.namelist() if not name.endswith("/")]
    if CONTENT_TYPES_PART not in names:
        return None
    try:
        defaults, overrides = content_types(package.read(CONTENT_TYPES_PART))
    except etree.XMLSyntaxError:
        return {}  # reported as a problem of [Content_Types].xml itself
    return {name: overrides.get(f"/{name}".lower(),
                                defaults.get(name.rpartition("/")[2].rpartition(".")[2].lower()))
            for name in names if name != CONTENT_TYPES_PART}


# Markup compatibility (ECMA-376 Part 3) --------------------------------------------------

_AC = f"{{{_MC}}}AlternateContent"
_XML_SPACE = f"{{{_XML}}}space"
_CHOICE = f"{{{_MC}}}Choice"
_FALLBACK = f"{{{_MC}}}Fallback"


@functools.cache
def understood() -> frozenset[str]:
    """The namespaces a consumer of the schemas here understands: their target namespaces,
    and the XML and markup compatibility namespaces themselves."""
    found = {_XML, _MC}
    for xsd in SCHEMA_DIR.glob("*.xsd"):
        namespace = etree.parse(str(xsd), _PARSER).getroot().get("targetNamespace")
        if namespace:
            found.add(namespace)
    return frozenset(found)


def consumer_view(root: etree._Element, *, markup_compatibility: bool = True,
                  xml_space: frozenset[str] = frozenset(),
                  ) -> tuple[etree._Element, list[tuple[int, str]]]:
    """A new tree of `root` as a consumer understanding only `understood()` sees it, and the
    errors found on the way (line, message).

    With `markup_compatibility` (not for core properties, where ECMA-376 Part 2 [M4.2]
    makes any use of the namespace an error), as Part 3 asks of a consumer: `mc:Ignorable`
    namespaces it does not understand are ignored (their attributes dropped, their
    elements dropped, or replaced by their content where `mc:ProcessContent` says so);
    `mc:AlternateContent` becomes the content of its first `mc:Choice` whose `Requires`
    namespaces are all understood, else of its `mc:Fallback`, else nothing; an
    `mc:MustUnderstand` namespace not understood is an error; and the `mc:` attributes go.
    Anything else in a namespace the schemas do not know stays, for validation to report.
    The content of an extension (`ext` in an `extLst`) is kept as it is: the schemas take
    any XML there, validated laxly, and a consumer that knows no extension skips it whole
    (processing it, Excel's `x15:workbookPr` in `mc:Ignorable="x15"` would leave an empty
    `x:ext`, which the schema rejects). `xml:space` on the elements of the namespaces
    `xml_space` is dropped (see `EXCEL_XML_SPACE`), a value other than 'default' or
    'preserve' being an error.

    The new tree writes each namespace of `PREFIXES` with its prefix (so libxml2's paths
    read ``/x:worksheet/x:sheetData``, not ``/*/*[3]``) and keeps the source lines. Comments
    and processing instructions are left out; `root`'s tree is not changed."""
    errors: list[tuple[int, str]] = []
    nsmap = {prefix: namespace for namespace, prefix in PREFIXES.items()
             if namespace != _XML}
    view = etree.Element(root.tag, nsmap=nsmap)
    _Viewer(errors, markup_compatibility, xml_space).element(root, view, frozenset(),
                                                             frozenset())
    return view, errors


def _is_extension(element: etree._Element) -> bool:
    """Whether `element` is the `ext` of an `extLst` (SpreadsheetML's CT_Extension,
    DrawingML's CT_OfficeArtExtension): its content is any XML, processed laxly."""
    parent = element.getparent()
    return (etree.QName(element).localname == "ext" and parent is not None
            and etree.QName(parent).localname == "extLst"
            and etree.QName(element).namespace in understood())


class _Viewer:
    def __init__(self, errors: list[tuple[int, str]], markup_compatibility: bool,
                 xml_space: frozenset[str]) -> None:
        self.errors = errors
        self.mce = markup_compatibility
        self.xml_space = xml_space

    def element(self, source: etree._Element, target: etree._Element,
                ignorable: frozenset[str], process: frozenset[tuple[str, str]]) -> None:
        """Copy `source`'s attributes, text and content into `target`, an element of the
        same name, ignoring the namespaces `ignorable` (and unwrapping `process`)."""
        target.sourceline = source.sourceline
        if self.mce:
            ignorable, process = self.declarations(source, ignorable, process)
        for name, value in source.attrib.items():
            namespace = etree.QName(name).namespace
            if self.mce and (namespace == _MC or namespace in ignorable):
                continue
            if name == _XML_SPACE and etree.QName(source).namespace in self.xml_space:
                if value not in ("default", "preserve"):
                    self.errors.append((source.sourceline or 0,
                                        f"xml:space={value!r}: must be 'default' or 'preserve'"))
                continue
            target.set(name, value)
        target.text = source.text
        if self.mce and _is_extension(source):
            for child in source:  # opaque to a consumer that knows no extension: as it is
                target.append(copy.deepcopy(child))
        else:
            self.content(source, target, ignorable, process)

    def content(self, source: etree._Element, target: etree._Element,
                ignorable: frozenset[str], process: frozenset[tuple[str, str]]) -> None:
        """Append the child elements of `source`, as the consumer sees them, to `target`."""
        for child in source:
            if not isinstance(child.tag, str):  # a comment, a processing instruction
                self.text(target, child.tail)
                continue
            name = etree.QName(child)
            if self.mce and child.tag == _AC:
                branch = self.choose(child)
                if branch is not None:
                    inner, unwrap = self.declarations(child, ignorable, process)
                    inner, unwrap = self.declarations(branch, inner, unwrap)
                    self.text(target, branch.text)
                    self.content(branch, target, inner, unwrap)
            elif self.mce and name.namespace in ignorable:
                if (name.namespace, name.localname) in process or (name.namespace, "*") in process:
                    inner, unwrap = self.declarations(child, ignorable, process)
                    self.text(target, child.text)
                    self.content(child, target, inner, unwrap)
            else:
                self.element(child, etree.SubElement(target, child.tag), ignorable, process)
            self.text(target, child.tail)

    @staticmethod
    def text(target: etree._Element, text: str | None) -> None:
        """Add `text` after the last child of `target` (or as its text)."""
        if not text:
            return
        if len(target):
            target[-1].tail = (target[-1].tail or "") + text
        else:
            target.text = (target.text or "") + text

    def declarations(self, element: etree._Element, ignorable: frozenset[str],
                     process: frozenset[tuple[str, str]]
                     ) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        """The ignored namespaces and the elements to unwrap in `element` and below, with
        its `mc:Ignorable`, `mc:ProcessContent` and `mc:MustUnderstand`."""
        line = element.sourceline or 0
        value = element.get(f"{{{_MC}}}Ignorable")
        if value:
            new = {self.namespace(element, prefix, "Ignorable") for prefix in value.split()}
            ignorable = ignorable | (new - understood() - {None})
        value = element.get(f"{{{_MC}}}ProcessContent")
        if value:
            names = set()
            for qname in value.split():
                prefix, _, local = qname.rpartition(":")
                namespace = self.namespace(element, prefix, "ProcessContent")
                if namespace is not None:
                    names.add((namespace, local))
            process = process | names
        value = element.get(f"{{{_MC}}}MustUnderstand")
        for prefix in (value or "").split():
            namespace = self.namespace(element, prefix, "MustUnderstand")
            if namespace is not None and namespace not in understood():
                self.errors.append((line, f"mc:MustUnderstand names {prefix} ({namespace}), "
                                          "which these schemas do not define"))
        return ignorable, process

    def namespace(self, element: etree._Element, prefix: str, attribute: str) -> str | None:
        """The namespace `prefix` stands for at `element`, or None (an error) if none."""
        namespace = element.nsmap.get(prefix or None)
        if namespace is None:
            self.errors.append((element.sourceline or 0,
                                f"mc:{attribute} names the prefix {prefix!r}, "
                                "which is not declared"))
        return namespace

    def choose(self, alternate: etree._Element) -> etree._Element | None:
        """The branch of `mc:AlternateContent` a consumer of these schemas takes, if any."""
        for branch in alternate:
            if branch.tag == _CHOICE:
                prefixes = (branch.get("Requires") or "").split()
                if prefixes and all(branch.nsmap.get(p) in understood() for p in prefixes):
                    return branch
            elif branch.tag == _FALLBACK:
                return branch
        return None


def edited_copy(source: Path, target: Path, parts: dict[str, bytes]) -> Path:
    """A copy of the package `source` with `parts` (by part name) replaced or added."""
    parts = dict(parts)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, parts.pop(item.filename, None) or old.read(item))
        for name, data in parts.items():
            new.writestr(name, data)
    return target
