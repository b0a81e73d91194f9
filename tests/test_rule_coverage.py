"""Every rule has a test that triggers it, in its family's test module."""

from __future__ import annotations

from pathlib import Path

import pytest

from procxl.checks import load_rules

TESTS = Path(__file__).resolve().parent


@pytest.mark.parametrize("code", sorted(load_rules()))
def test_rule_is_triggered_by_a_test_of_its_family(code: str) -> None:
    family = load_rules()[code].family
    module = TESTS / f"test_checks_{family}.py"
    assert module.is_file(), f"no test module for the family {family}"
    # each family module checks the clean example for every code by parametrisation; a code
    # named literally is one a test makes a workbook to trigger
    assert f'"{code}"' in module.read_text(encoding="utf-8"), (
        f"{code} has no workbook that triggers it in {module.name}"
    )
