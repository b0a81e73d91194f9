"""Competency and profile rules: what each position must know, and what goes into its profile."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator

from procxl import schema, text
from procxl.checks.common import (
    MissingPosition,
    code_key,
    column_texts,
    field_cell,
    missing_position,
    per_organisation,
    usable,
)
from procxl.checks.findings import Draft, Level, at
from procxl.checks.names import meant_key, meant_position
from procxl.checks.registry import rule
from procxl.model import Cell, CompetencyRow, Organisation, ProfileRow, ValueKind

COMPETENCIES = schema.COMPETENCIES
PROFILES = schema.PROFILES
PERFORMERS = schema.PERFORMERS
POSITIONS = schema.POSITIONS

USER_LISTS = tuple(c.key for c in COMPETENCIES.columns if c.owner is schema.Owner.USER)
"""The competency lists the user fills: knowledge, skills, qualities."""

_SECTIONS = {text.fold(s): s for s in schema.PROFILE_SECTIONS}
_CHOICES = {text.fold(c): c for c in schema.YES_NO}
_WRONG_LAYOUT = {"lf": schema.YES, "ytn": schema.NO}
"""`да` and `нет` typed with the English keyboard layout on."""

Pair = tuple[str, str]


def _pair(position: Cell, code: Cell) -> Pair:
    return meant_key(position.text), code_key(code.text)


@per_organisation
def _duties(org: Organisation) -> dict[Pair, Cell]:
    """The (position, process code) pairs of `Исполнители`, each with its first position cell."""
    found: dict[Pair, Cell] = {}
    for performer in org.performers:
        if performer.position.key and usable(performer.process_code):
            found.setdefault(_pair(performer.position, performer.process_code),
                             performer.position)
    return found


def _filled(row: CompetencyRow) -> bool:
    return any(getattr(row, key) for key in USER_LISTS)


def _headers(keys: tuple[str, ...]) -> str:
    return ", ".join(f"«{COMPETENCIES.column(k).header}»" for k in keys)


@rule("C001", Level.WARNING)
def competency_row_without_duty(org: Organisation) -> Iterator[Draft]:
    """Строка компетенций без исполнителя

    Что проверяется: каждой строке листа «Компетенции» (должность и код процесса) соответствует
    строка листа «Исполнители» с той же должностью и тем же процессом.
    Почему это важно: так бывает, когда должность перестала выполнять процесс, процесс удалили
    или ему сменили код. procxl такую строку не удаляет, чтобы не потерять то, что вы вписали, но её
    знания и навыки больше не попадают в профиль должности.
    Как исправить: если должность по-прежнему выполняет процесс, добавьте строку на лист
    «Исполнители». Если нет — перенесите нужные знания и навыки в актуальную строку и удалите
    эту строку сами.
    """
    duties = _duties(org)
    for row in org.competencies:
        if meant_position(org, row.position.text) is None:
            continue  # C003 speaks for it
        if not usable(row.process_code) or _pair(row.position, row.process_code) in duties:
            continue
        if org.process(row.process_code.text) is None:
            why = (f"процесса с таким кодом нет на листе «{schema.PROCESSES.name}»: его удалили "
                   "или сменили ему код")
        else:
            why = "должность больше не выполняет этот процесс или у процесса сменился код"
        kept = " Знания и навыки этой строки не попадут в профиль." if _filled(row) else ""
        yield at(
            row.process_code,
            f"На листе «{PERFORMERS.name}» нет пары «{row.position.text}» — процесс "
            f"«{row.process_code.text}»: {why}.{kept}",
            f"Если должность выполняет процесс, добавьте строку на лист «{PERFORMERS.name}». "
            "Если нет, перенесите нужное в актуальную строку и удалите эту: procxl сам такие "
            "строки не удаляет.",
        )


@rule("C002", Level.NOTE)
def duty_without_competencies(org: Organisation) -> Iterator[Draft]:
    """Не заполнены компетенции для функции должности

    Что проверяется: для каждой пары «должность — процесс» с листа «Исполнители» на листе
    «Компетенции» заполнен хотя бы один из списков: общие знания, предметные знания, навыки,
    личные качества.
    Почему это важно: из этих списков составляется профиль должности, а по нему — требования
    вакансии. Если они пусты, профиль получится без знаний и навыков.
    Как исправить: нажмите «Обновить таблицы», чтобы на листе «Компетенции» появились строки
    для всех исполнителей, и заполните для строки знания, навыки и личные качества.
    """
    info = org.sheets[COMPETENCIES.key]
    if not info.present:
        return
    duties = {
        pair: cell
        for pair, cell in _duties(org).items()
        if pair[0] in org.positions_by_key and org.process(pair[1]) is not None
    }
    if not duties:
        return
    if not org.competencies:
        yield at(
            info,
            f"Лист «{info.name}» пуст: для исполнителей процессов не указаны знания, навыки и "
            "личные качества, и профили должностей будут без них.",
            "Нажмите «Обновить таблицы» (procxl update): на листе появятся строки для всех "
            f"исполнителей. Затем заполните колонки {_headers(USER_LISTS)}.",
        )
        return
    rows: dict[Pair, CompetencyRow] = {}
    for row in org.competencies:
        pair = _pair(row.position, row.process_code)
        if pair not in rows or _filled(row):
            rows[pair] = row
    for pair, position in duties.items():
        row = rows.get(pair)
        if row is not None and _filled(row):
            continue
        duty = f"«{position.text}» — процесс {pair[1]}"
        if row is None:
            yield at(
                position,
                f"Для пары {duty} на листе «{COMPETENCIES.name}» нет строки: знания, навыки и "
                "личные качества для этой работы не указаны.",
                f"Нажмите «Обновить таблицы»: строка появится на листе «{COMPETENCIES.name}». "
                f"Заполните в ней колонки {_headers(USER_LISTS)}.",
            )
        else:
            yield at(
                field_cell(org, COMPETENCIES.key, row, USER_LISTS[0]),
                f"Для пары {duty} не заполнены знания, навыки и личные качества.",
                f"Заполните в этой строке колонки {_headers(USER_LISTS)}: по пункту в строке "
                "ячейки.",
            )


@rule("C003", Level.WARNING)
def competency_row_unknown_position(org: Organisation) -> Iterator[Draft]:
    """Компетенции для неизвестной должности

    Что проверяется: должность в каждой строке листа «Компетенции» есть на листе «Должности».
    Почему это важно: обычно так бывает после того, как должность переименовали или удалили.
    Знания и навыки этой строки не попадают ни в один профиль.
    Как исправить: если должность переименована, перенесите знания и навыки в строку с новым
    названием (она появится после «Обновить таблицы») и удалите старую строку. Если должности
    больше нет, удалите строку.
    """
    for row in org.competencies:
        missing = missing_position(org, row.position)
        if missing is None:
            continue
        yield at(
            row.position,
            f"{missing.problem}: знания и навыки этой строки не попадут ни в один профиль.",
            "Если должность переименована, перенесите знания и навыки в строку с новым "
            "названием (она появится после «Обновить таблицы») и удалите эту строку. Если "
            "должности больше нет, удалите строку.",
        )


def is_manual(row: ProfileRow) -> bool:
    """Whether the user added the profile row by hand (`Откуда` = вручную)."""
    return _names_manual(row.source.text)


@functools.lru_cache(maxsize=1 << 12)
def _names_manual(source: str) -> bool:
    # cached by text: the merge and three rules ask of each of 65 000 rows, and a few
    # thousand process lists stand in them
    manual = text.fold(schema.MANUAL_SOURCE)
    return any(text.fold(item) == manual for item in text.split_list(source))


def standard_section(cell: Cell) -> str | None:
    """The section of the standard a `Раздел` cell names, however spelt; None if none."""
    return standard_section_text(cell.text)


def standard_section_text(value: str) -> str | None:
    """:func:`standard_section` of a cell's text."""
    return _SECTIONS.get(text.fold(value))


