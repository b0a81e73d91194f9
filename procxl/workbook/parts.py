"""The shared parts of a workbook procxl adds to: styles and shared strings, and the sheet XML
of the sheets it merges, edited row by row.

Additions are appended and found again the next time (two updates in a row leave
`styles.xml` byte-identical); rows procxl does not edit are copied as they stand in the
file, with the user's styles, formulas and cached values.
"""

from __future__ import annotations

import functools
import html
import re
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree

from procxl.model import column_letter, parse_a1
from procxl.text import MAX_CELL_TEXT, fitted, xml_escaped
from procxl.workbook.opc import MAIN
from procxl.workbook.package import child, children, parse, q, serialise

# Styles ------------------------------------------------------------------------------------

_BUILTIN_FORMATS = {0: "General", 49: "@"}


def _key(element: etree._Element) -> bytes:
    """A comparable form of a style element: its canonical XML."""
    return etree.tostring(element, method="c14n", exclusive=True)


MAX_FORMATS = 65_430
"""The most cell formats Excel takes in a book (its cell formats and cell styles together):
a book with more opens only after Excel's «repair», which drops formats."""


class Styles:
    """`styles.xml`: cell formats (xf) and differential formats (dxf) found or appended."""

    def __init__(self, data: bytes) -> None:
        self.root = parse(data)
        self.changed = False
        self._created: set[str] = set()  # lists made here, dropped again if left empty
        self._lists = {name: self._ensure(name) for name in
                       ("numFmts", "fonts", "fills", "borders", "cellXfs", "dxfs")}
        self._index = {name: {_key(e): i for i, e in enumerate(parent)}
                       for name, parent in self._lists.items() if name != "numFmts"}
        self._formats = {e.get("formatCode"): int(e.get("numFmtId", "0"))
                         for e in self._lists["numFmts"]}

    _ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
              "dxfs", "tableStyles", "colors", "extLst")

    def _ensure(self, name: str) -> etree._Element:
        found = child(self.root, name)
        if found is not None:
            return found
        element = etree.Element(q(name), nsmap={None: MAIN})
        element.set("count", "0")
        later = self._ORDER[self._ORDER.index(name) + 1:]
        for index, existing in enumerate(self.root):
            if etree.QName(existing).localname in later:
                self.root.insert(index, element)
                break
        else:
            self.root.append(element)
        self._created.add(name)
        return element

    def _add(self, name: str, element: etree._Element) -> int:
        key = _key(element)
        index = self._index[name].get(key)
        if index is None:
            parent = self._lists[name]
            parent.append(element)
            parent.set("count", str(len(parent)))
            index = self._index[name][key] = len(parent) - 1
            self.changed = True
        return index

    def number_format(self, code: str) -> int:
        for number, builtin in _BUILTIN_FORMATS.items():
            if builtin == code:
                return number
        if code in self._formats:
            return self._formats[code]
        number = max([163, *self._formats.values()]) + 1
        element = etree.SubElement(self._lists["numFmts"], q("numFmt"))
        element.set("numFmtId", str(number))
        element.set("formatCode", code)
        self._lists["numFmts"].set("count", str(len(self._lists["numFmts"])))
        self._formats[code] = number
        self.changed = True
        return number

    def xf(self, font: etree._Element | None, fill: etree._Element | None,
           border: etree._Element | None, number_format: str,
           alignment: etree._Element | None = None,
           protection: etree._Element | None = None) -> int:
        """The index of a cell format with these parts, appended when the book has none."""
        xf = etree.Element(q("xf"), nsmap={None: MAIN})
        xf.set("numFmtId", str(self.number_format(number_format)))
        xf.set("fontId", str(self._add("fonts", font) if font is not None else 0))
        xf.set("fillId", str(self._add("fills", fill) if fill is not None else 0))
        xf.set("borderId", str(self._add("borders", border) if border is not None else 0))
        xf.set("xfId", "0")
        for attribute, used in (("applyNumberFormat", number_format != "General"),
                                ("applyFont", font is not None),
                                ("applyFill", fill is not None),
                                ("applyBorder", border is not None),
                                ("applyAlignment", alignment is not None),
                                ("applyProtection", protection is not None)):
            if used:
                xf.set(attribute, "1")
        for part in (alignment, protection):
            if part is not None:
                xf.append(part)
        return self._add("cellXfs", xf)

    def dxf(self, element: etree._Element) -> int:
        return self._add("dxfs", element)

    @property
    def formats(self) -> int:
        """How many cell formats the part holds, counted as Excel counts against
        MAX_FORMATS: the cells' formats with the cell styles' own."""
        styles = child(self.root, "cellStyleXfs")
        return len(self._lists["cellXfs"]) + (len(styles) if styles is not None else 0)

    def data(self) -> bytes:
        for name in self._created:
            parent = self._lists[name]
            if not len(parent):
                self.root.remove(parent)
        return serialise(self.root)


