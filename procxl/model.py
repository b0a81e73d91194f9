"""The organisation as read from a workbook: plain records, every value with its cell.

Nothing here knows about Excel libraries. Record field names are the column keys of
:mod:`procxl.schema`; a test keeps the two in step. Records, like cells, are never changed
once read, though the rows' records are not declared frozen: a large book has a hundred
thousand, and a frozen dataclass makes each three times dearer to create.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TypeVar

from procxl import text


class ValueKind(StrEnum):
    """What the file held in a cell, before it became text."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    BOOL = "bool"
    EMPTY = "empty"
    ERROR = "error"  # #N/A, #REF! and the like


def column_letter(column: int) -> str:
    """The A1 letters of a 1-based column number (1 -> A, 28 -> AB)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_A1 = re.compile(r"^([A-Z]+)([1-9]\d*)$")


def parse_a1(address: str) -> tuple[int, int]:
    """The 1-based (row, column) of an A1 address (`C12` -> (12, 3)); ValueError otherwise."""
    match = _A1.match(address)
    if match is None:
        raise ValueError(f"not an A1 address: {address!r}")
    letters, row = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(row), column


@dataclass(slots=True, unsafe_hash=True)
class Cell:
    """One value as the user typed it, with the sheet and cell it stands in.

    `column` is None when the column is missing from the sheet (the value is then empty).
    Items of a list cell are Cells too, each with the location of the cell they came from.
    Never changed once read, though not declared frozen: a large book is a million Cells,
    and a frozen dataclass makes each four times dearer to create.
    """

    text: str
    sheet: str
    row: int
    column: int | None
    kind: ValueKind = ValueKind.TEXT

    @property
    def ref(self) -> str | None:
        """The A1 address (`F12`), or None when the column is missing."""
        if self.column is None:
            return None
        return f"{column_letter(self.column)}{self.row}"

    @property
    def address(self) -> str:
        """Where to look, for messages: `Процессы!F12`, or the sheet name alone."""
        ref = self.ref
        return f"{self.sheet}!{ref}" if ref else self.sheet

    @property
    def key(self) -> str:
        """The matching key of the value as a name (see :func:`procxl.text.fold`)."""
        return text.fold(self.text)

    def __str__(self) -> str:
        return self.text


Items = tuple[Cell, ...]


_DATE, _NUMBER = ValueKind.DATE, ValueKind.NUMBER
"""Looked up once: in Python 3.11 each `ValueKind.X` is a descriptor call, and the checks
ask about a few hundred thousand cells."""


def garbled_code(cell: Cell) -> bool:
    """Whether Excel turned a process code into something else: a fraction or a date.

    Such a cell's text is not what the user typed (`1.10` reads as `1.1`), so nothing may
    follow it as a code; the checker reports it. A whole number (`2`) is read as it is.
    """
    if cell.kind is _DATE:
        return True
    return cell.kind is _NUMBER and not cell.text.isdigit()


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """How a standard sheet was found in the file: its header and its irregularities."""

    key: str
    name: str  # as spelt in the file, or the standard name when the sheet is missing
    present: bool
    header_row: int
    columns: Mapping[str, int] = field(default_factory=dict)  # column key -> 1-based column
    headers: tuple[Cell, ...] = ()  # every non-empty header cell
    unknown: tuple[Cell, ...] = ()  # header cells that name no column of the standard
    duplicates: tuple[Cell, ...] = ()  # second and later headers naming the same column
    merged: tuple[str, ...] = ()  # merged ranges at or below the header, A1 notation
    uncached_formulas: tuple[str, ...] = ()  # formula cells saved without a value, A1
    data_rows: int = 0  # non-blank rows below the header
    error_values: bool = False  # a cell below the header holds an Excel error (#N/A…)


@dataclass(frozen=True, slots=True)
class Parameter:
    """A row of `Организация`: `key` is the standard parameter it names, or None."""

    row: int
    key: str | None
    label: Cell
    value: Cell


@dataclass(slots=True, unsafe_hash=True)
class CompanyValue:
    row: int
    value: Cell
    explanation: Cell


@dataclass(slots=True, unsafe_hash=True)
class Department:
    row: int
    name: Cell
    parent: Cell
    head: Cell
    functions: Items


@dataclass(slots=True, unsafe_hash=True)
class Position:
    row: int
    name: Cell
    department: Cell
    manager: Cell
    headcount: Cell
    genitive: Cell
    extra_areas: Items
    education: Cell
    experience: Cell
    admission: Items
    deputy: Cell
    approver_title: Cell
    approver_name: Cell
    standard: Cell
    qualification_level: Cell
    standard_mandatory: Cell
    basis: Cell


@dataclass(slots=True, unsafe_hash=True)
class Process:
    row: int
    code: Cell
    name: Cell
    content: Cell
    clients: Items
    goals: Items
    results: Items
    indicators: Items
    resources: Items
    suppliers: Items
    owner: Cell

    @property
    def level(self) -> int | None:
        """1 for a top-level process; None when the code is malformed."""
        return text.code_level(self.code.text)

    @property
    def parent_code(self) -> str | None:
        return text.parent_code(self.code.text)


@dataclass(slots=True, unsafe_hash=True)
class Performer:
    row: int
    process_code: Cell
    process_name: Cell
    position: Cell
    functions: Items


@dataclass(slots=True, unsafe_hash=True)
class CompetencyRow:
    row: int
    position: Cell
    process_code: Cell
    process_name: Cell
    functions: Items
    general_knowledge: Items
    subject_knowledge: Items
    skills: Items
    qualities: Items
    status: Cell


@dataclass(slots=True, unsafe_hash=True)
class ProfileRow:
    row: int
    position: Cell
    section: Cell
    wording: Cell
    include: Cell
    to_vacancy: Cell
    source: Cell
    status: Cell


@dataclass(slots=True, unsafe_hash=True)
class Vacancy:
    row: int
    position: Cell
    city: Cell
    area: Cell
    salary_from: Cell
    salary_to: Cell
    experience: Cell
    employment: Cell
    work_format: Cell
    schedule: Cell
    hours: Cell
    conditions: Items
    billing: Cell
    role: Cell
    contact_name: Cell
    phone: Cell
    email: Cell


@dataclass(slots=True, unsafe_hash=True)
class Clause:
    """A row of `Положения`: a clause of the main document that processes do not give."""

    row: int
    section: Cell
    position: Cell
    action: Cell
    text: Cell


@dataclass(slots=True, unsafe_hash=True)
class Employee:
    """A row of `Сотрудники`: someone assessed against the profile of their position."""

    row: int
    name: Cell
    position: Cell
    number: Cell
    manager: Cell
    hired: Cell


@dataclass(slots=True, unsafe_hash=True)
class AssessmentRow:
    """A row of `Оценка`: one employee on one item of their position's profile."""

    row: int
    employee: Cell
    position: Cell
    section: Cell
    wording: Cell
    required: Cell
    self_score: Cell
    manager_score: Cell
    gap: Cell
    date: Cell
    comment: Cell
    status: Cell


