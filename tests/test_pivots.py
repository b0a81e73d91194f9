"""The pivots of the method, on the bundled example, on small edits of it and on tiny books."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from procxl import pivots, schema
from procxl.model import Cell, Organisation, ValueKind
from procxl.workbook.files import atomic_save
from procxl.workbook.reader import read_workbook
from procxl.workbook.template import build_workbook
from tests.checking import example, excel_row, read_data, row_of

MANAGER = "Менеджер по развитию сети СТО"


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Organisation:
    return read_data(tmp_path_factory.mktemp("pivots"), example())


def table(duties: Sequence[pivots.Duty]) -> list[tuple[str, str]]:
    """The first two columns of `Обязанности` as the user reads them."""
    return [(d.position, d.process_code) for d in duties]


def outline(nodes: Sequence[pivots.MapNode], depth: int = 0) -> list[str]:
    """The process map as an indented list: one line per block, children under parents."""
    lines = []
    for node in nodes:
        lines.append("  " * depth + f"{node.code} {node.name}")
        lines += outline(node.children, depth + 1)
    return lines


def marks(matrix: pivots.Matrix, code: str) -> dict[str, str]:
    """The non-empty cells of one matrix row, by position."""
    row = next(r for r in matrix.rows if r.process_code == code)
    return {p: m for p, m in zip(matrix.positions, row.marks, strict=True) if m}


def profile(org: Organisation, position: str) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """A position's profile candidates as `Профили` shows them: section -> (wording, Откуда)."""
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for c in pivots.profile_candidates(org):
        if c.position == position:
            found.setdefault(c.section, []).append((c.wording, c.sources))
    return found


def wordings(org: Organisation, position: str, section: str) -> list[str]:
    return [wording for wording, _ in profile(org, position).get(section, [])]


def tiny(positions: list[str], processes: list[tuple[str, str]],
         performers: list[tuple[str, str, list[str]]]) -> dict[str, Any]:
    """A book with only positions, processes (code, name) and performers (code, who, functions)."""
    return {
        "positions": [{"name": name, "department": "Офис"} for name in positions],
        "processes": [{"code": code, "name": name, "content": f"Содержание {code}."}
                      for code, name in processes],
        "performers": [{"process_code": code, "position": who, "functions": functions}
                       for code, who, functions in performers],
    }


def read_with_cells(tmp_path: Path, data: dict[str, Any],
                    cells: dict[tuple[schema.Sheet, str], object]) -> Organisation:
    """Read the data back after overwriting some cells with values as Excel stores them."""
    workbook = build_workbook(data)
    for (sheet, address), value in cells.items():
        workbook[sheet.name][address] = value
    path = tmp_path / "книга.xlsx"
    atomic_save(workbook, path)
    return read_workbook(path)


# Duties -------------------------------------------------------------------------------------

def test_duties_of_the_example_follow_the_register_then_the_codes(org: Organisation) -> None:
    assert table(pivots.duties(org)) == [
        ("Генеральный директор", "3.1"),
        ("Руководитель автосервиса", "3.2"),
        ("Руководитель автосервиса", "3.3"),
        ("Мастер-приемщик", "1.2"),
        ("Мастер-приемщик", "1.4"),
        ("Диспетчер", "1.1"),
        ("Мастер производственного участка", "1.3.1"),
        ("Мастер производственного участка", "1.3.2"),
        ("Автослесарь", "1.3.2"),
        ("Начальник отдела снабжения", "2.1"),
        ("Кладовщик", "2.2"),
        (MANAGER, "3.1"),
        (MANAGER, "3.2"),
        (MANAGER, "3.3"),
        ("Системный администратор", "4.1"),
        ("Системный администратор", "4.2"),
        ("Программист", "4.1"),
    ]


