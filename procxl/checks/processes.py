"""Process rules: codes, the hierarchy they make, the specification of each process, performers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from procxl import schema, text
from procxl.checks.common import (
    CODE_FORM,
    code_key,
    field_cell,
    per_organisation,
    performer_keys,
    positions_by_row,
    process_label,
    records,
    usable,
)
from procxl.checks.findings import Draft, Level, at
from procxl.checks.registry import rule
from procxl.model import Cell, Organisation, Performer, Process, ValueKind, garbled_code

PROCESSES = schema.PROCESSES
PERFORMERS = schema.PERFORMERS

DUTY_FIELDS = ("goals", "results", "indicators", "owner")
"""What every process needs: goals, results and indicators go into the duties, the owner
answers for the goals."""

TOP_LEVEL_FIELDS = ("content", "clients", "resources", "suppliers")
"""What the guide's specification adds for a process of the first level."""

_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})")
_FRACTION = re.compile(r"^\d+\.\d+$")


def _code_columns() -> Iterator[tuple[schema.Sheet, schema.Column]]:
    """Every column of a user sheet that holds process codes."""
    for sheet in schema.USER_SHEETS:
        for column in sheet.columns:
            if column.kind is schema.Kind.CODE:
                yield sheet, column


def _valid(org: Organisation) -> Iterator[tuple[Process, tuple[int, ...]]]:
    """The processes whose codes are well-formed text, with the parts of the code."""
    for process in org.processes:
        parts = text.parse_code(process.code.text)
        if parts is not None and usable(process.code):
            yield process, parts


def _reads_columns(org: Organisation, sheet: schema.Sheet, *keys: str) -> bool:
    info = org.sheets[sheet.key]
    return info.present and all(k in info.columns for k in keys)


@rule("P001", Level.ERROR)
def code_missing(org: Organisation) -> Iterator[Draft]:
    """Не указан код процесса

    Что проверяется: у каждой строки листа «Процессы» заполнен код.
    Почему это важно: код связывает процесс с исполнителями и задаёт его место в структуре
    процессов; процесс без кода не попадёт ни в одни должностные обязанности.
    Как исправить: впишите код: 1, 2, 3 для процессов верхнего уровня, 1.1, 1.2 — для их
    подпроцессов и так далее.
    """
    if not _reads_columns(org, PROCESSES, "code"):
        return
    for process in org.processes:
        if not process.code.text:
            yield at(
                process.code,
                f"У процесса «{process.name.text}» не указан код." if process.name.text
                else f"В строке {process.row} не указан код процесса.",
                f"Впишите код процесса: {CODE_FORM}.",
            )


def guess_code(code: str) -> str | None:
    """The code a malformed one most likely means (`1,2` -> `1.2`), or None."""
    guess = re.sub(r"[,/\\]", ".", text.clean(code)).replace(" ", "").strip(".")
    parts = guess.split(".")
    if all(p.isdigit() for p in parts):
        guess = ".".join(str(int(p)) for p in parts)
    return guess if guess != text.clean(code) and text.parse_code(guess) else None


@rule("P002", Level.ERROR)
def code_malformed(org: Organisation) -> Iterator[Draft]:
    """Код процесса записан неверно

    Что проверяется: код процесса состоит из целых положительных чисел через точку: 1, 1.2,
    1.2.3 — без запятых, пробелов, букв, нулей и точки в конце.
    Почему это важно: по коду procxl определяет уровень процесса и его место в структуре
    (1.2 входит в 1) и связывает процесс с исполнителями.
    Как исправить: перепишите код в виде 1, 1.2 или 1.2.3.
    """
    for process in org.processes:
        code = process.code
        if not usable(code) or text.parse_code(code.text):
            continue  # empty, an Excel error, a fraction or a date: other rules say it better
        guess = guess_code(code.text)
        yield at(
            code,
            f"Код «{code.text}» записан неверно: код процесса — {CODE_FORM}.",
            f"Исправьте код на «{guess}»." if guess else
            f"Перепишите код в виде {CODE_FORM}: номера процессов верхнего уровня, затем через "
            "точку номер подпроцесса.",
            affects=performer_keys(org, code.text),
        )


