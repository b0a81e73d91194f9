"""Build the default Word templates (procxl/render/templates/*.docx) from this description.

The .docx files are what users copy out with `procxl templates` and restyle in Word; this
module is how they are made, so that a change of layout is a reviewed diff, not a binary
edit. Run `python -m procxl.render.template_build` after changing it; a test keeps the
committed files and this module in step.

The layout follows ГОСТ Р 7.0.97-2025 as the workbook standard states it: A4, margins 20 mm
left, top and bottom and 10 mm right, one font (Times New Roman) at 14 pt in the text and
12 pt in tables, paragraph indent 1.25 cm, page numbers from page 2 at the top centre, the
approval block in the top right corner. The parts are written by hand, as small as Word
itself saves them: python-docx's default template is many times larger and would slow every
document written.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from procxl.render.context import Kind

TEMPLATE_DIR = Path(__file__).parent / "templates"

_MM = 56.7  # twentieths of a point in a millimetre
_PAGE_WIDTH, _PAGE_HEIGHT = 11906, 16838  # A4
_MARGIN_LEFT, _MARGIN_RIGHT, _MARGIN_TOP, _MARGIN_BOTTOM = (round(mm * _MM) for mm in
                                                            (20, 10, 20, 20))
_TEXT_WIDTH = _PAGE_WIDTH - _MARGIN_LEFT - _MARGIN_RIGHT
_INDENT = 709  # 1.25 cm
_FONT = "Times New Roman"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)


# Paragraphs and runs ------------------------------------------------------------------

def _text(value: str) -> str:
    return f'<w:t xml:space="preserve">{escape(value)}</w:t>'


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
        props += f'<w:cantSplit/><w:trHeight w:val="{round(height_mm * _MM)}"/>'
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def table(widths: Sequence[int], rows: Iterable[str]) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
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
    out = [round(m * _MM) for m in mm[:-1]]
    return [*out, _TEXT_WIDTH - sum(out)]


# The parts of every template ----------------------------------------------------------

def approval_block() -> str:
    """УТВЕРЖДАЮ, the approver's position and organisation, signature and date lines."""
    return "".join([
        plain("УТВЕРЖДАЮ", style="Approval"),
        para(run("{{ approver_title }}"), style="Approval"),
        para(run("{{ organisation }}"), style="Approval"),
        para(run("{{ signature_line }} {{ approver_signature }}"), style="Approval"),
        para(run("{{ date_line }}"), style="Approval"),
        plain("", style="Approval"),
    ])


def document_heading(title: str, subtitle: str) -> str:
    """The approval block, the organisation, the document's title over the position, and
    the position's department and manager."""
    return "".join([
        approval_block(),
        para(run("{{ organisation }}"), style="NoIndent", align="center"),
        plain("", style="NoIndent"),
        plain(title, style="Title"),
        para(run(subtitle), style="Subtitle"),
        position_lines(),
    ])


