"""Professional standards from the Ministry's XML: the parser on the real files, and
`procxl standards import` writing the `Профстандарты` sheet of a user's book."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from procxl import schema, standards
from procxl.cli import cli
from procxl.workbook.files import atomic_save
from procxl.workbook.reader import read_workbook
from procxl.workbook.template import build_workbook
from tests.checking import example

DATA = Path(__file__).resolve().parent / "data" / "profstandards"
FILES = sorted(DATA.glob("*.xml"), key=lambda p: int(re.sub(r"\D", "", p.stem)))
SYSADMIN, PROGRAMMER, BUNDLE = (DATA / f"ProfessionalStandarts_{n}.xml"
                                for n in (564, 4, 1343))


def counted(path: Path, tag: str) -> int:
    """How many elements of a tag the file holds, counted on its text, not by the parser."""
    return len(re.findall(rf"<{tag}>", path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_file_gives_its_standards_with_all_their_functions(path: Path) -> None:
    found = standards.read_xml(path)
    assert len(found) == counted(path, "ProfessionalStandart")
    assert sum(len(s.generalised) for s in found) == counted(path, "GeneralizedWorkFunction")
    assert sum(len(s.work_functions) for s in found) == counted(path, "ParticularWorkFunction")
    for standard in found:
        assert re.fullmatch(r"\d{2}\.\d{3}", standard.code) and standard.name
        for otf in standard.generalised:
            assert otf.level.isdigit() and otf.name
            assert all(f.labour_actions and f.level.isdigit() for f in otf.functions)


def test_the_values_are_read_as_the_registry_means_them() -> None:
    bundle = {s.code: s for s in standards.read_xml(BUNDLE)}
    assert len(bundle) == 20 and {"17.110", "12.007", "10.005"} <= set(bundle)
    # «-» is no value: the 2020 standards write it where no experience is required
    assert any(not g.experience for s in bundle.values() for g in s.generalised)
    assert not any("-" in g.experience for s in bundle.values() for g in s.generalised)
    # a ТФ code with a Cyrillic letter is kept as printed and found by its Latin look-alike
    cyrillic = [(s, f) for s in bundle.values() for f in s.work_functions
                if re.search("[А-Я]", f.code)]
    assert cyrillic
    standard, tf = cyrillic[0]
    assert standards.code_key(tf.code).isascii()
    latin = standards.code_key(tf.code).split("/")[0]
    assert standard.function(latin) is not None
    sysadmin = standards.read_xml(SYSADMIN)[0]
    assert (sysadmin.code, sysadmin.registration, sysadmin.order) == ("06.026", "564", "684н")
    otf = sysadmin.function("С")  # a Cyrillic С names ОТФ C
    assert otf is not None and otf.code == "C" and otf.level == "6"
    assert "Системный администратор" in otf.job_titles
    # the registry's «или» between two alternatives joins them
    assert otf.education[0] == ("Высшее образование - бакалавриат или среднее "
                                "профессиональное образование - программы подготовки "
                                "специалистов среднего звена")
    assert not any(item in {"или", "и"} for s in standards.read_xml(BUNDLE)
                   for g in s.generalised for item in g.education)
    assert otf.functions[0].code == "C/01.6"


def test_a_link_names_a_standard_and_its_function() -> None:
    assert standards.parse_link("06.026 C") == standards.Link("06.026", "C")
    assert standards.parse_link("06.026, ОТФ В") == standards.Link("06.026", "В")
    assert standards.parse_link("06.026") == standards.Link("06.026", "")
    assert standards.parse_link("Системный администратор") is None
    sysadmin = standards.read_xml(SYSADMIN)[0]
    assert standards.function_code(sysadmin, sysadmin.function("С")) == "06.026-C-6"


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("книга") / "книга.xlsx"
    atomic_save(build_workbook(example()), path)
    return path


@pytest.fixture
def book(blank: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(blank, tmp_path / blank.name))


def import_(book: Path, *files: Path):
    return CliRunner().invoke(cli, ["standards", "import", str(book), *map(str, files)],
                              catch_exceptions=False)


def sheet_rows(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)[schema.STANDARDS.name]
    header = [c.value for c in ws[schema.STANDARDS.header_row]]
    return [dict(zip(header, row, strict=False))
            for row in ws.iter_rows(min_row=schema.STANDARDS.first_data_row, values_only=True)]


def test_import_writes_a_row_per_work_function_and_replaces_a_standard_imported_again(
        book: Path) -> None:
    positions_before = [r for r in openpyxl.load_workbook(book)["Должности"].values]
    result = import_(book, SYSADMIN, PROGRAMMER)
    assert result.exit_code == 0, result.output
    assert "06.026 «Системный администратор информационно-коммуникационных систем»: ОТФ 7, " \
           "ТФ 35" in result.output
    rows = sheet_rows(book)
    assert len(rows) == 35 + 15
    first = next(r for r in rows if r["Код ТФ"] == "C/01.6")
    assert first["Код ПС"] == "06.026" and first["Код ОТФ"] == "C" and first["Уровень"] == "6"
    assert "Системный администратор" in first["Возможные наименования должностей"].split("\n")
    assert len(first["Трудовые действия"].split("\n")) >= 2
    # imported again: replaced, not doubled; the other standard stays
    assert import_(book, SYSADMIN).exit_code == 0
    assert len(sheet_rows(book)) == 35 + 15
    wb = openpyxl.load_workbook(book)
    assert [r for r in wb["Должности"].values] == positions_before
    read = read_workbook(book).imported_standards
    assert sorted(s.code for s in read) == ["06.001", "06.026"]
    assert [len(s.work_functions) for s in sorted(read, key=lambda s: s.code)] == [15, 35]


def test_an_unusable_file_is_one_sentence_and_the_book_stays_as_it_was(
        book: Path, tmp_path: Path) -> None:
    before = book.read_bytes()
    broken = tmp_path / "стандарт.xml"
    broken.write_text("<XMLCardInfo><ProfessionalStandarts>", encoding="utf-8")
    result = import_(book, SYSADMIN, broken)
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Ошибка: Файл «стандарт.xml» не читается как XML профстандарта: он повреждён или это "
        "другой формат. Скачайте XML стандарта заново из реестра Минтруда "
        "(profstandart.rosmintrud.ru).")
    other = tmp_path / "другое.xml"
    other.write_text("<?xml version='1.0'?><root><a>1</a></root>", encoding="utf-8")
    result = import_(book, other)
    assert result.exit_code == 2 and "нет ни одного профстандарта" in result.output
    bomb = tmp_path / "бомба.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
                    encoding="utf-8")
    assert import_(book, bomb).exit_code == 2
    assert book.read_bytes() == before
