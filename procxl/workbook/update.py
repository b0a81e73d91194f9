"""`procxl update`: refresh the sheets that follow from the processes, in the user's own file.

What happens to each sheet:

- `Компетенции` — one row per (position, process code) pair of `Исполнители`. Existing rows
  are found by that pair and stay where they are; procxl rewrites only its own cells
  (Должность, Процесс, Функции) and only when they changed. A row whose pair is gone is
  kept with everything typed in it and gets a note in «Отметка procxl». New pairs are added
  below the last row. Nothing is sorted, nothing deleted.
- `Профили` — one row per distinct item per position and section. Existing rows are found
  by (position, section, wording after normalising); procxl refreshes «Откуда» and never
  touches «Включить». New items come in with «да». Items that no longer follow from the
  processes are kept and noted. Rows with «Откуда» = «вручную» are the user's and are not
  touched at all, not even when their position is renamed (the checker then points at them).
- A renamed position: when a name that has rows here vanished from `Должности` and exactly
  one new name appeared that performs exactly the same process codes, the rows move to the
  new name with everything typed in them, and «Отметка procxl» says what it was called.
  Otherwise the old rows are noted as stale and the new name gets new rows.
- `Обязанности`, `Матрица ответственности`, `Карта процессов`, `Проверка` are replaced.

The file is written once, atomically. In an `.xlsm` the VBA project and the form buttons are
kept; if saving would lose a part that carries macros, controls, pictures, charts or pivot
tables (openpyxl cannot write every kind), the file is left untouched and the user is told.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from procxl import pivots, schema, text
from procxl.checks import check
from procxl.checks.findings import Finding, Level
from procxl.checks.profiles import is_manual
from procxl.errors import ProcxlError
from procxl.model import Organisation, SheetInfo
from procxl.workbook.files import atomic_save
from procxl.workbook.reader import read_source
from procxl.workbook.source import FileSource, MemorySource, open_source
from procxl.workbook.template import add_sheet, cell_value, style_data_cell
from procxl.workbook.writer import (
    standard_position,
    write_duties,
    write_findings,
    write_matrix,
    write_process_map,
)

STALE_PAIR = "Пары нет на листе «Исполнители»: строка сохранена с вашими данными"
STALE_ITEM = "Пункт больше не следует из процессов: решите, нужен ли он"
DUPLICATE_ROW = "Повтор: такая строка уже есть выше"
RENAMED = "Должность переименована, прежнее название: «{old}»"

_PRESERVED_PARTS = {
    r"xl/vbaProject\.bin": "макросы (VBA)",
    r"xl/drawings/.+\.vml": "кнопки, примечания и фигуры старого формата",
    r"xl/drawings/drawing\d+\.xml": "рисунки и фигуры",
    r"xl/ctrlProps/.+": "элементы управления (кнопки, флажки)",
    r"xl/activeX/.+": "элементы ActiveX",
    r"xl/media/.+": "картинки",
    r"xl/charts/chart\d+\.xml": "диаграммы",
    r"xl/pivotTables/.+\.xml": "сводные таблицы",
    r"xl/embeddings/.+": "встроенные объекты",
}
"""Parts a user's workbook may hold that procxl must not silently drop, with their names."""


@dataclass(frozen=True)
class SheetChanges:
    added: int = 0
    refreshed: int = 0
    marked: int = 0
    renamed: int = 0


@dataclass(frozen=True)
class UpdateResult:
    path: Path
    duties: int
    competencies: SheetChanges
    profiles: SheetChanges
    findings: tuple[Finding, ...]

    @property
    def has_errors(self) -> bool:
        return any(f.level is Level.ERROR for f in self.findings)


def update_workbook(
    path: Path, source: FileSource | None = None, org: Organisation | None = None
) -> UpdateResult:
    """Refresh every sheet procxl keeps in the workbook at `path`, in place and atomically.

    `source` and `org`, when the caller has already read the file, spare reading it again.
    """
    source = source or open_source(path)
    org = org or read_source(source)
    is_macro_book = path.suffix.lower() == ".xlsm"
    workbook = openpyxl.load_workbook(path, keep_vba=is_macro_book, keep_links=True,
                                      rich_text=True)
    duties = pivots.duties(org)
    renames = _renames(org, pivots.competency_keys(org))
    competencies = _merge_competencies(workbook, org, pivots.competency_keys(org), renames)
    profiles = _merge_profiles(workbook, org, pivots.profile_candidates(org), renames)
    write_duties(workbook, duties)
    write_matrix(workbook, pivots.responsibility_matrix(org))
    write_process_map(workbook, pivots.process_map(org))
    findings = check(read_source(_as_saved(source, workbook)))
    write_findings(workbook, findings)
    atomic_save(workbook, path, verify=lambda saved: _refuse_lost_parts(path, saved))
    return UpdateResult(path, len(duties), competencies, profiles, tuple(findings))


