"""Where raw cell values come from: a workbook file, a live book, or rows kept in memory.

The reader sees a workbook only through :class:`Source`, so that the live workbook inside
Excel can feed the same model as a file does. A file is opened with python-calamine (fast);
before that, it is looked at as a zip so that unusable input gets one clear sentence.
"""

from __future__ import annotations

import functools
import io
import os
import queue
import re
import stat
import threading
import zipfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from xml.etree.ElementTree import Element, ParseError

import python_calamine
from defusedxml.ElementTree import fromstring
from lxml import etree

from procxl.errors import UnusableInput
from procxl.model import column_letter, parse_a1
from procxl.workbook import sparse
from procxl.workbook.ahead import Ahead
from procxl.workbook.opc import (
    ARCHIVE_DAMAGE,
    MAIN,
    OFFICE_DOCUMENT,
    PKG_REL,
    REL,
    SHARED_STRINGS_TYPE,
    STYLES_TYPE,
    Relationship,
    rels_name,
    resolve,
)

MAX_UNPACKED_BYTES = 512 * 1024 * 1024
"""The most a workbook may unpack to; past that it is refused, not read (zip bombs)."""

MAX_ROWS = 200_000
MAX_COLUMNS = 200
"""The most rows and columns procxl reads from one sheet: far above any real process model."""
LOOK_IN_PASS = 64 * 2**20
"""The largest worksheet part read whole in the pass that proves every part well formed, to
learn there what calamine needs known before it parses; a larger one goes through that pass
in pieces, as other parts do, and is looked at only if the sheet is read (a user's own
sheet of hundreds of megabytes is then never held whole)."""
MAX_CELLS = 3_000_000
"""The largest rectangle of a sheet calamine is given: a sheet whose values span more (a lone
value far below or to the right of the table) is read cell by cell instead, since calamine
would allocate every cell of the rectangle up to that value."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOOK = "the book"  # the key of the job that opens the book with calamine
_WORKBOOK = "xl/workbook.xml"  # where Excel and nearly every program after it put the main part
_NS_MAIN = f"{{{MAIN}}}"
# Excel's "Strict Open XML Spreadsheet" (ISO/IEC 29500 strict): the same parts in other
# namespaces, which neither this reader nor the part writer knows
_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_NS_REL = f"{{{REL}}}"
_CELL = sparse.CELL
_REF_ATTR = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_VALUE = re.compile(rb"<v>[^<]+</v>")
_STRING_TYPE = re.compile(rb'\bt="str"')
_ERROR_TYPE = re.compile(rb'\bt="e"')

Range = tuple[int, int, int, int]
"""A merged range as 1-based (first row, first column, last row, last column)."""


class Source(Protocol):
    """The raw contents of a workbook, as the reader needs them."""

    @property
    def name(self) -> str:
        """The workbook's name for messages (a file name)."""
        ...

    def sheet_names(self) -> list[str]: ...

    def expect(self, sheets: Sequence[str]) -> None:
        """The sheets about to be read, in the order they will be: a source may start on
        them early. Nothing else changes with it."""
        ...

    def rows(self, sheet: str) -> list[list[object]]:
        """The sheet's values from A1: str, int, float, bool, date/datetime; '' or None if empty."""
        ...

    def merged_ranges(self, sheet: str) -> list[Range]: ...

    def uncached_formulas(self, sheet: str) -> list[str]:
        """A1 addresses of formulas saved without a value (by a program that does not calculate)."""
        ...


