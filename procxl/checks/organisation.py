"""Organisation rules: departments as responsibility centres, their hierarchy and the staff list."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from procxl import schema, text
from procxl.checks.common import code_key, parse_number, per_organisation, usable
from procxl.checks.findings import Draft, Level, at
from procxl.checks.names import meant_department, meant_key, meant_position
from procxl.checks.registry import rule
from procxl.model import Cell, Department, Organisation, Position, Process, ValueKind

POSITIONS = schema.POSITIONS
DEPARTMENTS = schema.DEPARTMENTS
PERFORMERS = schema.PERFORMERS


def _positions(org: Organisation) -> Iterator[Position]:
    """The named positions of the register, the first of duplicates only."""
    for key, position in org.positions_by_key.items():
        if key:
            yield position


def _departments(org: Organisation) -> Iterator[Department]:
    for key, department in org.departments_by_key.items():
        if key:
            yield department


@per_organisation
def _performing(org: Organisation) -> frozenset[str]:
    """The positions (matching keys) named as a performer of any process."""
    return frozenset({meant_key(p.position.text) for p in org.performers if p.position.key})


def _members(org: Organisation) -> dict[str, list[Position]]:
    """The positions of each department, by the department's matching key."""
    found: dict[str, list[Position]] = defaultdict(list)
    for position in _positions(org):
        department = meant_department(org, position.department.text)
        if department is not None:
            found[department.name.key].append(position)
    return found


def _quoted(names: list[str]) -> str:
    return ", ".join(f"«{n}»" for n in names)


@rule("O001", Level.WARNING)
def position_without_processes(org: Organisation) -> Iterator[Draft]:
    """Должность не выполняет ни одного процесса

    Что проверяется: каждая должность с листа «Должности» хотя бы раз указана исполнителем на
    листе «Исполнители».
    Почему это важно: должностные обязанности составляются из процессов, которые выполняет
    должность. Без них документ получится пустым. Владение процессом обязанностей не даёт:
    владелец отвечает за цели, а обязанности складываются из функций исполнителя.
    Как исправить: добавьте на лист «Исполнители» строки с этой должностью и процессами, в
    которых она участвует. Если должности больше нет, удалите её с листа «Должности».
    """
    performing = _performing(org)
    owned_by: dict[str, list[str]] = defaultdict(list)  # process codes by owner
    for process in org.processes:
        owned_by[process.owner.key].append(process.code.text)
    for position in _positions(org):
        if position.name.key in performing:
            continue
        message = (f"Должность «{position.name.text}» не указана исполнителем ни одного "
                   "процесса: её должностные обязанности будут пустыми.")
        owned = owned_by.get(position.name.key)
        if owned:
            message += (f" Она владелец процессов {', '.join(owned)}, но владельцу обязанности "
                        "по процессу не назначаются, пока он не указан среди исполнителей.")
        yield at(
            position.name,
            message,
            f"Добавьте на лист «{PERFORMERS.name}» строки с должностью «{position.name.text}» "
            "и кодами процессов, которые она выполняет. Если должности больше нет, удалите её "
            f"строку с листа «{POSITIONS.name}».",
        )


def _subtree(org: Organisation, top: Department) -> list[Department]:
    """The department and every department below it (a cycle is walked once)."""
    children: dict[str, list[Department]] = defaultdict(list)
    for department in _departments(org):
        parent = meant_department(org, department.parent.text)
        if parent is not None:
            children[parent.name.key].append(department)
    found, queue, seen = [], [top], {top.name.key}
    while queue:
        department = queue.pop()
        found.append(department)
        for child in children[department.name.key]:
            if child.name.key not in seen:
                seen.add(child.name.key)
                queue.append(child)
    return found