def choices_clear(rows: tuple[ProfileRow, ...], key: str) -> bool:
    """Whether every text of a «да»/«нет» column of `Профили` is a choice (or empty)."""
    return all(include_text_choice(t) is not None for t in column_texts(rows, key))


def include_choice(cell: Cell) -> bool | None:
    """Whether a `Включить` cell puts the item into the profile: empty means yes; None when
    the value is neither yes nor no."""
    return include_text_choice(cell.text)


def include_text_choice(value: str) -> bool | None:
    """:func:`include_choice` of a cell's text."""
    if not value:
        return True
    choice = _CHOICES.get(text.fold(value))
    return None if choice is None else choice == schema.YES


def _unknown_profile_rows(
    org: Organisation, manual: bool
) -> Iterator[tuple[ProfileRow, MissingPosition]]:
    judged: dict[str, MissingPosition | None] = {}  # by text: 800 names over 65 000 rows
    for row in org.profiles:
        name = row.position.text
        if name not in judged:
            judged[name] = missing_position(org, row.position)
        missing = judged[name]
        if missing is not None and is_manual(row) == manual:
            yield row, missing


@rule("C004", Level.ERROR)
def own_profile_row_unknown_position(org: Organisation) -> Iterator[Draft]:
    """Свой пункт профиля для неизвестной должности

    Что проверяется: в строках листа «Профили», которые вы добавили сами («Откуда» —
    «вручную»), указана должность с листа «Должности».
    Почему это важно: такой пункт вы вписали, чтобы он попал в профиль, но должность не
    найдена, и пункт не попадёт ни в один профиль.
    Как исправить: выберите должность из выпадающего списка. Если должность переименована,
    укажите новое название.
    """
    for row, missing in _unknown_profile_rows(org, manual=True):
        yield at(
            row.position,
            f"{missing.problem}: ваш пункт «{row.wording.text}» не попадёт ни в один профиль.",
            "Выберите должность из выпадающего списка; если её переименовали, укажите новое "
            "название.",
            affects=missing.affects,
        )


