"""What the assessment documents of one employee say: plain dicts from the model.

The three kinds — the questionnaire, the results and the development plan — are made for
each employee of `Сотрудники` (:func:`employee_subjects`) and share the header built here.
The assessment serves the employee's development: the documents say so in their own words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from procxl import assessment, schema, text
from procxl.assessment import Result, Scale, Summary, number_text
from procxl.model import Employee, Organisation, Position
from procxl.render.context import DATE_LINE, SIGNATURE_LINE, Sources, signature_name
from procxl.render.kind import Skip, Subject

PURPOSE = ("Цель оценки — развитие сотрудника: она показывает, какие знания, навыки и "
           "качества, нужные в должности, уже есть, а какие стоит развить, и служит основой "
           "индивидуального плана развития. Оценка не используется для решений об "
           "увольнении.")
"""What every assessment document says the assessment is for."""

HEADER_KEYS = ("organisation", "employee", "employee_signature", "number", "position",
               "department", "manager", "manager_signature", "purpose", "date",
               "signature_line", "date_line", "scale")
"""The keys every assessment document's context has."""

SELF_FILL, MANAGER_FILL, EMPTY_FILL = "9DC3E6", "2F5597", "FFFFFF"
"""The shades of the results' chart: self-assessment light, the manager's score dark."""


@dataclass(frozen=True)
class EmployeeData:
    """One employee's assessment, worked out once for all three documents."""

    employee: Employee
    label: str
    position: Position | None
    results: list[Result]


class _Assessed:
    """The employees' assessment data of one organisation, computed on first use: the
    planner builds three documents per employee from the same organisation."""

    def __init__(self) -> None:
        self._org: Organisation | None = None
        self._data: dict[int, EmployeeData] = {}
        self.items: list[assessment.Item] = []

    def of(self, org: Organisation, employee: Employee, sources: Sources) -> EmployeeData:
        if org is not self._org:
            self._org, self._data = org, {}
            self.items = assessment.assessed_items(org, candidates=sources.candidates)
            grouped = assessment.by_employee(assessment.results(org, self.items))
            for record, label in assessment.employee_labels(org):
                self._data[id(record)] = EmployeeData(
                    record, label, assessment.employee_position(org, record),
                    grouped.get(label, []))
        return self._data[id(employee)]


_ASSESSED = _Assessed()


def employee_data(org: Organisation, employee: Employee, sources: Sources) -> EmployeeData:
    """The employee's assessment: `sources` give the profile of a position without
    `Профили` rows, as its profile document takes it."""
    return _ASSESSED.of(org, employee, sources)


def employee_subjects(org: Organisation, positions: Sequence[Position]) -> Iterator[Subject]:
    """A document for each employee whose position is among `positions`, in the folder of
    that position's department; one whose position names no position is listed as skipped."""
    chosen = {p.name.key for p in positions}
    everyone = len(chosen) == len(org.positions_by_key)
    for employee, label in assessment.employee_labels(org):
        position = assessment.employee_position(org, employee)
        if position is None:
            if everyone:
                yield Subject(employee, label, None)
        elif position.name.key in chosen:
            yield Subject(employee, label, position.department.text, (position.name.key,))


def unplaced(data: EmployeeData) -> Skip | None:
    """Why no document is made for an employee whose position is unknown (A001 says more)."""
    if data.position is None:
        return Skip(f"у сотрудника нет должности с листа «{schema.POSITIONS.name}» "
                    f"(ячейка {data.employee.position.address})")
    return None


def header(org: Organisation, data: EmployeeData) -> dict[str, object]:
    """The employee, the position, the assessor, the purpose, the scale."""
    position = data.position
    assert position is not None
    dates = list(dict.fromkeys(r.row.date.text for r in data.results if r.row.date.text))
    scale = Scale.of(org)
    return {
        "organisation": org.param("name"),
        "employee": data.label,
        "employee_signature": signature_name(data.employee.name.text),
        "number": data.employee.number.text,
        "position": position.name.text,
        "department": position.department.text,
        "manager": data.employee.manager.text,
        "manager_signature": signature_name(data.employee.manager.text),
        "purpose": PURPOSE,
        "date": ", ".join(dates),
        "signature_line": SIGNATURE_LINE,
        "date_line": DATE_LINE,
        "scale": list(scale.levels),
    }


