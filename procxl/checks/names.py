"""Name rules: positions and departments are keys, so their spelling must let them match."""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from procxl import schema, text
from procxl.checks.common import column_texts, records
from procxl.checks.findings import Draft, Level, at
from procxl.checks.registry import rule
from procxl.model import Cell, Department, Organisation, Position
from procxl.schema import Kind, Owner, Ref

NAME_REFS = (Ref.POSITION, Ref.DEPARTMENT)
"""The registers whose entries are referred to by name."""

REGISTERS: tuple[schema.Sheet, ...] = tuple(schema.REF_SHEET[ref] for ref in NAME_REFS)

_PLURAL = {Ref.POSITION: "должности", Ref.DEPARTMENT: "подразделения"}

# Latin letters that look like Cyrillic ones: what a word meant when it mixes the two.
_LOOKALIKES = str.maketrans(
    "AaBCcEeHKkMOoPpTXxyëË",
    "АаВСсЕеНКкМОоРрТХхуёЁ",
)
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_EXCERPT = 60


@dataclass(frozen=True, slots=True)
class NameField:
    """A column whose cells hold a name of a register: a reference to it, or its own key."""

    sheet: schema.Sheet
    column: schema.Column
    register: schema.Sheet
    ref: Ref

    @property
    def is_register(self) -> bool:
        return self.column is self.register.columns[0]


def _name_fields() -> tuple[NameField, ...]:
    fields = []
    for sheet, column in schema.iter_columns():
        if sheet.generated:
            continue
        if column.ref in NAME_REFS:
            fields.append(NameField(sheet, column, schema.REF_SHEET[column.ref], column.ref))
        for ref in NAME_REFS:
            register = schema.REF_SHEET[ref]
            if sheet is register and column is register.columns[0]:
                fields.append(NameField(sheet, column, register, ref))
    return tuple(fields)


NAME_FIELDS = _name_fields()
"""Every column of the standard that holds a position or department name."""


Suspects = Callable[["NameField", set[str]], Collection[str]]
"""Which of a name column's distinct texts a rule needs to look at."""


def name_cells(org: Organisation, suspects: Suspects
               ) -> Iterator[tuple[NameField, Any, Cell]]:
    """The filled name cells of the workbook whose text `suspects` picks from its column's
    texts, each with its column and its record. A column's texts are gathered in C and
    judged once: «Профили» names a few hundred positions in 65 000 rows."""
    for field in NAME_FIELDS:
        rows = records(org, field.sheet.key)
        picked = suspects(field, column_texts(rows, field.column.key) - {""})
        if not picked:
            continue
        for record in rows:
            cell = getattr(record, field.column.key)
            if cell.text in picked:
                yield field, record, cell


def cyrillic_spelling(name: str) -> str:
    """The name with the Latin look-alikes of words that mix scripts typed in Cyrillic.

    `Мастер-приeмщик` (a Latin `e`) gives `Мастер-приемщик`; `IT-служба` stays as it is.
    """
    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        return word.translate(_LOOKALIKES) if text.mixed_script_runs(word) else word

    return _LETTER_RUN.sub(fix, name)


@functools.lru_cache(maxsize=1 << 16)
def meant_key(name: str) -> str:
    """The matching key of the name the user meant, Latin look-alikes read as Cyrillic."""
    return text.fold(cyrillic_spelling(name))


def meant_position(org: Organisation, name: str) -> Position | None:
    """The position a name refers to, its Latin look-alikes read as Cyrillic.

    Rules that follow references use it so that one misspelt name gives one finding (N001)
    rather than a cascade of «nobody performs this» findings.
    """
    return org.positions_by_key.get(meant_key(name))


def meant_department(org: Organisation, name: str) -> Department | None:
    """The department a name refers to, its Latin look-alikes read as Cyrillic."""
    return org.departments_by_key.get(meant_key(name))


def register_spellings(org: Organisation) -> dict[str, dict[str, Cell]]:
    """The name cells of each register (by sheet key) by matching key; the first of duplicates
    wins."""
    found: dict[str, dict[str, Cell]] = {}
    for register in REGISTERS:
        spellings = found[register.key] = {}
        for record in records(org, register.key):
            cell = getattr(record, register.columns[0].key)
            if cell.key:
                spellings.setdefault(cell.key, cell)
    return found


