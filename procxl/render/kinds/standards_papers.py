"""The working group's papers for adopting professional standards, made for the organisation.

Four documents, each in the corner layout of ГОСТ Р 7.0.97 like the main document: the
order creating the working group (from `Рабочая группа` and `Организация`), the regulation
of the working group, the plan of measures (`План внедрения ПС`) and the list of positions
for which professional standards are mandatory (`Должности`: ТК РФ ст. 57 and 195.3). The
texts follow the method's stages in our own words. A paper whose sheet is empty is not made.
"""

from __future__ import annotations

from procxl import schema, standards, text
from procxl.declension import genitive, in_sentence
from procxl.model import GroupMember, Organisation, Position
from procxl.qualification import linked_function
from procxl.render.context import (
    DATE_LINE,
    DATE_NUMBER_LINE,
    SIGNATURE_LINE,
    Sources,
    initials_and_surname,
    signature_name,
)
from procxl.render.kind import DocumentKind, Kind, Made, Skip, organisation_subject
from procxl.render.kinds.employee_parts import last_rows_kept, signatures
from procxl.render.kinds.main_document import numbered
from procxl.render.wordml import (
    cell,
    header_row,
    looped_table,
    para,
    plain,
    row,
    run,
    tag,
    widths_mm,
)
from procxl.render.wordml import table as grid_table

CHAIR, MEMBER, SECRETARY = schema.GROUP_ROLES
ORDER_TITLE = "Приказ о рабочей группе по профстандартам"
REGULATION_TITLE = "Положение о рабочей группе по профстандартам"
PLAN_TITLE = "План внедрения профстандартов"
LIST_TITLE = "Перечень должностей с обязательными профстандартами"
"""The papers' names in file names and lists: short, as a folder shows them."""

COMMON = ("organisation", "place", "date_number_line", "date_line", "signature_line",
          "head_title", "head_signature", "approved_by_order")


def _common(org: Organisation) -> dict[str, object]:
    """What every paper shows: the organisation, the place, the head who signs it."""
    head = org.param("approver_title") or "Руководитель организации"
    return {
        "organisation": org.param("name"),
        "place": org.param("place") or org.param("city"),
        "date_number_line": DATE_NUMBER_LINE,
        "date_line": DATE_LINE,
        "signature_line": SIGNATURE_LINE,
        "head_title": head,
        "head_signature": initials_and_surname(org.param("approver_name")),
        "approved_by_order": f"приказом {genitive(head)}" if head else "приказом",
    }


def _members(org: Organisation) -> list[GroupMember]:
    return [m for m in org.working_group if m.name.text]


def _role(member: GroupMember) -> str:
    role = text.fold(member.role.text)
    for name in schema.GROUP_ROLES:
        if text.fold(name) == role:
            return name
    return MEMBER


def _person(member: GroupMember) -> str:
    """«начальник отдела кадров Иванова Мария Петровна»."""
    position = in_sentence(member.position.text) if member.position.text else ""
    return f"{position} {member.name.text}".strip()


def _group(org: Organisation) -> dict[str, object]:
    members = _members(org)
    by_role = {role: [m for m in members if _role(m) == role] for role in schema.GROUP_ROLES}
    return {
        "chair": "; ".join(_person(m) for m in by_role[CHAIR]),
        "chair_signature": signature_name(by_role[CHAIR][0].name.text) if by_role[CHAIR] else "",
        "secretary": "; ".join(_person(m) for m in by_role[SECRETARY]),
        "members": [_person(m) for m in by_role[MEMBER]],
        "size": len(members),
        "signers": [{"name": initials_and_surname(m.name.text), "position": m.position.text}
                    for m in members],
        "positions": list(dict.fromkeys(in_sentence(m.position.text) for m in members
                                        if m.position.text)),
    }


# The order -------------------------------------------------------------------------------

