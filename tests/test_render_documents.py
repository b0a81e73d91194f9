"""The documents of the example, read back as a clerk would: text, tables, page setup, fonts.

Golden files in tests/golden/ hold the expected text of one position's documents. After a
deliberate change of a template, regenerate them with PROCXL_REGOLD=1 and read the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import uuid
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Length

from procxl import actions
from procxl.checks import check
from procxl.render.context import DATE_LINE, SIGNATURE_LINE, Kind
from procxl.render.kind import position_subjects
from procxl.render.kinds import KINDS
from procxl.workbook.files import atomic_save
from procxl.workbook.reader import read_workbook
from procxl.workbook.template import build_workbook
from tests.checking import example, row_of
from tests.docx_reading import (
    cell_margins_mm,
    dump,
    header_fields,
    is_heading_row,
    style_font,
    style_hyphenates,
)
from tests.font_metrics import LIBERATION, Font

GOLDEN = Path(__file__).parent / "golden"
POSITION = "Менеджер по развитию сети СТО"
DEPARTMENT = "Отдел развития сети"
ORGANISATION = "ООО «Магистраль-Авто»"


@pytest.fixture(scope="module")
def example_documents(tmp_path_factory: pytest.TempPathFactory) -> actions.DocumentsResult:
    folder = tmp_path_factory.mktemp("docs")
    path = folder / "пример.xlsx"
    data = example()
    # one position under a mandatory standard, so that the list of them holds a table
    row_of(data, "positions", name="Системный администратор").update(
        standard_mandatory="да", basis="Доступ к сведениям, составляющим государственную "
                                    "тайну (Закон РФ «О государственной тайне», ст. 21.1)")
    atomic_save(build_workbook(data), path)
    org = read_workbook(path)
    return actions.write_documents(org, folder / "out", findings=check(org))


EMPLOYEE, EMPLOYEE_DEPARTMENT = "Морозов Денис Андреевич", "Автосервис (СТО)"
"""Whose documents stand for the kinds made for an employee."""


def document(result: actions.DocumentsResult, kind: Kind, suffix: str = ".docx") -> Path:
    if KINDS[kind].made_for == "организация":  # one paper, at the top of the folder
        path = result.folder / f"{kind.title} — {ORGANISATION}{suffix}"
    elif KINDS[kind].subjects is position_subjects:
        path = result.folder / DEPARTMENT / f"{kind.title} — {POSITION}{suffix}"
    else:
        path = result.folder / EMPLOYEE_DEPARTMENT / f"{kind.title} — {EMPLOYEE}{suffix}"
    assert path in result.written
    return path


@pytest.mark.parametrize("kind", list(Kind))
def test_golden_text(example_documents: actions.DocumentsResult, kind: Kind) -> None:
    text = dump(document(example_documents, kind))
    golden = GOLDEN / f"{kind.value}.txt"
    if os.environ.get("PROCXL_REGOLD"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(Kind))
def test_page_setup_follows_gost(example_documents: actions.DocumentsResult,
                                 kind: Kind) -> None:
    doc = docx.Document(str(document(example_documents, kind)))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) >= 20 and round(section.top_margin.mm) >= 20
    assert round(section.bottom_margin.mm) >= 20 and round(section.right_margin.mm) >= 10
    # page numbers from page 2, at the top centre
    assert section.different_first_page_header_footer
    assert header_fields(doc) == "PAGE"
    assert section.header.paragraphs[0].alignment == 1  # centre
    assert not any(p.text for p in section.first_page_header.paragraphs)
    assert style_font(doc, "Normal") == ("Times New Roman", 14)
    assert style_font(doc, "Текст таблицы") == ("Times New Roman", 12)
    indent = doc.styles["Normal"].paragraph_format.first_line_indent
    assert round(indent.cm, 2) == 1.25


BORDERS_MM = 0.5
"""What a cell's borders and rounding take beyond its margins: a date exactly as wide as its
cell's room less the margins breaks in LibreOffice."""


