"""Position titles in the genitive: the golden table in tests/data and the edges around it."""

from __future__ import annotations

from pathlib import Path

import pytest

from procxl import declension
from procxl.declension import genitive, genitive_or_override

TABLE = Path(__file__).parent / "data" / "declension-genitive.tsv"


def read_table() -> list[tuple[str, str]]:
    """The (title, genitive) rows of the table, its comments and header skipped."""
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert rows[0] == ["title", "genitive"]
    return [(title, expected) for title, expected in rows[1:]]


ROWS = read_table()


def test_the_table_is_large_and_has_no_repeats() -> None:
    titles = [title for title, _ in ROWS]
    assert len(titles) >= 100
    assert len(set(titles)) == len(titles)


@pytest.mark.parametrize(("title", "expected"), ROWS, ids=[title for title, _ in ROWS])
def test_genitive(title: str, expected: str) -> None:
    assert genitive(title) == expected


@pytest.mark.parametrize("title", ["", "   ", "\u00a0\t"])
def test_empty_title_gives_empty_text(title: str) -> None:
    assert genitive(title) == ""


def test_extra_spaces_are_collapsed() -> None:
    assert genitive("  Менеджер   по\u00a0продажам ") == "менеджера по продажам"


def test_title_case_words_are_lowered_but_dependents_keep_their_case() -> None:
    assert genitive("Главный Бухгалтер") == "главного бухгалтера"
    assert genitive("Директор филиала в Москве") == "директора филиала в Москве"


def test_caps_lock_title_stays_in_capitals() -> None:
    assert genitive("ЗАВЕДУЮЩАЯ СКЛАДОМ") == "ЗАВЕДУЮЩЕЙ СКЛАДОМ"
    assert genitive("ГЛАВНЫЙ ИНЖЕНЕР СТО") == "ГЛАВНОГО ИНЖЕНЕРА СТО"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Бизнес аналитик", "бизнес аналитика"),  # the hyphen forgotten, the prefix still stays
        ("Шеф повар", "шеф повара"),
        ("Шеф", "шефа"),
        ("Бухгалтер/кассир", "бухгалтера/кассира"),
        ("Главный бухгалтер, кассир", "главного бухгалтера, кассира"),
        ("Менеджер по продажам, закупкам", "менеджера по продажам, закупкам"),
        ("Мастер–приемщик", "мастера–приемщика"),
    ],
)
def test_typing_variants(title: str, expected: str) -> None:
    assert genitive(title) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Product manager", "Product manager"),
        ("CEO", "CEO"),
        ("ГИП", "ГИП"),
        ("Зам. директора", "зам. директора"),
        ("Кукарямба", "кукарямба"),  # no nominative reading: not turned into «кукарямбы»
        ("по", "по"),
    ],
)
def test_unreadable_titles_are_left_as_written(title: str, expected: str) -> None:
    assert genitive(title) == expected


def test_override_wins_stripped() -> None:
    assert genitive_or_override("Шеф-повар", "  шеф-повара  ресторана ") == "шеф-повара ресторана"


@pytest.mark.parametrize("override", ["", "   "])
def test_empty_override_falls_back_to_declension(override: str) -> None:
    assert genitive_or_override("Заведующая складом", override) == "заведующей складом"


def test_analyzer_is_made_once_and_results_are_cached() -> None:
    genitive("Оператор котельной")
    genitive("Оператор линии розлива")
    assert declension._analyzer.cache_info().currsize == 1
    hits = declension._genitive.cache_info().hits
    genitive("Оператор котельной")
    assert declension._genitive.cache_info().hits == hits + 1
