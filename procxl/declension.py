"""Position titles in the genitive, as a document heading needs them: «обязанности менеджера»."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from procxl.text import clean

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse

# Parts before a hyphen that stay as they are: «шеф-повара», «вице-президента», «арт-директора».
# Most are inanimate nouns (бизнес, офис), which the animacy rule below already keeps; the
# animate ones (шеф, генерал) and the ones pymorphy misreads (арт as a name) must be listed.
_FIXED_PREFIXES = frozenset(
    "шеф су вице экс арт бизнес офис пресс интернет контент бренд топ веб медиа фитнес промо "
    "аккаунт продакт проджект генерал обер унтер штаб лейб".split()
)
# Loanwords that do not decline although pymorphy would guess an ending for them.
_INDECLINABLE = frozenset({"хостес"})
# Between titles in one cell: «Бухгалтер (кассир)», «Главный бухгалтер — начальник отдела».
_SEGMENT_BREAK = re.compile(r"(\s*[(),;/]\s*|\s+[-‐‑–—]+\s+)")
_HYPHEN = re.compile(r"([-‐‑–—])")
_LATIN = re.compile(r"[A-Za-z]")
_NAME_LIKE = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})
_MODIFIER_POS = frozenset({"ADJF", "PRTF"})


@dataclass(frozen=True)
class _Readings:
    """The nominative singular readings of a word: as a noun, and as an adjective per gender."""

    noun: Parse | None = None
    adjectives: tuple[Parse, ...] = ()
    invariant: bool = False

    @property
    def genders(self) -> frozenset[str]:
        return frozenset(p.tag.gender for p in self.adjectives)

    def adjective(self, gender: str | None) -> Parse:
        """The adjective reading in `gender`, or the likeliest one when that gender has none."""
        return next((p for p in self.adjectives if p.tag.gender == gender), self.adjectives[0])


_INVARIANT = _Readings(invariant=True)


def genitive(title: str) -> str:
    """The position title in the genitive: «Заведующая складом» → «заведующей складом».

    Only the head noun and the words agreeing with it change; the words depending on it stay as
    written. The result is lower case except abbreviations and Latin parts; a title written
    wholly in capitals stays in capitals. Words pymorphy cannot read are left as they are.
    """
    return _genitive(clean(title))


def genitive_or_override(title: str, override: str) -> str:
    """The workbook's own genitive (column «Должность в родительном падеже») when filled in,
    otherwise the computed one."""
    return clean(override) or genitive(title)


@functools.lru_cache(maxsize=4096)
def _genitive(title: str) -> str:
    if not title:
        return ""
    caps = _is_caps_title(title)
    pieces = _SEGMENT_BREAK.split(title)
    for index in range(0, len(pieces), 2):
        pieces[index] = _segment_genitive(pieces[index], caps=caps, main=index == 0)
    result = "".join(pieces)
    return result if caps else _lower_first_letter(result)


def _segment_genitive(segment: str, *, caps: bool, main: bool) -> str:
    """One title of a cell in the genitive. A segment after the first one (in brackets, after a
    dash or comma) changes only when it names a person: «(вахтер)», not «(категория 1)»."""
    words = segment.split(" ") if segment else []
    readings = [_word_readings(word, caps) for word in words]
    _keep_spaced_prefixes(words, readings)
    plan = _plan(readings)
    if not plan or not (main or _names_person(plan)):
        return segment
    for index, parse in plan.items():
        words[index] = _inflect_word(words[index], parse, caps=caps)
    return " ".join(words)


def _keep_spaced_prefixes(words: list[str], readings: list[_Readings]) -> None:
    """«Бизнес аналитик», «Шеф повар» typed without the hyphen: the prefix still stays."""
    for index, word in enumerate(words[:-1]):
        if word.lower() in _FIXED_PREFIXES and readings[index + 1].noun is not None:
            readings[index] = _INVARIANT


def _plan(readings: list[_Readings]) -> dict[int, Parse]:
    """Which leading words change, each with the nominative reading to inflect.

    The head is the first noun after a run of agreeing adjectives («ведущий научный
    сотрудник»); without one, the last adjective of the run is the head itself («заведующий
    складом», «старший смены»).
    """
    run = _modifier_run(readings)
    for head in range(min(run, len(readings) - 1), -1, -1):
        noun = readings[head].noun
        if noun is not None and _agrees(noun, readings[:head]):
            plan = _modifiers(readings[:head], noun.tag.gender)
            plan[head] = noun
            return plan
    while run and readings[run - 1].invariant:
        run -= 1
    if not run:
        return {}
    gender = _likeliest_gender(readings[:run])
    return _modifiers(readings[:run], gender)


def _modifier_run(readings: list[_Readings]) -> int:
    """How many leading words can be modifiers: adjectives sharing a gender, or abbreviations."""
    genders: frozenset[str] | None = None
    for index, reading in enumerate(readings):
        if reading.invariant:
            continue
        if not reading.adjectives:
            return index
        shared = reading.genders if genders is None else genders & reading.genders
        if not shared:
            return index
        genders = shared
    return len(readings)


def _agrees(noun: Parse, modifiers: list[_Readings]) -> bool:
    """Whether the adjectives can stand before this noun. A masculine noun naming a person also
    takes feminine adjectives («главная бухгалтер»): each word then keeps its own gender."""
    adjectives = [r for r in modifiers if not r.invariant]
    if not adjectives:
        return True
    if "Ms-f" in noun.tag or {"anim", "masc"} <= noun.tag.grammemes:
        return True
    return all(noun.tag.gender in r.genders for r in adjectives)


def _modifiers(readings: list[_Readings], gender: str | None) -> dict[int, Parse]:
    return {i: r.adjective(gender) for i, r in enumerate(readings) if not r.invariant}


def _likeliest_gender(readings: list[_Readings]) -> str | None:
    """The gender of a substantivised adjective group: that of the last word's best reading
    among the genders every word allows («заведующая» is feminine)."""
    adjectives = [r for r in readings if not r.invariant]
    shared = frozenset.intersection(*(r.genders for r in adjectives))
    return next((p.tag.gender for p in adjectives[-1].adjectives if p.tag.gender in shared), None)


def _names_person(plan: dict[int, Parse]) -> bool:
    head = plan[max(plan)]
    return head.tag.POS != "NOUN" or "anim" in head.tag


def _inflect_word(word: str, parse: Parse, *, caps: bool) -> str:
    """The word in the genitive. In a hyphenated noun the last part changes, and an earlier part
    changes too when it names a person itself: «мастера-приемщика», but «шеф-повара»."""
    parts = _HYPHEN.split(word)
    parts[-1] = _inflect_part(parts[-1], parse, caps=caps)
    if parse.tag.POS == "NOUN":
        for index in range(0, len(parts) - 2, 2):
            person = _compound_person(parts[index], caps)
            if person is not None:
                parts[index] = _inflect_part(parts[index], person, caps=caps)
    return "".join(parts)


def _compound_person(part: str, caps: bool) -> Parse | None:
    """The noun reading of a hyphenated word's earlier part if that part declines with it."""
    if part.lower() in _FIXED_PREFIXES:
        return None
    noun = _part_readings(part, caps).noun
    return noun if noun is not None and "anim" in noun.tag else None


