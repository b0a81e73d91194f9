"""A corpus of real workbooks saved by Microsoft Excel, and a way to put procxl's sheets in them.

The files in `tests/data/excel-corpus/` come from public repositories (see the README there for
the source, commit, licence and Excel version of each). They are what Excel writes: threaded
comments, x14 extensions, pivot caches, VBA projects and the like, which procxl must keep when
it updates a book.

`graft_standard_sheets` adds the sheets of procxl's example workbook to such a book at the
ZIP level, leaving every part Excel wrote as it was, so that tests can run procxl on a book
that is at once a real Excel file and a workbook of the standard.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from procxl.example import EXAMPLE_FILENAME
from procxl.resources import bundled_workbook

CORPUS_DIR = Path(__file__).resolve().parent / "data" / "excel-corpus"

CORPUS: dict[str, frozenset[str]] = {
    "calamine-chartsheet.xlsx": frozenset({"chart", "chart-style", "chartsheet"}),
    "calamine-pictures-in-cell-mac.xlsx": frozenset({"mac-excel", "picture", "picture-in-cell"}),
    "calamine-pivots-mac.xlsx": frozenset(
        {"connections", "custom-xml", "mac-excel", "pivot-table", "pivot-table-mac"}
    ),
    "calamine-tables-mac.xlsx": frozenset({"mac-excel", "persons", "table"}),
    "exceldatareader-blank-sheet-name.xlsm": frozenset(
        {"blank-sheet-name", "sheet-without-part", "vba"}
    ),
    "closedxml-external-link.xlsx": frozenset({"custom-properties", "external-link"}),
    "closedxml-form-controls.xlsx": frozenset({"form-controls", "shape", "vml-drawing"}),
    "closedxml-picture-shapes.xlsx": frozenset({"picture", "shape"}),
    "closedxml-protected-workbook.xlsx": frozenset(
        {"custom-properties", "custom-views", "protected-workbook"}
    ),
    "closedxml-sparklines.xlsx": frozenset({"sparklines"}),
    "poi-defined-names.xlsx": frozenset(
        {"conditional-format", "data-validation", "defined-names", "printer-settings",
         "x14-data-validation"}
    ),
    "poi-external-link-tables.xlsx": frozenset(
        {"data-validation", "defined-names", "external-link", "table"}
    ),
    "poi-pivot-chart-tables.xlsx": frozenset(
        {"chart", "chart-style", "pivot-table", "printer-settings", "table"}
    ),
    "poi-module-sheet-without-part.xlsx": frozenset({"sheet-without-part"}),
    "poi-protected-sheets.xlsx": frozenset({"protected-sheet"}),
    "poi-simple-macro.xlsm": frozenset({"vba"}),
    "poi-text-box.xlsx": frozenset({"shape", "text-box"}),
    "poi-threaded-comments-mac.xlsx": frozenset(
        {"legacy-comments", "mac-excel", "persons", "threaded-comments", "vml-drawing"}
    ),
    "poi-vba-form-button.xlsm": frozenset(
        {"defined-names", "form-controls", "picture", "printer-settings", "shape", "vba",
         "vml-drawing"}
    ),
    "poi-x14-conditional-formats.xlsx": frozenset(
        {"conditional-format", "data-bar", "icon-set", "printer-settings", "x14-conditional-format"}
    ),
    "poi-xlm-macro-sheet.xlsm": frozenset({"xlm-macro-sheet"}),
    "poi-x14-validation-comments.xlsx": frozenset(
        {"defined-names", "legacy-comments", "picture", "printer-settings", "vml-drawing",
         "x14-data-validation", "x14-data-validation-other-sheet"}
    ),
    "xlsxwriter-textbox.xlsx": frozenset({"shape", "text-box"}),
}
"""Each file of the corpus and the features of Excel it holds (as in the README)."""

REQUIRED_FEATURES = frozenset(
    {
        "threaded-comments",
        "persons",
        "legacy-comments",
        "x14-data-validation",
        "x14-data-validation-other-sheet",
        "x14-conditional-format",
        "data-bar",
        "icon-set",
        "sparklines",
        "picture",
        "chart",
        "chart-style",
        "pivot-table",
        "pivot-table-mac",
        "table",
        "form-controls",
        "vba",
        "xlm-macro-sheet",
        "sheet-without-part",
        "blank-sheet-name",
        "external-link",
        "protected-sheet",
        "defined-names",
        "text-box",
    }
)
"""What the corpus as a whole must cover."""

EXCEL_APPLICATIONS = frozenset({"Microsoft Excel", "Microsoft Macintosh Excel"})

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKSHEET_REL = REL_NS + "/worksheet"
SHARED_STRINGS_REL = REL_NS + "/sharedStrings"
OFFICE_DOCUMENT_REL = REL_NS + "/officeDocument"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

def corpus_files() -> list[Path]:
    """The files of the corpus, sorted by name."""
    return [CORPUS_DIR / name for name in sorted(CORPUS)]


def example_workbook() -> Path:
    """procxl's example workbook, whose sheets are grafted."""
    return bundled_workbook(EXAMPLE_FILENAME)