def build_order(org: Organisation, item: object, sources: Sources) -> Made:
    if not _members(org):
        return None
    group = _group(org)
    if not group["chair"]:
        return Skip("приказ о рабочей группе не сформирован: на листе «Рабочая группа» не "
                    f"указан {CHAIR.lower()}")
    name = org.param("name")
    clauses = [
        "Создать рабочую группу по внедрению профессиональных стандартов (далее — рабочая "
        "группа) в составе, указанном в пункте 2 настоящего приказа.",
        "Утвердить состав рабочей группы: " + "; ".join(
            [f"председатель — {group['chair']}",
             *([f"секретарь — {group['secretary']}"] if group["secretary"] else []),
             *([f"члены группы — {', '.join(group['members'])}"] if group["members"] else [])])
        + ".",
        "Утвердить Положение о рабочей группе (приложение 1).",
    ]
    if org.adoption_plan:
        clauses.append("Утвердить План мероприятий по внедрению профессиональных стандартов "
                       "(приложение 2).")
    clauses += [
        "Рабочей группе определить, по каким должностям применение профессиональных "
        "стандартов обязательно (статьи 57 и 195.3 Трудового кодекса Российской Федерации), "
        "провести функциональный анализ должностей и сравнить требования к квалификации "
        "работников с требованиями профессиональных стандартов.",
        f"{'Секретарю' if group['secretary'] else 'Председателю'} рабочей группы ознакомить "
        "её членов с настоящим приказом под подпись.",
        "Контроль за исполнением настоящего приказа оставляю за собой.",
    ]
    appendices = ["Положение о рабочей группе по внедрению профессиональных стандартов."]
    if org.adoption_plan:
        appendices.append("План мероприятий по внедрению профессиональных стандартов.")
    return {
        **_common(org),
        "preamble": (f"В целях поэтапного перехода {name} на применение профессиональных "
                     "стандартов (статьи 195.1–195.3 Трудового кодекса Российской Федерации)"
                     ","),
        "clauses": clauses,
        "appendices": appendices,
        **group,
    }


def _paper_head(title: str) -> str:
    """The organisation, the document's kind, date and number fields and place (ГОСТ Р 7.0.97:
    the requisites of an order, centred)."""
    return "".join([
        para(run("{{ organisation }}", bold=True), style="NoIndent", align="center"),
        plain("", style="NoIndent"),
        plain(title, style="Title"),
        para(run("{{ date_number_line }}"), style="NoIndent", align="center"),
        tag("if place"), para(run("{{ place }}"), style="NoIndent", align="center"),
        tag("endif"),
        plain("", style="NoIndent"),
    ])


def _signature() -> str:
    left, right = widths_mm(100, 0)
    return grid_table([left, right], [row(
        cell(left, para(run("{{ head_title }}"), style="NoIndent")),
        cell(right, para(run("{{ signature_line }} {{ head_signature }}"), style="NoIndent")),
    )], borders=False)


def _approved(appendix: str) -> str:
    """The approval mark of a paper the order approves: «Приложение 1 / УТВЕРЖДЕНО / приказом
    … / от … №»."""
    return "".join([
        para(run(appendix), style="Approval"),
        para(run("УТВЕРЖДЕНО"), style="Approval"),
        para(run("{{ approved_by_order }}"), style="Approval"),
        para(run("{{ organisation }}"), style="Approval"),
        para(run("от {{ date_number_line }}"), style="Approval"),
        plain("", style="NoIndent"),
    ])