def _inflect_part(part: str, parse: Parse, *, caps: bool) -> str:
    inflected = parse.inflect({"gent"})
    if inflected is None:
        return part
    word = inflected.word
    if "ё" not in part.lower():
        word = word.replace("ё", "е")
    return word.upper() if caps else word


def _word_readings(word: str, caps: bool) -> _Readings:
    """A word's readings; a hyphenated word reads as its last part («инженер-программист»)."""
    parts = _HYPHEN.split(word)[::2]
    if not all(parts):
        return _INVARIANT
    return _part_readings(parts[-1], caps)


def _part_readings(part: str, caps: bool) -> _Readings:
    if _is_invariant(part, caps):
        return _INVARIANT
    return _readings(part.lower())


def _is_invariant(part: str, caps: bool) -> bool:
    """Abbreviations, Latin, numbers and indeclinable loanwords stay as written."""
    if not part.isalpha() or _LATIN.search(part) or part.lower() in _INDECLINABLE:
        return True
    if not caps:
        return part.isupper() and len(part) > 1
    lower = part.lower()
    analyzer = _analyzer()
    return not analyzer.word_is_known(lower) or any("Abbr" in p.tag for p in analyzer.parse(lower))


@functools.lru_cache(maxsize=16384)
def _readings(word: str) -> _Readings:
    """The nominative singular readings of a lower-case word, likeliest first.

    pymorphy's first parse is often wrong for titles («техник» as the genitive plural of
    «техника»), so only nominative singular parses count, preferring people and dictionary
    words over guesses. Names count only for words pymorphy does not know («фандрайзер»), else
    «по» would be a surname; prepositions and conjunctions have no readings at all.
    """
    analyzer = _analyzer()
    parses = analyzer.parse(word)
    if any(p.tag.POS in _FUNCTION_POS for p in parses):
        return _Readings()
    known = analyzer.word_is_known(word)
    parses = [p for p in parses if _is_nominative_singular(p) and not (
        known and _NAME_LIKE & p.tag.grammemes)]
    parses.sort(key=_rank)
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    adjectives: dict[str, Parse] = {}
    for parse in parses:
        if parse.tag.POS in _MODIFIER_POS and parse.tag.gender:
            adjectives.setdefault(parse.tag.gender, parse)
    return _Readings(noun=nouns[0] if nouns else None, adjectives=tuple(adjectives.values()))


