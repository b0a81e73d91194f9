"""WordprocessingML written by hand: the small pieces every default template is made of.

Each function returns XML text for one paragraph, run or table; the document kinds
(:mod:`procxl.render.kinds`) put them together into a template body, with docxtpl tags
(`{%p for … %}`, `{{ key }}`) where the context's values go.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from procxl.text import xml_escaped

MM = 56.7  # twentieths of a point in a millimetre
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = (round(mm * MM) for mm in
                                                            (20, 10, 20, 20))
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
INDENT = 709  # 1.25 cm
FONT = "Times New Roman"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)


# Paragraphs and runs ------------------------------------------------------------------

def _text(value: str) -> str:
    return f'<w:t xml:space="preserve">{xml_escaped(value)}</w:t>'


def run(value: str, *, bold: bool = False, caps: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:caps/>" if caps else "")
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{_text(value)}</w:r>"


def para(*runs: str, style: str | None = None, align: str | None = None,
         keep_next: bool = False, page_break_before: bool = False) -> str:
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        props += "<w:keepNext/>"
    if page_break_before:
        props += "<w:pageBreakBefore/>"
    if align:
        props += f'<w:jc w:val="{align}"/>'
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(runs)}</w:p>"


def tag(statement: str, style: str | None = None) -> str:
    """A paragraph holding only a docxtpl paragraph tag (`{%p for … %}`), removed on render."""
    return para(run("{%p " + statement + " %}"), style=style)


def plain(value: str, style: str | None = None, **kw: object) -> str:
    return para(run(value), style=style, **kw)  # type: ignore[arg-type]


# Tables -------------------------------------------------------------------------------

def cell(width: int, *paragraphs: str, header: bool = False) -> str:
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' if header else ""
    body = "".join(paragraphs) or para()
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
            f"{body}</w:tc>")


def row(*cells: str, header: bool = False, height_mm: float = 0) -> str:
    props = "<w:cantSplit/><w:tblHeader/>" if header else ""
    if height_mm:
        props += f'<w:cantSplit/><w:trHeight w:val="{round(height_mm * MM)}"/>'
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def table(widths: Sequence[int], rows: Iterable[str], *, borders: bool = True) -> str:
    """A table of fixed column widths; without `borders`, a layout grid nobody sees."""
    style = "TableGrid" if borders else "TableNormal"
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")


def tag_row(statement: str, columns: int, widths: Sequence[int]) -> str:
    """A table row holding a docxtpl row tag (`{%tr for … %}`), removed on render."""
    first = cell(widths[0], para(run("{%tr " + statement + " %}"), style="TableText"))
    rest = [cell(w, para(style="TableText")) for w in widths[1:columns]]
    return row(first, *rest)


def header_row(widths: Sequence[int], titles: Sequence[str]) -> str:
    """A table's heading row, repeated at the top of every page the table runs onto."""
    return row(*(cell(w, para(run(t, bold=True), style="TableHead"), header=True)
                 for w, t in zip(widths, titles, strict=True)), header=True)


def looped_table(widths: Sequence[int], header: str, loop: str, body: str) -> str:
    """A table of a heading row and `body` repeated by `loop` (`for d in duties`)."""
    columns = len(widths)
    return table(widths, [header, tag_row(loop, columns, widths), body,
                          tag_row("endfor", columns, widths)])


def widths_mm(*mm: float) -> list[int]:
    """Column widths in twips from millimetres, the last one taking what is left."""
    out = [round(m * MM) for m in mm[:-1]]
    return [*out, TEXT_WIDTH - sum(out)]


# The parts of every template ----------------------------------------------------------

def approval_block(style: str = "Approval") -> str:
    """The approval block: УТВЕРЖДАЮ, the approver's position, the organisation, signature
    and date lines; or, for a body (an общее собрание), УТВЕРЖДЕНО, its decision and the
    minutes' date and number."""
    return "".join([
        para(run("{{ approval_heading }}"), style=style),
        para(run("{{ approver_title }}"), style=style),
        para(run("{{ organisation }}"), style=style),
        tag("if approver_is_body"),
        para(run("{{ protocol_line }}"), style=style),
        tag("else"),
        para(run("{{ signature_line }} {{ approver_signature }}"), style=style),
        para(run("{{ date_line }}"), style=style),
        tag("endif"),
    ])


def document_heading(title: str, subtitle: str) -> str:
    """The organisation heading the page, the approval block, the document's title over the
    position, and the position's department and manager."""
    return "".join([
        para(run("{{ organisation }}", bold=True), style="NoIndent", align="center"),
        plain("", style="NoIndent"),
        approval_block(),
        plain(title, style="Title"),
        para(run(subtitle), style="Subtitle"),
        position_lines(),
    ])


def position_lines() -> str:
    return field_line("Подразделение", "department") + field_line(
        "Непосредственный руководитель", "manager")


def field_line(label: str, key: str) -> str:
    """«Label: value» on a line of its own, where the context gives the value `key`."""
    return "".join([
        tag(f"if {key}"),
        para(run(f"{label}: "), run("{{ " + key + " }}"), style="NoIndent"),
        tag("endif"),
    ])


def items_in_cell(loop_variable: str, items: str) -> str:
    """A paragraph per item; one empty paragraph when there are none (a cell needs one)."""
    return "".join([
        tag(f"for {loop_variable} in {items}", "TableText"),
        para(run("{{ " + loop_variable + " }}"), style="TableText"),
        tag("else", "TableText"),
        para(style="TableText"),
        tag("endfor", "TableText"),
    ])


def dash_item(value: str) -> str:
    """A list item: a dash, a tab to the hanging indent, the text. Word's own bullets would
    need a numbering part; a dash is what Russian office documents use anyway."""
    return para(run("–"), "<w:r><w:tab/></w:r>", run(value), style="ListDash")


def text_section(heading: str, key: str) -> str:
    """A heading and one paragraph of text, both left out when the text is empty."""
    return "".join([
        tag(f"if {key}"),
        plain(heading, style="Heading1"),
        para(run("{{ " + key + " }}"), style="Normal"),
        tag("endif"),
    ])


def bullet_section(heading: str, items: str) -> str:
    """A heading and its items as a dashed list, all left out when there are no items."""
    return "".join([
        tag(f"if {items}"),
        plain(heading, style="Heading1"),
        tag(f"for item in {items}"),
        dash_item("{{ item }}"),
        tag("endfor"),
        tag("endif"),
    ])


