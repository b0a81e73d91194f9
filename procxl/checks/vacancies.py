"""Vacancy rules: what a published vacancy must not say, and what hh.ru needs to accept it."""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from procxl import hh, job_ad, schema, text
from procxl.checks.common import column_texts, missing_position, parse_number, record_cells
from procxl.checks.discrimination import LAW, Phrase, discriminating_phrases
from procxl.checks.discrimination import STEMS as _STEMS
from procxl.checks.discrimination import lower_text as _lowered
from procxl.checks.findings import Draft, Level, at
from procxl.checks.names import excerpt
from procxl.checks.profiles import choices_clear, include_choice, include_text_choice
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
    """The text cells that may hold a forbidden word, found in one pass over all their text.

    Each distinct text is looked at once: the profile texts of a large book are some
    ninety thousand cells, but a few thousand texts repeated over its rows.
    """
    cells = list(cells)
    distinct = list(set(map(_TEXT_OF, cells)) - {""})  # gathered in C
    starts = list(itertools.accumulate((len(t) + 1 for t in distinct), initial=0))
    joined = _lowered("\n".join(distinct))
    hits = {distinct[bisect.bisect_right(starts, m.start()) - 1]
            for m in _STEMS.finditer(joined)}
    if not hits:
        return []
    kind = ValueKind.TEXT  # looked up once: an enum member costs a descriptor call in 3.11
    return [c for c in cells if c.text in hits and c.kind is kind]


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


_COMPETENCY_TEXTS = ("general_knowledge", "subject_knowledge", "skills", "qualities")


def _profile_cells(org: Organisation) -> Iterable[Cell]:
    """The texts that go into vacancies through the position profiles: gathered by
    chains in C, not a loop over the rows (they are a few hundred thousand cells)."""
    about = [p.value for p in org.parameters if p.key == "about"]
    values = [cell for value in org.values for cell in (value.value, value.explanation)]
    lists = [itertools.chain.from_iterable(map(operator.attrgetter(key), rows))
             for rows, key in ((org.performers, "functions"),
                               *((org.competencies, key) for key in _COMPETENCY_TEXTS))]
    return itertools.chain(about, values, *lists, _included_wordings(org))


def _included_wordings(org: Organisation) -> list[Cell]:
    """The wordings of the profile items not left out with «нет» in `Включить`."""
    left_out = {t for t in column_texts(org.profiles, "include")  # once per text
                if include_text_choice(t) is False}
    if not left_out:
        return list(map(_WORDING, org.profiles))
    return [row.wording for row in org.profiles if row.include.text not in left_out]


_TEXT_OF = operator.attrgetter("text")
_WORDING = operator.attrgetter("wording")


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


# Publishing on hh.ru -------------------------------------------------------------------------

def _for_hh(vacancy: Vacancy) -> bool:
    """A vacancy goes to hh.ru when its tariff (`Тип публикации`) is chosen."""
    return bool(vacancy.billing.text)


@rule("V010", Level.WARNING)
def hh_area_unknown(org: Organisation) -> Iterator[Draft]:
    """Регион hh.ru не найден

    Что проверяется: в колонке «Регион hh.ru» листа «Вакансии» стоит номер региона из
    справочника hh.ru или город, который procxl знает (крупные города России).
    Почему это важно: hh.ru принимает регион только номером из своего справочника; по
    названию, которого procxl не знает, номер не подставить, и в выгрузку регион не попадёт.
    Как исправить: впишите номер региона hh.ru (его видно в адресе страницы поиска вакансий
    этого города на hh.ru: area=…) или название крупного города.
    """
    for vacancy in org.vacancies:
        if vacancy.area.text and hh.area_id(vacancy.area.text) is None:
            yield at(
                vacancy.area,
                f"«{_header('area')}» — «{vacancy.area.text}»: procxl не знает номера этого "
                f"региона на hh.ru, и в выгрузку для hh.ru он не попадёт.",
                "Впишите номер региона из справочника hh.ru, например 88 для Казани, или "
                "название крупного города.",
            )


