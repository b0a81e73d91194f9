"""«Должностные обязанности» (or «Должностная инструкция»): the position's main document.

Every section of Russian practice, in order: общие положения, должностные обязанности,
права, ответственность, взаимоотношения (and условия работы when there are clauses for
them); the visas and the acknowledgement sheet. What follows from the processes is derived
here: the functions of each process the position performs, with its goals, results and
indicators; the duties of the owner of each process it owns; the areas of responsibility;
from whom it receives what and to whom it hands what. What processes do not give comes
from the `Положения` sheet (or the general clauses of :mod:`procxl.clauses` when a book has
no such sheet).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from procxl import clauses, schema, text
from procxl.declension import in_sentence
from procxl.model import Cell, Organisation, Position, Process
from procxl.pivots import Duty
from procxl.qualification import qualification as position_qualification
from procxl.render.context import (
    COMMON_KEYS,
    DATE_LINE,
    DATE_NUMBER_LINE,
    NAME_LINE,
    SIGNATURE_LINE,
    Sources,
    initials_and_surname,
    joined,
    position_context,
    position_genitive,
    qualification,
)
from procxl.render.kind import DocumentKind, Kind, Made, Skip
from procxl.render.wordml import (
    approval_block,
    cell,
    header_row,
    items_in_cell,
    looped_table,
    para,
    plain,
    row,
    run,
    tag,
    widths_mm,
)
from procxl.render.wordml import table as grid_table

ACKNOWLEDGEMENT_ROWS = 12
"""Blank rows of the acknowledgement sheet: staff sign one after another over the years."""
ACKNOWLEDGEMENT_COLUMNS = ("№", "Фамилия, имя, отчество", "Подпись", "Дата ознакомления")
INTERACTION_COLUMNS = ("Процесс", "Получает", "Передаёт")

_ACKNOWLEDGED_WITH = {
    text.fold(schema.MAIN_DOCUMENT_KINDS[0]): "с должностными обязанностями",
    text.fold(schema.MAIN_DOCUMENT_KINDS[1]): "с должностной инструкцией",
}
_VISA_NAME = re.compile(r"\s+[—–-]\s+")
_IN_CLAUSE = {"Особые условия допуска": "Особые условия допуска к работе"}
"""How a qualification requirement is named inside the general provisions' sentence."""

KEYS = (*COMMON_KEYS, "document_title", "document_heading", "date_number_line", "place",
        "general", "performed", "owned", "rights", "responsibility", "interactions",
        "conditions", "visas", "acknowledgement_title", "acknowledgement_rows")


def title_of(org: Organisation) -> str:
    """`Вид документа` when it names one of the kinds the standard knows, else the guide's
    «Должностные обязанности»."""
    wanted = text.fold(org.param("document_kind"))
    for kind in schema.MAIN_DOCUMENT_KINDS:
        if text.fold(kind) == wanted:
            return kind
    return schema.MAIN_DOCUMENT_KINDS[0]


# The context ------------------------------------------------------------------------------

def build(org: Organisation, position: Position, sources: Sources) -> Made:
    """The context of the position's main document, or why it is not made."""
    performed = sources.duties.get(position.name.key, [])
    owned = sources.owned.get(position.name.key, [])
    if not performed and not owned:
        return Skip(f"документ «{title_of(org)}» не сформирован: должность не участвует ни "
                    "в одном процессе (лист «Исполнители») и не владеет ни одним (лист "
                    "«Процессы»)")
    fields = clause_fields(org, position)
    chosen = chosen_clauses(org, position)
    title = title_of(org)

    def section(name: str) -> list[str]:
        return [resolved for clause in chosen.get(name, [])
                if (resolved := resolve(clause, fields)) is not None]

    return {
        **position_context(org, position),
        "document_title": title,
        "document_heading": title.upper(),
        "date_number_line": DATE_NUMBER_LINE,
        "place": org.param("place") or org.param("city"),
        "general": [*general_provisions(org, position, sources), *section(clauses.GENERAL)],
        "performed": [_performed(duty) for duty in performed],
        "owned": [_owned(process) for process in owned],
        "rights": [*section(clauses.RIGHTS), *_owner_rights(owned)],
        "responsibility": [*section(clauses.RESPONSIBILITY),
                           *_areas(position, performed, owned)],
        "interactions": [_interaction(org, position, duty) for duty in performed],
        "conditions": section(clauses.CONDITIONS),
        "visas": visas(org),
        "acknowledgement_title": (f"{_ACKNOWLEDGED_WITH[text.fold(title)]} "
                                  f"{position_genitive(position)}"),
        "acknowledgement_rows": list(range(1, ACKNOWLEDGEMENT_ROWS + 1)),
    }


