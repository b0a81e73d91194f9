"""A workbook file edited part by part: what `procxl update` does to a user's file.

procxl owns only a few parts of the file: its generated sheets (drawn by the same writers as
ever, in a scratch workbook, then moved in under fresh part names with their styles and
strings added to the book's own), the cells it writes in the sheets it merges (patched row by
row in the sheet XML), and the book's list of sheets, names, relationships and content
types. Every other part — pictures, charts, pivot tables, threaded comments, controls,
x14 extensions, connections, VBA — is copied as it was, and a check after writing refuses to
replace the file if any of them came out different.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from lxml import etree
from openpyxl.formatting.rule import Rule
from openpyxl.xml.functions import tostring as openpyxl_xml

from procxl import text
from procxl.errors import ProcxlError
from procxl.model import column_letter, parse_a1
from procxl.schema import Column
from procxl.workbook.book import OpenpyxlCells, SheetCells
from procxl.workbook.files import atomic_write
from procxl.workbook.opc import (
    CALC_CHAIN_TYPE,
    MAIN,
    OFFICE_DOCUMENT,
    REL,
    SHARED_STRINGS_CONTENT,
    SHARED_STRINGS_TYPE,
    STYLES_CONTENT,
    STYLES_TYPE,
    WORKSHEET_CONTENT,
    WORKSHEET_TYPE,
    Relationship,
    rels_name,
)
from procxl.workbook.package import ContentTypes, Package, child, parse, q, serialise
from procxl.workbook.parts import (
    BLANK_STYLES,
    MAX_FORMATS,
    CellValue,
    ForeignStyles,
    SharedStrings,
    Styles,
    attribute,
    conditional_format,
    has_text,
    insert_child,
    mark_formulas,
    next_priority,
    patch_sheet,
    replace_child,
    set_fit_to_page,
    sheet_child,
    with_attributes,
)
from procxl.workbook.rows import Line, StreamedWorkbook
from procxl.workbook.source import FileSource, Source, xml_text_problem
from procxl.workbook.template import (
    FINDING_MARKS,
    PAGE_FOOTER,
    SheetSetup,
    data_look,
    drop_down,
    finding_mark_rules,
    is_finding_mark,
    page_header,
    quote_sheet,
)

COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CONTENT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
DRAWING_CONTENT = "application/vnd.openxmlformats-officedocument.drawing+xml"
CHART_CONTENT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_PROCXL_NAMES = ("_xlnm.Print_Titles", "_xlnm._FilterDatabase", "_xlnm.Print_Area")
"""Defined names of a generated sheet that come and go with it."""


class UnsupportedBook(ProcxlError):
    """A package this writer does not edit (the caller may fall back to another way)."""


@dataclass(slots=True)
class _Header:
    text: str
    like: int  # the column whose header cell's style the new header takes


_UNWRITTEN = object()


class PackageCells:
    """A sheet of the file: its values as read, and the cells procxl writes into it."""

    def __init__(self, rows: list[list[object]], last_column: int) -> None:
        self._rows = rows
        self._last_column = last_column
        # by row, then column: a data cell's value (None clears it) or a new header; a
        # column's data cells all look alike, as `data_looks` gives
        self.edits: dict[int, dict[int, object]] = {}
        self.data_looks: dict[int, tuple[str, bool]] = {}  # by column: one Column each
        self.header_rows: set[int] = set()  # the rows where a new header stands
        self.widths: dict[int, float] = {}
        self.drop_downs: list[bytes] = []  # dataValidation elements to add, as XML
        self.setup: SheetSetup | None = None

    def value(self, row: int, column: int) -> object:
        pending = self.edits.get(row, {}).get(column, _UNWRITTEN)
        if pending is not _UNWRITTEN:
            return pending.text if pending.__class__ is _Header else pending
        if row > len(self._rows) or column > len(self._rows[row - 1]):
            return None
        value = self._rows[row - 1][column - 1]
        return None if value == "" else value

    def last_row(self, columns: Collection[int]) -> int:
        last = max(self.edits, default=0)
        for number in range(len(self._rows), last, -1):
            cells = self._rows[number - 1]
            if any(c <= len(cells) and cells[c - 1] not in (None, "") for c in columns):
                return number
        return last

    def last_column(self) -> int:
        edited = max((max(cells) for cells in self.edits.values() if cells), default=0)
        return max(self._last_column, edited)

    def write(self, row: int, column: int, value: object, kind: Column) -> None:
        if column not in self.data_looks:
            self.data_looks[column] = data_look(kind)
        self.edits.setdefault(row, {})[column] = value

    def write_row(self, row: int, values: Mapping[int, object],
                  kinds: Mapping[int, Column]) -> None:
        for column in values.keys() - self.data_looks.keys():
            self.data_looks[column] = data_look(kinds[column])
        self.edits.setdefault(row, {}).update(values)

    def add_header(self, row: int, column: int, text: str, *, like: int, width: float) -> None:
        self.edits.setdefault(row, {})[column] = _Header(text, like)
        self.header_rows.add(row)
        self.widths[column] = width

    def add_drop_down(self, column: int, kind: Column, first_row: int) -> None:
        validation = drop_down(kind, column, first_row)
        if validation is not None:
            self.drop_downs.append(openpyxl_xml(validation.to_tree()))

    def set_up(self, setup: SheetSetup) -> None:
        self.setup = setup  # added at commit, where the styles and names of the book are


class PackageBook:
    """A `.xlsx`/`.xlsm` file that :meth:`commit` writes back part by part, atomically."""

    def __init__(self, path: Path, source: Source | None = None) -> None:
        self._path = Path(path)
        self.package = Package(self._path)
        self._source = source
        try:
            self._read_workbook()
        except BaseException:
            self.package.close()  # the caller falls back to another way, which replaces it
            raise
        self._cells: dict[str, PackageCells] = {}
        self._scratch: StreamedWorkbook | None = None
        self._placeholders: dict[int, str] = {}

    def _read_workbook(self) -> None:
        rels = self.package.relationships("")
        main = next((r.target for r in rels if r.type == OFFICE_DOCUMENT), None)
        if main is None or main not in self.package:
            raise UnsupportedBook("в книге нет основной части")
        self.workbook_part = main
        self.workbook = parse(self.package.read(main))
        if self.workbook.tag != q("workbook"):
            raise UnsupportedBook("основная часть книги не в пространстве имён SpreadsheetML")
        self.rels = self.package.relationships(main)
        self._sheets = _sheet_entries(self.workbook, self.rels)

    @classmethod
    def open(cls, path: Path, source: Source | None = None) -> PackageBook:
        return cls(path, source)

    def close(self) -> None:
        """Let go of the file without writing (a commit lets go of it too)."""
        self.package.close()

    @property
    def path(self) -> Path:
        return self._path

    def source(self) -> Source:
        if self._source is None:
            self._source = FileSource(self._path)
        return self._source

    def sheet_names(self) -> list[str]:
        return [name for name, _, _ in self._sheets]

    def sheet(self, name: str) -> SheetCells:
        if self._scratch is not None and name in self._scratch.sheetnames and \
                id(self._scratch[name]) not in self._placeholders:
            return OpenpyxlCells(self._scratch[name])
        if name not in self._cells:
            data = self.package.read(self._part(name))
            if b"<sheetData" not in data:  # a sheet written with a namespace prefix
                raise UnsupportedBook(f"Лист «{name}» записан в необычной разметке, и procxl "
                                      "не может его обновить. Откройте книгу в Excel, "
                                      "сохраните её и повторите.")
            self._cells[name] = PackageCells(self.source().rows(name), _dimension_columns(data))
        return self._cells[name]

    def _part(self, name: str) -> str:
        for sheet, _, part in self._sheets:
            if sheet == name and part:
                return part
        raise KeyError(name)

    @contextmanager
    def generated(self) -> Iterator[openpyxl.Workbook]:
        if self._scratch is None:
            scratch = StreamedWorkbook()
            scratch.remove(scratch.active)
            for name, _, _ in self._sheets:
                ws = scratch.create_sheet(name)
                self._placeholders[id(ws)] = name
            self._scratch = scratch
        yield self._scratch

    # Writing ------------------------------------------------------------------------------

    def commit(self) -> None:
        """Write the edits into the file, atomically; every part procxl does not own stays
        byte for byte as it was, or the file is not replaced. The file is let go of either
        way: before it is replaced, or before the whole-book way an unsupported book falls
        back to replaces it."""
        try:
            self._commit()
        finally:
            self.package.close()

    def _commit(self) -> None:
        _Commit(self).run()
        touched = self.package.touched
        # what each part procxl does not own holds, by the checksum and size the zip keeps
        kept = {info.filename: (info.CRC, info.file_size) for info in self.package.infos()
                if info.filename not in touched}

        def inspect(name: str, data: bytes) -> None:
            if name.endswith((".xml", ".rels", ".vml")):
                well_formed(name, data)

        def verify(temp: Path) -> None:
            with zipfile.ZipFile(temp) as saved:
                found = {info.filename: (info.CRC, info.file_size) for info in saved.infolist()}
            for name, fingerprint in kept.items():
                if found.get(name) != fingerprint:
                    raise ProcxlError(
                        f"procxl не стал сохранять «{self._path.name}»: при записи "
                        f"изменилась бы часть книги «{name}», которой procxl не "
                        "касается. Файл не изменён.")
            if set(found) != set(self.package.names()):
                raise ProcxlError(f"procxl не стал сохранять «{self._path.name}»: в записанной "
                                  "книге не те части, что должны быть. Файл не изменён.")

        def write(temp: Path) -> None:
            self.package.save(temp, inspect)
            self.package.close()  # before the file is replaced: Windows refuses an open one

        atomic_write(self._path, write, verify)


def well_formed(name: str, data: bytes) -> None:
    """Read a part written anew through as XML, keeping nothing of it; ProcxlError if
    broken."""
    problem = xml_text_problem((data,))
    if problem:
        raise ProcxlError(f"procxl не стал сохранять книгу: записанная часть «{name}» "
                          f"{problem}. Файл не изменён.")


class _Commit:
    """One commit of a PackageBook: the steps, in order, over shared state."""

    def __init__(self, book: PackageBook) -> None:
        self.book = book
        self.package = book.package
        self.types = ContentTypes(book.package)
        # the styles and shared strings of a book some programs save without them (or with
        # the part but no relationship to it) go beside the main part, where Excel puts
        # them and calamine, procxl's own reader, looks for them whatever the relationships say
        styles_part = next((r.target for r in book.rels if r.type == STYLES_TYPE), None)
        self.styles_related = styles_part is not None
        if styles_part is None:
            styles_part = self._beside_main("styles.xml")
        elif styles_part not in self.package:
            raise UnsupportedBook("в книге нет части стилей")
        self.styles_part = styles_part
        self.styles = Styles(self.package.read(styles_part) if styles_part in self.package
                             else BLANK_STYLES)
        strings_rel = next((r for r in book.rels if r.type == SHARED_STRINGS_TYPE), None)
        self.strings_related = strings_rel is not None
        self.strings_part = (strings_rel.target if strings_rel
                             else self._beside_main("sharedStrings.xml"))
        self.strings = SharedStrings(self.package.read(self.strings_part)
                                     if self.strings_part in self.package else None)
        self.references = 0
        self.looks: dict[tuple[str, bool], int] = {}
        self.drop_calc_chain = False
        self.rels = list(book.rels)
        self.replaced_ids: set[str] = set()
        self.reused: list[str] = []  # part names of replaced generated sheets, to reuse
        self.new_ids: list[int] = []
        self.added_sheets: list[str] = []
        self.previous: list[str] = []  # the part names of the sheet being moved in, before

    def _beside_main(self, name: str) -> str:
        """The part `name` in the main part's folder (`xl/styles.xml`), spelt as the book
        spells it when the book holds it."""
        return self.package.spelt(posixpath.join(posixpath.dirname(self.book.workbook_part),
                                                 name))

    def run(self) -> None:
        for name, cells in self.book._cells.items():
            part = self.book._part(name)
            data = self.package.read(part)
            if cells.edits or cells.widths or cells.drop_downs:
                data = self._patch(data, cells)
            if cells.setup is not None:
                data = self._set_up(name, data, cells.setup)
            self.package.write(part, data)  # once: a large part starts deflating here
        if self.book._scratch is not None:
            self._transplant(self.book._scratch)
        self._finish()

    # The sheets people fill ----------------------------------------------------------

    def _patch(self, data: bytes, cells: PackageCells) -> bytes:
        styles = {column: self._look(look) for column, look in cells.data_looks.items()}
        resolved = dict(cells.edits)
        for row in cells.header_rows:  # a new header looks as the header it stands beside
            resolved[row] = {column: CellValue(edit.text, _cell_style(data, row, edit.like))
                             if edit.__class__ is _Header else edit
                             for column, edit in cells.edits[row].items()}
        result = patch_sheet(data, resolved, self.strings, cells.widths, cells.drop_downs,
                             styles=styles)
        self.references += result.strings
        self.drop_calc_chain |= result.overwrote_formula
        return result.data

    def _set_up(self, name: str, data: bytes, setup: SheetSetup) -> bytes:
        """The sheet's XML `data` with print settings, a filter and the marks of findings,
        each where the sheet has none of its own; what it has stays as it is."""
        index = self.book.sheet_names().index(name)
        names = {element.get("name") for element in _local_names(self.book.workbook, index)}
        if not _has_own_print_setup(data, names):
            data = _add_print_setup(data, setup)
            self._add_name(index, PRINT_TITLES,
                           f"{quote_sheet(name)}!${setup.header_row}:${setup.header_row}")
        if setup.filter_ref and FILTER_DATABASE not in names and \
                sheet_child(data, "autoFilter") is None and not _has_tables(data):
            data = insert_child(data, "autoFilter",
                                f'<autoFilter ref="{setup.filter_ref}"/>'.encode())
            self._add_name(index, FILTER_DATABASE,
                           f"{quote_sheet(name)}!{_absolute(setup.filter_ref)}", hidden=True)
        formulas = mark_formulas(data)
        rules = [(rule.formula[0], self.styles.dxf(_dxf(rule)))
                 for (level, _, _), rule in zip(FINDING_MARKS, finding_mark_rules(name),
                                                strict=True)
                 if not any(is_finding_mark(f, level) for f in formulas)]
        if rules:
            data = insert_child(data, "conditionalFormatting", conditional_format(
                setup.marks_ref, rules, next_priority(data)))
        return data

    def _add_name(self, index: int, name: str, value: str, *, hidden: bool = False) -> None:
        workbook = self.book.workbook
        names = child(workbook, "definedNames")
        if names is None:
            names = etree.SubElement(workbook, q("definedNames"))
            workbook.remove(names)
            _insert_in_order(workbook, names)
        element = etree.SubElement(names, q("definedName"))
        element.set("name", name)
        element.set("localSheetId", str(index))
        if hidden:
            element.set("hidden", "1")
        element.text = value

    def _look(self, look: tuple[str, bool]) -> int:
        if look not in self.looks:
            self.looks[look] = self._make_look(look)
        return self.looks[look]

    def _make_look(self, look: tuple[str, bool]) -> int:
        number_format, wrap = look
        alignment = etree.Element(q("alignment"), nsmap={None: MAIN})
        alignment.set("vertical", "top")
        if wrap:
            alignment.set("wrapText", "1")
        return self.styles.xf(None, None, None, number_format, alignment)

    # The generated sheets ------------------------------------------------------------

    def _transplant(self, scratch: StreamedWorkbook) -> None:
        # the looks of the streamed rows among the scratch book's formats, before it is saved
        looks: dict[int, int] = {}
        for lines in scratch.streamed.values():
            for line in lines:
                for _, _, style in line.cells:
                    if id(style) not in looks:
                        looks[id(style)] = scratch.style_index(style)
        buffer = io.BytesIO()
        scratch.save(buffer)
        made = Package(buffer)
        try:
            made_workbook = parse(made.read("xl/workbook.xml"))
            parts = {name: part for name, _, part in
                     _sheet_entries(made_workbook, made.relationships("xl/workbook.xml"))}
            foreign = ForeignStyles(made.read("xl/styles.xml"))
            made_names = _defined_names(made_workbook)
            styles: dict[int, int] = {}
            dxfs: dict[int, int] = {}
            order: list[etree._Element] = []
            new_index: dict[str, int] = {}
            existing = {text.fold(name): (element, part)
                        for name, element, part in self.book._sheets}
            transplanted: dict[str, str] = {}  # sheet name -> part
            for index, ws in enumerate(scratch.worksheets):
                if id(ws) in self.book._placeholders:
                    element = existing[text.fold(ws.title)][0]
                    order.append(element)
                    new_index[ws.title] = index
                    continue
                found = existing.get(text.fold(ws.title))
                if found is not None:
                    element, part = found
                    self.previous = self._drop_sheet_parts(part)
                    self.replaced_ids.add(element.get("sheetId", ""))
                else:
                    self.previous = []
                    part = self.package.fresh_name("xl/worksheets/sheet{}.xml")
                    element = self._new_sheet_entry(ws.title, part)
                order.append(element)
                new_index[ws.title] = index
                transplanted[ws.title] = part
                self._move_in(made, parts[ws.title], part, foreign, styles, dxfs)
                lines = scratch.streamed.get(ws.title)
                if lines:
                    self._stream_rows(part, lines, looks, foreign, styles)
                self.types.override(part, WORKSHEET_CONTENT)
            self._reorder_sheets(order)
            self._rename_defined_names(order, transplanted, made_names, new_index)
        finally:
            made.close()

    def _drop_sheet_parts(self, part: str) -> list[str]:
        """Forget a generated sheet's old relationships and the parts only they used; the
        names of those parts."""
        targets = [r.target for r in self.package.relationships(part) if not r.external]
        # the charts of a drawing: their names are reused too, and their types forgotten
        nested = [r.target for target in targets
                  for r in self.package.relationships(target) if not r.external]
        self.package.drop(rels_name(part))
        still = self.package.referenced()
        for target in targets:
            if target not in still:
                self.package.drop_with_orphans(target)
        dropped = targets + [n for n in nested if n not in self.package]
        self.reused += dropped
        return dropped

    def _new_sheet_entry(self, name: str, part: str) -> etree._Element:
        rel = Relationship(_fresh_id(self.rels), WORKSHEET_TYPE, part, False)
        self.rels.append(rel)
        sheet_ids = [int(e.get("sheetId", "0")) for _, e, _ in self.book._sheets]
        new_id = max([*sheet_ids, *self.new_ids], default=0) + 1
        self.new_ids.append(new_id)
        # made inside <sheets>, so that r:id takes the prefix the book declares
        sheets = child(self.book.workbook, "sheets")
        assert sheets is not None
        element = etree.SubElement(sheets, q("sheet"))
        element.set("name", name)
        element.set("sheetId", str(new_id))
        element.set(f"{{{REL}}}id", rel.id)
        self.added_sheets.append(name)
        return element

    def _move_in(self, made: Package, source: str, part: str, foreign: ForeignStyles,
                 styles: dict[int, int], dxfs: dict[int, int]) -> None:
        xml = made.read(source)

        def style(match: re.Match[bytes]) -> bytes:
            old = int(match.group(2))
            if old not in styles:
                styles[old] = foreign.copy_xf(old, self.styles)
            return match.group(1) + str(styles[old]).encode() + match.group(3)

        def dxf(match: re.Match[bytes]) -> bytes:
            old = int(match.group(1))
            if old not in dxfs:
                dxfs[old] = foreign.copy_dxf(old, self.styles)
            return b'dxfId="' + str(dxfs[old]).encode() + b'"'

        def shared(match: re.Match[bytes]) -> bytes:
            index = self.strings.index(match.group(3))
            self.references += 1
            return (b"<c" + match.group(1) + b't="s"' + match.group(2) + b"><v>"
                    + str(index).encode() + b"</v></c>")

        xml = re.sub(rb'(<c\b[^>]*?\bs=")(\d+)(")', style, xml)
        xml = re.sub(rb'(<row\b[^>]*?\bs=")(\d+)(")', style, xml)
        xml = re.sub(rb'(<col\b[^>]*?\bstyle=")(\d+)(")', style, xml)
        xml = re.sub(rb'dxfId="(\d+)"', dxf, xml)
        xml = _canonical(xml)  # once for the whole sheet, not string by string
        xml = re.sub(rb'<c\b([^>]*?)t="inlineStr"([^>]*)><is><t(?: xml:space="preserve")?>'
                     rb"(.*?)</t></is></c>", shared, xml, flags=re.S)
        self.package.write(part, xml)
        rels = []
        for rel in made.relationships(source):
            if rel.type.endswith("/comments"):
                target = self._part_name("xl/comments{}.xml", "comments")
                self.types.override(target, COMMENTS_CONTENT)
            elif rel.type.endswith("/vmlDrawing"):
                target = self._part_name("xl/drawings/vmlDrawing{}.vml", "vmlDrawing")
                self.types.ensure_default("vml", VML_CONTENT)
            elif rel.type.endswith("/drawing"):
                target = self._move_drawing(made, rel.target)
                rels.append(Relationship(rel.id, rel.type, target, False))
                continue
            else:
                raise UnsupportedBook(f"лист procxl ссылается на часть вида {rel.type}")
            self.package.write(target, made.read(rel.target))
            rels.append(Relationship(rel.id, rel.type, target, False))
        if rels:
            self.package.write_relationships(part, rels)

    def _move_drawing(self, made: Package, source: str) -> str:
        """A generated sheet's drawing and the charts on it, under fresh part names (a
        second update gives them the names the first did); the drawing's part name."""
        target = self._part_name("xl/drawings/drawing{}.xml", "drawings/drawing",
                                 self.previous)
        self.types.override(target, DRAWING_CONTENT)
        self.package.write(target, made.read(source))
        rels = []
        for rel in made.relationships(source):
            if not rel.type.endswith("/chart"):
                raise UnsupportedBook(f"рисунок листа procxl ссылается на часть вида {rel.type}")
            chart = self._part_name("xl/charts/chart{}.xml", "charts/chart", self.previous)
            self.types.override(chart, CHART_CONTENT)
            self.package.write(chart, made.read(rel.target))
            rels.append(Relationship(rel.id, rel.type, chart, False))
        self.package.write_relationships(target, rels)
        return target

    def _stream_rows(self, part: str, lines: list[Line], looks: dict[int, int],
                     foreign: ForeignStyles, styles: dict[int, int]) -> None:
        """Put a generated sheet's streamed rows into its sheet XML, after the rows drawn
        with openpyxl (its title and header)."""
        def style(scratch_style: object) -> int:
            old = looks[id(scratch_style)]
            if old not in styles:
                styles[old] = foreign.copy_xf(old, self.styles)
            return styles[old]

        edits = {line.number: {column: CellValue(value, style(look))
                               for column, value, look in line.cells} for line in lines}
        heights = {line.number: line.height for line in lines if line.height is not None}
        result = patch_sheet(self.package.read(part), edits, self.strings, heights=heights)
        self.references += result.strings
        self.package.write(part, result.data)

    def _part_name(self, pattern: str, kind: str, among: list[str] | None = None) -> str:
        """A name for a part of a generated sheet: the one its previous version had, so that
        an update after an update changes nothing, or else a fresh one. `among`, when
        given, are the only names to take again: those the same sheet had (a drawing or
        chart, not another sheet's dropped one)."""
        for name in self.reused if among is None else among:
            if kind in name and name not in self.package and name in self.reused:
                self.reused.remove(name)
                return name
        return self.package.fresh_name(pattern)

    def _reorder_sheets(self, order: list[etree._Element]) -> None:
        sheets = child(self.book.workbook, "sheets")
        assert sheets is not None
        current = list(sheets)
        if current == order:
            return
        for element in current:
            sheets.remove(element)
        for element in order:
            sheets.append(element)
        views = child(self.book.workbook, "bookViews")
        view = child(views, "workbookView") if views is not None else None
        position = {id(e): i for i, e in enumerate(order)}
        if view is not None:
            for attribute in ("activeTab", "firstSheet"):
                value = view.get(attribute)
                if value is not None and value.isdigit() and int(value) < len(current):
                    moved = position.get(id(current[int(value)]))
                    if moved is not None:
                        view.set(attribute, str(moved))

    def _rename_defined_names(self, order: list[etree._Element],
                              transplanted: dict[str, str],
                              made_names: list[tuple[str, int, str, dict[str, str]]],
                              made_index: dict[str, int]) -> None:
        workbook = self.book.workbook
        names = child(workbook, "definedNames")
        previous = [element for _, element, _ in self.book._sheets]
        position = {id(e): i for i, e in enumerate(order)}
        replaced = {text.fold(n) for n in transplanted}
        if names is not None:
            for element in list(names):
                local = element.get("localSheetId")
                if local is None or not local.isdigit() or int(local) >= len(previous):
                    continue
                sheet = previous[int(local)]
                if text.fold(sheet.get("name", "")) in replaced and \
                        element.get("name") in _PROCXL_NAMES:
                    names.remove(element)
                    continue
                element.set("localSheetId", str(position[id(sheet)]))
        by_scratch_index = {i: n for n, i in made_index.items()}
        additions: list[tuple[str, dict[str, str], str]] = []
        for name, local, value, attributes in made_names:
            sheet = by_scratch_index.get(local)
            if sheet is None or sheet not in transplanted:
                continue
            additions.append((name, {**attributes, "localSheetId": str(made_index[sheet])},
                              value))
        if additions:
            if names is None:
                names = etree.SubElement(workbook, q("definedNames"))
                workbook.remove(names)
                _insert_in_order(workbook, names)
            for name, attributes, value in additions:
                element = etree.SubElement(names, q("definedName"))
                element.set("name", name)
                for key, item in attributes.items():
                    element.set(key, item)
                element.text = value
        if names is not None and not len(names):
            workbook.remove(names)

    # Shared parts --------------------------------------------------------------------

    def _finish(self) -> None:
        package = self.package
        if self.drop_calc_chain or self.replaced_ids:
            self._maybe_drop_calc_chain()
        if self.styles.changed and self.styles.formats > MAX_FORMATS:
            raise ProcxlError(
                f"procxl не стал сохранять «{self.book.path.name}»: в книге стало бы "
                f"{text.thousands(self.styles.formats)} форматов ячеек, а Excel без "
                "«восстановления», при котором теряется оформление, открывает книги, где их "
                f"не больше {text.thousands(MAX_FORMATS)}. Удалите из книги лишние стили "
                "(их часто приносят листы, скопированные из других книг) и повторите. Файл "
                "не изменён.")
        if self.styles.changed or not self.styles_related:
            package.write(self.styles_part, self.styles.data())
            if not self.styles_related:
                self.rels.append(Relationship(_fresh_id(self.rels), STYLES_TYPE,
                                              self.styles_part, False))
                self.types.override(self.styles_part, STYLES_CONTENT)
        if self.strings.changed and (self.references or not self.strings.created):
            package.write(self.strings_part, self.strings.bytes(self.references))
            if not self.strings_related:
                self.rels.append(Relationship(_fresh_id(self.rels), SHARED_STRINGS_TYPE,
                                              self.strings_part, False))
                self.types.override(self.strings_part, SHARED_STRINGS_CONTENT)
        if self.rels != self.book.rels:
            package.write_relationships(self.book.workbook_part, self.rels)
        package.write(self.book.workbook_part, serialise(self.book.workbook))
        for name in self.reused:
            if name not in package:
                self.types.remove(name)
        if self.added_sheets:
            _add_to_app_properties(package, self.added_sheets,
                                   [e.get("name", "") for e in
                                    child(self.book.workbook, "sheets")])
        self.types.flush()

    def _maybe_drop_calc_chain(self) -> None:
        rel = next((r for r in self.rels if r.type == CALC_CHAIN_TYPE), None)
        if rel is None or rel.target not in self.package:
            return
        chain = self.package.read(rel.target)
        ids = set(re.findall(rb'\bi="(\d+)"', chain))
        if self.drop_calc_chain or {i.encode() for i in self.replaced_ids} & ids:
            # Excel rebuilds the calculation chain; a chain naming a formula cell that is no
            # longer one makes it repair the book
            self.package.drop(rel.target)
            self.types.remove(rel.target)
            self.rels = [r for r in self.rels if r is not rel]


