"""`procxl check` from the command line: reports, formats, exit codes, unusable input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from procxl.checks import check
from procxl.checks.findings import Level
from procxl.example import EXAMPLE_FILENAME
from procxl.resources import bundled_workbook
from procxl.workbook.reader import read_workbook
from tests.test_cli import invoke
from tests.xlsx_files import write_xlsx


def test_bundled_example_has_no_errors() -> None:
    findings = check(read_workbook(bundled_workbook(EXAMPLE_FILENAME)))
    errors = [f"{f.rule} {f.address}: {f.message}" for f in findings if f.level is Level.ERROR]
    assert errors == []


def test_check_clean_example_exits_zero(runner: CliRunner, tmp_path: Path) -> None:
    path = shutil.copy(bundled_workbook(EXAMPLE_FILENAME), tmp_path / EXAMPLE_FILENAME)
    before = Path(path).read_bytes()
    result = invoke(runner, "check", str(path))
    assert result.exit_code == 0, result.output
    assert "0 ошибок" in result.output
    assert Path(path).read_bytes() == before  # check never touches the input


def test_check_json_has_the_documented_shape(runner: CliRunner, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "плохая.xlsx", {
        "Процессы": [["Код", "Процесс"], ["1", ""], ["1", "Дубль"]],
    })
    result = invoke(runner, "check", "--format", "json", str(path))
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert set(report) == {"file", "findings", "counts"}
    assert report["file"] == str(path)
    assert set(report["counts"]) == {"error", "warning", "note"}
    assert report["counts"]["error"] == sum(f["level"] == "error" for f in report["findings"])
    for finding in report["findings"]:
        assert set(finding) == {"level", "rule", "sheet", "cell", "message", "hint"}
        assert finding["level"] in {"error", "warning", "note"}
    cells = {(f["sheet"], f["cell"]) for f in report["findings"]}
    assert ("Процессы", "B2") in cells  # the empty process name
    assert ("Процессы", "A3") in cells  # the duplicate code


def test_check_text_groups_by_sheet_and_gives_hints(runner: CliRunner, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "плохая.xlsx", {"Процессы": [["Код", "Процесс"], ["1", ""]]})
    result = invoke(runner, "check", str(path))
    assert result.exit_code == 1
    assert "Лист «Процессы»" in result.output
    assert "B2" in result.output and "ошибка" in result.output and "→ " in result.output


def test_check_many_files_goes_on_past_an_unusable_one(runner: CliRunner, tmp_path: Path) -> None:
    good = shutil.copy(bundled_workbook(EXAMPLE_FILENAME), tmp_path / "хорошая.xlsx")
    broken = tmp_path / "битая.xlsx"
    broken.write_text("не книга", encoding="utf-8")
    result = invoke(runner, "check", "--format", "json", str(broken), str(good))
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [Path(r["file"]).name for r in lines] == ["битая.xlsx", "хорошая.xlsx"]
    assert "не книга Excel" in lines[0]["error"]
    assert lines[1]["counts"]["error"] == 0


def test_check_a_folder_skips_excel_lock_files(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(bundled_workbook(EXAMPLE_FILENAME), tmp_path / "а.xlsx")
    (tmp_path / "~$а.xlsx").write_bytes(b"lock")
    result = invoke(runner, "check", "--format", "json", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == 1


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04broken", b"plain text"])
def test_check_unusable_input_is_one_sentence_and_exit_2(
    runner: CliRunner, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "файл.xlsx"
    path.write_bytes(content)
    result = invoke(runner, "check", str(path))
    assert result.exit_code == 2
    assert result.output.startswith("Ошибка: Не удалось прочитать «файл.xlsx»")
    assert len(result.output.strip().splitlines()) == 1


def test_check_workbook_without_standard_sheets(runner: CliRunner, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "чужая.xlsx", {"Лист1": [["a", "b"], [1, 2]]})
    result = invoke(runner, "check", str(path))
    assert result.exit_code == 2
    assert "нет ни одного листа стандарта procxl" in result.output




def test_check_an_empty_folder(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "заметки.txt").write_text("x", encoding="utf-8")
    result = invoke(runner, "check", str(tmp_path))
    assert result.exit_code == 2
    assert "нет книг Excel" in result.output
