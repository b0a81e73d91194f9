"""What a vacancy says, in the voice of a job ad: from the position (`Должности`), its profile
(`Профили`, or the candidates when it has no rows) and its `Вакансии` row.

The result is a plain dict, the context every vacancy file is written from (.docx, .txt,
hh.ru's .html and .json), and the checks read the same dict, so that what they report (a
description too short for hh.ru, too many key skills) is what the files hold.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from procxl import declension, hh, pivots, schema, text
from procxl.checks.common import parse_number
from procxl.checks.discrimination import discriminating_phrases
from procxl.checks.profiles import include_choice, standard_section
from procxl.model import Cell, Organisation, Position, ProfileRow, Vacancy
from procxl.qualification import Qualification, qualification

QUALITIES_SHOWN = 5
"""Personal qualities a vacancy names, at most: a candidate reads a few as what matters and a
long list as boilerplate. The ones kept are those the most processes of the position ask for
(the sources in `Откуда`), in profile order among equals."""

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # would break the HTML or the job site

ABOUT = "О компании"
CONTACTS = "Контакты"
LISTS = (
    ("Обязанности", "duties"),
    ("Требования", "requirements"),
    ("Будет плюсом", "pluses"),
    ("Личные качества", "qualities"),
    ("Условия", "conditions"),
)
"""The bulleted sections, in the order a candidate reads them, and their context keys."""

KEYS = ("title", "about", "values_line", "city", "area", "salary_from", "salary_to",
        "salary_text", "facts", "duties", "requirements", "pluses", "qualities", "conditions",
        "key_skills", "contact_name", "phones", "emails", "contacts", "hh",
        *("general_knowledge", "subject_knowledge", "skills", "values", "experience",
          "schedule", "employment"))
"""The keys `context` gives (besides the keys every document has). The last seven are those
templates made for the first vacancy layout use: a restyled template keeps working."""


# The profile's items, with what the vacancy needs to know of each --------------------------

@dataclasses.dataclass(frozen=True, slots=True)
class Item:
    """A profile item chosen for the position: its wording, whether it may go into the
    vacancy (`В вакансию`), and how many processes ask for it (its sources)."""

    wording: str
    in_vacancy: bool = True
    weight: int = 1


def chosen_items(org: Organisation, rows: Sequence[ProfileRow],
                 candidates: Sequence[pivots.ProfileCandidate]) -> dict[str, list[Item]]:
    """The profile's chosen items by section (schema.PROFILE_SECTIONS order).

    The position's `Профили` rows decide when it has any: rows with `Включить` = да or
    empty, except items `procxl update` marked as no longer following from the processes
    and nobody confirmed. A position without rows there (the book was never updated) gets
    what `procxl update` would propose: every candidate, the company's own knowledge kept
    out of the vacancy (:func:`proposed_for_vacancy`).
    """
    sections: dict[str, list[Item]] = {section: [] for section in schema.PROFILE_SECTIONS}
    seen: set[tuple[str, str]] = set()

    def add(section: str, item: Item) -> None:
        key = (section, text.fold(item.wording))
        if section in sections and item.wording and key not in seen:
            seen.add(key)
            sections[section].append(item)

    if rows:
        for row in rows:
            if _chosen(row):
                add(standard_section(row.section) or "",
                    Item(text.clean(row.wording.text), include_choice(row.to_vacancy) is not False,
                         _weight(row.source.text)))
    else:
        for candidate in candidates:
            add(candidate.section, Item(
                candidate.wording, proposed_for_vacancy(org, candidate.section, candidate.wording),
                len(candidate.sources)))
    return sections


@functools.lru_cache(maxsize=1 << 14)
def _weight(source: str) -> int:
    """How many processes an `Откуда` cell names, at least one. Cached: a few thousand
    process lists stand in the 65 000 rows of a large book's `Профили`."""
    return max(1, len(text.split_list(source)))


def profile_rows_by_position(org: Organisation) -> dict[str, list[ProfileRow]]:
    """The `Профили` rows of each position of the register, by its matching key."""
    return org.profiles_by_position


def candidates_by_position(candidates: Iterable[pivots.ProfileCandidate]
                           ) -> dict[str, list[pivots.ProfileCandidate]]:
    """Profile candidates grouped by their position's matching key."""
    found: dict[str, list[pivots.ProfileCandidate]] = {}
    for candidate in candidates:
        found.setdefault(text.fold(candidate.position), []).append(candidate)
    return found


def candidates_without_rows(org: Organisation, keys: Iterable[str],
                            all_duties: list[pivots.Duty] | None = None
                            ) -> dict[str, list[pivots.ProfileCandidate]]:
    """The profile candidates of the positions among `keys` (matching keys) that have no
    `Профили` rows, by position: only such a position, never updated, takes them
    (:func:`chosen_items`); after an update there is none, and nothing is derived."""
    rows = profile_rows_by_position(org)
    wanted = {key for key in keys if key not in rows}
    if not wanted:
        return {}
    return candidates_by_position(pivots.profile_candidates(org, all_duties, only=wanted))