# Helpers ---------------------------------------------------------------------------------

def _fresh_id(rels: list[Relationship]) -> str:
    taken = {r.id for r in rels}
    number = len(taken) + 1
    while f"rId{number}" in taken:
        number += 1
    return f"rId{number}"


_CHARREF = re.compile(rb"&#(\d+);")


@functools.cache
def _character(number: bytes) -> bytes:
    code = int(number)
    if code < 128:  # markup characters keep their reference
        return b"&#" + number + b";"
    return chr(code).encode("utf-8")


def _canonical(escaped: bytes) -> bytes:
    """Escaped XML text in one spelling: numeric references to non-ASCII characters (as
    openpyxl writes every Cyrillic letter) as the UTF-8 characters Excel writes."""
    if b"&#" not in escaped:
        return escaped
    return _CHARREF.sub(lambda match: _character(match.group(1)), escaped)


def _cell_style(data: bytes, row: int, column: int) -> int:
    ref = f"{column_letter(column)}{row}".encode()
    match = re.search(rb'<c\b[^>]*\br="' + ref + rb'"[^>]*>', data)
    if match is None:
        return 0
    style = re.search(rb'\bs="(\d+)"', match.group(0))
    return int(style.group(1)) if style else 0


def _dimension_columns(data: bytes) -> int:
    """The last column the sheet's dimension names; 0 when it names none."""
    match = re.search(rb'<dimension\b[^>]*\bref="([^"]*)"', data[:4096])
    if match is None:
        return 0
    try:
        return parse_a1(match.group(1).decode().split(":")[-1])[1]
    except ValueError:
        return 0


