"""Render contexts: the model and its pivots as plain dicts, one per position and document kind.

Templates see only these dicts, never the model: a template author needs to know the keys
listed in `CONTEXT_KEYS`, nothing of Python. Every value is text, a number, a list or a dict of
those; lists may be empty and texts may hold any characters (the renderer escapes them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from procxl import pivots, schema, text
from procxl.checks.common import parse_number
from procxl.checks.findings import ALL_POSITIONS, Finding, Level
from procxl.checks.profiles import include_choice, standard_section
from procxl.checks.vacancies import discriminating_phrases
from procxl.declension import genitive_or_override
from procxl.model import Cell, Organisation, Position, ProfileRow, Vacancy

STALE_ITEM_MARK = schema.STALE_ITEM_MARK

DATE_LINE = "«____» ______________ 20____ г."
SIGNATURE_LINE = "________________"
ACKNOWLEDGEMENT_ROWS = 12
"""Blank rows of the acknowledgement sheet: staff sign one after another over the years."""


class Kind(StrEnum):
    """The kinds of documents, by the name `--kind` takes."""

    DUTIES = "duties"
    PROFILE = "profile"
    VACANCY = "vacancy"

    @property
    def title(self) -> str:
        """The document's Russian name, which starts its file name."""
        return _TITLES[self]


_TITLES = {
    Kind.DUTIES: "Должностные обязанности",
    Kind.PROFILE: "Профиль должности",
    Kind.VACANCY: "Вакансия",
}

_SECTION_KEYS = {
    "Общие знания": "general_knowledge",
    "Предметные знания": "subject_knowledge",
    "Навыки": "skills",
    "Личные качества": "qualities",
    "Ценности": "values",
    "Функциональные обязанности": "duties",
    "Области ответственности": "areas",
}
assert tuple(_SECTION_KEYS) == schema.PROFILE_SECTIONS

_COMMON_KEYS = ("organisation", "approver_title", "approver_name", "approver_signature",
                "date_line", "signature_line", "position", "position_genitive", "department",
                "manager")
CONTEXT_KEYS: dict[Kind, tuple[str, ...]] = {
    Kind.DUTIES: (*_COMMON_KEYS, "duties", "acknowledgement_rows"),
    Kind.PROFILE: (*_COMMON_KEYS, "sections", *_SECTION_KEYS.values()),
    Kind.VACANCY: (*_COMMON_KEYS, "title", "about", "city", "salary_from", "salary_to",
                   "salary_text", "experience", "experience_id", "schedule", "schedule_id",
                   "employment", "employment_id", "general_knowledge", "skills",
                   "subject_knowledge", "qualities", "values", "duties", "conditions",
                   "contacts"),
}
"""Every key each kind's context has: the placeholders a template may use."""


@dataclass(frozen=True)
class Sources:
    """What the documents of each position draw on, grouped by position key once, so that
    an organisation of hundreds of positions is not searched again for every document."""

    duties: Mapping[str, list[pivots.Duty]]
    profile_rows: Mapping[str, list[ProfileRow]]
    candidates: Mapping[str, list[pivots.ProfileCandidate]]
    vacancies: Mapping[str, Vacancy]

    @classmethod
    def of(cls, org: Organisation, *, profiles: bool = True) -> Sources:
        """Group `org`; `profiles=False` skips the profile candidates (duties only)."""
        all_duties = pivots.duties(org)
        duties: dict[str, list[pivots.Duty]] = {}
        for duty in all_duties:
            duties.setdefault(text.fold(duty.position), []).append(duty)
        rows: dict[str, list[ProfileRow]] = {}
        for row in org.profiles:
            position = org.position(row.position.text)
            if position is not None:
                rows.setdefault(position.name.key, []).append(row)
        candidates: dict[str, list[pivots.ProfileCandidate]] = {}
        for candidate in pivots.profile_candidates(org, all_duties) if profiles else ():
            candidates.setdefault(text.fold(candidate.position), []).append(candidate)
        return cls(duties, rows, candidates, vacancies_by_position(org))


