"""The functional analysis of positions against professional standards.

What a position does (its functions in `Исполнители`) is compared with what each particular
work function (ТФ) of the imported standards consists of (its name and labour actions), as
the method asks: a standard is chosen by the work, not by the position's name.

How texts are compared. Each text becomes a bag of terms: words are lemmatised with
pymorphy3, and function words (prepositions, conjunctions, particles, pronouns) and a short
list of words every labour action uses («работа», «обеспечение», «соответствие») are dropped.
Functions are written as verbs («Настраивает сервер») and labour actions as nouns («Настройка
сервера»), whose lemmas differ; so each lemma of six letters or more also gives its first
five letters as a second term, which joins «настраивать» and «настройка», «проверять» and
«проверка». Terms are weighted by TF-IDF over the ТФ of every imported standard (a word found
in few ТФ says more than one found in many), with a sublinear term frequency, and texts are
compared by the cosine of their vectors. TF-IDF with cosine was chosen over BM25 because
functions are short and ТФ are of very different lengths: the cosine's normalisation keeps
long ТФ from winning by bulk, and it has no parameters to tune on a small hand-made set.

The ОТФ suggested for a position is found in two steps (see :func:`rank`): first the
standard whose ТФ best cover all of its functions (the sum, over the functions, of each
function's best similarity to a ТФ of the standard), then the ОТФ of that standard whose
own ТФ do. It is shown when it covers at least one function (a function counts as covered
from a similarity of 0.2), marked weak when it covers no more than a third of them or
when the functions' average similarity to it is below 0.2. Each
function is then shown next to the closest ТФ of that standard (or of the standard the
position's `Профстандарт` names), and the labour actions of the chosen ОТФ that no function
comes close to are listed.

Measured on the hand-made set `tests/data/standards_cases.toml` (37 positions against all
standards of `tests/data/profstandards`), the first suggestion is the specialist's ОТФ for
36 of them, 97 % (`python bench/standards.py`).
"""

from __future__ import annotations

import functools
import math
import re
import signal
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from procxl import pivots, standards, text
from procxl.model import Organisation
from procxl.standards import GeneralisedFunction, Standard, WorkFunction

COVERED = 0.2
"""The similarity from which a function counts as covered by a ТФ (and a labour action by a
function)."""

_STEM = 5
_WORD = re.compile(r"[а-яёa-z0-9]+(?:-[а-яёa-z0-9]+)*")
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "PRED", "NUMR"})
_STOP = frozenset("""
работа работать работник выполнение выполнять осуществление осуществлять обеспечение
обеспечивать проведение проводить соответствие соответствовать требование необходимый
организация основа рамка помощь участие участвовать использование использовать применение
применять другой иной свой весь который этот данный также целое часть случай вопрос
порядок согласно
""".split())
"""Words nearly every labour action or function uses, matched by lemma (the verb and its
noun are both listed)."""


@functools.lru_cache(maxsize=1 << 16)
def _terms_of_word(word: str) -> tuple[str, ...]:
    from procxl.declension import _analyzer  # the one analyzer procxl loads

    parse = _analyzer().parse(word)[0]
    if _FUNCTION_WORDS & parse.tag.grammemes:
        return ()
    lemma = parse.normal_form.replace("ё", "е")
    if lemma in _STOP or (len(lemma) < 3 and not lemma.isdigit()):
        return ()
    if len(lemma) > _STEM:
        return (lemma, lemma[:_STEM] + "~")
    return (lemma,)


@functools.lru_cache(maxsize=1 << 16)
def terms(phrase: str) -> tuple[str, ...]:
    """The terms a text gives: lemmas of its content words, and their five-letter stems."""
    found: list[str] = []
    for word in _WORD.findall(phrase.lower()):
        found += _terms_of_word(word)
    return tuple(found)


Vector = Mapping[str, float]


