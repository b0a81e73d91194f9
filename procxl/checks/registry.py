"""The rule registry: every rule is declared once, with its code, level and documentation.

A rule is a function of the organisation that yields drafts (:func:`findings.at`). Its
docstring has a Russian title line and three parts — «Что проверяется», «Почему это важно»,
«Как исправить» — from which the user documentation's rule catalogue is generated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from procxl.checks.findings import Draft, Finding, Level
from procxl.model import Organisation

RuleFunction = Callable[[Organisation], Iterable[Draft]]

_PARTS = ("Что проверяется", "Почему это важно", "Как исправить")
_CODE = re.compile(r"^[A-Z]\d{3}$")


@dataclass(frozen=True)
class Rule:
    code: str
    level: Level
    family: str
    title: str
    what: str
    why: str
    fix: str
    function: RuleFunction

    def run(self, org: Organisation) -> list[Finding]:
        return [
            Finding(self.level, self.code, d.sheet, d.cell, d.message, d.hint, d.row, d.column,
                    d.affects)
            for d in self.function(org)
        ]


RULES: dict[str, Rule] = {}


def rule(code: str, level: Level) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule under a stable code (a letter for the family and three digits)."""

    def register(function: RuleFunction) -> RuleFunction:
        if not _CODE.match(code):
            raise ValueError(f"rule code {code!r} is not a letter and three digits")
        if code in RULES:
            raise ValueError(f"rule code {code} is declared twice")
        title, parts = _parse_doc(function)
        family = function.__module__.rsplit(".", 1)[-1]
        RULES[code] = Rule(code, level, family, title, *parts, function)
        return function

    return register


def _parse_doc(function: RuleFunction) -> tuple[str, tuple[str, str, str]]:
    doc = (function.__doc__ or "").strip()
    title, _, body = doc.partition("\n")
    found = {}
    for name in _PARTS:
        match = re.search(rf"{name}:\s*(.+?)(?=\n\s*(?:{'|'.join(_PARTS)}):|\Z)", body, re.S)
        if not match:
            raise ValueError(f"{function.__name__}: the docstring lacks «{name}:»")
        found[name] = " ".join(match.group(1).split())
    return title.strip(), (found[_PARTS[0]], found[_PARTS[1]], found[_PARTS[2]])