BLANK_STYLES = (
    f'<styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
).encode()
"""The styles of a book that has no styles part, as Excel reads such a book: one format, the
default font, the two fills every styles part begins with. Some programs save books
without styles; procxl gives such a book this part before adding its own formats."""


class ForeignStyles:
    """The styles of another workbook (procxl's scratch book), to copy formats from."""

    def __init__(self, data: bytes) -> None:
        root = parse(data)
        self.lists = {name: list(child(root, name) if child(root, name) is not None else [])
                      for name in ("fonts", "fills", "borders", "cellXfs", "dxfs")}
        formats = child(root, "numFmts")
        self.formats = dict(_BUILTIN_FORMATS)
        self.formats.update({int(e.get("numFmtId", "0")): e.get("formatCode", "General")
                             for e in (formats if formats is not None else [])})

    def copy_xf(self, index: int, into: Styles) -> int:
        xf = self.lists["cellXfs"][index]

        def part(name: str, attribute: str) -> etree._Element | None:
            number = int(xf.get(attribute, "0"))
            items = self.lists[name]
            return _clone(items[number]) if number < len(items) else None

        return into.xf(part("fonts", "fontId"), part("fills", "fillId"),
                       part("borders", "borderId"),
                       self.formats.get(int(xf.get("numFmtId", "0")), "General"),
                       _clone(child(xf, "alignment")), _clone(child(xf, "protection")))

    def copy_dxf(self, index: int, into: Styles) -> int:
        return into.dxf(_clone(self.lists["dxfs"][index]))


def _clone(element: etree._Element | None) -> etree._Element | None:
    return None if element is None else parse(etree.tostring(element))


# Shared strings ------------------------------------------------------------------------------

_SST = re.compile(rb"<(\w+:)?sst\b[^>]*>")
"""The root of the part, and the prefix its elements carry: none as Excel writes it, `x:`
as the Open XML SDK does (the reports of many web and .NET systems)."""