@rule("C005", Level.WARNING)
def profile_row_unknown_position(org: Organisation) -> Iterator[Draft]:
    """Строка профиля для неизвестной должности

    Что проверяется: в строках листа «Профили», которые добавил procxl, указана должность с
    листа «Должности».
    Почему это важно: так бывает, когда должность переименовали или удалили. Строка
    сохраняется вместе с вашим выбором «да» или «нет», но ни в один профиль не попадает.
    Как исправить: если должность переименована, нажмите «Обновить таблицы» — появятся строки
    с новым названием — и перенесите свой выбор в них. Старые строки удалите.
    """
    for row, missing in _unknown_profile_rows(org, manual=False):
        yield at(
            row.position,
            f"{missing.problem}: пункт «{row.wording.text}» не попадёт ни в один "
            "профиль.",
            "Если должность переименована, нажмите «Обновить таблицы», перенесите выбор «да» "
            "или «нет» в новые строки и удалите эту. Если должности больше нет, удалите строку.",
        )


@rule("C006", Level.ERROR)
def unknown_profile_section(org: Organisation) -> Iterator[Draft]:
    """Неизвестный раздел профиля

    Что проверяется: в колонке «Раздел» листа «Профили» указан один из разделов профиля:
    Общие знания, Предметные знания, Навыки, Личные качества, Ценности, Функциональные
    обязанности, Области ответственности. Строки с «нет» в колонке «Включить» не проверяются.
    Почему это важно: пункт с другим или пустым разделом не попадёт ни в один раздел профиля,
    то есть пропадёт из документа.
    Как исправить: выберите раздел из выпадающего списка.
    """
    if all(map(standard_section_text, column_texts(org.profiles, "section"))):
        return  # every row names a section of the standard
    sections = ", ".join(schema.PROFILE_SECTIONS)
    for row in org.profiles:
        if not row.wording.text or include_choice(row.include) is False:
            continue
        if standard_section(row.section) is not None:
            continue
        what = f"раздел «{row.section.text}» не из списка" if row.section.text else \
            "раздел не указан"
        yield at(
            row.section,
            f"У пункта «{row.wording.text}» {what}: он не попадёт в профиль должности "
            f"«{row.position.text}».",
            f"Выберите раздел из выпадающего списка: {sections}.",
            affects={row.position.key} - {""},
        )


