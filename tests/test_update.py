"""`procxl update` on real files: generated sheets match the model, nothing typed is lost."""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
import pytest

from procxl import pivots, schema
from procxl.errors import OutputError
from procxl.workbook.files import atomic_save
from procxl.workbook.reader import read_workbook
from procxl.workbook.template import GENERATED_NOTE, build_workbook
from procxl.workbook.update import (
    RENAMED,
    STALE_ITEM,
    STALE_PAIR,
    update_workbook,
)
from procxl.workbook.writer import MAP_COLOURS
from tests.checking import example

COMP, PROF = schema.COMPETENCIES, schema.PROFILES


def write(tmp_path: Path, data: dict, name: str = "книга.xlsx") -> Path:
    path = tmp_path / name
    atomic_save(build_workbook(data), path)
    return path


def values(path: Path) -> dict[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def table(path: Path, sheet: schema.Sheet) -> list[dict[str, object]]:
    """The data rows of a sheet as {column key: value}, by the header the file has."""
    ws = openpyxl.load_workbook(path)[sheet.name]
    header = [c.value for c in ws[sheet.header_row]]
    keys = {c.header: c.key for c in sheet.columns}
    out = []
    for row in ws.iter_rows(min_row=sheet.first_data_row, values_only=True):
        if any(v not in (None, "") for v in row):
            out.append({keys[h]: v for h, v in zip(header, row, strict=False) if h in keys})
    return out


@pytest.fixture
def updated(tmp_path: Path) -> Path:
    path = write(tmp_path, example())
    update_workbook(path)
    return path


def test_duties_sheet_matches_the_pivot(updated: Path) -> None:
    org = read_workbook(updated)
    expected = pivots.duties(org)
    rows = table(updated, schema.DUTIES)
    assert len(rows) == len(expected)
    for row, duty in zip(rows, expected, strict=True):
        assert row["position"] == duty.position
        assert row["process_code"] == duty.process_code
        assert row["functions"].split("\n") == list(duty.functions)
        assert row["indicators"].split("\n") == list(duty.indicators)
    ws = openpyxl.load_workbook(updated)[schema.DUTIES.name]
    assert ws.cell(1, 1).value == GENERATED_NOTE
    assert ws.freeze_panes == f"A{schema.DUTIES.first_data_row}"
    assert ws.sheet_properties.tabColor.rgb.endswith("A6A6A6")


def test_matrix_letters(updated: Path) -> None:
    data = example()
    ws = openpyxl.load_workbook(updated)[schema.MATRIX.name]
    header = [c.value for c in ws[2]]
    assert header[:2] == ["Код", "Процесс"]
    assert header[2:] == [p["name"] for p in data["positions"]]
    rows = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert list(rows) == [p["code"] for p in data["processes"]]  # natural order, as typed
    for process in data["processes"]:
        owner_col = header.index(process["owner"])
        assert "В" in rows[process["code"]][owner_col]
    for performer in data["performers"]:
        assert "И" in rows[performer["process_code"]][header.index(performer["position"])]
    marks = {v for r in rows.values() for v in r[2:]}
    assert marks <= {None, "В", "И", "В, И"}


def test_process_map_levels_and_colours(updated: Path) -> None:
    ws = openpyxl.load_workbook(updated)[schema.PROCESS_MAP.name]
    found = {}
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.value:
                code = str(cell.value).split()[0]
                found[code] = cell.fill.start_color.rgb[-6:]
    data = example()
    assert set(found) == {p["code"] for p in data["processes"]}
    for code, colour in found.items():
        assert colour == MAP_COLOURS[code.count(".") + 1]


def test_competencies_get_a_row_per_duty_and_keep_typed_cells(tmp_path: Path) -> None:
    data = example()
    path = write(tmp_path, data)
    update_workbook(path)
    rows = table(path, COMP)
    org = read_workbook(path)
    assert [(r["position"], r["process_code"]) for r in rows[: len(data["competencies"])]] == [
        (c["position"], c["process_code"]) for c in data["competencies"]]
    assert {(r["position"], r["process_code"]) for r in rows} == {
        (d.position, d.process_code) for d in pivots.duties(org)}
    for typed in data["competencies"]:
        row = next(r for r in rows if (r["position"], r["process_code"]) ==
                   (typed["position"], typed["process_code"]))
        assert row["skills"].split("\n") == typed["skills"]


def test_round_trip_fill_change_update(tmp_path: Path) -> None:
    path = write(tmp_path, example())
    update_workbook(path)
    # a person types a skill into the last competency row and answers «нет» in a profile row
    wb = openpyxl.load_workbook(path)
    comp, prof = wb[COMP.name], wb[PROF.name]
    skills_col = [c.value for c in comp[1]].index("Навыки") + 1
    last = comp.max_row
    comp.cell(last, skills_col, "Навык, который вписал человек")
    typed_pair = (comp.cell(last, 1).value, comp.cell(last, 2).value)
    include_col = [c.value for c in prof[1]].index("Включить") + 1
    prof.cell(2, include_col, "нет")
    declined = prof.cell(2, 3).value
    prof.append(["Диспетчер", "Навыки", "Свой пункт", "да", None, "вручную", None])
    wb.save(path)
    # the performer of that pair is removed, another pair is added
    data = read_workbook(path)
    removed = next(p for p in data.performers
                   if (p.position.text, p.process_code.text) == typed_pair)
    wb = openpyxl.load_workbook(path)
    perf = wb[schema.PERFORMERS.name]
    perf.delete_rows(removed.row)
    perf.append(["2.2", None, "Диспетчер", "Помогает кладовщику в пиковые дни"])
    wb.save(path)
    result = update_workbook(path)
    rows = table(path, COMP)
    kept = next(r for r in rows if (r["position"], r["process_code"]) == typed_pair)
    assert kept["skills"] == "Навык, который вписал человек"
    assert kept["status"] == STALE_PAIR
    assert any((r["position"], r["process_code"]) == ("Диспетчер", "2.2") for r in rows)
    assert result.competencies.added == 1 and result.competencies.marked == 1
    profiles = table(path, PROF)
    assert next(r for r in profiles if r["wording"] == declined)["include"] == "нет"
    manual = [r for r in profiles if r["source"] == "вручную"]
    assert manual == [{"position": "Диспетчер", "section": "Навыки", "wording": "Свой пункт",
                       "include": "да", "to_vacancy": None, "source": "вручную",
                       "status": None}]
    assert any(r["status"] == STALE_ITEM for r in profiles)


def test_update_twice_changes_nothing(updated: Path) -> None:
    before = values(updated)
    update_workbook(updated)
    assert values(updated) == before


def test_renamed_position_carries_its_rows(tmp_path: Path) -> None:
    data = example()
    path = write(tmp_path, data)
    update_workbook(path)
    wb = openpyxl.load_workbook(path)
    comp = wb[COMP.name]
    skills_col = [c.value for c in comp[1]].index("Навыки") + 1
    for row in range(2, comp.max_row + 1):
        if comp.cell(row, 1).value == "Диспетчер":
            comp.cell(row, skills_col, "Вписано до переименования")
    for sheet, column in ((schema.POSITIONS, 1), (schema.PERFORMERS, 3)):
        ws = wb[sheet.name]
        for row in range(2, ws.max_row + 1):
            if ws.cell(row, column).value == "Диспетчер":
                ws.cell(row, column, "Диспетчер автосервиса")
    wb.save(path)
    result = update_workbook(path)
    rows = table(path, COMP)
    moved = [r for r in rows if r["position"] == "Диспетчер автосервиса"]
    assert moved and all(r["skills"] == "Вписано до переименования" for r in moved)
    assert all(r["status"] == RENAMED.format(old="Диспетчер") for r in moved)
    assert not any(r["position"] == "Диспетчер" for r in rows)
    assert result.competencies.renamed == len(moved)
    assert any(r["position"] == "Диспетчер автосервиса" for r in table(path, PROF))
    # the next update keeps the old name on record and changes nothing
    before = path.read_bytes()
    update_workbook(path)
    again = [r for r in table(path, COMP) if r["position"] == "Диспетчер автосервиса"]
    assert all(r["status"] == RENAMED.format(old="Диспетчер") for r in again)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(before)) as old, zipfile.ZipFile(path) as new:
        assert {n: old.read(n) for n in old.namelist()} == {
            n: new.read(n) for n in new.namelist()}


