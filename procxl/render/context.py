"""Render contexts: what every kind of document shares, as plain dicts.

Templates see only dicts, never the model: a template author needs to know the keys each
kind lists (`procxl.render.kinds.KINDS[kind].keys`), nothing of Python. Every value is text,
a number, a list or a dict of those; lists may be empty and texts may hold any characters
(the renderer escapes them). The kinds themselves are in :mod:`procxl.render.kinds`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from procxl import job_ad, pivots, schema, text
from procxl.checks.findings import ALL_POSITIONS, Finding, Level
from procxl.declension import genitive, genitive_or_override, in_sentence
from procxl.model import Organisation, Position, Process, ProfileRow, Vacancy
from procxl.qualification import qualification as position_qualification
from procxl.render.kind import Kind

STALE_ITEM_MARK = schema.STALE_ITEM_MARK

DATE_LINE = "«____» ______________ 20____ г."
SIGNATURE_LINE = "________________"
NAME_LINE = "________________"
DATE_NUMBER_LINE = "________________ № __________"
PROTOCOL_LINE = "протокол от ______________ № ______"

SECTION_KEYS: Mapping[str, str] = {
    "Общие знания": "general_knowledge",
    "Предметные знания": "subject_knowledge",
    "Навыки": "skills",
    "Личные качества": "qualities",
    "Ценности": "values",
    "Функциональные обязанности": "duties",
    "Области ответственности": "areas",
}
"""The context key of each profile section's items."""
assert tuple(SECTION_KEYS) == schema.PROFILE_SECTIONS

COMMON_KEYS = ("organisation", "approval_heading", "approver_title", "approver_name",
               "approver_signature", "approver_is_body", "protocol_line", "date_line",
               "signature_line", "position", "position_genitive", "department", "manager",
               "qualification")
"""The keys every kind's context has."""


@dataclass(frozen=True)
class Sources:
    """What the documents of each position draw on, grouped by position key once, so that
    an organisation of hundreds of positions is not searched again for every document."""

    duties: Mapping[str, list[pivots.Duty]]
    owned: Mapping[str, list[Process]]
    reports: Mapping[str, list[Position]]  # positions whose direct manager is the key's
    stands_in_for: Mapping[str, list[Position]]  # positions the key's position deputises
    profile_rows: Mapping[str, list[ProfileRow]]
    candidates: Mapping[str, list[pivots.ProfileCandidate]]  # of positions without rows
    vacancies: Mapping[str, Vacancy]

    @classmethod
    def of(cls, org: Organisation, *, profiles: bool = True,
           all_duties: Sequence[pivots.Duty] | None = None) -> Sources:
        """Group `org`; `profiles=False` skips the profile candidates (main documents only).
        `all_duties`, when the caller has `pivots.duties(org)` already, spares computing it."""
        all_duties = list(pivots.duties(org) if all_duties is None else all_duties)
        duties: dict[str, list[pivots.Duty]] = {}
        for duty in all_duties:
            duties.setdefault(text.fold(duty.position), []).append(duty)
        candidates = job_ad.candidates_without_rows(org, org.positions_by_key, all_duties) \
            if profiles else {}
        return cls(duties, pivots.owned_processes(org), _by_link(org, "manager"),
                   _by_link(org, "deputy"), job_ad.profile_rows_by_position(org), candidates,
                   job_ad.vacancies_by_position(org))


def _by_link(org: Organisation, field: str) -> dict[str, list[Position]]:
    """Positions grouped by the position their `field` cell names (the manager, say)."""
    found: dict[str, list[Position]] = {}
    for position in org.positions_by_key.values():
        linked = org.position(getattr(position, field).text)
        if linked is not None and linked is not position:
            found.setdefault(linked.name.key, []).append(position)
    return found


# Shared parts ----------------------------------------------------------------------------

