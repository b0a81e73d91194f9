"""Clause rules: the rows of `Положения` that go into each position's main document.

What a row means is decided by :mod:`procxl.render.kinds.main_document` (`chosen_clauses`,
`clause_section`, `resolve`); the rules here read the cells the same way — sections and
actions by :func:`procxl.text.fold`, field names by ``fold(name).replace(" ", "_")`` — and
report what the document would silently drop or print as typed. R001 checks the positions
named on the structure sheets only; a position in `Должность` that is not on `Должности` is
D006's.
"""

from __future__ import annotations

from collections.abc import Iterator

from procxl import schema, text
from procxl.checks.common import missing_position, register_read
from procxl.checks.findings import ALL_POSITIONS, Draft, Level, at
from procxl.checks.names import excerpt
from procxl.checks.registry import rule
from procxl.clauses import FIELD, field_key, section_named
from procxl.model import Cell, Clause, Organisation, ValueKind

CLAUSES = schema.CLAUSES

_ACTIONS = {text.fold(a): a for a in schema.CLAUSE_ACTIONS}

_SECTION_LIST = ", ".join(f"«{s}»" for s in schema.CLAUSE_SECTIONS)
_FIELD_LIST = ", ".join("{" + name + "}" for name in schema.CLAUSE_FIELDS)


def _header(key: str) -> str:
    return CLAUSES.column(key).header


def _typed(cell: Cell) -> bool:
    """Whether a cell holds a value to judge: filled and not an Excel error (S012 has those)."""
    return bool(cell.text) and cell.kind is not ValueKind.ERROR


def _reach(org: Organisation, clause: Clause) -> set[str]:
    """The positions whose main documents the clause goes into: every position for a general
    clause, its own position, or none when `Должность` names no position (D006 says so)."""
    if not clause.position.text:
        return {ALL_POSITIONS}
    position = org.position(clause.position.text)
    return {position.name.key} if position is not None else set()


def _section(clause: Clause) -> str | None:
    """The standard section a row names, or None (as main_document.clause_section)."""
    return section_named(clause.section.text)


def unknown_fields(value: str) -> list[str]:
    """The fields in braces that are not in schema.CLAUSE_FIELDS, as typed, each once."""
    found = (m.group(0) for m in FIELD.finditer(text.clean(value))
             if field_key(m.group(1)) not in schema.CLAUSE_FIELDS)
    return list(dict.fromkeys(found))


def stray_braces(value: str) -> str:
    """The braces left over once every field in braces is taken out: '{', '}', '{}' or ''."""
    rest = FIELD.sub("", text.clean(value))
    return "".join(b for b in "{}" if b in rest)


def _quoted(values: list[str]) -> str:
    return ", ".join(f"«{v}»" for v in values)


@rule("D001", Level.ERROR)
def clause_section_unknown(org: Organisation) -> Iterator[Draft]:
    """Раздел пункта не указан или не из списка

    Что проверяется: у каждого пункта листа «Положения» в колонке «Раздел» стоит один из
    разделов: «Общие положения», «Права», «Ответственность», «Условия работы» (регистр букв и
    «ё» не важны).
    Почему это важно: procxl не знает, куда поставить пункт без раздела или с другим
    разделом, и молча пропускает его: пункт не попадёт ни в один документ.
    Как исправить: выберите раздел из выпадающего списка в ячейке.
    """
    for clause in org.clauses:
        cell = clause.section
        if cell.column is None or cell.kind is ValueKind.ERROR or not clause.text.text:
            continue  # a missing column is S004's, an error S012's, a row without text D005's
        if _section(clause) is not None:
            continue
        quoted = excerpt(clause.text.text)
        problem = (f"Раздела «{cell.text}» нет среди разделов документа" if cell.text
                   else "Не указан раздел")
        message = f"{problem}, поэтому пункт «{quoted}» не попадёт ни в один документ."
        yield at(
            cell,
            message,
            f"Выберите раздел из выпадающего списка: {_SECTION_LIST}.",
            affects=_reach(org, clause),
        )


@rule("D002", Level.ERROR)
def clause_action_unknown(org: Organisation) -> Iterator[Draft]:
    """Действие пункта не из списка

    Что проверяется: в колонке «Действие» листа «Положения» пусто, «добавить» или «заменить».
    Почему это важно: любое другое значение procxl выполняет как «добавить». Если имелось в
    виду «заменить», общие пункты раздела останутся в документе рядом с пунктами должности.
    Как исправить: выберите действие из выпадающего списка или очистите ячейку: пусто — значит
    «добавить».
    """
    for clause in org.clauses:
        cell = clause.action
        if not _typed(cell) or cell.key in _ACTIONS or not clause.text.text:
            continue
        yield at(
            cell,
            f"Действия «{cell.text}» нет в списке; procxl выполнит пункт как «{schema.ADD}»: он "
            "встанет рядом с общими пунктами раздела, а не вместо них.",
            f"Выберите «{schema.ADD}» или «{schema.REPLACE}» из выпадающего списка или очистите "
            f"ячейку: пусто — значит «{schema.ADD}».",
            affects=_reach(org, clause),
        )


