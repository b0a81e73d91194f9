"""«Вакансия»: the profile's items in the voice of a job ad and the `Вакансии` row's terms,
as a .docx and as the texts job sites take (.txt, hh.ru's .html and its API's .json)."""

from __future__ import annotations

from collections.abc import Mapping

from procxl import job_ad
from procxl.model import Organisation, Position
from procxl.render import vacancy as texts
from procxl.render.context import COMMON_KEYS, Sources, position_context, profile_entries
from procxl.render.kind import Context, DocumentKind, Kind, Made
from procxl.render.wordml import bullet_section, para, plain, run, tag, text_section

KEYS = (*COMMON_KEYS, *job_ad.KEYS)


def build(org: Organisation, position: Position, sources: Sources) -> Made:
    """The context of `Вакансия` (:func:`procxl.job_ad.context`); None when the position is
    not listed in `Вакансии`."""
    vacancy = sources.vacancies.get(position.name.key)
    if vacancy is None:
        return None
    return {**position_context(org, position),
            **job_ad.context(org, position, vacancy, profile_entries(org, position, sources))}


def body() -> str:
    return "".join([
        para(run("Вакансия"), style="NoIndent"),
        para(run("{{ title }}"), style="Title"),
        para(run("{{ organisation }}"), style="Subtitle"),
        tag("for fact in facts"),
        para(run("{{ fact.label }}: ", bold=True), run("{{ fact.text }}"), style="NoIndent"),
        tag("endfor"),
        tag("if about or values_line"),
        plain("О компании", style="Heading1"),
        tag("if about"),
        para(run("{{ about }}")),
        tag("endif"),
        tag("if values_line"),
        para(run("{{ values_line }}")),
        tag("endif"),
        tag("endif"),
        *(bullet_section(heading, key) for heading, key in job_ad.LISTS),
        text_section("Контакты", "contacts"),
    ])


TEXT_SUFFIXES = (".txt", ".html", ".json")


def text_files(context: Context) -> Mapping[str, str]:
    """The vacancy's texts beside its .docx, by suffix (TEXT_SUFFIXES)."""
    made = {".txt": texts.vacancy_text(context), ".html": texts.vacancy_html(context),
            ".json": texts.vacancy_json(context)}
    assert tuple(made) == TEXT_SUFFIXES
    return made


KIND = DocumentKind(
    kind=Kind.VACANCY,
    title="Вакансия",
    made_for="должность, на которую идёт подбор",
    sheets=frozenset({"organisation", "values", "departments", "positions", "processes",
                      "performers", "competencies", "profiles", "vacancies"}),
    keys=KEYS,
    build=build,
    body=body,
    needs_profiles=True,
    texts=text_files,
    text_suffixes=TEXT_SUFFIXES,
)
