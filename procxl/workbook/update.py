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
- `Оценка` and `План развития` — merged by the same rules, one row per employee and
  profile item, and per gap: see :mod:`procxl.workbook.assessment_sheets`.
- `Обязанности`, `Матрица ответственности`, `Карта процессов`, `Итоги оценки`, `Проверка`
  are replaced.

The same merge runs on a file (:func:`update_workbook`) and on the book open in Excel
(:func:`update_book`, through :class:`procxl.workbook.book.Book`). A file is written once,
atomically. In an `.xlsm` the VBA project and the form buttons are kept; if saving would
lose a part that carries macros, controls, pictures, charts or pivot tables (openpyxl
cannot write every kind), the file is left untouched and the user is told.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from procxl import assessment, clauses, job_ad, pivots, schema, text
from procxl.checks import check
from procxl.checks.common import missing_position
from procxl.checks.findings import Finding, Level
from procxl.checks.names import meant_position
from procxl.checks.profiles import is_manual
from procxl.model import Organisation, SheetInfo
from procxl.workbook.assessment_sheets import (
    ASSESSMENT_SHEETS,
    AssessmentChanges,
    has_assessment,
    merge_assessment,
)
from procxl.workbook.assessment_summary import write_assessment_summary
from procxl.workbook.book import Book, OpenpyxlBook
from procxl.workbook.partbook import PackageBook, UnsupportedBook
from procxl.workbook.reader import collector_paused, read_source
from procxl.workbook.source import MemorySource, Source, open_source
from procxl.workbook.standards_book import write_mapping
from procxl.workbook.template import add_sheet, cell_value, set_page_header, sheet_setup
from procxl.workbook.writer import (
    standard_position,
    write_duties,
    write_findings,
    write_matrix,
    write_process_map,
)

STALE_PAIR = "Пары нет на листе «Исполнители»: строка сохранена с вашими данными"
STALE_ITEM = schema.STALE_ITEM
DUPLICATE_ROW = "Повтор: такая строка уже есть выше"
RENAMED = "Должность переименована, прежнее название: «{old}»"
_RENAMED_MARK = RENAMED.split("«", 1)[0]


def _kept_note(status: str) -> str:
    """The note a row keeps when nothing new is to be said of it: the old name of a renamed
    position stays (it is the only record of it); other notes go once they no longer hold."""
    return status if status.startswith(_RENAMED_MARK) else ""


@dataclass(frozen=True)
class SheetChanges:
    added: int = 0
    refreshed: int = 0
    marked: int = 0
    renamed: int = 0
    held: int = 0  # rows not marked stale because a reference error may hide their source


@dataclass(frozen=True)
class UpdateResult:
    path: Path
    duties: int
    competencies: SheetChanges
    profiles: SheetChanges
    findings: tuple[Finding, ...]
    organisation: Organisation  # what the book says as saved: documents are made from it
    all_duties: tuple[pivots.Duty, ...] = ()  # pivoted once: the documents' plan takes them
    held_positions: tuple[str, ...] = ()  # whose rows were left unmarked, and why: see
    # `unsure_positions`
    assessment: AssessmentChanges | None = None  # None: nobody is assessed in the book

    @property
    def has_errors(self) -> bool:
        return any(f.level is Level.ERROR for f in self.findings)


def update_workbook(
    path: Path, source: Source | None = None, org: Organisation | None = None
) -> UpdateResult:
    """Refresh every sheet procxl keeps in the workbook at `path`, in place and atomically.

    `source` and `org`, when the caller has already read the file, spare reading it again.
    """
    source = source or open_source(path)
    org = org or read_source(source)
    try:
        # let go of the file before the whole-book way below replaces it (Windows would not)
        with contextlib.closing(PackageBook.open(path, source)) as book:
            return update_book(book, source, org)
    except UnsupportedBook:
        # a package of a shape the part-level writer does not edit: the whole-book way
        return update_book(OpenpyxlBook.open_instead(path, "обновить книгу"), source, org)


def update_book(book: Book, source: Source, org: Organisation) -> UpdateResult:
    """Refresh every sheet procxl keeps in `book`, then commit it once.

    `source` holds the book's values as they are and `org` is what they say: for a file,
    its saved values; for the book open in Excel, what is on screen.
    """
    with collector_paused():
        return _update(book, source, org)