_BREAKS = re.compile(r"[ \t\n]+")


@pytest.mark.skipif(not (LIBERATION / "LiberationSerif-Bold.ttf").exists(),
                    reason="Liberation Serif (Times New Roman's metrics) is not installed")
def test_no_word_of_a_table_is_cut_where_a_clerk_reads_it(
        example_documents: actions.DocumentsResult) -> None:
    """Each table's words fit their column, set in Times New Roman as Word sets them: a word
    wider than its cell is cut anywhere («Ответствен|ный»). A heading word must fit whole;
    a word typed in the book may be wider only where the style hyphenates it. The date and
    signature lines stand on one line each."""
    fonts = {bold: Font(LIBERATION / f"LiberationSerif-{'Bold' if bold else 'Regular'}.ttf")
             for bold in (False, True)}
    cut = []
    for path in sorted(p for p in example_documents.written if p.suffix == ".docx"):
        doc = docx.Document(str(path))
        margins = cell_margins_mm(doc) + BORDERS_MM
        for table in doc.tables:
            grid = [Length(int(col.get(qn("w:w"))) * 635).mm
                    for col in table._tbl.tblGrid.gridCol_lst]
            for number, table_row in enumerate(table.rows):
                heading = is_heading_row(table_row)
                for width, cell in zip(grid, table_row.cells, strict=False):
                    for paragraph in cell.paragraphs:
                        style = paragraph.style
                        size = style_font(doc, style.name)[1]
                        # split where a line may break: not at a no-break space, which
                        # binds initials to their surname
                        pieces = ([paragraph.text] if paragraph.text.strip() in
                                  (DATE_LINE, SIGNATURE_LINE) else _BREAKS.split(paragraph.text))
                        bold = any(run.bold for run in paragraph.runs) or bool(style.font.bold)
                        wide = [piece for piece in pieces if fonts[bold].width_mm(piece, size)
                                > width - margins]
                        if wide and (heading or not style_hyphenates(doc, style.name)
                                     or any(" " in piece for piece in wide)):
                            cut.append((path.name, number, wide))
    assert cut == []


def test_profile_has_seven_sections(example_documents: actions.DocumentsResult) -> None:
    doc = docx.Document(str(document(example_documents, Kind.PROFILE)))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Требования к квалификации", "1. Общие знания", "2. Предметные знания",
                        "3. Навыки", "4. Личные качества", "5. Ценности",
                        "6. Функциональные обязанности", "7. Области ответственности"]
    texts = [p.text for p in doc.paragraphs]
    values = texts[texts.index("5. Ценности") + 1:texts.index("6. Функциональные обязанности")]
    assert [v.lstrip("–\t") for v in values] == [v["value"] for v in example()["values"]]