def application(path: Path) -> tuple[str, str]:
    """(Application, AppVersion) from `docProps/app.xml`; empty strings where absent."""
    with zipfile.ZipFile(path) as z:
        try:
            app = z.read("docProps/app.xml").decode("utf-8")
        except KeyError:
            return "", ""
    name = re.search(r"<Application>([^<]*)</Application>", app)
    version = re.search(r"<AppVersion>([^<]*)</AppVersion>", app)
    return (name.group(1) if name else "", version.group(1) if version else "")


def sheet_names(path: Path) -> tuple[str, ...]:
    """The names of the sheets of the workbook at `path`, in the order of its `<sheets>`."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read(_main_part(z)))
    return tuple(s.get("name", "") for s in root.iter(f"{{{MAIN_NS}}}sheet"))


# --- which features a file holds -------------------------------------------------------------

_CONTENT_TYPE_FEATURES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml": "legacy-comments",
    "application/vnd.ms-excel.threadedcomments+xml": "threaded-comments",
    "application/vnd.ms-excel.person+xml": "persons",
    "application/vnd.openxmlformats-officedocument.drawingml.chart+xml": "chart",
    "application/vnd.ms-office.chartstyle+xml": "chart-style",
    "application/vnd.ms-office.chartcolorstyle+xml": "chart-style",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml": "chartsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml": "pivot-table",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml": "table",
    "application/vnd.ms-excel.controlproperties+xml": "form-controls",
    "application/vnd.ms-office.vbaProject": "vba",
    "application/vnd.ms-excel.macrosheet+xml": "xlm-macro-sheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml":
        "external-link",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml": "connections",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings":
        "printer-settings",
    "application/vnd.openxmlformats-officedocument.vmlDrawing": "vml-drawing",
    "application/vnd.openxmlformats-officedocument.custom-properties+xml": "custom-properties",
    "application/vnd.ms-excel.rdrichvalue+xml": "picture-in-cell",
    "application/vnd.openxmlformats-officedocument.customXmlProperties+xml": "custom-xml",
}

_SHEET_PATTERNS = {
    "x14-data-validation": r"<x14:dataValidation\b",
    "data-validation": r"<dataValidation\b",
    "x14-conditional-format": r"<x14:conditionalFormatting\b",
    "conditional-format": r"<conditionalFormatting\b",
    "data-bar": r"<(?:x14:)?dataBar\b",
    "icon-set": r"<(?:x14:)?iconSet\b",
    "sparklines": r"<x14:sparklineGroup\b",
    "protected-sheet": r"<sheetProtection\b[^>]*\bsheet=\"(?:1|true)\"",
}

_WORKBOOK_PATTERNS = {
    "defined-names": r"<definedName\b",
    "protected-workbook": r"<workbookProtection\b[^>]*\blockStructure=\"(?:1|true)\"",
    "custom-views": r"<customWorkbookViews\b",
    "sheet-without-part": r"<sheet\b[^>]*\br:id=\"\"",
    "blank-sheet-name": r"<sheet\b[^>]*\bname=\" +\"",
}

_DRAWING_PATTERNS = {
    "picture": r"<xdr:pic>",
    "text-box": r"<xdr:nvSpPr>\s*<xdr:cNvPr\b[^>]*/?>(?:</xdr:cNvPr>)?\s*<xdr:cNvSpPr\b[^>]*"
                r"\btxBox=\"1\"",
    "shape": r"<xdr:sp\b",
}


def _content_types(z: zipfile.ZipFile) -> dict[str, str]:
    """Content type of every part of the package (by Override, else by Default extension)."""
    root = etree.fromstring(z.read("[Content_Types].xml"))
    defaults = {
        e.get("Extension", "").lower(): e.get("ContentType", "")
        for e in root.iter(f"{{{CT_NS}}}Default")
    }
    overrides = {
        e.get("PartName", "").lstrip("/").lower(): e.get("ContentType", "")
        for e in root.iter(f"{{{CT_NS}}}Override")
    }
    types = {}
    for name in z.namelist():
        if name.endswith("/"):
            continue
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        types[name] = overrides.get(name.lower(), defaults.get(extension, ""))
    return types


def detect_features(path: Path) -> frozenset[str]:
    """The feature tags (those CORPUS uses) that the package at `path` holds."""
    found: set[str] = set()
    with zipfile.ZipFile(path) as z:
        types = _content_types(z)
        for content_type in types.values():
            if content_type in _CONTENT_TYPE_FEATURES:
                found.add(_CONTENT_TYPE_FEATURES[content_type])
        sheets = {n: z.read(n).decode("utf-8") for n, t in types.items() if t == WORKSHEET_CT}
        drawings = [
            z.read(n).decode("utf-8") for n, t in types.items()
            if t == "application/vnd.openxmlformats-officedocument.drawing+xml"
        ]
        workbook = z.read(_main_part(z)).decode("utf-8")
    for tag, pattern in _SHEET_PATTERNS.items():
        if any(re.search(pattern, x) for x in sheets.values()):
            found.add(tag)
    for tag, pattern in _DRAWING_PATTERNS.items():
        if any(re.search(pattern, x) for x in drawings):
            found.add(tag)
    for tag, pattern in _WORKBOOK_PATTERNS.items():
        if re.search(pattern, workbook):
            found.add(tag)
    if "x14-data-validation" in found and _validation_on_other_sheet(workbook, sheets.values()):
        found.add("x14-data-validation-other-sheet")
    app, _ = application(path)
    if app == "Microsoft Macintosh Excel":
        found.add("mac-excel")
        if "pivot-table" in found:
            found.add("pivot-table-mac")
    return frozenset(found)


def _validation_on_other_sheet(workbook: str, sheets: Iterable[str]) -> bool:
    """Whether an x14 list validation takes its list from a sheet of the book by name."""
    names = {html.unescape(n) for n in re.findall(r"<sheet\b[^>]*\bname=\"([^\"]*)\"", workbook)}
    for xml in sheets:
        for block in re.findall(r"<x14:dataValidation\b.*?</x14:dataValidation>", xml, re.S):
            formula = re.search(r"<xm:f>([^<]*)</xm:f>", block)
            if formula and "type=\"list\"" in block and "#REF!" not in formula.group(1):
                sheet = html.unescape(formula.group(1)).split("!", 1)[0].strip("'")
                if sheet in names:
                    return True
    return False


# --- grafting the example's sheets --------------------------------------------------------------

_DROPPED_ELEMENTS = frozenset(
    {"legacyDrawing", "legacyDrawingHF", "drawing", "tableParts", "picture", "oleObjects",
     "controls", "webPublishItems", "extLst"}
)
"""Children of a worksheet that need other parts (or styles) of the example's package."""