def _is_nominative_singular(parse: Parse) -> bool:
    tag = parse.tag
    return tag.case == "nomn" and tag.number == "sing" and "Abbr" not in tag


def _rank(parse: Parse) -> tuple[bool, bool, bool, bool, float]:
    tag = parse.tag
    guessed = len(parse.methods_stack) > 1 or (
        type(parse.methods_stack[0][0]).__name__ != "DictionaryAnalyzer"
    )
    return ("anim" not in tag, bool(_NAME_LIKE & tag.grammemes), "Infr" in tag, guessed,
            -parse.score)


def _is_caps_title(title: str) -> bool:
    """A title typed with Caps Lock on («ГЛАВНЫЙ БУХГАЛТЕР»), not a bare abbreviation."""
    return not any(ch.islower() for ch in title) and any(
        len(word) > 4 and word.isalpha() for word in re.split(r"[\s\-()]+", title)
    )


def _lower_first_letter(text: str) -> str:
    """Lower the title's first letter unless it opens an abbreviation or a Latin word."""
    first = _HYPHEN.split(text.split(" ", 1)[0], 1)[0]
    if not first[:1].isupper() or _LATIN.match(first) or (first.isupper() and len(first) > 1):
        return text
    return text[0].lower() + text[1:]


@functools.lru_cache(maxsize=1 << 16)
def in_sentence(phrase: str) -> str:
    """The phrase as it reads inside a sentence: «Наряд-заказ» → «наряд-заказ».

    The first letter is lowered unless the first word is an abbreviation (СТО, CRM), Latin,
    or a name pymorphy knows as one (Казань, Иванов); the rest is kept as written.
    """
    phrase = clean(phrase)
    first = _HYPHEN.split(phrase.split(" ", 1)[0], 1)[0].strip("«»\"'()")
    if not first[:1].isupper() or _LATIN.match(first) or (first.isupper() and len(first) > 1):
        return phrase
    word = re.sub(r"[^\w-]", "", first).lower()
    if word and any(_NAME_LIKE & parse.tag.grammemes for parse in _parses(word)):
        return phrase
    return phrase[0].lower() + phrase[1:] if phrase[0] == first[0] else phrase


@functools.lru_cache(maxsize=1 << 14)
def _parses(word: str) -> tuple[Parse, ...]:
    return tuple(p for p in _analyzer().parse(word) if p.score >= 0.1 or p.tag.POS == "NOUN")