def _counts(items: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


@dataclass(frozen=True)
class _Target:
    standard: Standard
    otf: GeneralisedFunction
    tf: WorkFunction


class Index:
    """The ТФ of some standards, ready to be compared with texts."""

    def __init__(self, imported: Sequence[Standard]) -> None:
        self.targets = [_Target(s, g, f) for s in imported for g in s.generalised
                        for f in g.functions]
        # each ТФ's standard and ОТФ as small numbers, for ranking without hashing records
        self.standards = list(imported)
        self.otfs = [(n, g) for n, s in enumerate(imported) for g in s.generalised]
        otf_number = {id(g): i for i, (_, g) in enumerate(self.otfs)}
        standard_number = {id(s): n for n, s in enumerate(imported)}
        self.standard_of = [standard_number[id(t.standard)] for t in self.targets]
        self.otf_of = [otf_number[id(t.otf)] for t in self.targets]
        bags = [_counts(t for part in (f.tf.name, *f.tf.labour_actions) for t in terms(part))
                for f in self.targets]
        frequency = _counts(term for bag in bags for term in bag)
        n = len(bags)
        self.idf = {term: math.log((1 + n) / (1 + df)) + 1 for term, df in frequency.items()}
        self.vectors = [self._vector(bag) for bag in bags]
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for index, vector in enumerate(self.vectors):
            for term, weight in vector.items():
                self.postings.setdefault(term, []).append((index, weight))

    def _vector(self, bag: Mapping[str, int]) -> dict[str, float]:
        weights = {t: (1 + math.log(c)) * self.idf.get(t, 0.0) for t, c in bag.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {t: w / norm for t, w in weights.items() if w} if norm else {}

    @functools.lru_cache(maxsize=1 << 14)  # noqa: B019 - one index per update, few texts
    def vector(self, phrase: str) -> dict[str, float]:
        """The weighted, normalised terms of a text."""
        return self._vector(_counts(terms(phrase)))

    @functools.lru_cache(maxsize=1 << 14)  # noqa: B019
    def scores(self, phrase: str) -> dict[int, float]:
        """The similarity of the text with every ТФ sharing a term with it, by ТФ index:
        their cosine, halved when they share a single word (one word in common, however
        rare, is a coincidence more often than a match)."""
        found: dict[int, float] = {}
        words: dict[int, set[str]] = {}
        for term, weight in self.vector(phrase).items():
            word = term.rstrip("~")[:_STEM]
            for index, other in self.postings.get(term, ()):
                found[index] = found.get(index, 0.0) + weight * other
                words.setdefault(index, set()).add(word)
        return {i: score if len(words[i]) > 1 else score / 2 for i, score in found.items()}

    @functools.lru_cache(maxsize=1 << 14)  # noqa: B019
    def best(self, phrase: str) -> tuple[dict[int, float], dict[int, float]]:
        """The text's best similarity to a ТФ of each standard and of each ОТФ, by number."""
        by_standard: dict[int, float] = {}
        by_otf: dict[int, float] = {}
        standard_of, otf_of = self.standard_of, self.otf_of
        for i, score in self.scores(phrase).items():
            n, o = standard_of[i], otf_of[i]
            if score > by_standard.get(n, 0.0):
                by_standard[n] = score
            if score > by_otf.get(o, 0.0):
                by_otf[o] = score
        return by_standard, by_otf

    @functools.lru_cache(maxsize=1 << 14)  # noqa: B019
    def match(self, phrase: str, standard: int | None) -> FunctionMatch:
        """:func:`match` for the standard of this number (None: any), kept: a large
        organisation repeats its functions."""
        return _match(self, phrase, standard)

    def similarity(self, a: str, b: str) -> float:
        va, vb = self.vector(a), self.vector(b)
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(w * vb.get(t, 0.0) for t, w in va.items())


@dataclass(frozen=True, slots=True)
class FunctionMatch:
    """A position's function next to its closest ТФ."""

    function: str
    standard: Standard | None
    otf: GeneralisedFunction | None
    tf: WorkFunction | None
    score: float
    labour_actions: tuple[str, ...]  # the ТФ's labour actions closest to the function

    @property
    def covered(self) -> bool:
        return self.tf is not None and self.score >= COVERED


@dataclass(frozen=True, slots=True)
class Suggestion:
    standard: Standard
    otf: GeneralisedFunction
    score: float  # the sum over the functions of their best similarity to its standard
    covered: int = 0  # how many of the functions a ТФ of its standard covers

    @property
    def label(self) -> str:
        """«06.026 B «Администрирование …», уровень 5»."""
        return f"{self.standard.code} {self.otf.code} «{self.otf.name}», уровень {self.otf.level}"


@dataclass(frozen=True, slots=True)
class PositionAnalysis:
    position: str
    matches: tuple[FunctionMatch, ...]
    ranking: tuple[Suggestion, ...]  # the suggested ОТФ; empty when it covers no function
    chosen: tuple[Standard, GeneralisedFunction] | None  # the user's, or a strong suggestion
    uncovered_actions: tuple[tuple[WorkFunction, str], ...]  # of the chosen ОТФ

    @property
    def suggestion(self) -> Suggestion | None:
        return self.ranking[0] if self.ranking else None


def rank(index: Index, functions: Sequence[str]) -> list[Suggestion]:
    """The ОТФ of the index by how well they cover `functions`, best first.

    First the standard: the one whose ТФ, taken together, come closest to the functions
    (a position often does the work of several ОТФ of one standard). Then, within it, the
    ОТФ whose own ТФ come closest. The other standards' best ОТФ follow, in their order.
    """
    by_standard: dict[int, float] = {}
    covered: dict[int, int] = {}
    by_otf: dict[int, float] = {}
    for function in dict.fromkeys(functions):
        standards_best, otfs_best = index.best(function)
        for n, score in standards_best.items():
            by_standard[n] = by_standard.get(n, 0.0) + score
            covered[n] = covered.get(n, 0) + (score >= COVERED)
        for o, score in otfs_best.items():
            by_otf[o] = by_otf.get(o, 0.0) + score
    best_otf: dict[int, int] = {}
    for o in sorted(by_otf, key=lambda o: -by_otf[o]):
        best_otf.setdefault(index.otfs[o][0], o)
    ordered = sorted(by_standard, key=lambda n: -by_standard[n])
    return [Suggestion(index.standards[n], index.otfs[best_otf[n]][1], by_standard[n],
                       covered[n]) for n in ordered if by_standard[n] > 0]


def strong(suggestion: Suggestion, functions: int) -> bool:
    """Whether a suggestion covers more than a third of a position's functions and, on
    average, comes as close to them as a covered function does. A weaker one is still
    shown, marked for the working group to check by hand, and the labour actions it would
    leave uncovered are not listed (they would mostly be noise)."""
    return suggestion.covered * 3 > functions and suggestion.score >= COVERED * functions


def match(index: Index, function: str, within: Standard | None = None) -> FunctionMatch:
    """The ТФ closest to a function (of the standard `within`, when given), with its closest
    labour actions."""
    number = None if within is None else index.standards.index(within)
    return index.match(function, number)


def _match(index: Index, function: str, number: int | None) -> FunctionMatch:
    scores = index.scores(function)
    if number is not None:
        standard_of = index.standard_of
        scores = {i: v for i, v in scores.items() if standard_of[i] == number}
    if not scores:
        return FunctionMatch(function, None, None, None, 0.0, ())
    best = max(scores, key=lambda i: (scores[i], -i))
    target = index.targets[best]
    actions = sorted(target.tf.labour_actions,
                     key=lambda a: -index.similarity(function, a))
    close = tuple(a for a in actions[:2] if index.similarity(function, a) > 0)
    return FunctionMatch(function, target.standard, target.otf, target.tf, scores[best], close)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl+C held back for a while (POSIX), then delivered: pymorphy's first load imports
    dozens of modules, and an interrupt that lands in an import's lock callback is printed
    as «Exception ignored …» instead of ending the command with «Прервано.»."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _load_morphology() -> None:
    from procxl.declension import _analyzer  # the one analyzer procxl loads

    with _interrupts_held():
        _analyzer()


def analyse(org: Organisation, all_duties: Sequence[pivots.Duty] | None = None
            ) -> list[PositionAnalysis]:
    """The functional analysis of every position with functions, in register order; empty
    when `Профстандарты` has no rows."""
    imported = org.imported_standards
    if not imported:
        return []
    _load_morphology()
    index = Index(imported)
    by_position: dict[str, list[str]] = {}
    for duty in all_duties if all_duties is not None else pivots.duties(org):
        by_position.setdefault(duty.position, []).extend(duty.functions)
    found = []
    for name, functions in by_position.items():
        functions = list(dict.fromkeys(functions))
        ranking = tuple(s for s in rank(index, functions)[:1] if s.covered)
        position = org.position(name)
        chosen = _chosen(imported, position.standard.text if position else "")
        if chosen is None and ranking and strong(ranking[0], len(functions)):
            chosen = (ranking[0].standard, ranking[0].otf)
        uncovered: tuple[tuple[WorkFunction, str], ...] = ()
        if chosen is not None:
            uncovered = tuple(
                (tf, action) for tf in chosen[1].functions for action in tf.labour_actions
                if max((index.similarity(action, f) for f in functions), default=0) < COVERED)
        within = chosen[0] if chosen is not None else (
            ranking[0].standard if ranking else None)
        found.append(PositionAnalysis(name, tuple(match(index, f, within) for f in functions),
                                      ranking, chosen, uncovered))
    return found


def _chosen(imported: Sequence[Standard], cell: str
            ) -> tuple[Standard, GeneralisedFunction] | None:
    link = standards.parse_link(cell) if cell else None
    if link is None:
        return None
    standard, otf = standards.find(imported, link)
    return (standard, otf) if standard is not None and otf is not None else None


WEAK = "Совпадение слабое: проверьте по трудовым действиям"
NO_SUGGESTION = "Подходящей ОТФ среди загруженных профстандартов нет"
NOT_COVERED = "Ни одна трудовая функция не близка к этой функции"
ACTION_NOT_COVERED = "Трудового действия нет среди функций должности"
OTHER_OTF = "ТФ другой ОТФ: {code}"


def mapping_rows(analyses: Iterable[PositionAnalysis]) -> list[dict[str, object]]:
    """The rows of `Сопоставление с профстандартами`: per position, a row per function with
    its closest ТФ, then a row per labour action of the chosen ОТФ that no function covers."""
    rows: list[dict[str, object]] = []
    for analysis in analyses:
        suggestion = _suggestion_text(analysis)
        chosen = analysis.chosen
        for number, m in enumerate(analysis.matches):
            note = ""
            if not m.covered:
                note = NOT_COVERED
            elif chosen is not None and m.otf is not chosen[1]:
                note = OTHER_OTF.format(code=f"{m.standard.code} {m.otf.code}")
            rows.append({
                "position": analysis.position, "function": m.function,
                "work_function": _tf_label(m.standard, m.tf) if m.covered else "",
                "labour_actions": list(m.labour_actions) if m.covered else [],
                "score": round(100 * m.score), "suggestion": suggestion if number == 0 else "",
                "note": note,
            })
        for tf, action in analysis.uncovered_actions:
            rows.append({"position": analysis.position,
                         "work_function": _tf_label(chosen[0], tf) if chosen else "",
                         "labour_actions": [action], "note": ACTION_NOT_COVERED})
    return rows


def _suggestion_text(analysis: PositionAnalysis) -> str:
    """«06.026 C «…», уровень 6; покрыто функций: 3 из 5», marked when it is weak."""
    found = analysis.suggestion
    if found is None:
        return NO_SUGGESTION
    count = len(analysis.matches)
    label = f"{found.label}; покрыто функций: {found.covered} из {count}"
    return label if strong(found, count) else f"{label}. {WEAK}"


def _tf_label(standard: Standard | None, tf: WorkFunction | None) -> str:
    if standard is None or tf is None:
        return ""
    return f"{standard.code} {text.clean(tf.code)} {tf.name}"
