"""Word documents from .docx templates written in docxtpl's syntax (Jinja inside Word).

docxtpl as usual loads and saves the whole package through python-docx for every document;
here a template is prepared once — docxtpl's own clean-up of the XML that Word splits into
runs, then a compiled Jinja template per part that has placeholders — and each document
costs only rendering that XML and writing the zip. Users' templates keep docxtpl's syntax:
`{{ field }}`, `{%p for … %}` paragraphs, `{%tr for … %}` table rows, `{%tc … %}` cells.

Everything a template inserts is escaped (`&`, `<`, `>` in user text cannot break the XML),
and a template a user broke in Word — an unclosed or misspelt placeholder — raises
`TemplateError` with a Russian sentence naming the template and the placeholder.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.meta
from docxtpl import DocxTemplate
from lxml import etree

from procxl.errors import ProcxlError
from procxl.workbook.files import atomic_write

_RENDERED_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_MARKED_PARAGRAPH = re.compile(r"\n<w:p([ >])")
_TAG = re.compile(r"<[^>]+>")
_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'|"
                        r"has no key '([^']+)'")
_CELL_TAG = re.compile(r"{%-?\s*tc\s")
_LISTING_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\n\t\a\f]")
"""Text holding a line break, tab or page break that docxtpl turns into Word's own."""
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)
_SHADE_FIRST = re.compile(r"(<w:tcPr[^>]*>)(<w:shd [^>]*/>)(<w:tcW [^>]*/>)")
"""A cell's shading that docxtpl's `{% cellbg %}` put before its width: the schema wants
the width first."""

# docxtpl's XML clean-up and line-break handling use no state of a template: one helper
# object serves every template.
_DOCXTPL = object.__new__(DocxTemplate)


class TemplateError(ProcxlError):
    """A template that cannot be used: not a .docx, or broken placeholders."""


@dataclass(frozen=True)
class _Part:
    info: zipfile.ZipInfo
    data: bytes | None  # static parts
    template: jinja2.Template | None  # parts with placeholders
    fix_tables: bool = False


class PreparedTemplate:
    """A .docx template read and compiled once; `render` makes one document from a context."""

    def __init__(self, path: Path, allowed: Iterable[str] | None = None) -> None:
        self.path = path
        self.name = path.name
        self._env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
        self._names: set[str] = set()
        self._parts = [self._prepare(info, data) for info, data in _read_package(path)]
        if allowed is not None:
            self._refuse_unknown(set(allowed))

    @property
    def placeholders(self) -> set[str]:
        """The top-level names the template uses."""
        return set(self._names)

    def _prepare(self, info: zipfile.ZipInfo, data: bytes) -> _Part:
        stored = zipfile.ZipInfo(info.filename, _FIXED_TIME)
        stored.compress_type = zipfile.ZIP_DEFLATED
        if not _RENDERED_PART.fullmatch(info.filename) or b"{" not in data:
            return _Part(stored, data, None)
        source = data.decode("utf-8")
        xml = _DOCXTPL.patch_xml(source)
        if "<w:shd" in xml:
            xml = _SHADE_FIRST.sub(r"\1\3\2", xml)
        xml = _PARAGRAPH_START.sub(r"\n<w:p\1", xml)
        try:
            ast = self._env.parse(xml)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(self._syntax_message(exc, xml, source)) from exc
        self._names |= jinja2.meta.find_undeclared_variables(ast)
        return _Part(stored, None, self._env.from_string(ast),
                     fix_tables=_CELL_TAG.search(source) is not None)

    def _syntax_message(self, exc: jinja2.TemplateSyntaxError, xml: str, source: str) -> str:
        around = unbalanced_placeholder(_TAG.sub("", source))
        if around is None:
            lines = xml.splitlines()
            around = " ".join(_TAG.sub("", line) for line in
                              lines[max((exc.lineno or 1) - 2, 0):(exc.lineno or 1) + 1])
        around = " ".join(around.split())[:120]
        return (f"Шаблон «{self.name}» испорчен: вставка {{{{ … }}}} или {{% … %}} не закрыта "
                f"или искажена около текста «{around}». Откройте шаблон в Word и исправьте "
                f"её (подробности: {exc.message}).")

    def _refuse_unknown(self, allowed: set[str]) -> None:
        unknown = sorted(self._names - allowed)
        if unknown:
            fields = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
            raise TemplateError(
                f"В шаблоне «{self.name}» есть поля, которых procxl не знает: {fields}. "
                f"Проверьте написание; доступные поля: {', '.join(sorted(allowed))}."
            )

    def render(self, context: Mapping[str, object]) -> list[tuple[zipfile.ZipInfo, bytes]]:
        """The parts of the document for `context`, ready to be zipped."""
        out = []
        for part in self._parts:
            if part.template is None:
                out.append((part.info, part.data or b""))
                continue
            try:
                xml = part.template.render(context)
            except jinja2.UndefinedError as exc:
                raise TemplateError(self._undefined_message(exc)) from exc
            except jinja2.TemplateError as exc:
                raise TemplateError(f"Шаблон «{self.name}» не удалось заполнить: {exc}.") \
                    from exc
            out.append((part.info, _finish(xml, part.fix_tables).encode("utf-8")))
        return out

    def _undefined_message(self, exc: jinja2.UndefinedError) -> str:
        found = _UNDEFINED.search(str(exc))
        name = next((g for g in found.groups() if g), str(exc)) if found else str(exc)
        return (f"В шаблоне «{self.name}» есть поле «{name}», которого procxl не знает. "
                "Проверьте его написание в Word.")

    def write(self, context: Mapping[str, object], path: Path) -> Path:
        """Render a document for `context` into `path`, atomically."""
        write_package(path, self.render(context))
        return path