@rule("D003", Level.ERROR)
def clause_field_unknown(org: Organisation) -> Iterator[Draft]:
    """Неизвестное поле или непарная скобка в тексте пункта

    Что проверяется: в тексте пункта листа «Положения» в фигурных скобках стоят только поля
    из списка: {должность}, {должность_рп}, {подразделение}, {руководитель}, {замещает},
    {организация} (регистр букв, «ё» и пробел вместо «_» не важны), и каждая открытая скобка
    «{» закрыта скобкой «}».
    Почему это важно: procxl подставляет значения только известных полей. Поле с опечаткой
    или лишняя скобка попадут в документ как есть, например «{должность_дп}».
    Как исправить: скопируйте название поля из подсказки к колонке «Текст», закройте скобку
    или удалите лишнюю.
    """
    for clause in org.clauses:
        cell = clause.text
        if not _typed(cell):
            continue
        unknown = unknown_fields(cell.text)
        stray = stray_braces(cell.text)
        if not unknown and not stray:
            continue
        problems, fixes = [], []
        if unknown:
            several = len(unknown) > 1
            problems.append(
                f"{'Полей' if several else 'Поля'} {_quoted(unknown)} нет в списке, и "
                f"{'они попадут' if several else 'оно попадёт'} в документ как "
                f"{'написаны' if several else 'написано'}, в скобках. "
                f"Известные поля: {_FIELD_LIST}."
            )
            fixes.append("Скопируйте название поля из списка вместе со скобками или "
                         "исправьте опечатку.")
        if stray:
            problems.append({
                "{": "В тексте есть «{» без закрывающей «}»: поле не подставится, а скобка "
                     "попадёт в документ как есть.",
                "}": "В тексте есть «}» без открывающей «{»: поле не подставится, а скобка "
                     "попадёт в документ как есть.",
                "{}": "В тексте непарные фигурные скобки: поле не подставится, а лишние скобки "
                      "попадут в документ как есть.",
            }[stray])
            fixes.append("Каждое поле пишите в одной паре скобок: {должность}; закройте "
                         "скобку или удалите лишнюю.")
        yield at(cell, " ".join(problems), " ".join(fixes), affects=_reach(org, clause))


@rule("D004", Level.WARNING)
def clause_replaces_nothing(org: Organisation) -> Iterator[Draft]:
    """«Заменить» у пункта без должности

    Что проверяется: действие «заменить» на листе «Положения» стоит только у пунктов, для
    которых указана должность.
    Почему это важно: пункт без должности — общий, он входит в документы всех должностей, и
    заменять ему нечего: procxl использует его как обычный общий пункт. Скорее всего, забыли
    указать должность, и пункт попадёт в документы тех, кому не предназначен.
    Как исправить: укажите должность, для которой пункт стоит вместо общих пунктов раздела,
    или очистите ячейку «Действие».
    """
    for clause in org.clauses:
        section = _section(clause)
        if (clause.position.text or clause.action.key != text.fold(schema.REPLACE)
                or not clause.text.text or section is None):
            continue  # a row without a known section is D001's
        yield at(
            clause.action,
            f"Пункт без должности ничего не заменяет: «{excerpt(clause.text.text)}» войдёт в "
            f"раздел «{section}» документов всех должностей как обычный общий пункт.",
            f"Укажите в колонке «{_header('position')}» должность, для которой пункт стоит "
            f"вместо общих, или очистите ячейку «{_header('action')}».",
        )


@rule("D005", Level.WARNING)
def clause_without_text(org: Organisation) -> Iterator[Draft]:
    """Строка без текста пункта

    Что проверяется: в каждой заполненной строке листа «Положения» есть текст пункта в колонке
    «Текст».
    Почему это важно: строка без текста ничего не добавляет в документы и ничего в них не
    заменяет, даже с действием «заменить». Скорее всего, текст забыли вписать или стёрли.
    Как исправить: впишите текст пункта или удалите строку.
    """
    for clause in org.clauses:
        cell = clause.text
        if cell.text or cell.column is None:
            continue  # a missing column is S004's
        given = [(key, c.text) for key, c in (("section", clause.section),
                                              ("position", clause.position),
                                              ("action", clause.action)) if c.text]
        if not given:
            continue
        said = ", ".join(f"«{_header(key)}» — «{value}»" for key, value in given)
        yield at(
            cell,
            f"Текст пункта не заполнен ({said}): строка ничего не меняет в документах.",
            "Впишите текст пункта или удалите строку.",
        )


@rule("D006", Level.ERROR)
def clause_unknown_position(org: Organisation) -> Iterator[Draft]:
    """Пункт для неизвестной должности

    Что проверяется: должность в колонке «Должность» листа «Положения» — с листа «Должности»
    (регистр букв, лишние пробелы и «ё» не важны), или ячейка пуста.
    Почему это важно: пункт для должности, которой нет на листе «Должности», не попадёт ни в
    один документ, а документ должности, для которой он написан, останется без него.
    Как исправить: выберите должность из выпадающего списка или очистите ячейку, чтобы пункт
    вошёл в документы всех должностей. Новую должность сначала добавьте на лист «Должности».
    """
    if not register_read(org, schema.POSITIONS):
        return  # every name would look unknown; the structure rules say why
    for clause in org.clauses:
        cell = clause.position
        if not _typed(cell) or not clause.text.text:
            continue  # a general clause, an Excel error (S012) or a row without text (D005)
        missing = missing_position(org, cell)
        if missing is None:
            continue  # a known position, or Latin letters in it (the names family)
        yield at(
            cell,
            f"{missing.problem}: пункт «{excerpt(clause.text.text)}» не попадёт ни в один "
            "документ.",
            "Выберите должность из выпадающего списка или очистите ячейку, чтобы пункт вошёл в "
            "документы всех должностей. Новую должность сначала добавьте на лист "
            f"«{schema.POSITIONS.name}».",
            affects=missing.affects,
        )