@dataclass(frozen=True)
class Blocked:
    """A position whose documents are not made, and why (Russian, names the cell)."""

    position: str
    reason: str


# Shared parts ----------------------------------------------------------------------------

def organisation_context(org: Organisation) -> dict[str, object]:
    """What every document says of the organisation and its approver."""
    approver = org.param("approver_name")
    return {
        "organisation": org.param("name"),
        "approver_title": org.param("approver_title"),
        "approver_name": approver,
        "approver_signature": initials_and_surname(approver),
        "date_line": DATE_LINE,
        "signature_line": SIGNATURE_LINE,
    }


def initials_and_surname(full_name: str) -> str:
    """`Соколов Андрей Викторович` → `А.В. Соколов`, as a signature line shows a name.

    Names already written with initials, or not of three words, are kept as typed.
    """
    words = full_name.split()
    if len(words) != 3 or "." in full_name:
        return " ".join(words)
    surname, first, patronymic = words
    return f"{first[0]}.{patronymic[0]}.\u00a0{surname}"


def position_context(org: Organisation, position: Position) -> dict[str, object]:
    """The position's names and place in the organisation."""
    return {
        "position": position.name.text,
        "position_genitive": genitive_or_override(position.name.text, position.genitive.text),
        "department": position.department.text,
        "manager": position.manager.text,
    }


# Job duties -----------------------------------------------------------------------------

def duties_context(org: Organisation, position: Position, sources: Sources
                   ) -> dict[str, object]:
    """The context of `Должностные обязанности` for `position`."""
    own = sources.duties.get(position.name.key, [])
    return {
        **organisation_context(org),
        **position_context(org, position),
        "duties": [
            {
                "number": number,
                "code": duty.process_code,
                "process": duty.process_name,
                "functions": list(duty.functions),
                "goals": list(duty.goals),
                "results": list(duty.results),
                "indicators": list(duty.indicators),
            }
            for number, duty in enumerate(own, start=1)
        ],
        "acknowledgement_rows": list(range(1, ACKNOWLEDGEMENT_ROWS + 1)),
    }


# Position profile -----------------------------------------------------------------------

def profile_items(position: Position, sources: Sources) -> dict[str, list[str]]:
    """The profile's chosen items by section (schema.PROFILE_SECTIONS order).

    The `Профили` rows of the position decide when it has any: rows with `Включить` = да or
    empty, except items `procxl update` marked as no longer following from the processes
    and nobody confirmed. A position without rows there (the book was never updated) gets
    what `procxl update` would propose: every candidate.
    """
    sections: dict[str, list[str]] = {section: [] for section in schema.PROFILE_SECTIONS}
    seen: set[tuple[str, str]] = set()

    def add(section: str, wording: str) -> None:
        key = (section, text.fold(wording))
        if section in sections and wording and key not in seen:
            seen.add(key)
            sections[section].append(wording)

    rows = sources.profile_rows.get(position.name.key, [])
    if rows:
        for row in rows:
            if _chosen(row):
                add(standard_section(row.section) or "", text.clean(row.wording.text))
    else:
        for candidate in sources.candidates.get(position.name.key, []):
            add(candidate.section, candidate.wording)
    return sections


def _chosen(row: ProfileRow) -> bool:
    choice = include_choice(row.include)
    if choice is None or not choice:
        return False
    return bool(row.include.text) or not row.status.text.startswith(STALE_ITEM_MARK)


def profile_context(org: Organisation, position: Position, sources: Sources
                    ) -> dict[str, object]:
    """The context of `Профиль должности`: the seven sections, each a title and its items."""
    items = profile_items(position, sources)
    return {
        **organisation_context(org),
        **position_context(org, position),
        "sections": [{"title": section, "items": items[section]}
                     for section in schema.PROFILE_SECTIONS],
        **{_SECTION_KEYS[section]: items[section] for section in schema.PROFILE_SECTIONS},
    }


