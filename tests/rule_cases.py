"""Helpers for the tests of rule families: where a finding should point, and the clean example."""

from __future__ import annotations

import functools
import itertools
import tempfile
from pathlib import Path

import openpyxl

from procxl import schema
from procxl.checks import check, load_rules
from procxl.checks.findings import Finding
from procxl.model import column_letter
from procxl.workbook.reader import read_workbook
from tests.checking import by_rule, check_data, example

_names = itertools.count()


def cell_ref(sheet: schema.Sheet, key: str, row: int) -> str:
    """Where the standard workbook puts a column's cell in a row: `C12`."""
    return f"{column_letter(sheet.columns.index(sheet.column(key)) + 1)}{row}"


def only(findings: list[Finding], code: str) -> Finding:
    """The one finding of a rule; fails when there are none or several."""
    found = by_rule(findings, code)
    assert len(found) == 1, found
    return found[0]


def family_codes(family: str) -> list[str]:
    """The codes of every rule of a family, in order."""
    return sorted(code for code, r in load_rules().items() if r.family == family)


@functools.cache
def example_findings() -> tuple[Finding, ...]:
    """The findings for the bundled example, checked once for all the family tests."""
    with tempfile.TemporaryDirectory() as folder:
        return tuple(check_data(Path(folder), example()))


def check_book(tmp_path: Path, workbook: openpyxl.Workbook) -> list[Finding]:
    """The findings for a workbook edited in ways the data cannot say (merges, numbers)."""
    path = tmp_path / f"правка-{next(_names)}.xlsx"
    workbook.save(path)
    return check(read_workbook(path))