def standard_sentence(org: Organisation, position: Position) -> str:
    """Which professional standard and ОТФ the position follows, with the code of the
    function for the СЗВ-ТД / ЕФС-1 report; '' when `Профстандарт` names no imported ОТФ."""
    required = position_qualification(org, position)
    if required.standard is None or required.otf is None:
        return ""
    return (f"Должность соответствует профессиональному стандарту {required.standard.code} "
            f"«{required.standard.name}», обобщённая трудовая функция {required.otf.code} "
            f"«{required.otf.name}», уровень квалификации {required.level} (код выполняемой "
            f"функции для сведений о трудовой деятельности — {required.function_code}).")


def general_provisions(org: Organisation, position: Position, sources: Sources) -> list[str]:
    """What `Должности` says of the position: its place, who manages it and whom it
    manages, the qualification it requires, who stands in for it and for whom it does."""
    found = [f"Должность входит в подразделение «{position.department.text}»."
             if position.department.text else ""]
    if position.manager.text:
        found[0] += f" Непосредственный руководитель — {in_sentence(position.manager.text)}."
    reports = sources.reports.get(position.name.key, [])
    if reports:
        found.append("В подчинении: " + ", ".join(in_sentence(p.name.text) for p in reports)
                     + ".")
    requirements = [f"{in_sentence(_IN_CLAUSE.get(q['label'], q['label']))} — {q['text']}"
                    for q in qualification(org, position)]
    if requirements:
        found.append("Требования к квалификации: " + "; ".join(requirements) + ".")
    if (standard := standard_sentence(org, position)):
        found.append(standard)
    deputy = org.position(position.deputy.text)
    if deputy is not None:
        found.append("На время отсутствия работника (отпуск, болезнь, командировка) его "
                     f"обязанности исполняет {in_sentence(deputy.name.text)} с "
                     "соответствующими правами и ответственностью.")
    else:
        found.append("На время отсутствия работника (отпуск, болезнь, командировка) его "
                     "обязанности исполняет работник, назначенный в порядке, принятом в "
                     "организации.")
    for other in sources.stands_in_for.get(position.name.key, []):
        found.append(f"На время отсутствия {position_genitive(other)} исполняет его "
                     "обязанности.")
    return [line for line in found if line]


def _performed(duty: Duty) -> dict[str, object]:
    return {
        "code": duty.process_code,
        "process": duty.process_name,
        "functions": [sentence(f) for f in duty.functions],
        "goals": joined(duty.goals),
        "results": joined(duty.results),
        "indicators": joined(duty.indicators),
    }


def _owned(process: Process) -> dict[str, object]:
    return {
        "code": text.clean(process.code.text),
        "process": process.name.text,
        "goals": joined(item.text for item in process.goals),
        "indicators": joined(item.text for item in process.indicators),
    }


def _owner_rights(owned: list[Process]) -> list[str]:
    if not owned:
        return []
    names = ", ".join(f"«{p.name.text}» ({text.clean(p.code.text)})" for p in owned)
    noun = "процесс" if len(owned) == 1 else "процессы"
    return [f"Изменять и совершенствовать {noun}, владельцем которых является: {names}; "
            "устанавливать порядок их выполнения и требовать его соблюдения от "
            "исполнителей."]


