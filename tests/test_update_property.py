"""Random edit/update cycles: no cell a person typed in Компетенции or Профили is ever lost
or altered by `procxl update`."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from procxl import schema
from procxl.workbook.files import atomic_save
from procxl.workbook.template import build_workbook
from procxl.workbook.update import update_workbook
from tests.checking import example

COMP, PROF, PERF, POS = (schema.COMPETENCIES, schema.PROFILES, schema.PERFORMERS,
                         schema.POSITIONS)
USER_COMPETENCY_COLUMNS = [c.header for c in COMP.columns if c.owner is schema.Owner.USER]
WORDS = st.sampled_from(["Знание 1С", "Переговоры", "Аккуратность", "Основы учета",
                         "Работа с CRM", "Внимательность; Выдержка", "R&D <отдел>"])

edits = st.lists(
    st.one_of(
        st.tuples(st.just("type"), st.integers(0, 10_000), st.sampled_from(
            USER_COMPETENCY_COLUMNS), WORDS),
        st.tuples(st.just("include"), st.integers(0, 10_000), st.sampled_from(["да", "нет"])),
        st.tuples(st.just("manual"), st.integers(0, 10_000), WORDS),
        st.tuples(st.just("drop_performer"), st.integers(0, 10_000)),
        st.tuples(st.just("add_performer"), st.integers(0, 10_000), st.integers(0, 10_000)),
        st.tuples(st.just("rename"), st.integers(0, 10_000)),
    ),
    min_size=1, max_size=6,
)


def _column(ws, header: str, header_row: int = 1) -> int:
    return [c.value for c in ws[header_row]].index(header) + 1


def _rows(ws) -> list[int]:
    return [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value not in (None, "")]


_renames = itertools.count(1)


def apply(wb: openpyxl.Workbook, edit: tuple, typed: dict[tuple[str, int, int], object]
          ) -> None:
    """Make one edit a person could make, remembering the user-owned cells it types."""
    kind = edit[0]
    if kind == "type":
        ws = wb[COMP.name]
        rows = _rows(ws)
        if rows:
            row, column = rows[edit[1] % len(rows)], _column(ws, edit[2])
            ws.cell(row, column, edit[3])
            typed[(COMP.name, row, column)] = edit[3]
    elif kind == "include":
        ws = wb[PROF.name]
        rows = _rows(ws)
        if rows:
            row, column = rows[edit[1] % len(rows)], _column(ws, "Включить")
            ws.cell(row, column, edit[2])
            typed[(PROF.name, row, column)] = edit[2]
    elif kind == "manual":
        ws = wb[PROF.name]
        positions = [c.value for c in wb[POS.name]["A"][1:] if c.value]
        row = ws.max_row + 1
        values = {"Должность": positions[edit[1] % len(positions)], "Раздел": "Навыки",
                  "Формулировка": edit[2], "Включить": "да", "Откуда": "вручную"}
        for header, value in values.items():
            column = _column(ws, header)
            ws.cell(row, column, value)
            typed[(PROF.name, row, column)] = value
    elif kind == "drop_performer":
        ws = wb[PERF.name]
        rows = _rows(ws)
        if len(rows) > 1:
            ws.delete_rows(rows[edit[1] % len(rows)])
    elif kind == "add_performer":
        codes = [c.value for c in wb[schema.PROCESSES.name]["A"][1:] if c.value]
        positions = [c.value for c in wb[POS.name]["A"][1:] if c.value]
        ws = wb[PERF.name]
        ws.append([codes[edit[1] % len(codes)], None, positions[edit[2] % len(positions)],
                   "Новая функция"])
    elif kind == "rename":
        positions = [c for c in wb[POS.name]["A"][1:] if c.value]
        old = positions[edit[1] % len(positions)].value
        new = f"{old} {next(_renames)}"
        for ws, column in ((wb[POS.name], 1), (wb[PERF.name], 3)):
            for row in range(2, ws.max_row + 1):
                if ws.cell(row, column).value == old:
                    ws.cell(row, column, new)


def assert_typed_cells_kept(path: Path, typed: dict[tuple[str, int, int], object]) -> None:
    wb = openpyxl.load_workbook(path)
    for (sheet, row, column), value in typed.items():
        assert wb[sheet].cell(row, column).value == value, (sheet, row, column)


@settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(edits, min_size=1, max_size=3))
def test_edit_update_cycles_never_lose_typed_cells(cycles: list[list[tuple]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "книга.xlsx"
        atomic_save(build_workbook(example()), path)
        update_workbook(path)
        typed: dict[tuple[str, int, int], object] = {}
        for cycle in cycles:
            # a person makes a few edits and saves once, then updates
            wb = openpyxl.load_workbook(path)
            for edit in cycle:
                apply(wb, edit, typed)
            wb.save(path)
            update_workbook(path)
            assert_typed_cells_kept(path, typed)