@rule("V011", Level.WARNING)
def hh_field_missing(org: Organisation) -> Iterator[Draft]:
    """Для публикации на hh.ru не хватает данных

    Что проверяется: у вакансии, для которой выбран «Тип публикации» (значит, она пойдёт на
    hh.ru), известны регион и профессиональная роль hh.ru.
    Почему это важно: без региона и профессиональной роли hh.ru не опубликует вакансию:
    API отвечает ошибкой, даже если всё остальное заполнено.
    Как исправить: впишите номер профессиональной роли из справочника hh.ru в колонку
    «Профессиональная роль hh.ru» и город или номер региона в «Регион hh.ru» (или город в
    «Город»).
    """
    for vacancy in org.vacancies:
        if not _for_hh(vacancy):
            continue
        where = f"вакансии на должность «{vacancy.position.text}»"
        if not vacancy.role.text:
            yield at(vacancy.role,
                     f"Для публикации {where} на hh.ru нужна профессиональная роль hh.ru.",
                     f"Впишите в «{_header('role')}» номер роли из справочника hh.ru, например "
                     f"70 — «Менеджер по продажам, менеджер по работе с клиентами».")
        elif hh.role_id(vacancy.role.text) is None:
            yield at(vacancy.role,
                     f"«{_header('role')}» — «{vacancy.role.text}»: hh.ru принимает роль только "
                     f"номером из своего справочника.",
                     "Впишите номер роли, например 70.")
        city = vacancy.city.text or org.param("city")
        if not vacancy.area.text and hh.area_id(city) is None:
            said = f"город «{city}» procxl не знает" if city else "город не указан"
            yield at(vacancy.area,
                     f"Для публикации {where} на hh.ru нужен регион: {said}.",
                     f"Впишите в «{_header('area')}» номер региона из справочника hh.ru или "
                     "название крупного города.")


def _vacancy_contexts(org: Organisation
                      ) -> Iterator[tuple[Vacancy, Callable[..., dict[str, Any]]]]:
    """Each vacancy of a known position with what its files will say: a function giving
    the context with its grammar or, quicker, with the words as typed (the same items,
    lengths a few letters apart: `job_ad.VOICE_SLACK`)."""
    rows = job_ad.profile_rows_by_position(org)
    vacancies = job_ad.vacancies_by_position(org)
    candidates = job_ad.candidates_without_rows(org, vacancies)
    for key, vacancy in vacancies.items():
        position = org.positions_by_key[key]
        items = job_ad.chosen_items(org, rows.get(key, []), candidates.get(key, []))
        yield vacancy, functools.partial(job_ad.context, org, position, vacancy, items)


@rule("V012", Level.WARNING)
def description_too_short(org: Organisation) -> Iterator[Draft]:
    """Описание вакансии короче или длиннее, чем принимает hh.ru

    Что проверяется: в описании вакансии (о компании, обязанности, требования, условия — всё,
    кроме заголовка и контактов) от 200 до 10 000 знаков.
    Почему это важно: hh.ru не публикует вакансию с описанием короче 200 знаков (кандидат по
    нему не поймёт, что за работа) или длиннее 10 000; procxl описание не обрезает, чтобы не
    пропала ни одна обязанность.
    Как исправить: заполните «О компании (для вакансий)» на листе «Организация», функции
    должности на листе «Исполнители» и её знания и навыки на листе «Компетенции» или
    «Условия» вакансии.
    """
    for vacancy, made in _vacancy_contexts(org):
        length = _description_length(made)
        where = f"Описание вакансии на должность «{vacancy.position.text}» — {length} знаков"
        if length < hh.DESCRIPTION_MIN_LENGTH:
            yield at(
                vacancy.position,
                f"{where}, а hh.ru требует не меньше {hh.DESCRIPTION_MIN_LENGTH}.",
                f"Дополните «{schema.ORGANISATION.param('about').label}» на листе "
                f"«{schema.ORGANISATION.name}», функции должности на листе "
                f"«{schema.PERFORMERS.name}», её знания и навыки на листе "
                f"«{schema.COMPETENCIES.name}» или «Условия» вакансии.",
            )
        elif length > hh.DESCRIPTION_MAX_LENGTH:
            yield at(
                vacancy.position,
                f"{where}, а hh.ru принимает не больше "
                f"{text.thousands(hh.DESCRIPTION_MAX_LENGTH)}.",
                f"На листе «{schema.PROFILES.name}» поставьте «{schema.NO}» в колонке "
                f"«{schema.PROFILES.column('to_vacancy').header}» у пунктов, без которых "
                "объявление обойдётся, или сократите «О компании» и «Условия».",
            )