def order_body() -> str:
    """The order; its list of those who sign that they have read it is kept on one page
    with its heading, so that no name stands alone over the page's edge (a list longer than
    a page still breaks, its heading row repeated)."""
    widths = widths_mm(70, 60, 0)

    def sign_row(kept: bool) -> str:
        return row(cell(widths[0], para(run("{{ s.name }}"), style="TableText", keep_next=kept)),
                   cell(widths[1], para(run("{{ s.position }}"), style="TableText",
                                        keep_next=kept)),
                   cell(widths[2], para(style="TableText", keep_next=kept)), height_mm=10)

    return "".join([
        _paper_head("ПРИКАЗ"),
        para(run("О создании рабочей группы по внедрению профессиональных стандартов",
                 bold=True), style="NoIndent"),
        plain("", style="NoIndent"),
        para(run("{{ preamble }}"), style="Normal"),
        para(run("ПРИКАЗЫВАЮ:"), style="NoIndent", keep_next=True),
        tag("for c in clauses"),
        numbered("{{ loop.index }}.", "{{ c }}"),
        tag("endfor"),
        plain("", style="NoIndent"),
        para(run("Приложения:"), style="NoIndent", keep_next=True),
        tag("for a in appendices"),
        numbered("{{ loop.index }}.", "{{ a }}"),
        tag("endfor"),
        plain("", style="NoIndent"),
        _signature(),
        plain("", style="NoIndent"),
        para(run("С приказом ознакомлены:"), style="NoIndent", keep_next=True),
        looped_table(widths, header_row(widths, ("Фамилия, инициалы", "Должность",
                                                 "Подпись, дата")),
                     "for s in signers",
                     "".join(last_rows_kept(sign_row, widths, "not loop.last"))),
    ])


def _people(count: int) -> str:
    """«5 человек», «1 человека», «21 человека» (after «из»)."""
    word = "человека" if count % 10 == 1 and count % 100 != 11 else "человек"
    return f"{count} {word}"


# The regulation ------------------------------------------------------------------------------

def build_regulation(org: Organisation, item: object, sources: Sources) -> Made:
    if not _members(org):
        return None
    group = _group(org)
    name = org.param("name")
    composition = (f"Рабочая группа состоит из {_people(group['size'])}. Её возглавляет "
                   "председатель; делопроизводство ведёт секретарь.")
    if group["positions"]:
        composition += (" В состав рабочей группы входят: " + ", ".join(group["positions"])
                        + ".")
    return {
        **_common(org),
        "sections": [
            {"title": "Общие положения", "clauses": [
                f"Настоящее Положение определяет задачи, состав и порядок работы рабочей "
                f"группы по внедрению профессиональных стандартов в {name} (далее — рабочая "
                "группа).",
                "Рабочая группа — временный коллегиальный орган, созданный приказом "
                "руководителя организации, чтобы организация поэтапно перешла на применение "
                "профессиональных стандартов.",
                "Рабочая группа руководствуется Трудовым кодексом Российской Федерации "
                "(статьи 57, 195.1–195.3), нормативными правовыми актами о применении "
                "профессиональных стандартов, настоящим Положением и Планом мероприятий по "
                "внедрению профессиональных стандартов.",
            ]},
            {"title": "Состав рабочей группы", "clauses": [
                composition,
                "Персональный состав рабочей группы утверждает приказом руководитель "
                "организации; он же вносит в него изменения.",
            ]},
            {"title": "Задачи и функции рабочей группы", "clauses": [
                "Определяет профессиональные стандарты, которые применяются в организации, "
                "и должности, по которым их применение обязательно (статьи 57 и 195.3 "
                "Трудового кодекса Российской Федерации).",
                "Проводит функциональный анализ должностей: сравнивает то, что работники "
                "делают в процессах организации, с трудовыми функциями профессиональных "
                "стандартов.",
                "Сравнивает требования к квалификации работников, установленные в "
                "организации, с требованиями профессиональных стандартов и готовит "
                "предложения о переименовании должностей и изменении документов.",
                "Определяет потребность работников в обучении и готовит предложения об "
                "оценке их квалификации.",
                "Контролирует выполнение Плана мероприятий по внедрению профессиональных "
                "стандартов и разъясняет работникам вопросы их применения.",
            ]},
            {"title": "Порядок работы", "clauses": [
                "Рабочая группа работает на заседаниях; заседание правомочно, если на нём "
                "присутствует больше половины её членов.",
                "Председатель открывает и ведёт заседания, подписывает документы рабочей "
                "группы и докладывает руководителю организации о ходе работы.",
                "Секретарь готовит материалы к заседаниям и ведёт их протоколы.",
                "Члены рабочей группы участвуют в заседаниях, голосуют по обсуждаемым "
                "вопросам и выполняют решения рабочей группы; вправе знакомиться с её "
                "материалами, вносить предложения и письменно излагать особое мнение.",
                "Решения принимаются большинством голосов присутствующих членов и "
                "оформляются протоколом; при равенстве голосов решает голос председателя.",
            ]},
            {"title": "Права рабочей группы", "clauses": [
                "Запрашивать у подразделений организации сведения и документы, нужные для "
                "её работы.",
                "Привлекать работников организации к выполнению отдельных поручений.",
                "Вносить руководителю организации предложения и проекты решений по "
                "вопросам внедрения профессиональных стандартов.",
            ]},
            {"title": "Заключительные положения", "clauses": [
                "Положение вступает в силу со дня его утверждения и действует до окончания "
                "работы рабочей группы или до замены новым положением.",
                "С Положением знакомят под подпись всех членов рабочей группы.",
            ]},
        ],
    }


