"""Vacancy texts for job sites: plain text, the hh.ru description in HTML, the hh.ru API body.

Each is written from the vacancy's context (:func:`procxl.job_ad.context`): the same sections
in the same order, so that a recruiter pastes the .txt anywhere and publishes the .json on
hh.ru and both say the same.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from procxl import hh
from procxl.job_ad import Section, cut, one_line, sections

BULLET = "• "
_CONTINUATION = " " * len(BULLET)  # a bullet's second line starts under its first word


# Plain text --------------------------------------------------------------------------------

def vacancy_text(ctx: Mapping[str, Any]) -> str:
    """The vacancy as plain text to paste into any job site.

    The title, the company, one line per known fact (city, salary, experience, ...), then
    each non-empty section under its heading, items as `• ` bullets, and the contacts last.
    Every line ends with a newline and none has trailing whitespace.
    """
    lines = _header_lines(ctx)
    for section in sections(ctx, contacts=True):
        lines += ["", f"{section.heading}:", *_section_lines(section)]
    return "".join(f"{line}\n" for line in lines)


def _header_lines(ctx: Mapping[str, Any]) -> list[str]:
    heading = [one_line(ctx[key]) for key in ("title", "organisation")]
    facts = [f"{fact['label']}: {value}" for fact in ctx["facts"]
             if (value := one_line(fact["text"]))]
    return [line for line in heading if line] + facts


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
    paragraphs for the text about the company); a line break inside an item is `<br />`.
    Every user text is escaped. The contacts are not in it: hh.ru takes them in `contacts`
    and refuses a description with an e-mail address. Empty sections are left out, so a
    vacancy with nothing in it gives ''. No newlines between tags: hh.ru's own example has
    none.
    """
    return "".join(_html_section(section) for section in sections(ctx, contacts=False))


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

    `name` (cut to 220 characters), `description` (`vacancy_html`, passed whole: hh.ru wants
    200 to 10,000 characters and the checks say when it is shorter), `key_skills` (the
    skills, at most 30), `salary_range` (monthly, before tax, paid twice a month), `area`,
    `professional_roles`, `billing_type`, `type` (open), `experience`, `employment_form`,
    `internship`, `work_format`, `work_schedule_by_days`, `working_hours`,
    `driver_license_types` and `contacts`. A key the workbook says nothing about is left out
    rather than guessed: the checks name the cell to fill for what hh.ru requires. The
    deprecated `salary`, `schedule` and `employment` are never sent.
    """
    terms = ctx["hh"]
    payload: dict[str, Any] = {
        "name": cut(one_line(ctx["title"]), hh.NAME_MAX_LENGTH),
        "description": vacancy_html(ctx),
        "type": {"id": hh.VACANCY_TYPE},
    }
    if skills := ctx["key_skills"][:hh.KEY_SKILLS_MAX_COUNT]:
        payload["key_skills"] = [{"name": skill} for skill in skills]
    if salary := _salary_range(ctx["salary_from"], ctx["salary_to"]):
        payload["salary_range"] = salary
    if terms["area"] is not None:
        payload["area"] = {"id": str(terms["area"])}
    if terms["role"]:
        payload["professional_roles"] = [{"id": terms["role"]}]
    if terms["billing_type"]:
        payload["billing_type"] = {"id": terms["billing_type"]}
    if terms["experience"]:
        payload["experience"] = {"id": terms["experience"]}
    if terms["employment_form"]:
        payload["employment_form"] = {"id": terms["employment_form"]}
    if terms["internship"]:
        payload["internship"] = True
    for key, api_key in (("work_format", "work_format"), ("work_schedule", "work_schedule_by_days"),
                         ("working_hours", "working_hours")):
        if terms[key]:
            payload[api_key] = [{"id": terms[key]}]
    if terms["driver_licences"]:
        payload["driver_license_types"] = [{"id": c} for c in terms["driver_licences"]]
    if contacts := _contacts(ctx):
        payload["contacts"] = contacts
    return payload


def vacancy_json(ctx: Mapping[str, Any]) -> str:
    """`hh_payload` as readable JSON (UTF-8 text, not `\\u` escapes), ending with a newline."""
    return json.dumps(hh_payload(ctx), ensure_ascii=False, indent=2) + "\n"


def _salary_range(low: int | None, high: int | None) -> dict[str, Any] | None:
    if low is None and high is None:
        return None
    bounds = {key: value for key, value in (("from", low), ("to", high)) if value is not None}
    # gross=True: the workbook's «Зарплата от» and «Зарплата до» are defined as the monthly
    # sum in roubles before tax (procxl/schema.py, docs/workbook.md), which is what hh.ru's
    # gross means («границы зарплаты указаны до вычета налогов»). Leaving it out would let
    # hh.ru guess, and a candidate could read a gross figure as take-home pay.
    return {**bounds, "currency": hh.CURRENCY, "gross": True, "mode": {"id": hh.SALARY_MODE},
            "frequency": {"id": hh.SALARY_FREQUENCY}}


def _contacts(ctx: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if ctx["contact_name"]:
        found["name"] = one_line(ctx["contact_name"])
    if ctx["emails"]:
        found["email"] = ctx["emails"][0]
    if ctx["phones"]:
        found["phones"] = [hh.phone(number) for number in ctx["phones"]]
    return found
