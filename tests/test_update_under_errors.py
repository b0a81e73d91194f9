"""`procxl update` when a reference on «Исполнители» is broken: nothing is marked stale
because of the error, and the summary says what was left and why."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from procxl import schema
from procxl.report import update_summary
from procxl.workbook.update import STALE_ITEM, STALE_PAIR, update_workbook
from tests.checking import example
from tests.test_update import table, write

MANAGER = "Менеджер по развитию сети СТО"
PERFORMERS = schema.PERFORMERS


def _edit_performers(path: Path, change) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[PERFORMERS.name]
    for row in ws.iter_rows(min_row=2):
        change(row)
    wb.save(path)


def _stale(path: Path) -> tuple[int, int]:
    competencies = sum(r["status"] == STALE_PAIR for r in table(path, schema.COMPETENCIES))
    profiles = sum(r["status"] == STALE_ITEM for r in table(path, schema.PROFILES))
    return competencies, profiles


def _latin_letter(row) -> None:
    if row[2].value == MANAGER:
        row[2].value = MANAGER.replace("СТО", "СТO")  # a Latin O


def _typo(row) -> None:
    if row[2].value == MANAGER:
        row[2].value = "Менеджер по развитию сети СТОО"


def _bad_code(row) -> None:
    if row[2].value == MANAGER:
        row[0].value = f"{row[0].value}.99"


@pytest.mark.parametrize("change", [_latin_letter, _typo, _bad_code],
                         ids=["latin letter", "typo", "unknown code"])
def test_a_broken_reference_marks_nothing_stale(tmp_path: Path, change) -> None:
    path = write(tmp_path, example())
    update_workbook(path)
    _edit_performers(path, change)
    result = update_workbook(path)
    assert _stale(path) == (0, 0)
    assert result.profiles.held > 0 and result.competencies.held > 0
    assert result.profiles.marked == result.competencies.marked == 0
    assert result.held_positions == (MANAGER,)
    summary = "\n".join(update_summary(result))
    assert f"«{MANAGER}» не отмечены как устаревшие" in summary
    assert result.has_errors  # the error itself is reported


def test_rows_are_marked_once_the_performer_is_really_gone(tmp_path: Path) -> None:
    path = write(tmp_path, example())
    update_workbook(path)
    _edit_performers(path, _latin_letter)
    update_workbook(path)

    def gone(row) -> None:  # the misspelt rows deleted: the position no longer performs them
        if row[2].value and "СТO" in row[2].value:
            for cell in row:
                cell.value = None

    _edit_performers(path, gone)
    result = update_workbook(path)
    competencies, profiles = _stale(path)
    assert competencies > 0 and profiles > 0 and result.held_positions == ()


def test_update_names_the_process_of_a_row_given_only_its_code(tmp_path: Path) -> None:
    data = example()
    rows = [r for r in data["performers"] if r["process_code"] == "3.1"]
    rows[0]["process_name"] = None
    rows[1]["process_name"] = "Своё название"  # typed: kept even though it differs
    path = write(tmp_path, data)
    update_workbook(path)
    performers = [r for r in table(path, PERFORMERS) if r["process_code"] == "3.1"]
    name = next(p["name"] for p in data["processes"] if p["code"] == "3.1")
    assert performers[0]["process_name"] == name
    assert performers[1]["process_name"] == "Своё название"