@functools.cache
def _entries(prefix: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Under `prefix`: the start of each shared string entry, whatever its form (`<si>`,
    `<si/>`, `<si />`); and an entry of plain text, not rich, its text in group 1. Every
    entry is counted by the first, so that the strings added after them get their number
    even when an entry is spelt in a way the second does not know."""
    si, t = re.escape(prefix + b"si"), re.escape(prefix + b"t")
    start = re.compile(rb"<" + si + rb"(?=[\s/>])")
    plain = re.compile(rb"<" + si + rb"\s*><" + t + rb'(?:\s+xml:space="preserve")?\s*>([^<]*)</'
                       + t + rb"\s*></" + si + rb"\s*>")
    return start, plain


class SharedStrings:
    """`sharedStrings.xml`: strings found by their text, new ones appended at the end.

    Only the appended entries are written as new text; the part's own entries stay as they
    were (rich text too). Texts are kept escaped, as they stand in the XML; each new one is
    :func:`fitted` to a cell.
    """

    def __init__(self, data: bytes | None) -> None:
        self.data = data or (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                             f'<sst xmlns="{MAIN}" count="0" uniqueCount="0"></sst>'
                             ).encode()
        self.created = data is None
        self._count = self._unique = 0
        self._index: dict[bytes, int] = {}
        self._by_value: dict[str, int] = {}
        self._new: list[bytes] = []
        self._scan()

    def _scan(self) -> None:
        root = _SST.search(self.data)
        if root is None:
            raise ValueError("no <sst> in the shared strings part")
        self._prefix = root.group(1) or b""
        body = self.data[root.end():]
        start, plain = _entries(self._prefix)
        number = 0
        for match in start.finditer(body):
            text = plain.match(body, match.start())
            if text is not None:
                self._index.setdefault(text.group(1), number)
            number += 1
        self._unique = number

    def index(self, escaped: bytes) -> int:
        """The index of a string given as escaped XML text, appended if new."""
        found = self._index.get(escaped)
        if found is None and len(escaped) > MAX_CELL_TEXT:  # escaped, never shorter
            value = html.unescape(escaped.decode("utf-8"))
            if (cut := fitted(value)) != value:
                return self.add(cut)
        if found is None:
            found = self._index[escaped] = self._unique + len(self._new)
            self._new.append(escaped)
        return found

    def add(self, value: str) -> int:
        found = self._by_value.get(value)
        if found is None:
            found = self._by_value[value] = self.index(
                xml_escaped(fitted(value)).encode("utf-8"))
        return found

    @property
    def changed(self) -> bool:
        return bool(self._new) or self.created

    def bytes(self, references: int) -> bytes:
        """The part with the new strings; `references` more cells now use the table."""
        if not self.changed:
            return self.data
        p = self._prefix  # the part's own, on every element added to it
        entries = b"".join(b"<" + p + b'si><' + p + b't xml:space="preserve">' + s + b"</" + p
                           + b"t></" + p + b"si>" for s in self._new)
        data, close = self.data, b"</" + p + b"sst>"
        if data.rstrip().endswith(b"/>") and close not in data:
            data = data.rstrip()[:-2] + b">" + close
        end = data.rindex(close)
        data = data[:end] + entries + data[end:]
        unique = self._unique + len(self._new)

        def count(match: re.Match[bytes]) -> bytes:
            tag = match.group(0)
            old = attribute(tag, "count")
            total = (int(old) if old else unique) + references
            return with_attributes(tag, {"count": str(total), "uniqueCount": str(unique)})

        return _SST.sub(count, data, count=1)


# Sheet XML edited row by row ---------------------------------------------------------------

class CellValue(NamedTuple):
    """What procxl puts in a cell: text, a number, or nothing (the value is cleared).
    A named tuple: an update that adds 60 000 rows makes several hundred thousand."""

    value: object
    style: int  # the xf index for a cell that has no style of its own


_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>.*?</row>)", re.S)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_SHEET_DATA_START = re.compile(rb"<sheetData\b[^>]*>")


@dataclass(frozen=True)
class Span:
    """Where an element stands in a part's bytes: the whole of it and what is inside."""

    start: int
    end: int
    inner_start: int
    inner_end: int

    @property
    def empty(self) -> bool:
        return self.inner_start == self.end


def sheet_data(data: bytes) -> Span | None:
    """Where `sheetData` is: found by its start tag and the one closing tag after it (a
    lazy pattern to its end would try to match at every byte of the rows, ~60 ms a time
    on a large sheet)."""
    match = _SHEET_DATA_START.search(data)
    if match is None:
        return None
    if match.group(0).endswith(b"/>"):
        return Span(match.start(), match.end(), match.end(), match.end())
    close = data.find(b"</sheetData>", match.end())
    if close < 0:
        return None
    return Span(match.start(), close + len(b"</sheetData>"), match.end(), close)
_DIMENSION = re.compile(rb'<dimension\b[^>]*\bref="([^"]*)"[^>]*/>')
_COLS = re.compile(rb"<cols\b[^>]*>.*?</cols>", re.S)


@dataclass
class PatchResult:
    data: bytes
    overwrote_formula: bool
    strings: int  # cells now referring to the shared strings


def patch_sheet(data: bytes, edits: Mapping[int, Mapping[int, object]],
                strings: SharedStrings, widths: Mapping[int, float] | None = None,
                validations: Sequence[bytes] = (),
                heights: Mapping[int, float] | None = None,
                styles: Mapping[int, int] | None = None) -> PatchResult:
    """The sheet XML with `edits` ({row: {column: value}}) made; other rows as they were.

    A value is a CellValue, or a bare value in the style `styles` gives its column (an
    update's new rows are most of its cells: they are not made into CellValues one by one).
    `heights` are the heights in points of rows it adds (of rows that exist, kept)."""
    heights = heights or {}
    styles = styles or {}
    match = sheet_data(data)
    if match is None:
        raise ValueError("a worksheet without sheetData")
    body = data[match.inner_start:match.inner_end]
    pending = {row: cells for row, cells in edits.items() if cells}  # taken off as written
    pieces: list[bytes] = []
    formula = False
    references = 0
    last_row = 0
    position = 0
    queue = deque(sorted(pending))  # rows to add, in order, taken off as rows pass
    masters: dict[bytes, tuple[str, str]] = {}  # shared formulas whose first cell went
    for row_match in _ROW.finditer(body):
        pieces.append(body[position:row_match.start()])
        position = row_match.end()
        xml = row_match.group(0)
        number = int(_ROW_NUMBER.search(xml[:xml.index(b">")]).group(1))
        while queue and queue[0] < number:
            new = queue.popleft()
            if new in pending:
                built, refs = _new_row(new, pending.pop(new), strings, heights.get(new),
                                       styles)
                pieces.append(built)
                references += refs
        if number in pending:
            xml, had_formula, refs = _edit_row(xml, _resolved(pending.pop(number), styles),
                                               strings, masters)
            formula |= had_formula
            references += refs
        if masters and b"si=" in xml:
            xml = _unshared(xml, masters)
        pieces.append(xml)
        last_row = number
    pieces.append(body[position:])
    for new in sorted(pending):
        built, refs = _new_row(new, pending[new], strings, heights.get(new), styles)
        pieces.append(built)
        references += refs
        last_row = max(last_row, new)
    max_column = max(map(max, filter(None, edits.values())), default=0)
    new_body = b"".join(pieces)
    out = data[:match.start] + b"<sheetData>" + new_body + b"</sheetData>" + data[match.end:]
    out = _grow_dimension(out, max(last_row, max(edits, default=0)), max_column)
    if widths:
        out = _set_widths(out, widths)
    if validations:
        out = _add_validations(out, validations)
    return PatchResult(out, formula, references)


def _add_validations(data: bytes, validations: Sequence[bytes]) -> bytes:
    """The sheet with more `dataValidation` elements, in the sheet's own list (its count
    raised, when it keeps one) or in a new one where the schema orders it."""
    added = b"".join(validations)
    current = sheet_child(data, "dataValidations")
    if current is None:
        block = (b'<dataValidations count="' + str(len(validations)).encode() + b'">' + added
                 + b"</dataValidations>")
        return insert_child(data, "dataValidations", block)
    end = current.rindex(b"</")
    grown = current[:end] + added + current[end:]
    if (count := attribute(grown, "count")) is not None:
        grown = with_attributes(grown, {"count": str(int(count) + len(validations))})
    return replace_child(data, "dataValidations", grown)


# Print settings, filter and conditional formats of a sheet procxl sets up ---------------------

_WORKSHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup",
    "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches",
    "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF",
    "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst")
