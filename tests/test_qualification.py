"""The qualification a position requires: its own cells first, its professional standard's
where they are empty, in the main document and the vacancy."""

from __future__ import annotations

from pathlib import Path

import pytest

from procxl.render import context as ctx
from procxl.render.kinds import KINDS, Kind
from procxl.render.kinds.main_document import general_provisions
from tests.checking import example, read_data, row_of

SYSADMIN = "Системный администратор"
EDUCATION = ("Высшее образование — бакалавриат или среднее профессиональное образование — "
             "программы подготовки специалистов среднего звена")


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory):
    data = example()
    data["vacancies"].append({"position": SYSADMIN, "city": "Казань"})
    row_of(data, "positions", name="Программист")["education"] = "Высшее техническое"
    return read_data(tmp_path_factory.mktemp("книга"), data)


def test_empty_cells_take_the_standards_requirements(org) -> None:
    sysadmin = org.position(SYSADMIN)
    assert sysadmin.education.text == "" and sysadmin.standard.text == "06.026 C"
    found = {q["label"]: q["text"] for q in ctx.qualification(org, sysadmin)}
    assert found["Образование"].startswith("высшее образование — бакалавриат или среднее")
    assert " - " not in found["Образование"]  # the registry's spaced hyphens print as dashes
    assert found["Опыт работы"].startswith("не менее одного года работы в области технической")
    provisions = general_provisions(org, sysadmin, ctx.Sources.of(org, profiles=False))
    assert any(p.startswith("Требования к квалификации: образование — высшее образование")
               for p in provisions)
    code = [p for p in provisions if "код выполняемой функции" in p]
    assert code == [
        "Должность соответствует профессиональному стандарту 06.026 «Системный администратор "
        "информационно-коммуникационных систем», обобщённая трудовая функция C «Управление "
        "программно-аппаратными средствами информационных служб инфокоммуникационной "
        "системы организации», уровень квалификации 6 (код выполняемой функции для сведений "
        "о трудовой деятельности — 06.026-C-6)."]


def test_the_positions_own_cell_wins(org) -> None:
    programmer = org.position("Программист")
    found = {q["label"]: q["text"] for q in ctx.qualification(org, programmer)}
    assert found["Образование"] == "высшее техническое"
    assert found["Опыт работы"].startswith("практическая работа в области разработки")


def test_the_vacancy_asks_what_the_standard_requires(org) -> None:
    sysadmin = org.position(SYSADMIN)
    found = KINDS[Kind.VACANCY].build(org, sysadmin, ctx.Sources.of(org))
    assert found["requirements"][0].startswith(
        f"Образование: {EDUCATION[0].lower()}{EDUCATION[1:]}; дополнительное профессиональное")
    assert found["requirements"][1].startswith("Опыт работы: не менее одного года")


def test_without_a_standard_nothing_is_added(tmp_path: Path) -> None:
    data = example()
    row_of(data, "positions", name=SYSADMIN)["standard"] = None
    org = read_data(tmp_path, data)
    sysadmin = org.position(SYSADMIN)
    assert ctx.qualification(org, sysadmin) == []
    provisions = general_provisions(org, sysadmin, ctx.Sources.of(org, profiles=False))
    assert not any("профессиональному стандарту" in p for p in provisions)
