"""«Результаты оценки»: what a manager reads at a glance — for each item, the required
level against the self-assessment and the manager's score as a chart of shaded cells, the
means by section, and the blind spots, hidden strengths and largest gaps named."""

from __future__ import annotations

from procxl import assessment
from procxl.model import Employee, Organisation
from procxl.render import assessment_context as ac
from procxl.render.context import Sources
from procxl.render.kind import DocumentKind, Kind, Made, Skip
from procxl.render.kinds import profile
from procxl.render.kinds.employee_parts import employee_heading, last_rows_kept, signatures
from procxl.render.wordml import (
    MM,
    TEXT_WIDTH,
    bullet_section,
    cell,
    dash_item,
    header_row,
    looped_table,
    para,
    plain,
    row,
    run,
    table,
    tag,
    tag_row,
    widths_mm,
)

KEYS = (*ac.HEADER_KEYS, "sections", "levels", "blind_spots", "strengths", "gaps",
        "gap_count")
MEANS = ("Раздел", "Требуется", "Самооценка", "Руководитель")


def build(org: Organisation, employee: Employee, sources: Sources) -> Made:
    """The results; Skip until the employee has a score."""
    data = ac.employee_data(org, employee, sources)
    if (skip := ac.unplaced(data)) is not None:
        return skip
    summary = assessment.summarise(data.label, data.position.name.text if data.position
                                   else "", data.results)
    if not summary.scored:
        return Skip("результаты не сформированы: на листе «Оценка» у сотрудника нет ни одной "
                    "оценки")
    return {**ac.header(org, data), **ac.results_context(org, data, summary)}


def _tag_cell(statement: str) -> str:
    """A cell holding a docxtpl column tag (`{%tc for … %}`), removed on render."""
    return cell(1, para(run("{%tc " + statement + " %}"), style="TableText"))


def chart() -> str:
    """Per item a row of self-assessment and a row of the manager's score, a cell per level
    of the scale (the columns repeat by level), shaded up to the score. An item's two rows
    are kept on one page (the manager's score never stands on a page without the item it
    scores), and the last item of the last section with the signatures below: they never
    stand on a page of their own, which a clerk would not take for signing."""
    level, needed, who = round(10 * MM), round(20 * MM), round(42 * MM)
    widths = [TEXT_WIDTH - who - 5 * level - needed, who]  # the wording takes what five
    # levels leave
    head = row(cell(widths[0], para(run("Пункт", bold=True), style="TableHead"), header=True),
               cell(widths[1], para(run("Кто оценил", bold=True), style="TableHead"),
                    header=True),
               _tag_cell("for n in levels"),
               cell(level, para(run("{{ n }}", bold=True), style="TableHead", align="center"),
                    header=True),
               _tag_cell("endfor"),
               cell(needed, para(run("Нужно", bold=True), style="TableHead"), header=True),
               header=True)

    def line(keep: bool) -> str:
        return row(
            cell(widths[0], para(run("{{ r.wording }}"), style="TableText", keep_next=keep)),
            cell(widths[1], para(run("{{ r.who }}: {{ r.value }}"), style="TableText",
                                 keep_next=keep)),
            _tag_cell("for c in r.cells"),
            cell(level, para(run("{% cellbg c.fill %}{{ c.mark }}"), style="TableText",
                             align="center", keep_next=keep)),
            _tag_cell("endfor"),
            cell(needed, para(run("{{ r.required }}"), style="TableText", align="center",
                              keep_next=keep)))

    grid = [*widths, 1, level, 1, needed]  # the levels' cells, between their column tags
    return table(grid, [head, tag_row("for r in s.rows", 6, grid),
                        *last_rows_kept(line, grid, "loop.index0 is even or last_section "
                                        "and loop.revindex <= 2"),
                        tag_row("endfor", 6, grid)])


def explained_list(heading: str, explanation: str, items: str) -> str:
    """A heading, a sentence on what the list means, and its items; left out when empty."""
    return "".join([
        tag(f"if {items}"),
        plain(heading, style="Heading1"),
        para(run(explanation), style="Normal"),
        tag(f"for item in {items}"),
        dash_item("{{ item }}"),
        tag("endfor"),
        tag("endif"),
    ])


def body() -> str:
    widths = widths_mm(70, 35, 35, 0)
    means = row(*(cell(w, para(run(v), style="TableText"))
                  for w, v in zip(widths, ("{{ s.title }}", "{{ s.required }}", "{{ s.self }}",
                                           "{{ s.manager }}"), strict=True)))
    return "".join([
        employee_heading("РЕЗУЛЬТАТЫ ОЦЕНКИ"),
        plain("Средний уровень по разделам", style="Heading1"),
        looped_table(widths, header_row(widths, MEANS), "for s in sections", means),
        tag("if gap_count"),
        para(run("Пунктов ниже требуемого уровня: {{ gap_count }}."), style="Normal"),
        tag("else"),
        para(run("Все оценённые пункты — на требуемом уровне или выше."), style="Normal"),
        tag("endif"),
        bullet_section("Самые большие разрывы (требуемый уровень минус оценка)", "gaps"),
        explained_list("Слепые зоны", "Сотрудник оценивает себя заметно выше, чем "
                       "руководитель. Стоит обсудить на примерах из работы, в чём расходятся "
                       "их взгляды.", "blind_spots"),
        explained_list("Скрытые сильные стороны", "Руководитель оценивает сотрудника заметно "
                       "выше, чем он сам себя: на эти сильные стороны можно опереться, "
                       "например, сделать сотрудника наставником.", "strengths"),
        plain("Оценка по пунктам", style="Heading1"),
        para(run("Светлые клетки — самооценка, тёмные — оценка руководителя; клетки "
                 "закрашены до поставленного уровня, «●» — требуемый уровень."),
             style="Normal"),
        tag("for s in sections"),
        tag("set last_section = loop.last"),
        para(run("{{ s.title }}", bold=True), style="NoIndent", keep_next=True),
        chart(),
        tag("endfor"),
        signatures([("Руководитель", "{{ manager_signature }}"),
                    ("С результатами ознакомлен(а)", "{{ employee_signature }}")]),
    ])


KIND = DocumentKind(
    kind=Kind.RESULTS,
    title="Результаты оценки",
    made_for="сотрудник",
    sheets=profile.KIND.sheets | {"employees", "assessment"},
    keys=KEYS,
    build=build,
    body=body,
    subjects=ac.employee_subjects,
    needs_profiles=True,
)