"""The children of a worksheet in the order CT_Worksheet (ECMA-376) gives them."""
_RANK = {name: rank for rank, name in enumerate(_WORKSHEET_ORDER)}
_RANK["AlternateContent"] = _RANK["oleObjects"]  # Excel wraps its controls and objects in one

_TAG = re.compile(
    rb"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>"
    rb"|<(/?)([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>", re.S)


@dataclass(frozen=True)
class Element:
    """A child of the worksheet as it stands in the part's bytes."""

    name: str  # without its prefix
    start: int
    end: int
    empty: bool  # written as `<name/>`


def worksheet_children(data: bytes) -> list[Element]:
    """The worksheet's own children, found by their tags (the rows are not scanned): a tag
    inside another (a `pageSetup` of a custom view, `controls` inside `mc:AlternateContent`)
    is not one of them."""
    rows = sheet_data(data)
    if rows is None:
        raise ValueError("a worksheet without sheetData")
    root = next(m for m in _TAG.finditer(data) if m.group(2) and not m.group(1))
    found = _children(data, root.end(), rows.start)
    found.append(Element("sheetData", rows.start, rows.end, rows.empty))
    return found + _children(data, rows.end, data.rindex(b"</"))


def _children(data: bytes, start: int, end: int) -> list[Element]:
    found: list[Element] = []
    depth = 0
    opened: tuple[str, int] = ("", 0)
    for match in _TAG.finditer(data, start, end):
        closing, name, _, empty = match.groups()
        if name is None:
            continue  # a comment or a processing instruction
        local = name.decode().rsplit(":", 1)[-1]
        if closing:
            depth -= 1
            if depth == 0:
                found.append(Element(opened[0], opened[1], match.end(), False))
        elif empty:
            if depth == 0:
                found.append(Element(local, match.start(), match.end(), True))
        else:
            if depth == 0:
                opened = (local, match.start())
            depth += 1
    return found