def vacancies_by_position(org: Organisation) -> dict[str, Vacancy]:
    """The `Вакансии` row of each position (by matching key); the first of repeats wins."""
    found: dict[str, Vacancy] = {}
    for vacancy in org.vacancies:
        position = org.position(vacancy.position.text)
        if position is not None:
            found.setdefault(position.name.key, vacancy)
    return found


def _chosen(row: ProfileRow) -> bool:
    if not include_choice(row.include):
        return False
    return bool(row.include.text) or not row.status.text.startswith(schema.STALE_ITEM_MARK)


# The vacancy --------------------------------------------------------------------------------

def context(org: Organisation, position: Position, vacancy: Vacancy,
            items: Mapping[str, Sequence[Item]], *, grammar: bool = True) -> dict[str, Any]:
    """The vacancy of `position` as the job ad reads: title, facts, about the company (its
    values in one line), duties in the infinitive, requirements, pluses, a few qualities,
    conditions, contacts, and hh.ru's terms (`hh`: ids, None where the sheet says nothing).

    Items naming sex, age or family status are left out whatever a cell says: Russian law
    forbids such requirements in a vacancy (the checker reports them too).

    `grammar=False` leaves the words as typed (no infinitives, no lowered first letters,
    and no morphological dictionary to load): what a quick check of counts and lengths
    needs, where an infinitive changes a duty's length by a few letters at most
    (:data:`VOICE_SLACK`).
    """
    voice = declension.duty_in_infinitive if grammar else _as_typed
    sentence = declension.in_sentence if grammar else _as_typed

    lawful = {section: [i for i in chosen if i.in_vacancy
                        and not discriminating_phrases(i.wording)]
              for section, chosen in items.items()}
    salary_from, salary_to = _salary(vacancy.salary_from), _salary(vacancy.salary_to)
    terms = _terms(org, position, vacancy)
    skills = [i.wording for i in lawful["Навыки"]]
    knowledge = [i.wording for i in lawful["Общие знания"]]
    subject = [i.wording for i in lawful["Предметные знания"]]
    values = [i.wording for i in lawful["Ценности"]]
    contact_name, phones, emails = _contacts(vacancy)
    found = {
        "title": position.name.text,
        "about": org.param("about"),
        "values_line": _values_line(values, sentence),
        "city": vacancy.city.text or org.param("city"),
        "area": vacancy.area.text,
        "salary_from": salary_from,
        "salary_to": salary_to,
        "salary_text": salary_text(salary_from, salary_to),
        "duties": [voice(i.wording) for i in lawful["Функциональные обязанности"]],
        "requirements": _requirements(qualification(org, position), knowledge, skills,
                                      sentence),
        "pluses": subject,
        "qualities": [i.wording for i in _most_asked(lawful["Личные качества"])],
        "conditions": [c for c in (text.clean(c.text) for c in vacancy.conditions if c.text)
                       if not discriminating_phrases(c)],
        "key_skills": key_skills(skills),
        "contact_name": contact_name,
        "phones": phones,
        "emails": emails,
        "contacts": ", ".join([*([contact_name] if contact_name else []), *phones, *emails]),
        "hh": terms,
        "general_knowledge": knowledge,
        "subject_knowledge": subject,
        "skills": skills,
        "values": values,
        "experience": vacancy.experience.text,
        "schedule": vacancy.schedule.text,
        "employment": vacancy.employment.text,
    }
    found["facts"] = _facts(found, vacancy, terms, sentence)
    return found


VOICE_SLACK = 2
"""How many letters putting one word of a duty into the infinitive may add or take away at
most («ищет» → «искать», «печёт» → «печь»)."""


def _as_typed(words: str) -> str:
    return words


def _terms(org: Organisation, position: Position, vacancy: Vacancy) -> dict[str, Any]:
    words = {key: getattr(vacancy, key).text for key in
             ("area", "role", "billing", "experience", "employment", "work_format", "schedule")}
    words["city"] = vacancy.city.text or org.param("city")
    found = hh.terms(words, parse_number(vacancy.hours))
    return {**dataclasses.asdict(found),
            "experience": found.experience or hh.experience_from_text(position.experience.text),
            "driver_licences": _licence_categories(position)}


_LICENCE = re.compile(r"(?:водительск\w*\s+(?:удостоверени|прав)\w*|права)\s+категори\w*\s+"
                      r"«?([A-E]1?|[A-E]E|Tm|Tb)»?", re.I)