_DELIMITER = re.compile(r"\{\{|\}\}|\{%|%\}")
_CLOSER = {"{{": "}}", "{%": "%}"}


def unbalanced_placeholder(text: str) -> str | None:
    """The text from the first `{{` or `{%` that is not closed by its own pair, or None."""
    opened: re.Match[str] | None = None
    for found in _DELIMITER.finditer(text):
        token = found.group()
        if opened is None:
            if token in _CLOSER:
                opened = found
                continue
            return text[max(found.start() - 40, 0):found.end()]
        if token != _CLOSER[opened.group()]:
            return text[opened.start():opened.start() + 60]
        opened = None
    return text[opened.start():opened.start() + 60] if opened is not None else None


def _finish(xml: str, fix_tables: bool) -> str:
    """docxtpl's after-render steps, each only when it can change something."""
    xml = _MARKED_PARAGRAPH.sub(r"<w:p\1", xml)
    if "_" in xml:
        xml = (xml.replace("{_{", "{{").replace("}_}", "}}")
               .replace("{_%", "{%").replace("%_}", "%}"))
    if _LISTING_TEXT.search(xml):  # not the newline after the XML declaration
        xml = _DOCXTPL.resolve_listing(xml)
    if fix_tables:
        xml = _fit_grids(xml)
    return xml


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _fit_grids(xml: str) -> str:
    """Each table's grid as wide as its widest row's cells, after `{%tc for %}` repeated
    columns: a column of the grid per cell, of the cell's own width, and the table as wide
    as they are together (docxtpl's own fix spreads the added columns evenly)."""
    declaration, end, body = xml.partition("?>") if xml.startswith("<?xml") else ("", "", xml)
    tree = etree.fromstring(body.encode("utf-8"))
    for grid in tree.iter(f"{_W}tblGrid"):
        rows = [r.findall(f"{_W}tc") for r in grid.getparent().findall(f"{_W}tr")]
        widest = max(rows, key=len, default=[])
        widths = [c.find(f"{_W}tcPr/{_W}tcW") for c in widest]
        if len(widest) <= len(grid) or any(w is None for w in widths):
            continue
        for column in list(grid):
            grid.remove(column)
        for width in widths:
            etree.SubElement(grid, f"{_W}gridCol").set(f"{_W}w", width.get(f"{_W}w", "0"))
        whole = grid.getparent().find(f"{_W}tblPr/{_W}tblW")
        if whole is not None and whole.get(f"{_W}type") == "dxa":
            whole.set(f"{_W}w", str(sum(int(w.get(f"{_W}w", "0")) for w in widths)))
    return declaration + end + etree.tostring(tree, encoding="unicode")


def _read_package(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    try:
        with zipfile.ZipFile(path) as package:
            parts = [(info, package.read(info)) for info in package.infolist()
                     if not info.is_dir()]
    except (OSError, zipfile.BadZipFile, KeyError, EOFError) as exc:
        raise TemplateError(
            f"Шаблон «{path.name}» не открывается как документ Word (.docx): {exc}. "
            "Сохраните его в Word как «Документ Word (*.docx)»."
        ) from exc
    names = {info.filename for info, _ in parts}
    if "word/document.xml" not in names:
        raise TemplateError(f"Шаблон «{path.name}» — не документ Word: в нём нет текста "
                            "документа (word/document.xml).")
    return parts


def write_package(path: Path, parts: Iterable[tuple[zipfile.ZipInfo, bytes]]) -> None:
    """Zip `parts` into `path` atomically, so no half-written document is ever left."""
    def zip_parts(temp: Path) -> None:
        with zipfile.ZipFile(temp, "w") as package:
            for info, data in parts:
                package.writestr(info, data, compresslevel=_LEVEL)

    atomic_write(path, zip_parts, program="Word")


_LEVEL = 6
