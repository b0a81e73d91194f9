"""Vacancy texts for job sites: plain text, the hh.ru description in HTML, the hh.ru API body."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Limits of the hh.ru employer API (POST /vacancies). Sources: hhru/api docs/employer_vacancies.md
# (the GET /vacancy_conditions example: name max_length 220, description 200 to 10,000
# characters, key_skills max_count 30) and the OpenAPI spec in hhru/api (VacancyKeySkills: "не
# более 30"; VacancyKeySkillItem.name: "максимальная длина - 100 символов").
NAME_MAX_LENGTH = 220
KEY_SKILLS_MAX_COUNT = 30
KEY_SKILL_MAX_LENGTH = 100
CURRENCY = "RUR"  # hh.ru's own code for roubles (its `currency` dictionary), not ISO "RUB"

BULLET = "• "
_CONTINUATION = " " * len(BULLET)  # a bullet's second line starts under its first word
_ELLIPSIS = "…"

_FACTS = (
    ("organisation", "Компания"),
    ("department", "Подразделение"),
    ("city", "Город"),
    ("salary_text", "Зарплата"),
    ("experience", "Опыт работы"),
    ("schedule", "График работы"),
    ("employment", "Занятость"),
)
"""The short lines under the title of the plain text: context key, Russian label."""

_LISTS = (
    ("Обязанности", ("duties",)),
    ("Требования", ("general_knowledge", "skills")),
    ("Будет плюсом", ("subject_knowledge",)),
    ("Личные качества", ("qualities",)),
    ("Наши ценности", ("values",)),
    ("Условия", ("conditions",)),
)
"""The bulleted sections, in the order a candidate reads them, and the lists each joins."""

ABOUT = "О компании"
CONTACTS = "Контакты"

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # would break the HTML or the job site


@dataclass(frozen=True, slots=True)
class Section:
    """One titled part of the vacancy with its blocks: bullet items or paragraphs.

    Each block is its lines, already cleaned; a section is only built when it has a block.
    """

    heading: str
    blocks: tuple[tuple[str, ...], ...]
    bulleted: bool


def sections(ctx: Mapping[str, Any]) -> list[Section]:
    """The vacancy's non-empty sections in reading order, from `О компании` to `Контакты`."""
    found = [_prose(ABOUT, ctx["about"])]
    found += [_bullets(heading, [ctx[key] for key in keys]) for heading, keys in _LISTS]
    found.append(_prose(CONTACTS, ctx["contacts"]))
    return [section for section in found if section.blocks]


# Plain text --------------------------------------------------------------------------------

def vacancy_text(ctx: Mapping[str, Any]) -> str:
    """The vacancy as plain text to paste into any job site.

    The title, one line per known fact (company, city, salary, ...), then each non-empty
    section under its heading, items as `• ` bullets. Every line ends with a newline and
    none has trailing whitespace.
    """
    lines = _header_lines(ctx)
    for section in sections(ctx):
        lines += ["", f"{section.heading}:", *_section_lines(section)]
    return "".join(f"{line}\n" for line in lines)


def _header_lines(ctx: Mapping[str, Any]) -> list[str]:
    title = _one_line(ctx["title"])
    facts = [f"{label}: {value}" for key, label in _FACTS if (value := _one_line(ctx[key]))]
    return [title, *facts] if title else facts


def _section_lines(section: Section) -> list[str]:
    if section.bulleted:
        return [line for block in section.blocks for line in _bullet_lines(block)]
    paragraphs = ["\n".join(block) for block in section.blocks]
    return "\n\n".join(paragraphs).split("\n")


def _bullet_lines(block: tuple[str, ...]) -> list[str]:
    first, *rest = block
    return [BULLET + first, *(_CONTINUATION + line for line in rest)]


# hh.ru description --------------------------------------------------------------------------

def vacancy_html(ctx: Mapping[str, Any]) -> str:
    """The vacancy description for hh.ru, as an HTML fragment without the title.

    Only tags hh.ru keeps in a description are used, without attributes: a section is
    `<p><strong>Обязанности:</strong></p>` followed by `<ul><li>…</li></ul>` (or by `<p>`
    paragraphs for the text about the company and the contacts); a line break inside an
    item is `<br />`. Every user text is escaped. Empty sections are left out, so a vacancy
    with nothing in it gives ''. No newlines between tags: hh.ru's own example has none.
    """
    return "".join(_html_section(section) for section in sections(ctx))


def _html_section(section: Section) -> str:
    heading = f"<p><strong>{html.escape(section.heading)}:</strong></p>"
    if section.bulleted:
        items = "".join(f"<li>{_html_lines(block)}</li>" for block in section.blocks)
        return f"{heading}<ul>{items}</ul>"
    return heading + "".join(f"<p>{_html_lines(block)}</p>" for block in section.blocks)