def test_duty_carries_the_spec_of_its_process(org: Organisation) -> None:
    duty = next(d for d in pivots.duties(org) if d.process_code == "1.2")
    spec = row_of(example(), "processes", code="1.2")
    assert duty.process_name == "Прием автомобиля от клиента"
    assert list(duty.goals) == spec["goals"]
    assert list(duty.results) == spec["results"]
    assert list(duty.indicators) == spec["indicators"]
    assert list(duty.functions) == row_of(example(), "performers", process_code="1.2")["functions"]
    assert duty.functions_from_content is False


def test_codes_sort_naturally_and_positions_as_typed_in_the_register(tmp_path: Path) -> None:
    data = tiny(
        ["Кладовщик", "Бухгалтер", "Автослесарь"],
        [("10", "Десятый"), ("1.10", "Подпроцесс десять"), ("1", "Первый"), ("2", "Второй"),
         ("1.2", "Подпроцесс два"), ("1.9", "Подпроцесс девять")],
        [("1.10", "Автослесарь", ["Ф"]), ("10", "Кладовщик", ["Ф"]), ("1.2", "Автослесарь", ["Ф"]),
         ("2", "Автослесарь", ["Ф"]), ("1", "Кладовщик", ["Ф"]), ("1.9", "Автослесарь", ["Ф"])],
    )
    assert table(pivots.duties(read_data(tmp_path, data))) == [
        ("Кладовщик", "1"), ("Кладовщик", "10"),
        ("Автослесарь", "1.2"), ("Автослесарь", "1.9"), ("Автослесарь", "1.10"),
        ("Автослесарь", "2"),
    ]


def test_pair_listed_twice_is_one_duty_with_the_functions_of_both(tmp_path: Path) -> None:
    data = example()
    performer = row_of(data, "performers", process_code="1.2")
    first = performer["functions"][0]
    data["performers"].append(dict(
        performer, position=" мастер-приёмщик ",
        functions=["Новая функция", first.upper().replace("Е", "Ё"), "новая  ФУНКЦИЯ"]))
    duties = pivots.duties(read_data(tmp_path, data))
    merged = [d for d in duties if d.process_code == "1.2"]
    assert table(merged) == [("Мастер-приемщик", "1.2")]
    assert list(merged[0].functions) == [*performer["functions"], "Новая функция"]


def test_content_stands_in_for_missing_functions(tmp_path: Path) -> None:
    data = example()
    row_of(data, "performers", process_code="1.1")["functions"] = []
    duty = next(d for d in pivots.duties(read_data(tmp_path, data)) if d.process_code == "1.1")
    assert duty.functions == (row_of(data, "processes", code="1.1")["content"],)
    assert duty.functions_from_content is True


def test_a_duty_without_functions_or_content_stays_empty(tmp_path: Path) -> None:
    data = tiny(["Кладовщик"], [("1", "Склад")], [("1", "Кладовщик", [])])
    data["processes"][0]["content"] = None
    [duty] = pivots.duties(read_data(tmp_path, data))
    assert duty.functions == ()
    assert duty.functions_from_content is False


def test_performer_spelt_differently_is_the_register_position(tmp_path: Path) -> None:
    data = example()
    performer = row_of(data, "performers", process_code="1.1")
    performer["position"] = "  ДИСПЕТЧЁР "
    performer["process_name"] = "Как-то иначе"
    duty = next(d for d in pivots.duties(read_data(tmp_path, data)) if d.process_code == "1.1")
    assert (duty.position, duty.process_name) == ("Диспетчер", "Прием заявок и запись клиентов")


def test_rows_that_do_not_resolve_are_left_to_the_checker(tmp_path: Path) -> None:
    data = example()
    performer = row_of(data, "performers", process_code="1.2")
    data["performers"] += [dict(performer, position="Несуществующая должность"),
                           dict(performer, process_code="9.9"),
                           dict(performer, process_code="1.2.x"),
                           dict(performer, position="Мастер-приeмщик", process_code="1.3.2")]
    duties = pivots.duties(read_data(tmp_path, data))
    assert table(duties) == table(pivots.duties(read_data(tmp_path, example())))