@rule("P003", Level.ERROR)
def code_duplicated(org: Organisation) -> Iterator[Draft]:
    """Код процесса повторяется

    Что проверяется: каждый код встречается на листе «Процессы» один раз.
    Почему это важно: по коду исполнители связываются с процессом; если кодов два, непонятно,
    цели и показатели какого процесса попадут в их должностные обязанности.
    Как исправить: дайте одному из процессов свободный код (и поправьте этот код на листе
    «Исполнители») или удалите лишнюю строку.
    """
    first: dict[tuple[int, ...], Process] = {}
    for process, parts in _valid(org):
        earlier = first.setdefault(parts, process)
        if earlier is process:
            continue
        yield at(
            process.code,
            f"Код «{process.code.text}» уже есть в строке {earlier.row} "
            f"({earlier.code.address}: «{earlier.name.text}»).",
            "Дайте одному из процессов свободный код и проверьте коды на листе "
            f"«{PERFORMERS.name}», или удалите лишнюю строку.",
            affects=performer_keys(org, process.code.text),
        )


_AS_TEXT_HINT = (
    "Выделите колонку, выберите формат ячеек «Текстовый» (Ctrl+1 → «Число» → «Текстовый») "
    "и заново впишите коды."
)


@rule("P004", Level.WARNING)
def code_stored_as_whole_number(org: Organisation) -> Iterator[Draft]:
    """Код процесса сохранён как число

    Что проверяется: коды процессов во всех листах записаны текстом. Здесь — целые коды (1,
    2, 3), которые Excel сохранил как числа.
    Почему это важно: сам код пока прочитан верно, но колонка с числовым форматом опасна:
    следующий введённый код 1.10 Excel превратит в 1,1 или в дату.
    Как исправить: задайте колонке формат «Текстовый» и заново впишите коды.
    """
    for sheet, column in _code_columns():
        for record in records(org, sheet.key):
            cell = getattr(record, column.key)
            if cell.kind is ValueKind.NUMBER and not garbled_code(cell):
                yield at(
                    cell,
                    f"Код «{cell.text}» сохранён как число, а не как текст: в этой колонке "
                    "Excel может превратить код 1.10 в 1.1.",
                    _AS_TEXT_HINT,
                )


@rule("P005", Level.ERROR)
def code_turned_into_number(org: Organisation) -> Iterator[Draft]:
    """Excel превратил код процесса в дробное число или дату

    Что проверяется: коды процессов во всех листах записаны текстом, а не дробным числом или
    датой.
    Почему это важно: Excel меняет такие коды незаметно: 1.10 становится числом 1,1 (то есть
    кодом 1.1 — другим процессом), а 1.2 в русской версии превращается в дату 1 февраля.
    Прочитать исходный код уже нельзя.
    Как исправить: задайте колонке формат «Текстовый» (Ctrl+1 → «Число» → «Текстовый») и
    заново впишите коды.
    """
    for sheet, column in _code_columns():
        garbled = [r for r in records(org, sheet.key) if garbled_code(getattr(r, column.key))]
        reach = positions_by_row(org, sheet.key) if garbled else {}
        for record in garbled:
            cell = getattr(record, column.key)
            if cell.kind is ValueKind.DATE:
                date = _DATE.match(cell.text)
                guess = f" — вероятно, здесь был код {int(date[1])}.{int(date[2])}" if date else ""
                message = f"Excel превратил код в дату «{cell.text}»{guess}."
            else:
                message = (
                    f"Код «{cell.text}» сохранён как дробное число: так Excel сохраняет и "
                    f"{cell.text}, и {cell.text}0 — какой код здесь был, по ячейке не понять."
                    if _FRACTION.match(cell.text)
                    else f"Код «{cell.text}» сохранён как число и не похож на код процесса."
                )
            yield at(cell, message, _AS_TEXT_HINT, affects=reach[record.row])


