"""What no vacancy may say: requirements of sex, age, family status, looks, origin or place of
residence, found in a text (the vacancy rules report them; the vacancy leaves them out)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from procxl import text

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


STEMS = re.compile(
    r"(?<!\w)(?:не|пред|без)?(?:мужчин|женщин|девуш|юнош|парн|парен|мужск|женск|пол(?!\w)|"
    r"возраст|молод|пенсион|замуж|женат|холост|дет(?:и|ей)(?!\w)|детн|семейн|декрет|беремен|"
    r"внешн|славян|национальн|вероисповед|кожи|прописк|регистрац|местн|иногородн)|"
    r"\d\d\s*(?:-?(?:х|ти|и)\s*)?(?:лет|год)|старше|моложе"
)
"""A quick test that a text may hold one of the PATTERNS: most texts hold none of them."""


def lower_text(value: str) -> str:
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
    lowered = lower_text(value)
    if not STEMS.search(lowered):
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