def boxes(scale: Scale) -> str:
    """The scale as boxes to tick by hand: «☐ 1   ☐ 2   ☐ 3   ☐ 4   ☐ 5»."""
    return "   ".join(f"☐ {n}" for n in scale.numbers)


def form_sections(org: Organisation, data: EmployeeData) -> list[dict[str, object]]:
    """The questionnaire's items by section: the items of the employee's profile."""
    assert data.position is not None
    items = [i for i in _ASSESSED.items if i.employee == data.label]
    mark = boxes(Scale.of(org))
    return [{"title": section,
             "items": [{"wording": i.wording, "boxes": mark} for i in items
                       if i.section == section]}
            for section in schema.ASSESSED_SECTIONS
            if any(i.section == section for i in items)]


def _level(value: float | None) -> str:
    return number_text(value) if value is not None else "—"


def chart_rows(org: Organisation, found: Sequence[Result]) -> list[dict[str, object]]:
    """The results as a chart of shaded cells: per item, a row for self-assessment and one
    for the manager, a cell per level of the scale filled up to the score, the required
    level marked with «●»."""
    scale = Scale.of(org)
    rows = []
    for result in found:
        scores = result.scores
        for who, value, fill in (("Самооценка", scores.self_score, SELF_FILL),
                                 ("Руководитель", scores.manager_score, MANAGER_FILL)):
            cells = [{"fill": fill if value is not None and n <= value else EMPTY_FILL,
                      "mark": "●" if scores.required == n else ""} for n in scale.numbers]
            rows.append({"wording": result.item.wording if who == "Самооценка" else "",
                         "who": who, "value": _level(value), "cells": cells,
                         "required": _level(scores.required) if who == "Самооценка" else ""})
    return rows


def results_context(org: Organisation, data: EmployeeData, summary: Summary
                    ) -> dict[str, object]:
    """Means by section, the chart by section, the blind spots, strengths and gaps."""
    sections = []
    for section in schema.ASSESSED_SECTIONS:
        found = [r for r in data.results if r.item.section == section]
        if not found:
            continue
        means = [assessment.mean([v for r in found if (v := pick(r)) is not None])
                 for pick in (lambda r: r.scores.required, lambda r: r.scores.self_score,
                              lambda r: r.scores.manager_score)]
        sections.append({"title": section, "rows": chart_rows(org, found),
                         "required": _level(means[0]), "self": _level(means[1]),
                         "manager": _level(means[2])})
    return {
        "sections": sections,
        "levels": [str(n) for n in Scale.of(org).numbers],
        "blind_spots": list(summary.blind_spots),
        "strengths": list(summary.strengths),
        "gaps": [f"{w} — {number_text(g)}" for w, g in summary.largest],
        "gap_count": summary.gaps,
    }


def plan_rows(org: Organisation, data: EmployeeData) -> list[dict[str, object]]:
    """The employee's `План развития` rows that still stand (not marked stale by update)."""
    own = text.fold(data.label)
    current = {r.item.key: r.scores for r in data.results}
    rows = []
    for row in org.plan:
        if row.employee.key != own or row.status.text:
            continue
        scores = current.get(assessment.assessment_key(row.employee.text, row.section.text,
                                                       row.wording.text))
        now = _level(scores.current) if scores else "—"
        needed = _level(scores.required) if scores else "—"
        rows.append({"section": row.section.text, "wording": row.wording.text,
                     "levels": f"сейчас {now}, нужно {needed}",
                     "activity": row.activity.text, "form": row.form.text,
                     "deadline": row.deadline.text, "responsible": row.responsible.text,
                     "result": row.result.text,
                     "done": "выполнено" if text.fold(row.done.text) == schema.YES else ""})
    return rows