_CATEGORIES = {"A", "B", "C", "D", "E", "BE", "CE", "DE", "TM", "TB"}


def _licence_categories(position: Position) -> list[str]:
    """The driving licence categories `Особые условия допуска` asks for (hh.ru's
    `driver_license_types`): «Водительское удостоверение категории «B»» → B."""
    found: list[str] = []
    for item in position.admission:
        for match in _LICENCE.finditer(item.text):
            category = match.group(1).upper()
            if category in _CATEGORIES and category not in found:
                found.append(category)
    return found


def _requirements(required: Qualification, knowledge: Sequence[str], skills: Sequence[str],
                  in_sentence: Callable[[str], str]) -> list[str]:
    """Education and experience (from `Должности`, or the position's professional standard
    where those cells are empty), each special admission condition, then
    the general knowledge and the skills, each group as one line."""
    found: list[str] = []
    if education := required.education:
        found.append(f"Образование: {in_sentence(education)}")
    if experience := required.experience:
        found.append(f"Опыт работы: {in_sentence(experience)}")
    found += list(required.admission)
    if knowledge:
        found.append("Знания: " + "; ".join(in_sentence(k) for k in knowledge))
    if skills:
        found.append("Навыки: " + "; ".join(in_sentence(s) for s in skills))
    return [line for line in found if not discriminating_phrases(line)]


def _most_asked(qualities: Sequence[Item]) -> list[Item]:
    ranked = sorted(range(len(qualities)), key=lambda i: -qualities[i].weight)
    kept = sorted(ranked[:QUALITIES_SHOWN])
    return [qualities[i] for i in kept]


def _values_line(values: Sequence[str], in_sentence: Callable[[str], str]) -> str:
    if not values:
        return ""
    return "Наши ценности: " + ", ".join(in_sentence(v) for v in values) + "."


def _facts(found: Mapping[str, Any], vacancy: Vacancy, terms: Mapping[str, Any],
           in_sentence: Callable[[str], str]) -> list[dict[str, str]]:
    """The short lines under the title: label and text, in the order a candidate asks."""
    schedule = text.clean(vacancy.schedule.text)
    hours = parse_number(vacancy.hours)
    if hours:
        hours_text = f"{_number(hours)} {_hours_word(hours)} в день"
        schedule = f"{schedule}, {hours_text}" if schedule else hours_text
    experience = text.clean(vacancy.experience.text) or _experience_words(terms["experience"])
    pairs = [
        ("Город", found["city"]),
        ("Зарплата", found["salary_text"]),
        ("Опыт работы", in_sentence(experience) if experience else ""),
        ("Занятость", in_sentence(text.clean(vacancy.employment.text))),
        ("Формат работы", in_sentence(text.clean(vacancy.work_format.text))),
        ("График работы", in_sentence(schedule) if schedule else ""),
    ]
    return [{"label": label, "text": value} for label, value in pairs if value]


def _experience_words(hh_id: str | None) -> str:
    return next((words for words, found in hh.EXPERIENCE.items() if found == hh_id), "")


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value).replace(".", ",")


def _hours_word(hours: float) -> str:
    if hours != int(hours):
        return "часа"
    n = int(hours)
    if n % 10 == 1 and n % 100 != 11:
        return "час"
    return "часа" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "часов"


def _salary(cell: Cell) -> int | None:
    number = parse_number(cell)
    return int(number) if number is not None and number > 0 else None


def salary_text(low: int | None, high: int | None) -> str:
    """`от 80 000 до 120 000 руб. до вычета налогов`, `от 80 000 руб. …`, or ''."""
    parts = []
    if low is not None:
        parts.append(f"от {text.thousands(low)}")
    if high is not None:
        parts.append(f"до {text.thousands(high)}")
    return " ".join(parts) + " руб. до вычета налогов" if parts else ""


def _contacts(vacancy: Vacancy) -> tuple[str, list[str], list[str]]:
    """Whom to contact, the phones and the e-mail addresses: from `Контактное лицо`,
    `Телефон` and `Email`; a contact cell of the first standard («Анна Ковалева, +7 …»)
    gives its phones and addresses too."""
    said = vacancy.contact_name.text
    phones = [text.clean(p) for p in text.split_list(vacancy.phone.text)] or hh.phones_in(said)
    emails = [text.clean(e) for e in text.split_list(vacancy.email.text)] or hh.emails_in(said)
    return text.clean(hh.without_contacts(said)), phones, emails


def key_skills(skills: Iterable[str]) -> list[str]:
    """hh.ru key skills: one line each, cut to 100 characters, first spelling of a repeat
    (ignoring case and spaces) kept, empty ones dropped; all of them (the .json takes 30)."""
    chosen: dict[str, str] = {}
    for skill in skills:
        name = cut(one_line(skill), hh.KEY_SKILL_MAX_LENGTH)
        if name:
            chosen.setdefault(_fold(name), name)
    return list(chosen.values())


