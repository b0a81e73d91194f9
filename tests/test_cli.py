"""The command line as a user meets it: Russian texts, exit codes, files on disk."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from procxl import __version__, schema
from procxl.clauses import DEFAULT_CLAUSES
from procxl.cli import cli
from procxl.example import EXAMPLE_FILENAME
from procxl.resources import bundled_workbook
from procxl.workbook.macro_book import BUTTONS, BUTTONS_DRAWING, MACRO_BOOK, MAIN_SHEET
from tests.checking import example
from tests.workbook_fingerprint import fingerprint


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(cli, list(args), catch_exceptions=False)


def test_help_is_russian_and_lists_every_command(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    assert "Использование:" in result.output and "Команды" in result.output
    assert "Usage" not in result.output and "Show this message" not in result.output
    for name in cli.commands:
        assert name in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_russian_help_with_an_example(runner: CliRunner, name: str) -> None:
    result = invoke(runner, name, "--help")
    assert result.exit_code == 0
    assert "Пример:" in result.output
    assert "DIRECTORY" not in result.output and "INTEGER" not in result.output
    assert "Параметры" in result.output and "Показать эту справку" in result.output


def test_every_command_is_in_the_readme_table() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Команды", 1)[1].split("\n\n", 2)[1]
    for name in cli.commands:
        assert f"| `procxl {name}" in table, f"README's command table lacks procxl {name}"


def test_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"procxl, версия {__version__}"


def test_unknown_command_is_explained_in_russian(runner: CliRunner) -> None:
    result = invoke(runner, "chek")
    assert result.exit_code == 2
    assert "Нет такой команды" in result.output
    assert "Traceback" not in result.output


def test_new_writes_the_blank_standard_workbook(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "Отдел кадров" / "Моя компания"
    target.parent.mkdir()
    result = invoke(runner, "new", str(target))
    assert result.exit_code == 0, result.output
    written = target.with_suffix(".xlsx")
    assert f"Создана книга «{written}»" in result.output
    wb = openpyxl.load_workbook(written)
    assert wb.sheetnames == [schema.INSTRUCTIONS_SHEET, *(s.name for s in schema.SHEETS)]
    # the general clauses of the main document come filled in, for the user to adapt
    ws = wb[schema.CLAUSES.name]
    headers = [c.value for c in ws[1]]
    sections = [r[headers.index("Раздел")] for r in ws.iter_rows(min_row=2, values_only=True)]
    texts = [r[headers.index("Текст")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [(s, t) for s, t in zip(sections, texts, strict=True)] == list(DEFAULT_CLAUSES)


def test_new_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "книга.xlsx"
    target.write_bytes(b"user data")
    result = invoke(runner, "new", str(target))
    assert result.exit_code == 2
    assert "уже существует" in result.output and "--force" in result.output
    assert target.read_bytes() == b"user data"
    assert invoke(runner, "new", "--force", str(target)).exit_code == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == schema.INSTRUCTIONS_SHEET


def test_new_refuses_other_formats(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "new", str(tmp_path / "книга.xls"))
    assert result.exit_code == 2
    assert result.output == (
        "Ошибка: Новая книга сохраняется только как .xlsx или как .xlsm с кнопками для Excel, "
        "а не «.xls»: укажите имя вроде «книга.xlsx».\n")
    assert not (tmp_path / "книга.xls").exists()


def test_new_xlsm_writes_the_blank_book_with_the_buttons(runner: CliRunner, tmp_path: Path,
                                                         monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # a name without a folder, as a user types it
    result = invoke(runner, "new", "Моя компания.xlsm")
    assert result.exit_code == 0, result.output
    assert "Создана книга «Моя компания.xlsm»" in result.output
    assert "procxl help excel" in result.output
    path = Path("Моя компания.xlsm").resolve()
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        types = package.read("[Content_Types].xml").decode()
        drawing = package.read(BUTTONS_DRAWING).decode()
    assert "xl/vbaProject.bin" in names and "macroEnabled" in types
    assert re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", drawing) == [
        b.macro for b in BUTTONS]
    wb = openpyxl.load_workbook(path, keep_vba=True)
    assert wb.vba_archive is not None
    assert wb.sheetnames == [MAIN_SHEET, schema.INSTRUCTIONS_SHEET,
                             *(s.name for s in schema.SHEETS)]
    for sheet in schema.SHEETS:
        ws = wb[sheet.name]
        if sheet.is_table:
            header = [c.value for c in ws[sheet.header_row]]
            assert header[: len(sheet.columns)] == [c.header for c in sheet.columns]
        else:
            labels = [ws.cell(row, 1).value for row in range(1, len(sheet.params) + 1)]
            assert set(labels) >= {p.label for p in sheet.params}
    # the same book as the shipped procxl.xlsm, laid out afresh
    assert fingerprint(path) == fingerprint(bundled_workbook(MACRO_BOOK))


def test_new_xlsm_keeps_an_existing_file_without_force(runner: CliRunner,
                                                       tmp_path: Path) -> None:
    target = tmp_path / "книга.xlsm"
    target.write_bytes(b"user data")
    result = invoke(runner, "new", str(target))
    assert result.exit_code == 2 and "--force" in result.output
    assert target.read_bytes() == b"user data"
    assert invoke(runner, "new", "--force", str(target)).exit_code == 0
    assert openpyxl.load_workbook(target, keep_vba=True).sheetnames[0] == MAIN_SHEET


def test_demo_writes_the_example_and_reports_what_it_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "пример с пробелами"
    result = invoke(runner, "demo", str(folder))
    assert result.exit_code == 0, result.output
    written = folder / EXAMPLE_FILENAME
    assert written.is_file()
    data = example()
    assert f"{len(data['processes'])} процесс" in result.output
    assert f"должности: {len(data['positions'])}" in result.output
    assert f"Исполнители: {len(data['performers'])} строк" in result.output
    assert data["organisation"]["name"] in result.output
    assert "Таблицы обновлены" in result.output
    assert "Обязанности" in openpyxl.load_workbook(written).sheetnames


def test_demo_into_a_file_path_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "занято"
    blocker.write_text("x")
    result = invoke(runner, "demo", str(blocker))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_internal_error_gives_a_sentence_and_a_log(runner: CliRunner, monkeypatch,
                                                   tmp_path: Path) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("procxl.actions.run_demo", broken)
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path))
    result = runner.invoke(cli, ["demo", str(tmp_path / "x")])
    assert result.exit_code == 3
    assert "Внутренняя ошибка procxl" in result.output
    assert "Traceback" not in result.output
    logs = list(tmp_path.glob("procxl-ошибка-*.txt"))
    assert logs and "RuntimeError: boom" in logs[0].read_text(encoding="utf-8")


def test_update_command_reports_and_exits_zero_on_the_example(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "книга.xlsx"
    path.write_bytes(bundled_workbook(EXAMPLE_FILENAME).read_bytes())
    result = invoke(runner, "update", str(path))
    assert result.exit_code == 0, result.output
    assert "Книга обновлена" in result.output and "Компетенции: добавлено" in result.output
    rows = openpyxl.load_workbook(path)[schema.DUTIES.name].max_row
    assert rows > schema.DUTIES.header_row


def test_update_of_a_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "update", str(tmp_path / "нет.xlsx"))
    assert result.exit_code == 2
    assert "файл не найден" in result.output


def test_demo_writes_every_document_of_the_example(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "demo", str(tmp_path))
    assert result.exit_code == 0, result.output
    folder = tmp_path / (Path(EXAMPLE_FILENAME).stem + " — документы")
    data = example()
    duties = list(folder.rglob("Должностные обязанности — *.docx"))
    assert len(duties) == len(data["positions"])
    assert len(list(folder.rglob("Вакансия — *.json"))) == len(data["vacancies"])
    assert f"обязанности: {len(data['positions'])}" in result.output
    assert (tmp_path / "procxl.xlsm").is_file() and "procxl.xlsm" in result.output
