"""The rule catalogue of the user documentation, generated from the registry.

`python -m procxl.checks.catalogue docs/rules.md` rewrites it; a test fails when it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from procxl.checks import FAMILIES, load_rules

FAMILY_TITLES = {
    "structure": "Структура книги",
    "processes": "Процессы",
    "references": "Ссылки между листами",
    "names": "Написание названий",
    "organisation": "Организационная структура",
    "profiles": "Компетенции и профили",
    "vacancies": "Вакансии",
    "clauses": "Положения",
}


def render() -> str:
    """The whole catalogue as Markdown."""
    rules = load_rules()
    lines = [
        "# Правила проверки",
        "",
        "Этот список составляется автоматически из кода procxl (`python -m "
        "procxl.checks.catalogue docs/rules.md`); не правьте его вручную.",
        "",
        "Уровни: **ошибка** — документ для затронутых должностей был бы неверным, поэтому "
        "procxl его не создаёт, пока ошибка не исправлена; **предупреждение** — вероятная "
        "ошибка, документы создаются; **замечание** — на что стоит взглянуть.",
        "",
        "| Код | Уровень | Правило |",
        "|---|---|---|",
    ]
    ordered = sorted(rules.values(), key=lambda r: (FAMILIES.index(r.family), r.code))
    lines += [f"| [{r.code}](#{r.code.lower()}) | {r.level.russian} | {r.title} |"
              for r in ordered]
    for family in FAMILIES:
        family_rules = [r for r in ordered if r.family == family]
        if not family_rules:
            continue
        lines += ["", f"## {FAMILY_TITLES.get(family, family)}"]
        for r in family_rules:
            lines += [
                "",
                f"### {r.code}",
                "",
                f"**{r.title}** — {r.level.russian}",
                "",
                f"- *Что проверяется:* {r.what}",
                f"- *Почему это важно:* {r.why}",
                f"- *Как исправить:* {r.fix}",
            ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else Path("docs/rules.md")
    target.write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
