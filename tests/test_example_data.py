"""The bundled example is what a new user sees first: it must be complete and consistent."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from procxl import hh, schema, text
from procxl.example import EXAMPLE_FILENAME, NETWORK_MANAGER, example_data

DATA = example_data()
POSITIONS = {text.fold(p["name"]) for p in DATA["positions"]}
DEPARTMENTS = {text.fold(d["name"]) for d in DATA["departments"]}
PROCESSES = {p["code"]: p for p in DATA["processes"]}
PERFORMED = {(r["process_code"], text.fold(r["position"])) for r in DATA["performers"]}

# Words a vacancy must never carry (sex, age, family status), as word stems.
_FORBIDDEN = re.compile(
    r"\b(мужчин|женщин|девушк|парн|юнош|молод|возраст|семейн|замуж|женат|холост|"
    r"бездетн|детей|дет[иь]|пол[аоу]?\b)",
    re.IGNORECASE,
)


def strings(value: Any) -> Iterator[str]:
    """Every text anywhere in the data."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings(v)


def user_table_sheets() -> list[schema.Sheet]:
    return [s for s in schema.USER_SHEETS if s.is_table and not s.params]


def test_filename_is_an_xlsx_workbook() -> None:
    assert EXAMPLE_FILENAME.endswith(".xlsx")


def test_every_user_sheet_is_present_and_no_other() -> None:
    assert set(DATA) == {s.key for s in schema.USER_SHEETS}


def test_organisation_uses_schema_params_and_fills_them_all() -> None:
    params = {p.key for p in schema.ORGANISATION.params}
    assert set(DATA["organisation"]) == params
    assert all(str(v).strip() for v in DATA["organisation"].values())
    assert DATA["organisation"]["approver_title"] == "Генеральный директор"
    assert DATA["organisation"]["name"].startswith("ООО «")


def test_table_rows_use_schema_column_keys_and_types() -> None:
    for sheet in user_table_sheets():
        for row in DATA[sheet.key]:
            for key, value in row.items():
                column = sheet.column(key)  # KeyError for an unknown key
                if value is None:
                    continue
                if column.is_list:
                    assert isinstance(value, list), (sheet.key, key)
                    assert value and all(isinstance(i, str) and i.strip() for i in value)
                    # an item must survive the reader's splitting as one item
                    assert all(text.split_list(i) == [i] for i in value), (sheet.key, key)
                elif column.kind is schema.Kind.NUMBER:
                    assert isinstance(value, int | float) and not isinstance(value, bool)
                else:  # a one-value cell may hold lines (the reader keeps them)
                    assert isinstance(value, str), value
                    assert all(line == text.clean(line) and line
                               for line in value.split("\n")), value


def test_required_columns_are_filled() -> None:
    for sheet in user_table_sheets():
        for row in DATA[sheet.key]:
            for column in sheet.columns:
                if column.required:
                    assert row.get(column.key), (sheet.key, column.key, row)


def test_no_text_mixes_cyrillic_and_latin_in_one_word() -> None:
    assert [s for s in strings(DATA) if text.mixed_script_runs(s)] == []


def test_sizes_fit_a_first_example() -> None:
    assert 8 <= len(DATA["positions"]) <= 11  # the programmer came with the standards
    assert 4 <= len(DATA["departments"]) <= 5
    assert 4 <= len(DATA["values"]) <= 5
    assert 12 <= len(DATA["processes"]) <= 18
    assert DATA["profiles"] == []


def test_names_are_unique() -> None:
    for key in ("positions", "departments", "values"):
        column = schema.sheet(key).columns[0].key
        names = Counter(text.fold(row[column]) for row in DATA[key])
        assert [n for n, c in names.items() if c > 1] == [], key


def test_department_references_exist() -> None:
    for department in DATA["departments"]:
        assert text.fold(department["head"]) in POSITIONS
        if department["parent"]:
            assert text.fold(department["parent"]) in DEPARTMENTS
    for position in DATA["positions"]:
        assert text.fold(position["department"]) in DEPARTMENTS
        if position.get("manager"):
            assert text.fold(position["manager"]) in POSITIONS


def test_structure_has_one_top_and_one_top_manager() -> None:
    assert [d["name"] for d in DATA["departments"] if not d["parent"]] == ["Дирекция"]
    assert [p["name"] for p in DATA["positions"] if not p.get("manager")] == [
        "Генеральный директор"
    ]


def test_managers_form_a_tree_without_cycles() -> None:
    manager = {text.fold(p["name"]): text.fold(p.get("manager") or "") for p in DATA["positions"]}
    for start in manager:
        seen, current = set(), start
        while current:
            assert current not in seen, f"cycle through {start}"
            seen.add(current)
            current = manager[current]