def _html_lines(block: tuple[str, ...]) -> str:
    return "<br />".join(html.escape(line) for line in block)


# hh.ru API ----------------------------------------------------------------------------------

def hh_payload(ctx: Mapping[str, Any]) -> dict[str, Any]:
    """The body of `POST /vacancies` in the hh.ru employer API, as far as the workbook knows it.

    `name` (the title, cut to 220 characters), `description` (`vacancy_html`), `key_skills`
    (the skills, at most 30, each at most 100 characters, no repeats), `salary` (only when
    a bound is known), and `experience`, `schedule`, `employment` (only when the sheet's
    words map to an hh.ru id). Keys with nothing to say are left out.

    Not filled, because the workbook cannot know them: `area` (hh.ru's numeric region id,
    not a city name), `professional_roles` and the tariff (`vacancy_properties`, or the older
    `billing_type` and `type`), which depend on the employer's hh.ru account. hh.ru also
    rejects a `description` shorter than 200 or longer than 10,000 characters; it is passed
    as it is, never cut, so that no duty silently disappears.
    """
    payload: dict[str, Any] = {
        "name": _cut(_one_line(ctx["title"]), NAME_MAX_LENGTH),
        "description": vacancy_html(ctx),
    }
    if skills := key_skills(ctx["skills"]):
        payload["key_skills"] = [{"name": skill} for skill in skills]
    if salary := _salary(ctx["salary_from"], ctx["salary_to"]):
        payload["salary"] = salary
    for key in ("experience", "schedule", "employment"):
        if hh_id := ctx[f"{key}_id"]:
            payload[key] = {"id": hh_id}
    return payload


def vacancy_json(ctx: Mapping[str, Any]) -> str:
    """`hh_payload` as readable JSON (UTF-8 text, not `\\u` escapes), ending with a newline."""
    return json.dumps(hh_payload(ctx), ensure_ascii=False, indent=2) + "\n"


def key_skills(skills: Iterable[str]) -> list[str]:
    """hh.ru key skills: one line each, cut to 100 characters, first spelling of a repeat
    (ignoring case and spaces) kept, empty ones dropped, at most 30."""
    chosen: dict[str, str] = {}
    for skill in skills:
        name = _cut(_one_line(skill), KEY_SKILL_MAX_LENGTH)
        if name:
            chosen.setdefault(_fold(name), name)
    return list(chosen.values())[:KEY_SKILLS_MAX_COUNT]


def _salary(low: int | None, high: int | None) -> dict[str, Any] | None:
    if low is None and high is None:
        return None
    bounds = {key: value for key, value in (("from", low), ("to", high)) if value is not None}
    # gross=True: the workbook's «Зарплата от» and «Зарплата до» are defined as the sum in
    # roubles before tax (procxl/schema.py, docs/workbook.md), which is what hh.ru's
    # salary.gross means («границы зарплаты указаны до вычета налогов»). Leaving it out would
    # let hh.ru guess, and a candidate could read a gross figure as take-home pay.
    return {**bounds, "currency": CURRENCY, "gross": True}


# Cleaning user text ------------------------------------------------------------------------

def _clean_lines(text: str) -> list[str]:
    """The lines of a cell, stripped, with control characters removed; blank lines kept.

    `splitlines` also splits at \\r, \\v, \\f and the Unicode separators Word pastes bring.
    """
    return [_CONTROL.sub("", line).strip() for line in text.splitlines()]


def _one_line(text: str) -> str:
    return " ".join(line for line in _clean_lines(text) if line)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _cut(text: str, limit: int) -> str:
    """The text, or its start and an ellipsis when it is longer than `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: limit - len(_ELLIPSIS)].rstrip() + _ELLIPSIS


def _prose(heading: str, text: str) -> Section:
    """A section of paragraphs: the cell's text split at blank lines."""
    paragraphs: list[list[str]] = [[]]
    for line in _clean_lines(text):
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return Section(heading, tuple(tuple(p) for p in paragraphs if p), bulleted=False)


def _bullets(heading: str, lists: Iterable[Iterable[str]]) -> Section:
    """A bulleted section joining `lists`; empty items and repeats (ignoring case) dropped."""
    blocks: dict[str, tuple[str, ...]] = {}
    for items in lists:
        for item in items:
            if lines := tuple(line for line in _clean_lines(item) if line):
                blocks.setdefault(_fold(" ".join(lines)), lines)
    return Section(heading, tuple(blocks.values()), bulleted=True)