# Vacancy --------------------------------------------------------------------------------

def vacancy_context(org: Organisation, position: Position, sources: Sources
                    ) -> dict[str, object] | None:
    """The context of `Вакансия`: the profile's items and the `Вакансии` row's terms; None
    when the position is not listed in `Вакансии`.

    Items naming sex, age or family status are left out whatever a cell says: Russian law
    forbids such requirements in a vacancy (the checker reports them too).
    """
    vacancy = sources.vacancies.get(position.name.key)
    if vacancy is None:
        return None
    items = {section: _lawful(found)
             for section, found in profile_items(position, sources).items()}
    salary_from = _salary(vacancy.salary_from)
    salary_to = _salary(vacancy.salary_to)
    return {
        **organisation_context(org),
        **position_context(org, position),
        "title": position.name.text,
        "about": org.param("about"),
        "city": vacancy.city.text or org.param("city"),
        "salary_from": salary_from,
        "salary_to": salary_to,
        "salary_text": salary_text(salary_from, salary_to),
        **_choice("experience", vacancy.experience, schema.HH_EXPERIENCE),
        **_choice("schedule", vacancy.schedule, schema.HH_SCHEDULE),
        **_choice("employment", vacancy.employment, schema.HH_EMPLOYMENT),
        **{_SECTION_KEYS[section]: items[section] for section in schema.PROFILE_SECTIONS
           if section != "Области ответственности"},
        "conditions": _lawful(text.clean(c.text) for c in vacancy.conditions if c.text),
        "contacts": vacancy.contacts.text,
    }


def _lawful(items: Iterable[str]) -> list[str]:
    return [item for item in items if not discriminating_phrases(item)]


def _salary(cell: Cell) -> int | None:
    number = parse_number(cell)
    return int(number) if number is not None and number > 0 else None


def salary_text(low: int | None, high: int | None) -> str:
    """`от 80 000 до 120 000 руб.`, `от 80 000 руб.`, `до 120 000 руб.` or ''."""
    parts = []
    if low is not None:
        parts.append(f"от {_thousands(low)}")
    if high is not None:
        parts.append(f"до {_thousands(high)}")
    return " ".join(parts) + " руб." if parts else ""


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def _choice(key: str, cell: Cell, ids: dict[str, str]) -> dict[str, object]:
    """The words typed and the hh.ru id they map to (None when they map to none)."""
    folded = {text.fold(words): hh_id for words, hh_id in ids.items()}
    return {key: cell.text, f"{key}_id": folded.get(text.fold(cell.text))}


# What is built --------------------------------------------------------------------------

def blocked_positions(org: Organisation, findings: Iterable[Finding]) -> dict[str, Blocked]:
    """Positions (by matching key) whose documents errors block, with the first reason."""
    blocked: dict[str, Blocked] = {}
    for finding in findings:
        if finding.level is not Level.ERROR or not finding.affects:
            continue
        keys = ([p.name.key for p in org.positions] if ALL_POSITIONS in finding.affects
                else finding.affects)
        for key in keys:
            position = org.positions_by_key.get(key)
            if position is not None and key not in blocked:
                blocked[key] = Blocked(position.name.text, _reason(finding))
    return blocked


def _reason(finding: Finding) -> str:
    where = f"лист «{finding.sheet}»"
    if finding.cell:
        where += f", ячейка {finding.cell}"
    return f"{finding.message} ({where}, правило {finding.rule})"


def vacancies_by_position(org: Organisation) -> dict[str, Vacancy]:
    """The `Вакансии` row of each position (by matching key); the first of repeats wins."""
    found: dict[str, Vacancy] = {}
    for vacancy in org.vacancies:
        position = org.position(vacancy.position.text)
        if position is not None:
            found.setdefault(position.name.key, vacancy)
    return found
