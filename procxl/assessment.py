"""The assessment as pure functions of the model: the scale, who is assessed on what, the
gaps, blind spots and hidden strengths, the development plan's proposals and the team's
summary.

The guide ends its chain here: the profile of a position is the basis of a questionnaire
that assesses the employee's knowledge, skills and qualities, and of an individual plan
that brings the employee closer to the profile. Nothing here reads or writes a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from procxl import job_ad, schema, text
from procxl.model import AssessmentRow, Cell, Employee, Organisation, Position
from procxl.pivots import ProfileCandidate

FORM_BY_SECTION = {
    "Общие знания": "Обучение",
    "Предметные знания": "Наставничество",
    "Навыки": "Задание на рабочем месте",
    "Личные качества": "Наставничество",
    "Ценности": "Наставничество",
}
"""The form of development procxl proposes for a gap, by section (the 70/20/10 model): the
foundation of a speciality is learnt in training, the company's own knowledge from those
who have it, skills by doing tasks on the job, qualities and values beside a mentor."""
assert set(FORM_BY_SECTION) == set(schema.ASSESSED_SECTIONS)
assert set(FORM_BY_SECTION.values()) <= set(schema.DEVELOPMENT_FORMS)

DIFFERENCE = 2
"""How many levels apart the self-assessment and the manager's score must be for a blind
spot (self above the manager) or a hidden strength (the manager above self)."""

LARGEST = 3
"""How many of an employee's largest gaps the summary names."""

_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)")


# The scale ------------------------------------------------------------------------------------

def level_numbers(levels: Sequence[str]) -> tuple[int, ...]:
    """The number of each level of a scale: the number a level starts with («4 — уверенно»),
    or its place in the list (from 1) when it starts with none."""
    numbers = []
    for place, level in enumerate(levels, 1):
        match = _LEADING_NUMBER.match(level)
        number = match.group(1).replace(",", ".") if match else ""
        numbers.append(int(float(number)) if number and float(number).is_integer() else place)
    return tuple(numbers)


@dataclass(frozen=True, slots=True)
class Scale:
    """The assessment scale of an organisation: each level's text and number."""

    levels: tuple[str, ...]
    numbers: tuple[int, ...]

    @classmethod
    def of(cls, org: Organisation) -> Scale:
        """The scale `Шкала оценки` gives, or the default one when it gives none."""
        levels = org.param_items("scale") or schema.DEFAULT_SCALE
        return cls(tuple(levels), level_numbers(levels))

    @property
    def lowest(self) -> int:
        return min(self.numbers)

    @property
    def highest(self) -> int:
        return max(self.numbers)

    def holds(self, value: float) -> bool:
        """Whether `value` is a level of the scale."""
        return value in self.numbers

    def label(self, number: float) -> str:
        """The text of the level `number`, or the number itself when no level has it."""
        for level, own in zip(self.levels, self.numbers, strict=True):
            if own == number:
                return level
        return number_text(number)

    def described(self) -> str:
        """The levels for a hint: «1 — не владеет; …; 5 — эксперт, учит других»."""
        return "; ".join(self.levels)