def test_vacancy_files(example_documents: actions.DocumentsResult) -> None:
    payload = json.loads(document(example_documents, Kind.VACANCY, ".json")
                         .read_text(encoding="utf-8"))
    vacancy = row_of(example(), "vacancies", position=POSITION)
    assert payload["name"] == POSITION
    assert payload["salary_range"]["from"] == vacancy["salary_from"]
    assert payload["experience"] == {"id": "between1And3"}
    assert payload["area"] == {"id": "88"}  # Казань
    assert payload["professional_roles"] == [{"id": vacancy["role"]}]
    assert payload["billing_type"] == {"id": "standard"} and payload["type"] == {"id": "open"}
    assert payload["work_schedule_by_days"] == [{"id": "FIVE_ON_TWO_OFF"}]
    assert payload["contacts"]["email"] == vacancy["email"]
    assert not {"salary", "schedule", "employment"} & set(payload)
    assert len(re.sub(r"<[^>]+>", "", payload["description"])) >= 200
    assert 0 < len(payload["key_skills"]) <= 30
    text = document(example_documents, Kind.VACANCY, ".txt").read_text(encoding="utf-8-sig")
    assert text.index("Требования") < text.index("Будет плюсом") < text.index("Условия")
    assert "• Находить в регионе независимые станции" in text  # the voice of a job ad
    # knowledge only the company teaches stays in the profile (proposed «нет» by update)
    assert "Стандарты сервиса сети" not in text.split("Будет плюсом:")[1]
    assert text.rstrip().endswith(vacancy["email"])  # contacts close the text
    html = document(example_documents, Kind.VACANCY, ".html").read_text(encoding="utf-8-sig")
    tags: set[str] = set()

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            tags.add(tag)

    Tags().feed(html)
    assert tags <= {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li"}
    doc = docx.Document(str(document(example_documents, Kind.VACANCY)))
    assert any(vacancy["phone"] in p.text for p in doc.paragraphs)
    assert vacancy["phone"] not in html


def test_only_listed_positions_get_vacancies(
        example_documents: actions.DocumentsResult) -> None:
    vacancies = [p for p in example_documents.written if p.name.startswith("Вакансия")]
    assert {p.stem for p in vacancies} == {f"Вакансия — {POSITION}"}
    assert example_documents.counts == {"duties": 11, "profile": 11, "vacancy": 1,
                                        "assessment": 3, "results": 3, "plan": 3,
                                        "group-order": 1, "group-regulation": 1,
                                        "standards-plan": 1, "mandatory-positions": 1}


HOSTILE = "R&D <отдел> \"кавычки\" 'апостроф' {{ не поле }} {% if %}"


def test_hostile_text_gives_valid_documents(tmp_path: Path) -> None:
    data = example()
    process = row_of(data, "processes", code="3.1")
    process["name"] = HOSTILE
    process["goals"] = []
    process["results"] = ["Очень длинный результат " * 300]
    performer = row_of(data, "performers", process_code="3.1", position=POSITION)
    performer["functions"] = [HOSTILE, "Строка\nс переносом"]
    data["organisation"]["about"] = HOSTILE
    data["organisation"]["approver_name"] = ""
    path = tmp_path / "книга.xlsx"
    atomic_save(build_workbook(data), path)
    result, _ = actions.documents_from_file(path, tmp_path / "out", positions=[POSITION])
    for written in result.written:
        if written.suffix == ".docx":
            with zipfile.ZipFile(written) as package:
                assert package.testzip() is None
            docx.Document(str(written))
    duties = docx.Document(str(result.folder / DEPARTMENT /
                               f"Должностные обязанности — {POSITION}.docx"))
    texts = [p.text for p in duties.paragraphs]
    head = next(i for i, t in enumerate(texts) if HOSTILE in t and "В процессе" in t)
    assert texts[head + 1].endswith(HOSTILE + ".")
    # a line break in a list cell starts a new item, and so a new clause
    assert texts[head + 2:head + 4] == ["2.1.2. Строка.", "2.1.3. с переносом."]
    notes = texts[head + 4:head + 6]
    assert not any(t.startswith("Для чего") for t in notes)  # no goals: no line for them
    assert notes[0].startswith("Результаты:") and len(notes[0]) > 5000
    vacancy = docx.Document(str(result.folder / DEPARTMENT / f"Вакансия — {POSITION}.docx"))
    assert any(p.text == HOSTILE for p in vacancy.paragraphs)


def test_blocked_position_is_skipped_with_reason(tmp_path: Path) -> None:
    data = example()
    row_of(data, "performers", position=POSITION)["position"] = "Менеджер по развитию"
    path = tmp_path / "книга.xlsx"
    atomic_save(build_workbook(data), path)
    result, findings = actions.documents_from_file(path, tmp_path / "out")
    assert any(f.level.value == "error" for f in findings)
    reasons = dict(result.skipped)
    assert "Исполнители" in reasons[POSITION]
    assert not (result.folder / DEPARTMENT / f"Должностные обязанности — {POSITION}.docx"
                ).exists()
    assert result.counts["duties"] == 10


def test_position_names_become_safe_unique_file_names(tmp_path: Path) -> None:
    data = example()
    # two of the same department (one folder), one with every forbidden character
    renames = {"Автослесарь": "Оператор A/B", "Диспетчер": "Оператор A-B",
               "Кладовщик": "Кладовщик <R&D>: \"Альфа\"?"}
    for table in ("positions", "performers", "competencies", "vacancies", "clauses",
                  "employees"):
        for row in data[table]:
            key = "name" if table == "positions" else "position"
            row[key] = renames.get(row.get(key), row.get(key))
    for row in data["positions"]:
        row["manager"] = renames.get(row.get("manager"), row.get("manager"))
        row["deputy"] = renames.get(row.get("deputy"), row.get("deputy"))
    for row in data["departments"]:
        row["head"] = renames.get(row.get("head"), row.get("head"))
    for row in data["processes"]:
        row["owner"] = renames.get(row.get("owner"), row.get("owner"))
    path = tmp_path / "книга.xlsx"
    atomic_save(build_workbook(data), path)
    result, findings = actions.documents_from_file(path, tmp_path / "out",
                                                   kinds=[Kind.DUTIES])
    assert not [f for f in findings if f.level.value == "error"]
    names = sorted(p.name for p in result.written)
    assert "Должностные обязанности — Оператор A-B.docx" in names
    assert "Должностные обязанности — Оператор A-B (2).docx" in names
    odd = [n for n in names if "Кладовщик" in n]
    assert len(odd) == 1 and not set('<>:"/\\|?*') & set(odd[0])
    documents = {next(q.text for q in docx.Document(str(p)).paragraphs
                      if q.style.name == "Subtitle") for p in result.written
                 if "Оператор" in p.name}
    assert documents == {"оператора A/B", "оператора A-B"}


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_every_kind(example_documents: actions.DocumentsResult,
                                      tmp_path: Path) -> None:
    """An office program other than python-docx opens the documents and finds the text."""
    sources = [document(example_documents, kind) for kind in Kind]
    profile = f"file:///tmp/lo-procxl-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
             "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), *map(str, sources)],
            check=True, capture_output=True, timeout=180,
        )
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    texts = {kind: (tmp_path / f"{source.stem}.txt").read_text(encoding="utf-8-sig")
             for kind, source in zip(Kind, sources, strict=True)}
    assert "ДОЛЖНОСТНЫЕ ОБЯЗАННОСТИ" in texts[Kind.DUTIES]
    assert "менеджера по развитию сети СТО" in texts[Kind.DUTIES]
    assert "ЛИСТ ОЗНАКОМЛЕНИЯ" in texts[Kind.DUTIES]
    assert "7. Области ответственности" in texts[Kind.PROFILE]
    assert "Будет плюсом" in texts[Kind.VACANCY]


