"""Names of the Open Packaging Conventions a workbook file follows: namespaces, kinds of
relationships and of parts, and how part names resolve. Plain strings, no XML library, so
that reading a book for a check needs nothing more."""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = f"{REL}/officeDocument"
WORKSHEET_TYPE = f"{REL}/worksheet"
SHARED_STRINGS_TYPE = f"{REL}/sharedStrings"
STYLES_TYPE = f"{REL}/styles"
CALC_CHAIN_TYPE = f"{REL}/calcChain"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SHARED_STRINGS_CONTENT = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
STYLES_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"


ARCHIVE_DAMAGE = (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError)
"""What zipfile raises reading an entry of an archive damaged in its headers or data: a bad
offset to seek to (OSError), compressed bytes that do not inflate (zlib.error), a version or
a method it does not know (NotImplementedError), an end that comes too soon (EOFError)."""


def rels_name(part: str) -> str:
    """The relationships part of `part`: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source: str, target: str) -> str:
    """The part a relationship of `source` points to (targets are relative to its folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def relative(source: str, part: str) -> str:
    """The target by which `source` names `part`."""
    return posixpath.relpath(part, posixpath.dirname(source))


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str  # the part it points to, resolved; the raw target for external ones
    external: bool
