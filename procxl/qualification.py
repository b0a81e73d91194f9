"""What a position requires of the person in it: its own cells, or its professional standard.

When `Профстандарт` names an imported standard and its ОТФ, the ОТФ's education, experience
and special conditions stand in for those of the position's own cells that are empty (what
the position says is never overridden). The function code of the СЗВ-ТД / ЕФС-1 report
(«06.026-C-6») comes with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from procxl import standards, text
from procxl.model import Organisation, Position
from procxl.standards import GeneralisedFunction, Standard


@dataclass(frozen=True, slots=True)
class Qualification:
    education: str
    experience: str
    admission: tuple[str, ...]
    from_standard: frozenset[str] = frozenset()  # of "education", "experience", "admission"
    standard: Standard | None = None
    otf: GeneralisedFunction | None = None
    level: str = ""  # the position's `Уровень квалификации`, or the ОТФ's

    @property
    def function_code(self) -> str:
        """«06.026-C-6», or '' when the position names no imported ОТФ."""
        if self.standard is None or self.otf is None:
            return ""
        return standards.function_code(self.standard, self.otf, self.level)


def linked_function(org: Organisation, position: Position
                    ) -> tuple[Standard | None, GeneralisedFunction | None]:
    """The imported standard and ОТФ the position's `Профстандарт` names (None for what is
    not named or not imported)."""
    link = standards.parse_link(position.standard.text) if position.standard.text else None
    if link is None:
        return None, None
    return standards.find(org.imported_standards, link)


def _joined(items: tuple[str, ...]) -> str:
    """The standard's items as one requirement: «Высшее …; дополнительное …»."""
    from procxl.declension import in_sentence  # pymorphy, loaded only when a standard is used

    items = tuple(_dashed(item) for item in items)
    return "; ".join([items[0], *(in_sentence(item) for item in items[1:])])


def _dashed(item: str) -> str:
    """The registry's «образование - бакалавриат» as a document prints it: a spaced hyphen
    between words is a dash («образование — бакалавриат»)."""
    return _SPACED_HYPHEN.sub(" — ", item)


_SPACED_HYPHEN = re.compile(r"\s+-\s+")


def qualification(org: Organisation, position: Position) -> Qualification:
    """The position's requirements, the standard's where its own cells are empty."""
    education, experience, admission = _own(position)
    standard, otf = linked_function(org, position)
    if otf is None:
        return Qualification(education, experience, admission)
    taken = _taken(otf, education, experience, admission)
    if "education" in taken:
        education = _joined(otf.education)
    if "experience" in taken:
        experience = _joined(otf.experience)
    if "admission" in taken:
        admission = tuple(_dashed(item) for item in otf.admission)
    level = text.clean(position.qualification_level.text) or otf.level
    return Qualification(education, experience, admission, taken, standard, otf, level)


def taken_from_standard(org: Organisation, position: Position) -> frozenset[str]:
    """What :func:`qualification` takes from the standard («education», «experience»,
    «admission»), told without making its texts: the checks ask only this, and declining
    the standard's items would load the morphology dictionary (0.15 s) for it."""
    _, otf = linked_function(org, position)
    return frozenset() if otf is None else _taken(otf, *_own(position))


def gives_education(org: Organisation, position: Position) -> bool:
    """Whether :func:`qualification` gives the position a requirement of education, its
    own or the standard's, told without making the text (the standard's items are never
    empty, so an ОТФ with any gives one)."""
    return bool(_own(position)[0]) or "education" in taken_from_standard(org, position)


def _own(position: Position) -> tuple[str, str, tuple[str, ...]]:
    """The education, experience and admission the position's own cells give."""
    return (text.clean(position.education.text), text.clean(position.experience.text),
            tuple(text.clean(item.text) for item in position.admission if item.text))


def _taken(otf: GeneralisedFunction, education: str, experience: str,
           admission: tuple[str, ...]) -> frozenset[str]:
    """The requirements the ОТФ has where the position's own are empty."""
    return frozenset(key for key, own, given in (("education", education, otf.education),
                                                 ("experience", experience, otf.experience),
                                                 ("admission", admission, otf.admission))
                     if given and not own)