PRINT_TITLES, FILTER_DATABASE, PRINT_AREA = _PROCXL_NAMES[0], _PROCXL_NAMES[1], _PROCXL_NAMES[2]


def _local_names(workbook: etree._Element, index: int) -> list[etree._Element]:
    """The defined names of the sheet at `index` (its print titles, area, filter)."""
    names = child(workbook, "definedNames")
    return [e for e in (names if names is not None else [])
            if e.get("localSheetId") == str(index)]


def _has_own_print_setup(data: bytes, names: Collection[str | None]) -> bool:
    """True when the sheet has print settings procxl's earlier templates did not give it
    (paper and orientation were all they set): fitting to pages, a scale, rows or columns
    repeated, a print area, a page header or footer that says something."""
    if PRINT_TITLES in names or PRINT_AREA in names:
        return True
    properties = sheet_child(data, "sheetPr") or b""
    fit = re.search(rb"<pageSetUpPr\b[^>]*>", properties)
    if fit is not None and attribute(fit.group(0), "fitToPage") in ("1", "true"):
        return True
    setup = sheet_child(data, "pageSetup")
    if setup is not None and attribute(setup, "scale") not in (None, "100"):
        return True
    header_footer = sheet_child(data, "headerFooter")
    return header_footer is not None and has_text(header_footer)