@rule("O002", Level.NOTE)
def department_without_processes(org: Organisation) -> Iterator[Draft]:
    """Подразделение не участвует ни в одном процессе

    Что проверяется: в каждом подразделении (вместе с входящими в него подразделениями) есть
    должность, которая выполняет хотя бы один процесс.
    Почему это важно: по методике подразделение — центр ответственности, который обслуживает
    процессы. Подразделение без исполнителей процессов либо лишнее, либо его функции ещё не
    описаны в процессах.
    Как исправить: укажите на листе «Исполнители» должности этого подразделения исполнителями
    процессов, которые оно обслуживает, или удалите подразделение, если его больше нет.
    """
    performing = _performing(org)
    members = _members(org)
    for department in _departments(org):
        below = _subtree(org, department)
        staff = [p for d in below for p in members[d.name.key]]
        if any(p.name.key in performing for p in staff):
            continue
        name = department.name.text
        if not staff:
            nested = " ни в него, ни во входящие в него подразделения" if len(below) > 1 else ""
            message = (f"В подразделении «{name}» нет ни одной должности: на листе "
                       f"«{POSITIONS.name}» ни одна должность не отнесена к нему{nested}.")
            hint = (f"Укажите подразделение «{name}» у его должностей на листе "
                    f"«{POSITIONS.name}» или удалите подразделение, если его больше нет.")
        else:
            listed = _quoted([p.name.text for p in staff])
            message = (f"Ни одна должность подразделения «{name}» ({listed}) не выполняет "
                       "процессов: центр ответственности не обслуживает ни одного процесса.")
            hint = (f"Добавьте на лист «{PERFORMERS.name}» строки с этими должностями и "
                    "процессами, которые обслуживает подразделение.")
        yield at(department.name, message, hint)


def _label(process: Process) -> str:
    return f"{process.code.text} «{process.name.text}»" if process.name.text else process.code.text


def _placed(org: Organisation, position_name: Cell) -> bool:
    """Whether a position is in the register and belongs to a known department."""
    position = meant_position(org, position_name.text)
    return position is not None and meant_department(org, position.department.text) is not None


@rule("O003", Level.WARNING)
def process_without_responsibility_centre(org: Organisation) -> Iterator[Draft]:
    """«Ничейный» процесс: ни один исполнитель не относится к подразделению

    Что проверяется: у каждого процесса, для которого указаны исполнители, хотя бы одна
    должность-исполнитель относится к подразделению с листа «Подразделения».
    Почему это важно: методика требует, чтобы за каждым процессом стоял центр
    ответственности. Если ни один исполнитель не входит в известное подразделение, процесс
    «ничейный»: непонятно, какое подразделение его обслуживает и отвечает за результат.
    Как исправить: укажите на листе «Должности» подразделения исполнителей процесса или
    назначьте исполнителем должность из подразделения, которое должно отвечать за процесс.
    """
    performers: dict[str, list[Cell]] = defaultdict(list)
    for performer in org.performers:
        if usable(performer.process_code) and performer.position.key:
            performers[code_key(performer.process_code.text)].append(performer.position)
    seen: set[str] = set()
    for process in org.processes:
        code = code_key(process.code.text)
        if not usable(process.code) or code in seen or not performers[code]:
            continue
        seen.add(code)
        names = list(dict.fromkeys(cell.text for cell in performers[code]))
        if any(_placed(org, cell) for cell in performers[code]):
            continue
        yield at(
            process.name if process.name.text else process.code,
            f"Процесс {_label(process)} — «ничейный»: ни один из исполнителей "
            f"({_quoted(names)}) не относится к подразделению с листа «{DEPARTMENTS.name}».",
            f"Укажите на листе «{POSITIONS.name}» подразделение для этих должностей или "
            f"назначьте на листе «{PERFORMERS.name}» исполнителем должность из подразделения, "
            "которое отвечает за процесс.",
        )


def find_cycles(up: Mapping[str, str]) -> list[list[str]]:
    """The cycles of a graph where each node has at most one edge up, each listed once."""
    done: set[str] = set()
    cycles = []
    for start in up:
        path: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in done and node not in path:
            path[node] = len(path)
            node = up.get(node)
        if node is not None and node in path:
            cycles.append(list(path)[path[node]:])
        done.update(path)
    return cycles


_Ranked = TypeVar("_Ranked", Department, Position)