def _areas(position: Position, performed: list[Duty], owned: list[Process]) -> list[str]:
    """The indicators of the processes owned and performed and the position's own
    `Дополнительные области ответственности`, each once, as one clause."""
    items: dict[str, str] = {}
    for process in owned:
        for item in process.indicators:
            items.setdefault(item.key, item.text)
    for duty in performed:
        for indicator in duty.indicators:
            items.setdefault(text.fold(indicator), indicator)
    for item in position.extra_areas:
        items.setdefault(item.key, item.text)
    if not items:
        return []
    return ["За состояние показателей процессов, которыми владеет и в которых участвует, и "
            f"своих областей ответственности: {joined(items.values())}."]


def _interaction(org: Organisation, position: Position, duty: Duty) -> dict[str, object]:
    """From whom the holder receives what in one process, and to whom he hands what."""
    process = org.process(duty.process_code)
    assert process is not None  # a duty is made only of a process that exists
    owner = org.position(process.owner.text)
    return {
        "code": duty.process_code,
        "process": duty.process_name,
        "owner": owner.name.text if owner is not None and owner is not position else "",
        "receives": [item.text for item in process.resources if item.text],
        "suppliers": _parties(org, position, process.suppliers),
        "hands": list(duty.results),
        "clients": _parties(org, position, process.clients),
    }


def _parties(org: Organisation, position: Position, cells: Iterable[Cell]) -> str:
    """Suppliers or clients as names, as typed (names keep their capitals): `; `-joined."""
    return "; ".join(filter(None, (_party(org, position, c.text) for c in cells if c.text)))


def _party(org: Organisation, position: Position, name: str) -> str:
    """A supplier or client as the document names it: a position with its department, a
    department as such, anyone else (a client, a supplier outside) as typed; '' for the
    holder himself."""
    other = org.position(name)
    if other is not None:
        if other is position:
            return ""
        department = other.department.text
        return f"{other.name.text} ({department})" if department and "(" not in department \
            else f"{other.name.text}, {department}".rstrip(", ")
    department = org.department(name)
    if department is not None:
        return f"{department.name.text} (подразделение)"
    return name


def visas(org: Organisation) -> list[dict[str, str]]:
    """The visas of `Согласует: должности`: a position, and the name when it is written
    after a dash («Юрисконсульт — Петров Иван Сергеевич»)."""
    found = []
    for item in org.param_items("visas"):
        title, name = (*_VISA_NAME.split(item, maxsplit=1), "")[:2]
        found.append({"title": title.strip(),
                      "signature": initials_and_surname(name.strip()) or NAME_LINE,
                      "signature_line": SIGNATURE_LINE, "date_line": DATE_LINE})
    return found


def sentence(item: str) -> str:
    """An item as a clause: capitalised as typed and ending with a full stop."""
    item = text.clean(item).rstrip(";,")
    return item if item.endswith((".", "!", "?", "…")) else item + "."


# The clauses of `Положения` ---------------------------------------------------------------

def clause_fields(org: Organisation, position: Position) -> dict[str, str]:
    """The value of each field a clause may name (schema.CLAUSE_FIELDS) for `position`."""
    deputy = org.position(position.deputy.text)
    values = {
        "должность": position.name.text,
        "должность_рп": position_genitive(position),
        "подразделение": position.department.text,
        "руководитель": in_sentence(position.manager.text),
        "замещает": in_sentence(deputy.name.text) if deputy is not None else "",
        "организация": org.param("name"),
    }
    assert set(values) == set(schema.CLAUSE_FIELDS)
    return values


def resolve(clause: str, fields: dict[str, str]) -> str | None:
    """The clause with its fields filled in; None when it names a field that is empty for
    this position (the clause would not make sense) — the checker reports unknown ones."""
    missing = False

    def fill(match: re.Match[str]) -> str:
        nonlocal missing
        value = fields.get(clauses.field_key(match.group(1)))
        if value is None:
            return match.group(0)
        missing = missing or not value
        return value

    resolved = clauses.FIELD.sub(fill, text.clean(clause))
    return None if missing or not resolved else resolved