def sheet_child(data: bytes, name: str) -> bytes | None:
    """The worksheet's child element `name` as it is written, or None."""
    found = next((e for e in worksheet_children(data) if e.name == name), None)
    return None if found is None else data[found.start:found.end]


def insert_child(data: bytes, name: str, xml: bytes) -> bytes:
    """The sheet with `xml`, an element `name`, put where the schema orders it: after the
    sheet's children that come before it (and after others of its kind)."""
    rank = _RANK[name]
    later = next((e for e in worksheet_children(data)
                  if _RANK.get(e.name, -1) > rank), None)
    at = later.start if later is not None else data.rindex(b"</")
    return data[:at] + xml + data[at:]


def replace_child(data: bytes, name: str, xml: bytes) -> bytes:
    """The sheet with its child `name` replaced by `xml`, or `xml` inserted if it has none."""
    found = next((e for e in worksheet_children(data) if e.name == name), None)
    if found is None:
        return insert_child(data, name, xml)
    return data[:found.start] + xml + data[found.end:]


def attribute(tag: bytes, name: str) -> str | None:
    """The value of attribute `name` of an element's start tag, unescaped; None if absent."""
    match = re.search(rb"(?:^|\s)" + name.encode() + rb"\s*=\s*(?:\"([^\"]*)\"|'([^']*)')",
                      _start_tag(tag))
    if match is None:
        return None
    return html.unescape((match.group(1) if match.group(1) is not None
                          else match.group(2)).decode())


def _start_tag(element: bytes) -> bytes:
    match = _TAG.match(element)
    return element[:match.end()] if match else element


def with_attributes(element: bytes, values: Mapping[str, str]) -> bytes:
    """An element with attributes set in its start tag (added at the end, or replaced)."""
    tag = _start_tag(element)
    rest = element[len(tag):]
    empty = tag.endswith(b"/>")
    tag = tag[:-2] if empty else tag[:-1]
    for name, value in values.items():
        new = name.encode() + b'="' + xml_escaped(value, quote=True).encode() + b'"'
        pattern = rb"(\s)" + name.encode() + rb"\s*=\s*(?:\"[^\"]*\"|'[^']*')"
        if re.search(pattern, tag):
            tag = re.sub(pattern, lambda m, new=new: m.group(1) + new, tag, count=1)
        else:
            tag = tag.rstrip() + b" " + new
    return tag + (b"/>" if empty else b">") + rest