def test_every_department_has_staff() -> None:
    staffed = {text.fold(p["department"]) for p in DATA["positions"]}
    assert staffed == DEPARTMENTS


def test_network_manager_carries_the_strategic_area() -> None:
    row = next(p for p in DATA["positions"] if p["name"] == NETWORK_MANAGER)
    assert row["extra_areas"] == ["Лояльность автовладельцев"]
    indicators = {text.fold(i) for p in DATA["processes"] for i in p["indicators"]}
    assert text.fold("Лояльность автовладельцев") not in indicators


def test_process_codes_are_valid_unique_and_nested() -> None:
    codes = [p["code"] for p in DATA["processes"]]
    assert all(text.parse_code(c) is not None for c in codes)
    assert len(set(codes)) == len(codes)
    for code in codes:
        parent = text.parent_code(code)
        assert parent is None or parent in PROCESSES, code
    assert {text.code_level(c) for c in codes} == {1, 2, 3}
    assert codes == sorted(codes, key=text.code_sort_key)


def test_every_process_is_fully_specified() -> None:
    for process in DATA["processes"]:
        for column in schema.PROCESSES.columns:
            assert process.get(column.key), (process["code"], column.key)
        sentences = re.findall(r"[.!?](?:\s|$)", process["content"])
        assert 2 <= len(sentences) <= 4, process["code"]
        assert text.fold(process["owner"]) in POSITIONS


def test_goals_are_not_results() -> None:
    for process in DATA["processes"]:
        goals = {text.fold(g) for g in process["goals"]}
        results = {text.fold(r) for r in process["results"]}
        assert goals.isdisjoint(results), process["code"]


def test_level_one_processes_have_sub_processes() -> None:
    for code in PROCESSES:
        if text.code_level(code) == 1:
            assert any(text.parent_code(c) == code for c in PROCESSES), code


def test_reception_follows_the_guide() -> None:
    process = next(p for p in DATA["processes"] if p["name"] == "Прием автомобиля от клиента")
    assert process["clients"] == ["Автовладелец", "Автослесарь"]
    assert process["results"] == [
        "Наряд-заказ", "Дефектная карта", "Расписка в приеме автомобиля", "Сумма заказа",
    ]
    assert process["indicators"] == [
        "Удовлетворенность клиента обслуживанием",
        "Удовлетворенность мастера производственного участка качеством наряд-заказа",
        "Средний чек",
    ]
    assert process["suppliers"] == [
        "Диспетчер", "Отдел снабжения", "Мастер производственного участка", "ИТ-служба",
    ]
    assert process["owner"] == "Руководитель автосервиса"
    performers = [r["position"] for r in DATA["performers"] if r["process_code"] == process["code"]]
    assert performers == ["Мастер-приемщик"]


def test_performers_refer_to_existing_processes_and_positions() -> None:
    for row in DATA["performers"]:
        assert row["process_code"] in PROCESSES
        assert row["process_name"] == PROCESSES[row["process_code"]]["name"]
        assert text.fold(row["position"]) in POSITIONS
        assert 1 <= len(row["functions"]) <= 3


def test_no_duplicate_performer_pairs() -> None:
    assert len(PERFORMED) == len(DATA["performers"])


def test_every_position_performs_something() -> None:
    assert {position for _, position in PERFORMED} == POSITIONS


def test_every_process_subtree_has_a_performer() -> None:
    performed = {code for code, _ in PERFORMED}
    for code in PROCESSES:
        prefix = code + "."
        assert any(c == code or c.startswith(prefix) for c in performed), code


def test_some_processes_have_several_performers() -> None:
    per_process = Counter(code for code, _ in PERFORMED)
    assert sum(1 for n in per_process.values() if n >= 2) >= 3
    assert max(per_process.values()) <= 3


def test_competencies_follow_the_performers() -> None:
    functions = {
        (r["process_code"], text.fold(r["position"])): r["functions"] for r in DATA["performers"]
    }
    pairs = set()
    for row in DATA["competencies"]:
        pair = (row["process_code"], text.fold(row["position"]))
        assert pair in functions, pair
        assert pair not in pairs, pair
        pairs.add(pair)
        assert row["process_name"] == PROCESSES[row["process_code"]]["name"]
        assert row["functions"] == functions[pair]
        for key in ("general_knowledge", "subject_knowledge", "skills", "qualities"):
            assert row[key], (pair, key)
    assert len({position for _, position in pairs}) >= 3