def test_other_sheets_styles_and_validations_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path, example())
    wb = openpyxl.load_workbook(path)
    notes = wb.create_sheet("Мои заметки")
    notes["A1"] = "не трогать"
    notes.column_dimensions["A"].width = 55
    wb[schema.PROCESSES.name]["B2"].font = openpyxl.styles.Font(bold=True, color="FF0000")
    wb.save(path)
    validations = len(openpyxl.load_workbook(path)[schema.PERFORMERS.name].data_validations
                      .dataValidation)
    names = set(openpyxl.load_workbook(path).defined_names)
    update_workbook(path)
    wb = openpyxl.load_workbook(path)
    assert wb["Мои заметки"]["A1"].value == "не трогать"
    assert wb["Мои заметки"].column_dimensions["A"].width == 55
    assert wb[schema.PROCESSES.name]["B2"].font.b
    assert len(wb[schema.PERFORMERS.name].data_validations.dataValidation) == validations
    assert set(wb.defined_names) == names
    assert wb[schema.PROCESSES.name]["A1"].comment is not None


def test_locked_file_is_left_as_it_was(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, example())
    before = path.read_bytes()

    def locked(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError, match="открыт в Excel"):
        update_workbook(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_update_keeps_a_part_it_does_not_own_byte_for_byte(tmp_path: Path) -> None:
    path = write(tmp_path, example())
    import zipfile

    with zipfile.ZipFile(path, "a") as z:  # a part openpyxl would not carry over
        z.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n")
    update_workbook(path)
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/media/image1.png") == b"\x89PNG\r\n\x1a\n"


def test_result_describes_the_book_as_saved(tmp_path: Path) -> None:
    """Documents are made from `UpdateResult.organisation`: it must be the saved book."""
    path = tmp_path / "книга.xlsx"
    atomic_save(build_workbook(example()), path)
    result = update_workbook(path)
    saved = read_workbook(path)

    def texts(value: object) -> object:
        return value.text if hasattr(value, "text") else tuple(c.text for c in value)

    def rows(org, table: str) -> list[tuple]:
        return [(r.row, *(texts(getattr(r, f)) for f in r.__dataclass_fields__ if f != "row"))
                for r in getattr(org, table)]

    for table in ("competencies", "profiles", "positions", "performers", "vacancies"):
        assert rows(result.organisation, table) == rows(saved, table), table
    assert len(result.organisation.profiles) > 0

    # again, after a performer is gone: only the rows marked stale are read again
    wb = openpyxl.load_workbook(path)
    wb[schema.PERFORMERS.name].delete_rows(schema.PERFORMERS.first_data_row)
    wb.save(path)
    again = update_workbook(path)
    assert again.competencies.marked and again.profiles.marked
    saved = read_workbook(path)
    for table in ("competencies", "profiles"):
        assert rows(again.organisation, table) == rows(saved, table), table
        assert again.organisation.sheets[table] == saved.sheets[table]


def test_matrix_cells_are_boxed_and_marks_coloured(updated: Path) -> None:
    ws = openpyxl.load_workbook(updated)[schema.MATRIX.name]
    rules = {str(rng.sqref): rng.rules for rng in ws.conditional_formatting}
    grid = f"C3:{ws.cell(2, ws.max_column).column_letter}{ws.max_row}"
    assert grid in rules  # blank cells get their box from one rule, not a cell each
    assert rules[grid][0].dxf.border.left.style == "thin"
    marked = [c for row in ws.iter_rows(min_row=3, min_col=3) for c in row if c.value]
    assert marked and all(c.fill.fgColor.rgb.endswith(("F8CBAD", "DDEBF7")) for c in marked)
    assert all(c.border.left.style == "thin" for c in marked)
    owners = [c for c in marked if "В" in c.value]
    assert owners and all(c.font.bold for c in owners)


def test_data_cell_look_keeps_the_users_font(tmp_path: Path) -> None:
    from openpyxl.styles import Font

    from procxl.workbook.template import style_data_cell

    workbook = build_workbook(example())
    ws = workbook[schema.COMPETENCIES.name]
    cell = ws.cell(50, 2)
    cell.font = Font(bold=True, color="FF0000")
    style_data_cell(cell, schema.COMPETENCIES.column("process_code"))
    other = ws.cell(51, 5)
    style_data_cell(other, schema.COMPETENCIES.column("skills"))
    assert cell.font.bold and cell.font.color.rgb.endswith("FF0000")
    assert cell.number_format == "@" and not other.font.bold
    assert other.alignment.wrap_text and other.alignment.vertical == "top"
