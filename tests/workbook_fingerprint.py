"""A semantic fingerprint of a workbook, for comparing two of them without their zip bytes."""

from __future__ import annotations

import os
from typing import Any

import openpyxl
from openpyxl.cell import Cell
from openpyxl.styles.colors import Color
from openpyxl.worksheet.worksheet import Worksheet


def fingerprint(workbook: openpyxl.Workbook | str | os.PathLike[str]) -> dict[str, Any]:
    """What a user sees and what procxl relies on: sheets in order, cells, styles, validations.

    openpyxl stamps creation times into the file, so two saves of the same book differ in
    bytes; two books with equal fingerprints are the same for every purpose of procxl.
    """
    if not isinstance(workbook, openpyxl.Workbook):
        workbook = openpyxl.load_workbook(workbook)
    return {
        "sheets": [_sheet(ws) for ws in workbook.worksheets],
        "defined_names": {name: dn.attr_text for name, dn in workbook.defined_names.items()},
    }


def _sheet(ws: Worksheet) -> dict[str, Any]:
    return {
        "title": ws.title,
        "tab_colour": _colour(ws.sheet_properties.tabColor),
        "gridlines": ws.sheet_view.showGridLines,
        "freeze_panes": ws.freeze_panes,
        "cells": {c.coordinate: _cell(c) for c in _cells(ws)},
        "comments": {c.coordinate: c.comment.text for c in _cells(ws) if c.comment},
        "columns": _columns(ws),
        "row_heights": {r: d.height for r, d in ws.row_dimensions.items() if d.height},
        "validations": sorted(_validation(dv) for dv in ws.data_validations.dataValidation),
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
    }


def _cells(ws: Worksheet) -> list[Cell]:
    # A cell with neither a value, a style nor a comment is not really there.
    return [
        cell for row in ws.iter_rows() for cell in row
        if cell.value is not None or cell.has_style or cell.comment
    ]


def _cell(cell: Cell) -> tuple[Any, ...]:
    return (
        cell.value,
        cell.number_format,
        bool(cell.font.b),
        bool(cell.font.i),
        _fill(cell),
        bool(cell.alignment.wrap_text),
    )


def _fill(cell: Cell) -> str | None:
    return _colour(cell.fill.fgColor) if cell.fill.fill_type == "solid" else None


def _colour(colour: Color | None) -> str | None:
    return None if colour is None else str(colour.rgb)


def _columns(ws: Worksheet) -> dict[int, tuple[Any, ...]]:
    columns = {}
    for dimension in ws.column_dimensions.values():
        look = (
            dimension.width,
            dimension.number_format,
            bool(dimension.alignment.wrap_text),
            dimension.alignment.vertical,
        )
        low = dimension.min or openpyxl.utils.column_index_from_string(dimension.index)
        for index in range(low, (dimension.max or low) + 1):
            columns[index] = look
    return columns


def _validation(dv: Any) -> tuple[str, ...]:
    return tuple(
        str(v) for v in (dv.type, dv.formula1, dv.sqref, dv.errorStyle, dv.error, dv.prompt)
    )