@dataclass(slots=True, unsafe_hash=True)
class PlanRow:
    """A row of `План развития`: what is to be done about one gap of one employee."""

    row: int
    employee: Cell
    section: Cell
    wording: Cell
    gap: Cell
    activity: Cell
    form: Cell
    deadline: Cell
    responsible: Cell
    result: Cell
    done: Cell
    status: Cell


@dataclass(slots=True, unsafe_hash=True)
class StandardRow:
    """A row of `Профстандарты`: one work function (ТФ) of an imported standard."""

    row: int
    standard_code: Cell
    standard: Cell
    otf_code: Cell
    otf: Cell
    level: Cell
    tf_code: Cell
    tf: Cell
    labour_actions: Cell
    skills: Cell
    knowledge: Cell
    education: Cell
    experience: Cell
    admission: Cell
    job_titles: Cell


@dataclass(slots=True, unsafe_hash=True)
class GroupMember:
    """A row of `Рабочая группа`."""

    row: int
    name: Cell
    position: Cell
    role: Cell


@dataclass(slots=True, unsafe_hash=True)
class PlanItem:
    """A row of `План внедрения ПС`."""

    row: int
    activity: Cell
    deadline: Cell
    responsible: Cell
    criterion: Cell


_STANDARD_FIELDS = tuple(f for f in StandardRow.__slots__ if f != "row")

RECORD_TYPES: Mapping[str, type] = {
    "values": CompanyValue,
    "departments": Department,
    "positions": Position,
    "processes": Process,
    "performers": Performer,
    "competencies": CompetencyRow,
    "profiles": ProfileRow,
    "vacancies": Vacancy,
    "clauses": Clause,
    "employees": Employee,
    "assessment": AssessmentRow,
    "plan": PlanRow,
    "standards": StandardRow,
    "working_group": GroupMember,
    "adoption_plan": PlanItem,
}
"""The record type of each user table sheet, by sheet key."""