def chosen_clauses(org: Organisation, position: Position) -> dict[str, list[str]]:
    """The clause texts of each section (schema.CLAUSE_SECTIONS) for `position`.

    General rows (no position) serve every position; a row for the position is added to
    them, or, when any of its rows in a section says «заменить», the position's own rows
    stand instead of the general ones in that section. A book without `Положения` gets the
    general clauses procxl ships; an empty sheet means no clauses.
    """
    if not org.has_sheet(schema.CLAUSES.key):
        return _grouped((section, text) for section, text in clauses.DEFAULT_CLAUSES)
    general: list[tuple[str, str]] = []
    own: list[tuple[str, str]] = []
    replaced: set[str] = set()
    for clause in org.clauses:
        section = clauses.section_named(clause.section.text)
        if section is None or not clause.text.text:
            continue
        if not clause.position.text:
            general.append((section, clause.text.text))
        elif org.position(clause.position.text) is position:
            own.append((section, clause.text.text))
            if text.fold(clause.action.text) == schema.REPLACE:
                replaced.add(section)
    return _grouped([*((s, t) for s, t in general if s not in replaced), *own])


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for section, clause in pairs:
        grouped.setdefault(section, []).append(clause)
    return grouped


# The default template -------------------------------------------------------------------

def numbered(number: str, value: str, style: str = "Normal") -> str:
    return para(run(number + " "), run(value), style=style)


def clause_list(section: int, key: str, lead: str = "") -> str:
    """A section's clauses, numbered `3.1.`, `3.2.` …, after an optional lead line."""
    return "".join([
        *([para(run(lead), style="Normal", keep_next=True)] if lead else []),
        tag(f"for c in {key}"),
        numbered(f"{section}.{{{{ loop.index }}}}.", "{{ c }}"),
        tag("endfor"),
    ])


def heading(number: int, title: str) -> str:
    return plain(f"{number}. {title}", style="Heading1")


def document_head() -> str:
    """The organisation, the document's name, date and number fields and place on the left;
    the approval block on the right (the corner layout of ГОСТ Р 7.0.97)."""
    left, right = widths_mm(88, 0)
    return "".join([
        grid_table([left, right], [row(
            cell(left,
                 para(run("{{ organisation }}", bold=True), style="NoIndent"),
                 plain("", style="NoIndent"),
                 para(run("{{ document_heading }}", bold=True), style="NoIndent"),
                 para(run("{{ date_number_line }}"), style="NoIndent"),
                 tag("if place"), para(run("{{ place }}"), style="NoIndent"), tag("endif")),
            cell(right, approval_block(style="NoIndent")),
        )], borders=False),
        plain("", style="NoIndent"),
        para(run("{{ position_genitive }}", bold=True), style="Subtitle"),
    ])


def duties_section() -> str:
    """Section 2: the functions of each process performed, with what they are for; then
    the duties of the owner of each process owned."""
    return "".join([
        heading(2, "Должностные обязанности"),
        tag("for d in performed"),
        tag("set n = loop.index"),
        para(run("2.{{ n }}. "), run("В процессе «{{ d.process }}» ({{ d.code }}):", bold=True),
             style="Normal", keep_next=True),
        tag("for f in d.functions"),
        numbered("2.{{ n }}.{{ loop.index }}.", "{{ f }}"),
        tag("endfor"),
        *(tag(f"if d.{key}") + para(run(f"{label}: ", bold=True), run("{{ d." + key + " }}."),
                                    style="Note") + tag("endif")
          for key, label in (("goals", "Для чего (цели процесса)"), ("results", "Результаты"),
                             ("indicators", "Показатели"))),
        tag("endfor"),
        tag("for o in owned"),
        tag("set n = performed|length + loop.index"),
        para(run("2.{{ n }}. "),
             run("Как владелец процесса «{{ o.process }}» ({{ o.code }}):", bold=True),
             style="Normal", keep_next=True),
        numbered("2.{{ n }}.1.", "Обеспечивает достижение целей процесса"
                 "{% if o.goals %}: {{ o.goals }}{% endif %}."),
        numbered("2.{{ n }}.2.", "Отвечает за показатели процесса"
                 "{% if o.indicators %}: {{ o.indicators }}{% endif %}."),
        numbered("2.{{ n }}.3.", "Организует выполнение процесса, обеспечивает его ресурсами "
                 "и исполнителями, анализирует результаты и совершенствует процесс."),
        tag("endfor"),
    ])