def number_text(value: float) -> str:
    """A level or a mean as people write it: 4, 3,5."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def score(cell: Cell) -> float | None:
    """The level a score cell gives: a number, or the level's text from the scale («4 — …»);
    None when it is empty or says no number."""
    if not cell.text:
        return None
    match = _LEADING_NUMBER.match(cell.text)
    return float(match.group(1).replace(",", ".")) if match else None


def required_default(org: Organisation, scale: Scale) -> int:
    """The level every item requires unless the `Оценка` row says otherwise."""
    given = score(Cell(org.param("required_level"), "", 0, None))
    if given is not None and scale.holds(given):
        return int(given)
    if scale.holds(schema.DEFAULT_REQUIRED_LEVEL):
        return schema.DEFAULT_REQUIRED_LEVEL
    return scale.highest


# Employees ---------------------------------------------------------------------------------

def employee_labels(org: Organisation) -> list[tuple[Employee, str]]:
    """Each employee with a name and the label their `Оценка` rows carry: the name, and the
    personnel number beside it when another employee has the same name."""
    counts: dict[str, int] = {}
    for employee in org.employees:
        counts[employee.name.key] = counts.get(employee.name.key, 0) + 1
    found = []
    for employee in org.employees:
        if not employee.name.text:
            continue
        label = employee.name.text
        if counts[employee.name.key] > 1 and employee.number.text:
            label = f"{label} (таб. № {employee.number.text})"
        found.append((employee, label))
    return found


def employee_position(org: Organisation, employee: Employee,
                      renames: Mapping[str, str] | None = None) -> Position | None:
    """The position an employee holds, following a position renamed in `Должности`
    (`renames`: old position key → new name); None when it names no position."""
    position = org.position(employee.position.text)
    if position is None and renames and employee.position.key in renames:
        position = org.position(renames[employee.position.key])
    return position


def assessment_key(employee: str, section: str, wording: str) -> tuple[str, str, str]:
    """The key of an `Оценка` or `План развития` row: employee, section, wording, normalised."""
    return text.fold(employee), text.fold(section), text.fold(wording)


# What each employee is assessed on -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Item:
    """One item an employee is assessed on: a chosen item of their position's profile."""

    employee: str  # the label of employee_labels
    position: str
    section: str  # one of schema.ASSESSED_SECTIONS
    wording: str

    @property
    def key(self) -> tuple[str, str, str]:
        return assessment_key(self.employee, self.section, self.wording)


def assessed_items(org: Organisation, renames: Mapping[str, str] | None = None,
                   candidates: Mapping[str, Sequence[ProfileCandidate]] | None = None
                   ) -> list[Item]:
    """Every employee × chosen profile item of the assessed sections, employees in the order
    of `Сотрудники`, items in the profile's order. Employees whose position is unknown give
    none (the checker reports them). A position without `Профили` rows yet (the book was
    never updated) is assessed on its `candidates` (position key → profile candidates),
    as its profile is, or on nothing when none are given."""
    rows_of = job_ad.profile_rows_by_position(org)
    candidates = candidates or {}
    items = []
    for employee, label in employee_labels(org):
        position = employee_position(org, employee, renames)
        if position is None:
            continue
        chosen = job_ad.chosen_items(org, rows_of.get(position.name.key, []),
                                     candidates.get(position.name.key, ()))
        for section in schema.ASSESSED_SECTIONS:
            items += [Item(label, position.name.text, section, entry.wording)
                      for entry in chosen[section]]
    return items


# Scores and gaps ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Scores:
    """What an `Оценка` row says: the levels required, self-assessed and given by the
    manager (None where a cell is empty or says no number)."""

    required: float | None
    self_score: float | None
    manager_score: float | None

    @classmethod
    def of(cls, row: AssessmentRow) -> Scores:
        return cls(score(row.required), score(row.self_score), score(row.manager_score))

    @property
    def current(self) -> float | None:
        """The level the employee has: the manager's score, or self-assessment without it."""
        return self.manager_score if self.manager_score is not None else self.self_score

    @property
    def gap(self) -> float | None:
        """The required level minus the current one; None when either is missing."""
        if self.required is None or self.current is None:
            return None
        return self.required - self.current

    @property
    def blind_spot(self) -> bool:
        """Self-assessment well above the manager's score: what the employee does not see."""
        return (self.self_score is not None and self.manager_score is not None
                and self.self_score - self.manager_score >= DIFFERENCE)

    @property
    def hidden_strength(self) -> bool:
        """The manager's score well above self-assessment: a strength the employee
        underrates."""
        return (self.self_score is not None and self.manager_score is not None
                and self.manager_score - self.self_score >= DIFFERENCE)


