"""A workbook file as the package it is: parts, relationships, content types.

procxl owns a few parts of a user's workbook (its generated sheets, some cells of the sheets
it merges, the book's sheet list) and passes every other part through untouched, the way
python-docx's OPC layer does. This module reads the package lazily, lets a caller replace,
add and drop parts, and writes the whole package again: a part nobody changed is copied as
it was. XML is edited with lxml, which keeps every namespace declaration and prefix as
Excel wrote them (`mc:Ignorable` names prefixes that would otherwise be dropped as unused).
"""

from __future__ import annotations

import os
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from procxl.errors import UnusableInput
from procxl.workbook.opc import (
    ARCHIVE_DAMAGE,
    CT,
    MAIN,
    PKG_REL,
    Relationship,
    relative,
    rels_name,
    resolve,
)

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                          remove_blank_text=False)


def parse(data: bytes) -> etree._Element:
    """An XML part as a tree; UnusableInput when it is not well-formed."""
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnusableInput(f"Часть книги повреждена и не читается: {exc}.") from exc


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class Package:
    """The parts of a zip package: read on demand, replaced or dropped in memory, written
    again in their order (new parts at the end)."""

    def __init__(self, path: Path | BinaryIO) -> None:
        """The package in the file at `path`, or in a stream (a book procxl made in memory)."""
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            name = path.name if isinstance(path, Path) else "книга"
            raise UnusableInput(f"«{name}» не открывается как книга Excel.") from exc
        self._infos = {info.filename: info for info in self._zip.infolist()}
        # part names that differ only in case are one name (ECMA-376 Part 2, 9.1.1.1):
        # relationships may spell a part otherwise than its entry
        self._spellings = {name.casefold(): name for name in reversed(self._infos)}
        self._order = list(self._infos)
        self._changed: dict[str, bytes] = {}
        self._dropped: set[str] = set()
        self._deflating: dict[str, Future[tuple[bytes, int, int]]] = {}
        self._pool: ThreadPoolExecutor | None = None

    def close(self) -> None:
        self._zip.close()
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    # Parts ------------------------------------------------------------------------------

    def names(self) -> list[str]:
        found = [n for n in self._order if n not in self._dropped]
        return found + [n for n in self._changed if n not in self._infos]

    def spelt(self, name: str) -> str:
        """`name` as the package spells the part, when it holds one of that name."""
        if name in self._infos or name in self._changed:
            return name
        return self._spellings.get(name.casefold(), name)

    def __contains__(self, name: str) -> bool:
        name = self.spelt(name)
        return name in self._changed or (name in self._infos and name not in self._dropped)

    def read(self, name: str) -> bytes:
        name = self.spelt(name)
        if name in self._changed:
            return self._changed[name]
        if name in self._dropped or name not in self._infos:
            raise KeyError(name)
        return self._entry(name)

    def _entry(self, name: str) -> bytes:
        """An entry of the file as it was read, inflated; UnusableInput when it is damaged
        (the pass proves the XML parts before, but not drawings in VML, pictures, binaries)."""
        try:
            return self._zip.read(name)
        except ARCHIVE_DAMAGE as exc:
            raise UnusableInput(f"Часть книги «{name}» повреждена и не читается. "
                                f"{_RESAVE}") from exc

    def infos(self) -> list[zipfile.ZipInfo]:
        """The entries of the file as it was read."""
        return list(self._infos.values())

    def write(self, name: str, data: bytes) -> None:
        """Replace or add a part. A large one starts deflating at once, beside what is
        still to be done before the save (zlib lets go of the interpreter)."""
        name = self.spelt(name)
        self._dropped.discard(name)
        if self._infos.get(name) is not None and name not in self._changed \
                and self._holds(name, data):
            return  # the same bytes: the part stays as it was
        self._changed[name] = data
        self._deflating.pop(name, None)
        if len(data) >= _DEFLATE_AT_ONCE:
            self._deflating[name] = self._workers().submit(_deflate, data)

    def _holds(self, name: str, data: bytes) -> bool:
        """Whether the entry `name` of the file holds `data`; not when it is damaged, which a
        part written anew mends."""
        try:
            return self._zip.read(name) == data
        except ARCHIVE_DAMAGE:
            return False

    def _workers(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
        return self._pool

    def drop(self, name: str) -> None:
        name = self.spelt(name)
        self._changed.pop(name, None)
        self._deflating.pop(name, None)
        if name in self._infos:
            self._dropped.add(name)

    @property
    def touched(self) -> set[str]:
        """Every part written anew or dropped."""
        return set(self._changed) | set(self._dropped)

    def fresh_name(self, pattern: str) -> str:
        """An unused part name from a pattern with one `{}` for a number: `xl/comments{}.xml`."""
        taken = {n.casefold() for n in self.names()}
        number = 1
        while pattern.format(number).casefold() in taken:
            number += 1
        return pattern.format(number)

    # Relationships ------------------------------------------------------------------------

    def relationships(self, source: str) -> list[Relationship]:
        """The relationships of part `source` ('' for the package's own)."""
        name = rels_name(source) if source else "_rels/.rels"
        if name not in self:
            return []
        found = []
        for rel in parse(self.read(name)):
            if rel.tag != f"{{{PKG_REL}}}Relationship":
                continue
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            found.append(Relationship(rel.get("Id", ""), rel.get("Type", ""),
                                      target if external else resolve(source, target),
                                      external))
        return found

    def write_relationships(self, source: str, rels: Iterable[Relationship]) -> None:
        root = etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
        for rel in rels:
            element = etree.SubElement(root, f"{{{PKG_REL}}}Relationship")
            element.set("Id", rel.id)
            element.set("Type", rel.type)
            element.set("Target", rel.target if rel.external else relative(source, rel.target))
            if rel.external:
                element.set("TargetMode", "External")
        self.write(rels_name(source), serialise(root))

    def referenced(self) -> set[str]:
        """Every part some relationship of the package points to."""
        found = set()
        for name in self.names():
            if name.endswith(".rels"):
                folder = posixpath.dirname(posixpath.dirname(name))
                source = posixpath.join(folder, posixpath.basename(name)[:-5]) \
                    if name != "_rels/.rels" else ""
                found |= {r.target for r in self.relationships(source) if not r.external}
        return found

    def drop_with_orphans(self, part: str, keep: Iterable[str] = ()) -> None:
        """Drop `part`, its relationships and the parts only they pointed to."""
        kept = set(keep)
        queue = [part]
        while queue:
            current = queue.pop()
            if current in kept or current not in self:
                continue
            targets = [r.target for r in self.relationships(current) if not r.external]
            self.drop(current)
            self.drop(rels_name(current))
            still = self.referenced()
            queue += [t for t in targets if t not in still]

    # Writing ------------------------------------------------------------------------------

    def save(self, target: Path, inspect: Callable[[str, bytes], None] | None = None) -> None:
        """Write every part to `target`: unchanged ones as the compressed bytes they were
        stored as, changed ones deflated on every core while the zip is written.

        `inspect`, when given, is shown each changed part's bytes while they are deflated
        (zlib lets go of the interpreter, so it runs beside them) and refuses by raising.
        """
        names = self.names()
        fresh = [n for n in names if n not in self._infos or n in self._changed
                 or not self._copies_raw(self._infos[n])]
        pool = self._workers()
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            jobs = [self._deflating.get(name) or pool.submit(_deflate, self.read(name))
                    for name in fresh]
            if inspect is not None:
                for name, data in self._changed.items():
                    inspect(name, data)
            deflated = {name: job.result() for name, job in zip(fresh, jobs, strict=True)}
            for name in names:
                info = self._infos.get(name)
                entry = zipfile.ZipInfo(name, info.date_time if info else (1980, 1, 1, 0, 0, 0))
                entry.external_attr = info.external_attr if info else 0o600 << 16
                if name in deflated:
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    _write_entry(out, entry, *deflated[name])
                else:
                    entry.compress_type = info.compress_type
                    _write_entry(out, entry, self._stored(info), info.CRC, info.file_size)

    @staticmethod
    def _copies_raw(info: zipfile.ZipInfo) -> bool:
        """Whether an entry's stored bytes can be copied as they are: plain or deflated, not
        encrypted (an Excel package never is part by part)."""
        return info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) and \
            not info.flag_bits & 0x1

    def _stored(self, info: zipfile.ZipInfo) -> bytes:
        """An entry's bytes as the file stores them (compressed), found through its local
        header, whose name and extra field may differ in length from the central one's."""
        handle = self._zip.fp
        assert handle is not None
        handle.seek(info.header_offset)
        header = handle.read(30)
        if header[:4] != b"PK\x03\x04":
            raise UnusableInput(f"Часть книги «{info.filename}» повреждена и не читается. "
                                f"{_RESAVE}")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        handle.seek(info.header_offset + 30 + name_length + extra_length)
        stored = handle.read(info.compress_size)
        if len(stored) != info.compress_size:
            raise UnusableInput(f"Часть книги «{info.filename}» обрывается и не читается. "
                                f"{_RESAVE}")
        return stored