def regulation_body() -> str:
    return "".join([
        _approved("Приложение 1"),
        para(run("{{ organisation }}", bold=True), style="NoIndent", align="center"),
        plain("", style="NoIndent"),
        plain("ПОЛОЖЕНИЕ", style="Title"),
        para(run("о рабочей группе по внедрению профессиональных стандартов"),
             style="Subtitle"),
        tag("for s in sections"),
        para(run("{{ loop.index }}. {{ s.title }}"), style="Heading1"),
        tag("set section = loop.index"),
        tag("for c in s.clauses"),
        numbered("{{ section }}.{{ loop.index }}.", "{{ c }}"),
        tag("endfor"),
        tag("endfor"),
    ])


# The plan ------------------------------------------------------------------------------------

def build_plan(org: Organisation, item: object, sources: Sources) -> Made:
    rows = [{"activity": p.activity.text, "deadline": p.deadline.text,
             "responsible": p.responsible.text, "criterion": p.criterion.text}
            for p in org.adoption_plan if p.activity.text]
    if not rows:
        return None
    return {**_common(org), "measures": rows}


def plan_body() -> str:
    widths = widths_mm(10, 70, 25, 35, 0)
    line = row(cell(widths[0], para(run("{{ loop.index }}"), style="TableText")),
               *(cell(w, para(run("{{ m." + key + " }}"), style="TableText"))
                 for w, key in zip(widths[1:], ("activity", "deadline", "responsible",
                                                "criterion"), strict=True)))
    return "".join([
        _approved("Приложение 2"),
        para(run("{{ organisation }}", bold=True), style="NoIndent", align="center"),
        plain("", style="NoIndent"),
        plain("ПЛАН МЕРОПРИЯТИЙ", style="Title"),
        para(run("по внедрению профессиональных стандартов"), style="Subtitle"),
        looped_table(widths, header_row(widths, ("№", "Мероприятие", "Срок", "Ответственный",
                                                 "Критерий выполнения")),
                     "for m in measures", line),
    ])


# The list of positions -----------------------------------------------------------------------

def _listed(org: Organisation, position: Position) -> dict[str, str]:
    standard, otf = linked_function(org, position)
    link = standards.parse_link(position.standard.text)
    if standard is not None:
        named = f"{standard.code} «{standard.name}»"
    else:
        named = link.standard if link is not None else position.standard.text
    level = text.clean(position.qualification_level.text) or (otf.level if otf else "")
    return {
        "position": position.name.text,
        "department": position.department.text,
        "standard": named,
        "otf": f"{otf.code} «{otf.name}»" if otf is not None else (link.otf if link else ""),
        "level": level,
        "basis": position.basis.text,
    }