def _cycles(
    records: list[_Ranked],
    up_of: Callable[[_Ranked], Cell],
    resolve: Callable[[str], _Ranked | None],
) -> Iterator[list[_Ranked]]:
    """Each cycle of a hierarchy (name -> the name above), starting from its topmost row."""
    by_key = {r.name.key: r for r in records}
    up: dict[str, str] = {}
    for record in records:
        target = resolve(up_of(record).text)
        if target is not None:
            up[record.name.key] = target.name.key
    for cycle in find_cycles(up):
        members = [by_key[key] for key in cycle]
        start = min(range(len(members)), key=lambda i: members[i].row)
        yield members[start:] + members[:start]


@dataclass(frozen=True, slots=True)
class _Hierarchy:
    """How the findings about one hierarchy's cycles speak; `{column}` and `{name}` are filled."""

    link: str  # the column key of the link up
    alone: str  # message: a record linked to itself
    several: str  # message, before the chain
    fix_alone: str
    fix_several: str


_DEPARTMENT_TREE = _Hierarchy(
    "parent",
    "Подразделение «{name}» указано вышестоящим для самого себя.",
    "Подразделения подчинены друг другу по кругу (стрелка ведёт к вышестоящему)",
    "Укажите в колонке «{column}» подразделение, в которое входит «{name}», или оставьте "
    "ячейку пустой, если это подразделение верхнего уровня.",
    "В колонке «{column}» у одного из этих подразделений укажите настоящее вышестоящее "
    "подразделение; у подразделения верхнего уровня ячейка пустая.",
)
_MANAGER_TREE = _Hierarchy(
    "manager",
    "Должность «{name}» указана непосредственным руководителем самой себя.",
    "Должности подчинены друг другу по кругу (стрелка ведёт к руководителю)",
    "Укажите в колонке «{column}» настоящего руководителя должности «{name}» или оставьте "
    "ячейку пустой, если это руководитель верхнего уровня.",
    "В колонке «{column}» у одной из этих должностей укажите настоящего руководителя; у "
    "руководителя верхнего уровня ячейка пустая.",
)


def _cycle_drafts(
    sheet: schema.Sheet,
    tree: _Hierarchy,
    records: list[_Ranked],
    resolve: Callable[[str], _Ranked | None],
    affects_of: Callable[[list[_Ranked]], set[str]],
) -> Iterator[Draft]:
    """A finding at the link up of each cycle's topmost record, naming the cycle link by link."""
    column = sheet.column(tree.link).header
    for cycle in _cycles(records, lambda r: getattr(r, tree.link), resolve):
        names = [r.name.text for r in cycle]
        if len(cycle) == 1:
            message = tree.alone.format(name=names[0])
            hint = tree.fix_alone.format(column=column, name=names[0])
        else:
            chain = " → ".join(f"«{n}»" for n in [*names, names[0]])
            message = f"{tree.several}: {chain}."
            hint = tree.fix_several.format(column=column)
        yield at(getattr(cycle[0], tree.link), message, hint, affects=affects_of(cycle))


@rule("O004", Level.ERROR)
def department_cycle(org: Organisation) -> Iterator[Draft]:
    """Подразделения подчинены друг другу по кругу

    Что проверяется: цепочка «Вышестоящее подразделение» от любого подразделения доходит до
    верхнего уровня и не возвращается к самому подразделению; подразделение не указано
    вышестоящим для самого себя.
    Почему это важно: по такой цепочке строится структура компании и папки документов по
    подразделениям; замкнутый круг не имеет верха, и структура получается неверной.
    Как исправить: у одного из подразделений круга укажите настоящее вышестоящее
    подразделение, а у подразделения верхнего уровня оставьте ячейку пустой.
    """
    members = _members(org)
    yield from _cycle_drafts(
        DEPARTMENTS,
        _DEPARTMENT_TREE,
        list(_departments(org)),
        functools.partial(meant_department, org),
        lambda cycle: {p.name.key for d in cycle for p in members[d.name.key]},
    )


