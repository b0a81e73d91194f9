"""The bundled example workbook: committed, packaged, and clean by procxl's own check."""

from __future__ import annotations

from pathlib import Path

from procxl import schema
from procxl.example import EXAMPLE_FILENAME, example_data
from procxl.resources import bundled_workbook
from procxl.workbook.reader import read_workbook
from procxl.workbook.template import build_workbook
from tests.workbook_fingerprint import fingerprint

COMMITTED = Path(__file__).resolve().parent.parent / "workbook_templates" / EXAMPLE_FILENAME


def test_committed_example_is_what_the_code_builds() -> None:
    assert fingerprint(COMMITTED) == fingerprint(build_workbook(example_data())), (
        f"workbook_templates/{EXAMPLE_FILENAME} is out of date with procxl/example.py or the "
        "template; regenerate it with `python -m procxl.example` and commit it"
    )


def test_the_package_finds_the_example() -> None:
    assert bundled_workbook(EXAMPLE_FILENAME).read_bytes() == COMMITTED.read_bytes()


def test_example_reads_back_as_the_data_says() -> None:
    org = read_workbook(COMMITTED)
    data = example_data()
    assert org.param("name") == data["organisation"]["name"]
    for sheet in schema.USER_SHEETS:
        if sheet.params:
            continue
        assert len(getattr(org, sheet.key)) == len(data.get(sheet.key, [])), sheet.name
    for process, row in zip(org.processes, data["processes"], strict=True):
        assert process.code.text == row["code"]
        assert [g.text for g in process.goals] == list(row["goals"])
    assert all(info.present for info in org.sheets.values())
    assert not any(info.unknown or info.duplicates for info in org.sheets.values())
