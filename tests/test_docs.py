"""The generated parts of the user documentation are never stale."""

from __future__ import annotations

from pathlib import Path

from procxl import schema, schema_doc

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_workbook_reference_is_current() -> None:
    assert (DOCS / "workbook.md").read_text(encoding="utf-8") == schema_doc.render(), (
        "docs/workbook.md is stale: run `python -m procxl.schema_doc docs/workbook.md`"
    )


def test_workbook_reference_names_every_sheet_and_column() -> None:
    rendered = schema_doc.render()
    for sheet in schema.SHEETS:
        assert f"## {sheet.name}\n" in rendered
        names = [p.label for p in sheet.params] or [c.header for c in sheet.columns]
        for name in names:
            assert f"| {name} |" in rendered
