"""The position's main document read back as the clerk who signs it: every section against
the workbook, the owner's duties, the interactions, the clauses and what blocks it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document

from procxl import actions, clauses, schema
from procxl.checks import check
from procxl.declension import in_sentence
from procxl.render.kinds import Kind
from procxl.workbook.files import atomic_save
from procxl.workbook.reader import read_workbook
from procxl.workbook.template import build_workbook
from tests.checking import example, row_of

MANAGER = "Менеджер по развитию сети СТО"
HEAD = "Руководитель автосервиса"
DIRECTOR = "Генеральный директор"
RECEIVER = "Мастер-приемщик"


def write(tmp_path: Path, data: dict[str, Any], **options: Any) -> actions.DocumentsResult:
    path = tmp_path / "книга.xlsx"
    atomic_save(build_workbook(data), path)
    org = read_workbook(path)
    return actions.write_documents(org, tmp_path / "out", findings=check(org), **options)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> actions.DocumentsResult:
    return write(tmp_path_factory.mktemp("main"), example(), kinds=[Kind.DUTIES])


def main_document(result: actions.DocumentsResult, position: str,
                  title: str = "Должностные обязанности") -> Document:
    found = [p for p in result.written if p.name == f"{title} — {position}.docx"]
    assert len(found) == 1, [p.name for p in result.written]
    return docx.Document(str(found[0]))


def texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs]


def section(doc: Document, number: int) -> list[str]:
    """The paragraphs of numbered section `number`, under its heading."""
    lines = texts(doc)
    start = next(i for i, t in enumerate(lines) if re.match(rf"{number}\. ", t)
                 and doc.paragraphs[i].style.name == "Heading 1")
    end = next((i for i in range(start + 1, len(lines))
                if doc.paragraphs[i].style.name in ("Heading 1", "Title")
                or lines[i] == "СОГЛАСОВАНО"), len(lines))
    return lines[start + 1:end]


def clauses_of(lines: list[str], prefix: str) -> list[str]:
    """The clause texts numbered `prefix.N.`, without their numbers."""
    pattern = re.compile(rf"{re.escape(prefix)}\.\d+\. ")
    return [pattern.sub("", t, count=1) for t in lines if pattern.match(t)]


# The heading ------------------------------------------------------------------------------

def test_heading_names_organisation_document_date_place_approver_and_title(
        documents: actions.DocumentsResult) -> None:
    doc = main_document(documents, MANAGER)
    head = doc.tables[0].rows[0].cells
    left = [p.text for p in head[0].paragraphs if p.text]
    assert left == ["ООО «Магистраль-Авто»", "ДОЛЖНОСТНЫЕ ОБЯЗАННОСТИ",
                    "________________ № __________", "г. Казань"]
    right = [p.text for p in head[1].paragraphs if p.text]
    assert right[:3] == ["УТВЕРЖДАЮ", DIRECTOR, "ООО «Магистраль-Авто»"]
    assert right[3].endswith("А.В.\u00a0Соколов") and right[4].startswith("«____»")
    assert texts(doc)[1] == "менеджера по развитию сети СТО"  # the genitive, no quotes
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. Общие положения", "2. Должностные обязанности", "3. Права",
                        "4. Ответственность", "5. Взаимоотношения (связи по должности)",
                        "6. Условия работы"]


def test_the_head_is_approved_by_whom_positions_say(
        documents: actions.DocumentsResult) -> None:
    doc = main_document(documents, DIRECTOR)
    right = [p.text for p in doc.tables[0].rows[0].cells[1].paragraphs if p.text]
    assert right == ["УТВЕРЖДЕНО", "решением общего собрания участников",
                     "ООО «Магистраль-Авто»", "протокол от ______________ № ______"]
    assert not any("Соколов" in t for t in right)


def test_place_falls_back_to_the_city_and_the_kind_renames_the_document(
        tmp_path: Path) -> None:
    data = example()
    data["organisation"]["place"] = None
    data["organisation"]["document_kind"] = "должностная инструкция"
    result = write(tmp_path, data, kinds=[Kind.DUTIES], positions=[MANAGER])
    doc = main_document(result, MANAGER, "Должностная инструкция")
    left = [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert left[1] == "ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ" and left[-1] == "Казань"
    assert "с должностной инструкцией менеджера по развитию сети СТО" in texts(doc)


# 1. Общие положения -----------------------------------------------------------------------

def test_general_provisions_say_place_qualification_deputy_and_the_clauses(
        documents: actions.DocumentsResult) -> None:
    position = row_of(example(), "positions", name=MANAGER)
    general = clauses_of(section(main_document(documents, MANAGER), 1), "1")
    assert general[0] == ("Должность входит в подразделение «Отдел развития сети». "
                          "Непосредственный руководитель — генеральный директор.")
    assert general[1] == (
        f"Требования к квалификации: образование — {in_sentence(position['education'])}; "
        f"опыт работы — {in_sentence(position['experience'])}; особые условия допуска к "
        f"работе — {in_sentence(position['admission'][0])}.")
    assert "исполняет начальник отдела снабжения" in general[2]
    shipped = [t.replace("{организация}", "ООО «Магистраль-Авто»")
               for s, t in clauses.DEFAULT_CLAUSES if s == "Общие положения"]
    assert general[3:] == shipped
    assert not any("{" in line for line in general)


def test_who_stands_in_for_whom_and_whom_the_head_manages(
        documents: actions.DocumentsResult) -> None:
    supply = clauses_of(section(main_document(documents, "Начальник отдела снабжения"), 1), "1")
    assert any("исполняет кладовщик" in line for line in supply)
    storekeeper = clauses_of(section(main_document(documents, "Кладовщик"), 1), "1")
    assert ("На время отсутствия начальника отдела снабжения исполняет его обязанности."
            in storekeeper)
    head = clauses_of(section(main_document(documents, HEAD), 1), "1")
    reports = [r["name"] for r in example()["positions"] if r.get("manager") == HEAD]
    assert f"В подчинении: {', '.join(in_sentence(r) for r in reports)}." in head


def test_replace_stands_instead_of_the_general_clauses_for_that_position_only(
        documents: actions.DocumentsResult) -> None:
    director = " ".join(section(main_document(documents, DIRECTOR), 1))
    assert "избирается на должность" in director
    assert "приказом руководителя" not in director
    assert "приказом руководителя" in " ".join(section(main_document(documents, MANAGER), 1))


# 2. Должностные обязанности ---------------------------------------------------------------

def test_functions_grouped_by_process_in_code_order_with_what_they_are_for(
        documents: actions.DocumentsResult) -> None:
    data = example()
    own = [r for r in data["performers"] if r["position"] == MANAGER]
    lines = section(main_document(documents, MANAGER), 2)
    for number, performer in enumerate(own, start=1):
        code = performer["process_code"]
        heading = f"2.{number}. В процессе «{performer['process_name']}» ({code}):"
        assert heading in lines
        functions = clauses_of(lines, f"2.{number}")
        assert functions == [f.rstrip(".") + "." for f in performer["functions"]]
        process = row_of(data, "processes", code=code)
        notes = lines[lines.index(heading) + 1 + len(functions):][:3]
        assert notes[0] == ("Для чего (цели процесса): "
                            + "; ".join(in_sentence(g) for g in process["goals"]) + ".")
        assert notes[2].startswith("Показатели: " + in_sentence(process["indicators"][0]))
    assert not any("Как владелец" in line for line in lines)


def test_the_owner_answers_for_the_goals_and_indicators_of_each_process_he_owns(
        documents: actions.DocumentsResult) -> None:
    data = example()
    owned = [p for p in data["processes"] if p["owner"] == HEAD]
    assert {"1", "1.1", "1.2", "1.3", "1.4"} <= {p["code"] for p in owned}
    lines = section(main_document(documents, HEAD), 2)
    performed = len([r for r in data["performers"] if r["position"] == HEAD])
    for number, process in enumerate(owned, start=performed + 1):
        heading = f"2.{number}. Как владелец процесса «{process['name']}» ({process['code']}):"
        assert heading in lines
        duties = clauses_of(lines, f"2.{number}")
        assert duties[0] == ("Обеспечивает достижение целей процесса: "
                             + "; ".join(in_sentence(g) for g in process["goals"]) + ".")
        assert duties[1] == ("Отвечает за показатели процесса: "
                             + "; ".join(in_sentence(i) for i in process["indicators"]) + ".")
        assert duties[2].startswith("Организует выполнение процесса")
    rights = clauses_of(section(main_document(documents, HEAD), 3), "3")
    assert rights[-1].startswith("Изменять и совершенствовать процессы, владельцем которых "
                                 "является: «Обслуживание автовладельцев» (1)")
    assert not any("владельцем которых" in r
                   for r in clauses_of(section(main_document(documents, MANAGER), 3), "3"))


# 3–6 ------------------------------------------------------------------------------------

def test_responsibility_lists_clauses_then_every_area_once(
        documents: actions.DocumentsResult) -> None:
    data = example()
    lines = clauses_of(section(main_document(documents, MANAGER), 4), "4")
    shipped = [t for s, t in clauses.DEFAULT_CLAUSES if s == "Ответственность"]
    assert lines[:-1] == shipped
    codes = {r["process_code"] for r in data["performers"] if r["position"] == MANAGER}
    indicators = [i for p in data["processes"] if p["code"] in codes for i in p["indicators"]]
    areas = lines[-1]
    for item in [*indicators, "Лояльность автовладельцев"]:
        assert areas.count(in_sentence(item)) >= 1, item
    assert areas.count("соответствие станций стандартам сервиса") == 1  # in two processes


def test_storekeeper_gets_his_own_added_clause(documents: actions.DocumentsResult) -> None:
    lines = clauses_of(section(main_document(documents, "Кладовщик"), 4), "4")
    assert any("полной материальной ответственности (ст. 244 ТК РФ)" in t for t in lines)
    assert not any("ст. 244" in t
                   for t in clauses_of(section(main_document(documents, MANAGER), 4), "4"))


def test_interactions_name_suppliers_and_clients_with_their_departments(
        documents: actions.DocumentsResult) -> None:
    doc = main_document(documents, MANAGER)
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["Процесс", "Получает", "Передаёт"]
    rows = {r.cells[0].paragraphs[0].text: r.cells for r in table.rows[1:]}
    standards = rows["Внедрение стандартов сервиса на станциях сети (3.3)"]
    process = row_of(example(), "processes", code="3.3")
    received = [p.text for p in standards[1].paragraphs]
    assert received[:len(process["resources"])] == process["resources"]
    assert received[-1] == ("От кого: Руководитель автосервиса, Автосервис (СТО); "
                            "Генеральный директор (Дирекция)")
    attract = rows["Привлечение новых станций в сеть (3.1)"]
    assert attract[2].paragraphs[-1].text.endswith("Отдел снабжения (подразделение)")
    assert attract[0].paragraphs[-1].text == "Владелец: Генеральный директор"


def test_a_position_is_not_its_own_supplier(documents: actions.DocumentsResult) -> None:
    doc = main_document(documents, RECEIVER)
    for row in doc.tables[1].rows[1:]:
        assert RECEIVER not in row.cells[1].text and RECEIVER not in row.cells[2].text


def test_conditions_visas_and_one_acknowledgement_sheet(
        documents: actions.DocumentsResult) -> None:
    doc = main_document(documents, MANAGER)
    conditions = clauses_of(section(doc, 6), "6")
    assert conditions[-1].startswith("Работа имеет разъездной характер")
    lines = texts(doc)
    visas = [i for i, t in enumerate(lines) if t == "СОГЛАСОВАНО"]
    assert [lines[i + 1] for i in visas] == ["Специалист по кадрам", "Юрисконсульт"]
    assert lines[visas[0] + 2].endswith("А.С.\u00a0Ковалева")
    assert sum("ознакомлен" in t.lower() for t in lines) == 1
    title = next(p for p in doc.paragraphs if p.text == "ЛИСТ ОЗНАКОМЛЕНИЯ")
    assert title.paragraph_format.page_break_before
    sheet = doc.tables[-1]
    assert [c.text for c in sheet.rows[0].cells] == ["№", "Фамилия, имя, отчество", "Подпись",
                                                     "Дата ознакомления"]
    assert len(sheet.rows) == 13
    assert section(main_document(documents, "Кладовщик"), 6) == [] or all(
        "разъездной" not in t for t in section(main_document(documents, "Кладовщик"), 6))


# The clauses of `Положения` ---------------------------------------------------------------

def test_a_book_without_the_clauses_sheet_gets_the_shipped_clauses(tmp_path: Path) -> None:
    data = example()
    path = tmp_path / "версия-1.xlsx"
    workbook = build_workbook(data)
    del workbook[schema.CLAUSES.name]
    atomic_save(workbook, path)
    org = read_workbook(path)
    result = actions.write_documents(org, tmp_path / "out", findings=check(org),
                                     kinds=[Kind.DUTIES], positions=[DIRECTOR])
    rights = clauses_of(section(main_document(result, DIRECTOR), 3), "3")
    assert rights[:-1] == [t for s, t in clauses.DEFAULT_CLAUSES if s == "Права"]
    assert rights[-1].startswith("Изменять и совершенствовать")  # owner of process 3


def test_clause_fields_resolve_and_a_clause_with_an_empty_field_is_left_out(
        tmp_path: Path) -> None:
    data = example()
    data["clauses"] += [
        {"section": "Права", "text": "Давать указания {замещает} на время отсутствия."},
        {"section": "Условия работы", "position": MANAGER,
         "text": "{Должность} ({должность_рп}) из «{подразделение}» подчиняется: "
                 "{руководитель}."},
    ]
    result = write(tmp_path, data, kinds=[Kind.DUTIES], positions=[MANAGER, "Кладовщик"])
    manager = main_document(result, MANAGER)
    assert ("Давать указания начальник отдела снабжения на время отсутствия."
            in clauses_of(section(manager, 3), "3"))
    assert (f"{MANAGER} (менеджера по развитию сети СТО) из «Отдел развития сети» "
            "подчиняется: генеральный директор.") in clauses_of(section(manager, 6), "6")
    storekeeper = main_document(result, "Кладовщик")  # has no deputy
    assert not any("Давать указания" in t for t in texts(storekeeper))


def test_an_empty_clauses_sheet_means_no_clauses(tmp_path: Path) -> None:
    data = example()
    data["clauses"] = []
    result = write(tmp_path, data, kinds=[Kind.DUTIES], positions=[MANAGER])
    rights = clauses_of(section(main_document(result, MANAGER), 3), "3")
    assert rights == []
    assert clauses_of(section(main_document(result, MANAGER), 1), "1")  # derived ones stay


# What blocks it ------------------------------------------------------------------------

def test_a_latin_letter_in_a_performer_blocks_that_positions_documents_and_says_so(
        tmp_path: Path) -> None:
    data = example()
    row_of(data, "performers", position=RECEIVER)["position"] = "Мастер-приeмщик"
    result = write(tmp_path, data)
    reasons = [reason for name, reason in result.skipped if name == RECEIVER]
    assert len(reasons) == 2  # the main document and the profile (it has no vacancy)
    assert all("N001" in r and "Исполнители" in r for r in reasons)
    assert not any(RECEIVER in p.name for p in result.written)
    assert result.counts["duties"] == 10


def test_a_bad_vacancy_row_blocks_only_the_vacancy(tmp_path: Path) -> None:
    data = example()
    row_of(data, "vacancies", position=MANAGER)["salary_from"] = "много"
    result = write(tmp_path, data)
    names = {p.name for p in result.written}
    assert f"Должностные обязанности — {MANAGER}.docx" in names
    assert f"Профиль должности — {MANAGER}.docx" in names
    assert not any(n.startswith("Вакансия") for n in names)
    [(name, reason)] = result.skipped
    assert name == MANAGER and reason.startswith("документ «Вакансия» не сформирован")
    assert "V004" in reason


def test_a_bad_clause_blocks_only_the_main_document(tmp_path: Path) -> None:
    data = example()
    data["clauses"].append({"section": "Права", "position": MANAGER,
                            "text": "Знать {должнсть}."})
    result = write(tmp_path, data)
    names = {p.name for p in result.written}
    assert f"Должностные обязанности — {MANAGER}.docx" not in names
    assert f"Профиль должности — {MANAGER}.docx" in names
    assert any(name == MANAGER and "Положения" in reason for name, reason in result.skipped)


def test_a_performer_naming_no_position_is_listed_among_the_skipped(tmp_path: Path) -> None:
    data = example()
    row_of(data, "performers", position="Кладовщик")["position"] = "Оператор дрона"
    result = write(tmp_path, data, kinds=[Kind.DUTIES])
    assert any(name == "Оператор дрона" and "Исполнители!C" in reason
               and "не вошли ни в один документ" in reason
               for name, reason in result.skipped)


def test_an_error_does_not_announce_a_vacancy_nobody_asked_for(tmp_path: Path) -> None:
    data = example()
    row_of(data, "performers", position=RECEIVER)["position"] = "Мастер-приeмщик"
    result = write(tmp_path, data)
    assert not any("Вакансия" in reason for _, reason in result.skipped)


def test_an_owner_who_performs_nothing_still_gets_his_document(tmp_path: Path) -> None:
    data = example()
    data["performers"] = [r for r in data["performers"] if r["position"] != DIRECTOR]
    data["competencies"] = [r for r in data["competencies"] if r["position"] != DIRECTOR]
    result = write(tmp_path, data, kinds=[Kind.DUTIES], positions=[DIRECTOR])
    doc = main_document(result, DIRECTOR)
    duties = section(doc, 2)
    assert duties[0].startswith("2.1. Как владелец процесса «")
    assert not any("В процессе" in line for line in duties)
    assert clauses_of(section(doc, 5), "5")[0].startswith("Взаимодействует с непосредственным")


def test_a_position_that_neither_performs_nor_owns_is_skipped_with_reason(
        tmp_path: Path) -> None:
    data = example()
    data["performers"] = [r for r in data["performers"] if r["position"] != "Кладовщик"]
    result = write(tmp_path, data, kinds=[Kind.DUTIES])
    reasons = dict(result.skipped)
    assert "не участвует ни в одном процессе" in reasons["Кладовщик"]
    assert "не владеет ни одним" in reasons["Кладовщик"]