@rule("C007", Level.ERROR)
def include_not_yes_no(org: Organisation) -> Iterator[Draft]:
    """«Включить» — не «да» и не «нет»

    Что проверяется: в колонке «Включить» листа «Профили» стоит «да», «нет» или ничего.
    Пустая ячейка значит «да»: так procxl добавляет новые пункты.
    Почему это важно: по другому значению нельзя понять, нужен ли пункт в профиле, а угадывать
    нельзя — профиль получился бы не таким, как вы решили.
    Как исправить: выберите «да» или «нет» из выпадающего списка.
    """
    if choices_clear(org.profiles, "include"):
        return
    column = PROFILES.column("include").header
    for row in org.profiles:
        if include_choice(row.include) is not None or row.include.kind is ValueKind.ERROR:
            continue
        hint = f"Выберите в колонке «{column}» «{schema.YES}» или «{schema.NO}»."
        meant = _WRONG_LAYOUT.get(text.fold(row.include.text))
        if meant:
            hint = (f"Похоже, это «{meant}», набранное в английской раскладке. " + hint)
        yield at(
            row.include,
            f"В колонке «{column}» у пункта «{row.wording.text}» значение «{row.include.text}»: "
            f"непонятно, включать ли его в профиль.",
            hint,
            affects={row.position.key} - {""},
        )


@rule("C008", Level.WARNING)
def duplicate_profile_wording(org: Organisation) -> Iterator[Draft]:
    """Пункт профиля повторяется

    Что проверяется: в пределах одной должности и одного раздела листа «Профили» каждая
    формулировка встречается один раз (без учёта заглавных букв, пробелов и «ё»).
    Почему это важно: procxl сам объединяет одинаковые пункты, поэтому повтор обычно
    появляется, когда свой пункт дописан вручную. В профиль он попадёт дважды, а если у
    повторов разный выбор «да» и «нет», непонятно, какой из них верный.
    Как исправить: оставьте одну строку с нужным выбором «да» или «нет», вторую удалите.
    """
    rows = org.profiles
    # each row's key, made in C from the three columns (65 000 rows after an update)
    keys = list(zip(*(map(text.fold, map(operator.attrgetter(f"{column}.text"), rows))
                      for column in ("position", "section", "wording")), strict=True))
    if len(set(keys)) == len(keys):
        return  # no two rows alike
    first: dict[tuple[str, str, str], ProfileRow] = {}
    for row, key in zip(rows, keys, strict=True):
        if not key[0] or not key[2]:
            continue
        seen = first.setdefault(key, row)
        if seen is row:
            continue
        clash = ""
        if include_choice(seen.include) != include_choice(row.include):
            clash = (f" В строке {seen.row} выбрано «{seen.include.text or schema.YES}», а "
                     f"здесь — «{row.include.text or schema.YES}».")
        yield at(
            row.wording,
            f"Пункт «{row.wording.text}» в разделе «{row.section.text}» должности "
            f"«{row.position.text}» уже есть в строке {seen.row}.{clash}",
            f"Оставьте одну из строк {seen.row} и {row.row} с нужным выбором «{schema.YES}» "
            f"или «{schema.NO}», другую удалите.",
        )