class MemorySource:
    """Rows kept in memory: for tests, and for books that arrive as values (the live Excel)."""

    def __init__(
        self,
        sheets: Mapping[str, Sequence[Sequence[object]]],
        name: str = "книга",
        merged: Mapping[str, Sequence[Range]] | None = None,
        uncached: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self._sheets = {k: [list(r) for r in v] for k, v in sheets.items()}
        self._name = name
        self._merged = dict(merged or {})
        self._uncached = dict(uncached or {})

    @classmethod
    def holding(cls, sheets: Mapping[str, list[list[object]]], name: str,
                merged: Mapping[str, Sequence[Range]], uncached: Mapping[str, Sequence[str]]
                ) -> MemorySource:
        """A source of `sheets` as they are, not copied: for rows nobody changes after
        (the update's book as saved, which would otherwise hold every row twice)."""
        source = cls({}, name, merged, uncached)
        source._sheets = dict(sheets)
        return source

    @property
    def name(self) -> str:
        return self._name

    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def expect(self, sheets: Sequence[str]) -> None:
        pass  # already in memory

    def rows(self, sheet: str) -> list[list[object]]:
        return self._sheets[sheet]

    def merged_ranges(self, sheet: str) -> list[Range]:
        return list(self._merged.get(sheet, ()))

    def uncached_formulas(self, sheet: str) -> list[str]:
        return list(self._uncached.get(sheet, ()))


class FileSource:
    """A `.xlsx` or `.xlsm` file, read with python-calamine."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._main = _check_archive(self.path)  # the main part, found once for all below
        # calamine opens the book (its shared strings, its styles) on a thread of its own
        # while every part is proven well formed here; what it finds wrong is told after
        self._opening = Ahead([(_BOOK, self._open_book)])
        self._parts, self._looks = _open_package(self.path, self._main)
        self._ahead: Ahead | None = None
        self._facts: dict[str, _SheetFacts] = {}
        self._parsed: dict[str, python_calamine.CalamineSheet] = {}
        self._xml_cache: dict[str, bytes] = {}
        self._rows: dict[str, list[list[object]]] = {}

    def _open_book(self) -> tuple[python_calamine.CalamineWorkbook, list[str]]:
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except python_calamine.PasswordError:
            raise _unusable(self.path, "книга защищена паролем; снимите пароль и сохраните "
                            "её заново") from None
        except Exception as exc:  # calamine reports damage through several exception types
            opened = _without_unread_sheets(self.path, self._main)
            if opened is None:
                raise _unusable(self.path, "файл повреждён или это не книга Excel") from exc
            return opened
        return book, list(book.sheet_names)

    def _opened(self) -> tuple[python_calamine.CalamineWorkbook, list[str]]:
        opened = self._opening.take(_BOOK)
        assert isinstance(opened, tuple)
        return opened

    @property
    def name(self) -> str:
        return self.path.name

    def sheet_names(self) -> list[str]:
        return list(self._opened()[1])

    def expect(self, sheets: Sequence[str]) -> None:
        """Parse `sheets` ahead, in this order, on a thread of their own: calamine parses
        with the interpreter lock released, so each sheet is parsed while the reader makes
        records of the one before. Asked once; a sheet not among them is parsed when asked."""
        if self._ahead is not None:
            return
        self._opened()  # tells now what calamine found wrong in opening the book
        sheets = [sheet for sheet in dict.fromkeys(sheets) if sheet in self._parts]
        self._ahead = Ahead([(sheet, functools.partial(self._prepare, sheet))
                             for sheet in sheets], after=self._opening)

    def _prepare(self, sheet: str) -> None:
        """The sheet parsed by calamine, ahead; a sheet read cell by cell is left to the
        caller. Nearly all of it runs without the interpreter lock: what the sheet's XML
        had to tell was learnt in the pass that proved it well formed."""
        if not self._is_sparse(sheet):
            self._parse(sheet)

    def _await(self, sheet: str) -> None:
        """Wait until the sheet is prepared ahead, when it is expected; otherwise until all
        the expected sheets are (calamine's book serves one thread at a time)."""
        if self._ahead is None:
            return
        if sheet in self._ahead:
            self._ahead.take(sheet)  # raises what preparing it raised
        else:
            self._ahead.finish()

    def rows(self, sheet: str) -> list[list[object]]:
        if sheet not in self._rows:  # kept: `update` asks again for the sheets it left alone
            self._await(sheet)
            self._rows[sheet] = self._read_rows(sheet)
        return self._rows[sheet]

    def _read_rows(self, sheet: str) -> list[list[object]]:
        if self._is_sparse(sheet):
            return self._sparse_rows(sheet)
        data = self._sheet(sheet)
        try:
            rows = data.to_python(skip_empty_area=False)
        except Exception as exc:
            raise self._damaged(sheet) from exc
        for (row, column), error in self._scan(sheet).errors.items():
            # calamine reads error cells as empty; put back what Excel shows
            if row <= len(rows):
                cells = rows[row - 1]
                cells.extend([""] * (column - len(cells)))
                cells[column - 1] = error
        return rows

    def merged_ranges(self, sheet: str) -> list[Range]:
        self._await(sheet)
        if self._is_sparse(sheet):
            return sparse.merged_ranges(self._xml(sheet))
        ranges = self._sheet(sheet).merged_cell_ranges or []
        return [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in ranges]

    def _sheet(self, sheet: str) -> python_calamine.CalamineSheet:
        """The parsed sheet, parsed once: calamine reads the whole sheet on every lookup."""
        self._await(sheet)
        return self._parse(sheet)

    def _parse(self, sheet: str) -> python_calamine.CalamineSheet:
        if sheet not in self._parsed:
            self._is_sparse(sheet)  # refuses a far value before calamine allocates for it
            try:
                data = self._opened()[0].get_sheet_by_name(sheet)
            except Exception as exc:  # calamine parses the sheet's XML here
                raise self._damaged(sheet) from exc
            if data.height > MAX_ROWS or data.width > MAX_COLUMNS:
                raise _unusable(
                    self.path,
                    f"лист «{sheet}» слишком велик ({data.height} строк, {data.width} "
                    f"колонок); procxl читает до {MAX_ROWS} строк и {MAX_COLUMNS} колонок — "
                    "удалите лишнее",
                )
            self._parsed[sheet] = data
        return self._parsed[sheet]

    def _xml(self, sheet: str) -> bytes:
        """The sheet's XML, unzipped once more for what reads it beside calamine: the
        cell-by-cell reading of a sparse sheet, the scan for formulas and error cells."""
        if sheet not in self._xml_cache:
            with zipfile.ZipFile(self.path) as package:
                self._xml_cache[sheet] = package.read(self._parts[sheet])
        return self._xml_cache[sheet]

    def _is_sparse(self, sheet: str) -> bool:
        """Whether the sheet is read cell by cell rather than by calamine: its values span a
        rectangle larger than MAX_CELLS (a stray value far from the table). A value beyond
        MAX_ROWS or MAX_COLUMNS is UnusableInput, found before anything is allocated."""
        look = self._look_of(sheet)
        if look is None:
            return False
        if look.far is not None:
            raise _unusable(self.path, f"на листе «{sheet}» заполнена ячейка {look.far}, далеко "
                            f"за пределами таблицы (procxl читает до {MAX_ROWS} строк и "
                            f"{MAX_COLUMNS} колонок); очистите её и сохраните книгу")
        return look.sparse

    def _look_of(self, sheet: str) -> _Look | None:
        """What the sheet's XML tells before calamine parses it: learnt in the
        well-formedness pass, or now for a sheet too large to be read whole there. None
        for a name that is no worksheet of the book."""
        part = self._parts.get(sheet)
        if part is None:
            return None
        if part not in self._looks:
            self._looks[part] = _look(self._xml(sheet))
        return self._looks[part]

    def _sparse_rows(self, sheet: str) -> list[list[object]]:
        with zipfile.ZipFile(self.path) as package:
            strings_part, styles_part = _shared_parts(package, self._main)
            try:
                return sparse.rows(self._xml(sheet),
                                   sparse.shared_strings(package, strings_part),
                                   sparse.date_styles(package, styles_part))
            except (ParseError, ValueError) as exc:
                raise self._damaged(sheet) from exc

    def _damaged(self, sheet: str) -> UnusableInput:
        return _unusable(self.path, f"лист «{sheet}» повреждён или содержит недопустимую "
                         "разметку и не читается")

    def uncached_formulas(self, sheet: str) -> list[str]:
        self._await(sheet)
        return self._scan(sheet).uncached

    def _scan(self, sheet: str) -> _SheetFacts:
        """What calamine does not tell: formulas saved without a value, and error cells."""
        if sheet in self._facts:
            return self._facts[sheet]
        facts = _SheetFacts([], {})
        look = self._look_of(sheet)
        if look is not None and look.marked:
            xml = self._xml(sheet)
            for attrs, body in _CELL.findall(xml):
                ref = _REF_ATTR.search(attrs)
                if not ref or not body:
                    continue
                if b"<f" in body and not _has_value(attrs, body):
                    facts.uncached.append(ref.group(1).decode())
                error = _VALUE.search(body) if _ERROR_TYPE.search(attrs) else None
                if error:
                    facts.errors[parse_a1(ref.group(1).decode())] = (
                        error.group(0)[3:-4].decode()
                    )
        self._facts[sheet] = facts
        self._xml_cache.pop(sheet, None)  # the reader is done with the sheet's XML
        return facts


@dataclass
class _SheetFacts:
    uncached: list[str]
    errors: dict[tuple[int, int], str]  # (row, column), 1-based -> "#N/A"


@dataclass(frozen=True)
class _Look:
    """What a worksheet part's XML tells before calamine parses it, learnt in the pass
    that proves the part well formed: the sheet is then never unzipped again for it."""

    far: str | None  # the address of a value beyond MAX_ROWS or MAX_COLUMNS
    sparse: bool  # its values span more than MAX_CELLS: read cell by cell, not by calamine
    marked: bool  # it holds a formula or an error cell, which calamine does not tell


def _look(xml: bytes) -> _Look:
    rows = last_value_row(xml)
    return _Look(
        far=far_value_cell(xml),
        # the widest column (no wider than MAX_COLUMNS, or `far` says so) matters only on
        # a long sheet
        sparse=rows * MAX_COLUMNS > MAX_CELLS and rows * last_value_column(xml) > MAX_CELLS,
        # `<f>` or `<f ` is a formula; a bare `<f` would also match the `<formula1>` of
        # every drop-down and send each such sheet through the cell-by-cell scan
        marked=b"<f>" in xml or b"<f " in xml or b't="e"' in xml,
    )


_FAR_COLUMN = re.compile(rb'<c r="((?:[A-Z]{3,}|[H-Z][A-Z]|G[S-Z])[0-9]+)"')
_FAR_ROW = re.compile(rb'<c r="([A-Z]+(?:[0-9]{7,}|[2-9][0-9]{5}))"')
_CELL_END = re.compile(rb"/>|</c>")
assert column_letter(MAX_COLUMNS) == "GR" and MAX_ROWS == 200_000  # the patterns above


def far_value_cell(xml: bytes) -> str | None:
    """The A1 address of a cell holding a value beyond MAX_ROWS or MAX_COLUMNS, or None.

    Only cells with a value count: an empty cell that carries formatting costs nothing.
    """
    for pattern in (_FAR_COLUMN, _FAR_ROW):
        for match in pattern.finditer(xml):
            ref = match.group(1).decode()
            row, column = parse_a1(ref)
            if row <= MAX_ROWS and column <= MAX_COLUMNS:
                continue
            end = _CELL_END.search(xml, match.end())
            body = xml[match.end():end.end()] if end else b""
            if _holds_value(body) or b"<f" in body:
                return ref
    return None


def _holds_value(xml: bytes) -> bool:
    """Whether a piece of sheet XML has a cell value in it (a saved or an inline one)."""
    return b"<v>" in xml or b"<v " in xml or b"<is>" in xml


_ROW_START = re.compile(rb'<row\b[^>]*?\br="([0-9]+)"')
_VALUE_COLUMN = re.compile(rb'<c r="([A-Z]+)[0-9]+"[^>]*(?<!/)>(?:<f\b[^>]*(?:/>|>[^<]*</f>))?'
                           rb"<(?:v|is)\b")


def last_value_row(xml: bytes) -> int:
    """The last row holding a value, read from the XML; 0 for a sheet without values."""
    end = len(xml)
    while True:
        start = xml.rfind(b"<row", 0, end)
        if start < 0:
            return 0
        if _holds_value(xml[start:end]):
            match = _ROW_START.match(xml, start)
            return int(match.group(1)) if match else 0
        end = start


def last_value_column(xml: bytes) -> int:
    """The last column holding a value in any row, read from the XML (1 when none does)."""
    letters = set(_VALUE_COLUMN.findall(xml))
    widest = max(letters, key=lambda found: (len(found), found), default=b"A").decode()
    return parse_a1(f"{widest}1")[1]


def _has_value(attrs: bytes, body: bytes) -> bool:
    """Whether a formula cell was saved with its result (an empty text result counts)."""
    return bool(_VALUE.search(body)) or bool(_STRING_TYPE.search(attrs))


_MACRO_SHEETS = ("/xlMacrosheet", "/xlIntlMacrosheet", "/dialogsheet")
"""The relationship types, by their ends, of the sheets of Excel 4.0 macros and Excel 5.0
dialogs: sheets of a book Excel still opens, which calamine refuses to open a book with."""
_SHEET_ELEMENT = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?/>")
_RELATIONSHIP_ID = re.compile(rb'\b\w+:id="([^"]*)"')


def _without_unread_sheets(path: Path, main: str
                           ) -> tuple[python_calamine.CalamineWorkbook, list[str]] | None:
    """The book opened by calamine as if its macro and dialog sheets, and the sheets with no
    part (`r:id=""`, as Excel keeps the VBA modules of an Excel 5.0 book), were not listed;
    with the names of all its sheets, those too. Opened from a copy made in memory in which
    only the main part `main` changes; None when the book has no such sheet,
    or calamine cannot open it even so. procxl reads none of them, and an update copies
    them as they are."""
    with _package(path) as package:
        relationships = _workbook_relationships(package, main)
        macro = {rel.id.encode() for rel in relationships if rel.type.endswith(_MACRO_SHEETS)}
        known = {rel.id.encode() for rel in relationships}
        workbook = package.read(main)
        names = [sheet.get("name", "") for sheet in fromstring(workbook).iter(f"{_NS_MAIN}sheet")]

        def unlisted(match: re.Match[bytes]) -> bytes:
            found = _RELATIONSHIP_ID.search(match.group(0))
            drop = found is not None and (found.group(1) in macro or found.group(1) not in known)
            return b"" if drop else match.group(0)

        listed = _SHEET_ELEMENT.sub(unlisted, workbook)
        if listed == workbook:
            return None
        copy = io.BytesIO()
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as target:
            for info in package.infolist():
                target.writestr(info.filename,
                                listed if info.filename == main else package.read(info))
    copy.seek(0)
    try:
        return python_calamine.CalamineWorkbook.from_filelike(copy), names
    except Exception:  # the book is damaged after all: the caller says so
        return None


def open_source(path: str | os.PathLike[str]) -> FileSource:
    """The file as a source, or UnusableInput with the reason in one Russian sentence."""
    return FileSource(path)


def _unusable(path: Path, reason: str) -> UnusableInput:
    return UnusableInput(f"Не удалось прочитать «{path.name}»: {reason}.")


def _check_archive(path: Path) -> str:
    """Check the file is a zip of a sane size with a workbook part, as an xlsx package is;
    return the name of that part (see :func:`_main_part`)."""
    if not path.exists():
        raise _unusable(path, "файл не найден")
    if path.is_dir():
        raise _unusable(path, "это папка, а не файл")
    if not stat.S_ISREG(path.stat().st_mode):  # after links: /dev/zero, a pipe, a socket
        raise _unusable(path, "это не файл книги, а устройство, канал или ссылка на них; "
                        "укажите саму книгу")
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise _unusable(path, f"нет доступа к файлу ({exc.strerror or exc})") from exc
    if head == _OLE_MAGIC:
        if suffix == ".xls":
            raise _unusable(path, "это старый формат .xls; откройте файл в Excel и сохраните "
                            "как «Книга Excel (*.xlsx)»")
        raise _unusable(path, "книга защищена паролем или сохранена в старом формате; снимите "
                        "пароль и сохраните её как .xlsx")
    if suffix == ".xls":
        raise _unusable(path, "это старый формат .xls; сохраните файл как .xlsx")
    if not zipfile.is_zipfile(path):
        raise _unusable(path, "это не книга Excel (.xlsx или .xlsm)")
    with _package(path) as package:
        infos = package.infolist()
        if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            raise _unusable(path, "книга в распакованном виде больше "
                            f"{MAX_UNPACKED_BYTES // 2**20} МБ; procxl такие не читает")
        seen: set[str] = set()
        for info in infos:
            problem = _entry_problem(info, seen)
            if problem:
                raise _unusable(path, f"файл повреждён: {problem}")
            seen.add(info.filename.casefold())
        main = _main_part(package)
        if main is None:
            raise _unusable(path, _other_format(package))
    return main


def _entry_problem(info: zipfile.ZipInfo, seen: Collection[str]) -> str:
    """What makes an entry of the archive one that Excel does not write, in words that follow
    «файл повреждён:»; '' when nothing. `seen` holds the names (case-folded) before it."""
    if info.filename.casefold() in seen and not info.filename.endswith("/"):
        # readers would disagree on which one is the book, and an update would keep one
        return f"в архиве книги дважды записана часть «{info.filename}»"
    if info.flag_bits & 0x1:
        return (f"часть книги «{info.filename}» зашифрована архиватором; Excel так не "
                "шифрует (книгу с паролем он шифрует целиком)")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return (f"часть книги «{info.filename}» сжата способом, которого Excel не знает; "
                "возьмите книгу такой, какой её сохранил Excel, а не пересжатую архиватором")
    return ""


def _main_part(package: zipfile.ZipFile) -> str | None:
    """The workbook's main part: the one the package's relationships name as its document
    (`xl/workbook.xml` in every book Excel writes, though a package may put it anywhere),
    or `xl/workbook.xml` itself in a package without relationships. None when there is no
    such XML part (an `.xlsb` names `xl/workbook.bin`)."""
    package_rels = spelt(package, _PACKAGE_RELS)
    if package_rels is not None:
        try:
            rels = fromstring(package.read(package_rels))
        except (ParseError, ValueError):  # told as damage when the parts are proven
            rels = None
        if rels is not None:
            for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
                target = spelt(package, resolve("", rel.get("Target", "")))
                if (rel.get("Type") == OFFICE_DOCUMENT and rel.get("TargetMode") != "External"
                        and target is not None and target.casefold().endswith(".xml")):
                    return target
    return spelt(package, _WORKBOOK)


_PACKAGE_RELS = "_rels/.rels"


def spelt(package: zipfile.ZipFile, name: str) -> str | None:
    """The entry of the package that is the part `name`, as the package spells it; None when
    there is none. Part names that differ only in case are one name (ECMA-376 Part 2,
    9.1.1.1): Excel opens a book whose entry is spelt `xl/SharedStrings.xml` while its
    relationships name `xl/sharedStrings.xml`."""
    if name in package.NameToInfo:
        return name
    folded = name.casefold()
    return next((n for n in package.NameToInfo if n.casefold() == folded), None)


def _other_format(package: zipfile.ZipFile) -> str:
    """What a ZIP without a workbook part is, in words that follow «Не удалось прочитать»:
    Excel's binary book and an OpenDocument table are named, with how to save them again."""
    names = package.NameToInfo
    if "xl/workbook.bin" in names:
        return ("это двоичная книга Excel (.xlsb), а procxl читает книги .xlsx и .xlsm; "
                "откройте её в Excel и сохраните как «Книга Excel (*.xlsx)»")
    if "mimetype" in names:
        with package.open("mimetype") as part:  # a few bytes: the part may be anything
            kind = part.read(64)
        if kind.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return ("это таблица OpenDocument (.ods); откройте её в LibreOffice или Excel и "
                    "сохраните как «Книга Excel (*.xlsx)»")
    return "это не книга Excel (.xlsx или .xlsm)"


def _open_package(path: Path, main: str) -> tuple[dict[str, str], dict[str, _Look]]:
    """Check the parts of a sane archive (see _check_archive); return each sheet name's
    worksheet part, and what each worksheet part holds."""
    with _package(path) as package:
        return _checked_parts(path, package, set(package.namelist()), main)


_ARCHIVE_DAMAGE = (*ARCHIVE_DAMAGE, KeyError, ParseError, ValueError)
"""What reading the parts of a damaged archive raises: zipfile's errors, a part missing
that another names, a part that is not XML."""


@contextmanager
def _package(path: Path) -> Iterator[zipfile.ZipFile]:
    """The file as a zip; damage to the archive or to a part it holds is one sentence."""
    try:
        with zipfile.ZipFile(path) as package:
            yield package
    except _ARCHIVE_DAMAGE as exc:
        raise _unusable(path, "файл повреждён (архив книги не читается)") from exc


_FORBIDDEN_IN_SHEET_NAMES = frozenset("/\\:*?[]")


def _checked_parts(path: Path, package: zipfile.ZipFile, names: set[str],
                   workbook_part: str) -> tuple[dict[str, str], dict[str, _Look]]:
    """Each sheet name's worksheet part, and what each worksheet part holds, once the
    parts every workbook Excel writes are found, all well formed and without DTDs (which
    no Excel book carries: an entity declaration is damage or an attack)."""
    if "[Content_Types].xml" not in names:
        raise _unusable(path, "файл повреждён: в архиве нет перечня частей книги "
                        "([Content_Types].xml)")
    main = [name for name in (workbook_part, spelt(package, rels_name(workbook_part)))
            if name is not None]
    for name in main:  # first: they say which parts are the sheets
        _refuse_damaged(path, name, xml_problem(package, name, utf8_only=True))
    workbook = fromstring(package.read(workbook_part))
    if workbook.tag == f"{{{_STRICT_MAIN}}}workbook":
        raise _unusable(path, "книга сохранена как «Строгая электронная таблица Open XML», "
                        "а procxl читает обычные книги Excel; откройте её в Excel и сохраните "
                        "как «Книга Excel (*.xlsx)»")
    relationships = _workbook_relationships(package, workbook_part)
    parts = _sheet_parts(workbook, relationships, names)
    sheets = set(parts.values())
    read = sheets | {r.target for r in relationships if r.type in (STYLES_TYPE,
                                                                    SHARED_STRINGS_TYPE)}
    looks = {}
    with _Proof(path) as proof:
        for name in sorted(names.difference(main)):
            if name not in sheets and not name.endswith((".xml", ".rels")):
                continue
            if package.getinfo(name).file_size > LOOK_IN_PASS:
                _refuse_damaged(path, name, xml_problem(package, name, utf8_only=name in read))
                continue
            xml = package.read(name)  # whole, once, for what calamine needs known first
            proof.give(name, xml, utf8_only=name in read)
            if name in sheets:
                looks[name] = _look(xml)
    styles = next((r.target for r in relationships if r.type == STYLES_TYPE), None)
    if styles is not None and styles not in names:  # a book may have none, not a lost one
        raise _unusable(path, f"файл повреждён: в книге нет части стилей {styles}, на которую "
                        "она ссылается")
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        name = sheet.get("name", "")
        bad = sorted(_FORBIDDEN_IN_SHEET_NAMES & set(name))
        if bad or not name or len(name) > 31:  # a name of spaces Excel keeps (from VBA)
            raise _unusable(path, f"лист назван «{name}», а Excel не допускает в именах листов "
                            "знаков / \\ : * ? [ ], пустых имён и имён длиннее 31 знака: "
                            "файл повреждён")
    return parts, looks


def _refuse_damaged(path: Path, name: str, problem: str) -> None:
    """UnusableInput naming the part `name`, when :func:`xml_problem` found a `problem`."""
    if problem:
        raise _unusable(path, f"часть книги «{name}» {problem}")




def _shared_parts(package: zipfile.ZipFile, main: str) -> tuple[str | None, str | None]:
    """The shared strings part and the styles part of the workbook whose main part is
    `main`, where it has them."""
    found: dict[str, str] = {}
    for rel in _workbook_relationships(package, main):
        found.setdefault(rel.type, rel.target)
    return found.get(SHARED_STRINGS_TYPE), found.get(STYLES_TYPE)


def _workbook_relationships(package: zipfile.ZipFile, main: str) -> list[Relationship]:
    """The relationships of the main part `main`, each target resolved to a part name."""
    rels = spelt(package, rels_name(main))
    if rels is None:
        return []
    found = []
    for rel in fromstring(package.read(rels)).iter(f"{{{PKG_REL}}}Relationship"):
        target, external = rel.get("Target", ""), rel.get("TargetMode") == "External"
        if not external:  # a part, named as the package spells it when it holds it
            target = resolve(main, target)
            target = spelt(package, target) or target
        found.append(Relationship(rel.get("Id", ""), rel.get("Type", ""), target, external))
    return found


def xml_problem(package: zipfile.ZipFile, name: str, *, utf8_only: bool = False) -> str:
    """What is wrong with an XML part, in words that follow its name; '' when nothing.

    Read through in pieces (no tree is kept, so a large sheet costs little): a
    DTD, which no Excel book carries, is damage or an attack (entity bombs, XXE)."""
    with package.open(name) as part:
        return xml_text_problem(iter(lambda: part.read(1 << 20), b""), utf8_only=utf8_only)


def xml_text_problem(chunks: Iterable[bytes], *, utf8_only: bool = False) -> str:
    """What is wrong with XML given in pieces, as :func:`xml_problem` says it; '' when
    nothing.

    Read by libxml2 (lxml) into a target that keeps nothing: no tree is built, and the
    parse runs with the interpreter lock released, so the pass can prove one part on a
    thread of its own while the next is unzipped and looked at. Entities are never
    expanded; a DTD is refused as soon as it begins. With `utf8_only`, a part in UTF-16
    or UTF-32 is refused too."""
    parser = etree.XMLParser(target=_Nothing(), resolve_entities=False, no_network=True,
                             load_dtd=False)
    first = utf8_only
    try:
        for chunk in chunks:
            if first and (chunk[:2] in (b"\xfe\xff", b"\xff\xfe") or b"\x00" in chunk[:4]):
                # XML allows UTF-16 and UTF-32, and Excel writes them in custom XML parts,
                # but a part calamine reads it reads as empty, and the pass looks for a
                # value far out in a sheet's bytes as UTF-8
                return ("записана не в кодировке UTF-8, в которой книги сохраняет Excel; "
                        "откройте книгу в Excel и сохраните её заново")
            first = False
            # libxml2 takes no piece over 10 MB at once (its huge-input limit, which stays on)
            for start in range(0, len(chunk), _PIECE):
                parser.feed(chunk[start:start + _PIECE])
        parser.close()
    except _Doctype:
        return ("содержит объявление DTD, которого в книгах Excel не бывает: файл повреждён "
                "или подделан")
    except etree.XMLSyntaxError:
        return "повреждена: это не разметка XML"
    return ""


_PIECE = 1 << 20


class _Doctype(Exception):
    pass


class _Nothing:
    """A parser target that keeps nothing and refuses a DTD. It has no `start`, `end` or
    `data`: lxml then calls no Python for the elements and texts of a part."""

    def doctype(self, *_: object) -> None:
        raise _Doctype

    def close(self) -> None:
        return None


class _Proof:
    """The parts of the pass proven well formed on a thread of their own, in the order
    given; leaving the `with` waits for the last and raises UnusableInput naming the
    first damaged part, as proving them one by one in the caller would."""

    def __init__(self, path: Path) -> None:
        self._path = path
        # a few parts in hand at most: a book's parts are never all held at once
        self._parts: queue.Queue[tuple[str, bytes, bool] | None] = queue.Queue(maxsize=4)
        self._found: tuple[str, str] | BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="procxl-proof", daemon=True)
        self._thread.start()

    def give(self, name: str, xml: bytes, *, utf8_only: bool = False) -> None:
        if self._found is None:  # past a damaged part, the others need no proof
            self._parts.put((name, xml, utf8_only))

    def __enter__(self) -> _Proof:
        return self

    def __exit__(self, *exc: object) -> None:
        self._parts.put(None)
        self._thread.join()
        if exc[0] is not None or self._found is None:
            return
        if isinstance(self._found, BaseException):
            raise self._found
        _refuse_damaged(self._path, *self._found)

    def _run(self) -> None:
        # takes every part it is given, even past a damaged one, so that no `give` waits
        while (part := self._parts.get()) is not None:
            if self._found is None:
                try:
                    problem = xml_text_problem((part[1],), utf8_only=part[2])
                except BaseException as exc:  # raised in the caller's thread, on leaving
                    self._found = exc
                    continue
                if problem:
                    self._found = (part[0], problem)


def _sheet_parts(workbook: Element, relationships: list[Relationship],
                 names: set[str]) -> dict[str, str]:
    """Map each sheet name of `xl/workbook.xml` to its worksheet part among `names`
    (`xl/worksheets/sheet1.xml`)."""
    targets = {rel.id: rel.target for rel in relationships}
    parts = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id", ""))
        if target in names:
            parts[sheet.get("name", "")] = target
    return parts


def a1(row: int, column: int) -> str:
    """The A1 address of a 1-based row and column."""
    return f"{column_letter(column)}{row}"
