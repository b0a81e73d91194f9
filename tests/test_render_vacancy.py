"""Vacancy texts as a recruiter checks them before pasting into hh.ru or another job site."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest

from procxl.render import vacancy

MANAGER: dict[str, Any] = {
    "organisation": "ООО «АвтоСеть»",
    "approver_title": "Генеральный директор",  # the common keys a real context also has
    "position": "Менеджер по развитию сети СТО",
    "title": "Менеджер по развитию сети СТО",
    "about": "Сеть из 40 станций техобслуживания в Поволжье.\n\nРаботаем с 2009 года.",
    "city": "Казань",
    "department": "Отдел развития",
    "salary_from": 80000,
    "salary_to": 120000,
    "salary_text": "от 80\u00a0000 до 120\u00a0000 руб.",
    "experience": "От 1 года до 3 лет",
    "experience_id": "between1And3",
    "schedule": "Полный день",
    "schedule_id": "fullDay",
    "employment": "Полная занятость",
    "employment_id": "full",
    "duties": [
        "Поиск и подключение новых СТО к сети",
        "Ведение переговоров\nс владельцами сервисов",
        "Контроль выполнения стандартов сети",
    ],
    "general_knowledge": ["Основы маркетинга", "Устройство автомобиля"],
    "skills": ["Ведение переговоров", "Работа в 1С", "ведение  переговоров", "Excel"],
    "subject_knowledge": ["Рынок автосервиса Поволжья"],
    "qualities": ["Ответственность", "Коммуникабельность"],
    "values": ["Клиент всегда прав"],
    "conditions": ["Оформление по ТК РФ", "Служебный автомобиль", "Обучение за счёт компании"],
    "contacts": "Анна Петрова, hr@autoset.example, +7 843 000-00-00",
}

LONG = "Очень длинная обязанность. " * 185  # about 5,000 characters
HOSTILE: dict[str, Any] = {
    **MANAGER,
    "title": 'R&D <отдел> "кавычки"',
    "organisation": "ООО <b>«Ромашка»</b>",
    "about": 'Мы — R&D <отдел>\r\nи пишем "кавычки" и \'апострофы\'',
    "department": "R&D",
    "duties": ["<script>alert(1)</script>", LONG, "Строка один\nстрока два  \n", "  ", ""],
    "general_knowledge": ["a < b && c > d"],
    "skills": [f"Навык {n % 35} <i>" for n in range(60)] + ["Х" * 150, "  "],
    "subject_knowledge": ["&amp; уже экранировано"],
    "qualities": ['"кавычки"'],
    "values": ["\u2028разделитель Word\u2029"],
    "conditions": ["Обед\tв офисе\x00\x07"],
    "contacts": "<a href='javascript:alert(1)'>написать</a>",
}

EMPTY: dict[str, Any] = {
    **MANAGER,
    "organisation": "",
    "about": "",
    "city": "",
    "department": "",
    "salary_from": None,
    "salary_to": None,
    "salary_text": "",
    "experience": "",
    "experience_id": None,
    "schedule": "",
    "schedule_id": None,
    "employment": "",
    "employment_id": None,
    "duties": [],
    "general_knowledge": [],
    "skills": [],
    "subject_knowledge": [],
    "qualities": [],
    "values": [],
    "conditions": [],
    "contacts": "",
}

HEADINGS = ("О компании", "Обязанности", "Требования", "Будет плюсом", "Личные качества",
            "Наши ценности", "Условия", "Контакты")
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
    assert lines[:8] == [
        "Менеджер по развитию сети СТО",
        "Компания: ООО «АвтоСеть»",
        "Подразделение: Отдел развития",
        "Город: Казань",
        "Зарплата: от 80\u00a0000 до 120\u00a0000 руб.",
        "Опыт работы: От 1 года до 3 лет",
        "График работы: Полный день",
        "Занятость: Полная занятость",
    ]
    assert headings_in_text(text) == list(HEADINGS)
    assert "Обязанности:\n• Поиск и подключение новых СТО к сети\n" in text
    assert "• Ведение переговоров\n  с владельцами сервисов\n" in text
    assert "О компании:\nСеть из 40 станций техобслуживания в Поволжье.\n\nРаботаем" in text
    assert "Контакты:\nАнна Петрова, hr@autoset.example, +7 843 000-00-00\n" in text


def test_requirements_join_knowledge_and_skills_without_repeats() -> None:
    text = vacancy.vacancy_text(MANAGER)
    requirements = text.split("Требования:\n")[1].split("\n\n")[0].splitlines()
    assert requirements == ["• Основы маркетинга", "• Устройство автомобиля",
                            "• Ведение переговоров", "• Работа в 1С", "• Excel"]
    plus = text.split("Будет плюсом:\n")[1].split("\n\n")[0]
    assert plus == "• Рынок автосервиса Поволжья"


@pytest.mark.parametrize("ctx", [MANAGER, HOSTILE, EMPTY], ids=["manager", "hostile", "empty"])
def test_text_lines_are_clean(ctx: dict[str, Any]) -> None:
    text = vacancy.vacancy_text(ctx)
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert "\r" not in text and "\x00" not in text and "\u2028" not in text


def test_hostile_text_stays_as_typed() -> None:
    text = vacancy.vacancy_text(HOSTILE)
    assert text.startswith('R&D <отдел> "кавычки"\nКомпания: ООО <b>«Ромашка»</b>\n')
    assert "• <script>alert(1)</script>\n" in text
    assert f"• {LONG.strip()}\n" in text
    assert "• Строка один\n  строка два\n" in text
    assert "Мы — R&D <отдел>\nи пишем \"кавычки\" и 'апострофы'\n" in text
    assert "• разделитель Word\n" in text
    assert "• Обед\tв офисе\n" in text


def test_empty_sections_leave_no_heading() -> None:
    text = vacancy.vacancy_text(EMPTY)
    assert text == "Менеджер по развитию сети СТО\n"
    partial = {**EMPTY, "duties": ["Звонить клиентам"], "contacts": " \n "}
    assert headings_in_text(vacancy.vacancy_text(partial)) == ["Обязанности"]


# HTML for hh.ru ----------------------------------------------------------------------------

@pytest.mark.parametrize("ctx", [MANAGER, HOSTILE, EMPTY], ids=["manager", "hostile", "empty"])
def test_html_uses_only_tags_hh_keeps(ctx: dict[str, Any]) -> None:
    reader = read_html(vacancy.vacancy_html(ctx))
    assert set(reader.tags) <= ALLOWED_TAGS
    assert reader.attrs == []
    assert "\n" not in vacancy.vacancy_html(ctx)


def test_html_has_sections_in_order_and_no_title() -> None:
    fragment = vacancy.vacancy_html(MANAGER)
    assert headings_in_html(fragment) == list(HEADINGS)
    assert [fragment.index(f"<strong>{h}:") for h in HEADINGS] == sorted(
        fragment.index(f"<strong>{h}:") for h in HEADINGS)
    assert "Менеджер по развитию" not in fragment
    assert "<li>Ведение переговоров<br />с владельцами сервисов</li>" in fragment
    assert ("<p><strong>О компании:</strong></p><p>Сеть из 40 станций техобслуживания в "
            "Поволжье.</p><p>Работаем с 2009 года.</p>") in fragment


def test_hostile_html_is_escaped_and_reads_back_as_typed() -> None:
    fragment = vacancy.vacancy_html(HOSTILE)
    reader = read_html(fragment)
    assert "script" not in reader.tags and "a" not in reader.tags
    text = "".join(reader.text)
    for typed in ("R&D <отдел>", '"кавычки"', "'апострофы'", "<script>alert(1)</script>",
                  LONG.strip(), "a < b && c > d", "&amp; уже экранировано",
                  "<a href='javascript:alert(1)'>написать</a>"):
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
        "key_skills": [{"name": "Ведение переговоров"}, {"name": "Работа в 1С"},
                       {"name": "Excel"}],
        "salary": {"from": 80000, "to": 120000, "currency": "RUR", "gross": True},
        "experience": {"id": "between1And3"},
        "schedule": {"id": "fullDay"},
        "employment": {"id": "full"},
    }
    assert "area" not in payload


def test_json_is_readable_utf8() -> None:
    written = vacancy.vacancy_json(HOSTILE)
    assert written.endswith("}\n") and "\\u04" not in written
    assert json.loads(written) == vacancy.hh_payload(HOSTILE)


def test_key_skills_fit_hh_limits() -> None:
    skills = [entry["name"] for entry in vacancy.hh_payload(HOSTILE)["key_skills"]]
    assert len(skills) == 30
    assert len({s.casefold() for s in skills}) == len(skills)
    assert all(0 < len(s) <= 100 for s in skills)
    assert skills[0] == "Навык 0 <i>"
    many = {**MANAGER, "skills": ["Х" * 150, *(f"Навык {n}" for n in range(40))]}
    cut = vacancy.hh_payload(many)["key_skills"][0]["name"]
    assert len(cut) == 100 and cut.endswith("…")


def test_name_is_one_line_within_the_limit() -> None:
    long_title = {**MANAGER, "title": "Менеджер\nпо развитию " + "сети " * 100}
    name = vacancy.hh_payload(long_title)["name"]
    assert name.startswith("Менеджер по развитию сети") and "\n" not in name
    assert len(name) <= vacancy.NAME_MAX_LENGTH


@pytest.mark.parametrize(("low", "high", "expected"), [
    (None, None, None),
    (80000, None, {"from": 80000, "currency": "RUR", "gross": True}),
    (None, 120000, {"to": 120000, "currency": "RUR", "gross": True}),
])
def test_salary_only_when_a_bound_is_known(low: int | None, high: int | None,
                                           expected: dict[str, Any] | None) -> None:
    payload = vacancy.hh_payload({**MANAGER, "salary_from": low, "salary_to": high})
    assert payload.get("salary") == expected


def test_ids_only_when_known() -> None:
    ctx = {**MANAGER, "schedule": "Свой график", "schedule_id": None, "employment_id": None}
    payload = vacancy.hh_payload(ctx)
    assert payload["experience"] == {"id": "between1And3"}
    assert "schedule" not in payload and "employment" not in payload


def test_empty_vacancy_payload_has_only_name_and_description() -> None:
    payload = json.loads(vacancy.vacancy_json(EMPTY))
    assert payload == {"name": "Менеджер по развитию сети СТО", "description": ""}
