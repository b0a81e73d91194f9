"""The generated parts of the user documentation are never stale."""

from __future__ import annotations

from pathlib import Path

from procxl import schema, schema_doc
from procxl.checks import catalogue, load_rules

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


def test_rule_catalogue_is_current() -> None:
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == catalogue.render(), (
        "docs/rules.md is stale: run `python -m procxl.checks.catalogue docs/rules.md`"
    )


def test_every_rule_is_documented_in_three_parts() -> None:
    rendered = catalogue.render()
    for code, rule in load_rules().items():
        assert f"### {code}\n" in rendered
        for part in (rule.title, rule.what, rule.why, rule.fix):
            assert len(part) > 10 and part in rendered, (code, part)