def build_list(org: Organisation, item: object, sources: Sources) -> Made:
    rows = [_listed(org, p) for p in org.positions_by_key.values()
            if p.standard_mandatory.key == schema.YES]
    if not rows and not _members(org):
        return None
    return {**_common(org), "positions": rows, "chair_signature": _group(org)["chair_signature"],
            "conclusion": "" if rows else (
                f"Рабочая группа не выявила в {org.param('name')} должностей, с работой по "
                "которым закон связывает компенсации, льготы или ограничения либо "
                "устанавливает требования к квалификации. Требования профессиональных "
                "стандартов применяются в организации как основа для определения требований "
                "к квалификации работников (статья 195.3 Трудового кодекса Российской "
                "Федерации)."),
            "legal_basis": ("Перечень составлен по статьям 57 и 195.3 Трудового кодекса "
                            "Российской Федерации: для этих должностей с работой связаны "
                            "компенсации, льготы или ограничения либо требования к "
                            "квалификации установлены законом, поэтому их наименования и "
                            "требования к квалификации должны соответствовать "
                            "профессиональным стандартам.")}


def list_body() -> str:
    """The list: each heading word fits its column whole («Уровень» too), and the cells
    hyphenate the long words of the standards' names and of the legal grounds
    («инфокоммуникационной»), which no column of six on a portrait page holds."""
    widths = widths_mm(8, 34, 38, 42, 21, 0)
    keys = ("position", "standard", "otf", "level", "basis")

    def line(kept: bool) -> str:
        return row(cell(widths[0], para(run("{{ loop.index }}"), style="TableNarrow",
                                        keep_next=kept)),
                   *(cell(w, para(run("{{ p." + key + " }}"), style="TableNarrow",
                                  keep_next=kept))
                     for w, key in zip(widths[1:], keys, strict=True)))

    return "".join([
        para(run("{{ organisation }}", bold=True), style="NoIndent", align="center"),
        plain("", style="NoIndent"),
        plain("ПЕРЕЧЕНЬ", style="Title"),
        para(run("должностей, для которых применение профессиональных стандартов "
                 "обязательно"), style="Subtitle"),
        tag("if positions"),
        para(run("{{ legal_basis }}"), style="Normal"),
        plain("", style="NoIndent"),
        looped_table(widths, header_row(widths, ("№", "Должность", "Профстандарт",
                                                 "Обобщённая трудовая функция", "Уровень",
                                                 "Основание")),
                     "for p in positions", "".join(last_rows_kept(line, widths))),
        tag("else"),
        para(run("{{ conclusion }}"), style="Normal", keep_next=True),
        tag("endif"),
        signatures([("Председатель рабочей группы", "{{ chair_signature }}")]),
    ])


def _kind(kind: Kind, title: str, sheets: set[str], keys: tuple[str, ...], build, body
          ) -> DocumentKind:
    return DocumentKind(kind=kind, title=title, made_for="организация",
                        sheets=frozenset({"organisation", *sheets}), keys=(*COMMON, *keys),
                        build=build, body=body, subjects=organisation_subject)


ORDER = _kind(Kind.GROUP_ORDER, ORDER_TITLE, {"working_group", "adoption_plan"},
              ("preamble", "clauses", "appendices", "chair", "chair_signature", "secretary",
               "members", "size", "signers", "positions"), build_order, order_body)
REGULATION = _kind(Kind.GROUP_REGULATION, REGULATION_TITLE, {"working_group"}, ("sections",),
                   build_regulation, regulation_body)
PLAN = _kind(Kind.STANDARDS_PLAN, PLAN_TITLE, {"adoption_plan"}, ("measures",), build_plan,
             plan_body)
MANDATORY_LIST = _kind(Kind.MANDATORY_POSITIONS, LIST_TITLE, {"positions", "standards"},
                       ("positions", "legal_basis", "conclusion", "chair_signature"), build_list,
                       list_body)
KINDS = (ORDER, REGULATION, PLAN, MANDATORY_LIST)
