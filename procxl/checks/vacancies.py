"""Vacancy rules: what a published vacancy must not say, and what hh.ru needs to accept it."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from procxl import schema, text
from procxl.checks.common import missing_position, parse_number, record_cells
from procxl.checks.findings import Draft, Level, at
from procxl.checks.names import excerpt
from procxl.checks.profiles import include_choice
from procxl.checks.registry import rule
from procxl.model import Cell, Organisation, Vacancy, ValueKind

VACANCIES = schema.VACANCIES
POSITIONS = schema.POSITIONS

LAW = "ст. 3 и 64 Трудового кодекса РФ, закон «О занятости населения в Российской Федерации»"
"""What forbids it. The employment law is named without an article: the 1991 law (article 25)
gave way to Federal Law No. 565-FZ in 2024, and both forbid it."""


# Discrimination ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Ground:
    """A ground on which a vacancy must not sort candidates."""

    dative: str  # after «ограничивает кандидатов по …»


SEX = Ground("полу")
AGE = Ground("возрасту")
FAMILY = Ground("семейному положению")
ORIGIN = Ground("внешности или происхождению")
RESIDENCE = Ground("месту жительства")

_AGES = range(14, 81)
"""Two-digit numbers that can only be a person's age next to «лет»."""

_YEARS = r"\s*(?:-?(?:х|ти|и))?\s*(?:лет|года?)"
_ADJECTIVE = r"\w+(?:ой|ый|ий|ая|яя|ое|ее|ые|ие|ых|их|ым|им|ую|юю)"
_PEOPLE = (r"(?:коллектив|команд|специалист|сотрудник|кандидат|человек|люд|девуш|парн|мужчин|"
           r"женщин|соискател|работник|мам)\w*")
_NOT_A_PERSON_BEFORE = re.compile(
    r"опыт|стаж|гарант|срок|эксплуатац|пробег|автомоб|машин|транспорт|оборудов|детал|рынк"
)
"""Words that make a number of years or an age about a thing: «опыт от 10 до 15 лет»."""
_NOT_A_PERSON_AFTER = re.compile(
    r"^\s*(?:гарант|эксплуатац|стаж|опыт|служб|пробег|на\s+рынк|назад|с\s+момента)"
)
_CLAUSE_END = re.compile(r"[.;!?\n]|,\s")
_WORDS_BEFORE = 4


def _number(group: int, ages: range = _AGES) -> Callable[[re.Match[str]], bool]:
    return lambda m: int(m.group(group)) in ages


def _adult(group: int) -> Callable[[re.Match[str]], bool]:
    """A lower bound of age above 18: an adult-only vacancy may say «от 18 лет»."""
    return _number(group, range(19, _AGES.stop))


def _both(m: re.Match[str]) -> bool:
    return int(m.group(1)) in _AGES and int(m.group(2)) in _AGES


def _older_than(m: re.Match[str]) -> bool:
    return int(m.group(2)) in (_AGES if m.group(1) else range(19, _AGES.stop))


_AGE_LIMITS = (
    r"(?:от\s+\d{2}(?:\s+до\s+\d{2})?|до\s+\d{2}|не\s+(?:старше|моложе)\s+\d{2}|"
    rf"\d{{2}}(?:\s*[-–—]\s*\d{{2}})?)(?:{_YEARS})?"
)
"""How an age is limited after the word «возраст»: «от 25 до 40 лет», «: 20–35»."""
_FROM = re.compile(r"(?<!\w)от(?!\w)")


def _ages_said(m: re.Match[str]) -> bool:
    """Whether the numbers are ages, and not just «от 18» that an adult-only job may say."""
    numbers = [int(n) for n in re.findall(r"\d+", m.group(0))]
    if not all(n in _AGES for n in numbers):
        return False
    if len(numbers) == 1 and _FROM.search(m.group(0)):
        return numbers[0] > 18
    return True


def _always(_m: re.Match[str]) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class _Pattern:
    ground: Ground
    regex: re.Pattern[str]
    holds: Callable[[re.Match[str]], bool] = _always
    about_people: bool = False  # skip when the words around make it about a thing


def _p(ground: Ground, pattern: str, holds: Callable[[re.Match[str]], bool] = _always,
       *, about_people: bool = False) -> _Pattern:
    return _Pattern(ground, re.compile(rf"(?<!\w)(?:{pattern})(?!\w)"), holds, about_people)