def _add_print_setup(data: bytes, setup: SheetSetup) -> bytes:
    """A4 unless the sheet names its paper, its own orientation or the standard's, one page
    wide, and the page header and footer of a new book's sheet."""
    data = set_fit_to_page(data)
    current = sheet_child(data, "pageSetup") or b"<pageSetup/>"
    values = {"fitToWidth": "1", "fitToHeight": "0"}
    if attribute(current, "paperSize") is None:
        values["paperSize"] = "9"
    if attribute(current, "orientation") is None:
        values["orientation"] = "landscape" if setup.wide else "portrait"
    data = replace_child(data, "pageSetup", with_attributes(current, values))
    left, right = page_header(setup.organisation)
    header = text.xml_escaped(f"&L{left}&R{right}" if left else f"&R{right}")
    footer = text.xml_escaped(f"&C{PAGE_FOOTER}")
    return replace_child(data, "headerFooter", (
        f"<headerFooter><oddHeader>{header}</oddHeader>"
        f"<oddFooter>{footer}</oddFooter></headerFooter>").encode())


def _has_tables(data: bytes) -> bool:
    """True when the sheet holds a table (a list object): it has a filter of its own, and
    Excel refuses a sheet's filter beside it."""
    parts = sheet_child(data, "tableParts")
    return parts is not None and b"tablePart" in parts[len(b"<tableParts"):]


