"""`Сводка.xlsx` of `procxl build`, opened as a consultant opens it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from click.testing import CliRunner

from procxl.actions import check_file, workbook_paths
from procxl.checks import count_levels
from procxl.cli import cli
from procxl.workbook.summary_book import (
    SKIPPED_SHEET,
    SUMMARY_SHEET,
    is_build_summary,
    link_target,
)
from tests.checking import example, row_of
from tests.test_cli_docs import POSITION, book, invoke

HEADERS = ["№", "Книга", "Итог", "Должностные обязанности", "Профили должностей", "Вакансии",
           "Ошибки", "Предупреждения", "Замечания", "Что пропущено и почему",
           "Папка результатов"]
DOCUMENT_FILES = {"Должностные обязанности": "Должностные обязанности — *.docx",
                  "Профили должностей": "Профиль должности — *.docx",
                  "Вакансии": "Вакансия — *.docx"}
FIRST = 4  # the first book's row: a title, a line in words, the header


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A client folder of three books built once: a clean one, one with errors in a folder
    whose name has Cyrillic, spaces and «#», and one that is not a workbook at all."""
    root = tmp_path_factory.mktemp("summary")
    inputs = root / "Клиенты"
    book(inputs, "Сеть СТО.xlsx")
    data = example()
    row_of(data, "performers", position=POSITION)["position"] = "Менеджер по развитию"
    book(inputs / "ООО «Ромашка» #2", "Ромашка и партнёры.xlsx", data)
    (inputs / "Испорченная.xlsx").write_bytes(b"not a workbook")
    out = root / "Результаты за май"
    result = invoke(CliRunner(), "build", str(inputs), "-o", str(out))
    assert result.exit_code == 2, result.output
    return out, result.output


def rows(sheet) -> dict[str, dict[str, object]]:
    """The books' rows by book name, each as {header: value}."""
    found = {}
    for row in sheet.iter_rows(min_row=FIRST, values_only=True):
        if row[1] == "Всего":
            break
        found[row[1]] = dict(zip(HEADERS, row, strict=True))
    return found


def test_a_row_per_book_and_the_cli_names_the_file(batch: tuple[Path, str]) -> None:
    out, output = batch
    assert f"Сводка по книгам для Excel: {out / 'Сводка.xlsx'}" in output
    sheet = openpyxl.load_workbook(out / "Сводка.xlsx")[SUMMARY_SHEET]
    assert str(sheet["A1"].value).startswith("Сводка обработки книг от ")
    assert sheet["A2"].value.startswith("3 книги: обработано 2, не обработано 1.")
    assert [c.value for c in sheet[3]] == HEADERS
    books = rows(sheet)
    assert set(books) == {"Сеть СТО.xlsx", "Ромашка и партнёры.xlsx", "Испорченная.xlsx"}
    assert [b["№"] for b in books.values()] == [1, 2, 3]


def test_counts_are_the_documents_on_disk_and_the_findings_of_the_copy(
        batch: tuple[Path, str]) -> None:
    out, _ = batch
    books = rows(openpyxl.load_workbook(out / "Сводка.xlsx")[SUMMARY_SHEET])
    for name, folder, outcome in (("Сеть СТО.xlsx", out / "Сеть СТО", "готово"),
                                  ("Ромашка и партнёры.xlsx", out / "Ромашка и партнёры",
                                   "есть ошибки")):
        row = books[name]
        assert row["Итог"] == outcome
        for header, pattern in DOCUMENT_FILES.items():
            assert row[header] == len(list(folder.rglob(pattern))), (name, header)
        counts = count_levels(check_file(folder / name))
        assert (row["Ошибки"], row["Предупреждения"], row["Замечания"]) == (
            counts["error"], counts["warning"], counts["note"])
    assert books["Сеть СТО.xlsx"]["Должностные обязанности"] == 11
    assert books["Ромашка и партнёры.xlsx"]["Должностные обязанности"] == 10
    assert books["Ромашка и партнёры.xlsx"]["Ошибки"] > 0


def test_the_broken_book_says_why_in_one_sentence(batch: tuple[Path, str]) -> None:
    out, _ = batch
    sheet = openpyxl.load_workbook(out / "Сводка.xlsx")[SUMMARY_SHEET]
    row = rows(sheet)["Испорченная.xlsx"]
    assert row["Итог"] == "не обработана"
    reason = str(row["Что пропущено и почему"])
    assert reason == ("Не удалось прочитать «Испорченная.xlsx»: это не книга Excel "
                      "(.xlsx или .xlsm).")
    assert [row[h] for h in HEADERS[3:9]] == ["—"] * 6  # nothing counted, not zero
    assert row["Папка результатов"] == "—"
    broken_row = next(r for r in range(FIRST, sheet.max_row + 1)
                      if sheet.cell(r, 2).value == "Испорченная.xlsx")
    assert sheet.cell(broken_row, len(HEADERS)).hyperlink is None


def test_the_skipped_positions_with_their_reasons(batch: tuple[Path, str]) -> None:
    out, _ = batch
    summary = openpyxl.load_workbook(out / "Сводка.xlsx")
    problems = str(rows(summary[SUMMARY_SHEET])["Ромашка и партнёры.xlsx"]
                   ["Что пропущено и почему"])
    assert problems.startswith(f"{POSITION}: документ «Должностные обязанности» не сформирован")
    assert "«Менеджер по развитию»" in problems
    assert rows(summary[SUMMARY_SHEET])["Сеть СТО.xlsx"]["Что пропущено и почему"] is None
    skipped = summary[SKIPPED_SHEET]
    assert [c.value for c in skipped[3]] == ["Книга", "Должность", "Причина"]
    listed = [r for r in skipped.iter_rows(min_row=FIRST, values_only=True)]
    assert {r[0] for r in listed} == {"Ромашка и партнёры.xlsx"}
    assert (POSITION in {r[1] for r in listed}
            and all(str(r[2])[0].isupper() and str(r[2]).endswith(".") for r in listed))
    total = next(r for r in summary[SUMMARY_SHEET].iter_rows(values_only=True)
                 if r[1] == "Всего")
    assert total[9] == f"пропущено документов: {len(listed)}"


