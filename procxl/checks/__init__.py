"""The checker: every rule of every family, run over one organisation."""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable

from procxl.checks.findings import Finding, Level
from procxl.checks.registry import RULES, Rule
from procxl.model import Organisation

FAMILIES = (
    "structure",
    "processes",
    "references",
    "names",
    "organisation",
    "profiles",
    "vacancies",
    "clauses",
    "assessment",
    "standards",
)
"""The rule families, one module each, in the order the catalogue lists them."""


def load_rules() -> dict[str, Rule]:
    """Every registered rule by code (importing a family registers its rules)."""
    for family in FAMILIES:
        importlib.import_module(f"procxl.checks.{family}")
    return RULES


def check(org: Organisation) -> list[Finding]:
    """All findings for the organisation, errors first, then by sheet and cell."""
    findings = [f for r in load_rules().values() for f in r.run(org)]
    return sorted(findings, key=Finding.sort_key)


def count_levels(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each level: {"error": N, "warning": N, "note": N}."""
    counts = Counter(f.level for f in findings)
    return {level.value: counts.get(level, 0) for level in Level}
