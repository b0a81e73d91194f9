"""Helpers for checker tests: build a real workbook from data, read it back, check it."""

from __future__ import annotations

import copy
import itertools
from pathlib import Path
from typing import Any

from procxl.checks import check
from procxl.checks.findings import Finding
from procxl.example import example_data
from procxl.model import Organisation
from procxl.workbook.files import atomic_save
from procxl.workbook.reader import read_workbook
from procxl.workbook.template import build_workbook

_counter = itertools.count()


def example() -> dict[str, Any]:
    """A fresh, deep copy of the bundled example's data, free to break."""
    return copy.deepcopy(example_data())


def read_data(tmp_path: Path, data: dict[str, Any]) -> Organisation:
    """Write the data into a real standard workbook and read it back."""
    path = tmp_path / f"книга-{next(_counter)}.xlsx"
    atomic_save(build_workbook(data), path)
    return read_workbook(path)


def check_data(tmp_path: Path, data: dict[str, Any]) -> list[Finding]:
    """The findings for a workbook holding the data."""
    return check(read_data(tmp_path, data))


def by_rule(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.rule == code]


def row_of(data: dict[str, Any], sheet_key: str, **match: object) -> dict[str, Any]:
    """The first row of a sheet's data whose fields equal the given values."""
    for row in data[sheet_key]:
        if all(row.get(k) == v for k, v in match.items()):
            return row
    raise LookupError(f"no row {match} in {sheet_key}")


def excel_row(data: dict[str, Any], sheet_key: str, row: dict[str, Any]) -> int:
    """The worksheet row a data row is written to (data starts under the header in row 1)."""
    # by identity: two rows may hold equal values
    index = next(i for i, r in enumerate(data[sheet_key]) if r is row)
    return index + 2
