"""`procxl standards import`: the `Профстандарты` sheet of a user's book, written from XML.

A standard already on the sheet is replaced by the one of the same code being imported;
the others stay. The sheet is written whole by the part-level writer (every other part of
the file passes through untouched) and the file is replaced atomically, or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from procxl import functional_analysis, pivots, schema, standards
from procxl.model import Organisation
from procxl.standards import Standard
from procxl.workbook.book import Book, OpenpyxlBook
from procxl.workbook.partbook import PackageBook, UnsupportedBook
from procxl.workbook.reader import open_standard
from procxl.workbook.template import fill_rows, print_setup, set_filter
from procxl.workbook.writer import replace_sheet, write_table


@dataclass(frozen=True)
class ImportResult:
    path: Path
    imported: tuple[Standard, ...]  # what the XML files gave
    replaced: tuple[str, ...]  # codes of standards that were on the sheet already
    on_sheet: tuple[Standard, ...]  # every standard on the sheet now


def import_standards(path: Path, files: Sequence[Path]) -> ImportResult:
    """Put the standards of the XML `files` on the `Профстандарты` sheet of the book at
    `path`; UnusableInput for a file that is not a standard's XML (the book is untouched)."""
    new: list[Standard] = []
    for file in files:
        new += standards.read_xml(file)
    source, org = open_standard(path)
    kept = org.imported_standards
    present = {standards.code_key(s.code) for s in kept}
    replaced = tuple(dict.fromkeys(s.code for s in new if standards.code_key(s.code) in present))
    merged = standards.merge(kept, new)
    try:
        book: Book = PackageBook.open(path, source)
    except UnsupportedBook:
        book = OpenpyxlBook.open_instead(path, "записать профстандарты в книгу")
    with book.generated() as workbook:
        write_standards(workbook, merged)
    book.commit()
    return ImportResult(path, tuple(new), replaced, merged)


def write_standards(workbook: openpyxl.Workbook, on_sheet: Sequence[Standard]) -> None:
    """Replace `Профстандарты` with a row per work function of `on_sheet`."""
    rows = standards.sheet_rows(on_sheet)
    ws = write_table(workbook, schema.STANDARDS, rows)
    set_filter(ws, schema.STANDARDS, schema.STANDARDS.header_row + len(rows))


NO_STANDARDS = ("Профстандарты не загружены. Загрузите XML профстандартов командой "
                "procxl standards import, затем снова обновите таблицы: здесь появится "
                "сопоставление функций каждой должности с трудовыми функциями.")


def write_mapping(workbook: openpyxl.Workbook, org: Organisation,
                  all_duties: Sequence[pivots.Duty]) -> None:
    """Replace `Сопоставление с профстандартами` with the functional analysis of every
    position, or with a line saying how to get one when no standard is imported."""
    sheet = schema.MAPPING
    rows = functional_analysis.mapping_rows(functional_analysis.analyse(org, all_duties))
    ws = replace_sheet(workbook, sheet)
    if not rows:
        ws.cell(1, 1).value = f"{ws.cell(1, 1).value} {NO_STANDARDS}"
    fill_rows(ws, sheet, rows)
    if rows:
        set_filter(ws, sheet, sheet.header_row + len(rows))
    print_setup(ws, sheet.header_row)
