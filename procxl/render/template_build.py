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
from pathlib import Path

from procxl.render.kinds import KINDS, Kind
from procxl.render.wordml import (
    FIXED_TIME,
    FONT,
    INDENT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MM,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    R,
    W,
)

TEMPLATE_DIR = Path(__file__).parent / "templates"

# Package parts ------------------------------------------------------------------------

def document_xml(body: str) -> str:
    section = (
        f'<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
        f'<w:headerReference w:type="first" r:id="rIdFirstHeader"/>'
        f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" '
        f'w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LEFT}" w:header="567" '
        f'w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr>'
    )
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}{section}'
            f"</w:body></w:document>")


def header_xml(with_page_number: bool) -> str:
    field = ('<w:fldSimple w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple>'
             if with_page_number else "")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:hdr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Header"/>'
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
    fonts = (f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" '
             f'w:cs="{FONT}"/>')
    no_indent = '<w:ind w:firstLine="0"/>'
    single = '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    styles = [
        _style("paragraph", "Normal", "Normal",
               f'<w:suppressAutoHyphens/>{single}<w:ind w:firstLine="{INDENT}"/>'
               '<w:jc w:val="both"/>',
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
               f'<w:tabs><w:tab w:val="left" w:pos="{INDENT}"/></w:tabs>'
               f'<w:ind w:left="{INDENT}" w:hanging="{INDENT // 2}"/><w:jc w:val="both"/>'),
        _style("paragraph", "Note", "Пояснение к пункту",
               f'<w:spacing w:after="60"/><w:ind w:left="{INDENT}" w:firstLine="0"/>'
               '<w:jc w:val="both"/>', '<w:i/><w:sz w:val="24"/><w:szCs w:val="24"/>'),
        _style("paragraph", "Approval", "Гриф утверждения",
               f'<w:ind w:left="{round(95 * MM)}" w:firstLine="0"/><w:jc w:val="left"/>'),
        _style("paragraph", "TableText", "Текст таблицы",
               f'<w:spacing w:after="60"/>{no_indent}<w:jc w:val="left"/>',
               '<w:sz w:val="24"/><w:szCs w:val="24"/>'),
        # a narrow column's text, where a long word is hyphenated rather than cut anywhere
        _style("paragraph", "TableNarrow", "Текст узкой колонки",
               '<w:suppressAutoHyphens w:val="0"/>', based_on="TableText"),
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
            f'<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>{fonts}'
            f'<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="ru-RU" w:eastAsia="en-US" '
            f'w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{single}</w:pPr>'
            f"</w:pPrDefault></w:docDefaults>{''.join(styles)}</w:styles>")


SETTINGS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W}">'
    # words are hyphenated only where a style asks for it (TableNarrow), and only where a
    # line would otherwise end 15 mm short: a long word, not every word at a line's end
    '<w:defaultTabStop w:val="708"/><w:autoHyphenation/>'
    '<w:consecutiveHyphenLimit w:val="2"/><w:hyphenationZone w:val="851"/>'
    '<w:doNotHyphenateCaps/>'
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
    body = KINDS[kind].body()
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
            info = zipfile.ZipInfo(name, FIXED_TIME)
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
