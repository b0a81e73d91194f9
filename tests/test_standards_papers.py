"""The working group's papers, read back from the .docx: what the sheets say is in them."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from procxl import actions
from procxl.render.kind import Kind
from procxl.workbook.files import atomic_save
from procxl.workbook.template import build_workbook
from tests.checking import example, row_of
from tests.docx_reading import keeps_with_next

PAPERS = [Kind.GROUP_ORDER, Kind.GROUP_REGULATION, Kind.STANDARDS_PLAN,
          Kind.MANDATORY_POSITIONS]
ORGANISATION = "ООО «Магистраль-Авто»"


def papers(tmp_path: Path, data: dict) -> dict[Kind, docx.document.Document]:
    path = tmp_path / "книга.xlsx"
    atomic_save(build_workbook(data), path)
    result, _ = actions.documents_from_file(path, tmp_path / "out", kinds=PAPERS)
    return {kind: docx.Document(str(result.folder / f"{kind.title} — {ORGANISATION}.docx"))
            for kind in PAPERS if (result.folder / f"{kind.title} — {ORGANISATION}.docx")
            .exists()}


def cells(document) -> list[list[str]]:
    return [[c.text for c in row.cells] for table in document.tables for row in table.rows]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[Kind, docx.document.Document]:
    data = example()
    row_of(data, "positions", name="Системный администратор").update(
        standard_mandatory="да", basis="Доступ к сведениям, составляющим государственную "
                                    "тайну (Закон РФ «О государственной тайне», ст. 21.1)")
    return papers(tmp_path_factory.mktemp("бумаги"), data)


def test_the_order_names_the_group_and_its_roles(made) -> None:
    text = "\n".join(p.text for p in made[Kind.GROUP_ORDER].paragraphs)
    assert "ПРИКАЗЫВАЮ:" in text and "статьи 195.1–195.3 Трудового кодекса" in text
    assert ("председатель — руководитель автосервиса Хабибуллин Ринат Ильдарович; секретарь "
            "— специалист по кадрам Ковалева Анна Сергеевна") in text
    assert ["Р.И.\u00a0Хабибуллин", "Руководитель автосервиса", ""] in cells(made[Kind.GROUP_ORDER])


def test_the_regulation_counts_the_members(made) -> None:
    text = "\n".join(p.text for p in made[Kind.GROUP_REGULATION].paragraphs)
    assert "2.1. Рабочая группа состоит из 4 человек." in text
    assert "6. Заключительные положения" in text


def test_the_plan_is_the_sheets_rows(made) -> None:
    rows = cells(made[Kind.STANDARDS_PLAN])
    assert rows[0] == ["№", "Мероприятие", "Срок", "Ответственный", "Критерий выполнения"]
    assert len(rows) == 1 + 5 and rows[1][2] == "до 01.03.2027"


def test_the_list_gives_the_standard_otf_level_and_basis(made) -> None:
    rows = cells(made[Kind.MANDATORY_POSITIONS])
    assert rows[1] == [
        "1", "Системный администратор",
        "06.026 «Системный администратор информационно-коммуникационных систем»",
        "C «Управление программно-аппаратными средствами информационных служб "
        "инфокоммуникационной системы организации»", "6",
        "Доступ к сведениям, составляющим государственную тайну (Закон РФ «О государственной "
        "тайне», ст. 21.1)"]
    assert len(made[Kind.MANDATORY_POSITIONS].tables[0].rows) == 2


def _kept(row) -> bool:
    """Whether a table row is kept on one page with what follows it."""
    return all(keeps_with_next(p) for c in row.cells for p in c.paragraphs)


def test_the_order_keeps_its_list_of_signers_on_one_page(made) -> None:
    """«С приказом ознакомлены» and the four members under it move to the next page
    together: a name alone over the page's edge is not how a clerk lays out an order."""
    order = made[Kind.GROUP_ORDER]
    heading = next(p for p in order.paragraphs if p.text == "С приказом ознакомлены:")
    signers = order.tables[-1]
    names = [row.cells[0].text for row in signers.rows[1:]]
    assert names == ["Р.И.\u00a0Хабибуллин", "П.О.\u00a0Лебедев", "Е.В.\u00a0Морозова",
                     "А.С.\u00a0Ковалева"]
    assert keeps_with_next(heading)
    assert [_kept(row) for row in signers.rows[1:]] == [True, True, True, False]


def test_the_chair_signs_the_list_by_name_under_its_last_row(made) -> None:
    """The list is signed by the chair, named as the order names them; its last position
    stays on the page of the signature."""
    listed = made[Kind.MANDATORY_POSITIONS]
    positions, signature = listed.tables[0], listed.tables[-1]
    assert [c.text for c in signature.rows[0].cells][:3] == [
        "Председатель рабочей группы", "________________", "Р.И. Хабибуллин"]
    assert _kept(positions.rows[-1])


def test_a_book_without_a_group_or_a_plan_gets_no_papers(tmp_path: Path) -> None:
    data = example()
    data["working_group"], data["adoption_plan"] = [], []
    assert papers(tmp_path, data) == {}


def test_a_list_without_positions_says_so_and_is_signed_by_the_chair(tmp_path: Path) -> None:
    listed = papers(tmp_path, example())[Kind.MANDATORY_POSITIONS]
    text = "\n".join(p.text for p in listed.paragraphs)
    assert "Рабочая группа не выявила в ООО «Магистраль-Авто» должностей" in text
    assert "статья 195.3 Трудового кодекса" in text
    assert [c.text for c in listed.tables[-1].rows[0].cells][:3] == [
        "Председатель рабочей группы", "________________", "Р.И. Хабибуллин"]
    assert len(listed.tables) == 1