def excerpt(value: str) -> str:
    """A value short enough to quote in a message."""
    return value if len(value) <= _EXCERPT else value[: _EXCERPT - 1].rstrip() + "…"


def latin_letters(value: str) -> str:
    """`в слове «приeмщик» латинские буквы: e` for each word of the value that mixes scripts."""
    return "; ".join(
        f"в слове «{word}» латинские буквы: {', '.join(letters)}"
        for word, letters in text.mixed_script_runs(value)
    )


def _department_positions(org: Organisation, department_key: str) -> set[str]:
    return {
        meant_key(p.name.text)
        for p in org.positions
        if p.name.key and department_key in (p.department.key, meant_key(p.department.text))
    }


def _touched(org: Organisation, field: NameField, record: Any) -> set[str]:
    """The positions whose documents a misspelt name in this record reaches.

    The owner of a process finds the process in his main document; a head or a parent of a
    department is named in no position's documents; a department's own name is in the
    documents of its positions.
    """
    if hasattr(record, "position"):
        return {meant_key(record.position.text)} - {""}
    if field.sheet is schema.PROCESSES:
        return {meant_key(record.owner.text)} - {""}
    if field.sheet is schema.POSITIONS:
        return {meant_key(record.name.text)} - {""}
    if field.sheet is schema.DEPARTMENTS and field.is_register:
        return _department_positions(org, meant_key(record.name.text))
    return set()


@rule("N001", Level.ERROR)
def mixed_script_name(org: Organisation) -> Iterator[Draft]:
    """Латинские буквы в русском названии

    Что проверяется: в названиях должностей и подразделений — на листах «Должности»,
    «Подразделения» и везде, где на них ссылаются (исполнители, владельцы процессов,
    руководители, компетенции, профили, вакансии), — нет слов, в которых русские буквы
    смешаны с латинскими. Слова целиком на латинице (IT-, HR-, call-) допустимы.
    Почему это важно: латинские «е», «о», «р», «с», «х», «а» выглядят так же, как русские, но
    для программы это другие буквы: такое название не совпадает ни с одной должностью, и
    исполнитель, руководитель или вакансия «пропадают» из документов.
    Как исправить: сотрите латинские буквы, которые названы в сообщении, и наберите их заново в
    русской раскладке. Там, где есть выпадающий список, проще выбрать название из него.
    """
    spellings = register_spellings(org)
    for field, record, cell in name_cells(org, lambda _, texts: text.mixed_script_texts(texts)):
        hint = "Сотрите эти буквы и наберите их заново в русской раскладке"
        known = spellings[field.register.key].get(meant_key(cell.text))
        if field.is_register:
            hint += "."
        elif known is not None:
            hint += (f" или выберите «{known.text}» из выпадающего списка: так название "
                     f"совпадёт с листом «{field.register.name}».")
        else:
            hint += " или выберите название из выпадающего списка."
        yield at(
            cell,
            f"В названии «{cell.text}» смешаны русские и латинские буквы: "
            f"{latin_letters(cell.text)}.",
            hint,
            affects=_touched(org, field, record),
        )


@rule("N002", Level.NOTE)
def name_spelt_differently(org: Organisation) -> Iterator[Draft]:
    """Название написано иначе, чем в реестре

    Что проверяется: ссылка на должность или подразделение написана так же, как на листе
    «Должности» или «Подразделения», а не отличается от него только заглавными буквами или «ё»
    вместо «е». Колонки, которые заполняет сам procxl, не проверяются.
    Почему это важно: procxl считает такие названия одним и тем же, поэтому это не ошибка. Но
    разные написания одного названия мешают искать и фильтровать в Excel, а в документы
    попадает написание с листа «Должности».
    Как исправить: замените название написанием из реестра, проще всего — выбрав его из
    выпадающего списка.
    """
    spellings = register_spellings(org)

    def spelt_otherwise(field: NameField, texts: set[str]) -> set[str]:
        if field.is_register or field.column.owner is Owner.PROCXL:
            return set()  # procxl copies its columns from the user's, where the note is made
        register = spellings[field.register.key]
        return {t for t in texts if (known := register.get(text.fold(t))) is not None
                and known.text != t and not text.mixed_script_runs(t)}

    for field, _record, cell in name_cells(org, spelt_otherwise):
        known = spellings[field.register.key][cell.key]
        yield at(
            cell,
            f"«{cell.text}» написано не так, как на листе «{field.register.name}»: "
            f"«{known.text}» ({known.address}). Это одно и то же название, но одинаковое "
            "написание легче искать и сверять.",
            f"Замените на «{known.text}» — проще всего выбрать из выпадающего списка.",
        )