def _dxf(rule: Rule) -> etree._Element:
    """The look of a conditional-format rule as a `dxf` of the book's styles."""
    xml = openpyxl_xml(rule.dxf.to_tree())
    return parse(b'<dxf xmlns="' + MAIN.encode() + b'"' + xml[len(b"<dxf"):])


def _absolute(ref: str) -> str:
    """`A1:D17` as `$A$1:$D$17`."""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", end) for end in ref.split(":"))


def _sheet_entries(workbook: etree._Element, rels: list[Relationship]
                   ) -> list[tuple[str, etree._Element, str]]:
    """A book's sheets in order: name, element of `workbook.xml`, and worksheet part ('' for
    a sheet of another kind, such as a chart sheet)."""
    by_id = {r.id: r for r in rels}
    sheets = child(workbook, "sheets")
    entries = []
    for element in sheets if sheets is not None else []:
        rel = by_id.get(element.get(f"{{{REL}}}id", ""))
        part = rel.target if rel is not None and rel.type == WORKSHEET_TYPE else ""
        entries.append((element.get("name", ""), element, part))
    return entries


def _defined_names(workbook: etree._Element) -> list[tuple[str, int, str, dict[str, str]]]:
    names = child(workbook, "definedNames")
    found = []
    for element in names if names is not None else []:
        local = element.get("localSheetId")
        if local is None:
            continue
        extra = {k: v for k, v in element.attrib.items() if k not in ("name", "localSheetId")}
        found.append((element.get("name", ""), int(local), element.text or "", extra))
    return found


