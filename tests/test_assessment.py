"""The assessment: gaps from the right score, blind spots, and `procxl update` on `Оценка`
and `План развития` (nothing typed is lost: renames, removed profile items, twice over)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from procxl import assessment, schema
from procxl.assessment import Scores
from procxl.example import ASSESSMENT_DATE
from procxl.model import Cell
from procxl.workbook.assessment_sheets import (
    CLOSED_GAP,
    GONE_EMPLOYEE,
    RENAMED_EMPLOYEE,
    STALE_ITEM,
)
from procxl.workbook.update import update_workbook
from tests.checking import example
from tests.test_update import table, values, write

ASSESSMENT, PLAN = schema.ASSESSMENT, schema.DEVELOPMENT_PLAN
MECHANIC, RECEIVER = "Морозов Денис Андреевич", "Галиев Рустам Ильдарович"
BLIND_SPOT = "Работа с диагностическим оборудованием"


def test_the_gap_takes_the_managers_score_and_self_assessment_without_it() -> None:
    assert Scores(4, 5, 2).gap == 2
    assert Scores(4, 3, None).gap == 1
    assert Scores(4, None, None).gap is None and Scores(None, 3, 3).gap is None
    assert Scores(4, 5, 3).blind_spot and not Scores(4, 5, 4).blind_spot
    assert Scores(4, 2, 4).hidden_strength and not Scores(4, 2, 4).blind_spot


def test_scores_read_as_numbers_or_as_the_levels_text() -> None:
    def read(value: str) -> float | None:
        return assessment.score(Cell(value, "Оценка", 2, 6))

    assert [read("4"), read("4 — применяет уверенно"), read("3,5"), read(""),
            read("хорошо")] == [4, 4, 3.5, None, None]
    assert assessment.level_numbers(["не владеет", "владеет", "учит"]) == (1, 2, 3)
    assert assessment.level_numbers(["0 — нет", "1 — есть"]) == (0, 1)


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write(tmp_path_factory.mktemp("assessment"), example())
    update_workbook(path)
    return path


def rows(path: Path, sheet: schema.Sheet, employee: str) -> list[dict[str, object]]:
    return [r for r in table(path, sheet) if r["employee"] == employee]


def edit(path: Path, sheet: schema.Sheet, change: dict[str, object], **match: object) -> None:
    """Set cells of the rows of a sheet whose cells equal `match`, by column key."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet.name]
    header = [c.value for c in ws[sheet.header_row]]
    column = {c.key: header.index(c.header) + 1 for c in sheet.columns if c.header in header}
    for row in range(sheet.first_data_row, ws.max_row + 1):
        if all(ws.cell(row, column[k]).value == v for k, v in match.items()):
            for key, value in change.items():
                ws.cell(row, column[key]).value = value
    wb.save(path)


def copy(path: Path, tmp_path: Path) -> Path:
    target = tmp_path / path.name
    shutil.copyfile(path, target)
    return target


def test_a_row_per_employee_and_profile_item_with_the_gaps(updated: Path) -> None:
    mechanic = rows(updated, ASSESSMENT, MECHANIC)
    profile = [r for r in table(updated, schema.PROFILES) if r["position"] == "Автослесарь"
               and r["section"] in schema.ASSESSED_SECTIONS]
    assert [(r["section"], r["wording"]) for r in mechanic] == [
        (r["section"], r["wording"]) for r in profile]
    spot = next(r for r in mechanic if r["wording"] == BLIND_SPOT)
    assert (spot["required"], spot["self_score"], spot["manager_score"], spot["gap"]) == (
        4, 5, 2, 2)
    assert spot["date"] == ASSESSMENT_DATE and spot.get("status") is None
    # the plan the example filled in is kept as typed, its gaps refreshed
    plan = rows(updated, PLAN, MECHANIC)
    assert [(r["wording"], r["gap"]) for r in plan] == [
        ("Технологическая документация производителей", 1), (BLIND_SPOT, 2),
        ("Качество с первого раза", 1)]
    assert plan[1]["form"] == "Обучение" and plan[1]["responsible"] == "Лебедев Сергей Викторович"


def test_a_new_gap_gets_a_plan_row_with_a_proposed_form(updated: Path, tmp_path: Path) -> None:
    path = copy(updated, tmp_path)
    edit(path, ASSESSMENT, {"manager_score": 2}, employee=RECEIVER, wording="Грамотная речь")
    edit(path, ASSESSMENT, {"manager_score": None, "self_score": 3}, employee=RECEIVER,
         wording="Устройство автомобиля")
    result = update_workbook(path)
    gaps = {r["wording"]: r["gap"] for r in rows(path, ASSESSMENT, RECEIVER)}
    assert (gaps["Грамотная речь"], gaps["Устройство автомобиля"]) == (2, 1)  # self stands in
    added = {r["wording"]: r for r in rows(path, PLAN, RECEIVER)}
    assert added["Грамотная речь"]["form"] == "Наставничество"  # a personal quality
    assert added["Устройство автомобиля"]["form"] == "Обучение"  # general knowledge
    assert added["Грамотная речь"].get("deadline") is None
    assert "A004" in {f.rule for f in result.findings}  # dated, so the plan needs dates


