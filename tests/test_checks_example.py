"""The bundled example passes; a copy broken in ten typical ways gets each finding where a
user would look for it."""

from __future__ import annotations

from pathlib import Path

from procxl import schema
from procxl.checks.findings import Level
from procxl.model import column_letter
from tests.checking import check_data, example, excel_row, row_of


def cell(sheet: schema.Sheet, key: str, row: int) -> str:
    column = [c.key for c in sheet.columns].index(key) + 1
    return f"{sheet.name}!{column_letter(column)}{row}"


def test_clean_example_has_no_errors_or_warnings(tmp_path: Path) -> None:
    findings = check_data(tmp_path, example())
    serious = [f"{f.rule} {f.address}: {f.message}" for f in findings
               if f.level in (Level.ERROR, Level.WARNING)]
    assert serious == []


def test_broken_copy_gets_each_finding_at_its_cell(tmp_path: Path) -> None:
    data = example()
    processes, performers = schema.PROCESSES, schema.PERFORMERS
    expected: set[tuple[str, str, str]] = set()

    def expect(rule: str, address: str, level: Level = Level.ERROR) -> None:
        expected.add((rule, address, level.value))

    unnamed = row_of(data, "processes", code="1.2")
    unnamed["name"] = ""
    expect("P007", cell(processes, "name", excel_row(data, "processes", unnamed)))

    latin = data["performers"][0]
    latin["position"] = latin["position"].replace("е", "e", 1)  # a Latin e
    expect("N001", cell(performers, "position", excel_row(data, "performers", latin)))

    unknown = data["performers"][1]
    unknown["position"] = "Мастер-приемщик смены"
    expect("R001", cell(performers, "position", excel_row(data, "performers", unknown)))

    owned = row_of(data, "processes", code="2.1")
    owned["owner"] = "Главный механик"
    expect("R001", cell(processes, "owner", excel_row(data, "processes", owned)))

    vacancy = data["vacancies"][0]
    vacancy["salary_from"] = vacancy["salary_to"] + 1
    vacancy["conditions"] = ["Только мужчины до 35 лет"]
    vacancy_row = excel_row(data, "vacancies", vacancy)
    expect("V003", cell(schema.VACANCIES, "salary_from", vacancy_row))
    expect("V001", cell(schema.VACANCIES, "conditions", vacancy_row))

    director = next(p for p in data["positions"] if not p.get("manager"))
    director["manager"] = row_of(data, "positions", manager=director["name"])["name"]
    expect("O005", cell(schema.POSITIONS, "manager", excel_row(data, "positions", director)))

    twin = dict(row_of(data, "processes", code="2.2"))
    data["processes"].append(twin)
    expect("P003", cell(processes, "code", excel_row(data, "processes", twin)))

    orphan = dict(row_of(data, "processes", code="4.2"), code="5.1", name="Новый процесс")
    data["processes"].append(orphan)
    orphan_row = excel_row(data, "processes", orphan)
    expect("P006", cell(processes, "code", orphan_row), Level.WARNING)
    expect("P010", cell(processes, "code", orphan_row), Level.WARNING)

    confused = row_of(data, "processes", code="4.2")
    confused["results"] = list(confused["goals"])
    expect("P011", cell(processes, "results", excel_row(data, "processes", confused)),
           Level.WARNING)

    found = {(f.rule, f.address, f.level.value) for f in check_data(tmp_path, data)}
    assert expected <= found, sorted(expected - found)