def approval_context(org: Organisation, position: Position) -> dict[str, object]:
    """Who approves the position's documents: its own approver when `Должности` names one,
    else the organisation's. A body without a name (an общее собрание) approves by a
    decision recorded in minutes: «УТВЕРЖДЕНО решением …, протокол от … №»."""
    title, name = position.approver_title.text, position.approver_name.text
    if not (title or name):
        title, name = org.param("approver_title"), org.param("approver_name")
    body = bool(title) and not name
    return {
        "approval_heading": "УТВЕРЖДЕНО" if body else "УТВЕРЖДАЮ",
        "approver_title": f"решением {genitive(title)}" if body else title,
        "approver_name": name,
        "approver_signature": initials_and_surname(name),
        "approver_is_body": body,
        "protocol_line": PROTOCOL_LINE,
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


def signature_name(full_name: str) -> str:
    """The name beside a signature line in a signature table: initials and surname with an
    ordinary space, so that a surname too long for the column goes under its initials whole
    rather than being cut."""
    return initials_and_surname(full_name).replace("\u00a0", " ")


def position_context(org: Organisation, position: Position) -> dict[str, object]:
    """The position's names, its place in the organisation, its approver and the
    qualification it requires (each requirement a `{label, text}` pair, given ones only)."""
    return {
        "organisation": org.param("name"),
        **approval_context(org, position),
        "position": position.name.text,
        "position_genitive": position_genitive(position),
        "department": position.department.text,
        "manager": in_sentence(position.manager.text),  # it follows a colon
        "qualification": qualification(org, position),
    }


def position_genitive(position: Position) -> str:
    return genitive_or_override(position.name.text, position.genitive.text)


def qualification(org: Organisation, position: Position) -> list[dict[str, str]]:
    """`Образование`, `Опыт работы` and `Особые условия допуска` of the position (the
    professional standard's where its own cells are empty), as labelled lines; requirements
    not given are left out."""
    required = position_qualification(org, position)
    found = [("Образование", in_sentence(required.education)),
             ("Опыт работы", in_sentence(required.experience)),
             ("Особые условия допуска", joined(required.admission))]
    return [{"label": label, "text": value} for label, value in found if value]


def joined(items: Iterable[str]) -> str:
    """Items as one run of a sentence: `наряд-заказ; дефектная карта` (first letters lowered
    where they are not names or abbreviations)."""
    return "; ".join(in_sentence(item) for item in items if item)


# Position profile items (the profile and the vacancy) -----------------------------------

def profile_entries(org: Organisation, position: Position, sources: Sources
                    ) -> dict[str, list[job_ad.Item]]:
    """The profile's chosen items by section, with what a vacancy needs of each
    (:func:`procxl.job_ad.chosen_items`)."""
    return job_ad.chosen_items(org, sources.profile_rows.get(position.name.key, []),
                               sources.candidates.get(position.name.key, []))


def profile_items(org: Organisation, position: Position, sources: Sources
                  ) -> dict[str, list[str]]:
    """The wordings of the profile's chosen items by section (schema.PROFILE_SECTIONS order)."""
    return {section: [item.wording for item in items]
            for section, items in profile_entries(org, position, sources).items()}


# What errors block ------------------------------------------------------------------------

@dataclass(frozen=True)
class Blocked:
    """A document not made because of an error, and the error (Russian, names the cell)."""

    position: str
    reason: str


_SHEET_KEYS = {text.fold(s.name): s.key for s in schema.SHEETS}


ORGANISATION = ""
"""The key under which `blocked_documents` keeps what blocks the organisation's own papers
(no position's key is empty)."""


def blocked_documents(org: Organisation, findings: Iterable[Finding],
                      sheets_of: Mapping[Kind, frozenset[str]]
                      ) -> dict[tuple[str, Kind], Blocked]:
    """(position key, kind) → the first error that blocks that document.

    An error blocks a kind of document for the positions it touches when it stands on a
    sheet that kind draws on (`sheets_of`); an error on a sheet outside the standard (the
    file itself) blocks every kind. The organisation's own papers are blocked under the key
    `ORGANISATION` by any error on a sheet they draw on, whatever positions it touches.
    """
    blocked: dict[tuple[str, Kind], Blocked] = {}
    for finding in findings:
        if finding.level is not Level.ERROR:
            continue
        sheet = _SHEET_KEYS.get(text.fold(finding.sheet))
        kinds = [kind for kind, sheets in sheets_of.items() if sheet is None or sheet in sheets]
        for kind in kinds:
            blocked.setdefault((ORGANISATION, kind), Blocked("", _reason(finding)))
        if not finding.affects:
            continue
        keys = ([p.name.key for p in org.positions] if ALL_POSITIONS in finding.affects
                else finding.affects)
        for key in keys:
            position = org.positions_by_key.get(key)
            if position is None:
                continue
            for kind in kinds:
                blocked.setdefault((key, kind), Blocked(position.name.text, _reason(finding)))
    return blocked


def _reason(finding: Finding) -> str:
    where = f"лист «{finding.sheet}»"
    if finding.cell:
        where += f", ячейка {finding.cell}"
    return f"{finding.message} ({where}, правило {finding.rule})"
