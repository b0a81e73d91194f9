"""Text rules: names, list cells, codes, mixed scripts, plural forms."""

from __future__ import annotations

import pytest

from procxl import text


@pytest.mark.parametrize(("a", "b"), [
    ("Мастер-приёмщик", "мастер-приемщик"),
    ("  Руководитель\u00a0автосервиса ", "руководитель  автосервиса"),
    ("ИТ-служба", "ит-СЛУЖБА"),
])
def test_same_names(a: str, b: str) -> None:
    assert text.fold(a) == text.fold(b)


def test_different_names_stay_different() -> None:
    assert text.fold("Мастер участка") != text.fold("Мастер-участка")


@pytest.mark.parametrize(("code", "parts"), [
    ("1", (1,)), ("1.2", (1, 2)), (" 1.10.3 ", (1, 10, 3)),
    ("", None), ("1.", None), ("1..2", None), ("0", None), ("1.0", None), ("01", None),
    ("1,2", None), ("A1", None), ("1.2a", None),
])
def test_parse_code(code: str, parts: tuple | None) -> None:
    assert text.parse_code(code) == parts


def test_parent_and_level() -> None:
    assert text.parent_code("1.2.3") == "1.2"
    assert text.parent_code("5") is None
    assert text.code_level("1.2.3") == 3


def test_natural_order_puts_malformed_codes_last() -> None:
    codes = ["1.10", "2", "x", "1.2", "1", "1.2.1"]
    assert sorted(codes, key=text.code_sort_key) == ["1", "1.2", "1.2.1", "1.10", "2", "x"]


@pytest.mark.parametrize(("name", "found"), [
    ("IT-специалист", []),
    ("Оператор call-центра", []),
    ("Мастер-приeмщик", [("приeмщик", "e")]),  # Latin e
    ("Диcпетчер", [("Диcпетчер", "c")]),  # Latin c
    ("Pуководитель сервисa", [("Pуководитель", "P"), ("сервисa", "a")]),
    ("Главный бухгалтер", []),
])
def test_mixed_script_runs(name: str, found: list) -> None:
    assert text.mixed_script_runs(name) == found


@pytest.mark.parametrize(("n", "expected"), [
    (1, "1 процесс"), (2, "2 процесса"), (5, "5 процессов"), (11, "11 процессов"),
    (21, "21 процесс"), (104, "104 процесса"), (112, "112 процессов"), (0, "0 процессов"),
])
def test_plural(n: int, expected: str) -> None:
    assert text.plural(n, "процесс", "процесса", "процессов") == expected


@pytest.mark.parametrize("value", ["", "обычный текст", "a & b < c > d", "&amp; уже",
                                   'он сказал "да" и \'нет\'', "<t>&lt;</t>"])
def test_xml_escaped_is_what_the_standard_library_escapes(value: str) -> None:
    from xml.sax.saxutils import escape

    assert text.xml_escaped(value) == escape(value)
    assert text.xml_escaped(value, quote=True) == escape(value, {'"': "&quot;"})