def gap_value(gap: float | None) -> int | float | None:
    """A gap as the `Разрыв` cell holds it: a whole number as an int."""
    if gap is None:
        return None
    return int(gap) if float(gap).is_integer() else round(gap, 2)


@dataclass(frozen=True, slots=True)
class Result:
    """One assessed item of one employee with its scores."""

    item: Item
    scores: Scores
    row: AssessmentRow


def live_rows(org: Organisation, items: Iterable[Item]) -> dict[tuple[str, str, str],
                                                               AssessmentRow]:
    """The `Оценка` row of each item, by its key; the first of repeated rows wins."""
    wanted = {item.key for item in items}
    found: dict[tuple[str, str, str], AssessmentRow] = {}
    for row in org.assessment:
        key = assessment_key(row.employee.text, row.section.text, row.wording.text)
        if key in wanted:
            found.setdefault(key, row)
    return found


def results(org: Organisation, items: Sequence[Item] | None = None) -> list[Result]:
    """Each assessed item that has its `Оценка` row, with the row's scores, in item order."""
    items = assessed_items(org) if items is None else items
    rows = live_rows(org, items)
    return [Result(item, Scores.of(rows[item.key]), rows[item.key])
            for item in items if item.key in rows]


# The development plan ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Proposal:
    """A `План развития` row procxl proposes: an item below the required level."""

    employee: str
    section: str
    wording: str
    gap: float
    form: str

    @property
    def key(self) -> tuple[str, str, str]:
        return assessment_key(self.employee, self.section, self.wording)


def proposals(found: Iterable[tuple[Item, Scores]]) -> list[Proposal]:
    """A plan row for each assessed item with a positive gap, with the form its section
    suggests."""
    return [Proposal(item.employee, item.section, item.wording, gap,
                     FORM_BY_SECTION[item.section])
            for item, scores in found if (gap := scores.gap) is not None and gap > 0]


# One employee's results, and the team's summary ----------------------------------------------

@dataclass(frozen=True)
class Summary:
    """One employee's assessment at a glance."""

    employee: str
    position: str
    averages: dict[str, float | None]  # by section: the mean current level
    required: float | None
    gaps: int
    largest: tuple[tuple[str, float], ...]  # wording and gap, largest first
    blind_spots: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    scored: int = 0  # items with a current level
    items: int = 0
    dates: tuple[str, ...] = field(default=())  # the dates of the assessment, as typed


def mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def summarise(employee: str, position: str, found: Sequence[Result]) -> Summary:
    """The summary of one employee's results."""
    averages = {}
    for section in schema.ASSESSED_SECTIONS:
        levels = [r.scores.current for r in found if r.item.section == section]
        averages[section] = mean([level for level in levels if level is not None])
    required = mean([r.scores.required for r in found if r.scores.required is not None])
    gaps = [(r.item.wording, gap) for r in found
            if (gap := r.scores.gap) is not None and gap > 0]
    largest = tuple(sorted(gaps, key=lambda g: -g[1])[:LARGEST])
    return Summary(
        employee, position, averages, required, len(gaps), largest,
        tuple(r.item.wording for r in found if r.scores.blind_spot),
        tuple(r.item.wording for r in found if r.scores.hidden_strength),
        sum(1 for r in found if r.scores.current is not None), len(found),
        tuple(dict.fromkeys(r.row.date.text for r in found if r.row.date.text)),
    )


def by_employee(found: Iterable[Result]) -> dict[str, list[Result]]:
    """Results grouped by the employee's label, in order."""
    grouped: dict[str, list[Result]] = {}
    for result in found:
        grouped.setdefault(result.item.employee, []).append(result)
    return grouped


def team_summary(org: Organisation) -> list[Summary]:
    """A summary for every employee with at least one score, in the order of `Сотрудники`."""
    summaries = []
    for label, found in by_employee(results(org)).items():
        summary = summarise(label, found[0].item.position, found)
        if summary.scored:
            summaries.append(summary)
    return summaries
