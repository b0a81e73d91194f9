"""Random cell values and shapes: the reader and the checker never crash, and every
finding points at a real sheet and a well-formed cell."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procxl import schema, text
from procxl.checks import check
from procxl.checks.findings import Level
from procxl.workbook.reader import read_source, read_workbook
from procxl.workbook.source import MemorySource
from tests.xlsx_files import write_xlsx

A1 = re.compile(r"^([A-Z]{1,3})([1-9]\d*)$")

WORDS = ["Мастер-приемщик", "мастер-приёмщик", "Диспетчер", "Диcпетчер", "СТО", "1", "1.2",
         "1.10", "2.1.1", "да", "нет", "вручную", "Навыки", "до 35 лет", "#N/A", " ", "\u00a0"]
HEADERS = sorted({h for _, c in schema.iter_columns() for h in c.headers}
                 | {p.label for p in schema.ORGANISATION.params})

cell_values = st.one_of(
    st.none(),
    st.sampled_from(WORDS),
    st.text(alphabet="абвгдеёжзAEOPCXaeopcx 0123456789.;-•\n\t", max_size=30),
    st.integers(min_value=-10, max_value=10_000),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
)
header_row = st.lists(st.one_of(st.sampled_from(HEADERS), st.sampled_from(WORDS), st.none()),
                      min_size=0, max_size=8)
sheet_names = st.one_of(st.sampled_from([s.name for s in schema.SHEETS]),
                        st.sampled_from(["Лист1", " процессы ", "ДОЛЖНОСТИ"]))


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, list[list[object]]]:
    names = draw(st.lists(sheet_names, min_size=1, max_size=6, unique_by=text.fold))
    sheets = {}
    for name in names:
        header = draw(header_row)
        width = max(len(header), 1)
        rows = draw(st.lists(st.lists(cell_values, min_size=0, max_size=width), max_size=8))
        sheets[name] = [header, *rows]
    return sheets


def assert_findings_point_at_real_places(sheets: dict, findings) -> None:
    known = {text.fold(n) for n in sheets} | {text.fold(s.name) for s in schema.SHEETS}
    height = max((len(rows) for rows in sheets.values()), default=0)
    for f in findings:
        assert text.fold(f.sheet) in known, f
        assert f.level in set(Level)
        assert f.message and f.hint
        if f.cell is not None:
            match = A1.match(f.cell)
            assert match, f
            assert int(match.group(2)) <= height + 1, f


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks())
def test_random_books_in_memory(sheets: dict) -> None:
    org = read_source(MemorySource(sheets))
    assert_findings_point_at_real_places(sheets, check(org))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(workbooks())
def test_random_books_through_real_files(tmp_path: Path, sheets: dict) -> None:
    clean = {name.strip() or "Лист": rows for name, rows in sheets.items()}
    path = write_xlsx(tmp_path / "случайная.xlsx", clean)
    assert_findings_point_at_real_places(clean, check(read_workbook(path)))


def test_a_sheet_without_positions_missing_a_required_column_is_reported() -> None:
    """Found by the random books: a plan of measures with no «Мероприятие» column."""
    sheets = {schema.ADOPTION_PLAN.name: [["Email", "Критерий выполнения"],
                                          [None, "Мастер-приемщик"]]}
    findings = check(read_source(MemorySource(sheets)))
    assert any(f.rule == "S004" and f.sheet == schema.ADOPTION_PLAN.name for f in findings)
