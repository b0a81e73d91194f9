"""Render contexts: what each document will say, decided before any template is involved."""

from __future__ import annotations

from pathlib import Path

import pytest

from procxl import pivots
from procxl.checks import check
from procxl.render import context as ctx
from procxl.render.kinds import KINDS, Kind
from procxl.render.kinds import vacancy as vacancy_kind
from tests.checking import example, read_data, row_of

POSITION = "Менеджер по развитию сети СТО"


def profile_rows(*rows: tuple[str, str, str, str]) -> list[dict[str, str]]:
    return [{"position": POSITION, "section": section, "wording": wording, "include": include,
             "source": "вручную", "status": status}
            for section, wording, include, status in rows]


def items(tmp_path: Path, data: dict) -> dict[str, list[str]]:
    org = read_data(tmp_path, data)
    return ctx.profile_items(org.position(POSITION), ctx.Sources.of(org))


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
    found = ctx.profile_items(org.position(POSITION), ctx.Sources.of(org))
    expected = [c.wording for c in candidates
                if c.position == POSITION and c.section == "Навыки"]
    assert found["Навыки"] == expected and expected


def test_vacancy_leaves_out_forbidden_requirements(tmp_path: Path) -> None:
    data = example()
    data["profiles"] = profile_rows(
        ("Личные качества", "Ответственность", "да", ""),
        ("Личные качества", "Мужчина до 35 лет", "да", ""),
        ("Навыки", "Работа в CRM", "да", ""),
    )
    row_of(data, "vacancies", position=POSITION)["conditions"] = [
        "Оформление по ТК РФ", "Только для женщин без детей"]
    org = read_data(tmp_path, data)
    found = KINDS[Kind.VACANCY].build(org, org.position(POSITION), ctx.Sources.of(org))
    assert found is not None
    assert found["qualities"] == ["Ответственность"]
    assert found["conditions"] == ["Оформление по ТК РФ"]
    assert found["skills"] == ["Работа в CRM"]
    assert found["experience_id"] == "between1And3"
    assert found["schedule_id"] == "fullDay" and found["employment_id"] == "full"
    assert found["salary_text"] == "от 80\u00a0000 до 110\u00a0000 руб."
    assert set(found) == set(KINDS[Kind.VACANCY].keys)


def test_unknown_hh_words_give_no_id(tmp_path: Path) -> None:
    data = example()
    vacancy = row_of(data, "vacancies", position=POSITION)
    vacancy.update(schedule="Четыре через три", salary_from=None, salary_to="нет")
    org = read_data(tmp_path, data)
    found = KINDS[Kind.VACANCY].build(org, org.position(POSITION), ctx.Sources.of(org))
    assert found is not None
    assert found["schedule"] == "Четыре через три" and found["schedule_id"] is None
    assert found["salary_from"] is None and found["salary_to"] is None
    assert found["salary_text"] == ""


@pytest.mark.parametrize(("low", "high", "text"), [
    (50000, None, "от 50\u00a0000 руб."),
    (None, 1200000, "до 1\u00a0200\u00a0000 руб."),
    (None, None, ""),
])
def test_salary_text(low: int | None, high: int | None, text: str) -> None:
    assert vacancy_kind.salary_text(low, high) == text


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
    assert {(POSITION.casefold(), kind) for kind in Kind} <= {
        (b.position.casefold(), kind) for (_, kind), b in blocked.items()}
    assert all("правило" in b.reason and "ячейка" in b.reason for b in blocked.values())
