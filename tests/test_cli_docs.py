"""`procxl docs`, `procxl build` and `procxl templates` as a user runs them."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner

from procxl.cli import cli
from procxl.render.kind import Kind
from procxl.workbook.files import atomic_save
from procxl.workbook.template import build_workbook
from tests.checking import example, row_of

POSITION = "Менеджер по развитию сети СТО"


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(cli, list(args), catch_exceptions=False)


def book(folder: Path, name: str = "Сеть СТО.xlsx", data: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    atomic_save(build_workbook(data or example()), path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_docs_beside_the_workbook_by_default(runner: CliRunner, tmp_path: Path) -> None:
    path = book(tmp_path / "папка с пробелами")
    before = digest(path)
    result = invoke(runner, "docs", str(path))
    assert result.exit_code == 0, result.output
    folder = path.with_name("Сеть СТО — документы")
    assert f"«{folder}»" in result.output
    # a main document and a profile per position, a vacancy, three employees' form, results
    # and plan, the working group's 4 papers
    assert len(list(folder.rglob("*.docx"))) == 11 + 11 + 1 + 3 * 3 + 4
    assert digest(path) == before  # the workbook is only read


def test_docs_for_one_position_and_kind(runner: CliRunner, tmp_path: Path) -> None:
    path = book(tmp_path)
    result = invoke(runner, "docs", str(path), "-o", str(tmp_path / "out"),
                    "--position", POSITION.upper(), "--kind", "duties")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").rglob("*.*"))
    assert written == [f"Должностные обязанности — {POSITION}.docx"]


def test_docs_unknown_position_names_the_known_ones(runner: CliRunner,
                                                    tmp_path: Path) -> None:
    result = invoke(runner, "docs", str(book(tmp_path)), "--position", "Космонавт")
    assert result.exit_code == 2
    assert "«Космонавт» нет на листе «Должности»" in result.output
    assert "Кладовщик" in result.output
    assert "Traceback" not in result.output


def test_docs_with_errors_skips_the_position_and_exits_one(runner: CliRunner,
                                                           tmp_path: Path) -> None:
    data = example()
    row_of(data, "performers", position=POSITION)["position"] = "Менеджер по развитию"
    result = invoke(runner, "docs", str(book(tmp_path, data=data)), "-o",
                    str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert f"Пропущено — {POSITION}:" in result.output
    assert len(list((tmp_path / "out").rglob("Должностные обязанности*.docx"))) == 10


def test_docs_with_broken_template(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "шаблоны"
    folder.mkdir()
    (folder / "Профиль должности.docx").write_bytes(b"PK\x03\x04 broken")
    result = invoke(runner, "docs", str(book(tmp_path)), "--templates", str(folder))
    assert result.exit_code == 2
    assert "Профиль должности.docx" in result.output and "Traceback" not in result.output


def test_templates_then_docs_with_them(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "Шаблоны компании"
    result = invoke(runner, "templates", str(folder))
    assert result.exit_code == 0, result.output
    assert len(list(folder.glob("*.docx"))) == len(Kind)
    again = invoke(runner, "templates", str(folder))
    assert again.exit_code == 2 and "--force" in again.output
    result = invoke(runner, "docs", str(book(tmp_path)), "--templates", str(folder),
                    "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output


def test_build_a_folder_with_a_broken_workbook(runner: CliRunner, tmp_path: Path) -> None:
    inputs = tmp_path / "Клиенты"
    first = book(inputs, "Сеть СТО.xlsx")
    data = example()
    data["organisation"]["name"] = "ООО «Вторая сеть»"
    second = book(inputs / "вложенная папка", "Вторая сеть.xlsx", data)
    broken = inputs / "Испорченная.xlsx"
    broken.write_bytes(b"not a workbook")
    shutil.copyfile(first, inputs / "~$Сеть СТО.xlsx")  # Excel's lock file: not an input
    before = {p: digest(p) for p in inputs.rglob("*") if p.is_file()}
    out = tmp_path / "Результаты"
    result = invoke(runner, "build", str(inputs), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert {p: digest(p) for p in inputs.rglob("*") if p.is_file()} == before
    assert "Испорченная.xlsx: не обработана" in result.output
    for source in (first, second):
        folder = out / source.stem
        copy = folder / source.name
        assert "Обязанности" in openpyxl.load_workbook(copy).sheetnames  # updated copy
        assert len(list(folder.rglob("Должностные обязанности — *.docx"))) == 11
    table = result.output[result.output.index("Книга"):]
    assert "Сеть СТО.xlsx" in table and "Всего" in table and "не обработана" in table
    total = next(line for line in table.splitlines() if line.startswith("Всего"))
    assert total.split()[1:4] == ["22", "22", "2"]
    doc = docx.Document(str(next((out / "Вторая сеть").rglob("Профиль должности — *.docx"))))
    assert "ООО «Вторая сеть»" in [p.text for p in doc.paragraphs]


def test_build_again_does_not_take_its_own_output(runner: CliRunner, tmp_path: Path) -> None:
    inputs = tmp_path / "Клиенты"
    book(inputs)
    out = inputs / "Результаты"
    assert invoke(runner, "build", str(inputs), "-o", str(out)).exit_code == 0
    result = invoke(runner, "build", str(inputs), "-o", str(out))
    assert result.exit_code == 0, result.output
    table = result.output[result.output.index("Книга"):]
    assert len([line for line in table.splitlines() if "Сеть СТО.xlsx" in line]) == 1


def test_build_vacancy_json_is_valid(runner: CliRunner, tmp_path: Path) -> None:
    path = book(tmp_path / "in")
    assert invoke(runner, "build", str(path), "-o", str(tmp_path / "out"),
                  "--kind", "vacancy").exit_code == 0
    found = list((tmp_path / "out").rglob("Вакансия — *.json"))
    assert len(found) == 1
    assert json.loads(found[0].read_text(encoding="utf-8"))["name"] == POSITION


def test_build_skips_a_workbook_without_standard_sheets(runner: CliRunner,
                                                        tmp_path: Path) -> None:
    """Like docs and update, build does not add procxl's sheets to an unrelated book."""
    inputs = tmp_path / "Клиенты"
    book(inputs)
    other = openpyxl.Workbook()
    other.active.title = "Бюджет"
    other.save(inputs / "Бюджет.xlsx")
    out = tmp_path / "out"
    result = invoke(runner, "build", str(inputs), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "Бюджет.xlsx: не обработана" in result.output
    assert "нет ни одного листа стандарта" in result.output
    assert not (out / "Бюджет").exists() or not any((out / "Бюджет").iterdir())