# Renamed positions --------------------------------------------------------------------------

def _renames(org: Organisation, keys: Sequence[pivots.CompetencyKey]) -> dict[str, str]:
    """Old position key -> new position name, for positions renamed in `Должности`."""
    fresh_codes: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for key in keys:
        fresh_codes.setdefault(text.fold(key.position), set()).add(key.process_code)
        names[text.fold(key.position)] = key.position
    old_codes: dict[str, set[str]] = {}
    for row in org.competencies:
        if row.position.text and org.position(row.position.text) is None:
            old_codes.setdefault(row.position.key, set()).add(text.clean(row.process_code.text))
    with_rows = {row.position.key for row in org.competencies}
    newcomers = {k: v for k, v in fresh_codes.items() if k not in with_rows}
    renames = {}
    for old, codes in old_codes.items():
        matches = [new for new, new_codes in newcomers.items() if new_codes == codes]
        if len(matches) == 1:
            renames[old] = names[matches[0]]
    return renames


# Merging the sheets people fill ---------------------------------------------------------------

class _SheetEditor:
    """Cell-level edits of one user sheet, by column key, never moving a row."""

    def __init__(self, workbook: openpyxl.Workbook, org: Organisation, sheet: schema.Sheet):
        self.sheet = sheet
        info = org.sheets[sheet.key]
        if info.present and info.name in workbook.sheetnames:
            self.ws: Worksheet = workbook[info.name]
            self.columns = dict(info.columns)
            self.header_row = info.header_row
        else:
            self.ws = add_sheet(workbook, sheet, standard_position(workbook, sheet))
            self.columns = {c.key: i for i, c in enumerate(sheet.columns, 1)}
            self.header_row = sheet.header_row
        self._add_missing_columns(info)
        self.next_row = max(self._last_used_row() + 1, self.header_row + 1)

    def _add_missing_columns(self, info: SheetInfo) -> None:
        for column in self.sheet.columns:
            if column.key in self.columns:
                continue
            index = max([*self.columns.values(), self.ws.max_column if info.present else 0]) + 1
            reference = self.ws.cell(self.header_row, min(self.columns.values(), default=1))
            cell = self.ws.cell(self.header_row, index, column.header)
            cell._style = reference._style
            self.ws.column_dimensions[cell.column_letter].width = column.width
            self.columns[column.key] = index

    def _last_used_row(self) -> int:
        for row in range(self.ws.max_row, self.header_row, -1):
            if any(self.ws.cell(row, c).value not in (None, "") for c in self.columns.values()):
                return row
        return self.header_row

    def get(self, row: int, key: str) -> Any:
        return self.ws.cell(row, self.columns[key]).value

    def set(self, row: int, key: str, value: Any) -> bool:
        """Write a procxl-owned cell when its value changes; True when it did."""
        column = self.sheet.column(key)
        new = cell_value(column, value)
        cell = self.ws.cell(row, self.columns[key])
        if (cell.value or None) == (new or None):
            return False
        cell.value = new
        style_data_cell(cell, column)
        return True

    def append(self, values: Mapping[str, Any]) -> int:
        row = self.next_row
        self.next_row += 1
        for key, value in values.items():
            self.set(row, key, value)
        return row


