"""Template pieces the documents made for an employee share: the heading with the employee,
position and assessor, the purpose of the assessment, and the signature blocks."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from procxl.render.wordml import (
    cell,
    field_line,
    para,
    plain,
    row,
    run,
    table,
    tag,
    tag_row,
    widths_mm,
)


def employee_heading(title: str) -> str:
    """The organisation, the document's title over the employee, then who the employee is,
    who assesses, and what the assessment is for."""
    return "".join([
        para(run("{{ organisation }}", bold=True), style="NoIndent", align="center"),
        plain("", style="NoIndent"),
        plain(title, style="Title"),
        para(run("{{ employee }}"), style="Subtitle"),
        para(run("Должность: "), run("{{ position }}"), style="NoIndent"),
        field_line("Подразделение", "department"),
        field_line("Табельный номер", "number"),
        field_line("Руководитель (оценивает)", "manager"),
        tag("if date"),
        para(run("Дата оценки: "), run("{{ date }}"), style="NoIndent"),
        tag("else"),
        para(run("Дата оценки: {{ date_line }}"), style="NoIndent"),
        tag("endif"),
        plain("", style="NoIndent"),
        para(run("{{ purpose }}"), style="Normal"),
    ])


def signatures(roles: Sequence[tuple[str, str]]) -> str:
    """A signature line per role: the role, a line to sign on, the name, the date; the
    lines kept on one page with the paragraph above them. The role's words, the line and
    the date fit their columns whole («С результатами» on one line); the name's column has
    44 mm, 40.5 of them for text: «Д.А. Преображенская» stands on one line,
    «Константинопольский» under its initials."""
    widths = widths_mm(33, 38, 44, 0)

    def line(value: str, last: bool) -> str:
        return para(run(value), style="TableText", keep_next=not last)

    rows = [row(cell(widths[0], line(role, last)),
                cell(widths[1], line("{{ signature_line }}", last)),
                cell(widths[2], line(name, last)),
                cell(widths[3], line("{{ date_line }}", last)), height_mm=10)
            for index, (role, name) in enumerate(roles)
            for last in [index == len(roles) - 1]]
    return "".join([para(style="NoIndent", keep_next=True), table(widths, rows, borders=False)])


def last_rows_kept(line: Callable[[bool], str], widths: Sequence[int],
                   kept: str = "loop.last") -> list[str]:
    """The rows of a looped table that `line` makes, those for which `kept` holds kept on
    one page with what follows (`line(True)` sets their paragraphs to keep with the next):
    the last row with the signatures below the table, so that a signature block never
    stands on a page of its own."""
    return [tag_row(f"if {kept}", len(widths), widths), line(True),
            tag_row("else", len(widths), widths), line(False),
            tag_row("endif", len(widths), widths)]