def test_a_code_excel_turned_into_a_number_is_not_followed(tmp_path: Path) -> None:
    data = example()
    performer = row_of(data, "performers", process_code="1.1")
    process = row_of(data, "processes", code="2.1")
    code_column = "A"  # Код процесса comes first in both sheets
    org = read_with_cells(tmp_path, data, {
        (schema.PERFORMERS, f"{code_column}{excel_row(data, 'performers', performer)}"): 1.1,
        (schema.PROCESSES, f"{code_column}{excel_row(data, 'processes', process)}"): 2.1,
    })
    codes = {d.process_code for d in pivots.duties(org)}
    assert "1.1" not in codes and "2.1" not in codes
    assert "2.1" not in [r.process_code for r in pivots.responsibility_matrix(org).rows]


def test_trusted_code() -> None:
    def cell(value: str, kind: ValueKind = ValueKind.TEXT) -> Cell:
        return Cell(value, "Исполнители", 2, 1, kind)

    assert pivots.trusted_code(cell(" 1.2 ")) == "1.2"
    assert pivots.trusted_code(cell("2", ValueKind.NUMBER)) == "2"
    assert pivots.trusted_code(cell("1.1", ValueKind.NUMBER)) is None
    assert pivots.trusted_code(cell("01.02.2026", ValueKind.DATE)) is None
    assert pivots.trusted_code(cell("1.2.x")) is None
    assert pivots.trusted_code(cell("")) is None


# The responsibility matrix --------------------------------------------------------------------

def test_matrix_of_the_example(org: Organisation) -> None:
    matrix = pivots.responsibility_matrix(org)
    assert list(matrix.positions) == [p["name"] for p in example()["positions"]]
    assert [r.process_code for r in matrix.rows][:8] == [
        "1", "1.1", "1.2", "1.3", "1.3.1", "1.3.2", "1.4", "2"]
    assert marks(matrix, "3.1") == {"Генеральный директор": "В, И", MANAGER: "И"}
    assert marks(matrix, "1") == {"Руководитель автосервиса": "В"}
    assert marks(matrix, "1.3.2") == {"Руководитель автосервиса": "В",
                                      "Мастер производственного участка": "И",
                                      "Автослесарь": "И"}
    assert all(len(r.marks) == len(matrix.positions) for r in matrix.rows)
    assert [r.level for r in matrix.rows][:6] == [1, 2, 2, 2, 3, 3]


def test_matrix_owner_spelt_differently_and_rows_nobody_performs(tmp_path: Path) -> None:
    data = tiny(["Кладовщик", "Автослесарь"],
                [("1", "Склад"), ("1.10", "Выдача"), ("1.2", "Приемка"), ("x", "Кривой код")],
                [("1.2", "Кладовщик", ["Принимает"])])
    data["processes"][2]["owner"] = "КЛАДОВЩИК"
    data["processes"][1]["owner"] = "автослесарь"
    matrix = pivots.responsibility_matrix(read_data(tmp_path, data))
    assert [(r.process_code, r.process_name, r.marks) for r in matrix.rows] == [
        ("1", "Склад", ("", "")),
        ("1.2", "Приемка", ("В, И", "")),
        ("1.10", "Выдача", ("", "В")),
    ]


# The process map ------------------------------------------------------------------------------

def test_process_map_of_the_example(org: Organisation) -> None:
    lines = outline(pivots.process_map(org))
    assert lines[:7] == [
        "1 Обслуживание автовладельцев",
        "  1.1 Прием заявок и запись клиентов",
        "  1.2 Прием автомобиля от клиента",
        "  1.3 Ремонт и техническое обслуживание автомобиля",
        "    1.3.1 Планирование и распределение работ",
        "    1.3.2 Выполнение ремонтных работ",
        "  1.4 Выдача автомобиля клиенту",
    ]
    assert [line for line in lines if not line.startswith(" ")] == [
        "1 Обслуживание автовладельцев", "2 Снабжение запчастями и материалами",
        "3 Развитие сети СТО", "4 ИТ-обеспечение"]