@rule("P006", Level.WARNING)
def parent_missing(org: Organisation) -> Iterator[Draft]:
    """Нет вышестоящего процесса

    Что проверяется: для каждого подпроцесса есть процесс, в который он входит: для 5.1 — 5,
    для 1.2.3 — 1.2.
    Почему это важно: структура процессов складывается из кодов. Подпроцесс без «родителя»
    выпадает из карты процессов; часто это опечатка в коде.
    Как исправить: добавьте вышестоящий процесс или исправьте код подпроцесса.
    """
    codes = {parts for _, parts in _valid(org)}
    for process, parts in _valid(org):
        if len(parts) > 1 and parts[:-1] not in codes:
            parent = process.parent_code
            yield at(
                process.code,
                f"Процесс {process_label(process)} входит в процесс «{parent}», но процесса с "
                f"кодом «{parent}» на листе нет.",
                f"Добавьте процесс с кодом «{parent}» или исправьте код «{process.code.text}».",
            )


@rule("P007", Level.ERROR)
def name_missing(org: Organisation) -> Iterator[Draft]:
    """Не указано название процесса

    Что проверяется: у каждого процесса заполнено название.
    Почему это важно: название процесса стоит в таблице должностных обязанностей, в карте
    процессов и в матрице ответственности.
    Как исправить: впишите название процесса — существительное с дополнением: «Прием
    автомобиля от клиента».
    """
    if not _reads_columns(org, PROCESSES, "name"):
        return
    for process in org.processes:
        if process.code.text and not process.name.text:
            yield at(
                process.name,
                f"У процесса с кодом «{process.code.text}» не указано название.",
                "Впишите название процесса, например «Прием автомобиля от клиента».",
                affects=performer_keys(org, process.code.text),
            )


def _missing_fields(
    org: Organisation, fields: tuple[str, ...], wanted: Callable[[Process], bool]
) -> Iterator[Draft]:
    """Findings for the empty specification fields of the processes `wanted(process)` selects.

    A column that the sheet lacks is reported once, not once per process.
    """
    info = org.sheets[PROCESSES.key]
    if not info.present or "code" not in info.columns:
        return
    selected = [p for p in org.processes if p.code.text and wanted(p)]
    for key in fields:
        column = PROCESSES.column(key)
        if key not in info.columns:
            if selected:
                yield at(
                    info,
                    f"На листе «{info.name}» нет колонки «{column.header}», поэтому она пуста "
                    "у всех процессов.",
                    f"Добавьте колонку «{column.header}» и заполните её. {column.hint}",
                )
            continue
        for process in selected:
            cell = field_cell(org, PROCESSES.key, process, key)
            if not cell.text:
                yield at(
                    cell,
                    f"У процесса {process_label(process)} не заполнена колонка «{column.header}».",
                    f"Заполните колонку «{column.header}». Подсказка к ней: {column.hint}",
                )


@rule("P008", Level.WARNING)
def duty_fields_missing(org: Organisation) -> Iterator[Draft]:
    """Не заполнены цели, результаты, показатели или владелец процесса

    Что проверяется: у каждого процесса, любого уровня, заполнены цели, результаты, показатели
    и владелец.
    Почему это важно: цели, результаты и показатели переходят в должностные обязанности
    исполнителей, а показатели — ещё и в области ответственности профиля. Владелец отвечает за
    цели процесса и вправе его менять.
    Как исправить: заполните пустые колонки. Методика советует идти по порядку: клиенты, цели,
    результаты, показатели.
    """
    yield from _missing_fields(org, DUTY_FIELDS, lambda p: True)


@rule("P009", Level.NOTE)
def top_level_specification_incomplete(org: Organisation) -> Iterator[Draft]:
    """Спецификация процесса верхнего уровня неполна

    Что проверяется: у процессов первого уровня (1, 2, 3…) заполнены содержание, клиенты,
    ресурсы и поставщики — вся спецификация, которую требует методика.
    Почему это важно: описание процессов верхнего уровня — основа организационной концепции:
    без клиентов нельзя сформулировать цели, без ресурсов и поставщиков не видно связей между
    процессами.
    Как исправить: заполните пустые колонки спецификации.
    """
    yield from _missing_fields(org, TOP_LEVEL_FIELDS, lambda p: p.level == 1)


