"""Structure rules: the sheets, headers and cells of the workbook as the standard lays them out."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from procxl import schema, text
from procxl.checks.common import (
    a1_cell,
    positions_by_row,
    record_cells,
    records,
    sheet_positions,
)
from procxl.checks.findings import ALL_POSITIONS, Draft, Level, at, on_sheet
from procxl.checks.registry import rule
from procxl.model import Cell, Organisation, Parameter, SheetInfo, ValueKind, column_letter

EXCEL_ERRORS_RU = {
    "#N/A": "#Н/Д",
    "#REF!": "#ССЫЛКА!",
    "#VALUE!": "#ЗНАЧ!",
    "#DIV/0!": "#ДЕЛ/0!",
    "#NAME?": "#ИМЯ?",
    "#NUM!": "#ЧИСЛО!",
    "#NULL!": "#ПУСТО!",
    "#SPILL!": "#ПЕРЕНОС!",
    "#CALC!": "#ВЫЧИСЛ!",
}
"""How Russian Excel shows the error values that files store in English."""

FORMULAS_LISTED = 5
"""How many cells a finding about formulas without values names before «и другие»."""


def _present(org: Organisation) -> Iterator[tuple[schema.Sheet, SheetInfo]]:
    """The standard sheets found in the workbook, with what the reader saw in them."""
    for sheet in schema.USER_SHEETS:
        info = org.sheets.get(sheet.key)
        if info is not None and info.present:
            yield sheet, info


def _readable(org: Organisation) -> Iterator[tuple[schema.Sheet, SheetInfo]]:
    """The present sheets whose header names at least one column of the standard."""
    for sheet, info in _present(org):
        if info.columns:
            yield sheet, info


def _quoted_list(names: list[str]) -> str:
    return ", ".join(f"«{n}»" for n in names)


@rule("S001", Level.ERROR)
def required_sheet_missing(org: Organisation) -> Iterator[Draft]:
    """Нет обязательного листа

    Что проверяется: в книге есть все обязательные листы стандарта: «Организация»,
    «Подразделения», «Должности», «Процессы», «Исполнители». Название листа сравнивается без
    учёта регистра, лишних пробелов и разницы между «ё» и «е».
    Почему это важно: без этих листов нельзя составить ни одного документа: должностные
    обязанности строятся из процессов и их исполнителей, а шапка документа — из листов
    организации и должностей.
    Как исправить: верните лист или переименуйте существующий лист так, как требует стандарт.
    Проще всего взять пустой шаблон (`procxl new`) и перенести данные в него.
    """
    for sheet in schema.USER_SHEETS:
        if not sheet.required or org.sheets[sheet.key].present:
            continue
        similar = _similar_sheet(org, sheet)
        hint = (
            f"Если это лист «{similar}», переименуйте его в «{sheet.name}»."
            if similar
            else f"Добавьте лист «{sheet.name}» с заголовками стандарта в строке 1 "
            "(их можно скопировать из пустого шаблона procxl)."
        )
        yield on_sheet(
            sheet.name,
            f"В книге нет обязательного листа «{sheet.name}». {sheet.purpose}",
            hint,
            affects=(ALL_POSITIONS,),
        )


def _similar_sheet(org: Organisation, sheet: schema.Sheet) -> str | None:
    """A sheet of the file outside the standard whose name looks like a misspelt `sheet`."""
    by_key = {text.fold(name): name for name in org.other_sheets}
    match = difflib.get_close_matches(text.fold(sheet.name), list(by_key), n=1, cutoff=0.75)
    return by_key[match[0]] if match else None


@rule("S002", Level.NOTE)
def optional_sheet_missing(org: Organisation) -> Iterator[Draft]:
    """Нет необязательного листа

    Что проверяется: в книге есть необязательные листы стандарта: «Ценности», «Компетенции»,
    «Профили», «Вакансии».
    Почему это важно: без них документы создаются, но беднее: профиль должности без ценностей
    и компетенций, вакансии не составляются вовсе.
    Как исправить: добавьте лист, когда дойдёте до этого шага методики; заголовки возьмите из
    пустого шаблона procxl.
    """
    for sheet in schema.USER_SHEETS:
        if sheet.required or org.sheets[sheet.key].present:
            continue
        similar = _similar_sheet(org, sheet)
        hint = (
            f"Если это лист «{similar}», переименуйте его в «{sheet.name}»."
            if similar
            else f"Добавьте лист «{sheet.name}», когда дойдёте до этого шага."
        )
        yield on_sheet(sheet.name, f"В книге нет листа «{sheet.name}». {sheet.purpose}", hint)


@rule("S003", Level.ERROR)
def header_not_found(org: Organisation) -> Iterator[Draft]:
    """Не найдена строка заголовков

    Что проверяется: в первых строках листа есть строка, где названа хотя бы одна колонка
    стандарта.
    Почему это важно: procxl узнаёт колонки только по заголовкам; лист без них не читается
    вовсе, и всё, что на нём написано, пропадает из документов.
    Как исправить: впишите в строку 1 заголовки колонок, как в пустом шаблоне procxl, а данные
    начните со строки 2.
    """
    for sheet, info in _present(org):
        if info.columns or (not info.headers and not sheet.required):
            continue  # a blank optional sheet says nothing, so nothing is lost
        found = _quoted_list([c.text for c in info.headers[:5]])
        message = (
            f"На листе «{info.name}» не найдено ни одного заголовка стандарта"
            + (f" (в строке {info.header_row}: {found})" if found else "")
            + "; лист не читается."
        )
        standard = _quoted_list([c.header for c in sheet.columns])
        yield at(info, message, f"Впишите в строку 1 заголовки колонок: {standard}.",
                 affects=sheet_positions(org, sheet.key))


@rule("S004", Level.ERROR)
def required_column_missing(org: Organisation) -> Iterator[Draft]:
    """Нет обязательной колонки

    Что проверяется: на листе есть все обязательные колонки стандарта (в шаблоне их заголовки
    тёмно-голубые), например «Код» и «Процесс» на листе «Процессы».
    Почему это важно: без обязательной колонки строки листа нельзя связать с другими листами,
    и документы получаются неполными или неверными.
    Как исправить: добавьте колонку с таким заголовком в строку заголовков. Если колонка есть,
    но названа иначе, переименуйте заголовок.
    """
    for sheet, info in _readable(org):
        for column in sheet.columns:
            if column.required and column.key not in info.columns:
                yield at(
                    info,
                    f"На листе «{info.name}» нет обязательной колонки «{column.header}». "
                    f"{column.hint}",
                    f"Добавьте в строку {info.header_row} колонку с заголовком "
                    f"«{column.header}» и заполните её.",
                    affects=sheet_positions(org, sheet.key),
                )


@rule("S005", Level.ERROR)
def duplicate_header(org: Organisation) -> Iterator[Draft]:
    """Колонка названа дважды

    Что проверяется: каждая колонка стандарта встречается в строке заголовков один раз
    (с учётом других допустимых названий, например «Код» и «Код процесса»).
    Почему это важно: procxl читает только первую из одноимённых колонок, а то, что записано во
    второй, в документы не попадает.
    Как исправить: сведите данные в одну колонку и удалите вторую или переименуйте её, если
    это другие сведения.
    """
    for sheet, info in _present(org):
        for cell in info.duplicates:
            first = _first_header_like(info, cell)
            yield at(
                cell,
                f"Заголовок «{cell.text}» повторяет колонку {first}: procxl читает только её, "
                f"данные колонки {column_letter(cell.column or 0)} не попадают в документы.",
                f"Перенесите нужные данные в колонку {first} и удалите колонку "
                f"{column_letter(cell.column or 0)} или переименуйте её заголовок.",
                affects=sheet_positions(org, sheet.key),
            )


def _first_header_like(info: SheetInfo, duplicate: Cell) -> str:
    """The header that the reader took for the column `duplicate` repeats: `«Код» (A1)`."""
    for column in schema.sheet(info.key).columns:
        if _header_key(duplicate) in {text.fold(h) for h in column.headers}:
            index = info.columns[column.key]
            first = next(c for c in info.headers if c.column == index)
            return f"«{first.text}» ({first.ref})"
    raise AssertionError(f"{duplicate.address} names no column of the standard")


def _header_key(cell: Cell) -> str:
    return _header_key_of(cell.text)


def _header_key_of(label: str) -> str:
    """The matching key of a header or parameter label, as the reader matches them."""
    return text.fold(label.rstrip("*: ").strip())


@rule("S006", Level.ERROR)
def merged_cells(org: Organisation) -> Iterator[Draft]:
    """Объединённые ячейки в таблице

    Что проверяется: в строке заголовков и в строках данных нет объединённых ячеек.
    Почему это важно: у объединённых ячеек значение хранится только в левой верхней; остальные
    procxl видит пустыми. Объединённый заголовок прячет колонку, объединённые строки данных
    теряют значения во всех строках, кроме первой.
    Как исправить: выделите ячейки, на вкладке «Главная» нажмите «Объединить и поместить в
    центре», чтобы снять объединение, и впишите значение в каждую ячейку.
    """
    for sheet, info in _readable(org):
        used = set(info.columns.values())
        reach = positions_by_row(org, sheet.key) if info.merged else {}
        for area in info.merged:
            first_address, _, last_address = area.partition(":")
            first, last = a1_cell(info.name, first_address), a1_cell(info.name, last_address)
            columns = range(first.column or 0, (last.column or 0) + 1)
            in_header = first.row <= info.header_row
            if not in_header and not used.intersection(columns):
                continue  # the user's own columns: procxl neither reads nor writes them
            if in_header and len(columns) > 1:
                message = (
                    f"В строке заголовков объединены ячейки {area}: колонки за первой остались "
                    "без заголовка, и их данные не читаются."
                )
                affects = sheet_positions(org, sheet.key)
            else:
                message = (
                    f"Ячейки {area} объединены: procxl видит значение только в {first.ref}, "
                    f"а остальные ячейки — пустыми."
                )
                rows = range(first.row, last.row + 1)
                affects = set().union(*(reach.get(r, ()) for r in rows))
            yield at(
                first,
                message,
                f"Выделите {area}, снимите объединение («Главная» → «Объединить и поместить в "
                "центре») и заполните каждую ячейку.",
                affects=affects,
            )


@rule("S007", Level.ERROR)
def formulas_without_values(org: Organisation) -> Iterator[Draft]:
    """Формулы без сохранённых значений

    Что проверяется: у каждой формулы в таблице сохранено вычисленное значение.
    Почему это важно: procxl не вычисляет формулы, а читает значения, которые сохранил Excel.
    Если файл сохранила программа, которая формулы не пересчитывает (выгрузка из другой
    системы, скрипт, некоторые онлайн-редакторы), значений нет и ячейки читаются пустыми.
    Как исправить: откройте файл в Excel и сохраните его: Excel пересчитает формулы и сохранит
    значения. Или замените формулы значениями («Вставить» → «Значения»).
    """
    for sheet, info in _readable(org):
        used = set(info.columns.values())
        cells = [a1_cell(info.name, address) for address in info.uncached_formulas]
        cells = [c for c in cells if c.row >= info.header_row and c.column in used]
        if not cells:
            continue
        cells.sort(key=lambda c: (c.row, c.column or 0))
        listed = ", ".join(c.ref or "" for c in cells[:FORMULAS_LISTED])
        more = " и другие" if len(cells) > FORMULAS_LISTED else ""
        count = text.plural(len(cells), "формула", "формулы", "формул")
        reach = positions_by_row(org, sheet.key)
        affects = set().union(*(reach.get(c.row, ()) for c in cells))
        if cells[0].row == info.header_row:
            affects |= sheet_positions(org, sheet.key)
        yield at(
            cells[0],
            f"На листе «{info.name}» {count} без сохранённого значения ({listed}{more}): файл "
            "сохранила программа, которая не вычисляет формулы, и procxl видит эти ячейки "
            "пустыми.",
            "Откройте файл в Excel и сохраните его — Excel пересчитает формулы. Или замените "
            "формулы значениями: «Копировать», затем «Вставить» → «Значения».",
            affects=affects,
        )


@rule("S008", Level.NOTE)
def unknown_column(org: Organisation) -> Iterator[Draft]:
    """Колонка не из стандарта

    Что проверяется: заголовки колонок, которых нет в стандарте.
    Почему это важно: такие колонки разрешены и сохраняются без изменений, но procxl их не
    читает. Если это колонка стандарта с опечаткой в заголовке, её данные не попадут в
    документы.
    Как исправить: если колонка ваша — ничего делать не нужно. Если это колонка стандарта,
    исправьте заголовок.
    """
    for sheet, info in _present(org):
        headers = {text.fold(h): c.header for c in sheet.columns for h in c.headers}
        for cell in info.unknown:
            match = difflib.get_close_matches(_header_key(cell), list(headers), n=1, cutoff=0.8)
            hint = (
                f"Если это колонка «{headers[match[0]]}», исправьте заголовок; если колонка "
                "ваша, ничего делать не нужно."
                if match
                else "Если колонка ваша, ничего делать не нужно. Колонки стандарта: "
                + _quoted_list([c.header for c in sheet.columns]) + "."
            )
            yield at(cell, f"Колонку «{cell.text}» procxl не читает: её нет в стандарте.", hint)


@rule("S009", Level.NOTE)
def header_not_in_first_row(org: Organisation) -> Iterator[Draft]:
    """Заголовок не в первой строке

    Что проверяется: строка заголовков стоит в строке 1, как в шаблоне.
    Почему это важно: procxl находит заголовок и ниже, но всё, что выше него, не читает; кроме
    того, выпадающие списки и закрепление областей в шаблоне рассчитаны на строку 1.
    Как исправить: удалите строки над заголовком (название таблицы можно перенести в имя
    листа или в примечание).
    """
    for sheet, info in _readable(org):
        if info.header_row == sheet.header_row:
            continue
        column = min(info.columns.values())
        header = next(c for c in info.headers if c.column == column)
        yield at(
            header,
            f"Заголовки найдены в строке {info.header_row} (первый — «{header.text}»), а не в "
            f"строке {sheet.header_row}; строки выше не читаются.",
            f"Удалите строки 1–{info.header_row - 1} над заголовками или перенесите из них "
            "нужное в таблицу.",
        )


@rule("S010", Level.ERROR)
def required_sheet_empty(org: Organisation) -> Iterator[Draft]:
    """Обязательный лист не заполнен

    Что проверяется: на обязательных листах («Подразделения», «Должности», «Процессы»,
    «Исполнители») под заголовком есть хотя бы одна заполненная строка.
    Почему это важно: без подразделений, должностей, процессов и исполнителей не из чего
    составить должностные обязанности и профили.
    Как исправить: заполните лист, начиная со строки под заголовком. Порядок работы — в листе
    «Инструкция».
    """
    for sheet, info in _readable(org):
        if sheet.required and not sheet.params and info.data_rows == 0:
            yield at(
                info,
                f"Лист «{info.name}» пуст: под заголовком нет ни одной заполненной строки.",
                f"Заполните лист «{info.name}», начиная со строки {info.header_row + 1}.",
                affects=(ALL_POSITIONS,),
            )


@rule("S011", Level.ERROR)
def required_parameter_missing(org: Organisation) -> Iterator[Draft]:
    """Не заполнен обязательный параметр организации

    Что проверяется: на листе «Организация» есть строка «Наименование организации» и в ней
    заполнено значение.
    Почему это важно: наименование организации стоит в шапке каждого документа и в каждой
    вакансии.
    Как исправить: в колонке «Параметр» найдите строку «Наименование организации» (или
    добавьте её) и впишите в колонку «Значение» полное наименование, как в документах.
    """
    sheet = schema.ORGANISATION
    info = org.sheets[sheet.key]
    if not info.present or "parameter" not in info.columns:
        return
    label, value = sheet.column("parameter").header, sheet.column("value").header
    for param in _missing_required_params(org):
        similar = _unknown_param_like(org, param)
        if similar is not None:
            yield at(
                similar.label,
                f"На листе «{info.name}» нет строки «{param.label}»; похоже, это строка "
                f"«{similar.label.text}».",
                f"Исправьте название параметра на «{param.label}». {param.hint}",
                affects=(ALL_POSITIONS,),
            )
        else:
            yield at(
                info,
                f"На листе «{info.name}» нет строки «{param.label}».",
                f"Добавьте строку: в колонке «{label}» — «{param.label}», в колонке «{value}» — "
                f"значение. {param.hint}",
                affects=(ALL_POSITIONS,),
            )
    for param in sheet.params:
        row = next((p for p in org.parameters if p.key == param.key), None)
        if param.required and row is not None and not row.value.text:
            yield at(
                row.value,
                f"Не заполнено значение параметра «{row.label.text}».",
                f"Впишите значение в колонку «{value}». {param.hint}",
                affects=(ALL_POSITIONS,),
            )


def _missing_required_params(org: Organisation) -> list[schema.Param]:
    given = {p.key for p in org.parameters}
    return [p for p in schema.ORGANISATION.params if p.required and p.key not in given]


def _closest_param(label: str) -> schema.Param | None:
    """The standard parameter a label not in the standard most likely means."""
    by_key = {text.fold(p.label): p for p in schema.ORGANISATION.params}
    match = difflib.get_close_matches(_header_key_of(label), list(by_key), n=1, cutoff=0.8)
    return by_key[match[0]] if match else None


def _unknown_param_like(org: Organisation, param: schema.Param) -> Parameter | None:
    """The first row whose label is not in the standard but looks like a misspelt `param`."""
    for row in org.parameters:
        if row.key is None and row.label.text and _closest_param(row.label.text) is param:
            return row
    return None


@rule("S013", Level.NOTE)
def unknown_parameter(org: Organisation) -> Iterator[Draft]:
    """Параметр организации не из стандарта

    Что проверяется: на листе «Организация» в колонке «Параметр» стоят только параметры
    стандарта, а у каждого значения есть название параметра.
    Почему это важно: другие строки разрешены, но procxl их не читает. Если это параметр
    стандарта с опечаткой, его значение не попадёт в документы.
    Как исправить: если строка ваша, ничего делать не нужно. Если это параметр стандарта,
    исправьте его название, как в пустом шаблоне procxl.
    """
    sheet = schema.ORGANISATION
    missing = _missing_required_params(org)
    labels = _quoted_list([p.label for p in sheet.params])
    for row in org.parameters:
        if row.key is not None:
            continue
        if not row.label.text:
            if row.value.text and row.label.column is not None:
                yield at(
                    row.label,
                    f"У значения «{row.value.text}» не указано, какой это параметр.",
                    f"Впишите в колонку «{sheet.column('parameter').header}» название "
                    f"параметра: {labels}.",
                )
            continue
        param = _closest_param(row.label.text)
        if param in missing:
            continue  # S011 points at this row as the missing required one
        yield at(
            row.label,
            f"Параметр «{row.label.text}» procxl не читает: его нет в стандарте.",
            f"Если это параметр «{param.label}», исправьте название; если строка ваша, ничего "
            "делать не нужно." if param else
            f"Если строка ваша, ничего делать не нужно. Параметры стандарта: {labels}.",
        )


@rule("S014", Level.ERROR)
def parameter_repeated(org: Organisation) -> Iterator[Draft]:
    """Параметр организации указан дважды с разными значениями

    Что проверяется: каждый параметр листа «Организация» стоит в одной строке, а если
    повторяется, то с тем же значением.
    Почему это важно: procxl берёт первое значение, а второе не читает; какое из них верное,
    неизвестно, а параметры организации попадают в каждый документ.
    Как исправить: оставьте одну строку с верным значением и удалите вторую.
    """
    first: dict[str, Parameter] = {}
    for row in org.parameters:
        if row.key is None:
            continue
        earlier = first.setdefault(row.key, row)
        if earlier is row or text.fold(earlier.value.text) == row.value.key:
            continue
        yield at(
            row.value,
            f"Параметр «{row.label.text}» уже указан в строке {earlier.row} "
            f"(«{earlier.value.text}»); procxl берёт его, а «{row.value.text}» не читает.",
            f"Оставьте одну строку «{row.label.text}» с верным значением и удалите другую.",
            affects=(ALL_POSITIONS,),
        )


@rule("S012", Level.ERROR)
def excel_error_value(org: Organisation) -> Iterator[Draft]:
    """Ошибка Excel в ячейке

    Что проверяется: ни в одной ячейке таблиц нет значения ошибки Excel: #Н/Д (#N/A),
    #ССЫЛКА! (#REF!), #ЗНАЧ! (#VALUE!), #ДЕЛ/0!, #ИМЯ? и других.
    Почему это важно: обычно так выглядит формула, которая не нашла нужное значение (например,
    ВПР по удалённой строке). В документ такая ячейка попала бы как бессмысленный текст.
    Как исправить: найдите, почему формула выдаёт ошибку, и исправьте её или впишите значение
    вручную.
    """
    for sheet, info in _readable(org):
        if not info.error_values:  # the reader saw none: no need to look at every cell
            continue
        found = [
            (record, cell)
            for record in records(org, sheet.key)
            for cell in record_cells(record)
            if cell.kind is ValueKind.ERROR
        ]
        reach = positions_by_row(org, sheet.key) if found else {}
        for record, cell in found:
            shown = EXCEL_ERRORS_RU.get(cell.text, cell.text)
            aka = f" ({cell.text})" if shown != cell.text else ""
            yield at(
                cell,
                f"В ячейке ошибка Excel «{shown}»{aka} вместо значения.",
                "Если в ячейке формула, исправьте её (обычно она ссылается на удалённую или "
                "переименованную строку); иначе впишите значение вручную.",
                affects=reach[record.row],
            )