_WORKBOOK_ORDER = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection",
                   "bookViews", "sheets", "functionGroups", "externalReferences",
                   "definedNames", "calcPr", "oleSize", "customWorkbookViews", "pivotCaches",
                   "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr",
                   "webPublishObjects", "extLst")


def _insert_in_order(workbook: etree._Element, element: etree._Element) -> None:
    later = _WORKBOOK_ORDER[_WORKBOOK_ORDER.index(etree.QName(element).localname) + 1:]
    for index, existing in enumerate(workbook):
        if isinstance(existing.tag, str) and etree.QName(existing).localname in later:
            workbook.insert(index, element)
            return
    workbook.append(element)


_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def _add_to_app_properties(package: Package, added: list[str], sheets: list[str]) -> None:
    """List new sheets in `docProps/app.xml` as Excel does; a part of another shape is left
    as it is (Excel reads nothing from it)."""
    name = "docProps/app.xml"
    if name not in package:
        return
    root = parse(package.read(name))
    pairs = root.find(f"{{{_EP}}}HeadingPairs/{{{_VT}}}vector")
    titles = root.find(f"{{{_EP}}}TitlesOfParts/{{{_VT}}}vector")
    if pairs is None or titles is None or len(pairs) < 2:
        return
    count = pairs[1].find(f"{{{_VT}}}i4")
    if count is None or not (count.text or "").isdigit():
        return
    listed = int(count.text or "0")
    old = [t.text or "" for t in titles][:listed]
    if [s for s in sheets if s not in added] != old:
        return
    for element in list(titles)[:listed]:
        titles.remove(element)
    for index, sheet in enumerate(sheets):
        item = etree.Element(f"{{{_VT}}}lpstr")
        item.text = sheet
        titles.insert(index, item)
    titles.set("size", str(len(titles)))
    count.text = str(len(sheets))
    package.write(name, serialise(root))


__all__ = ["MAIN", "PackageBook", "UnsupportedBook"]
