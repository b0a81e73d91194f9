"""Vacancy rules: each one on a real workbook that breaks it, and silent on the example."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from procxl import schema
from procxl.checks.findings import Level
from procxl.checks.vacancies import discriminating_phrases
from procxl.example import NETWORK_MANAGER, example_data
from procxl.workbook.template import build_workbook
from tests.checking import by_rule, check_data, example
from tests.rule_cases import cell_ref, check_book, example_findings, family_codes, only
from tests.test_example_data import strings

VACANCIES = schema.VACANCIES
ROW = 2  # the example's only vacancy


@pytest.mark.parametrize("code", family_codes("vacancies"))
def test_example_passes(code: str) -> None:
    assert by_rule(list(example_findings()), code) == []


def vacancy(data: dict[str, Any]) -> dict[str, Any]:
    return data["vacancies"][0]


# What no vacancy may say --------------------------------------------------------------------

FORBIDDEN = [
    ("Требуется девушка-администратор", "девушка"),
    ("Только мужчины", "мужчины"),
    ("МУЖЧИНА с опытом вождения", "МУЖЧИНА"),
    ("Юноши после армии", "Юноши"),
    ("Женский коллектив", "Женский коллектив"),
    ("Пол: мужской", "Пол: мужской"),
    ("Возраст до 35 лет", "Возраст до 35 лет"),
    ("Кандидаты в возрасте от 25 до 40 лет", "в возрасте от 25 до 40 лет"),
    ("от 25 до 40 лет", "от 25 до 40 лет"),
    ("Кандидаты 25–45 лет", "25–45 лет"),
    ("Возраст: 20-35", "Возраст: 20-35"),
    ("Не старше 45", "Не старше 45"),
    ("Рассмотрим соискателей старше 25 лет", "старше 25"),
    ("Кандидаты до 45 лет с опытом работы от 3 лет", "до 45 лет"),
    ("Опыт работы от 3 лет, возраст до 35 лет", "возраст до 35 лет"),
    ("Молодой дружный коллектив", "Молодой дружный коллектив"),
    ("Ждём в молодую и амбициозную команду", "молодую и амбициозную команду"),
    ("Пенсионеров не рассматриваем", "Пенсионеров"),
    ("Замужем, есть дети", "Замужем"),
    ("Женатый, без вредных привычек", "Женатый"),
    ("Без детей", "Без детей"),
    ("Наличие детей не приветствуется", "Наличие детей"),
    ("Семейное положение: холост", "Семейное положение"),
    ("Славянской внешности", "Славянской внешности"),
    ("Девушки приятной внешности", "приятной внешности"),
    ("Прописка в Москве обязательна", "Прописка"),
    ("Постоянная регистрация в Московской области", "Постоянная регистрация"),
    ("Иногородним не беспокоиться", "Иногородним"),
]

ALLOWED = [
    "Возраст автомобиля до 10 лет",
    "Автомобили возрастом до 5 лет",
    "Опыт работы от 3 до 6 лет",
    "Опыт работы от 10 до 15 лет",
    "Стаж 20-25 лет",
    "Гарантия до 15 лет",
    "Срок службы оборудования до 25 лет",
    "Компания работает на рынке более 20 лет",
    "Кандидаты от 18 лет",
    "Без возрастных ограничений",
    "Возраст не важен",
    "Мы молодая и быстро растущая компания",
    "Одежда для молодёжи",
    "Регистрация заявок клиентов в CRM",
    "Регистрация автомобиля в ГИБДД",
    "Проверка холостого хода двигателя",
    "Холостые обороты двигателя",
    "Внешний вид автомобиля",
    "Работа с детьми и родителями",
    "Детские автокресла",
    "Мужская и женская одежда",
    "Пол в цехе с подогревом",
    "Парные детали подвески",
    "Официальные пенсионные отчисления",
    "Семейный бизнес с 1998 года",
    "До 20 заказов в день",
]


@pytest.mark.parametrize(("phrase", "words"), FORBIDDEN)
def test_forbidden_words_are_found(phrase: str, words: str) -> None:
    assert words in [p.words for p in discriminating_phrases(phrase)]


@pytest.mark.parametrize("phrase", ALLOWED)
def test_the_same_words_about_things_are_fine(phrase: str) -> None:
    assert discriminating_phrases(phrase) == []


def test_no_text_of_the_example_looks_discriminating() -> None:
    found = {s: discriminating_phrases(s) for s in strings(example_data())}
    assert {s: p for s, p in found.items() if p} == {}


def test_phrases_name_their_ground() -> None:
    [sex, age] = discriminating_phrases("Только девушки до 30 лет")
    assert (sex.words, sex.ground.dative) == ("девушки", "полу")
    assert (age.words, age.ground.dative) == ("до 30 лет", "возрасту")


def test_discrimination_in_a_vacancy_is_an_error(tmp_path: Path) -> None:
    data = example()
    vacancy(data)["conditions"].append("Только девушки до 30 лет")
    f = only(check_data(tmp_path, data), "V001")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Вакансии", cell_ref(VACANCIES, "conditions", ROW))
    assert "ограничивают кандидатов по полу и возрасту: «девушки», «до 30 лет»" in f.message
    assert "ТК" not in f.hint and "Трудового кодекса" in f.hint
    assert f.affects == ("менеджер по развитию сети сто",)


def test_discrimination_in_about_the_company_is_a_warning(tmp_path: Path) -> None:
    data = example()
    data["organisation"]["about"] += " У нас молодой дружный коллектив."
    f = only(check_data(tmp_path, data), "V002")
    about = schema.ORGANISATION.params.index(schema.ORGANISATION.param("about")) + 2
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, "Организация", f"B{about}", ())
    assert "«молодой дружный коллектив»" in f.message


def test_discrimination_in_competencies_is_a_warning(tmp_path: Path) -> None:
    data = example()
    data["competencies"][0]["qualities"].append("Мужчина")
    f = only(check_data(tmp_path, data), "V002")
    assert (f.sheet, f.cell) == ("Компетенции", cell_ref(schema.COMPETENCIES, "qualities", 2))
    assert "по полу: «Мужчина»" in f.message


def test_excluded_profile_item_is_not_scanned(tmp_path: Path) -> None:
    data = example()
    item = {"position": NETWORK_MANAGER, "section": "Личные качества", "wording": "Женат",
            "source": "вручную"}
    data["profiles"] = [dict(item, include="нет"), dict(item, wording="Холост")]
    f = only(check_data(tmp_path, data), "V002")
    assert (f.sheet, f.cell) == ("Профили", cell_ref(schema.PROFILES, "wording", 3))


# Salary, position, hh.ru choices ------------------------------------------------------------

def test_salary_from_above_to(tmp_path: Path) -> None:
    data = example()
    vacancy(data).update(salary_from=120000, salary_to=90000)
    f = only(check_data(tmp_path, data), "V003")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Вакансии", cell_ref(VACANCIES, "salary_from", ROW))
    assert "(120000)" in f.message and "(90000)" in f.message


@pytest.mark.parametrize(("value", "problem"), [
    ("80 тыс.", "это не число"),
    ("по договорённости", "это не число"),
])
def test_salary_not_a_number(tmp_path: Path, value: str, problem: str) -> None:
    data = example()
    vacancy(data)["salary_to"] = value
    f = only(check_data(tmp_path, data), "V004")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Вакансии", cell_ref(VACANCIES, "salary_to", ROW))
    assert f"«{value}»: {problem}" in f.message
    assert f.affects == ("менеджер по развитию сети сто",)


def test_salary_as_text_with_spaces_is_a_number(tmp_path: Path) -> None:
    data = example()
    vacancy(data).update(salary_from="80 000", salary_to="110 000")
    findings = check_data(tmp_path, data)
    assert by_rule(findings, "V003") == [] and by_rule(findings, "V004") == []


def test_salary_turned_into_a_date(tmp_path: Path) -> None:
    book = build_workbook(example())
    cell = book[VACANCIES.name][cell_ref(VACANCIES, "salary_from", ROW)]
    cell.value, cell.number_format = dt.datetime(2026, 1, 8), "DD.MM.YYYY"
    f = only(check_book(tmp_path, book), "V004")
    assert "«08.01.2026»: Excel превратил сумму в дату" in f.message


@pytest.mark.parametrize("value", [-5000, 0])
def test_salary_not_positive(tmp_path: Path, value: int) -> None:
    data = example()
    vacancy(data)["salary_from"] = value
    f = only(check_data(tmp_path, data), "V005")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Вакансии", cell_ref(VACANCIES, "salary_from", ROW))
    assert f"«{value}»" in f.message


def test_vacancy_for_an_unknown_position(tmp_path: Path) -> None:
    data = example()
    vacancy(data)["position"] = "Менеджер по развитию сети"
    f = only(check_data(tmp_path, data), "V006")
    assert (f.level, f.sheet, f.cell) == (
        Level.ERROR, "Вакансии", cell_ref(VACANCIES, "position", ROW))
    assert "«Менеджер по развитию сети»" in f.message
    assert f"«{NETWORK_MANAGER}»" in f.message
    assert f.affects == ("менеджер по развитию сети сто",)


def test_vacancy_without_a_position(tmp_path: Path) -> None:
    data = example()
    vacancy(data)["position"] = None
    f = only(check_data(tmp_path, data), "V006")
    assert (f.cell, f.affects) == (cell_ref(VACANCIES, "position", ROW), ())
    assert "Не указана должность" in f.message


def test_vacancy_with_latin_letters_is_left_to_the_names_rules(tmp_path: Path) -> None:
    data = example()
    vacancy(data)["position"] = NETWORK_MANAGER.replace("о", "o")
    findings = check_data(tmp_path, data)
    assert by_rule(findings, "V006") == [] and len(by_rule(findings, "N001")) == 1


def test_experience_not_from_hh_list(tmp_path: Path) -> None:
    data = example()
    vacancy(data)["experience"] = "2 года"
    f = only(check_data(tmp_path, data), "V007")
    assert (f.level, f.sheet, f.cell, f.affects) == (
        Level.WARNING, "Вакансии", cell_ref(VACANCIES, "experience", ROW), ())
    assert "«Опыт работы» — «2 года»" in f.message and "«От 1 года до 3 лет»" in f.hint


def test_hh_choice_in_other_case_and_with_yo_is_fine(tmp_path: Path) -> None:
    data = example()
    vacancy(data).update(schedule="удалённая работа", employment="ПОЛНАЯ ЗАНЯТОСТЬ")
    assert by_rule(check_data(tmp_path, data), "V007") == []


def test_same_position_twice(tmp_path: Path) -> None:
    data = example()
    data["vacancies"].append({"position": NETWORK_MANAGER.lower(), "city": "Набережные Челны"})
    f = only(check_data(tmp_path, data), "V008")
    assert (f.level, f.sheet, f.cell) == (
        Level.WARNING, "Вакансии", cell_ref(VACANCIES, "position", ROW + 1))
    assert "уже есть в строке 2" in f.message


def test_no_city_anywhere(tmp_path: Path) -> None:
    data = example()
    data["organisation"]["city"] = None
    vacancy(data)["city"] = None
    f = only(check_data(tmp_path, data), "V009")
    assert (f.level, f.sheet, f.cell) == (
        Level.WARNING, "Вакансии", cell_ref(VACANCIES, "city", ROW))
    assert f"«{NETWORK_MANAGER}»" in f.message


def test_city_of_the_organisation_stands_in(tmp_path: Path) -> None:
    data = example()
    vacancy(data)["city"] = None
    assert by_rule(check_data(tmp_path, data), "V009") == []


# Publishing on hh.ru -------------------------------------------------------------------------

def test_area_hh_does_not_know(tmp_path: Path) -> None:
    data = example()
    vacancy(data)["area"] = "Набережные Челны"
    f = only(check_data(tmp_path, data), "V010")
    assert (f.level, f.sheet, f.cell) == (
        Level.WARNING, "Вакансии", cell_ref(VACANCIES, "area", ROW))
    assert "«Набережные Челны»" in f.message and "88" in f.hint


@pytest.mark.parametrize("area", ["1234", "г. Москва", "санкт-петербург", ""])
def test_area_as_a_number_or_a_known_city_is_fine(tmp_path: Path, area: str) -> None:
    data = example()
    vacancy(data)["area"] = area
    assert by_rule(check_data(tmp_path, data), "V010") == []


def test_hh_publication_without_role_or_region(tmp_path: Path) -> None:
    data = example()
    vacancy(data).update(role=None, city="Набережные Челны", area=None)
    found = {f.cell: f for f in by_rule(check_data(tmp_path, data), "V011")}
    role, area = cell_ref(VACANCIES, "role", ROW), cell_ref(VACANCIES, "area", ROW)
    assert set(found) == {role, area}
    assert "профессиональная роль" in found[role].message
    assert "город «Набережные Челны» procxl не знает" in found[area].message


def test_a_role_must_be_a_number(tmp_path: Path) -> None:
    data = example()
    vacancy(data)["role"] = "Менеджер по продажам"
    f = only(check_data(tmp_path, data), "V011")
    assert f.cell == cell_ref(VACANCIES, "role", ROW) and "номером" in f.message


def test_a_vacancy_not_for_hh_needs_no_role(tmp_path: Path) -> None:
    data = example()
    vacancy(data).update(billing=None, role=None, city="Набережные Челны")
    assert by_rule(check_data(tmp_path, data), "V011") == []


def test_description_shorter_than_hh_takes(tmp_path: Path) -> None:
    data = example()
    data["organisation"]["about"] = None
    data["profiles"] = [{"position": NETWORK_MANAGER, "section": "Навыки", "wording": "CRM",
                         "include": "да", "source": "вручную"}]
    vacancy(data)["conditions"] = []
    f = only(check_data(tmp_path, data), "V012")
    assert (f.level, f.cell) == (Level.WARNING, cell_ref(VACANCIES, "position", ROW))
    assert "требует не меньше 200" in f.message


def test_description_longer_than_hh_takes(tmp_path: Path) -> None:
    data = example()
    data["organisation"]["about"] = "Очень подробный рассказ о компании. " * 300
    f = only(check_data(tmp_path, data), "V012")
    assert "принимает не больше 10\u00a0000." in f.message


def test_more_key_skills_than_hh_takes(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = [{"position": NETWORK_MANAGER, "section": "Навыки",
                         "wording": f"Навык номер {n}", "include": "да", "source": "вручную"}
                        for n in range(33)]
    data["profiles"][32]["to_vacancy"] = "нет"  # kept out of the vacancy: not counted
    f = only(check_data(tmp_path, data), "V013")
    assert f.cell == cell_ref(VACANCIES, "position", ROW)
    assert "32 ключевых навыков" in f.message
    assert "«Навык номер 30», «Навык номер 31»" in f.message
    data["profiles"][31]["to_vacancy"] = data["profiles"][30]["to_vacancy"] = "нет"
    assert by_rule(check_data(tmp_path, data), "V013") == []


def test_to_vacancy_neither_yes_nor_no(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = [{"position": NETWORK_MANAGER, "section": "Навыки", "wording": "CRM",
                         "include": "да", "to_vacancy": "может быть", "source": "вручную"},
                        {"position": NETWORK_MANAGER, "section": "Навыки", "wording": "Excel",
                         "include": "да", "to_vacancy": "НЕТ", "source": "вручную"}]
    f = only(check_data(tmp_path, data), "V014")
    assert f.sheet == "Профили" and f.cell == cell_ref(schema.PROFILES, "to_vacancy", 2)
    assert "«может быть»" in f.message