def position_lines() -> str:
    return "".join([
        tag("if department"),
        para(run("Подразделение: "), run("{{ department }}"), style="NoIndent"),
        tag("endif"),
        tag("if manager"),
        para(run("Непосредственный руководитель: "), run("{{ manager }}"), style="NoIndent"),
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


# The three documents ------------------------------------------------------------------

DUTY_COLUMNS = ("№", "Процесс", "Функции", "Цели", "Результаты", "Показатели")
ACKNOWLEDGEMENT_COLUMNS = ("№", "Фамилия, имя, отчество", "Дата", "Подпись")


def duties_body() -> str:
    widths = widths_mm(9, 31, 50, 30, 30, 0)
    header = header_row(widths, DUTY_COLUMNS)
    body = row(
        cell(widths[0], para(run("{{ d.number }}"), style="TableText")),
        cell(widths[1], para(run("{{ d.code }} {{ d.process }}"), style="TableText")),
        cell(widths[2], items_in_cell("f", "d.functions")),
        cell(widths[3], items_in_cell("g", "d.goals")),
        cell(widths[4], items_in_cell("r", "d.results")),
        cell(widths[5], items_in_cell("i", "d.indicators")),
    )
    sign_widths = widths_mm(10, 75, 35, 0)
    sign_header = header_row(sign_widths, ACKNOWLEDGEMENT_COLUMNS)
    sign_row = row(cell(sign_widths[0], para(run("{{ n }}"), style="TableText")),
                   *(cell(w, para(style="TableText")) for w in sign_widths[1:]),
                   height_mm=10)
    return "".join([
        document_heading("ДОЛЖНОСТНЫЕ ОБЯЗАННОСТИ", "{{ position_genitive }}"),
        plain("", style="NoIndent"),
        para(run("Работник выполняет функции в процессах организации, достигая их целей "
                 "и результатов и отвечая за показатели:"), style="Normal"),
        looped_table(widths, header, "for d in duties", body),
        plain("", style="NoIndent"),
        para(run("С должностными обязанностями ознакомлен(а):"), style="NoIndent"),
        para(run("________________  ________________________  {{ date_line }}"),
             style="NoIndent"),
        plain("ЛИСТ ОЗНАКОМЛЕНИЯ", style="Title", page_break_before=True),
        para(run("с должностными обязанностями {{ position_genitive }}"), style="Subtitle"),
        plain("", style="NoIndent"),
        looped_table(sign_widths, sign_header, "for n in acknowledgement_rows", sign_row),
    ])


def profile_body() -> str:
    return "".join([
        document_heading("ПРОФИЛЬ ДОЛЖНОСТИ", "«{{ position }}»"),
        tag("for s in sections"),
        para(run("{{ loop.index }}. {{ s.title }}"), style="Heading1"),
        tag("for item in s['items']"),
        dash_item("{{ item }}"),
        tag("else"),
        plain("Не определено.", style="Normal"),
        tag("endfor"),
        tag("endfor"),
    ])


def vacancy_body() -> str:
    def line(label: str, key: str) -> str:
        return "".join([tag(f"if {key}"),
                        para(run(f"{label}: ", bold=True), run("{{ " + key + " }}"),
                             style="NoIndent"),
                        tag("endif")])

    return "".join([
        para(run("Вакансия"), style="NoIndent"),
        para(run("{{ title }}"), style="Title"),
        para(run("{{ organisation }}"), style="Subtitle"),
        line("Город", "city"),
        line("Зарплата", "salary_text"),
        line("Опыт работы", "experience"),
        line("График", "schedule"),
        line("Занятость", "employment"),
        text_section("О компании", "about"),
        bullet_section("Обязанности", "duties"),
        bullet_section("Требования", "general_knowledge + skills"),
        bullet_section("Будет плюсом", "subject_knowledge"),
        bullet_section("Личные качества", "qualities"),
        bullet_section("Наши ценности", "values"),
        bullet_section("Условия", "conditions"),
        text_section("Контакты", "contacts"),
    ])


BODIES = {Kind.DUTIES: duties_body, Kind.PROFILE: profile_body, Kind.VACANCY: vacancy_body}


# Package parts ------------------------------------------------------------------------

def document_xml(body: str) -> str:
    section = (
        f'<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
        f'<w:headerReference w:type="first" r:id="rIdFirstHeader"/>'
        f'<w:pgSz w:w="{_PAGE_WIDTH}" w:h="{_PAGE_HEIGHT}"/>'
        f'<w:pgMar w:top="{_MARGIN_TOP}" w:right="{_MARGIN_RIGHT}" '
        f'w:bottom="{_MARGIN_BOTTOM}" w:left="{_MARGIN_LEFT}" w:header="567" '
        f'w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr>'
    )
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>{body}{section}'
            f"</w:body></w:document>")


def header_xml(with_page_number: bool) -> str:
    field = ('<w:fldSimple w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple>'
             if with_page_number else "")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:hdr xmlns:w="{_W}" xmlns:r="{_R}"><w:p><w:pPr><w:pStyle w:val="Header"/>'
            f'<w:jc w:val="center"/></w:pPr>{field}</w:p></w:hdr>')


def _style(kind: str, style_id: str, name: str, ppr: str = "", rpr: str = "", *,
           based_on: str | None = "Normal", next_style: str | None = None,
           default: bool = False) -> str:
    attrs = ' w:default="1"' if default else ""
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    following = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (f'<w:style w:type="{kind}"{attrs} w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f"{based}{following}<w:qFormat/>"
            f"{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}"
            f"</w:style>")


