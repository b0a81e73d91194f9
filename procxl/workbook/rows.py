"""The rows of a generated sheet, drawn once and put into a workbook one of two ways.

A writer describes its data rows as :class:`Line` objects: the cells with their values and
looks, and the row's height. Put into an ordinary openpyxl workbook (the blank template, the
book open in Excel, a book saved whole) they become cells as usual. Put into a
:class:`StreamedWorkbook` — the scratch book `procxl update` draws a file's generated sheets
in — they are kept aside, and the part-level writer streams them as sheet XML straight into
the user's file: tens of thousands of rows never become openpyxl cells only to be saved,
parsed and renumbered again.
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.worksheet import Worksheet


@dataclass(slots=True)
class Line:
    """One row of a generated sheet: (column, value, look) per cell, and its height."""

    number: int
    cells: list[tuple[int, Any, StyleArray]] = field(default_factory=list)
    height: float | None = None  # in points; None leaves the default height


class StreamedWorkbook(openpyxl.Workbook):
    """A scratch workbook whose generated rows are kept as lines, by sheet title, for the
    part-level writer to stream into the file; everything else is drawn in it as usual."""

    def __init__(self) -> None:
        super().__init__()
        self.streamed: dict[str, list[Line]] = {}

    def style_index(self, style: StyleArray) -> int:
        """The index of `style` among the cell formats this book will save."""
        return self._cell_styles.add(style)


def looks_of(ws: Worksheet) -> Looks:
    """The looks of the workbook `ws` belongs to."""
    workbook = ws.parent
    found = _LOOKS.get(workbook)
    if found is None:
        found = _LOOKS[workbook] = Looks(ws)
    found.use(ws)
    return found


class Looks:
    """The looks of one workbook's generated cells, each made once and shared by its cells:
    setting a style attribute cell by cell costs openpyxl a hash of every style object."""

    def __init__(self, ws: Worksheet) -> None:
        # held weakly: `_LOOKS` keeps a Looks as long as its workbook lives, and a strong
        # reference back to the workbook would keep both for good
        self._ws = weakref.ref(ws)
        self._made: dict[Any, StyleArray] = {}

    def use(self, ws: Worksheet) -> None:
        """Make new looks through `ws` (a sheet of the same workbook) from now on."""
        self._ws = weakref.ref(ws)

    def _cell(self) -> Cell:
        ws = self._ws()
        assert ws is not None, "the sheet looks are made through is gone"
        return Cell(ws)  # not placed in the sheet: only its style is kept

    def look(self, key: Any, style: Callable[[], Mapping[str, Any]]) -> StyleArray:
        """The look called `key`, made the first time from the openpyxl style attributes
        `style` gives (a callable: style objects cost more to make than to look up)."""
        found = self._made.get(key)
        if found is None:
            scratch = self._cell()
            for attribute, value in style().items():
                setattr(scratch, attribute, value)
            found = self._made[key] = scratch._style or StyleArray()
        return found

    def derived(self, key: Any, base: StyleArray, style: Callable[[], Mapping[str, Any]]
                ) -> StyleArray:
        """The look `base` with some attributes changed (a border, a fill), made once."""
        found = self._made.get(key)
        if found is None:
            scratch = self._cell()
            scratch._style = copy.copy(base)
            for attribute, value in style().items():
                setattr(scratch, attribute, value)
            found = self._made[key] = scratch._style
        return found


def put_rows(ws: Worksheet, lines: Iterable[Line], *, stream: bool = True) -> None:
    """Put `lines` into `ws`: kept aside for streaming when its book is a StreamedWorkbook
    (and `stream`), written as openpyxl cells otherwise. A sheet whose cells also carry what
    only openpyxl writes (hyperlinks) passes `stream=False`."""
    workbook = ws.parent
    if stream and isinstance(workbook, StreamedWorkbook):
        workbook.streamed.setdefault(ws.title, []).extend(lines)
        return
    for line in lines:
        for column, value, style in line.cells:
            cell = ws.cell(line.number, column)
            if value is not None:
                cell.value = value
            cell._style = copy.copy(style)
        if line.height is not None:
            ws.row_dimensions[line.number].height = line.height


_LOOKS: weakref.WeakKeyDictionary[openpyxl.Workbook, Looks] = weakref.WeakKeyDictionary()
