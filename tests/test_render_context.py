"""Render contexts: what each document will say, decided before any template is involved."""

from __future__ import annotations

from pathlib import Path

import pytest

from procxl import job_ad, pivots
from procxl.checks import check
from procxl.render import context as ctx
from procxl.render.kinds import KINDS, Kind
from tests.checking import example, read_data, row_of

POSITION = "Менеджер по развитию сети СТО"


def profile_rows(*rows: tuple[str, str, str, str]) -> list[dict[str, str]]:
    return [{"position": POSITION, "section": section, "wording": wording, "include": include,
             "source": "вручную", "status": status}
            for section, wording, include, status in rows]


def items(tmp_path: Path, data: dict) -> dict[str, list[str]]:
    org = read_data(tmp_path, data)
    return ctx.profile_items(org, org.position(POSITION), ctx.Sources.of(org))


def test_profile_follows_the_include_column(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = profile_rows(
        ("Навыки", "Переговоры", "да", ""),
        ("Навыки", "Пустое «Включить» значит да", "", ""),
        ("Навыки", "Исключённый пункт", "нет", ""),
        ("Навыки", "Устаревший без решения", "", ctx.STALE_ITEM_MARK + ": решите"),
        ("Навыки", "Устаревший, но нужен", "да", ctx.STALE_ITEM_MARK + ": решите"),
        ("навыки", "переговоры", "да", ""),  # the same item again, spelt otherwise
        ("Ценности", "Забота о клиенте", "да", ""),
    )
    found = items(tmp_path, data)
    assert found["Навыки"] == ["Переговоры", "Пустое «Включить» значит да",
                               "Устаревший, но нужен"]
    assert found["Ценности"] == ["Забота о клиенте"]
    assert found["Общие знания"] == []


def test_profile_without_rows_takes_what_update_would_propose(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = []
    org = read_data(tmp_path, data)
    candidates = pivots.profile_candidates(org)
    found = ctx.profile_items(org, org.position(POSITION), ctx.Sources.of(org))
    expected = [c.wording for c in candidates
                if c.position == POSITION and c.section == "Навыки"]
    assert found["Навыки"] == expected and expected


def vacancy_of(tmp_path: Path, data: dict) -> dict:
    org = read_data(tmp_path, data)
    found = KINDS[Kind.VACANCY].build(org, org.position(POSITION), ctx.Sources.of(org))
    assert found is not None
    return found


def test_vacancy_leaves_out_forbidden_requirements(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = profile_rows(
        ("Личные качества", "Ответственность", "да", ""),
        ("Личные качества", "Мужчина до 35 лет", "да", ""),
        ("Навыки", "Работа в CRM", "да", ""),
    )
    row_of(data, "vacancies", position=POSITION)["conditions"] = [
        "Оформление по ТК РФ", "Только для женщин без детей"]
    found = vacancy_of(tmp_path, data)
    assert found["qualities"] == ["Ответственность"]
    assert found["conditions"] == ["Оформление по ТК РФ"]
    assert found["key_skills"] == ["Работа в CRM"]
    assert found["hh"]["experience"] == "between1And3"
    assert found["hh"]["work_schedule"] == "FIVE_ON_TWO_OFF"
    assert found["hh"]["employment_form"] == "FULL"
    assert found["salary_text"] == "от 80\u00a0000 до 110\u00a0000 руб. до вычета налогов"
    assert set(found) == set(KINDS[Kind.VACANCY].keys)


def test_requirements_come_from_the_position_then_knowledge_and_skills(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = profile_rows(
        ("Общие знания", "Основы продаж", "да", ""),
        ("Общие знания", "Бизнес-процессы автосервиса", "да", ""),
        ("Навыки", "Работа в CRM", "да", ""),
        ("Навыки", "Проведение презентаций", "да", ""),
    )
    position = row_of(data, "positions", name=POSITION)
    position.update(education="Высшее (экономика)", experience="Не менее 2 лет в продажах",
                    admission=["Водительское удостоверение категории «B»", "Медосмотр"])
    found = vacancy_of(tmp_path, data)
    assert found["requirements"] == [
        "Образование: высшее (экономика)",
        "Опыт работы: не менее 2 лет в продажах",
        "Водительское удостоверение категории «B»",
        "Медосмотр",
        "Знания: основы продаж; бизнес-процессы автосервиса",
        "Навыки: работа в CRM; проведение презентаций",
    ]
    assert found["hh"]["driver_licences"] == ["B"]


def test_an_item_marked_no_for_the_vacancy_stays_in_the_profile_only(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = profile_rows(
        ("Предметные знания", "Рынок услуг автосервиса", "да", ""),
        ("Предметные знания", "Стандарты сервиса сети", "да", ""),
        ("Навыки", "Работа в CRM", "да", ""),
    )
    data["profiles"][1]["to_vacancy"] = "нет"
    org = read_data(tmp_path, data)
    sources = ctx.Sources.of(org)
    position = org.position(POSITION)
    assert ctx.profile_items(org, position, sources)["Предметные знания"] == [
        "Рынок услуг автосервиса", "Стандарты сервиса сети"]
    found = KINDS[Kind.VACANCY].build(org, position, sources)
    assert found is not None and found["pluses"] == ["Рынок услуг автосервиса"]


def test_qualities_asked_by_most_processes_are_kept(tmp_path: Path) -> None:
    data = example()
    names = [f"Качество {n}" for n in range(8)]
    data["profiles"] = profile_rows(*(("Личные качества", name, "да", "") for name in names))
    for n, row in enumerate(data["profiles"]):  # «Качество 7» is asked by the most processes
        row["source"] = "; ".join(f"Компетенции: 1.{k}" for k in range(1, 2 + n % 3 + (n == 7) * 5))
    found = vacancy_of(tmp_path, data)
    assert len(found["qualities"]) == job_ad.QUALITIES_SHOWN
    assert found["qualities"] == ["Качество 1", "Качество 2", "Качество 4", "Качество 5",
                                  "Качество 7"]


def test_words_of_the_first_standard_still_give_hh_ids(tmp_path: Path) -> None:
    data = example()
    vacancy = row_of(data, "vacancies", position=POSITION)
    vacancy.update(schedule="Полный день", employment="Полная занятость", work_format=None,
                   hours=None, phone=None, email=None,
                   contact_name="Анна Ковалева, отдел персонала, +7 (843) 000-00-00, a@b.ru")
    found = vacancy_of(tmp_path, data)
    assert found["hh"]["work_format"] == "ON_SITE" and found["hh"]["working_hours"] == "HOURS_8"
    assert found["hh"]["employment_form"] == "FULL" and found["hh"]["work_schedule"] is None
    assert found["contact_name"] == "Анна Ковалева, отдел персонала"
    assert found["phones"] == ["+7 (843) 000-00-00"] and found["emails"] == ["a@b.ru"]


def test_unknown_hh_words_give_no_id(tmp_path: Path) -> None:
    data = example()
    vacancy = row_of(data, "vacancies", position=POSITION)
    vacancy.update(schedule="Четыре через три", salary_from=None, salary_to="нет", area="Марс")
    found = vacancy_of(tmp_path, data)
    assert found["schedule"] == "Четыре через три" and found["hh"]["work_schedule"] is None
    assert found["hh"]["area"] is None
    assert found["salary_from"] is None and found["salary_to"] is None
    assert found["salary_text"] == ""


@pytest.mark.parametrize(("low", "high", "text"), [
    (50000, None, "от 50\u00a0000 руб. до вычета налогов"),
    (None, 1200000, "до 1\u00a0200\u00a0000 руб. до вычета налогов"),
    (None, None, ""),
])
def test_salary_text(low: int | None, high: int | None, text: str) -> None:
    assert job_ad.salary_text(low, high) == text


@pytest.mark.parametrize(("name", "signature"), [
    ("Соколов Андрей Викторович", "А.В.\u00a0Соколов"),
    ("  Соколов   Андрей  Викторович ", "А.В.\u00a0Соколов"),
    ("А.В. Соколов", "А.В. Соколов"),
    ("Соколов", "Соколов"),
    ("", ""),
])
def test_signature_shows_initials_then_surname(name: str, signature: str) -> None:
    assert ctx.initials_and_surname(name) == signature


def test_every_context_has_exactly_its_documented_keys(tmp_path: Path) -> None:
    org = read_data(tmp_path, example())
    position = org.position(POSITION)
    sources = ctx.Sources.of(org)
    for kind in (Kind.DUTIES, Kind.PROFILE):
        assert set(KINDS[kind].build(org, position, sources)) == set(KINDS[kind].keys)
    assert KINDS[Kind.VACANCY].build(org, org.position("Кладовщик"), sources) is None


def test_genitive_override_wins(tmp_path: Path) -> None:
    data = example()
    row_of(data, "positions", name=POSITION)["genitive"] = "менеджера сети"
    org = read_data(tmp_path, data)
    found = ctx.position_context(org, org.position(POSITION))
    assert found["position_genitive"] == "менеджера сети"


def test_a_broken_sheet_blocks_every_position(tmp_path: Path) -> None:
    data = example()
    for row in data["processes"]:
        row["code"] = None  # codes gone: nothing can be pivoted
    org = read_data(tmp_path, data)
    blocked = ctx.blocked_documents(org, check(org), {k: d.sheets for k, d in KINDS.items()})
    for_positions = [kind for kind in Kind if KINDS[kind].made_for != "организация"]
    assert {(POSITION.casefold(), kind) for kind in for_positions} <= {
        (b.position.casefold(), kind) for (_, kind), b in blocked.items()}
    assert all("правило" in b.reason and "ячейка" in b.reason for b in blocked.values())