def styles_xml() -> str:
    fonts = (f'<w:rFonts w:ascii="{_FONT}" w:hAnsi="{_FONT}" w:eastAsia="{_FONT}" '
             f'w:cs="{_FONT}"/>')
    no_indent = '<w:ind w:firstLine="0"/>'
    single = '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    styles = [
        _style("paragraph", "Normal", "Normal",
               f'{single}<w:ind w:firstLine="{_INDENT}"/><w:jc w:val="both"/>',
               based_on=None, default=True),
        _style("paragraph", "NoIndent", "Без отступа", f'{no_indent}<w:jc w:val="left"/>'),
        _style("paragraph", "Title", "Title",
               f'<w:keepNext/><w:spacing w:before="240" w:after="0"/>{no_indent}'
               f'<w:jc w:val="center"/>', "<w:b/>", next_style="Subtitle"),
        _style("paragraph", "Subtitle", "Subtitle",
               f'<w:keepNext/><w:spacing w:after="240"/>{no_indent}<w:jc w:val="center"/>',
               "<w:b/>", next_style="NoIndent"),
        _style("paragraph", "Heading1", "heading 1",
               f'<w:keepNext/><w:spacing w:before="240" w:after="120"/>{no_indent}'
               f'<w:jc w:val="left"/><w:outlineLvl w:val="0"/>', "<w:b/>",
               next_style="Normal"),
        _style("paragraph", "ListDash", "Список с тире",
               f'<w:tabs><w:tab w:val="left" w:pos="{_INDENT}"/></w:tabs>'
               f'<w:ind w:left="{_INDENT}" w:hanging="{_INDENT // 2}"/><w:jc w:val="both"/>'),
        _style("paragraph", "Approval", "Гриф утверждения",
               f'<w:ind w:left="{round(95 * _MM)}" w:firstLine="0"/><w:jc w:val="left"/>'),
        _style("paragraph", "TableText", "Текст таблицы",
               f'<w:spacing w:after="60"/>{no_indent}<w:jc w:val="left"/>',
               '<w:sz w:val="24"/><w:szCs w:val="24"/>'),
        _style("paragraph", "TableHead", "Заголовок таблицы",
               f'<w:keepNext/><w:spacing w:after="0"/>{no_indent}<w:jc w:val="center"/>',
               '<w:b/><w:sz w:val="24"/><w:szCs w:val="24"/>', based_on="TableText"),
        _style("paragraph", "Header", "header", f'{no_indent}<w:jc w:val="center"/>',
               '<w:sz w:val="24"/><w:szCs w:val="24"/>'),
        ('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
         '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>'
         '<w:semiHidden/><w:unhideWhenUsed/></w:style>'),
        ('<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
         '<w:name w:val="Normal Table"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
         '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
         '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
         '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'),
        ('<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
         '<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
         + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
         + '</w:tblBorders></w:tblPr></w:style>'),
    ]
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:styles xmlns:w="{_W}"><w:docDefaults><w:rPrDefault><w:rPr>{fonts}'
            f'<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="ru-RU" w:eastAsia="en-US" '
            f'w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{single}</w:pPr>'
            f"</w:pPrDefault></w:docDefaults>{''.join(styles)}</w:styles>")


SETTINGS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{_W}">'
    '<w:autoHyphenation/><w:defaultTabStop w:val="708"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/><w:compat>'
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
    ' w:val="15"/></w:compat></w:settings>'
)

_DOC_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_DOC_TYPE}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_DOC_TYPE}.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{_DOC_TYPE}.settings+xml"/>'
    f'<Override PartName="/word/header1.xml" ContentType="{_DOC_TYPE}.header+xml"/>'
    f'<Override PartName="/word/header2.xml" ContentType="{_DOC_TYPE}.header+xml"/>'
    '</Types>'
)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '</Relationships>'
)
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rIdStyles" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdHeader" Type="{_REL}/header" Target="header1.xml"/>'
    f'<Relationship Id="rIdFirstHeader" Type="{_REL}/header" Target="header2.xml"/>'
    '</Relationships>'
)


def template_parts(kind: Kind) -> dict[str, str]:
    """Every part of the template for `kind`, by its name in the package."""
    body = BODIES[kind]()
    return {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": document_xml(body),
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": styles_xml(),
        "word/settings.xml": SETTINGS,
        "word/header1.xml": header_xml(with_page_number=True),
        "word/header2.xml": header_xml(with_page_number=False),
    }


def template_file_name(kind: Kind) -> str:
    return f"{kind.title}.docx"


def write_template(kind: Kind, folder: Path) -> Path:
    path = folder / template_file_name(kind)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in template_parts(kind).items():
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, xml.encode("utf-8"))
    return path


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else TEMPLATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for kind in Kind:
        print(write_template(kind, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
