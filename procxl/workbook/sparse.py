"""A sheet read from its XML cell by cell, for sheets too sparse for calamine.

calamine builds the whole rectangle of a sheet: one stray value at GR199999 makes it
allocate forty million cells. Such a sheet is read here instead, into rows that end at
their last value, so memory follows what the sheet holds. Values come out as calamine
gives them: text, float, bool, date or datetime for date-formatted numbers, and Excel's
error values as their text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from collections.abc import Sequence

from defusedxml.ElementTree import fromstring

from procxl.model import parse_a1

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
"""A cell of sheet XML: its attributes and, unless it is empty, its content."""
_ATTR = re.compile(rb'\b(r|s|t)="([^"]*)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_TEXT = re.compile(rb"<t(?:\s[^>]*)?>([^<]*)</t>")
_MERGE = re.compile(rb'<mergeCell\b[^>]*\bref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')
_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_DATE_CODE = re.compile(r"[dmyhs]", re.I)
_NOT_CODE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_EPOCH = dt.datetime(1899, 12, 30)


def shared_strings(package: zipfile.ZipFile, part: str | None) -> list[str]:
    """The texts of the shared strings part, rich runs joined, phonetic runs left out."""
    if part is None or part not in package.namelist():
        return []
    root = fromstring(package.read(part))
    texts = []
    for item in root.iter(f"{_MAIN}si"):
        plain = item.find(f"{_MAIN}t")  # a plain string, or else runs of rich text
        runs = [plain] if plain is not None else [
            r.find(f"{_MAIN}t") for r in item.findall(f"{_MAIN}r")]
        texts.append("".join(t.text or "" for t in runs if t is not None))
    return texts


def date_styles(package: zipfile.ZipFile, part: str | None) -> frozenset[int]:
    """The indices of the cell formats that show a number as a date or time."""
    if part is None or part not in package.namelist():
        return frozenset()
    root = fromstring(package.read(part))
    custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "")
              for f in root.iter(f"{_MAIN}numFmt")}
    formats = root.find(f"{_MAIN}cellXfs")
    found = set()
    for index, xf in enumerate(formats if formats is not None else []):
        number = int(xf.get("numFmtId", "0"))
        code = custom.get(number)
        if number in _DATE_FORMATS or (code is not None and
                                       _DATE_CODE.search(_NOT_CODE.sub("", code))):
            found.add(index)
    return frozenset(found)


def rows(xml: bytes, strings: Sequence[str], dates: frozenset[int]) -> list[list[object]]:
    """The sheet's values from A1, each row as long as its last value."""
    found: list[list[object]] = []
    for attributes, body in CELL.findall(xml):
        attrs = dict(_ATTR.findall(attributes))
        if b"r" not in attrs or not body:
            continue
        value = _value(attrs, body, strings, dates)
        if value is None:
            continue
        row, column = parse_a1(attrs[b"r"].decode())
        found.extend([] for _ in range(row - len(found)))
        cells = found[row - 1]
        cells.extend([""] * (column - len(cells)))
        cells[column - 1] = value
    return found


def _value(attrs: dict[bytes, bytes], body: bytes, strings: Sequence[str],
           dates: frozenset[int]) -> object:
    kind = attrs.get(b"t", b"n")
    if kind == b"inlineStr":
        return html.unescape(b"".join(_TEXT.findall(body)).decode("utf-8"))
    match = _VALUE.search(body)
    if match is None:
        return None
    raw = html.unescape(match.group(1).decode("utf-8"))
    if kind == b"s":
        index = int(raw) if raw.isdigit() else -1
        return strings[index] if 0 <= index < len(strings) else ""
    if kind in (b"str", b"e"):
        return raw
    if kind == b"b":
        return raw == "1"
    try:
        number = float(raw)
    except ValueError:
        return raw
    style = attrs.get(b"s")
    if style is not None and style.isdigit() and int(style) in dates:
        # to the millisecond, as Excel keeps times: a day's fraction is not exact in binary
        moment = _EPOCH + dt.timedelta(milliseconds=round(number * 86_400_000))
        return moment.date() if moment.time() == dt.time() else moment
    return number


def merged_ranges(xml: bytes) -> list[tuple[int, int, int, int]]:
    """The merged ranges of the sheet as 1-based (first row, first column, last row, last
    column)."""
    found = []
    for start, end in _MERGE.findall(xml):
        r0, c0 = parse_a1(start.decode())
        r1, c1 = parse_a1(end.decode())
        found.append((r0, c0, r1, c1))
    return found