def test_orphans_hang_under_the_nearest_ancestor_or_at_the_top(tmp_path: Path) -> None:
    data = tiny([], [("2.5.1", "Сирота"), ("1", "Один"), ("1.10", "Десятый"),
                     ("7.2.1", "Без предков"), ("1.2", "Второй"), ("1.10.3.1", "Внук"),
                     ("7.2.1.1", "Правнук"), ("2", "Два")], [])
    assert outline(pivots.process_map(read_data(tmp_path, data))) == [
        "1 Один",
        "  1.2 Второй",
        "  1.10 Десятый",
        "    1.10.3.1 Внук",
        "2 Два",
        "  2.5.1 Сирота",
        "7.2.1 Без предков",
        "  7.2.1.1 Правнук",
    ]
    levels = {n.code: n.level for n in pivots.process_map(read_data(tmp_path, data))}
    assert levels == {"1": 1, "2": 1, "7.2.1": 3}


# Competencies ---------------------------------------------------------------------------------

def test_competency_keys_one_per_duty_with_its_functions(org: Organisation) -> None:
    keys = pivots.competency_keys(org)
    duties = pivots.duties(org)
    assert [(k.position, k.process_code, k.process_name, k.functions) for k in keys] == [
        (d.position, d.process_code, d.process_name, d.functions) for d in duties]


def test_keys_normalise() -> None:
    assert pivots.competency_key(" Мастер-Приёмщик ", " 1.2 ") == ("мастер-приемщик", "1.2")
    assert pivots.competency_key("Диспетчер", "1.2") != pivots.competency_key("Диспетчер", "1.20")
    assert pivots.profile_key("Кладовщик", "Навыки", "Работа  с CRM") == \
        pivots.profile_key("КЛАДОВЩИК", "навыки ", "работа с crm")
    assert pivots.profile_key("А", "Навыки", "Учёт") == pivots.profile_key("А", "Навыки", "учет")


# Profile candidates ---------------------------------------------------------------------------

def test_profile_of_the_network_manager(org: Organisation) -> None:
    found = profile(org, MANAGER)
    assert list(found) == list(schema.PROFILE_SECTIONS)
    assert dict(found["Навыки"]) == {
        "Поиск и анализ информации": ("Компетенции: 3.1", "Компетенции: 3.2"),
        "Работа в CRM": ("Компетенции: 3.1", "Компетенции: 3.2"),
        "Переговоры по телефону": ("Компетенции: 3.1",),
        "Подготовка писем": ("Компетенции: 3.1", "Компетенции: 3.3"),
        "Проведение презентаций": ("Компетенции: 3.1", "Компетенции: 3.3"),
        "Совершенствование бизнес-процессов": ("Компетенции: 3.2", "Компетенции: 3.3"),
    }
    assert found["Ценности"] == [(v["value"], ("Ценности",)) for v in example()["values"]]
    functions = dict(found["Функциональные обязанности"])
    assert functions["Находит в регионе независимые станции и изучает их возможности"] == (
        "Исполнители: 3.1",)
    areas = found["Области ответственности"]
    assert ("Соответствие станций стандартам сервиса",
            ("Процессы: 3.2", "Процессы: 3.3")) in areas
    assert areas[0] == ("Число новых станций в сети", ("Процессы: 3.1",))
    assert areas[-1] == ("Лояльность автовладельцев", ("Должности",))


def test_identical_items_merge_whatever_the_case_ё_or_spaces(tmp_path: Path) -> None:
    data = example()
    rows = [r for r in data["competencies"] if r["position"] == MANAGER]
    rows[0]["qualities"] = ["Учёт мелочей", "Настойчивость"]
    rows[1]["qualities"] = ["учет  мелочей", "НАСТОЙЧИВОСТЬ"]
    rows[2]["qualities"] = ["Учет мелочей"]
    found = dict(profile(read_data(tmp_path, data), MANAGER)["Личные качества"])
    assert found == {"Учёт мелочей": ("Компетенции: 3.1", "Компетенции: 3.2", "Компетенции: 3.3"),
                     "Настойчивость": ("Компетенции: 3.1", "Компетенции: 3.2")}