def _description_length(made: Callable[..., dict[str, Any]]) -> int:
    """The description's length: exact (the duties in the infinitive) only when the quick
    one, of the words as typed, is near enough to hh.ru's bounds for the grammar to matter."""
    quick = made(grammar=False)
    slack = job_ad.VOICE_SLACK * sum(len(duty.split()) for duty in quick["duties"])
    length = job_ad.description_length(quick)
    if hh.DESCRIPTION_MIN_LENGTH + slack <= length <= hh.DESCRIPTION_MAX_LENGTH - slack:
        return length
    return job_ad.description_length(made(grammar=True))


@rule("V013", Level.WARNING)
def too_many_key_skills(org: Organisation) -> Iterator[Draft]:
    """Ключевых навыков больше, чем берёт hh.ru

    Что проверяется: у должности с вакансией не больше 30 навыков, которые войдут в вакансию.
    Почему это важно: hh.ru принимает не больше 30 ключевых навыков; в выгрузку procxl
    передаст первые 30, а остальные кандидат на hh.ru не увидит.
    Как исправить: на листе «Профили» поставьте «нет» в колонке «В вакансию» у навыков, без
    которых объявление обойдётся: они останутся в профиле.
    """
    limit = hh.KEY_SKILLS_MAX_COUNT
    for vacancy, made in _vacancy_contexts(org):
        skills = made(grammar=False)["key_skills"]
        if len(skills) <= limit:
            continue
        left = ", ".join(f"«{s}»" for s in skills[limit:limit + 5])
        more = f" и ещё {len(skills) - limit - 5}" if len(skills) > limit + 5 else ""
        yield at(
            vacancy.position,
            f"У вакансии на должность «{vacancy.position.text}» {len(skills)} ключевых навыков, "
            f"а hh.ru берёт не больше {limit}: в выгрузку не попадут {left}{more}.",
            f"На листе «{schema.PROFILES.name}» поставьте «{schema.NO}» в колонке "
            f"«{schema.PROFILES.column('to_vacancy').header}» у навыков, без которых "
            "объявление обойдётся.",
        )


@rule("V014", Level.WARNING)
def to_vacancy_not_yes_no(org: Organisation) -> Iterator[Draft]:
    """«В вакансию» — не «да» и не «нет»

    Что проверяется: в колонке «В вакансию» листа «Профили» стоит «да», «нет» или ничего
    (пусто значит «да»).
    Почему это важно: по другому значению не понять, выводить ли пункт в объявление; procxl
    выведет его, а вы, возможно, хотели его скрыть.
    Как исправить: выберите «да» или «нет» из выпадающего списка.
    """
    if choices_clear(org.profiles, "to_vacancy"):
        return
    column = schema.PROFILES.column("to_vacancy").header
    for row in org.profiles:
        if include_choice(row.to_vacancy) is not None or row.to_vacancy.kind is ValueKind.ERROR:
            continue
        yield at(
            row.to_vacancy,
            f"В колонке «{column}» у пункта «{row.wording.text}» значение "
            f"«{row.to_vacancy.text}»: непонятно, выводить ли его в вакансию.",
            f"Выберите «{schema.YES}» или «{schema.NO}».",
        )
