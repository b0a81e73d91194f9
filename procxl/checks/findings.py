"""Findings as data: what a rule found, where, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from procxl import schema, text
from procxl.model import Cell, SheetInfo

ALL_POSITIONS = "*"
"""In `Finding.affects`: the finding touches every position (a broken sheet, say)."""


_SHEET_ORDER = {text.fold(s.name): i for i, s in enumerate(schema.SHEETS)}


class Level(StrEnum):
    """How serious a finding is. Errors block the documents of what they touch."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def russian(self) -> str:
        return {"error": "ошибка", "warning": "предупреждение", "note": "замечание"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "note": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Draft:
    """What a rule yields: the place and the words; the registry adds the rule and level."""

    sheet: str
    cell: str | None
    message: str
    hint: str
    row: int = 0
    column: int = 0
    affects: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding of the checker, ready to show in any report.

    `cell` is an A1 address, or None when the finding concerns a whole sheet or column.
    `affects` holds the matching keys (procxl.text.fold) of the positions whose documents an
    error blocks, or ALL_POSITIONS; it is empty when no document depends on it.
    """

    level: Level
    rule: str
    sheet: str
    cell: str | None
    message: str
    hint: str
    row: int = 0
    column: int = 0
    affects: tuple[str, ...] = ()

    @property
    def address(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def sort_key(self) -> tuple[int, int, str, int, int, str]:
        """Errors first; then sheets in the standard's order; then by row and column."""
        order = _SHEET_ORDER.get(text.fold(self.sheet), len(_SHEET_ORDER))
        return (self.level.rank, order, self.sheet, self.row, self.column, self.rule)

    def as_json(self) -> dict[str, object]:
        """The finding in the shape of `procxl check --format json`."""
        return {
            "level": self.level.value,
            "rule": self.rule,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "hint": self.hint,
        }


def at(
    where: Cell | SheetInfo,
    message: str,
    hint: str,
    *,
    affects: tuple[str, ...] | list[str] | set[str] = (),
) -> Draft:
    """A draft finding at a cell, or at a whole sheet (SheetInfo) or missing column (Cell)."""
    if isinstance(where, SheetInfo):
        return Draft(where.name, None, message, hint, affects=tuple(sorted(affects)))
    return Draft(
        where.sheet,
        where.ref,
        message,
        hint,
        row=where.row,
        column=where.column or 0,
        affects=tuple(sorted(affects)),
    )


def on_sheet(sheet: str, message: str, hint: str, *, affects: tuple[str, ...] = ()) -> Draft:
    """A draft finding about a sheet known only by name (a missing sheet, say)."""
    return Draft(sheet, None, message, hint, affects=affects)