def interactions_section() -> str:
    widths = widths_mm(50, 65, 0)
    body = row(
        cell(widths[0], para(run("{{ i.process }} ({{ i.code }})"), style="TableText"),
             tag("if i.owner", "TableText"),
             para(run("Владелец: "), run("{{ i.owner }}"), style="TableText"),
             tag("endif", "TableText")),
        cell(widths[1], items_in_cell("r", "i.receives"),
             tag("if i.suppliers", "TableText"),
             para(run("От кого: ", bold=True), run("{{ i.suppliers }}"), style="TableText"),
             tag("endif", "TableText")),
        cell(widths[2], items_in_cell("h", "i.hands"),
             tag("if i.clients", "TableText"),
             para(run("Кому: ", bold=True), run("{{ i.clients }}"), style="TableText"),
             tag("endif", "TableText")),
    )
    return "".join([
        heading(5, "Взаимоотношения (связи по должности)"),
        tag("if interactions"),
        numbered("5.1.", "Получает и передаёт в процессах, в которых участвует:",
                 style="Normal"),
        looped_table(widths, header_row(widths, INTERACTION_COLUMNS), "for i in interactions",
                     body),
        numbered("5.2.", "По вопросам, не описанным в процессах, взаимодействует с "
                 "непосредственным руководителем и другими работниками организации в пределах "
                 "своих полномочий."),
        tag("else"),
        numbered("5.1.", "Взаимодействует с непосредственным руководителем, исполнителями "
                 "процессов, которыми владеет, и другими работниками организации в пределах "
                 "своих полномочий."),
        tag("endif"),
    ])


def visas_block() -> str:
    return "".join([
        tag("for v in visas"),
        plain("", style="NoIndent"),
        para(run("СОГЛАСОВАНО"), style="NoIndent", keep_next=True),
        para(run("{{ v.title }}"), style="NoIndent", keep_next=True),
        para(run("{{ v.signature_line }} {{ v.signature }}"), style="NoIndent",
             keep_next=True),
        para(run("{{ v.date_line }}"), style="NoIndent"),
        tag("endfor"),
    ])


def acknowledgement_sheet() -> str:
    widths = widths_mm(10, 80, 40, 0)
    sign_row = row(cell(widths[0], para(run("{{ n }}"), style="TableText")),
                   *(cell(w, para(style="TableText")) for w in widths[1:]), height_mm=10)
    return "".join([
        plain("ЛИСТ ОЗНАКОМЛЕНИЯ", style="Title", page_break_before=True),
        para(run("{{ acknowledgement_title }}"), style="Subtitle"),
        plain("", style="NoIndent"),
        looped_table(widths, header_row(widths, ACKNOWLEDGEMENT_COLUMNS),
                     "for n in acknowledgement_rows", sign_row),
    ])


def body() -> str:
    return "".join([
        document_head(),
        heading(1, "Общие положения"),
        clause_list(1, "general"),
        duties_section(),
        heading(3, "Права"),
        clause_list(3, "rights", "Работник имеет право:"),
        heading(4, "Ответственность"),
        clause_list(4, "responsibility", "Работник несёт ответственность:"),
        interactions_section(),
        tag("if conditions"),
        heading(6, "Условия работы"),
        clause_list(6, "conditions"),
        tag("endif"),
        visas_block(),
        acknowledgement_sheet(),
    ])


KIND = DocumentKind(
    kind=Kind.DUTIES,
    title=schema.MAIN_DOCUMENT_KINDS[0],
    made_for="должность",
    sheets=frozenset({"organisation", "departments", "positions", "processes", "performers",
                      "clauses"}),
    keys=KEYS,
    build=build,
    body=body,
    title_of=title_of,
)
"""The main document. Its files are named as `Вид документа` says; its template keeps the
kind's name «Должностные обязанности.docx», so that a restyled template is found either way."""