@rule("P010", Level.WARNING)
def process_without_performers(org: Organisation) -> Iterator[Draft]:
    """Процесс никто не выполняет

    Что проверяется: у каждого процесса или хотя бы у одного из его подпроцессов есть
    исполнитель на листе «Исполнители».
    Почему это важно: обязанности составляются из процессов, в которых должность указана
    исполнителем. Процесс без исполнителей не попадёт ни в одни должностные обязанности.
    Как исправить: добавьте на листе «Исполнители» строки с кодом этого процесса (или его
    подпроцессов) и должностями, которые его выполняют.
    """
    if not _reads_columns(org, PERFORMERS, "process_code") or not org.performers:
        return  # an empty sheet of performers is one finding of the structure rules
    performed: set[tuple[int, ...]] = set()  # every performed code and all codes above it
    for performer in org.performers:
        parts = text.parse_code(performer.process_code.text)
        if parts and usable(performer.process_code):
            performed.update(parts[:n] for n in range(1, len(parts) + 1))
    idle = {parts for _, parts in _valid(org) if parts not in performed}
    for process, parts in _valid(org):
        if parts in idle and parts[:-1] not in idle:  # the highest idle process speaks for all
            below = " и его подпроцессы" if any(len(c) > len(parts) and c[: len(parts)] == parts
                                                 for c in idle) else ""
            yield at(
                process.code,
                f"Процесс {process_label(process)}{below} не выполняет ни одна должность.",
                f"Добавьте на листе «{PERFORMERS.name}» строку с кодом «{process.code.text}» "
                "(или кодом подпроцесса) и должностью исполнителя.",
            )


def _item_keys(items: tuple[Cell, ...]) -> set[str]:
    return {item.key for item in items}


@rule("P011", Level.WARNING)
def goals_equal_results(org: Organisation) -> Iterator[Draft]:
    """Цели процесса совпадают с результатами

    Что проверяется: список целей процесса не повторяет список его результатов.
    Почему это важно: методика предупреждает, что цели и результаты часто путают. Цель — что
    процесс изменяет для клиента («уверенность клиента в сроках ремонта»), результат — что он
    производит («наряд-заказ»). В должностных обязанностях это разные колонки.
    Как исправить: переформулируйте цели как изменения, значимые для клиентов, а в результатах
    оставьте продукты процесса.
    """
    for process in org.processes:
        if process.goals and _item_keys(process.goals) == _item_keys(process.results):
            yield at(
                process.results[0],
                f"У процесса {process_label(process)} результаты повторяют цели ("
                f"{text.plural(len(process.results), 'пункт', 'пункта', 'пунктов')}, первый — "
                f"«{process.results[0].text}»).",
                "Цели — что процесс изменяет для клиентов, результаты — что он производит "
                "(документы, продукты, услуги). Перепишите одну из колонок.",
            )


@rule("P012", Level.NOTE)
def goal_repeated_as_result(org: Organisation) -> Iterator[Draft]:
    """Один и тот же пункт в целях и в результатах

    Что проверяется: пункт из списка целей процесса не повторяется в списке результатов (когда
    списки в целом различаются).
    Почему это важно: цель — это изменение для клиента, результат — продукт процесса; одна
    формулировка редко бывает и тем и другим.
    Как исправить: оставьте пункт в одной из колонок или переформулируйте его.
    """
    for process in org.processes:
        goals = _item_keys(process.goals)
        if goals == _item_keys(process.results):
            continue  # P011 speaks for the whole list
        for item in process.results:
            if item.key in goals:
                yield at(
                    item,
                    f"Пункт «{item.text}» процесса {process_label(process)} стоит и в целях, и в "
                    "результатах.",
                    "Оставьте его в одной колонке: в целях — если это изменение для клиента, в "
                    "результатах — если это продукт процесса.",
                )


