"""The assessment documents of the example's employees, read back as Word shows them."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from procxl.actions import write_documents
from procxl.render.assessment_context import MANAGER_FILL, PURPOSE, SELF_FILL
from procxl.render.build import DocumentsResult
from procxl.render.context import SIGNATURE_LINE
from procxl.render.kind import Kind
from procxl.workbook.update import update_workbook
from tests.checking import example
from tests.docx_reading import is_heading_row, keeps_with_next
from tests.test_update import write

KINDS = (Kind.ASSESSMENT, Kind.RESULTS, Kind.PLAN)
MECHANIC = "Морозов Денис Андреевич"
SERVICE = "Автосервис (СТО)"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DocumentsResult]:
    folder = tmp_path_factory.mktemp("assessment-docs")
    data = example()
    data["employees"].append({"name": "Новикова Дарья Игоревна", "position": "Диспетчер"})
    path = write(folder, data)
    result = update_workbook(path)
    out = folder / "документы"
    return out, write_documents(result.organisation, out, findings=result.findings,
                                kinds=KINDS, parallel=False)


def text_of(path: Path) -> str:
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return "\n".join(lines)


def test_every_employee_gets_a_form_and_scored_ones_results_and_plans(
        made: tuple[Path, DocumentsResult]) -> None:
    folder, result = made
    assert result.counts == {Kind.ASSESSMENT: 4, Kind.RESULTS: 3, Kind.PLAN: 3}
    assert (folder / SERVICE / f"Анкета оценки — {MECHANIC}.docx").is_file()
    assert (folder / "Отдел снабжения" / "Индивидуальный план развития — Зайцева Ольга "
            "Николаевна.docx").is_file()
    skipped = dict(result.skipped)["Новикова Дарья Игоревна"]
    assert "нет ни одной оценки" in skipped or "нет строк" in skipped


def test_the_form_lists_the_profile_items_with_boxes_to_tick(
        made: tuple[Path, DocumentsResult]) -> None:
    folder, _ = made
    content = text_of(folder / SERVICE / f"Анкета оценки — {MECHANIC}.docx")
    assert "АНКЕТА ОЦЕНКИ" in content and MECHANIC in content
    assert PURPOSE in content and "не используется для решений об увольнении" in content
    assert "Руководитель (оценивает): Лебедев Сергей Викторович" in content
    assert "1 — не владеет" in content and "5 — эксперт, учит других" in content
    assert "1 | Слесарные работы | ☐ 1   ☐ 2   ☐ 3   ☐ 4   ☐ 5 | ☐ 1   ☐ 2   ☐ 3   ☐ 4   " \
           "☐ 5 | " in content
    # beside a signature line, a long surname may go under its initials, not be cut
    assert "Д.А. Морозов" in content and "С.В. Лебедев" in content


def test_the_results_show_the_scores_as_shaded_cells_and_name_the_blind_spot(
        made: tuple[Path, DocumentsResult]) -> None:
    folder, _ = made
    path = folder / SERVICE / f"Результаты оценки — {MECHANIC}.docx"
    content = text_of(path)
    assert "Слепые зоны" in content and "Скрытые сильные стороны" not in content
    blind = content.split("Слепые зоны", 1)[1].split("Оценка по пунктам", 1)[0]
    assert "Работа с диагностическим оборудованием" in blind
    assert "Работа с диагностическим оборудованием — 2" in content  # the largest gap
    assert "Навыки | 4 | 4,3 | 3,3" in content  # means: required, self, the manager's
    document = docx.Document(str(path))
    rows = [row for table in document.tables for row in table.rows
            if row.cells[0].text == "Работа с диагностическим оборудованием"]
    self_row = rows[0]
    manager_row = self_row._tr.getnext()

    def fills(tr: object) -> list[str]:
        return [tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill"))
                for tc in tr.findall(qn("w:tc"))[2:7]]  # type: ignore[attr-defined]

    assert fills(self_row._tr) == [SELF_FILL] * 5  # self: 5
    assert fills(manager_row) == [MANAGER_FILL] * 2 + ["FFFFFF"] * 3  # the manager: 2
    assert [c.text for c in self_row.cells[2:8]] == ["", "", "", "●", "", "4"]


def test_the_plan_has_the_rows_of_the_sheet_and_three_signatures(
        made: tuple[Path, DocumentsResult]) -> None:
    folder, _ = made
    content = text_of(folder / SERVICE / f"Индивидуальный план развития — {MECHANIC}.docx")
    assert "ИНДИВИДУАЛЬНЫЙ ПЛАН РАЗВИТИЯ" in content
    assert "Навыки: сейчас 2, нужно 4" in content
    assert "Форма: Обучение" in content and "31.03.2027" in content
    for role in ("Сотрудник", "Руководитель", "Специалист по кадрам"):
        assert f"\n{role} | " in content



def test_the_signatures_never_stand_on_a_page_of_their_own(
        made: tuple[Path, DocumentsResult]) -> None:
    """A page of signatures alone is not taken for signing: whatever stands above the
    signature block (the last row of a table, the last item of the results, or the summary)
    is kept on one page with it. No other row is, so that tables still break, but for the
    results' self-assessment rows: each stays with the manager's row of the same item."""
    _, result = made
    documents = [p for p in result.written if p.suffix == ".docx"]
    assert len(documents) == 10
    for path in documents:
        document = docx.Document(str(path))
        body = list(document.element.body.iterchildren())
        signatures = max(i for i, e in enumerate(body) if e.tag == qn("w:tbl"))
        assert SIGNATURE_LINE in Table(body[signatures], document).rows[0].cells[1].text
        blank, above = Paragraph(body[signatures - 1], document), body[signatures - 2]
        assert blank.text == "" and keeps_with_next(blank), path.name
        if above.tag == qn("w:p"):  # the summary of the form
            assert keeps_with_next(Paragraph(above, document)), path.name
            continue
        results = path.name.startswith("Результаты")
        tables = [t for t in document.tables if t.rows[0].cells[0].text == "Пункт"] \
            if results else [Table(above, document)]  # the results: every chart table
        assert tables and any(t._tbl is above for t in tables), path.name
        for table in tables:
            rows = [r for r in table.rows if not is_heading_row(r)]  # kept with the next
            for number, table_row in enumerate(rows):
                # the results keep each item's two rows together, and the last item with
                # the signatures; the plan its last row
                kept = (number % 2 == 0 or (table._tbl is above and number >= len(rows) - 2)
                        if results else number == len(rows) - 1)
                keeps = {keeps_with_next(p) for c in table_row.cells for p in c.paragraphs
                         if p.text}
                assert keeps == {kept}, (path.name, number)
