"""Vacancy texts as a recruiter checks them before pasting into hh.ru or another job site."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest

from procxl import hh
from procxl.render import vacancy

NO_TERMS: dict[str, Any] = {
    "area": None, "role": None, "billing_type": None, "experience": None,
    "employment_form": None, "internship": False, "work_format": None, "work_schedule": None,
    "working_hours": None, "driver_licences": [],
}

SALARY = "от 80\u00a0000 до 120\u00a0000 руб. до вычета налогов"

MANAGER: dict[str, Any] = {
    "organisation": "ООО «АвтоСеть»",
    "approver_title": "Генеральный директор",  # the common keys a real context also has
    "position": "Менеджер по развитию сети СТО",
    "title": "Менеджер по развитию сети СТО",
    "about": "Сеть из 40 станций техобслуживания в Поволжье.\n\nРаботаем с 2009 года.",
    "values_line": "Наши ценности: клиент всегда прав.",
    "city": "Казань",
    "area": "",
    "department": "Отдел развития",
    "salary_from": 80000,
    "salary_to": 120000,
    "salary_text": SALARY,
    "facts": [{"label": "Город", "text": "Казань"},
              {"label": "Зарплата", "text": SALARY},
              {"label": "Опыт работы", "text": "от 1 года до 3 лет"},
              {"label": "График работы", "text": "5/2, 8 часов в день"}],
    "duties": [
        "Находить и подключать новые СТО к сети",
        "Вести переговоры\nс владельцами сервисов",
        "Контролировать выполнение стандартов сети",
    ],
    "requirements": ["Образование: высшее", "Знания: основы маркетинга; устройство автомобиля",
                     "Навыки: ведение переговоров; работа в 1С; Excel"],
    "pluses": ["Рынок автосервиса Поволжья"],
    "qualities": ["Ответственность", "Коммуникабельность"],
    "conditions": ["Оформление по ТК РФ", "Служебный автомобиль", "Обучение за счёт компании"],
    "key_skills": ["Ведение переговоров", "Работа в 1С", "Excel"],
    "contact_name": "Анна Петрова",
    "phones": ["+7 843 000-00-00"],
    "emails": ["hr@autoset.example"],
    "contacts": "Анна Петрова, +7 843 000-00-00, hr@autoset.example",
    "hh": {**NO_TERMS, "area": 88, "role": "70", "billing_type": "standard",
           "experience": "between1And3", "employment_form": "FULL", "work_format": "FIELD_WORK",
           "work_schedule": "FIVE_ON_TWO_OFF", "working_hours": "HOURS_8",
           "driver_licences": ["B"]},
}

LONG = "Очень длинная обязанность. " * 185  # about 5,000 characters
HOSTILE: dict[str, Any] = {
    **MANAGER,
    "title": 'R&D <отдел> "кавычки"',
    "organisation": "ООО <b>«Ромашка»</b>",
    "about": 'Мы — R&D <отдел>\r\nи пишем "кавычки" и \'апострофы\'',
    "values_line": "\u2028разделитель Word\u2029",
    "department": "R&D",
    "duties": ["<script>alert(1)</script>", LONG, "Строка один\nстрока два  \n", "  ", ""],
    "requirements": ["a < b && c > d"],
    "key_skills": [f"Навык {n} <i>" for n in range(60)] + ["Х" * 100],
    "pluses": ["&amp; уже экранировано"],
    "qualities": ['"кавычки"'],
    "conditions": ["Обед\tв офисе\x00\x07"],
    "contact_name": "<a href='javascript:alert(1)'>написать</a>",
    "contacts": "<a href='javascript:alert(1)'>написать</a>",
}

EMPTY: dict[str, Any] = {
    **MANAGER,
    "organisation": "",
    "about": "",
    "values_line": "",
    "city": "",
    "department": "",
    "salary_from": None,
    "salary_to": None,
    "salary_text": "",
    "facts": [],
    "duties": [],
    "requirements": [],
    "pluses": [],
    "qualities": [],
    "conditions": [],
    "key_skills": [],
    "contact_name": "",
    "phones": [],
    "emails": [],
    "contacts": "",
    "hh": NO_TERMS,
}

HEADINGS = ("О компании", "Обязанности", "Требования", "Будет плюсом", "Личные качества",
            "Условия", "Контакты")
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li"}


class Reader(HTMLParser):
    """What a browser would see in the description: tags, attributes and the text."""

    def __init__(self) -> None:
        super().__init__()  # convert_charrefs: the text comes back unescaped
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        if tag != "br":
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_html(fragment: str) -> Reader:
    reader = Reader()
    reader.feed(fragment)
    reader.close()
    assert reader.open == [], "every tag is closed"
    return reader


def headings_in_text(text: str) -> list[str]:
    return [line[:-1] for line in text.splitlines() if line[:-1] in HEADINGS]


def headings_in_html(fragment: str) -> list[str]:
    return [h for h in HEADINGS if f"<p><strong>{h}:</strong></p>" in fragment]


# Plain text --------------------------------------------------------------------------------

def test_text_reads_as_a_vacancy() -> None:
    text = vacancy.vacancy_text(MANAGER)
    lines = text.splitlines()
    assert lines[:6] == [
        "Менеджер по развитию сети СТО",
        "ООО «АвтоСеть»",
        "Город: Казань",
        "Зарплата: от 80\u00a0000 до 120\u00a0000 руб. до вычета налогов",
        "Опыт работы: от 1 года до 3 лет",
        "График работы: 5/2, 8 часов в день",
    ]
    assert headings_in_text(text) == list(HEADINGS)
    assert "Обязанности:\n• Находить и подключать новые СТО к сети\n" in text
    assert "• Вести переговоры\n  с владельцами сервисов\n" in text
    assert ("О компании:\nСеть из 40 станций техобслуживания в Поволжье.\n\nРаботаем с 2009 "
            "года.\n\nНаши ценности: клиент всегда прав.\n") in text
    assert text.endswith("Контакты:\nАнна Петрова, +7 843 000-00-00, hr@autoset.example\n")


@pytest.mark.parametrize("ctx", [MANAGER, HOSTILE, EMPTY], ids=["manager", "hostile", "empty"])
def test_text_lines_are_clean(ctx: dict[str, Any]) -> None:
    text = vacancy.vacancy_text(ctx)
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert "\r" not in text and "\x00" not in text and "\u2028" not in text


def test_hostile_text_stays_as_typed() -> None:
    text = vacancy.vacancy_text(HOSTILE)
    assert text.startswith('R&D <отдел> "кавычки"\nООО <b>«Ромашка»</b>\n')
    assert "• <script>alert(1)</script>\n" in text
    assert f"• {LONG.strip()}\n" in text
    assert "• Строка один\n  строка два\n" in text
    assert "Мы — R&D <отдел>\nи пишем \"кавычки\" и 'апострофы'\n" in text
    assert "\nразделитель Word\n" in text
    assert "• Обед\tв офисе\n" in text


def test_empty_sections_leave_no_heading() -> None:
    text = vacancy.vacancy_text(EMPTY)
    assert text == "Менеджер по развитию сети СТО\n"
    partial = {**EMPTY, "duties": ["Звонить клиентам"], "contacts": " \n ",
               "facts": [{"label": "Город", "text": " "}]}
    assert headings_in_text(vacancy.vacancy_text(partial)) == ["Обязанности"]


# HTML for hh.ru ----------------------------------------------------------------------------

@pytest.mark.parametrize("ctx", [MANAGER, HOSTILE, EMPTY], ids=["manager", "hostile", "empty"])
def test_html_uses_only_tags_hh_keeps(ctx: dict[str, Any]) -> None:
    reader = read_html(vacancy.vacancy_html(ctx))
    assert set(reader.tags) <= ALLOWED_TAGS
    assert reader.attrs == []
    assert "\n" not in vacancy.vacancy_html(ctx)


def test_html_has_sections_in_order_no_title_and_no_contacts() -> None:
    fragment = vacancy.vacancy_html(MANAGER)
    shown = HEADINGS[:-1]
    assert headings_in_html(fragment) == list(shown)
    assert [fragment.index(f"<strong>{h}:") for h in shown] == sorted(
        fragment.index(f"<strong>{h}:") for h in shown)
    assert "Менеджер по развитию" not in fragment
    assert "<li>Вести переговоры<br />с владельцами сервисов</li>" in fragment
    assert ("<p><strong>О компании:</strong></p><p>Сеть из 40 станций техобслуживания в "
            "Поволжье.</p><p>Работаем с 2009 года.</p><p>Наши ценности: клиент всегда "
            "прав.</p>") in fragment
    # hh.ru shows the contacts apart and refuses a description holding an e-mail address
    assert "hr@autoset.example" not in fragment and "Анна Петрова" not in fragment


def test_hostile_html_is_escaped_and_reads_back_as_typed() -> None:
    fragment = vacancy.vacancy_html(HOSTILE)
    reader = read_html(fragment)
    assert "script" not in reader.tags and "a" not in reader.tags
    text = "".join(reader.text)
    for typed in ("R&D <отдел>", '"кавычки"', "'апострофы'", "<script>alert(1)</script>",
                  LONG.strip(), "a < b && c > d", "&amp; уже экранировано"):
        assert typed in text
    assert "<script>" not in fragment and "&amp;amp; уже" in fragment
    assert "<li>Строка один<br />строка два</li>" in fragment


def test_empty_vacancy_has_empty_description() -> None:
    assert vacancy.vacancy_html(EMPTY) == ""


# JSON for the hh.ru API --------------------------------------------------------------------

def test_payload_for_the_manager() -> None:
    payload = json.loads(vacancy.vacancy_json(MANAGER))
    assert payload == {
        "name": "Менеджер по развитию сети СТО",
        "description": vacancy.vacancy_html(MANAGER),
        "type": {"id": "open"},
        "key_skills": [{"name": "Ведение переговоров"}, {"name": "Работа в 1С"},
                       {"name": "Excel"}],
        "salary_range": {"from": 80000, "to": 120000, "currency": "RUR", "gross": True,
                         "mode": {"id": "MONTH"}, "frequency": {"id": "TWICE_PER_MONTH"}},
        "area": {"id": "88"},
        "professional_roles": [{"id": "70"}],
        "billing_type": {"id": "standard"},
        "experience": {"id": "between1And3"},
        "employment_form": {"id": "FULL"},
        "work_format": [{"id": "FIELD_WORK"}],
        "work_schedule_by_days": [{"id": "FIVE_ON_TWO_OFF"}],
        "working_hours": [{"id": "HOURS_8"}],
        "driver_license_types": [{"id": "B"}],
        "contacts": {"name": "Анна Петрова", "email": "hr@autoset.example",
                     "phones": [{"country": "7", "city": "843", "number": "0000000"}]},
    }
    assert not {"salary", "schedule", "employment"} & set(payload)  # deprecated by hh.ru


def test_json_is_readable_utf8() -> None:
    written = vacancy.vacancy_json(HOSTILE)
    assert written.endswith("}\n") and "\\u04" not in written
    assert json.loads(written) == vacancy.hh_payload(HOSTILE)


def test_at_most_30_key_skills_go_to_hh() -> None:
    skills = [entry["name"] for entry in vacancy.hh_payload(HOSTILE)["key_skills"]]
    assert skills == [f"Навык {n} <i>" for n in range(30)]


def test_name_is_one_line_within_the_limit() -> None:
    long_title = {**MANAGER, "title": "Менеджер\nпо развитию " + "сети " * 100}
    name = vacancy.hh_payload(long_title)["name"]
    assert name.startswith("Менеджер по развитию сети") and "\n" not in name
    assert len(name) <= hh.NAME_MAX_LENGTH


@pytest.mark.parametrize(("low", "high", "bounds"), [
    (None, None, None),
    (80000, None, {"from": 80000}),
    (None, 120000, {"to": 120000}),
])
def test_salary_only_when_a_bound_is_known(low: int | None, high: int | None,
                                           bounds: dict[str, Any] | None) -> None:
    payload = vacancy.hh_payload({**MANAGER, "salary_from": low, "salary_to": high})
    expected = None if bounds is None else {
        **bounds, "currency": "RUR", "gross": True, "mode": {"id": "MONTH"},
        "frequency": {"id": "TWICE_PER_MONTH"}}
    assert payload.get("salary_range") == expected


def test_empty_vacancy_payload_has_only_what_is_always_known() -> None:
    payload = json.loads(vacancy.vacancy_json(EMPTY))
    assert payload == {"name": "Менеджер по развитию сети СТО", "description": "",
                       "type": {"id": "open"}}


def test_a_foreign_phone_goes_as_typed() -> None:
    payload = vacancy.hh_payload({**MANAGER, "phones": ["+375 17 000-00-00"]})
    assert payload["contacts"]["phones"] == [{"formatted": "+375 17 000-00-00"}]