PATTERNS: tuple[_Pattern, ...] = (
    _p(SEX, r"мужчин\w*|женщин\w*|девуш(?:к\w*|ек)|юнош\w*|"
            r"парн(?:и|ей|я|ю|ем|ям|ями|ях)|парень"),
    _p(SEX, r"(?:мужск|женск)\w*\s+(?:пол|коллектив|команд)\w*"),
    _p(SEX, r"пол\s*[:\-–—]?\s*(?:муж|жен)\w*"),
    _p(AGE, rf"(?:в\s+)?возраст\w*\s*[:\-–—]?\s*{_AGE_LIMITS}", _ages_said, about_people=True),
    _p(AGE, r"возраст\w*\s+(?:кандидат|соискател|сотрудник|работник|специалист|претендент)\w*"),
    _p(AGE, rf"от\s+(\d{{2}})\s+до\s+(\d{{2}}){_YEARS}", _both, about_people=True),
    _p(AGE, rf"(\d{{2}})\s*[-–—]\s*(\d{{2}}){_YEARS}", _both, about_people=True),
    _p(AGE, rf"до\s+(\d{{2}}){_YEARS}", _number(1), about_people=True),
    _p(AGE, rf"(?:от|не\s+моложе)\s+(\d{{2}}){_YEARS}", _adult(1), about_people=True),
    _p(AGE, r"(не\s+)?старше\s+(\d{2})", _older_than, about_people=True),
    _p(AGE, r"моложе\s+(\d{2})", _number(1), about_people=True),
    _p(AGE, rf"(\d{{2}}){_YEARS}\s+и\s+старше", _adult(1), about_people=True),
    _p(AGE, rf"(\d{{2}}){_YEARS}\s+и\s+моложе", _number(1), about_people=True),
    _p(AGE, rf"молод\w*\s+(?:и\s+)?(?:{_ADJECTIVE}\s+(?:и\s+)?)?{_PEOPLE}"),
    _p(AGE, r"(?:пред)?пенсионер\w*|(?:пред)?пенсионн\w*\s+возраст\w*|предпенсион\w*"),
    _p(FAMILY, r"(?:не)?замуж\w*|(?:не)?женат\w*"),
    _p(FAMILY, r"холост\w*(?!\w)(?!\s+(?:ход|оборот|пробег|выстрел|патрон))"),
    _p(FAMILY, r"без\s+детей|бездетн\w*|(?:наличи|отсутстви)\w*\s+(?:\w+\s+)?детей|"
               r"(?:есть|нет|имеются)\s+дет(?:и|ей)|детей\s+нет"),
    _p(FAMILY, r"семейн\w+\s+(?:положени|статус)\w*|декрет\w*|беремен\w*"),
    _p(ORIGIN, rf"(?:{_ADJECTIVE}\s+)?внешност\w*|внешн\w+\s+данн\w*|славян\w*|национальност\w*|"
               r"вероисповедани\w*|цвет\w*\s+кожи"),
    _p(RESIDENCE, r"прописк\w*|(?:постоянн|местн)\w*\s+регистрац\w*|"
                  r"регистрац\w*\s+(?:в\s+(?:москв|санкт|спб|московск|ленинградск|област|"
                  r"город|регион|рф)|по\s+месту\s+жительств)\w*|местн\w+\s+жител\w*|"
                  r"иногородн\w*"),
)
"""What a vacancy must not say, over text in lower case with «ё» read as «е»."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words of a text that sort candidates on a forbidden ground."""

    words: str
    ground: Ground


_STEMS = re.compile(
    r"(?<!\w)(?:не|пред|без)?(?:мужчин|женщин|девуш|юнош|парн|парен|мужск|женск|пол(?!\w)|"
    r"возраст|молод|пенсион|замуж|женат|холост|дет(?:и|ей)(?!\w)|детн|семейн|декрет|беремен|"
    r"внешн|славян|национальн|вероисповед|кожи|прописк|регистрац|местн|иногородн)|"
    r"\d\d\s*(?:-?(?:х|ти|и)\s*)?(?:лет|год)|старше|моложе"
)
"""A quick test that a text may hold one of the PATTERNS: most texts hold none of them."""


def _lowered(value: str) -> str:
    """The text in lower case with «ё» as «е», character for character (same offsets)."""
    lowered = value.lower()
    if len(lowered) != len(value):  # a rare letter whose lower case is longer
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in value)
    return lowered.replace("ё", "е")


def _about_a_thing(lowered: str, start: int, end: int) -> bool:
    """Whether the words right around a match make it about a thing, not a person."""
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(lowered, 0, start)), default=0)
    before = lowered[clause_start:start].split()[-_WORDS_BEFORE:]
    if _NOT_A_PERSON_BEFORE.search(" ".join(before)):
        return True
    return bool(_NOT_A_PERSON_AFTER.match(lowered[end:]))


def discriminating_phrases(value: str) -> list[Phrase]:
    """The words of a text that no vacancy may contain, in reading order."""
    lowered = _lowered(value)
    if not _STEMS.search(lowered):
        return []
    spans: list[tuple[int, int, Ground]] = []
    for pattern in PATTERNS:
        for match in pattern.regex.finditer(lowered):
            if not pattern.holds(match):
                continue
            if pattern.about_people and _about_a_thing(lowered, match.start(), match.end()):
                continue
            spans.append((match.start(), match.end(), pattern.ground))
    spans.sort(key=lambda s: (s[0], s[0] - s[1]))
    found: list[Phrase] = []
    reach = -1
    for start, end, ground in spans:
        if end <= reach:
            continue  # inside a longer phrase already found
        found.append(Phrase(text.clean(value[start:end]), ground))
        reach = end
    return found


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
    kind = ValueKind.TEXT  # looked up once: an enum member costs a descriptor call in 3.11
    texts = [c for c in cells if c.text and c.kind is kind]
    distinct = list(dict.fromkeys(c.text for c in texts))
    starts = list(itertools.accumulate((len(t) + 1 for t in distinct), initial=0))
    joined = _lowered("\n".join(distinct))
    hits = {distinct[bisect.bisect_right(starts, m.start()) - 1]
            for m in _STEMS.finditer(joined)}
    return [c for c in texts if c.text in hits]


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
    """Опыт, график или занятость не из списка hh.ru

    Что проверяется: в колонках «Опыт работы», «График» и «Занятость» листа «Вакансии» стоит
    одно из значений выпадающего списка — тех, что принимает hh.ru.
    Почему это важно: в тексте вакансии значение появится как есть, но в выгрузку для hh.ru
    попадают только значения из списка: другое значение туда не передать.
    Как исправить: выберите значение из выпадающего списка в ячейке.
    """
    for vacancy in org.vacancies:
        for column in _CHOICE_COLUMNS:
            cell = getattr(vacancy, column.key)
            if not cell.text or cell.kind is ValueKind.ERROR:
                continue
            if cell.key in {text.fold(c) for c in column.choices}:
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