def _main_part(z: zipfile.ZipFile) -> str:
    """The name of the workbook part, as the package relationships name it."""
    rels = etree.fromstring(z.read("_rels/.rels"))
    for rel in rels.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if rel.get("Type") == OFFICE_DOCUMENT_REL:
            return rel.get("Target", "").lstrip("/")
    raise ValueError("no officeDocument relationship in _rels/.rels")


def _rels_name(part: str) -> str:
    folder, file = posixpath.split(part)
    return posixpath.join(folder, "_rels", file + ".rels")


def _resolve(base_part: str, target: str) -> str:
    """The part name a relationship of `base_part` points at."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _relationships(z: zipfile.ZipFile, part: str) -> list[etree._Element]:
    try:
        data = z.read(_rels_name(part))
    except KeyError:
        return []
    return list(etree.fromstring(data).iter(f"{{{PKG_REL_NS}}}Relationship"))


def _shared_strings(z: zipfile.ZipFile, workbook_part: str) -> list[etree._Element]:
    for rel in _relationships(z, workbook_part):
        if rel.get("Type") == SHARED_STRINGS_REL:
            root = etree.fromstring(z.read(_resolve(workbook_part, rel.get("Target", ""))))
            return list(root.iter(f"{{{MAIN_NS}}}si"))
    return []


def _example_sheets(example: Path) -> tuple[list[tuple[str, str, bytes]], list[tuple[str, str]]]:
    """The example's worksheets as (name, state, standalone XML), and its global defined names
    as (name, formula)."""
    with zipfile.ZipFile(example) as z:
        workbook_part = _main_part(z)
        root = etree.fromstring(z.read(workbook_part))
        targets = {
            rel.get("Id"): (rel.get("Type"), _resolve(workbook_part, rel.get("Target", "")))
            for rel in _relationships(z, workbook_part)
        }
        strings = _shared_strings(z, workbook_part)
        sheets = []
        for sheet in root.iter(f"{{{MAIN_NS}}}sheet"):
            kind, part = targets[sheet.get(f"{{{REL_NS}}}id")]
            if kind != WORKSHEET_REL:
                continue
            xml = _standalone_sheet(z.read(part), strings)
            sheets.append((sheet.get("name", ""), sheet.get("state", "visible"), xml))
        names = [
            (d.get("name", ""), d.text or "")
            for d in root.iter(f"{{{MAIN_NS}}}definedName")
            if d.get("localSheetId") is None
        ]
    return sheets, names


def _standalone_sheet(data: bytes, strings: list[etree._Element]) -> bytes:
    """A worksheet that needs no other part: inline strings, no styles, no relationships."""
    root = etree.fromstring(data)
    main = f"{{{MAIN_NS}}}"
    for child in list(root):
        if etree.QName(child).localname in _DROPPED_ELEMENTS:
            root.remove(child)
    for links in root.findall(f"{main}hyperlinks"):
        for link in links.findall(f"{main}hyperlink"):
            if link.get(f"{{{REL_NS}}}id") is not None:
                links.remove(link)
        if len(links) == 0:
            root.remove(links)
    for view in root.iter(f"{main}sheetView"):
        view.attrib.pop("tabSelected", None)
    for col in root.iter(f"{main}col"):
        col.attrib.pop("style", None)
    for row in root.iter(f"{main}row"):
        row.attrib.pop("s", None)
        row.attrib.pop("customFormat", None)
    for rule in root.iter(f"{main}cfRule"):
        rule.attrib.pop("dxfId", None)
    for cell in root.iter(f"{main}c"):
        for attribute in ("s", "cm", "vm"):
            cell.attrib.pop(attribute, None)
        if cell.get("t") == "s":
            value = cell.find(f"{main}v")
            item = strings[int(value.text)] if value is not None and value.text else None
            if value is not None:
                cell.remove(value)
            cell.set("t", "inlineStr")
            inline = etree.SubElement(cell, f"{main}is")
            for part in item if item is not None else ():
                inline.append(_copy(part))
    for element in root.iter():
        if isinstance(element.tag, str) and element.get(f"{{{REL_NS}}}id") is not None:
            element.attrib.pop(f"{{{REL_NS}}}id")
        if isinstance(element.tag, str) and any(
            etree.QName(a).namespace == REL_NS for a in element.attrib
        ):
            raise ValueError(f"a relationship is left in the example's sheet: {element.tag}")
    etree.cleanup_namespaces(root)
    return _DECLARATION + etree.tostring(root, encoding="UTF-8", xml_declaration=False)


_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


def _free_part_name(folder: str, taken: set[str]) -> str:
    number = 1
    while f"{folder}/sheet{number}.xml".lower() in taken:
        number += 1
    name = f"{folder}/sheet{number}.xml"
    taken.add(name.lower())
    return name


def _end_tag(xml: str, local: str) -> re.Match[str]:
    """The closing tag `</local>` (with any prefix) in `xml`; ValueError when it is not there."""
    match = re.search(rf"</([\w.-]+:)?{local}\s*>", xml)
    if match is None:
        raise ValueError(f"no </{local}> in the part")
    return match


def _prefix_of(element: etree._Element) -> str:
    return f"{element.prefix}:" if element.prefix else ""


def _rel_attribute(element: etree._Element) -> tuple[str, str]:
    """(qualified name of r:id, a namespace declaration to add) for a child of `element`."""
    for prefix, uri in element.nsmap.items():
        if prefix and uri == REL_NS:
            return f"{prefix}:id", ""
    return "r:id", f' xmlns:r="{REL_NS}"'


def _insert(xml: str, at: int, text: str) -> str:
    return xml[:at] + text + xml[at:]


def _decode(data: bytes, part: str) -> str:
    head = data[:200].decode("ascii", "replace")
    declared = re.search(r"encoding=[\"']([\w-]+)[\"']", head)
    if declared and declared.group(1).lower() not in ("utf-8", "utf8"):
        raise ValueError(f"{part} is not UTF-8 ({declared.group(1)})")
    return data.decode("utf-8")


def _graft_workbook(
    xml: str,
    new_sheets: list[tuple[str, str, str]],
    names: list[tuple[str, str]],
) -> str:
    """workbook.xml with `<sheet>` elements (name, state, rId) added at the end of `<sheets>`
    and the global `names` not already defined added to `<definedNames>`; everything else of
    the text is left as it was."""
    root = etree.fromstring(xml.encode("utf-8"))
    if etree.QName(root).namespace != MAIN_NS:
        raise ValueError(f"not a transitional SpreadsheetML workbook: {root.tag}")
    sheets = root.find(f"{{{MAIN_NS}}}sheets")
    if sheets is None:
        raise ValueError("the workbook has no <sheets>")
    ids = [int(s.get("sheetId", "0")) for s in sheets.iter(f"{{{MAIN_NS}}}sheet")]
    prefix = _prefix_of(sheets)
    rid, declaration = _rel_attribute(sheets)
    added = []
    for number, (name, state, rel_id) in enumerate(new_sheets, start=max(ids, default=0) + 1):
        shown = "" if state == "visible" else f" state={quoteattr(state)}"
        added.append(
            f"<{prefix}sheet name={quoteattr(name)} sheetId=\"{number}\"{shown}"
            f" {rid}={quoteattr(rel_id)}{declaration}/>"
        )
    xml = _insert(xml, _end_tag(xml, "sheets").start(), "".join(added))

    existing = root.find(f"{{{MAIN_NS}}}definedNames")
    defined = {
        d.get("name", "").casefold()
        for d in root.iter(f"{{{MAIN_NS}}}definedName")
        if d.get("localSheetId") is None
    }
    fresh = [(n, f) for n, f in names if n.casefold() not in defined]
    if not fresh:
        return xml
    dprefix = _prefix_of(existing if existing is not None else sheets)
    elements = "".join(
        f"<{dprefix}definedName name={quoteattr(n)}>{escape(f)}</{dprefix}definedName>"
        for n, f in fresh
    )
    if existing is not None:
        empty = re.search(r"<([\w.-]+:)?definedNames\s*/>", xml)
        if empty is None:
            return _insert(xml, _end_tag(xml, "definedNames").start(), elements)
        whole = f"<{dprefix}definedNames>{elements}</{dprefix}definedNames>"
        return xml[: empty.start()] + whole + xml[empty.end() :]
    # CT_Workbook: sheets, functionGroups?, externalReferences?, definedNames?, calcPr? ...
    after = None
    for local in ("externalReferences", "functionGroups", "sheets"):
        if root.find(f"{{{MAIN_NS}}}{local}") is not None:
            after = re.search(rf"</([\w.-]+:)?{local}\s*>|<([\w.-]+:)?{local}\b[^>]*/>", xml)
            if after is not None:
                break
    if after is None:
        raise ValueError("cannot place the defined names")
    return _insert(
        xml, after.end(), f"<{dprefix}definedNames>{elements}</{dprefix}definedNames>"
    )


def _graft_rels(xml: str, new: list[tuple[str, str]]) -> str:
    """workbook.xml.rels with worksheet relationships (Id, Target) added at the end."""
    root = etree.fromstring(xml.encode("utf-8"))
    prefix = _prefix_of(root)
    added = "".join(
        f"<{prefix}Relationship Id={quoteattr(i)} Type=\"{WORKSHEET_REL}\""
        f" Target={quoteattr(t)}/>"
        for i, t in new
    )
    return _insert(xml, _end_tag(xml, "Relationships").start(), added)


def _graft_content_types(xml: str, parts: list[str]) -> str:
    root = etree.fromstring(xml.encode("utf-8"))
    prefix = _prefix_of(root)
    added = "".join(
        f"<{prefix}Override PartName={quoteattr('/' + p)} ContentType=\"{WORKSHEET_CT}\"/>"
        for p in parts
    )
    return _insert(xml, _end_tag(xml, "Types").start(), added)


def _copy_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    copy.create_system = info.create_system
    copy.comment = info.comment
    return copy


def graft_standard_sheets(real: Path, example: Path, target: Path) -> Path:
    """Write to `target` the workbook `real` with the sheets of `example` added after its own.

    Works on the ZIP package, never through a spreadsheet library: each worksheet of the
    example (but those whose name the real book already has) becomes a new part holding
    inline strings and no style indices, relationships or extensions; `workbook.xml` gets the
    new `<sheet>` elements (and the example's global defined names it lacks) by text
    insertion, so that every namespace declaration and `mc:Ignorable` prefix of Excel stays;
    `workbook.xml.rels` and `[Content_Types].xml` get an entry for each new part. Every other
    part of `real` is copied byte for byte, in its order, with its compression and date.
    Returns `target`.
    """
    sheets, names = _example_sheets(example)
    with zipfile.ZipFile(real) as z:
        infos = z.infolist()
        workbook_part = _main_part(z)
        rels_part = _rels_name(workbook_part)
        workbook_xml = _decode(z.read(workbook_part), workbook_part)
        wb_root = etree.fromstring(workbook_xml.encode("utf-8"))
        have = {s.get("name", "").casefold() for s in wb_root.iter(f"{{{MAIN_NS}}}sheet")}
        rels_xml = _decode(z.read(rels_part), rels_part)
        rel_ids = {r.get("Id") for r in _relationships(z, workbook_part)}
        taken = {n.lower() for n in z.namelist()}
        taken |= {
            _resolve(workbook_part, r.get("Target", "")).lower()
            for r in _relationships(z, workbook_part)
        }
        folder = posixpath.join(posixpath.dirname(workbook_part), "worksheets")

        new_parts: list[tuple[str, bytes]] = []
        new_rels: list[tuple[str, str]] = []
        new_sheets: list[tuple[str, str, str]] = []
        next_id = 1
        for name, state, xml in sheets:
            if name.casefold() in have:
                continue
            part = _free_part_name(folder, taken)
            while f"rId{next_id}" in rel_ids:
                next_id += 1
            rel_id = f"rId{next_id}"
            rel_ids.add(rel_id)
            target_ref = posixpath.relpath(part, posixpath.dirname(workbook_part) or ".")
            new_parts.append((part, xml))
            new_rels.append((rel_id, target_ref))
            new_sheets.append((name, state, rel_id))

        rewritten = {
            workbook_part: _graft_workbook(workbook_xml, new_sheets, names).encode("utf-8"),
            rels_part: _graft_rels(rels_xml, new_rels).encode("utf-8"),
            "[Content_Types].xml": _graft_content_types(
                _decode(z.read("[Content_Types].xml"), "[Content_Types].xml"),
                [p for p, _ in new_parts],
            ).encode("utf-8"),
        }
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w") as out:
            for info in infos:
                data = rewritten.get(info.filename)
                if data is None:
                    data = z.read(info)
                out.writestr(_copy_info(info), data, compress_type=info.compress_type)
            for part, xml in new_parts:
                info = zipfile.ZipInfo(part, (1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                out.writestr(info, xml)
    return target


def rewritten_parts(real: Path) -> frozenset[str]:
    """The parts of `real` that `graft_standard_sheets` rewrites; it copies all the others."""
    with zipfile.ZipFile(real) as z:
        workbook_part = _main_part(z)
    return frozenset({workbook_part, _rels_name(workbook_part), "[Content_Types].xml"})
