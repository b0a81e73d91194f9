"""Reference rules: names and codes that point into another sheet must find what they name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from procxl import schema, text
from procxl.checks.common import (
    CODE_FORM,
    closest_name,
    code_key,
    per_organisation,
    records,
    register_read,
    usable,
)
from procxl.checks.findings import Draft, Level, at
from procxl.checks.registry import rule
from procxl.model import Cell, Organisation, Performer

POSITIONS = schema.POSITIONS
DEPARTMENTS = schema.DEPARTMENTS
PROCESSES = schema.PROCESSES
PERFORMERS = schema.PERFORMERS

STRUCTURE_SHEETS = (DEPARTMENTS, POSITIONS, PROCESSES, PERFORMERS)
"""The sheets whose position and department references this family checks; the sheets about
competencies, profiles and vacancies have rules of their own."""


def _references(
    org: Organisation, ref: schema.Ref, sheets: tuple[schema.Sheet, ...]
) -> Iterator[tuple[schema.Sheet, schema.Column, Any, Cell]]:
    """Every filled reference cell of a kind, with its sheet, column and record."""
    for sheet in sheets:
        for column in sheet.columns:
            if column.ref is not ref:
                continue
            for record in records(org, sheet.key):
                cell = getattr(record, column.key)
                if usable(cell):
                    yield sheet, column, record, cell


def _unknown_names(
    org: Organisation,
    ref: schema.Ref,
    find: Callable[[str], object],
    known: list[Cell],
) -> Iterator[tuple[schema.Sheet, Any, Cell, str, str | None]]:
    """Name references that find nothing: sheet, record, cell, message, suggestion.

    Names that mix Cyrillic and Latin letters are left to the names family, which shows the
    Latin letters: reporting them here too would say the same thing twice.
    """
    register = schema.REF_SHEET[ref]
    if not register_read(org, register):
        return
    for sheet, column, record, cell in _references(org, ref, STRUCTURE_SHEETS):
        if find(cell.text) is not None or text.mixed_script_runs(cell.text):
            continue
        suggestion = closest_name(cell.text, known)
        message = (
            f"В колонке «{column.header}» — «{cell.text}», а на листе «{register.name}» такого "
            "названия нет."
            + (f" Возможно, имелось в виду «{suggestion}»." if suggestion else "")
        )
        yield sheet, record, cell, message, suggestion


@rule("R001", Level.ERROR)
def unknown_position(org: Organisation) -> Iterator[Draft]:
    """Должности нет на листе «Должности»

    Что проверяется: исполнитель процесса, владелец процесса, руководитель подразделения и
    непосредственный руководитель — должности с листа «Должности». Названия сравниваются без
    учёта регистра, лишних пробелов и разницы между «ё» и «е».
    Почему это важно: должности — ключи книги. Исполнитель, которого нет в списке должностей,
    не получит должностных обязанностей, а обязанности настоящей должности останутся без этого
    процесса. Неизвестный руководитель попал бы в шапку документа.
    Как исправить: выберите должность из выпадающего списка в ячейке. Если должность новая,
    сначала добавьте её на лист «Должности».
    """
    positions = [p.name for p in org.positions]
    for sheet, record, cell, message, suggestion in _unknown_names(
        org, schema.Ref.POSITION, org.position, positions
    ):
        if sheet in (PERFORMERS, PROCESSES):
            # the performer's documents, or the owner's, which lists the processes he owns
            affects = {text.fold(suggestion)} if suggestion else set()
        elif sheet is POSITIONS:
            affects = {record.name.key} - {""}
        else:
            affects = set()  # a head of a department is named in no position's documents
        yield at(cell, message, _fix_name(cell, suggestion, POSITIONS),
                 affects=affects)


def _fix_name(cell: Cell, suggestion: str | None, register: schema.Sheet) -> str:
    if suggestion:
        return (f"Замените «{cell.text}» на «{suggestion}» (выберите из выпадающего списка) "
                f"или добавьте «{cell.text}» на лист «{register.name}».")
    return (f"Выберите значение из выпадающего списка. Новое название сначала добавьте на лист "
            f"«{register.name}».")


@rule("R002", Level.ERROR)
def unknown_department(org: Organisation) -> Iterator[Draft]:
    """Подразделения нет на листе «Подразделения»

    Что проверяется: подразделение должности и вышестоящее подразделение — подразделения с
    листа «Подразделения». Названия сравниваются без учёта регистра, лишних пробелов и
    разницы между «ё» и «е».
    Почему это важно: подразделение стоит в шапке должностных обязанностей, по нему документы
    раскладываются по папкам, а из подчинённости подразделений складывается оргструктура.
    Как исправить: выберите подразделение из выпадающего списка. Если подразделение новое,
    сначала добавьте его на лист «Подразделения».
    """
    departments = [d.name for d in org.departments]
    for sheet, record, cell, message, suggestion in _unknown_names(
        org, schema.Ref.DEPARTMENT, org.department, departments
    ):
        affects = {record.name.key} - {""} if sheet is POSITIONS else set()
        yield at(cell, message, _fix_name(cell, suggestion, DEPARTMENTS),
                 affects=affects)


@rule("R003", Level.ERROR)
def unknown_process_code(org: Organisation) -> Iterator[Draft]:
    """Процесса с таким кодом нет

    Что проверяется: коды процессов на листе «Исполнители» есть на листе «Процессы».
    Почему это важно: по коду procxl берёт из спецификации процесса его название, цели,
    результаты и показатели. Строка с неизвестным кодом не попадёт в должностные обязанности.
    Как исправить: выберите код из выпадающего списка. Если процесс новый, сначала добавьте его
    на лист «Процессы».
    """
    if not register_read(org, PROCESSES):
        return
    by_name = {p.name.key: p for p in org.processes if p.name.key}
    # A row of `Компетенции` with an unknown code is a kept, stale row: the profiles family
    # flags it without blocking documents.
    for performer in org.performers:
        cell = performer.process_code
        if not usable(cell) or org.process(cell.text) is not None:
            continue
        if text.parse_code(cell.text) is None:
            message = f"«{cell.text}» — не код процесса: код процесса — {CODE_FORM}."
        else:
            message = f"Процесса с кодом «{cell.text}» нет на листе «{PROCESSES.name}»."
        named = by_name.get(performer.process_name.key)
        hint = (f"Выберите код из выпадающего списка. Если процесс новый, сначала добавьте его "
                f"на лист «{PROCESSES.name}».")
        if named is not None:
            message += (f" По названию «{performer.process_name.text}» это процесс "
                        f"«{named.code.text}».")
            hint = (f"Если это процесс «{named.name.text}», выберите код «{named.code.text}». "
                    + hint)
        yield at(
            cell,
            message,
            hint,
            affects={performer.position.key} - {""},
        )


@per_organisation
def _named_otherwise(org: Organisation) -> tuple[tuple[Performer, Cell, Cell], ...]:
    """Performer rows whose process name is not the name of the process their code gives:
    each row, the name typed there and the name the code has."""
    found = []
    for performer in org.performers:
        name = performer.process_name
        if not usable(name) or not usable(performer.process_code):
            continue
        process = org.process(performer.process_code.text)
        if process is None or not process.name.text or name.key == process.name.key:
            continue
        if text.mixed_script_runs(name.text):
            continue  # the names family shows the Latin letters
        found.append((performer, name, process.name))
    return tuple(found)


@rule("R004", Level.ERROR)
def process_name_of_another_code(org: Organisation) -> Iterator[Draft]:
    """Название процесса принадлежит другому коду

    Что проверяется: на листе «Исполнители» название процесса рядом с кодом — название именно
    этого процесса, а не другого.
    Почему это важно: если название — другого процесса, скорее всего, ошибка в коде, и
    должность получит в обязанности не тот процесс.
    Как исправить: проверьте, какой процесс выполняет должность, и выберите верный код; колонку
    «Процесс» можно очистить — название берётся по коду.
    """
    by_name = {p.name.key: p for p in org.processes if p.name.key}
    for performer, name, actual in _named_otherwise(org):
        other = by_name.get(name.key)
        if other is None:
            continue
        code = performer.process_code.text
        yield at(
            name,
            f"«{name.text}» — название процесса «{other.code.text}», а в строке указан код "
            f"«{code}» — это процесс «{actual.text}».",
            f"Если должность выполняет процесс «{name.text}», замените код на «{other.code.text}»; "
            f"иначе исправьте название на «{actual.text}».",
            affects={performer.position.key} - {""},
        )


@rule("R005", Level.WARNING)
def process_name_differs(org: Organisation) -> Iterator[Draft]:
    """Название процесса не совпадает с кодом

    Что проверяется: на листе «Исполнители» название процесса рядом с кодом совпадает с
    названием на листе «Процессы» (без учёта регистра, лишних пробелов и «ё»).
    Почему это важно: колонка «Процесс» нужна для удобства чтения, в документы идёт название
    по коду. Если названия расходятся, стоит убедиться, что код верный.
    Как исправить: если код верный, замените название на то, что стоит на листе «Процессы»,
    или очистите ячейку; если нет — исправьте код.
    """
    names = {p.name.key for p in org.processes}
    for performer, name, actual in _named_otherwise(org):
        if name.key in names:
            continue  # R004
        yield at(
            name,
            f"Название «{name.text}» не совпадает с названием процесса "
            f"«{performer.process_code.text}» на листе «{PROCESSES.name}»: «{actual.text}».",
            f"Если код верный, замените название на «{actual.text}»; если нет — исправьте код.",
        )


@rule("R006", Level.WARNING)
def performer_repeated(org: Organisation) -> Iterator[Draft]:
    """Должность указана исполнителем процесса дважды

    Что проверяется: пара «процесс — должность» встречается на листе «Исполнители» один раз.
    Почему это важно: повтор даёт в должностных обязанностях две строки одного процесса, и
    неясно, какие функции верные.
    Как исправить: сведите функции в одну строку и удалите вторую.
    """
    first: dict[tuple[str, str], Performer] = {}
    for performer in org.performers:
        code, position = performer.process_code, performer.position
        if not usable(code) or not usable(position):
            continue
        known = org.position(position.text)
        pair = (code_key(code.text), known.name.key if known else position.key)
        earlier = first.setdefault(pair, performer)
        if earlier is performer:
            continue
        yield at(
            position,
            f"Должность «{position.text}» уже указана исполнителем процесса «{code.text}» в "
            f"строке {earlier.row}.",
            f"Перенесите функции в строку {earlier.row} и удалите эту строку.",
        )
