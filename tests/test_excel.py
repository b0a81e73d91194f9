"""The Excel buttons' work, run on a workbook held in memory by openpyxl as Excel holds the
live one: the same sheets as `procxl update`, unsaved edits used, messages instead of
tracebacks, documents beside the workbook."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest

from procxl import excel, schema
from procxl.checks import check
from procxl.errors import ProcxlError, UnusableInput
from procxl.workbook.book import OpenpyxlBook
from procxl.workbook.files import atomic_save
from procxl.workbook.reader import read_workbook
from procxl.workbook.template import build_workbook
from procxl.workbook.update import update_workbook
from procxl.workbook.writer import findings_rows
from tests.checking import example

PERFORMERS, COMPETENCIES = schema.PERFORMERS, schema.COMPETENCIES


class ButtonBook(OpenpyxlBook):
    """A book in memory that remembers the message boxes it was asked to show."""

    def __init__(self, workbook: openpyxl.Workbook, path: Path) -> None:
        super().__init__(workbook, path)
        self.alerts: list[tuple[str, bool]] = []

    @contextmanager
    def working(self) -> Iterator[None]:
        yield

    def alert(self, message: str, *, error: bool = False) -> None:
        self.alerts.append((message, error))


def write(path: Path, data: dict) -> Path:
    atomic_save(build_workbook(data), path)
    return path


def values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def type_changes(wb: openpyxl.Workbook) -> None:
    """What a person types before pressing a button: a new performer, a skill."""
    wb[PERFORMERS.name].append(["2.2", None, "Диспетчер", "Помогает кладовщику в пиковые дни"])
    competencies = wb[COMPETENCIES.name]
    skills = [c.value for c in competencies[1]].index("Навыки") + 1
    competencies.cell(2, skills, "Навык, вписанный перед нажатием")


def test_update_button_makes_the_sheets_procxl_update_makes(tmp_path: Path) -> None:
    data = example()
    by_command = write(tmp_path / "командой.xlsx", data)
    by_button = write(tmp_path / "кнопкой.xlsx", data)
    for _ in range(2):  # a fresh book, then one updated before
        wb = openpyxl.load_workbook(by_command)
        type_changes(wb)
        wb.save(by_command)
        update_workbook(by_command)

        book = OpenpyxlBook.open(by_button)
        type_changes(book.workbook)  # typed, not saved: the button must see it anyway
        message = excel.run_update(book)

        assert values(by_button) == values(by_command)
        assert message.startswith("Таблицы обновлены.")
        assert excel.SAVE_REMINDER in message
    generated = [s.name for s in schema.GENERATED_SHEETS]
    assert all(name in values(by_button) for name in generated)
    duties = values(by_button)[schema.DUTIES.name]
    assert ("Диспетчер", "2.2") in {row[:2] for row in duties}


def test_check_button_writes_the_findings_of_the_book_as_it_is(tmp_path: Path) -> None:
    path = write(tmp_path / "книга.xlsx", example())
    book = OpenpyxlBook.open(path)
    book.workbook[PERFORMERS.name].append(["1.1", None, "Директор по всему", "Руководит"])
    message = excel.run_check(book)

    saved = read_workbook(path)
    findings = check(saved)
    sheet = openpyxl.load_workbook(path)[schema.FINDINGS.name]
    rows = [row for row in sheet.iter_rows(min_row=schema.FINDINGS.first_data_row,
                                           values_only=True) if any(row)]
    expected = findings_rows(findings)
    assert [(row[0], row[1], row[2], row[4], row[5]) for row in rows] == [
        (r["level"], r["rule"], r["sheet"], r["message"], r["hint"]) for r in expected]
    assert any("Директор по всему" in r["message"] for r in expected)
    assert message.startswith("Проверка закончена: ")
    assert "ошиб" in message and "«Проверка»" in message
    assert sheet.cell(schema.FINDINGS.first_data_row, 4).hyperlink is not None


def test_a_book_without_standard_sheets_is_told_so(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Мои данные"
    path = tmp_path / "чужая.xlsx"
    wb.save(path)
    with pytest.raises(UnusableInput, match="нет ни одного листа стандарта"):
        excel.run_check(OpenpyxlBook.open(path))


def test_a_button_shows_a_sentence_never_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path / "книга.xlsx", example())
    book = ButtonBook(openpyxl.load_workbook(path), path)

    excel.press(book, lambda _: "Готово.")
    assert book.alerts.pop() == ("Готово.", False)

    def refuses(_: ButtonBook) -> str:
        raise ProcxlError("Закройте файл и повторите.")

    excel.press(book, refuses)
    assert book.alerts.pop() == ("Закройте файл и повторите.", True)

    def breaks(_: ButtonBook) -> str:
        raise KeyError("a bug")

    excel.press(book, breaks)
    message, error = book.alerts.pop()
    assert error and message.startswith("Внутренняя ошибка procxl")
    log = Path(message.split("«")[1].split("»")[0])
    assert "KeyError: 'a bug'" in log.read_text(encoding="utf-8")
    log.unlink()


def test_documents_go_beside_the_book(tmp_path: Path) -> None:
    book = tmp_path / "Сеть СТО.xlsm"
    assert excel.documents_folder(str(book)) == tmp_path / "Сеть СТО — документы"


@pytest.mark.parametrize("location", [None, "https://d.docs.live.net/1a2b/Документы/Сеть.xlsm",
                                      "https://contoso-my.sharepoint.com/personal/Сеть.xlsm"])
def test_a_book_online_without_a_local_copy_is_told_what_to_do(location: str | None) -> None:
    with pytest.raises(ProcxlError, match="OneDrive"):
        excel.documents_folder(location)


def test_a_book_never_saved_is_asked_to_be_saved(tmp_path: Path) -> None:
    path = write(tmp_path / "книга.xlsx", example())
    shown: list[Path] = []
    with pytest.raises(ProcxlError, match="не сохранена"):
        excel.run_documents(OpenpyxlBook.open(path), "Книга1", shown.append)
    assert shown == [] and sorted(p.name for p in tmp_path.iterdir()) == ["книга.xlsx"]


def test_documents_button_writes_them_and_shows_the_folder(tmp_path: Path) -> None:
    path = write(tmp_path / "Сеть СТО.xlsx", example())
    shown: list[Path] = []
    message = excel.run_documents(OpenpyxlBook.open(path), str(path), shown.append)
    folder = tmp_path / "Сеть СТО — документы"
    assert shown == [folder]
    written = [p for p in folder.rglob("*") if p.is_file()]
    assert any(p.suffix == ".docx" for p in written)
    assert f"«{folder}»" in message
