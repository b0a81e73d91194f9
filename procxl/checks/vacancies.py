"""Vacancy rules: what a published vacancy must not say, and what hh.ru needs to accept it."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator

from procxl import schema, text
from procxl.checks.common import missing_position, parse_number, record_cells
from procxl.checks.discrimination import LAW, Phrase, discriminating_phrases
from procxl.checks.discrimination import STEMS as _STEMS
from procxl.checks.discrimination import lower_text as _lowered
from procxl.checks.findings import Draft, Level, at
from procxl.checks.names import excerpt
from procxl.checks.profiles import include_choice
from procxl.checks.registry import rule
from procxl.model import Cell, Organisation, Vacancy, ValueKind

VACANCIES = schema.VACANCIES
POSITIONS = schema.POSITIONS

def _describe(phrases: list[Phrase]) -> str:
    grounds = list(dict.fromkeys(p.ground.dative for p in phrases))
    words = ", ".join(f"«{p.words}»" for p in phrases)
    joined = grounds[0] if len(grounds) == 1 else ", ".join(grounds[:-1]) + " и " + grounds[-1]
    return f"ограничивают кандидатов по {joined}: {words}"


def _suspects(cells: Iterable[Cell]) -> list[Cell]:
    """The text cells that may hold a forbidden word, found in one pass over all their text."""
    texts = [c for c in cells if c.text and c.kind is ValueKind.TEXT]
    starts = list(itertools.accumulate((len(c.text) + 1 for c in texts), initial=0))
    joined = _lowered("\n".join(c.text for c in texts))
    hits = {bisect.bisect_right(starts, m.start()) - 1 for m in _STEMS.finditer(joined)}
    return [texts[i] for i in sorted(hits)]


def _by_cell(cells: Iterable[Cell]) -> Iterator[tuple[Cell, list[Phrase]]]:
    """The cells whose text has forbidden words; the items of a list cell taken together."""
    grouped: dict[tuple[str, int, int | None], list[Phrase]] = {}
    first: dict[tuple[str, int, int | None], Cell] = {}
    for cell in _suspects(cells):
        phrases = discriminating_phrases(cell.text)
        if phrases:
            where = (cell.sheet, cell.row, cell.column)
            first.setdefault(where, cell)
            grouped.setdefault(where, []).extend(phrases)
    for where, phrases in grouped.items():
        yield first[where], phrases


_DISCRIMINATION_HINT = (
    "Удалите эти слова: по закону в вакансии нельзя ставить условия о поле, возрасте, "
    "семейном положении, внешности, национальности или месте жительства кандидата "
    f"({LAW}). Опишите вместо этого, что человек должен знать и уметь."
)


@rule("V001", Level.ERROR)
def discrimination_in_vacancy(org: Organisation) -> Iterator[Draft]:
    """Дискриминационные требования в вакансии

    Что проверяется: в ячейках листа «Вакансии» нет слов, которые ограничивают кандидатов по
    полу, возрасту, семейному положению, внешности, национальности или месту жительства:
    «девушка», «мужчины», «до 35 лет», «от 25 до 40 лет», «молодой коллектив», «не старше»,
    «пенсионеры», «замужем», «без детей», «славянской внешности», «приятной внешности»,
    «прописка» и похожих.
    Почему это важно: статьи 3 и 64 Трудового кодекса РФ и закон «О занятости населения в
    Российской Федерации» запрещают такие требования в вакансиях; за публикацию штрафуют
    (ст. 13.11.1 КоАП РФ), а сайты вакансий такие объявления отклоняют. Всё, что написано на
    листе «Вакансии», попадает в текст вакансии.
    Как исправить: удалите эти слова и опишите, что кандидат должен знать и уметь.
    """
    for vacancy in org.vacancies:
        for cell, phrases in _by_cell(record_cells(vacancy)):
            yield at(
                cell,
                f"Текст «{excerpt(cell.text)}» попадёт в вакансию, а его слова "
                f"{_describe(phrases)}.",
                _DISCRIMINATION_HINT,
                affects={vacancy.position.key} - {""},
            )


def _profile_cells(org: Organisation) -> Iterator[Cell]:
    """The texts that go into vacancies through the position profiles."""
    for parameter in org.parameters:
        if parameter.key == "about":
            yield parameter.value
    for value in org.values:
        yield from (value.value, value.explanation)
    for performer in org.performers:
        yield from performer.functions
    for row in org.competencies:
        yield from (*row.general_knowledge, *row.subject_knowledge, *row.skills, *row.qualities)
    for profile in org.profiles:
        if include_choice(profile.include) is not False:
            yield profile.wording


@rule("V002", Level.WARNING)
def discrimination_in_profile(org: Organisation) -> Iterator[Draft]:
    """Дискриминационные слова в тексте, который попадает в вакансию

    Что проверяется: те же слова, что и в правиле V001, в текстах, из которых procxl
    составляет вакансию: «О компании» на листе «Организация», ценности, функции исполнителей,
    знания, навыки и личные качества на листе «Компетенции», пункты профилей.
    Почему это важно: эти тексты попадают в профиль должности и в текст вакансии, а закон
    запрещает требования к полу, возрасту, семейному положению, внешности и месту жительства
    кандидата (ст. 3 и 64 Трудового кодекса РФ, закон «О занятости населения в Российской
    Федерации»).
    Как исправить: переформулируйте пункт так, чтобы он описывал знания, навыки и качества, а
    не пол, возраст или семью. Если слово стоит в другом смысле, ничего делать не нужно.
    """
    for cell, phrases in _by_cell(_profile_cells(org)):
        yield at(
            cell,
            f"Текст «{excerpt(cell.text)}» может попасть в вакансию, а его слова "
            f"{_describe(phrases)}.",
            _DISCRIMINATION_HINT + " Если слова здесь в другом смысле, ничего делать не нужно.",
        )


# Salary, position and hh.ru choices ---------------------------------------------------------

def _salaries(vacancy: Vacancy) -> Iterator[Cell]:
    yield from (vacancy.salary_from, vacancy.salary_to)


def _header(cell_key: str) -> str:
    return VACANCIES.column(cell_key).header


def _salary_key(vacancy: Vacancy, cell: Cell) -> str:
    return "salary_from" if cell is vacancy.salary_from else "salary_to"


@rule("V003", Level.ERROR)
def salary_range_reversed(org: Organisation) -> Iterator[Draft]:
    """Зарплата «от» больше зарплаты «до»

    Что проверяется: если заполнены обе суммы, «Зарплата от» не больше «Зарплаты до».
    Почему это важно: вилка «от 120 000 до 90 000» в вакансии выглядит ошибкой, а hh.ru такую
    вакансию не примет.
    Как исправить: поменяйте суммы местами или исправьте опечатку.
    """
    for vacancy in org.vacancies:
        low, high = parse_number(vacancy.salary_from), parse_number(vacancy.salary_to)
        if low is None or high is None or low <= high:
            continue
        yield at(
            vacancy.salary_from,
            f"«{_header('salary_from')}» ({vacancy.salary_from.text}) больше, чем "
            f"«{_header('salary_to')}» ({vacancy.salary_to.text}), в вакансии на должность "
            f"«{vacancy.position.text}».",
            "Поменяйте суммы местами или исправьте опечатку.",
            affects={vacancy.position.key} - {""},
        )


@rule("V004", Level.ERROR)
def salary_not_a_number(org: Organisation) -> Iterator[Draft]:
    """Зарплата — не число

    Что проверяется: в колонках «Зарплата от» и «Зарплата до» записано число.
    Почему это важно: сумма попадает в текст вакансии и в выгрузку для hh.ru, где она должна
    быть числом; «80 тыс.» или «по договорённости» туда не передать.
    Как исправить: впишите сумму цифрами, без «руб.» и «тыс.», например 80000. Если зарплата
    обсуждается на собеседовании, оставьте ячейку пустой.
    """
    for vacancy in org.vacancies:
        for cell in _salaries(vacancy):
            if not cell.text or cell.kind is ValueKind.ERROR or parse_number(cell) is not None:
                continue
            problem = "Excel превратил сумму в дату" if cell.kind is ValueKind.DATE \
                else "это не число"
            yield at(
                cell,
                f"«{_header(_salary_key(vacancy, cell))}» в вакансии на должность "
                f"«{vacancy.position.text}» — «{cell.text}»: {problem}.",
                "Впишите сумму цифрами, без «руб.» и «тыс.», например 80000. Если зарплата "
                "обсуждается на собеседовании, оставьте ячейку пустой.",
                affects={vacancy.position.key} - {""},
            )


@rule("V005", Level.ERROR)
def salary_not_positive(org: Organisation) -> Iterator[Draft]:
    """Зарплата не больше нуля

    Что проверяется: суммы в колонках «Зарплата от» и «Зарплата до» больше нуля.
    Почему это важно: отрицательная или нулевая зарплата в вакансии — опечатка, и hh.ru её не
    примет.
    Как исправить: впишите сумму в рублях до вычета налогов или оставьте ячейку пустой.
    """
    for vacancy in org.vacancies:
        for cell in _salaries(vacancy):
            value = parse_number(cell)
            if value is None or value > 0:
                continue
            yield at(
                cell,
                f"«{_header(_salary_key(vacancy, cell))}» в вакансии на должность "
                f"«{vacancy.position.text}» — «{cell.text}»: сумма должна быть больше нуля.",
                "Впишите сумму в рублях до вычета налогов или оставьте ячейку пустой.",
                affects={vacancy.position.key} - {""},
            )


@rule("V006", Level.ERROR)
def vacancy_unknown_position(org: Organisation) -> Iterator[Draft]:
    """Вакансия на неизвестную должность

    Что проверяется: в каждой строке листа «Вакансии» указана должность с листа «Должности».
    Почему это важно: текст вакансии составляется из профиля должности; без должности его не из
    чего составить.
    Как исправить: выберите должность из выпадающего списка. Если это новая должность,
    сначала добавьте её на лист «Должности» и опишите, какие процессы она выполняет.
    """
    for vacancy in org.vacancies:
        missing = missing_position(org, vacancy.position)
        if missing is None:
            continue
        yield at(
            vacancy.position,
            f"{missing.problem}: вакансию не из чего составить.",
            f"Выберите должность из выпадающего списка. Новую должность сначала добавьте на лист "
            f"«{POSITIONS.name}».",
            affects=missing.affects,
        )


_CHOICE_COLUMNS = tuple(c for c in VACANCIES.columns if c.kind is schema.Kind.CHOICE)


@rule("V007", Level.WARNING)
def vacancy_choice_unknown(org: Organisation) -> Iterator[Draft]:
    """Значение не из списка hh.ru

    Что проверяется: в колонках листа «Вакансии» с выпадающим списком («Опыт работы»,
    «Занятость», «Формат работы», «График работы», «Тип публикации») стоит одно из значений
    списка — тех, что принимает hh.ru. Слова первой версии стандарта («Полный день», «Полная
    занятость») тоже понятны procxl.
    Почему это важно: в тексте вакансии значение появится как есть, но в выгрузку для hh.ru
    попадают только значения из списка: другое значение туда не передать.
    Как исправить: выберите значение из выпадающего списка в ячейке.
    """
    for vacancy in org.vacancies:
        for column in _CHOICE_COLUMNS:
            cell = getattr(vacancy, column.key)
            if not cell.text or cell.kind is ValueKind.ERROR:
                continue
            if cell.key in {text.fold(c) for c in column.accepted}:
                continue
            choices = ", ".join(f"«{c}»" for c in column.choices)
            yield at(
                cell,
                f"«{column.header}» — «{cell.text}»: такого значения нет в списке hh.ru, и в "
                "выгрузку для hh.ru оно не попадёт.",
                f"Выберите значение из выпадающего списка: {choices}.",
            )


@rule("V008", Level.WARNING)
def vacancy_repeated(org: Organisation) -> Iterator[Draft]:
    """Одна должность в вакансиях дважды

    Что проверяется: каждая должность встречается на листе «Вакансии» один раз.
    Почему это важно: для должности составляется одна вакансия, и из двух строк procxl берёт
    одну; условия из другой строки потеряются.
    Как исправить: сведите условия в одну строку, а вторую удалите. Если нужны вакансии в
    разных городах, опубликуйте одну и измените город вручную.
    """
    first: dict[str, Cell] = {}
    for vacancy in org.vacancies:
        cell = vacancy.position
        if not cell.key:
            continue
        seen = first.setdefault(cell.key, cell)
        if seen is cell:
            continue
        yield at(
            cell,
            f"Вакансия на должность «{cell.text}» уже есть в строке {seen.row}.",
            f"Сведите условия в одну строку ({seen.row}) и удалите строку {cell.row}.",
        )


@rule("V009", Level.WARNING)
def vacancy_city_missing(org: Organisation) -> Iterator[Draft]:
    """Не указан город вакансии

    Что проверяется: у вакансии заполнен «Город» на листе «Вакансии» или, если он пуст, «Город»
    на листе «Организация».
    Почему это важно: без города кандидат не знает, где работать, а hh.ru не публикует
    вакансию без региона.
    Как исправить: впишите город в строку вакансии или один раз на листе «Организация» — он
    подставится во все вакансии.
    """
    if org.param("city"):
        return
    label = schema.ORGANISATION.param("city").label
    for vacancy in org.vacancies:
        if vacancy.city.text or not vacancy.position.text:
            continue
        yield at(
            vacancy.city,
            f"У вакансии на должность «{vacancy.position.text}» не указан город, и на листе "
            f"«{schema.ORGANISATION.name}» его тоже нет.",
            f"Впишите город в эту ячейку или в строку «{label}» листа "
            f"«{schema.ORGANISATION.name}».",
        )
