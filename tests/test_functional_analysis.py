"""The functional analysis: positions matched to professional standards by what they do."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import openpyxl
import pytest

from procxl import schema, standards
from procxl.example import EXAMPLE_FILENAME
from procxl.functional_analysis import (
    ACTION_NOT_COVERED,
    NO_SUGGESTION,
    NOT_COVERED,
    Index,
    rank,
    terms,
)
from procxl.resources import bundled_workbook
from procxl.workbook.files import atomic_save
from procxl.workbook.standards_book import NO_STANDARDS
from procxl.workbook.template import build_workbook
from procxl.workbook.update import update_workbook
from tests.checking import example

DATA = Path(__file__).resolve().parent / "data"
MAPPING = schema.MAPPING


def test_a_verb_and_its_noun_share_terms_and_function_words_give_none() -> None:
    assert set(terms("Настраивает серверы")) & set(terms("Настройка сервера"))
    assert set(terms("Проверяет доработки")) & set(terms("Проверка работоспособности"))
    assert terms("и в на по для с") == ()


def test_the_first_suggestion_is_the_specialists_on_the_hand_made_set() -> None:
    """The share stays at the level reported in docs/standards.md (97 %, 36 of 37)."""
    index = Index([s for path in sorted((DATA / "profstandards").glob("*.xml"))
                   for s in standards.read_xml(path)])
    cases = tomllib.loads((DATA / "standards_cases.toml").read_text(encoding="utf-8"))["case"]
    assert len(cases) >= 24
    right = 0
    for case in cases:
        first = rank(index, case["functions"])[0]
        got = f"{first.standard.code} {standards.code_key(first.otf.code)}"
        right += got in {f"{case['standard']} {case['otf']}", *case.get("alternatives", [])}
    assert right / len(cases) >= 0.8


@pytest.fixture(scope="module")
def mapped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    """The mapping sheet of the example after an update, rows by position."""
    path = tmp_path_factory.mktemp("пример") / EXAMPLE_FILENAME
    shutil.copy(bundled_workbook(EXAMPLE_FILENAME), path)
    update_workbook(path)
    ws = openpyxl.load_workbook(path)[MAPPING.name]
    header = [c.value for c in ws[MAPPING.header_row]]
    assert header == [c.header for c in MAPPING.columns]
    rows: dict[str, list[dict[str, object]]] = {}
    for values in ws.iter_rows(min_row=MAPPING.first_data_row, values_only=True):
        row = dict(zip(header, values, strict=True))
        rows.setdefault(row["Должность"], []).append(row)
    return rows


def test_each_function_stands_next_to_its_closest_work_function(mapped) -> None:
    programmer = [r for r in mapped["Программист"] if r["Функция должности"]]
    assert programmer[0]["ОТФ для должности"].startswith(
        "06.001 B «Проверка работоспособности и рефакторинг кода программного обеспечения», "
        "уровень 4; покрыто функций: 3 из 3")
    assert any(r["Трудовая функция"].startswith("06.001 B/04.4 Рефакторинг") and
               r["Сходство, %"] >= 20 for r in programmer)
    sysadmin = mapped["Системный администратор"]
    assert sysadmin[0]["ОТФ для должности"].startswith("06.026 C")
    # the labour actions of the position's ОТФ that none of its functions covers
    uncovered = [r for r in sysadmin if r["Отметка"] == ACTION_NOT_COVERED]
    assert uncovered and all(r["Трудовая функция"].startswith("06.026 C/") for r in uncovered)


def test_a_position_no_standard_fits_gets_no_suggestion(mapped) -> None:
    storekeeper = mapped["Диспетчер"]
    assert storekeeper[0]["ОТФ для должности"] == NO_SUGGESTION
    assert all(r["Отметка"] == NOT_COVERED for r in storekeeper)


def test_a_book_without_standards_says_how_to_get_the_analysis(tmp_path: Path) -> None:
    data = example()
    data["standards"] = []
    path = tmp_path / "книга.xlsx"
    atomic_save(build_workbook(data), path)
    update_workbook(path)
    ws = openpyxl.load_workbook(path)[MAPPING.name]
    assert NO_STANDARDS in ws.cell(1, 1).value
    assert ws.max_row == MAPPING.header_row