def test_network_manager_competencies_hold_the_guides_items() -> None:
    rows = [r for r in DATA["competencies"] if r["position"] == NETWORK_MANAGER]
    performed = {code for code, position in PERFORMED if position == text.fold(NETWORK_MANAGER)}
    assert {r["process_code"] for r in rows} == performed

    def union(key: str) -> set[str]:
        return {text.fold(item) for r in rows for item in r[key]}

    expected = {
        "general_knowledge": [
            "Бизнес-процессы автосервиса",
            "Показатели деятельности СТО и механизмы их формирования",
            "Основы управления качеством",
            "Методы анализа проблем",
        ],
        "subject_knowledge": [
            "Рынок услуг автосервиса",
            "Методы подбора автозапчастей",
            "Экономическая модель автосервиса",
        ],
        "skills": [
            "Совершенствование бизнес-процессов",
            "Поиск и анализ информации",
            "Работа в CRM",
            "Переговоры по телефону",
            "Подготовка писем",
            "Проведение презентаций",
        ],
        "qualities": [
            "Организационные способности",
            "Коммуникативные способности",
            "Аналитические способности",
            "Настойчивость",
            "Инициатива",
            "Находчивость",
            "Внимательность",
            "Грамотная речь",
        ],
    }
    for key, items in expected.items():
        assert {text.fold(i) for i in items} <= union(key), key


def test_monitoring_is_performed_by_the_network_manager() -> None:
    process = next(
        p for p in DATA["processes"] if p["name"] == "Мониторинг показателей деятельности СТО"
    )
    assert (process["code"], text.fold(NETWORK_MANAGER)) in PERFORMED


def test_vacancies_are_valid() -> None:
    assert len(DATA["vacancies"]) == 1
    for row in DATA["vacancies"]:
        assert text.fold(row["position"]) in POSITIONS
        assert row["experience"] in hh.EXPERIENCE
        assert row["schedule"] in hh.WORK_SCHEDULE
        assert row["employment"] in hh.EMPLOYMENT_FORM
        assert row["work_format"] in hh.WORK_FORMAT and row["billing"] in hh.BILLING_TYPE
        assert 0 < row["salary_from"] < row["salary_to"]
        assert row["conditions"] and row["contact_name"] and row["phone"] and row["city"]
        competent = {text.fold(r["position"]) for r in DATA["competencies"]}
        assert text.fold(row["position"]) in competent


def test_no_words_about_sex_age_or_family_anywhere() -> None:
    assert [s for s in strings(DATA) if _FORBIDDEN.search(s)] == []


def test_typography_is_consistent() -> None:
    ours = {key: rows for key, rows in DATA.items() if key != "standards"}  # the Ministry's
    for s in strings(ours):
        assert '"' not in s and "“" not in s and "„" not in s, s
        assert "ё" not in s.casefold(), s
        assert " - " not in s, s
        assert "  " not in s, s


def test_each_call_gives_a_fresh_copy() -> None:
    first = example_data()
    first["processes"][0]["goals"].append("лишнее")
    first["performers"][0]["functions"].clear()
    assert example_data() == DATA


def test_example_round_trips_through_a_workbook(tmp_path: Any) -> None:
    pytest.importorskip("procxl.workbook.template")
    reader = pytest.importorskip("procxl.workbook.reader")
    from procxl.example import write_example

    path = tmp_path / EXAMPLE_FILENAME
    write_example(path)
    org = reader.read_workbook(path)
    assert [p.code.text for p in org.processes] == [p["code"] for p in DATA["processes"]]
    assert [p.name.text for p in org.positions] == [p["name"] for p in DATA["positions"]]
    assert [[f.text for f in r.functions] for r in org.performers] == [
        r["functions"] for r in DATA["performers"]
    ]


def test_checker_finds_no_errors_in_the_example(tmp_path: Any) -> None:
    reader = pytest.importorskip("procxl.workbook.reader")
    checks = pytest.importorskip("procxl.checks")
    from procxl.example import write_example

    try:
        checks.load_rules()
    except ModuleNotFoundError as exc:  # rule families still being written
        pytest.skip(f"checker incomplete: {exc}")
    path = tmp_path / EXAMPLE_FILENAME
    write_example(path)
    findings = checks.check(reader.read_workbook(path))
    errors = [f"{f.rule} {f.sheet}!{f.cell}: {f.message}" for f in findings if f.level == "error"]
    assert errors == []


def test_module_writes_the_example_to_a_given_path(tmp_path: Any) -> None:
    pytest.importorskip("procxl.workbook.template")
    from procxl.example import _main

    path = tmp_path / "пример.xlsx"
    assert _main([str(path)]) == 0
    assert path.stat().st_size > 0