def test_totals_row(batch: tuple[Path, str]) -> None:
    out, _ = batch
    sheet = openpyxl.load_workbook(out / "Сводка.xlsx")[SUMMARY_SHEET]
    books = rows(sheet).values()
    total = next(r for r in sheet.iter_rows(min_row=FIRST, values_only=True)
                 if r[1] == "Всего")
    assert total[2] == "обработано 2 из 3"
    for column in range(3, 9):
        assert total[column] == sum(b[HEADERS[column]] for b in books
                                    if b["Итог"] != "не обработана")
    assert sheet.cell(FIRST + 3, 2).font.bold


def test_the_link_opens_the_book_folder_from_wherever_the_results_are(
        batch: tuple[Path, str]) -> None:
    out, _ = batch
    sheet = openpyxl.load_workbook(out / "Сводка.xlsx")[SUMMARY_SHEET]
    links = {sheet.cell(r, 2).value: sheet.cell(r, len(HEADERS))
             for r in range(FIRST, FIRST + 3)}
    for name in ("Сеть СТО.xlsx", "Ромашка и партнёры.xlsx"):
        cell = links[name]
        target = cell.hyperlink.target
        assert not target.startswith(("/", "file:")) and ":" not in target  # relative
        assert " " not in target  # escaped as a link must be
        folder = out / unquote(target)
        assert folder.is_dir() and (folder / name).is_file()
        assert cell.value == folder.name
        assert cell.font.underline == "single"


def test_link_target_escapes_what_a_link_cannot_hold() -> None:
    assert link_target("ООО «Ромашка» #2/Сеть СТО") == "ООО%20«Ромашка»%20%232/Сеть%20СТО"
    assert link_target("100% план") == "100%25%20план"


def test_header_filter_panes_and_print_settings(batch: tuple[Path, str]) -> None:
    out, _ = batch
    summary = openpyxl.load_workbook(out / "Сводка.xlsx")
    assert summary.sheetnames == [SUMMARY_SHEET, SKIPPED_SHEET]
    sheet = summary[SUMMARY_SHEET]
    assert all(c.font.bold and c.alignment.wrap_text for c in sheet[3])
    assert sheet.freeze_panes == "C4"  # the header and the book's name stay in sight
    assert sheet.auto_filter.ref == "A3:K6"  # the books, not the totals under them
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.column_dimensions["J"].width > sheet.column_dimensions["D"].width
    problems = next(sheet.cell(r, 10) for r in range(FIRST, FIRST + 3)
                    if sheet.cell(r, 2).value == "Ромашка и партнёры.xlsx")
    assert problems.alignment.wrap_text
    assert sheet.row_dimensions[problems.row].height > 15  # every line in sight
    skipped = summary[SKIPPED_SHEET]
    assert skipped.freeze_panes == "A4" and skipped.auto_filter.ref.startswith("A3:C")
    assert skipped.print_title_rows == "$3:$3"


def test_a_later_build_of_the_results_does_not_take_the_summary_for_a_book(
        runner: CliRunner, batch: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = batch
    summary = out / "Сводка.xlsx"
    assert is_build_summary(summary)
    assert summary not in workbook_paths([out])
    again = tmp_path / "Ещё раз"
    result = invoke(runner, "build", str(out), "-o", str(again))
    assert result.exit_code == 1, result.output  # the two updated copies; one has errors
    assert "Сводка.xlsx" not in result.output.replace(str(again / "Сводка.xlsx"), "")
    assert set(rows(openpyxl.load_workbook(again / "Сводка.xlsx")[SUMMARY_SHEET])) == {
        "Сеть СТО.xlsx", "Ромашка и партнёры.xlsx"}
    assert "Сводка.xlsx" not in invoke(runner, "check", str(out)).output


def test_a_clients_own_book_called_svodka_is_still_an_input(runner: CliRunner,
                                                          tmp_path: Path) -> None:
    inputs = tmp_path / "Клиенты"
    own = book(inputs, "Сводка.xlsx")
    assert not is_build_summary(own)
    out = tmp_path / "out"
    result = invoke(runner, "build", str(inputs), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert set(rows(openpyxl.load_workbook(out / "Сводка.xlsx")[SUMMARY_SHEET])) == {
        "Сводка.xlsx"}
    assert (out / "Сводка" / "Сводка.xlsx").is_file()  # its folder, beside the summary


def test_a_summary_that_cannot_be_written_leaves_the_rest_done(runner: CliRunner,
                                                               tmp_path: Path) -> None:
    inputs = tmp_path / "Клиенты"
    book(inputs)
    out = tmp_path / "out"
    (out / "Сводка.xlsx").mkdir(parents=True)  # in the way, as a file open in Excel is
    result = runner.invoke(cli, ["build", str(inputs), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "Ошибка: Не удалось сохранить «" in result.output and "Сводка.xlsx" in result.output
    assert "Traceback" not in result.output
    assert "Всего" in result.output  # the table on screen all the same
    assert len(list((out / "Сеть СТО").rglob("Должностные обязанности — *.docx"))) == 11