@rule("P013", Level.WARNING)
def name_duplicated(org: Organisation) -> Iterator[Draft]:
    """Одно название у разных процессов

    Что проверяется: два процесса с разными кодами не называются одинаково (без учёта
    регистра, лишних пробелов и «ё»).
    Почему это важно: в обязанностях и в карте процессов их не различить; часто это один
    процесс, записанный дважды.
    Как исправить: уточните название одного из процессов («Закупка запчастей для СТО» и
    «Закупка запчастей для склада») или удалите повтор.
    """
    first: dict[str, Process] = {}
    for process in org.processes:
        if not process.name.key or process.name.kind is ValueKind.ERROR:
            continue
        earlier = first.setdefault(process.name.key, process)
        if earlier is process or code_key(earlier.code.text) == code_key(process.code.text):
            continue
        yield at(
            process.name,
            f"Название «{process.name.text}» уже есть у процесса с кодом "
            f"«{earlier.code.text}» ({earlier.name.address}).",
            "Уточните название одного из процессов или удалите повтор.",
        )


@rule("P014", Level.ERROR)
def performer_row_incomplete(org: Organisation) -> Iterator[Draft]:
    """Не заполнен код процесса или должность исполнителя

    Что проверяется: в каждой строке листа «Исполнители» указаны и код процесса, и должность.
    Почему это важно: строка без кода не говорит, какой процесс выполняет должность, строка без
    должности — кто его выполняет; в обязанности она не попадёт.
    Как исправить: заполните пустую ячейку (код — из листа «Процессы», должность — из листа
    «Должности») или удалите строку.
    """
    info = org.sheets[PERFORMERS.key]
    for performer in org.performers:
        for key in ("process_code", "position"):
            cell = getattr(performer, key)
            if cell.text or key not in info.columns:
                continue
            column = PERFORMERS.column(key)
            other = performer.position if key == "process_code" else performer.process_code
            yield at(
                cell,
                f"В строке {performer.row} не заполнена колонка «{column.header}»"
                + (f" (рядом: «{other.text}»)." if other.text else "."),
                f"Заполните «{column.header}» — выберите из списка — или удалите строку.",
                affects={performer.position.key} - {""},
            )


@per_organisation
def _without_functions(org: Organisation) -> tuple[tuple[Performer, Process], ...]:
    """The performer rows whose functions are empty, with the process they name."""
    if not _reads_columns(org, PERFORMERS, "process_code", "position"):
        return ()
    found = []
    for performer in org.performers:
        if not performer.functions and performer.position.text:
            process = org.process(performer.process_code.text)
            if process is not None:
                found.append((performer, process))
    return tuple(found)


@rule("P015", Level.WARNING)
def performer_functions_missing(org: Organisation) -> Iterator[Draft]:
    """Функции исполнителя не указаны

    Что проверяется: на листе «Исполнители» для каждой должности в процессе записаны её
    функции.
    Почему это важно: функции — главная колонка должностных обязанностей. Если их нет, procxl
    подставит содержание процесса целиком, а оно описывает работу всех исполнителей сразу.
    Как исправить: впишите, что именно делает эта должность в этом процессе, по пункту на
    строку (Alt+Enter).
    """
    for performer, process in _without_functions(org):
        if process.content.text:
            yield at(
                field_cell(org, PERFORMERS.key, performer, "functions"),
                f"Не указаны функции должности «{performer.position.text}» в процессе "
                f"{process_label(process)}: в обязанности попадёт содержание процесса.",
                "Впишите функции этой должности в процессе, по пункту на строку (Alt+Enter).",
            )


@rule("P016", Level.ERROR)
def performer_duties_empty(org: Organisation) -> Iterator[Draft]:
    """Нет ни функций исполнителя, ни содержания процесса

    Что проверяется: если функции должности в процессе не указаны, у процесса заполнено хотя
    бы содержание.
    Почему это важно: иначе в должностных обязанностях у этого процесса осталась бы пустая
    графа «Функции».
    Как исправить: впишите функции должности на листе «Исполнители» (лучше) или содержание
    процесса на листе «Процессы».
    """
    content = PROCESSES.column("content").header
    for performer, process in _without_functions(org):
        if not process.content.text:
            yield at(
                field_cell(org, PERFORMERS.key, performer, "functions"),
                f"Не указаны функции должности «{performer.position.text}» в процессе "
                f"{process_label(process)}, и у процесса не заполнено «{content}»: графа "
                "«Функции» в обязанностях будет пустой.",
                "Впишите функции этой должности в процессе или заполните "
                f"«{content}» процесса на листе «{PROCESSES.name}».",
                affects={performer.position.key},
            )