R = TypeVar("R")


def _first_by(records: Iterable[R], key_of) -> dict[str, R]:
    index: dict[str, R] = {}
    for record in records:
        key = key_of(record)
        if key and key not in index:
            index[key] = record
    return index


@dataclass(frozen=True)
class Organisation:
    """Everything one workbook says about one organisation."""

    source: str
    sheets: Mapping[str, SheetInfo]
    parameters: tuple[Parameter, ...] = ()
    values: tuple[CompanyValue, ...] = ()
    departments: tuple[Department, ...] = ()
    positions: tuple[Position, ...] = ()
    processes: tuple[Process, ...] = ()
    performers: tuple[Performer, ...] = ()
    competencies: tuple[CompetencyRow, ...] = ()
    profiles: tuple[ProfileRow, ...] = ()
    vacancies: tuple[Vacancy, ...] = ()
    clauses: tuple[Clause, ...] = ()
    employees: tuple[Employee, ...] = ()
    assessment: tuple[AssessmentRow, ...] = ()
    plan: tuple[PlanRow, ...] = ()
    standards: tuple[StandardRow, ...] = ()
    working_group: tuple[GroupMember, ...] = ()
    adoption_plan: tuple[PlanItem, ...] = ()
    other_sheets: tuple[str, ...] = ()  # sheets of the file that are not in the standard

    def param(self, key: str) -> str:
        """The value of a standard parameter of `Организация`, or '' when it is not given."""
        for p in self.parameters:
            if p.key == key:
                return p.value.text
        return ""

    def param_items(self, key: str) -> tuple[str, ...]:
        """The items of a list-valued parameter (one per line or `;`), or () when not given."""
        return tuple(text.split_list(self.param(key)))

    def has_sheet(self, key: str) -> bool:
        """Whether the workbook holds the standard sheet `key` (it may be empty)."""
        info = self.sheets.get(key)
        return info is not None and info.present

    @cached_property
    def positions_by_key(self) -> dict[str, Position]:
        """Positions by the matching key of their name; the first of duplicates wins."""
        return _first_by(self.positions, lambda p: p.name.key)

    @cached_property
    def departments_by_key(self) -> dict[str, Department]:
        return _first_by(self.departments, lambda d: d.name.key)

    @cached_property
    def processes_by_code(self) -> dict[str, Process]:
        """Processes by their code as text (`1.2`); the first of duplicates wins."""
        return _first_by(self.processes, lambda p: text.clean(p.code.text))

    @cached_property
    def performers_by_code(self) -> dict[str, tuple[Performer, ...]]:
        """The rows of `Исполнители` by the process code they name, as text (`1.2`)."""
        found: dict[str, list[Performer]] = {}
        for performer in self.performers:
            found.setdefault(text.clean(performer.process_code.text), []).append(performer)
        return {code: tuple(rows) for code, rows in found.items()}

    @cached_property
    def profiles_by_position(self) -> dict[str, list[ProfileRow]]:
        """The `Профили` rows of each position of the register, by its matching key (the
        vacancies' checks and documents, and the documents of profiles, all ask)."""
        found: dict[str, list[ProfileRow]] = {}
        keys: dict[str, str | None] = {}  # by the text as typed: 800 names over 65 000 rows
        for row in self.profiles:
            name = row.position.text
            if name not in keys:
                position = self.position(name)
                keys[name] = None if position is None else position.name.key
            if (key := keys[name]) is not None:
                found.setdefault(key, []).append(row)
        return found

    @cached_property
    def imported_standards(self):  # -> tuple[procxl.standards.Standard, ...]
        """The professional standards of `Профстандарты`, rebuilt from its rows."""
        from procxl import standards  # the parser lives there; the model holds only rows

        return standards.from_rows({k: getattr(r, k).text for k in _STANDARD_FIELDS}
                                   for r in self.standards)

    def position(self, name: str) -> Position | None:
        """The position that a name refers to (after normalising), or None."""
        return self.positions_by_key.get(text.fold(name))

    def department(self, name: str) -> Department | None:
        return self.departments_by_key.get(text.fold(name))

    def process(self, code: str) -> Process | None:
        return self.processes_by_code.get(text.clean(code))

    def sorted_processes(self) -> list[Process]:
        """The processes in natural code order (1, 1.2, 1.10, 2), malformed codes last."""
        return sorted(self.processes, key=lambda p: text.code_sort_key(p.code.text))