def test_scores_survive_a_renamed_position(updated: Path, tmp_path: Path) -> None:
    path = copy(updated, tmp_path)
    before = rows(path, ASSESSMENT, MECHANIC)
    edit(path, schema.POSITIONS, {"name": "Автомеханик"}, name="Автослесарь")
    edit(path, schema.PERFORMERS, {"position": "Автомеханик"}, position="Автослесарь")
    result = update_workbook(path)  # `Сотрудники` still says «Автослесарь»
    after = rows(path, ASSESSMENT, MECHANIC)
    assert [(r["wording"], r["manager_score"]) for r in after] == [
        (r["wording"], r["manager_score"]) for r in before]
    assert {r["position"] for r in after} == {"Автомеханик"}
    assert not any(r.get("status") for r in after)
    assert "A001" in {f.rule for f in result.findings}  # the employee's cell is to fix


def test_scores_and_plan_follow_a_renamed_employee(updated: Path, tmp_path: Path) -> None:
    path = copy(updated, tmp_path)
    scores = [(r["wording"], r["manager_score"]) for r in rows(path, ASSESSMENT, MECHANIC)]
    edit(path, schema.EMPLOYEES, {"name": "Морозов Денис Александрович"}, name=MECHANIC)
    update_workbook(path)
    assert rows(path, ASSESSMENT, MECHANIC) == []
    moved = rows(path, ASSESSMENT, "Морозов Денис Александрович")
    assert [(r["wording"], r["manager_score"]) for r in moved] == scores
    note = RENAMED_EMPLOYEE.format(old=MECHANIC)
    assert {r["status"] for r in moved} == {note}
    plan = rows(path, PLAN, "Морозов Денис Александрович")
    assert len(plan) == 3 and {r["status"] for r in plan} == {note}
    assert plan[1]["activity"].startswith("Курс производителя")


def test_rows_of_a_removed_item_or_employee_are_kept_and_marked(updated: Path,
                                                                tmp_path: Path) -> None:
    path = copy(updated, tmp_path)
    edit(path, schema.PROFILES, {"include": "нет"}, position="Автослесарь", wording=BLIND_SPOT)
    edit(path, schema.EMPLOYEES, {"name": None, "position": None, "number": None,
                                  "manager": None, "hired": None}, name=RECEIVER)
    update_workbook(path)
    spot = next(r for r in rows(path, ASSESSMENT, MECHANIC) if r["wording"] == BLIND_SPOT)
    assert (spot["manager_score"], spot["status"]) == (2, STALE_ITEM)
    planned = next(r for r in rows(path, PLAN, MECHANIC) if r["wording"] == BLIND_SPOT)
    assert planned["activity"].startswith("Курс") and planned["status"]
    gone = rows(path, ASSESSMENT, RECEIVER)
    assert gone and {r["status"] for r in gone} == {GONE_EMPLOYEE}
    assert any(r["manager_score"] == 5 for r in gone)


def test_a_closed_gap_keeps_its_plan_row(updated: Path, tmp_path: Path) -> None:
    path = copy(updated, tmp_path)
    edit(path, ASSESSMENT, {"manager_score": 4}, employee=MECHANIC, wording=BLIND_SPOT)
    update_workbook(path)
    planned = next(r for r in rows(path, PLAN, MECHANIC) if r["wording"] == BLIND_SPOT)
    assert (planned["gap"], planned["status"]) == (0, CLOSED_GAP)
    assert planned["activity"].startswith("Курс")


def test_update_twice_changes_nothing(updated: Path, tmp_path: Path) -> None:
    path = copy(updated, tmp_path)
    before = values(path)
    update_workbook(path)
    assert values(path) == before


def test_summary_sheet_has_a_row_per_assessed_employee(updated: Path) -> None:
    summary = {r["employee"]: r for r in table(updated, schema.ASSESSMENT_SUMMARY)}
    assert list(summary) == [RECEIVER, MECHANIC, "Зайцева Ольга Николаевна"]
    mechanic = summary[MECHANIC]
    assert (mechanic["position"], mechanic["gaps"], mechanic["required"]) == ("Автослесарь", 3, 4)
    assert mechanic["largest"].split("\n")[0] == f"{BLIND_SPOT} — 2"
    assert mechanic["average_3"] == pytest.approx(3.3)  # Навыки: 4, 2, 4


def test_summary_sheet_has_a_native_chart_of_the_sections(updated: Path) -> None:
    import zipfile

    from lxml import etree

    from tests.test_update_parts import sheet_part

    part = sheet_part(updated, schema.ASSESSMENT_SUMMARY.name)
    with zipfile.ZipFile(updated) as z:
        rels = z.read(part.replace("worksheets/", "worksheets/_rels/") + ".rels").decode()
        drawing = "xl/drawings/" + rels.split('Target="../drawings/', 1)[1].split('"', 1)[0]
        chart_rels = z.read(drawing.replace("drawings/", "drawings/_rels/") + ".rels").decode()
        chart = "xl/charts/" + chart_rels.split('Target="../charts/', 1)[1].split('"', 1)[0]
        tree = etree.fromstring(z.read(chart))
        types = z.read("[Content_Types].xml").decode()
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    assert tree.find(f".//{c}barChart") is not None
    assert "Средний уровень по разделам" in "".join(tree.itertext())
    formulas = [f.text for f in tree.iter(f"{c}f")]
    assert "'Итоги оценки'!$C$3:$C$5" in formulas and "'Итоги оценки'!$A$3:$A$5" in formulas
    assert f'PartName="/{chart}"' in types and f'PartName="/{drawing}"' in types
