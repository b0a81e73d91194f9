"""hh.ru's employer API as procxl speaks to it: the words of `Вакансии` and the ids they stand
for, its limits, its regions, and what a vacancy row says in the API's terms.

Everything hh.ru-specific is here, in one table per dictionary, so that the workbook standard
(the drop-downs), the checks (which cell to fill) and the .json writer agree by construction.
The ids are those of hh.ru's `GET /dictionaries` and the `POST /vacancies` body of its OpenAPI
description (api.hh.ru/openapi), as of 2025: `salary_range`, `work_format`,
`work_schedule_by_days`, `working_hours` and `employment_form` replaced the deprecated `salary`,
`schedule` and `employment`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from procxl import text

T = TypeVar("T")

# Limits of POST /vacancies (its OpenAPI description and GET /vacancy_conditions).
NAME_MAX_LENGTH = 220
DESCRIPTION_MIN_LENGTH = 200  # "для успешной публикации вакансии не менее 200 символов"
DESCRIPTION_MAX_LENGTH = 10_000
KEY_SKILLS_MAX_COUNT = 30
KEY_SKILL_MAX_LENGTH = 100
CURRENCY = "RUR"  # hh.ru's own code for roubles (its `currency` dictionary), not ISO "RUB"
SALARY_MODE = "MONTH"  # salary_range_mode «За месяц»: the workbook's sums are monthly
# salary_range_frequency «Два раза в месяц»: the Labour Code has wages paid at least every
# half month (art. 136 ТК РФ), so that is what an employer under it offers.
SALARY_FREQUENCY = "TWICE_PER_MONTH"
VACANCY_TYPE = "open"  # vacancy_type «Открытая»: published with the employer's name

# The words offered in `Вакансии` and the ids they stand for ---------------------------------

EXPERIENCE = {
    "Нет опыта": "noExperience",
    "От 1 года до 3 лет": "between1And3",
    "От 3 до 6 лет": "between3And6",
    "Более 6 лет": "moreThan6",
}
EMPLOYMENT_FORM = {
    "Полная": "FULL",
    "Частичная": "PART",
    "Проект или разовое задание": "PROJECT",
    "Вахта": "FLY_IN_FLY_OUT",
    "Стажировка": "",  # not a form of employment on hh.ru: the `internship` flag
}
INTERNSHIP = "Стажировка"
WORK_FORMAT = {
    "На месте работодателя": "ON_SITE",
    "Удалённо": "REMOTE",
    "Гибрид": "HYBRID",
    "Разъездной": "FIELD_WORK",
}
WORK_SCHEDULE = {
    "5/2": "FIVE_ON_TWO_OFF",
    "2/2": "TWO_ON_TWO_OFF",
    "6/1": "SIX_ON_ONE_OFF",
    "3/3": "THREE_ON_THREE_OFF",
    "4/4": "FOUR_ON_FOUR_OFF",
    "4/3": "FOUR_ON_THREE_OFF",
    "4/2": "FOUR_ON_TWO_OFF",
    "3/2": "THREE_ON_TWO_OFF",
    "2/1": "TWO_ON_ONE_OFF",
    "1/2": "ONE_ON_TWO_OFF",
    "1/3": "ONE_ON_THREE_OFF",
    "По выходным": "WEEKEND",
    "Свободный": "FLEXIBLE",
    "Другой": "OTHER",
}
WORKING_HOURS = (*range(2, 13), 24)
"""The hours a day hh.ru's `working_hours` names (`HOURS_2` … `HOURS_12`, `HOURS_24`)."""
BILLING_TYPE = {
    "Стандарт": "standard",
    "Стандарт плюс": "standard_plus",
    "Премиум": "premium",
}

# The words of the first version of the standard, still understood: the old hh.ru
# `employment` and `schedule` dictionaries, put in the terms that replaced them.
OLD_EMPLOYMENT = {
    "Полная занятость": {"employment_form": "FULL"},
    "Частичная занятость": {"employment_form": "PART"},
    "Проектная работа": {"employment_form": "PROJECT"},
}
OLD_SCHEDULE = {
    "Полный день": {"work_format": "ON_SITE", "working_hours": "HOURS_8"},
    "Сменный график": {},  # hh.ru has no shift pattern without its days: the text says it
    "Гибкий график": {"work_schedule": "FLEXIBLE"},
    "Удаленная работа": {"work_format": "REMOTE"},
    "Вахтовый метод": {"employment_form": "FLY_IN_FLY_OUT"},
}

AREAS = {
    "Москва": 1,
    "Санкт-Петербург": 2,
    "Екатеринбург": 3,
    "Новосибирск": 4,
    "Волгоград": 24,
    "Воронеж": 26,
    "Краснодар": 53,
    "Красноярск": 54,
    "Нижний Новгород": 66,
    "Омск": 68,
    "Пермь": 72,
    "Ростов-на-Дону": 76,
    "Самара": 78,
    "Казань": 88,
    "Уфа": 99,
    "Челябинск": 104,
}
"""hh.ru area ids of the largest Russian cities (its `GET /areas`). Each was checked against
public clients of the API that agree on it; a city that is not here is given by its number,
typed in `Регион hh.ru`."""

_AREA_KEYS = {text.fold(name): area for name, area in AREAS.items()}
_AREA_ALIASES = {"спб": 2, "питер": 2, "мск": 1}