def _merge_competencies(
    workbook: openpyxl.Workbook,
    org: Organisation,
    keys: Sequence[pivots.CompetencyKey],
    renames: Mapping[str, str],
) -> SheetChanges:
    editor = _SheetEditor(workbook, org, schema.COMPETENCIES)
    fresh = {pivots.competency_key(k.position, k.process_code): k for k in keys}
    seen: set[tuple[str, str]] = set()
    refreshed = marked = renamed = 0
    for row in org.competencies:
        key = pivots.competency_key(row.position.text, row.process_code.text)
        status = ""
        if key[0] in renames:
            new_name = renames[key[0]]
            key = pivots.competency_key(new_name, key[1])
            status = RENAMED.format(old=row.position.text)
            renamed += 1
        item = fresh.get(key)
        if key in seen:
            status = DUPLICATE_ROW
        elif item is None:
            status = STALE_PAIR
            marked += 1
        else:
            changed = [editor.set(row.row, "position", item.position),
                       editor.set(row.row, "process_name", item.process_name),
                       editor.set(row.row, "functions", list(item.functions))]
            refreshed += any(changed)
        seen.add(key)
        editor.set(row.row, "status", status)
    added = 0
    for key, item in fresh.items():
        if key not in seen:
            editor.append({"position": item.position, "process_code": item.process_code,
                           "process_name": item.process_name,
                           "functions": list(item.functions)})
            added += 1
    return SheetChanges(added, refreshed, marked, renamed)


def _merge_profiles(
    workbook: openpyxl.Workbook,
    org: Organisation,
    candidates: Sequence[pivots.ProfileCandidate],
    renames: Mapping[str, str],
) -> SheetChanges:
    editor = _SheetEditor(workbook, org, schema.PROFILES)
    fresh = {pivots.profile_key(c.position, c.section, c.wording): c for c in candidates}
    seen: set[tuple[str, str, str]] = set()
    refreshed = marked = renamed = 0
    for row in org.profiles:
        if is_manual(row):
            # the user's own row: never touched (not even after a rename, which the checker
            # then reports), and never offered again as a candidate
            seen.add(pivots.profile_key(row.position.text, row.section.text, row.wording.text))
            continue
        position = row.position.text
        status = ""
        if row.position.key in renames:
            position = renames[row.position.key]
            editor.set(row.row, "position", position)
            status = RENAMED.format(old=row.position.text)
            renamed += 1
        key = pivots.profile_key(position, row.section.text, row.wording.text)
        item = fresh.get(key)
        if key in seen:
            status = DUPLICATE_ROW
        elif item is None:
            status = STALE_ITEM
            marked += 1
        else:
            refreshed += editor.set(row.row, "source", "; ".join(item.sources))
        seen.add(key)
        editor.set(row.row, "status", status)
    added = 0
    for key, item in fresh.items():
        if key not in seen:
            editor.append({"position": item.position, "section": item.section,
                           "wording": item.wording, "include": schema.YES,
                           "source": "; ".join(item.sources)})
            added += 1
    return SheetChanges(added, refreshed, marked, renamed)


# Findings for the book as it will be saved ----------------------------------------------------

_MERGED_SHEETS = (schema.COMPETENCIES, schema.PROFILES)


def _as_saved(source: FileSource, workbook: openpyxl.Workbook) -> MemorySource:
    """The book's values after the merge: the file's values, and the merged sheets as edited.

    openpyxl knows formulas but not their results, so every sheet procxl did not edit is
    taken as read from the file.
    """
    merged = {text.fold(s.name) for s in _MERGED_SHEETS}
    sheets: dict[str, list[list[object]]] = {}
    for ws in workbook.worksheets:
        if text.fold(ws.title) in merged or ws.title not in source.sheet_names():
            sheets[ws.title] = [list(r) for r in ws.iter_rows(values_only=True)]
        else:
            sheets[ws.title] = source.rows(ws.title)
    names = [n for n in source.sheet_names() if n in sheets]
    return MemorySource(
        sheets,
        name=source.name,
        merged={n: source.merged_ranges(n) for n in names},
        uncached={n: source.uncached_formulas(n) for n in names},
    )


# Keeping what openpyxl cannot write -------------------------------------------------------------

def _refuse_lost_parts(original: Path, saved: Path) -> None:
    """Raise when the saved file has fewer parts of a kind the user's file carried."""
    before, after = _part_names(original), _part_names(saved)
    lost = [label for pattern, label in _PRESERVED_PARTS.items()
            if _count(after, pattern) < _count(before, pattern)]
    if lost:
        raise ProcxlError(
            f"procxl не стал сохранять «{original.name}»: при сохранении пропали бы "
            f"{', '.join(lost)}. Файл не изменён. Перенесите данные в чистую книгу procxl "
            "(procxl new) или обновите копию книги без этих объектов."
        )


def _part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


def _count(names: Iterable[str], pattern: str) -> int:
    matcher = re.compile(pattern)
    return sum(1 for n in names if matcher.fullmatch(n))
