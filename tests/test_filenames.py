"""File names every system accepts: forbidden characters, device names, length, uniqueness."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procxl.render.filenames import FALLBACK, MAX_STEM_BYTES, is_reserved, safe_name, unique_path

FORBIDDEN = set('<>:"/\\|?*') | {chr(n) for n in range(32)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('ООО "Ромашка"', "ООО «Ромашка»"),
        ('Отдел "Север" и "Юг"', "Отдел «Север» и «Юг»"),
        ('Стойка 17"', "Стойка 17"),
        ('Клиент " Альфа "', "Клиент «Альфа»"),
        ("Бухгалтер/кассир", "Бухгалтер-кассир"),
        ("Продажи\\опт", "Продажи-опт"),
        ("Отдел продаж | опт", "Отдел продаж - опт"),
        ("Склад: приёмка", "Склад - приёмка"),
        ("Смена 08:00", "Смена 08-00"),
        ("<Без отдела>", "Без отдела"),
        ("Кто отвечает?", "Кто отвечает"),
        ("Менеджер*", "Менеджер"),
        ("Строка\nвторая\tтретья", "Строка вторая третья"),
        ("Нулевой\x00байт", "Нулевой байт"),
        ("Без\u200bпробела", "Безпробела"),
    ],
)
def test_forbidden_characters_are_replaced_readably(text: str, expected: str) -> None:
    assert safe_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CON", "CON_"),
        ("con.txt", "con_.txt"),
        ("Lpt1", "Lpt1_"),
        ("nul", "nul_"),
        ("AUX.tar.gz", "AUX_.tar.gz"),
        ("COM9", "COM9_"),
        ("Com¹", "Com¹_"),
        ("PRN.", "PRN_"),
        ("CONSOLE", "CONSOLE"),
        ("COM10", "COM10"),
        ("Кон", "Кон"),
    ],
)
def test_reserved_device_names_get_an_underscore(text: str, expected: str) -> None:
    assert safe_name(text) == expected


@pytest.mark.parametrize("name", ["CON", "con.txt", "Lpt1", "lpt1 .docx", "NUL.", "conin$"])
def test_is_reserved(name: str) -> None:
    assert is_reserved(name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Отчёт...", "Отчёт"),
        ("Отчёт. . .", "Отчёт"),
        (".скрытый", "скрытый"),
        ("т. д.", "т. д"),
    ],
)
def test_dots_and_spaces_at_the_ends_are_dropped(text: str, expected: str) -> None:
    assert safe_name(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "...", "?*", '""', "\x00\x1f", "\u200b"])
def test_nothing_left_gives_a_placeholder(text: str) -> None:
    assert safe_name(text) == FALLBACK


def test_cyrillic_with_spaces_is_kept_and_composed() -> None:
    assert safe_name("  Должностные   обязанности — Заведующая  складом ") == (
        "Должностные обязанности — Заведующая складом"
    )
    decomposed = unicodedata.normalize("NFD", "Ёлочный базар, й")
    assert safe_name(decomposed) == "Ёлочный базар, й"


def test_a_long_name_is_cut_between_words() -> None:
    title = "Должностная инструкция — " + "Менеджер по развитию сети " * 10
    name = safe_name(title, limit=60)
    assert len(name) <= 60
    assert title.startswith(name)
    assert title[len(name)] == " "


def test_a_long_word_is_cut_at_the_limit() -> None:
    assert safe_name("Электрогазосварщик" * 10, limit=50) == ("Электрогазосварщик" * 3)[:50]


def test_the_suffix_is_never_cut() -> None:
    stem = safe_name("Должностные обязанности — " + "очень длинное название " * 20, limit=100)
    path = unique_path(Path("out"), stem, ".docx", set())
    assert path.suffix == ".docx"
    assert len(path.stem) <= 100


def test_a_name_stays_within_the_bytes_linux_allows() -> None:
    name = safe_name("😀" * 200, limit=200)
    assert len(name.encode("utf-8")) <= MAX_STEM_BYTES


def test_limit_too_small_for_the_placeholder_is_a_bug() -> None:
    with pytest.raises(ValueError):
        safe_name("Кассир", limit=5)


def test_unique_path_counts_names_that_differ_only_in_case() -> None:
    taken: set[str] = set()
    folder = Path("Бухгалтерия")
    paths = [
        unique_path(folder, stem, ".docx", taken)
        for stem in ["Кассир", "КАССИР", "кассир", "Кассир (2)", "Бухгалтер"]
    ]
    assert [p.name for p in paths] == [
        "Кассир.docx",
        "КАССИР (2).docx",
        "кассир (3).docx",
        "Кассир (2) (2).docx",
        "Бухгалтер.docx",
    ]
    assert all(p.parent == folder for p in paths)
    assert "кассир (3).docx" in taken


def test_unique_path_for_folders_without_suffix() -> None:
    taken: set[str] = set()
    assert unique_path(Path("out"), "Склад", "", taken) == Path("out", "Склад")
    assert unique_path(Path("out"), "склад", "", taken) == Path("out", "склад (2)")


def test_same_name_in_another_folder_is_counted_by_its_own_set() -> None:
    first = unique_path(Path("a"), "Кассир", ".docx", set())
    second = unique_path(Path("b"), "Кассир", ".docx", set())
    assert first.name == second.name == "Кассир.docx"


awkward_pieces = st.sampled_from(
    [*'<>:"/\\|?*. \t\n\x00\x7f\u200b\u0301', "CON", "lpt1", "Com¹", ".txt", "й"]
)
awkward_text = st.lists(st.one_of(awkward_pieces, st.text(max_size=20)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=awkward_text, limit=st.integers(min_value=len(FALLBACK), max_value=250))
def test_any_text_gives_a_name_the_system_accepts(text: str, limit: int) -> None:
    name = safe_name(text, limit=limit)
    assert name
    assert not FORBIDDEN & set(name)
    assert len(name) <= limit
    assert len(name.encode("utf-8")) <= MAX_STEM_BYTES
    assert name[-1] not in ". "
    assert not is_reserved(name)
    assert safe_name(name, limit=limit) == name
    with tempfile.TemporaryDirectory() as folder:
        path = unique_path(Path(folder), name, ".docx", set())
        path.write_bytes(b"")
        assert os.listdir(folder) == [path.name]