def area_id(words: str) -> int | None:
    """The hh.ru area id of a city name (`Казань` → 88, `г. Казань` too) or of a number typed
    as the id itself (`1234`); None for what is neither."""
    words = text.clean(words)
    if re.fullmatch(r"\d{1,7}", words):
        return int(words)
    key = re.sub(r"^(г\.?|город)\s+", "", text.fold(words))
    return _AREA_KEYS.get(key) or _AREA_ALIASES.get(key)


def role_id(words: str) -> str | None:
    """hh.ru's professional role id from a cell: `70`, or `70 — Менеджер по продажам`."""
    found = re.match(r"\s*(\d{1,5})(?!\d)", words)
    return found.group(1) if found else None


def working_hours(hours: float | None) -> str | None:
    """`HOURS_8` for 8 hours a day, `OTHER` for a number hh.ru does not list, None for none."""
    if hours is None or hours <= 0:
        return None
    return f"HOURS_{int(hours)}" if hours == int(hours) and hours in WORKING_HOURS else "OTHER"


_YEARS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:-|–|до\s+\d+\s*)?\s*(?:года|лет|год)", re.I)
_NONE = re.compile(r"\bбез\s+опыта\b|\bопыт\s+не\s+(?:требуется|нужен|обязателен)\b", re.I)


def experience_from_text(words: str) -> str | None:
    """hh.ru's `experience` id for a required length of service in words, as `Должности`
    holds it: «Не менее 2 лет в продажах» → between1And3, «от 5 лет» → between3And6,
    «Без опыта» → noExperience; None when the text names no number of years."""
    if _NONE.search(words):
        return "noExperience"
    found = _YEARS.search(words)
    if found is None:
        return None
    years = float(found.group(1).replace(",", "."))
    if years < 1:
        return "noExperience"
    if years < 3:
        return "between1And3"
    return "between3And6" if years <= 6 else "moreThan6"


def choice_id(words: str, table: Mapping[str, T]) -> T | None:
    """What the words stand for in `table` (an id, or the ids of the first standard's words),
    ignoring case, spaces and ё; None when unknown."""
    key = text.fold(words)
    return next((found for offered, found in table.items() if text.fold(offered) == key), None)


# Contacts -----------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+\s*\d|\b8)[\d\s()\-‑–]{9,}\d|\b\d[\d\s()\-‑–]{8,}\d")


def emails_in(words: str) -> list[str]:
    return _EMAIL.findall(words)


def phones_in(words: str) -> list[str]:
    return [m.group(0).strip() for m in _PHONE.finditer(_EMAIL.sub(" ", words))]


def phone(number: str) -> dict[str, str]:
    """One phone of the API's `contacts.phones`: a Russian number split into country, city
    code and number (`+7 (843) 000-00-00` → 7, 843, 0000000); any other as `formatted`."""
    digits = re.sub(r"\D", "", number)
    if len(digits) == 11 and digits[0] in "78":
        return {"country": "7", "city": digits[1:4], "number": digits[4:]}
    return {"formatted": text.clean(number)}


def without_contacts(words: str) -> str:
    """A contact cell of the first standard («Анна Ковалева, отдел персонала, +7 …») with its
    phones and e-mail addresses taken out: what is left names the person."""
    left = _PHONE.sub(" ", _EMAIL.sub(" ", words))
    parts = [p.strip() for p in re.split(r"[,;\n]", left)]
    return ", ".join(p for p in parts if p)


# A vacancy row in the API's terms --------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Terms:
    """What a `Вакансии` row says in hh.ru's ids; None (or empty) where it says nothing."""

    area: int | None = None
    role: str | None = None
    billing_type: str | None = None
    experience: str | None = None
    employment_form: str | None = None
    internship: bool = False
    work_format: str | None = None
    work_schedule: str | None = None
    working_hours: str | None = None


def terms(words: Mapping[str, str], hours: float | None) -> Terms:
    """`Terms` from a row's words by column key (area, role, billing, experience, employment,
    work_format, schedule) and its hours a day. Old words fill what the new columns leave
    empty; the `experience` of `Должности` is the caller's to add."""
    found: dict[str, object] = {}

    def take(key: str, table: Mapping[str, str], target: str) -> None:
        hh_id = choice_id(words.get(key, ""), table)
        if hh_id:  # None: words hh.ru has no id for (V007 says so); "": no id by design
            found.setdefault(target, hh_id)

    take("experience", EXPERIENCE, "experience")
    take("billing", BILLING_TYPE, "billing_type")
    take("work_format", WORK_FORMAT, "work_format")
    employment = words.get("employment", "")
    old_employment = choice_id(employment, OLD_EMPLOYMENT)
    if text.fold(employment) == text.fold(INTERNSHIP):
        found["internship"] = True
    elif old_employment is None:
        take("employment", EMPLOYMENT_FORM, "employment_form")
    old_schedule = choice_id(words.get("schedule", ""), OLD_SCHEDULE)
    if old_schedule is None:
        take("schedule", WORK_SCHEDULE, "work_schedule")
    if (hours_id := working_hours(hours)) is not None:
        found["working_hours"] = hours_id
    for old in (old_employment, old_schedule):
        for target, hh_id in (old or {}).items():
            found.setdefault(target, hh_id)
    if area_words := words.get("area", ""):
        found["area"] = area_id(area_words)  # None: V010 names the cell
    elif city := words.get("city", ""):
        found["area"] = area_id(city)
    if role_words := words.get("role", ""):
        found["role"] = role_id(role_words)  # None: V011 names the cell
    return Terms(**found)  # type: ignore[arg-type]


OLD_WORDS = {"employment": tuple(OLD_EMPLOYMENT), "schedule": tuple(OLD_SCHEDULE)}
"""The words of the first standard each column still accepts (not offered any more)."""