def _update(book: Book, source: Source, org: Organisation) -> UpdateResult:
    duties = pivots.duties(org)
    keys = pivots.competency_keys(org, duties)
    renames = _renames(org, keys)
    unsure = unsure_positions(org)
    competency_sheet = _SheetEditor(book, org, schema.COMPETENCIES)
    competencies = _merge_competencies(competency_sheet, org, keys, renames, unsure)
    profile_sheet = _SheetEditor(book, org, schema.PROFILES)
    candidates = pivots.profile_candidates(org, duties, renames)
    profiles = _merge_profiles(profile_sheet, org, candidates, renames, unsure)
    editors = (competency_sheet, profile_sheet, *_bring_up_to_date(book, org),
               *_name_processes(book, org))
    assessed, read, rereading = None, org, editors
    if has_assessment(org):
        read, rereading, assessed = _merge_assessment(book, source, org, editors, renames)
        editors = (*editors, *(e for e in rereading if e not in editors))
    as_saved = _as_saved(source, editors)
    saved = read_source(as_saved, unchanged=read, changed=_edited_rows(rereading))
    _set_up_sheets(book, saved, as_saved)
    findings = check(saved)
    with book.generated() as workbook:
        write_duties(workbook, duties)
        write_matrix(workbook, pivots.responsibility_matrix(org, duties))
        write_process_map(workbook, pivots.process_map(org))
        write_assessment_summary(workbook, assessment.team_summary(saved))
        write_mapping(workbook, org, duties)
        write_findings(workbook, findings)
    book.commit()
    held = tuple(org.positions_by_key[key].name.text for key in sorted(unsure)
                 ) if competencies.held or profiles.held else ()
    return UpdateResult(book.path, len(duties), competencies, profiles, tuple(findings), saved,
                        tuple(duties), held, assessed)


def _merge_assessment(book: Book, source: Source, org: Organisation,
                      editors: tuple[_SheetEditor, ...], renames: Mapping[str, str]
                      ) -> tuple[Organisation, tuple[_SheetEditor, ...], AssessmentChanges]:
    """`Оценка` and `План развития` merged from the profiles as this update leaves them
    (:mod:`procxl.workbook.assessment_sheets`): the book as read after `editors`, the
    editors of the two sheets (whose rows are all that is left to read again) and what
    changed."""
    merged = read_source(_as_saved(source, editors), unchanged=org,
                         changed=_edited_rows(editors))
    opened = {e.sheet.key: e for e in editors}

    def editor(sheet: schema.Sheet) -> _SheetEditor:
        return opened.get(sheet.key) or _SheetEditor(book, merged, sheet)

    made, changes = merge_assessment(merged, editor, renames, _kept_note)
    return merged, tuple(made), changes  # type: ignore[arg-type]


def unsure_positions(org: Organisation) -> set[str]:
    """The keys of positions whose duties a reference error on `Исполнители` may hide.

    A performer row whose position has a Latin look-alike letter or a typo names no position
    of the register, and one whose process code names no process gives no duty: until the
    error is fixed, the position looks as if it lost those processes. Its `Компетенции` and
    `Профили` rows are then not marked stale (the checks report the error itself).
    """
    unsure: set[str] = set()
    for performer in org.performers:
        cell = performer.position
        if not cell.text:
            continue
        position = org.position(cell.text)
        if position is None:
            if (meant := meant_position(org, cell.text)) is not None:
                unsure.add(meant.name.key)
            elif (missing := missing_position(org, cell)) is not None:
                unsure |= missing.affects
        elif performer.process_code.text and org.process(performer.process_code.text) is None:
            unsure.add(position.name.key)
    return unsure


# Books of an earlier version of the standard -------------------------------------------------

def _bring_up_to_date(book: Book, org: Organisation) -> list[_SheetEditor]:
    """What a book made with an earlier version of the standard lacks, added without touching
    what it has: the parameters of `Организация` and the columns of `Должности` as headers
    at the end, and `Положения` with the general clauses (which its documents use already)."""
    editors = []
    organisation = org.sheets[schema.ORGANISATION.key]
    if organisation.present:
        editor = _SheetEditor(book, org, schema.ORGANISATION)
        given = {p.key for p in org.parameters if p.key}
        for param in schema.ORGANISATION.params:
            if param.key not in given:
                editor.append({"parameter": param.label})
        editors.append(editor)
    if org.sheets[schema.POSITIONS.key].present:
        editors.append(_SheetEditor(book, org, schema.POSITIONS))
    if not org.has_sheet(schema.CLAUSES.key):
        editor = _SheetEditor(book, org, schema.CLAUSES)
        for row in clauses.default_rows():
            editor.append(row)
        editors.append(editor)
    editors += [_SheetEditor(book, org, sheet) for sheet in ASSESSMENT_SHEETS
                if not org.has_sheet(sheet.key)]
    return editors