_DEFLATE_AT_ONCE = 1 << 20
"""A written part at least this large (bytes) is deflated as soon as it is written."""

_RESAVE = "Откройте книгу в Excel, сохраните её и повторите; файл не изменён."


def _deflate(data: bytes) -> tuple[bytes, int, int]:
    """A part deflated as a zip entry stores it (raw, level 6), its CRC and its size."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)


def _write_entry(out: zipfile.ZipFile, entry: zipfile.ZipInfo, stored: bytes, crc: int,
                 size: int) -> None:
    """Add an entry whose bytes are already as the zip stores them, the way ZipFile.write
    adds a folder: a local header, the bytes, the entry in the central directory."""
    entry.CRC, entry.compress_size, entry.file_size = crc, len(stored), size
    entry.flag_bits = 0  # sizes known up front: no data descriptor (UTF-8 names: by zipfile)
    zip64 = size > zipfile.ZIP64_LIMIT or len(stored) > zipfile.ZIP64_LIMIT
    assert out.fp is not None
    entry.header_offset = out.fp.tell()
    out.fp.write(entry.FileHeader(zip64))
    out.fp.write(stored)
    out.filelist.append(entry)
    out.NameToInfo[entry.filename] = entry
    out.start_dir = out.fp.tell()
    out._didModify = True


# Content types -----------------------------------------------------------------------------

class ContentTypes:
    """`[Content_Types].xml`: the type of every part, by override or by extension."""

    NAME = "[Content_Types].xml"

    def __init__(self, package: Package) -> None:
        self.package = package
        self.root = parse(package.read(self.NAME))
        self.changed = False

    def of(self, part: str) -> str | None:
        for element in self.root:
            if element.tag == f"{{{CT}}}Override" and \
                    element.get("PartName", "").lstrip("/").casefold() == part.casefold():
                return element.get("ContentType")
        extension = posixpath.splitext(part)[1].lstrip(".").casefold()
        for element in self.root:
            if element.tag == f"{{{CT}}}Default" and \
                    element.get("Extension", "").casefold() == extension:
                return element.get("ContentType")
        return None

    def override(self, part: str, content_type: str) -> None:
        """Give `part` its own content type; an override already there keeps its place."""
        for element in self.root:
            if element.tag == f"{{{CT}}}Override" and \
                    element.get("PartName", "").lstrip("/").casefold() == part.casefold():
                if element.get("ContentType") != content_type:
                    element.set("ContentType", content_type)
                    self.changed = True
                return
        element = etree.SubElement(self.root, f"{{{CT}}}Override")
        element.set("PartName", "/" + part)
        element.set("ContentType", content_type)
        self.changed = True

    def ensure_default(self, extension: str, content_type: str) -> None:
        for element in self.root:
            if element.tag == f"{{{CT}}}Default" and \
                    element.get("Extension", "").casefold() == extension.casefold():
                return
        element = etree.Element(f"{{{CT}}}Default")
        element.set("Extension", extension)
        element.set("ContentType", content_type)
        self.root.insert(0, element)
        self.changed = True

    def remove(self, part: str) -> None:
        for element in list(self.root):
            if element.tag == f"{{{CT}}}Override" and \
                    element.get("PartName", "").lstrip("/").casefold() == part.casefold():
                self.root.remove(element)
                self.changed = True

    def flush(self) -> None:
        if self.changed:
            self.package.write(self.NAME, serialise(self.root))


# Little XML helpers ------------------------------------------------------------------------

def q(tag: str, ns: str = MAIN) -> str:
    return f"{{{ns}}}{tag}"


def children(parent: etree._Element, tag: str, ns: str = MAIN) -> Iterator[etree._Element]:
    return (child for child in parent if child.tag == q(tag, ns))


def child(parent: etree._Element, tag: str, ns: str = MAIN) -> etree._Element | None:
    return next(children(parent, tag, ns), None)