@rule("O005", Level.ERROR)
def manager_cycle(org: Organisation) -> Iterator[Draft]:
    """Должности подчинены друг другу по кругу

    Что проверяется: цепочка «Непосредственный руководитель» от любой должности доходит до
    руководителя верхнего уровня и не возвращается к самой должности; должность не указана
    руководителем самой себя.
    Почему это важно: руководитель указывается в должностных обязанностях; замкнутый круг
    подчинения значит, что у этих должностей руководитель указан неверно.
    Как исправить: у одной из должностей круга укажите настоящего непосредственного
    руководителя, а у руководителя верхнего уровня (например, генерального директора) оставьте
    ячейку пустой.
    """
    yield from _cycle_drafts(
        POSITIONS,
        _MANAGER_TREE,
        list(_positions(org)),
        functools.partial(meant_position, org),
        lambda cycle: {p.name.key for p in cycle},
    )


@rule("O006", Level.ERROR)
def position_without_department(org: Organisation) -> Iterator[Draft]:
    """У должности не указано подразделение

    Что проверяется: у каждой должности на листе «Должности» заполнена колонка
    «Подразделение» (она обязательная).
    Почему это важно: подразделение стоит в шапке должностных обязанностей, и по нему
    документы раскладываются по папкам. Без него документ неполный.
    Как исправить: выберите подразделение из выпадающего списка в колонке «Подразделение».
    """
    column = POSITIONS.column("department")
    for position in org.positions:
        cell = position.department
        if position.name.key and cell.column is not None and not cell.text:
            yield at(
                cell,
                f"У должности «{position.name.text}» не указано подразделение.",
                f"Выберите в колонке «{column.header}» подразделение из листа "
                f"«{DEPARTMENTS.name}». Если нужного нет, сначала добавьте его туда.",
                affects={position.name.key},
            )


@rule("O007", Level.NOTE)
def head_from_another_department(org: Organisation) -> Iterator[Draft]:
    """Руководитель подразделения числится в другом подразделении

    Что проверяется: должность, указанная руководителем подразделения, на листе «Должности»
    относится к этому же подразделению.
    Почему это важно: обычно руководитель входит в подразделение, которым руководит.
    Расхождение часто означает, что подразделение у должности или руководитель указаны по
    ошибке.
    Как исправить: если руководитель работает в этом подразделении, исправьте его
    подразделение на листе «Должности». Если подразделением действительно руководит должность
    из другого подразделения, ничего делать не нужно.
    """
    for department in _departments(org):
        head = meant_position(org, department.head.text)
        if head is None:
            continue
        home = meant_department(org, head.department.text)
        if home is None or home.name.key == department.name.key:
            continue
        yield at(
            department.head,
            f"Руководитель подразделения «{department.name.text}» — должность "
            f"«{head.name.text}» — относится к другому подразделению: «{home.name.text}» "
            f"({head.department.address}).",
            f"Если эта должность работает в подразделении «{department.name.text}», исправьте "
            f"её подразделение на листе «{POSITIONS.name}». Если подразделением руководит "
            "должность из другого подразделения, ничего делать не нужно.",
        )


@rule("O008", Level.WARNING)
def headcount_invalid(org: Organisation) -> Iterator[Draft]:
    """Количество ставок — не число или меньше нуля

    Что проверяется: в колонке «Количество ставок» записано число не меньше нуля: 1, 2 или
    дробное, например 0,5.
    Почему это важно: число ставок берётся из штатного расписания; текст или отрицательное
    число там означает опечатку. Excel иногда превращает дробь вроде 1.5 в дату — тогда
    значение тоже неверное.
    Как исправить: впишите число цифрами, дробную часть отделяйте запятой. Если Excel показал
    дату, установите для ячейки формат «Числовой» и введите число заново.
    """
    column = POSITIONS.column("headcount").header
    for position in org.positions:
        cell = position.headcount
        if not cell.text or cell.kind is ValueKind.ERROR:
            continue
        value = parse_number(cell)
        if cell.kind is ValueKind.DATE:
            problem = "Excel превратил число в дату"
        elif value is None:
            problem = "это не число"
        elif value < 0:
            problem = "число ставок не может быть отрицательным"
        else:
            continue
        yield at(
            cell,
            f"Количество ставок должности «{position.name.text}» — «{cell.text}»: {problem}.",
            f"Впишите в колонку «{column}» число цифрами, например 1 или 0,5. Если Excel "
            "показывает дату, выберите для ячейки формат «Числовой» и введите число заново.",
        )