def _set_up_sheets(book: Book, org: Organisation, source: Source) -> None:
    """Print settings, a filter and the marks of findings, as a new book's input sheets have
    them, for each input sheet that has none of its own (a book made before they came)."""
    organisation = org.param("name")
    for sheet in schema.USER_SHEETS:
        info = org.sheets[sheet.key]
        if not info.present or info.name not in book.sheet_names():
            continue
        book.sheet(info.name).set_up(sheet_setup(
            sheet, info.name, header_row=info.header_row,
            columns=max(info.columns.values(), default=0),
            last_row=_last_filled_row(source.rows(info.name)), organisation=organisation))


def _last_filled_row(rows: Sequence[Sequence[object]]) -> int:
    return next((number for number in range(len(rows), 0, -1)
                 if any(v not in (None, "") for v in rows[number - 1])), 0)


def _name_processes(book: Book, org: Organisation) -> list[_SheetEditor]:
    """`Процесс` filled in on the `Исполнители` rows that give only a code."""
    names = _missing_process_names(org)
    if not names:
        return []
    editor = _SheetEditor(book, org, schema.PERFORMERS)
    for row, name in names:
        editor.set(row, "process_name", name)
    return [editor]


def _missing_process_names(org: Organisation) -> list[tuple[int, str]]:
    """The `Исполнители` rows whose `Процесс` is empty though their code names a process,
    with that process's name: procxl fills them in, so that a row picked by code from the
    drop-down reads with its process. A typed name is never replaced, and a book without
    the column does not get one."""
    if "process_name" not in org.sheets[schema.PERFORMERS.key].columns:
        return []
    found = []
    for performer in org.performers:
        if performer.process_name.text or not performer.process_code.text:
            continue
        process = org.process(performer.process_code.text)
        if process is not None and process.name.text:
            found.append((performer.row, process.name.text))
    return found


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
    """Cell-level edits of one user sheet, by column key, never moving a row.

    It keeps what it wrote, so that the book can be checked as it will be saved.
    """

    def __init__(self, book: Book, org: Organisation, sheet: schema.Sheet):
        self.sheet = sheet
        self._kinds = {c.key: c for c in sheet.columns}
        self.written: dict[int, dict[int, Any]] = {}  # row -> column -> value
        info = org.sheets[sheet.key]
        if info.present and info.name in book.sheet_names():
            self.name = info.name
            self.columns = dict(info.columns)
            self.header_row = info.header_row
        else:
            with book.generated() as workbook:
                ws = add_sheet(workbook, sheet, standard_position(workbook, sheet))
                if org.param("name"):
                    set_page_header(ws, org.param("name"))
                self.name = ws.title
            self.columns = {c.key: i for i, c in enumerate(sheet.columns, 1)}
            self.header_row = sheet.header_row
            self.written[self.header_row] = {self.columns[c.key]: c.header
                                             for c in sheet.columns}
        self.cells = book.sheet(self.name)
        self._add_missing_columns(info)
        self._kind_at = {index: self._kinds[key] for key, index in self.columns.items()}
        last = self.cells.last_row(list(self.columns.values()))
        self.next_row = max(last, self.header_row) + 1

    def _add_missing_columns(self, info: SheetInfo) -> None:
        for column in self.sheet.columns:
            if column.key in self.columns:
                continue
            in_use = self.cells.last_column() if info.present else 0
            index = max([*self.columns.values(), in_use]) + 1
            like = min(self.columns.values(), default=1)
            self.cells.add_header(self.header_row, index, column.header, like=like,
                                  width=column.width)
            self.cells.add_drop_down(index, column, self.header_row + 1)
            self.written.setdefault(self.header_row, {})[index] = column.header
            self.columns[column.key] = index

    def set(self, row: int, key: str, value: Any) -> bool:
        """Write a procxl-owned cell when its value changes; True when it did."""
        column = self._kinds[key]
        new = cell_value(column, value)
        index = self.columns[key]
        if _blank(self.cells.value(row, index)) == _blank(new):
            return False
        self.cells.write(row, index, new, column)
        self.written.setdefault(row, {})[index] = new
        return True

    def append(self, values: Mapping[str, Any]) -> int:
        """Write a new row below the last one; its cells are empty, so nothing is compared."""
        row = self.next_row
        self.next_row += 1
        written: dict[int, Any] = {}
        for key, value in values.items():
            # a text goes in as it is, which is what cell_value makes of it
            new = value if value.__class__ is str else cell_value(self._kinds[key], value)
            if new is not None and new != "":
                written[self.columns[key]] = new
        if written:
            self.cells.write_row(row, written, self._kind_at)
            self.written[row] = written
        return row

    def rows_after(self, rows: Sequence[Sequence[object]]) -> list[list[object]]:
        """`rows`, the sheet's values as read, with what this editor wrote put in."""
        edited: list[list[object]] = list(rows)  # type: ignore[arg-type]  # copied when written
        edited.extend([] for _ in range(max(self.written, default=0) - len(edited)))
        for row, written in self.written.items():
            cells = list(edited[row - 1])
            if len(cells) < (widest := max(written)):
                cells.extend([None] * (widest - len(cells)))
            for column, value in written.items():
                cells[column - 1] = value
            edited[row - 1] = cells
        return edited


