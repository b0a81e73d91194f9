"""Read a .docx back the way a reader sees it: text in order, tables, page setup, fonts."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph


def blocks(document: Document) -> list[Paragraph | Table]:
    """Paragraphs and tables of the body, in document order."""
    out: list[Paragraph | Table] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(Paragraph(child, document))
        elif child.tag == qn("w:tbl"):
            out.append(Table(child, document))
    return out


def _mm(length: Length | None) -> str:
    return "?" if length is None else f"{length.mm:.0f}"


def _cell_text(cell: object) -> str:
    return " / ".join(p.text for p in cell.paragraphs if p.text)  # type: ignore[attr-defined]


def dump(path: Path) -> str:
    """A document as text: page setup, header, then every paragraph and table row."""
    document = docx.Document(str(path))
    section = document.sections[0]
    first = section.first_page_header.paragraphs
    lines = [
        f"page: {_mm(section.page_width)}x{_mm(section.page_height)} mm; margins top "
        f"{_mm(section.top_margin)}, right {_mm(section.right_margin)}, bottom "
        f"{_mm(section.bottom_margin)}, left {_mm(section.left_margin)} mm; different first "
        f"page: {section.different_first_page_header_footer}",
        f"header: {header_fields(document)}; first page header: "
        f"{first[0].text if first else ''!r}",
    ]
    for block in blocks(document):
        if isinstance(block, Paragraph):
            if block.text or block.paragraph_format.page_break_before or \
                    (block.style is not None and block.style.paragraph_format.page_break_before):
                lines.append(f"[{block.style.name if block.style else ''}] {block.text}")
        else:
            lines.append("table:")
            for row in block.rows:
                lines.append("  | " + " | ".join(_cell_text(c) for c in row.cells))
    return "\n".join(lines) + "\n"


def header_fields(document: Document) -> str:
    """The field codes of the default header (`PAGE` for page numbers)."""
    header = document.sections[0].header._element
    codes = [el.get(qn("w:instr")).strip() for el in header.iter(qn("w:fldSimple"))]
    codes += [el.text.strip() for el in header.iter(qn("w:instrText")) if el.text]
    return ", ".join(codes) or "none"


def style_font(document: Document, name: str) -> tuple[str | None, float | None]:
    """The font name and size (pt) a paragraph style resolves to, defaults included."""
    style = document.styles[name]
    font_name, size = None, None
    while style is not None and (font_name is None or size is None):
        font_name = font_name or style.font.name
        size = size or (style.font.size.pt if style.font.size else None)
        style = style.base_style
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            if font_name is None and rpr.find(qn("w:rFonts")) is not None:
                font_name = rpr.find(qn("w:rFonts")).get(qn("w:ascii"))
            if size is None and rpr.find(qn("w:sz")) is not None:
                size = int(rpr.find(qn("w:sz")).get(qn("w:val"))) / 2
    return font_name, size


def style_hyphenates(document: Document, name: str) -> bool:
    """Whether Word hyphenates the words of a paragraph style: the document turns automatic
    hyphenation on, and neither the style nor a style it is based on suppresses it."""
    settings = document.settings.element
    if settings.find(qn("w:autoHyphenation")) is None:
        return False
    style = document.styles[name]
    while style is not None:
        found = style.element.find(f"{qn('w:pPr')}/{qn('w:suppressAutoHyphens')}")
        if found is not None:
            return found.get(qn("w:val")) in ("0", "false", "off")
        style = style.base_style
    return True


def cell_margins_mm(document: Document) -> float:
    """The left and right margins of a table cell together, in millimetres, as the default
    table style of the document sets them."""
    style = document.styles.element.find(
        f"{qn('w:style')}[@{qn('w:type')}='table'][@{qn('w:default')}='1']")
    margins = style.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
    return sum(Length(int(margins.find(qn(f"w:{side}")).get(qn("w:w"))) * 635).mm
               for side in ("left", "right"))


def is_heading_row(row: _Row) -> bool:
    """Whether a table row is a heading row, repeated at the top of every page."""
    props = row._tr.trPr
    return props is not None and props.find(qn("w:tblHeader")) is not None


def keeps_with_next(paragraph: Paragraph) -> bool:
    """Whether Word keeps the paragraph on one page with the next: set on it, or on its
    style or a style that style is based on."""
    style = paragraph.style
    found = paragraph.paragraph_format.keep_with_next
    while found is None and style is not None:
        found, style = style.paragraph_format.keep_with_next, style.base_style
    return bool(found)