@rule("O009", Level.NOTE)
def headcount_zero_or_missing(org: Organisation) -> Iterator[Draft]:
    """Количество ставок равно нулю или не указано

    Что проверяется: число ставок больше нуля; если колонка «Количество ставок» заполнена хотя
    бы у одной должности, то заполнена и у остальных.
    Почему это важно: должность без ставок в штатном расписании, скорее всего, упразднена или
    ещё не введена, а для неё всё равно составляются документы. Пропуск среди заполненных
    значений обычно просто забыт.
    Как исправить: впишите число ставок. Если должности нет в штатном расписании, удалите её
    или оставьте ноль осознанно.
    """
    column = POSITIONS.column("headcount").header
    named = [p for p in org.positions if p.name.key]
    used = any(p.headcount.text for p in named)
    for position in named:
        cell = position.headcount
        if not cell.text:
            if used and cell.column is not None:
                yield at(
                    cell,
                    f"У должности «{position.name.text}» не указано количество ставок, хотя у "
                    "других должностей оно указано.",
                    f"Впишите в колонку «{column}» число штатных единиц, например 1.",
                )
        elif parse_number(cell) == 0:
            yield at(
                cell,
                f"У должности «{position.name.text}» количество ставок «{cell.text}»: в "
                "штатном расписании её нет.",
                f"Впишите в колонку «{column}» число штатных единиц. Если должность "
                "упразднена, удалите её; если ещё не введена, ничего делать не нужно.",
            )


@rule("O010", Level.WARNING)
def approves_own_document(org: Organisation) -> Iterator[Draft]:
    """Работник сам утверждает свой документ

    Что проверяется: должностные обязанности должности утверждает не она сама. Утверждающий —
    это «Утверждает: должность» на листе «Должности», а если там пусто, то на листе
    «Организация».
    Почему это важно: обязанности руководителя организации устанавливает тот, кто его
    назначает, — как правило, общее собрание участников или совет директоров; документ,
    который руководитель утвердил сам себе, вызовет вопросы при проверке и в споре.
    Как исправить: впишите в колонку «Утверждает: должность» этой должности того, кто её
    утверждает, например «Общее собрание участников» (ФИО для коллегиального органа не
    нужно).
    """
    approver = text.fold(org.param("approver_title"))
    if not approver:
        return
    column = POSITIONS.column("approver_title")
    for position in org.positions:
        if position.name.key == approver and not position.approver_title.text:
            where = position.approver_title if position.approver_title.column else position.name
            yield at(
                where,
                f"Документы должности «{position.name.text}» утверждает она сама: так указано "
                "на листе «Организация» («Утверждает: должность»).",
                f"Впишите в колонку «{column.header}» для этой должности, кто утверждает её "
                "документы, например «Общее собрание участников».",
            )


@rule("O011", Level.WARNING)
def unknown_document_kind(org: Organisation) -> Iterator[Draft]:
    """Вид документа не из списка

    Что проверяется: параметр «Вид документа» на листе «Организация» пуст или называет один из
    видов, которые знает procxl: «Должностные обязанности» или «Должностная инструкция».
    Почему это важно: по этому параметру называется главный документ каждой должности и его
    лист ознакомления. Опечатку procxl не угадывает и называет документ «Должностные
    обязанности».
    Как исправить: впишите одно из двух названий или очистите ячейку.
    """
    kinds = {text.fold(k) for k in schema.MAIN_DOCUMENT_KINDS}
    for parameter in org.parameters:
        if parameter.key == "document_kind" and parameter.value.text \
                and text.fold(parameter.value.text) not in kinds:
            names = " или ".join(f"«{k}»" for k in schema.MAIN_DOCUMENT_KINDS)
            yield at(
                parameter.value,
                f"«{parameter.value.text}» — такого вида документа procxl не знает: документы "
                f"будут названы «{schema.MAIN_DOCUMENT_KINDS[0]}».",
                f"Впишите {names} или очистите ячейку.",
            )
