"""«Вакансия»: the profile's items in the voice of a job ad and the `Вакансии` row's terms,
as a .docx and as the texts job sites take (.txt, hh.ru's .html and its API's .json)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from procxl import schema, text
from procxl.checks.common import parse_number
from procxl.checks.vacancies import discriminating_phrases
from procxl.model import Cell, Organisation, Position
from procxl.render import vacancy as texts
from procxl.render.context import (
    COMMON_KEYS,
    SECTION_KEYS,
    Sources,
    position_context,
    profile_items,
)
from procxl.render.kind import Context, DocumentKind, Kind, Made
from procxl.render.wordml import bullet_section, para, run, tag, text_section

KEYS = (*COMMON_KEYS, "title", "about", "city", "salary_from", "salary_to", "salary_text",
        "experience", "experience_id", "schedule", "schedule_id", "employment",
        "employment_id", "general_knowledge", "skills", "subject_knowledge", "qualities",
        "values", "duties", "conditions", "contacts")


def build(org: Organisation, position: Position, sources: Sources) -> Made:
    """The context of `Вакансия`: the profile's items and the `Вакансии` row's terms; None
    when the position is not listed in `Вакансии`.

    Items naming sex, age or family status are left out whatever a cell says: Russian law
    forbids such requirements in a vacancy (the checker reports them too).
    """
    vacancy = sources.vacancies.get(position.name.key)
    if vacancy is None:
        return None
    items = {section: _lawful(found)
             for section, found in profile_items(position, sources).items()}
    salary_from = _salary(vacancy.salary_from)
    salary_to = _salary(vacancy.salary_to)
    return {
        **position_context(org, position),
        "title": position.name.text,
        "about": org.param("about"),
        "city": vacancy.city.text or org.param("city"),
        "salary_from": salary_from,
        "salary_to": salary_to,
        "salary_text": salary_text(salary_from, salary_to),
        **_choice("experience", vacancy.experience, schema.HH_EXPERIENCE),
        **_choice("schedule", vacancy.schedule, schema.HH_SCHEDULE),
        **_choice("employment", vacancy.employment, schema.HH_EMPLOYMENT),
        **{SECTION_KEYS[section]: items[section] for section in schema.PROFILE_SECTIONS
           if section != "Области ответственности"},
        "conditions": _lawful(text.clean(c.text) for c in vacancy.conditions if c.text),
        "contacts": vacancy.contacts.text,
    }


def _lawful(items: Iterable[str]) -> list[str]:
    return [item for item in items if not discriminating_phrases(item)]


def _salary(cell: Cell) -> int | None:
    number = parse_number(cell)
    return int(number) if number is not None and number > 0 else None


def salary_text(low: int | None, high: int | None) -> str:
    """`от 80 000 до 120 000 руб.`, `от 80 000 руб.`, `до 120 000 руб.` or ''."""
    parts = []
    if low is not None:
        parts.append(f"от {_thousands(low)}")
    if high is not None:
        parts.append(f"до {_thousands(high)}")
    return " ".join(parts) + " руб." if parts else ""


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def _choice(key: str, cell: Cell, ids: dict[str, str]) -> dict[str, object]:
    """The words typed and the hh.ru id they map to (None when they map to none)."""
    folded = {text.fold(words): hh_id for words, hh_id in ids.items()}
    return {key: cell.text, f"{key}_id": folded.get(text.fold(cell.text))}


def body() -> str:
    def line(label: str, key: str) -> str:
        return "".join([tag(f"if {key}"),
                        para(run(f"{label}: ", bold=True), run("{{ " + key + " }}"),
                             style="NoIndent"),
                        tag("endif")])

    return "".join([
        para(run("Вакансия"), style="NoIndent"),
        para(run("{{ title }}"), style="Title"),
        para(run("{{ organisation }}"), style="Subtitle"),
        line("Город", "city"),
        line("Зарплата", "salary_text"),
        line("Опыт работы", "experience"),
        line("График", "schedule"),
        line("Занятость", "employment"),
        text_section("О компании", "about"),
        bullet_section("Обязанности", "duties"),
        bullet_section("Требования", "general_knowledge + skills"),
        bullet_section("Будет плюсом", "subject_knowledge"),
        bullet_section("Личные качества", "qualities"),
        bullet_section("Наши ценности", "values"),
        bullet_section("Условия", "conditions"),
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
