"""What the rule families share: derived data worked out once for each organisation."""

from __future__ import annotations

import gc
import weakref

from procxl.checks.common import per_organisation, usable
from procxl.model import Cell, Organisation, ValueKind


def test_what_the_rules_derive_is_worked_out_once_per_organisation_and_not_kept_alive() -> None:
    asked: list[str] = []

    @per_organisation
    def source_of(org: Organisation) -> str:
        asked.append(org.source)
        return org.source.upper()

    one, other = Organisation(source="one", sheets={}), Organisation(source="other", sheets={})
    assert [source_of(one), source_of(one), source_of(other), source_of(one)] == [
        "ONE", "ONE", "OTHER", "ONE"]
    assert asked == ["one", "other"]
    gone = weakref.ref(one)
    del one
    gc.collect()
    assert gone() is None  # the memo does not hold the organisation
    again = Organisation(source="again", sheets={})
    assert source_of(again) == "AGAIN"  # a new organisation, even where the old one lay


def test_a_usable_cell_is_filled_not_an_error_and_not_a_garbled_code() -> None:
    def cell(text: str, kind: ValueKind) -> Cell:
        return Cell(text, "Процессы", 2, 1, kind)

    assert usable(cell("1.2", ValueKind.TEXT))
    assert usable(cell("2", ValueKind.NUMBER))
    assert not usable(cell("", ValueKind.TEXT))
    assert not usable(cell("", ValueKind.EMPTY))
    assert not usable(cell("#N/A", ValueKind.ERROR))
    assert not usable(cell("1.1", ValueKind.NUMBER))  # Excel read 1.10 as a number
    assert not usable(cell("05.06.2026", ValueKind.DATE))