# Sections: what the description and the texts are made of -----------------------------------

@dataclasses.dataclass(frozen=True, slots=True)
class Section:
    """One titled part of the vacancy with its blocks: bullet items or paragraphs.

    Each block is its lines, already cleaned; a section is only built when it has a block.
    """

    heading: str
    blocks: tuple[tuple[str, ...], ...]
    bulleted: bool


def sections(ctx: Mapping[str, Any], *, contacts: bool) -> list[Section]:
    """The vacancy's non-empty sections in reading order, from `О компании` to `Условия`,
    and `Контакты` when asked for (hh.ru shows them apart from the description)."""
    about = "\n\n".join(part for part in (ctx["about"], ctx["values_line"]) if part)
    found = [_prose(ABOUT, about)]
    found += [_bullets(heading, ctx[key]) for heading, key in LISTS]
    if contacts:
        found.append(_prose(CONTACTS, ctx["contacts"]))
    return [section for section in found if section.blocks]


def description_length(ctx: Mapping[str, Any]) -> int:
    """The characters a reader of hh.ru's description sees: headings and lines, no tags."""
    return sum(len(s.heading) + 1 + sum(len(line) for b in s.blocks for line in b)
               for s in sections(ctx, contacts=False))


def _clean_lines(value: str) -> list[str]:
    """The lines of a cell, stripped, with control characters removed; blank lines kept.

    `splitlines` also splits at \\r, \\v, \\f and the Unicode separators Word pastes bring.
    """
    return [_CONTROL.sub("", line).strip() for line in value.splitlines()]


def one_line(value: str) -> str:
    return " ".join(line for line in _clean_lines(value) if line)


def _fold(value: str) -> str:
    return " ".join(value.casefold().split())


def cut(value: str, limit: int) -> str:
    """The text, or its start and an ellipsis when it is longer than `limit` characters."""
    if len(value) <= limit:
        return value
    return value[: limit - 1].rstrip() + "…"


def _prose(heading: str, value: str) -> Section:
    """A section of paragraphs: the cell's text split at blank lines."""
    paragraphs: list[list[str]] = [[]]
    for line in _clean_lines(value):
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return Section(heading, tuple(tuple(p) for p in paragraphs if p), bulleted=False)


def _bullets(heading: str, items: Iterable[str]) -> Section:
    """A bulleted section; empty items and repeats (ignoring case) dropped."""
    blocks: dict[str, tuple[str, ...]] = {}
    for item in items:
        if lines := tuple(line for line in _clean_lines(item) if line):
            blocks.setdefault(_fold(" ".join(lines)), lines)
    return Section(heading, tuple(blocks.values()), bulleted=True)


# Knowledge only the company itself can teach ------------------------------------------------

def proposed_for_vacancy(org: Organisation, section: str, wording: str) -> bool:
    """What `В вакансию` procxl proposes for a new profile item: no for subject knowledge
    that names the company's own rules (:func:`company_own`), yes for everything else."""
    return not (section == schema.PROFILE_SECTIONS[1] and company_own(wording, org))


_OWN_WORDS = re.compile(
    r"(?<!\w)(?:компани[ийю]|организаци[ийю]|предприяти[яюе]|фирм[ыеу]|наш\w*|внутренн\w*|"
    r"корпоративн\w*|фирменн\w*|локальн\w+\s+(?:акт|норматив)\w*)(?!\w)", re.I)
_NETWORK = re.compile(r"(?<!\w)сет(?:ь|и|ью)(?!\w)", re.I)
_NAME_WORD = re.compile(r"[«\"]([^»\"]+)[»\"]")


def company_own(wording: str, org: Organisation) -> bool:
    """Whether a subject knowledge item names the company's own rules, which no candidate
    from outside can know («Стандарты компании», «Регламент ООО «Ромашка»»): such an item
    is proposed with `В вакансию` = нет. A company that calls itself a network in «О
    компании» («развивает сеть станций») owns «стандарты сервиса сети» too."""
    if _OWN_WORDS.search(wording):
        return True
    names, network = _own_marks(org.param("name"), org.param("about"))
    folded = text.fold(wording)
    if any(name in folded for name in names):
        return True
    return network and _NETWORK.search(wording) is not None


@functools.lru_cache(maxsize=16)
def _own_marks(name: str, about: str) -> tuple[tuple[str, ...], bool]:
    """What names the company itself, found once per organisation (an update asks for every
    new profile row): the quoted words of its name, and whether it calls itself a network."""
    return (tuple(text.fold(n) for n in _NAME_WORD.findall(name) if len(n) > 2),
            _NETWORK.search(about) is not None)
