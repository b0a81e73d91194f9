"""`procxl update` on `Оценка` and `План развития`: the same merge rules as `Компетенции`.

- `Оценка` — one row per employee of `Сотрудники` and chosen item of their position's
  profile (sections Общие знания … Ценности). Rows are found by (employee, section,
  wording, each normalised) and stay where they are; procxl writes only its own cells
  (Должность, Разрыв, the note) and, once, the required level of a new row. A row whose
  item left the profile, or whose employee left `Сотрудники`, is kept with every score
  and gets a note. The rows of an employee whose position names no position are left as
  they are: the checker reports the position.
- `План развития` — one row per `Оценка` row with a positive gap, with a form of
  development proposed once by section. A row whose gap closed or went is kept and noted.
- A renamed employee: when a name with rows vanished from `Сотрудники` and exactly one new
  name of the same position appeared, the rows move to the new name, and the note says
  what it was. A renamed position is followed as `Компетенции` follows it.

Nothing is sorted, nothing deleted. A book without employees gets the three sheets empty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Protocol

from procxl import assessment, schema, text
from procxl.assessment import Item, Proposal, Scores, assessment_key
from procxl.model import AssessmentRow, Cell, Organisation, PlanRow

STALE_ITEM = "Пункта больше нет в профиле должности: строка сохранена с вашими оценками"
GONE_EMPLOYEE = "Сотрудника нет на листе «Сотрудники»: строка сохранена с вашими оценками"
CLOSED_GAP = "Разрыва больше нет: строка сохранена с вашими данными"
GONE_ROW = "Строки больше нет на листе «Оценка»: строка сохранена с вашими данными"
DUPLICATE_ROW = "Повтор: такая строка уже есть выше"
RENAMED_EMPLOYEE = "ФИО изменено, прежнее: «{old}»"
_RENAMED_MARK = RENAMED_EMPLOYEE.split("«", 1)[0]


ASSESSMENT_SHEETS = (schema.EMPLOYEES, schema.ASSESSMENT, schema.DEVELOPMENT_PLAN)
"""The sheets of the assessment: `procxl update` adds them, empty, to a book without them."""


class Editor(Protocol):
    """What the merge needs of a sheet editor (update's `_SheetEditor`)."""

    def set(self, row: int, key: str, value: object) -> bool: ...

    def append(self, values: Mapping[str, object]) -> int: ...


@dataclass(frozen=True)
class AssessmentChanges:
    """What the merge did to the two sheets."""

    added: int = 0
    marked: int = 0
    renamed: int = 0
    planned: int = 0


def has_assessment(org: Organisation) -> bool:
    """Whether the book assesses anyone: it has employees, or rows of `Оценка`."""
    return bool(org.employees or org.assessment or org.plan)


def merge_assessment(
    org: Organisation,
    editor: Callable[[schema.Sheet], Editor],
    renames: Mapping[str, str],
    kept_note: Callable[[str], str],
) -> tuple[list[Editor], AssessmentChanges]:
    """Merge `Оценка`, then `План развития`, into the book `editor` opens sheets of.

    `org` is what the book will say once `Профили` is merged; `renames` maps old position
    keys to new names; `kept_note` says which note of a row outlives a run (a position's
    old name). Returns the editors used, for the book's values as it will be saved.
    """
    items = assessment.assessed_items(org, renames)
    held = _held_employees(org, renames)
    moved = employee_renames(org, items, renames)
    sheet = editor(schema.ASSESSMENT)
    merged, changes = _merge_rows(sheet, org, items, moved, held, kept_note)
    plan = editor(schema.DEVELOPMENT_PLAN)
    proposed = assessment.proposals((m.item, m.scores) for m in merged)
    planned = _merge_plan(plan, org, proposed, moved, held, kept_note,
                          {m.item.key: m.scores for m in merged})
    return [sheet, plan], AssessmentChanges(changes.added, changes.marked, changes.renamed,
                                            planned)


def _held_employees(org: Organisation, renames: Mapping[str, str]) -> set[str]:
    """The keys of employees whose rows are left as they are: their position names no
    position (a typo, a position renamed in `Сотрудники` only): the checker says so."""
    return {text.fold(label) for employee, label in assessment.employee_labels(org)
            if assessment.employee_position(org, employee, renames) is None}


def employee_renames(org: Organisation, items: Sequence[Item],
                     renames: Mapping[str, str]) -> dict[str, str]:
    """Old employee key → new label, for employees renamed in `Сотрудники`: a name whose
    rows lost their employee, and a new name without rows, alone in the same position."""
    current = {text.fold(label) for _, label in assessment.employee_labels(org)}
    with_rows = {row.employee.key for row in org.assessment}
    new_by_position: dict[str, list[str]] = {}
    seen: set[str] = set()
    for item in items:
        key = text.fold(item.employee)
        if key not in with_rows and key not in seen:
            seen.add(key)
            new_by_position.setdefault(text.fold(item.position), []).append(item.employee)
    old_by_position: dict[str, set[str]] = {}
    for row in org.assessment:
        if row.employee.text and row.employee.key not in current:
            position = renames.get(row.position.key, row.position.text)
            old_by_position.setdefault(text.fold(position), set()).add(row.employee.key)
    moved = {}
    for position, old in old_by_position.items():
        new = new_by_position.get(position, [])
        if len(old) == 1 and len(new) == 1:
            moved[next(iter(old))] = new[0]
    return moved


@dataclass(frozen=True)
class _Merged:
    item: Item
    scores: Scores


@dataclass(frozen=True)
class _Counts:
    added: int
    marked: int
    renamed: int


def _note(status: Cell, kept_note: Callable[[str], str]) -> str:
    if status.text.startswith(_RENAMED_MARK):
        return status.text
    return kept_note(status.text)


def _key_and_note(sheet: Editor, row: AssessmentRow | PlanRow, moved: Mapping[str, str],
                  kept_note: Callable[[str], str]) -> tuple[tuple[str, str, str], str]:
    """The key a row stands for after an employee's rename (which this writes), and the note
    it keeps unless something new is to be said of it."""
    key = assessment_key(row.employee.text, row.section.text, row.wording.text)
    if key[0] not in moved:
        return key, _note(row.status, kept_note)
    new_name = moved[key[0]]
    sheet.set(row.row, "employee", new_name)
    return (assessment_key(new_name, key[1], key[2]),
            RENAMED_EMPLOYEE.format(old=row.employee.text))


def _merge_rows(sheet: Editor, org: Organisation, items: Sequence[Item],
                moved: Mapping[str, str], held: Set[str],
                kept_note: Callable[[str], str]) -> tuple[list[_Merged], _Counts]:
    fresh = {item.key: item for item in items}
    current = {text.fold(label) for _, label in assessment.employee_labels(org)}
    seen: dict[tuple[str, str, str], Scores] = {}
    marked = renamed = 0
    for row in org.assessment:
        key, status = _key_and_note(sheet, row, moved, kept_note)
        renamed += key[0] != row.employee.key
        item = fresh.get(key)
        scores = Scores.of(row)
        if key in seen:
            status = DUPLICATE_ROW
        elif item is None and key[0] in held:
            status = row.status.text
        elif item is None:
            status = STALE_ITEM if key[0] in current else GONE_EMPLOYEE
            marked += 1
        else:
            sheet.set(row.row, "position", item.position)
            seen[key] = scores
        sheet.set(row.row, "gap", assessment.gap_value(scores.gap))
        sheet.set(row.row, "status", status)
    required = assessment.required_default(org, assessment.Scale.of(org))
    added = 0
    merged = []
    for key, item in fresh.items():
        if key not in seen:
            sheet.append({"employee": item.employee, "position": item.position,
                          "section": item.section, "wording": item.wording,
                          "required": required})
            seen[key] = Scores(required, None, None)
            added += 1
        merged.append(_Merged(item, seen[key]))
    return merged, _Counts(added, marked, renamed)


def _merge_plan(sheet: Editor, org: Organisation, proposed: Sequence[Proposal],
                moved: Mapping[str, str], held: Set[str], kept_note: Callable[[str], str],
                assessed: Mapping[tuple[str, str, str], Scores]) -> int:
    fresh = {p.key: p for p in proposed}
    seen: set[tuple[str, str, str]] = set()
    for row in org.plan:
        key, status = _key_and_note(sheet, row, moved, kept_note)
        proposal = fresh.get(key)
        if key in seen:
            status = DUPLICATE_ROW
        elif proposal is None and key[0] in held:
            status = row.status.text
        elif proposal is None and key in assessed:
            status = CLOSED_GAP
            sheet.set(row.row, "gap", assessment.gap_value(assessed[key].gap))
        elif proposal is None:
            status = GONE_ROW
        else:
            sheet.set(row.row, "gap", assessment.gap_value(proposal.gap))
        seen.add(key)
        sheet.set(row.row, "status", status)
    added = 0
    for key, proposal in fresh.items():
        if key not in seen:
            sheet.append({"employee": proposal.employee, "section": proposal.section,
                          "wording": proposal.wording,
                          "gap": assessment.gap_value(proposal.gap), "form": proposal.form})
            added += 1
    return added