def _blank(value: Any) -> Any:
    """A cell's value, with '' as None: an empty cell either way (a 0 is a value)."""
    return None if value == "" else value


def _merge_competencies(
    editor: _SheetEditor,
    org: Organisation,
    keys: Sequence[pivots.CompetencyKey],
    renames: Mapping[str, str],
    unsure: Set[str] = frozenset(),
) -> SheetChanges:
    fresh = {pivots.competency_key(k.position, k.process_code): k for k in keys}
    seen: set[tuple[str, str]] = set()
    refreshed = marked = renamed = held = 0
    for row in org.competencies:
        key = pivots.competency_key(row.position.text, row.process_code.text)
        status = _kept_note(row.status.text)
        if key[0] in renames:
            new_name = renames[key[0]]
            key = pivots.competency_key(new_name, key[1])
            status = RENAMED.format(old=row.position.text)
            renamed += 1
        item = fresh.get(key)
        if key in seen:
            status = DUPLICATE_ROW
        elif item is None and key[0] in unsure:
            status = row.status.text  # left as it was: a reference error may hide the pair
            held += 1
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
    return SheetChanges(added, refreshed, marked, renamed, held)


def _merge_profiles(
    editor: _SheetEditor,
    org: Organisation,
    candidates: Sequence[pivots.ProfileCandidate],
    renames: Mapping[str, str],
    unsure: Set[str] = frozenset(),
) -> SheetChanges:
    fresh = {pivots.profile_key(c.position, c.section, c.wording): c for c in candidates}
    seen: set[tuple[str, str, str]] = set()
    refreshed = marked = renamed = held = 0
    for row in org.profiles:
        if is_manual(row):
            # the user's own row: never touched (not even after a rename, which the checker
            # then reports), and never offered again as a candidate
            seen.add(pivots.profile_key(row.position.text, row.section.text, row.wording.text))
            continue
        position = row.position.text
        status = _kept_note(row.status.text)
        if row.position.key in renames:
            position = renames[row.position.key]
            editor.set(row.row, "position", position)
            status = RENAMED.format(old=row.position.text)
            renamed += 1
        key = pivots.profile_key(position, row.section.text, row.wording.text)
        item = fresh.get(key)
        if key in seen:
            status = DUPLICATE_ROW
        elif item is None and key[0] in unsure:
            status = row.status.text  # left as it was: a reference error may hide its source
            held += 1
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
            own = not job_ad.proposed_for_vacancy(org, item.section, item.wording)
            editor.append({"position": item.position, "section": item.section,
                           "wording": item.wording, "include": schema.YES,
                           "to_vacancy": schema.NO if own else None,
                           "source": "; ".join(item.sources)})
            added += 1
    return SheetChanges(added, refreshed, marked, renamed, held)


# Findings for the book as it will be saved ----------------------------------------------------

def _edited_rows(editors: Iterable[_SheetEditor]) -> dict[str, set[int]]:
    """The rows each editor wrote in, by sheet: the reader reads only them again."""
    return {e.sheet.name: set(e.written) for e in editors if e.written}


def _as_saved(source: Source, editors: Iterable[_SheetEditor]) -> MemorySource:
    """The book's values after the merge: as read, with the merged sheets as edited.

    Only the sheets people fill are carried: the reader looks at no other.
    """
    user_sheets = {text.fold(s.name) for s in schema.USER_SHEETS}
    names = source.sheet_names()
    read = [n for n in names if text.fold(n) in user_sheets]
    sheets: dict[str, list[list[object]]] = {n: [] for n in names}
    sheets.update({n: source.rows(n) for n in read})
    for editor in editors:
        if editor.written:  # an editor that wrote nothing leaves the rows as read
            sheets[editor.name] = editor.rows_after(sheets.get(editor.name, []))
    return MemorySource.holding(
        sheets,
        name=source.name,
        merged={n: source.merged_ranges(n) for n in read},
        uncached={n: source.uncached_formulas(n) for n in read},
    )