@rule("N003", Level.ERROR)
def duplicate_register_name(org: Organisation) -> Iterator[Draft]:
    """Одно название дважды в реестре

    Что проверяется: на листах «Должности» и «Подразделения» каждое название встречается один
    раз. Названия сравниваются без учёта заглавных букв, лишних пробелов и разницы между «ё» и
    «е»: «Мастер-приёмщик» и «мастер-приемщик» — одно название.
    Почему это важно: название — ключ, по которому procxl находит должность или подразделение.
    Из двух одинаковых строк берётся только первая, а то, что записано во второй (другое
    подразделение, руководитель, ставки), в документы не попадает.
    Как исправить: оставьте одну строку, перенесите в неё нужные сведения из второй и удалите
    вторую. Если это действительно разные должности или подразделения, назовите их по-разному.
    """
    for ref, register in zip(NAME_REFS, REGISTERS, strict=True):
        header = register.columns[0].header
        first: dict[str, Cell] = {}
        for record in records(org, register.key):
            cell = getattr(record, register.columns[0].key)
            if not cell.key:
                continue
            if cell.key not in first:
                first[cell.key] = cell
                continue
            seen = first[cell.key]
            message = f"{header} «{cell.text}» уже есть в строке {seen.row}"
            if seen.text != cell.text:
                message += (f" как «{seen.text}»: без учёта заглавных букв, пробелов и «ё» это "
                            "одно и то же название")
            if ref is Ref.POSITION:
                affects = {cell.key}
            else:
                affects = _department_positions(org, cell.key)
            yield at(
                cell,
                message + ".",
                f"Оставьте одну строку: перенесите нужное из строки {cell.row} в строку "
                f"{seen.row} и удалите строку {cell.row}. Если это разные {_PLURAL[ref]}, "
                "назовите их по-разному.",
                affects=affects,
            )


_TEXT_OF = operator.attrgetter("text")


def _free_text_columns(org: Organisation) -> Iterator[list[Cell]]:
    """The filled cells of every text column that reaches documents, except names and
    codes, a column at a time (the items of a list column one by one); parameters first."""
    names = {(f.sheet.key, f.column.key) for f in NAME_FIELDS}
    yield [p.value for p in org.parameters if p.key is not None]
    for sheet in schema.USER_SHEETS:
        if sheet.params or sheet is schema.STANDARDS:  # the Ministry's text, as published
            continue
        rows = records(org, sheet.key)
        for column in sheet.columns:
            if (sheet.key, column.key) in names or column.kind is not Kind.TEXT:
                continue
            values = map(operator.attrgetter(column.key), rows)
            yield list(itertools.chain.from_iterable(values)) if column.is_list else list(values)


@rule("N004", Level.NOTE)
def mixed_script_text(org: Organisation) -> Iterator[Draft]:
    """Латинские буквы в русском слове

    Что проверяется: в остальных текстах, которые попадают в документы и вакансии (названия и
    описания процессов, функции, цели, компетенции, условия вакансий, сведения об
    организации), нет слов, в которых русские буквы смешаны с латинскими.
    Почему это важно: на экране и на бумаге такое слово выглядит обычным, но поиск по
    документу и поиск вакансий на сайтах его не находят, а проверка орфографии подчёркивает.
    Как исправить: сотрите латинские буквы, названные в сообщении, и наберите их заново в
    русской раскладке.
    """
    judged: set[str] = set()  # each text is judged once, most stand in many rows
    mixed: set[str] = set()
    for cells in _free_text_columns(org):
        texts = set(map(_TEXT_OF, cells))
        new = texts - judged
        judged |= new
        mixed |= text.mixed_script_texts(new)
        bad = texts & mixed
        for cell in cells if bad else ():  # cells looked at only in a column with one
            if cell.text in bad:
                yield at(
                    cell,
                    f"В тексте «{excerpt(cell.text)}» смешаны русские и латинские буквы: "
                    f"{latin_letters(cell.text)}.",
                    "Сотрите эти буквы и наберите их заново в русской раскладке.",
                )