def test_paths_stay_short_enough_for_windows(tmp_path: Path) -> None:
    data = example()
    long_name = "Ведущий специалист по сопровождению договоров с ключевыми клиентами сети " * 2
    for row in data["positions"]:
        if row["name"] == POSITION:
            row["genitive"] = "ведущего специалиста"
    for table, key in (("positions", "name"), ("performers", "position"),
                       ("competencies", "position"), ("vacancies", "position")):
        for row in data[table]:
            if row[key] == POSITION:
                row[key] = long_name.strip()
    path = tmp_path / "книга.xlsx"
    atomic_save(build_workbook(data), path)
    # a folder 180 characters deep, whatever the test's own folder (longer under xdist)
    room = 180 - len(str(tmp_path.absolute())) - len("/Результаты") - 1
    deep = tmp_path / ("Очень длинная папка клиента с пробелами " * 5)[:room].strip() / "Результаты"
    result, _ = actions.documents_from_file(path, deep, kinds=[Kind.DUTIES, Kind.VACANCY])
    assert len(str(deep.absolute())) > 100
    assert all(len(str(p.absolute())) <= 250 for p in result.written)
    cut = [p for p in result.written if p.name.startswith("Вакансия — Ведущий")]
    assert len(cut) == 4 and all(p.exists() for p in cut)
