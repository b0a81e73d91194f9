"""«Индивидуальный план развития»: the rows of `План развития` — the gap, the activity and
its form, the deadline, who is responsible, the expected result, the mark of completion —
signed by the employee, the manager and HR."""

from __future__ import annotations

from procxl.model import Employee, Organisation
from procxl.render import assessment_context as ac
from procxl.render.context import Sources
from procxl.render.kind import DocumentKind, Kind, Made, Skip
from procxl.render.kinds import profile
from procxl.render.kinds.employee_parts import employee_heading, last_rows_kept, signatures
from procxl.render.wordml import cell, header_row, looped_table, para, row, run, tag, widths_mm

KEYS = (*ac.HEADER_KEYS, "plan")
COLUMNS = ("№", "Что развить", "Мероприятие", "Срок", "Ответственный", "Ожидаемый результат",
           "Выполнено")


def build(org: Organisation, employee: Employee, sources: Sources) -> Made:
    """The plan; Skip while `План развития` has no row for the employee."""
    data = ac.employee_data(org, employee, sources)
    if (skip := ac.unplaced(data)) is not None:
        return skip
    plan = ac.plan_rows(org, data)
    if not plan:
        return Skip("план развития не сформирован: на листе «План развития» для сотрудника "
                    "нет строк (их предлагает «procxl update», когда есть разрыв)")
    return {**ac.header(org, data), "plan": plan}


def body() -> str:
    widths = widths_mm(8, 29, 31, 23, 35, 28, 0)

    def line(keep: bool) -> str:
        def text(value: str, bold: bool = False) -> str:
            return para(run(value, bold=bold), style="TableNarrow", keep_next=keep)
        return row(
            cell(widths[0], text("{{ loop.index }}")),
            cell(widths[1], text("{{ p.wording }}", bold=True),
                 text("{{ p.section }}: {{ p.levels }}")),
            cell(widths[2], text("{{ p.activity }}"), tag("if p.form", "TableNarrow"),
                 text("Форма: {{ p.form }}"), tag("endif", "TableNarrow")),
            cell(widths[3], text("{{ p.deadline }}")),
            cell(widths[4], text("{{ p.responsible }}")),
            cell(widths[5], text("{{ p.result }}")),
            cell(widths[6], text("{{ p.done }}")))
    return "".join([
        employee_heading("ИНДИВИДУАЛЬНЫЙ ПЛАН РАЗВИТИЯ"),
        para(run("План составлен по результатам оценки: каждое мероприятие сближает знания, "
                 "навыки и качества сотрудника с профилем его должности. Около 70 % развития "
                 "дают задания на рабочем месте, 20 % — наставничество и опыт коллег, 10 % — "
                 "обучение."), style="Normal"),
        looped_table(widths, header_row(widths, COLUMNS), "for p in plan",
                     "".join(last_rows_kept(line, widths))),
        signatures([("Сотрудник", "{{ employee_signature }}"),
                    ("Руководитель", "{{ manager_signature }}"),
                    ("Специалист по кадрам", "____________")]),
    ])


KIND = DocumentKind(
    kind=Kind.PLAN,
    title="Индивидуальный план развития",
    made_for="сотрудник",
    sheets=profile.KIND.sheets | {"employees", "assessment", "plan"},
    keys=KEYS,
    build=build,
    body=body,
    subjects=ac.employee_subjects,
    needs_profiles=True,
)