def test_same_function_in_two_processes_is_one_item_with_both_sources(tmp_path: Path) -> None:
    data = example()
    for code in ("3.2", "3.3"):
        row_of(data, "performers", process_code=code, position=MANAGER)["functions"] = [
            "Готовит отчёт для руководства"]
    row_of(data, "performers", process_code="3.1", position=MANAGER)["functions"] = []
    found = profile(read_data(tmp_path, data), MANAGER)["Функциональные обязанности"]
    content = row_of(data, "processes", code="3.1")["content"]
    assert found == [(content, ("Процессы: 3.1",)),
                     ("Готовит отчёт для руководства", ("Исполнители: 3.2", "Исполнители: 3.3"))]


def test_an_extra_area_that_is_also_an_indicator_comes_once(tmp_path: Path) -> None:
    data = example()
    row_of(data, "positions", name=MANAGER)["extra_areas"] = [
        "число станций в сети", "Лояльность автовладельцев"]
    row_of(data, "processes", code="3.1")["indicators"].append("Число станций в сети")
    areas = profile(read_data(tmp_path, data), MANAGER)["Области ответственности"]
    assert ("Число станций в сети", ("Процессы: 3.1", "Должности")) in areas
    assert areas[-1] == ("Лояльность автовладельцев", ("Должности",))


def test_stale_and_unknown_competency_rows_do_not_feed_profiles(tmp_path: Path) -> None:
    data = example()
    row = row_of(data, "competencies", position=MANAGER, process_code="3.3")
    row["skills"] = ["Навык из удалённой пары"]
    data["performers"] = [p for p in data["performers"]
                          if (p["position"], p["process_code"]) != (MANAGER, "3.3")]
    data["competencies"].append(dict(row, position="Уволенный аналитик",
                                     skills=["Навык неизвестной должности"]))
    data["competencies"].append(dict(row, position=MANAGER.upper(), process_code="3.2",
                                     skills=["Навык живой пары"]))
    found = profile(read_data(tmp_path, data), MANAGER)
    skills = dict(found["Навыки"])
    assert "Навык из удалённой пары" not in skills
    assert skills["Навык живой пары"] == ("Компетенции: 3.2",)
    assert "Навык неизвестной должности" not in {
        c.wording for c in pivots.profile_candidates(read_data(tmp_path, data))}
    assert "Процессы: 3.3" not in {s for _, sources in found["Области ответственности"]
                                   for s in sources}


def test_every_profile_gets_every_value_and_idle_positions_get_none(tmp_path: Path) -> None:
    data = example()
    data["positions"] += [{"name": "Юрисконсульт", "department": "Дирекция"},
                          {"name": "Бухгалтер", "department": "Дирекция",
                           "extra_areas": ["Сдача отчётности в срок"]}]
    org = read_data(tmp_path, data)
    candidates = pivots.profile_candidates(org)
    values = [v["value"] for v in data["values"]]
    with_profiles = list(dict.fromkeys(c.position for c in candidates))
    assert with_profiles == [p["name"] for p in data["positions"] if p["name"] != "Юрисконсульт"]
    for position in with_profiles:
        assert wordings(org, position, "Ценности") == values
    assert profile(org, "Бухгалтер") == {
        "Ценности": [(value, ("Ценности",)) for value in values],
        "Области ответственности": [("Сдача отчётности в срок", ("Должности",))],
    }


def test_excel_error_values_are_not_items(tmp_path: Path) -> None:
    data = tiny(["Кладовщик"], [("1", "Склад")], [("1", "Кладовщик", ["#N/A"])])
    data["values"] = [{"value": "#REF!"}, {"value": "Честность"}]
    org = read_data(tmp_path, data)
    [duty] = pivots.duties(org)
    assert duty.functions == ("Содержание 1.",)
    assert wordings(org, "Кладовщик", "Ценности") == ["Честность"]