def has_text(element: bytes) -> bool:
    """True when an element holds any text (a page header or footer that says something)."""
    return re.search(rb">\s*[^<\s]", element) is not None


def set_fit_to_page(data: bytes) -> bytes:
    """The sheet with `sheetPr/pageSetUpPr/@fitToPage` on (`pageSetUpPr` is sheetPr's last
    child), the rest of `sheetPr` as it was."""
    current = sheet_child(data, "sheetPr")
    if current is None:
        return insert_child(data, "sheetPr", b'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
    setup = re.search(rb"<pageSetUpPr\b(?:\"[^\"]*\"|'[^']*'|[^>\"'])*>", current)
    if setup is not None:
        fixed = with_attributes(setup.group(0), {"fitToPage": "1"})
        new = current[:setup.start()] + fixed + current[setup.end():]
    elif current.endswith(b"/>"):
        new = current[:-2].rstrip() + b'><pageSetUpPr fitToPage="1"/></sheetPr>'
    else:
        end = current.rindex(b"</")
        new = current[:end] + b'<pageSetUpPr fitToPage="1"/>' + current[end:]
    return replace_child(data, "sheetPr", new)


def mark_formulas(data: bytes) -> list[str]:
    """The formulas of the sheet's conditional formats (not of its x14 extensions)."""
    found = []
    for element in worksheet_children(data):
        if element.name == "conditionalFormatting":
            block = data[element.start:element.end]
            found += [html.unescape(f.decode("utf-8")) for f in
                      re.findall(rb"<(?:\w+:)?formula>(.*?)</(?:\w+:)?formula>", block, re.S)]
    return found


def conditional_format(sqref: str, rules: Sequence[tuple[str, int]], priority: int) -> bytes:
    """A `conditionalFormatting` of expression rules (formula, dxfId) that stop when true,
    numbered from `priority`."""
    xml = "".join(
        f'<cfRule type="expression" priority="{priority + i}" dxfId="{dxf}" stopIfTrue="1">'
        f"<formula>{xml_escaped(formula)}</formula></cfRule>"
        for i, (formula, dxf) in enumerate(rules))
    return f'<conditionalFormatting sqref="{sqref}">{xml}</conditionalFormatting>'.encode()


def next_priority(data: bytes) -> int:
    """A priority above every conditional-format rule of the sheet, x14 ones too."""
    rows = sheet_data(data)
    tail = data[rows.end:] if rows is not None else data
    found = [int(p) for p in re.findall(rb"<(?:\w+:)?cfRule\b[^>]*?\bpriority=\"(\d+)\"", tail)]
    return max(found, default=0) + 1

def _cell_xml(row: int, column: int, cell: CellValue, strings: SharedStrings,
              style: bytes | None) -> tuple[bytes, int]:
    """A `<c>` element for `cell` at (row, column), and 1 when it refers to a shared string;
    `style` is the cell's own s attribute, kept, or None for the cell's style."""
    xml, used = _cell_text(f"{_letters(column)}{row}",
                           cell.style if style is None else style.decode(), cell.value, strings)
    return xml.encode(), used


def _cell_text(ref: str, style: object, value: object, strings: SharedStrings
               ) -> tuple[str, int]:
    head = f'<c r="{ref}" s="{style}"'
    if value is None or value == "":
        return head + "/>", 0
    if value.__class__ is str:
        return f'{head} t="s"><v>{strings.add(value)}</v></c>', 1
    if isinstance(value, bool):
        return f'{head} t="b"><v>{int(value)}</v></c>', 0
    if isinstance(value, int | float):
        return f"{head}><v>{value!r}</v></c>", 0
    return f'{head} t="s"><v>{strings.add(str(value))}</v></c>', 1


@functools.cache
def _letters(column: int) -> str:
    return column_letter(column)


def _new_row(row: int, cells: Mapping[int, object], strings: SharedStrings,
             height: float | None = None, styles: Mapping[int, int] | None = None
             ) -> tuple[bytes, int]:
    """A new `<row>`, built as text and encoded once: most of an update's new XML is here.
    A bare value takes the style `styles` gives its column."""
    number = str(row)
    head = f'<row r="{number}"'
    if height is not None:
        head += f' ht="{_points(height)}" customHeight="1"'
    parts, refs = [head, ">"], 0
    add = strings.add
    for column in sorted(cells):
        cell = cells[column]
        if cell.__class__ is CellValue:
            value, style = cell
        else:
            value, style = cell, styles[column]  # type: ignore[index]
        if value.__class__ is str and value:  # the usual cell: text, written inline
            parts.append(f'<c r="{_letters(column)}{number}" s="{style}" t="s">'
                         f"<v>{add(value)}</v></c>")
            refs += 1
        else:
            xml, used = _cell_text(f"{_letters(column)}{number}", style, value, strings)
            parts.append(xml)
            refs += used
    parts.append("</row>")
    return "".join(parts).encode(), refs


def _resolved(cells: Mapping[int, object], styles: Mapping[int, int]) -> dict[int, CellValue]:
    """A row's edits, each a CellValue: a bare value in its column's style."""
    return {column: cell if cell.__class__ is CellValue else CellValue(cell, styles[column])
            for column, cell in cells.items()}


def _points(height: float) -> str:
    """A row height as Excel writes it: 30, 42.5, 16.25."""
    return f"{height:.2f}".rstrip("0").rstrip(".")


_CELL = re.compile(rb"<c\b[^>]*?(?:/>|>.*?</c>)", re.S)
_CELL_REF = re.compile(rb'\br="(([A-Z]+)\d+)"')  # the address, and its column's letters


def _edit_row(xml: bytes, cells: Mapping[int, CellValue], strings: SharedStrings,
              masters: dict[bytes, tuple[str, str]]) -> tuple[bytes, bool, int]:
    """A row with some cells replaced or added, in column order; the others as they were.
    The shared formulas whose first cell it replaces go into `masters` (see
    :func:`_unshared`)."""
    if xml.endswith(b"/>"):
        head, inner, tail = xml[:-2] + b">", b"", b"</row>"
    else:
        end = xml.index(b">") + 1
        head, inner, tail = xml[:end], xml[end:-len(b"</row>")], b"</row>"
    head = re.sub(rb'\sspans="[^"]*"', b"", head)
    number = int(_ROW_NUMBER.search(head).group(1))
    pending = dict(cells)
    pieces: list[bytes] = []
    formula = False
    refs = 0
    position = 0
    for cell_match in _CELL.finditer(inner):
        pieces.append(inner[position:cell_match.start()])
        position = cell_match.end()
        cell = cell_match.group(0)
        ref = _CELL_REF.search(cell[:cell.index(b">") + 1])
        column = parse_a1(ref.group(2).decode() + "1")[1] if ref else 0
        for new in sorted(c for c in pending if c < column):
            built, used = _cell_xml(number, new, pending.pop(new), strings, None)
            pieces.append(built)
            refs += used
        if column in pending:
            opening = cell[:cell.index(b">") + 1]
            style = re.search(rb'\bs="(\d+)"', opening)
            formula |= b"<f" in cell
            if b'"shared"' in cell and (master := _master(cell)):
                masters[master[0]] = master[1]
            built, used = _cell_xml(number, column, pending.pop(column), strings,
                                    style.group(1) if style else None)
            pieces.append(built)
            refs += used
        else:
            pieces.append(cell)
    pieces.append(inner[position:])
    for new in sorted(pending):
        built, used = _cell_xml(number, new, pending[new], strings, None)
        pieces.append(built)
        refs += used
    return head + b"".join(pieces) + tail, formula, refs


_F_OPEN = re.compile(rb"<f\b([^>]*?)(/>|>(.*?)</f>)", re.S)
_SI = re.compile(rb'\bsi="(\d+)"')


def _shared(cell: bytes) -> tuple[re.Match[bytes], bytes, str] | None:
    """The `<f>` of a cell that shares a formula, its `si` and the cell's A1 address; None
    for any other cell."""
    found = _F_OPEN.search(cell)
    index = _SI.search(found.group(1)) if found else None
    ref = _CELL_REF.search(cell[:cell.index(b">") + 1])
    if found is None or index is None or ref is None:
        return None
    return found, index.group(1), ref.group(1).decode()


def _master(cell: bytes) -> tuple[bytes, tuple[str, str]] | None:
    """(si, (formula, A1 address)) when `cell` is the first cell of a shared formula, the one
    that holds its text; None otherwise."""
    shared = _shared(cell)
    if shared is None or not shared[0].group(3) or b'"shared"' not in shared[0].group(1):
        return None
    found, index, address = shared
    return index, (html.unescape(found.group(3).decode("utf-8")), address)


def _unshared(row: bytes, masters: Mapping[bytes, tuple[str, str]]) -> bytes:
    """The row with each cell that shares a formula of `masters` given it whole, moved from
    the first cell to its own (`E2-G2` in H2 is `E3-G3` in H3), its cached value kept.

    procxl has written a value over the first cell of those formulas, the only one that
    holds their text: the cells below would point at nothing, and Excel would call the book
    damaged and drop them."""
    from openpyxl.formula.translate import Translator  # only for such a rare book

    def whole(match: re.Match[bytes]) -> bytes:
        cell = match.group(0)
        shared = _shared(cell)
        if shared is None or shared[1] not in masters:
            return cell
        found, index, address = shared
        formula, origin = masters[index]
        try:
            moved = Translator("=" + formula, origin=origin).translate_formula(address)[1:]
        except Exception:  # a formula the translator cannot move: its value stays
            return cell[:found.start()] + cell[found.end():]
        return cell[:found.start()] + f"<f>{xml_escaped(moved)}</f>".encode() + cell[found.end():]

    return _CELL.sub(whole, row)


def _grow_dimension(data: bytes, rows: int, columns: int) -> bytes:
    match = _DIMENSION.search(data)
    if match is None or not columns:
        return data
    ref = match.group(1).decode()
    end = ref.split(":")[-1]
    try:
        old_row, old_column = parse_a1(end)
    except ValueError:
        return data
    start = ref.split(":")[0]
    new_end = f"{column_letter(max(old_column, columns))}{max(old_row, rows)}"
    if new_end == end:
        return data
    tag = match.group(0).replace(match.group(1), f"{start}:{new_end}".encode())
    return data[:match.start()] + tag + data[match.end():]


def _set_widths(data: bytes, widths: Mapping[int, float]) -> bytes:
    """Give columns no `<col>` covers the widths asked; columns the user sized stay so."""
    match = _COLS.search(data)
    covered: set[int] = set()
    if match is not None:
        for col in re.finditer(rb"<col\b[^>]*/>", match.group(0)):
            low = re.search(rb'\bmin="(\d+)"', col.group(0))
            high = re.search(rb'\bmax="(\d+)"', col.group(0))
            if low and high:
                covered |= set(range(int(low.group(1)), int(high.group(1)) + 1))
    added = b"".join(
        f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'.encode()
        for c, w in sorted(widths.items()) if c not in covered)
    if not added:
        return data
    if match is not None:
        root = parse(b'<cols xmlns="' + MAIN.encode() + b'">'
                     + match.group(0)[match.group(0).index(b">") + 1:-len(b"</cols>")]
                     + added + b"</cols>")
        ordered = sorted(children(root, "col"), key=lambda e: int(e.get("min", "0")))
        cols = b"<cols>" + b"".join(
            etree.tostring(e).replace(b' xmlns="' + MAIN.encode() + b'"', b"")
            for e in ordered) + b"</cols>"
        return data[:match.start()] + cols + data[match.end():]
    at = data.index(b"<sheetData")
    return data[:at] + b"<cols>" + added + b"</cols>" + data[at:]


__all__ = ["CellValue", "ForeignStyles", "SharedStrings", "Styles", "patch_sheet",
           "serialise"]