@functools.cache
def _analyzer() -> MorphAnalyzer:
    """The one pymorphy analyzer, made on first use: loading the dictionaries takes a while."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


# Duties in the voice of a job ad: «Находит станции» → «Находить станции» -------------------

_TOKEN = re.compile(r"\S+")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")
# Words after which a verb belongs to another clause: it is not the holder's duty any more.
_SUBORDINATORS = frozenset(
    "который которая которое которые которого которой которых которому которым которыми "
    "котором что чтобы если когда где куда откуда пока поскольку чей чья чьё чьи".split()
)
_COORDINATORS = frozenset({"и", "или", "а", "также"})


def duty_in_infinitive(item: str) -> str:
    """A duty as a job ad says it: the finite verb that opens it, and the verbs joined to that
    one by «и», «или» or a comma, put in the infinitive; the rest kept as written.

    «Ведёт переговоры и проводит презентации» → «Вести переговоры и проводить презентации».
    The opening verb may follow words that cannot be its subject («Вместе с руководителем
    станции вырабатывает меры» → «… вырабатывать меры»). An item whose verb has a subject of
    its own («Клиент получает …»), or that opens with no verb in the third person present
    or future, is returned as it is.
    """
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(item)]
    first = _opening_verb(item, tokens)
    if first is None:
        return item
    index, number = first
    changed = {index}
    clause_open = True
    for position in range(index + 1, len(tokens)):
        start, end = tokens[position]
        raw = item[start:end]
        word = _bare(raw)
        if word in _SUBORDINATORS or "(" in raw:
            clause_open = False
        previous = item[tokens[position - 1][0]:tokens[position - 1][1]]
        joined = previous.endswith(",") or _bare(previous) in _COORDINATORS
        if clause_open and joined and _finite_verb(word, number) is not None:
            changed.add(position)
    out, last = [], 0
    for position in sorted(changed):
        start, end = tokens[position]
        out += [item[last:start], _as_infinitive(item[start:end], number)]
        last = end
    return "".join(out) + item[last:]


def _opening_verb(item: str, tokens: list[tuple[int, int]]) -> tuple[int, str] | None:
    """The index of the duty's first finite verb and its number, when nothing before it
    could be its subject; None otherwise."""
    for index, (start, end) in enumerate(tokens[:8]):
        word = _bare(item[start:end])
        if not word or word in _SUBORDINATORS:
            return None
        for number in ("sing", "plur"):
            if _finite_verb(word, number) is not None:
                before = [_bare(item[s:e]) for s, e in tokens[:index]]
                return None if any(_may_be_subject(w, number) for w in before) else (index,
                                                                                     number)
    return None


def _bare(token: str) -> str:
    return _EDGE.sub("", token).lower()


def _finite_verb(word: str, number: str) -> Parse | None:
    """The likeliest reading of `word` as a verb in the third person, present or future,
    indicative, in `number`; None when it has none."""
    if not word:
        return None
    for parse in _analyzer().parse(word):
        tag = parse.tag
        if tag.POS == "VERB" and tag.person == "3per" and tag.number == number \
                and tag.mood == "indc" and tag.tense in ("pres", "futr"):
            return parse
    return None


def _may_be_subject(word: str, number: str) -> bool:
    return any(p.tag.POS in ("NOUN", "NPRO") and p.tag.case == "nomn" and p.tag.number == number
               and p.score >= 0.05 for p in _analyzer().parse(word)) if word else False


def _as_infinitive(token: str, number: str) -> str:
    """The token with its word in the infinitive, its punctuation and first capital kept."""
    match = re.search(r"\w[\w-]*", token)
    assert match is not None
    parse = _finite_verb(match.group(0).lower(), number)
    assert parse is not None
    word, typed = parse.normal_form, match.group(0)
    if typed.isupper() and len(typed) > 1:
        word = word.upper()
    elif typed[0].isupper():
        word = word[0].upper() + word[1:]
    return token[:match.start()] + word + token[match.end():]
