"""«Анкета оценки»: the items of the employee's profile by section, the scale as boxes to
tick for self-assessment and for the manager, room for comments, and signatures."""

from __future__ import annotations

from procxl.model import Employee, Organisation
from procxl.render import assessment_context as ac
from procxl.render.context import Sources
from procxl.render.kind import DocumentKind, Kind, Made, Skip
from procxl.render.kinds import profile
from procxl.render.kinds.employee_parts import employee_heading, signatures
from procxl.render.wordml import (
    cell,
    dash_item,
    header_row,
    looped_table,
    para,
    plain,
    row,
    run,
    tag,
    widths_mm,
)

KEYS = (*ac.HEADER_KEYS, "sections")
COLUMNS = ("№", "Что оценивается", "Самооценка", "Оценка руководителя", "Комментарий")


def build(org: Organisation, employee: Employee, sources: Sources) -> Made:
    """The questionnaire; Skip when the profile has no item to assess yet."""
    data = ac.employee_data(org, employee, sources)
    if (skip := ac.unplaced(data)) is not None:
        return skip
    sections = ac.form_sections(org, data)
    if not sections:
        return Skip("анкета не сформирована: в профиле должности не выбран ни один пункт "
                    "знаний, навыков, качеств или ценностей (лист «Профили»)")
    return {**ac.header(org, data), "sections": sections}


def body() -> str:
    widths = widths_mm(9, 62, 34, 34, 0)
    item = row(cell(widths[0], para(run("{{ loop.index }}"), style="TableText")),
               cell(widths[1], para(run("{{ i.wording }}"), style="TableText")),
               cell(widths[2], para(run("{{ i.boxes }}"), style="TableText")),
               cell(widths[3], para(run("{{ i.boxes }}"), style="TableText")),
               cell(widths[4], para(style="TableText")))
    return "".join([
        employee_heading("АНКЕТА ОЦЕНКИ"),
        plain("Шкала оценки", style="Heading1"),
        tag("for level in scale"),
        dash_item("{{ level }}"),
        tag("endfor"),
        para(run("Отметьте по каждому пункту один уровень: сотрудник — в колонке "
                 "«Самооценка», руководитель — в колонке «Оценка руководителя». В "
                 "комментарии приведите пример из работы."), style="Normal"),
        tag("for s in sections"),
        para(run("{{ loop.index }}. {{ s.title }}"), style="Heading1", keep_next=True),
        looped_table(widths, header_row(widths, COLUMNS), "for i in s['items']", item),
        tag("endfor"),
        plain("Итоги", style="Heading1"),
        # the summary is kept on one page with the signatures below it
        para(run("Сильные стороны: ________________________________________________"),
             style="NoIndent", keep_next=True),
        para(run("Что развивать: ___________________________________________________"),
             style="NoIndent", keep_next=True),
        signatures([("Сотрудник", "{{ employee_signature }}"),
                    ("Руководитель", "{{ manager_signature }}")]),
    ])


KIND = DocumentKind(
    kind=Kind.ASSESSMENT,
    title="Анкета оценки",
    made_for="сотрудник",
    sheets=profile.KIND.sheets | {"employees"},
    keys=KEYS,
    build=build,
    body=body,
    subjects=ac.employee_subjects,
    needs_profiles=True,
)
