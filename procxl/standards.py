"""Professional standards: the Ministry of Labour's XML read into plain records, and back.

A standard (профессиональный стандарт, ПС) has generalised work functions (обобщённые трудовые
функции, ОТФ), each with a qualification level, possible position names and the
qualification requirements, and particular work functions (трудовые функции, ТФ), each with
its labour actions, skills and knowledge. The registry's export (profstandart.rosmintrud.ru,
«Скачать XML») is read with defusedxml: a `-` means no value, spaces around values are
dropped, lists that a standard does not have are simply empty, and the level of a ТФ is read
from the ТФ itself. Codes are kept as printed (some files write «А/01.3» with a Cyrillic А)
and matched through :func:`code_key`, which reads look-alike letters as Latin.

Nothing here knows about workbooks: :func:`sheet_rows` turns standards into the rows of the
`Профстандарты` sheet and :func:`from_rows` reads those rows back into the same records.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse as _parse

from procxl import text
from procxl.errors import UnusableInput

NO_VALUE = frozenset({"-", "–", "—", "--", "нет"})
"""What the registry writes where a field has no value."""

_LOOK_ALIKES = str.maketrans("АВСЕНКМОРТХаесорх", "ABCEHKMOPTXaecopx")


def code_key(code: str) -> str:
    """The matching key of a code: spaces dropped, Cyrillic look-alikes read as Latin letters,
    upper case (`«а/01.3»` and `«A/01.3»` give the same key)."""
    return "".join(code.split()).translate(_LOOK_ALIKES).upper()


@dataclass(frozen=True, slots=True)
class WorkFunction:
    """A particular work function (ТФ): «A/01.3 Формализация и алгоритмизация задач»."""

    code: str
    name: str
    level: str
    labour_actions: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    knowledge: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GeneralisedFunction:
    """A generalised work function (ОТФ): its level, requirements and work functions."""

    code: str
    name: str
    level: str
    job_titles: tuple[str, ...] = ()
    education: tuple[str, ...] = ()
    experience: tuple[str, ...] = ()
    admission: tuple[str, ...] = ()
    functions: tuple[WorkFunction, ...] = ()

    @property
    def labour_actions(self) -> tuple[str, ...]:
        """Every labour action of its work functions, in order, each once."""
        return tuple(dict.fromkeys(a for f in self.functions for a in f.labour_actions))


@dataclass(frozen=True, slots=True)
class Standard:
    """One professional standard: «06.026 Системный администратор …»."""

    code: str  # the code of the kind of activity: «06.026»
    name: str
    registration: str = ""
    order: str = ""
    approved: str = ""
    generalised: tuple[GeneralisedFunction, ...] = ()

    def function(self, code: str) -> GeneralisedFunction | None:
        """The ОТФ of this code (`B`, `В` or `b`), or None."""
        key = code_key(code)
        return next((g for g in self.generalised if code_key(g.code) == key), None)

    @property
    def work_functions(self) -> tuple[WorkFunction, ...]:
        return tuple(f for g in self.generalised for f in g.functions)


# Reading the XML ---------------------------------------------------------------------------

def read_xml(path: Path) -> tuple[Standard, ...]:
    """The standards in one XML file of the registry; UnusableInput when it holds none."""
    try:
        root = _parse(path).getroot()
    except FileNotFoundError as exc:
        raise UnusableInput(f"Файл «{path.name}» не найден.") from exc
    except IsADirectoryError as exc:
        raise UnusableInput(f"«{path.name}» — папка, а нужен файл XML профстандарта.") from exc
    except (ET.ParseError, DefusedXmlException, UnicodeDecodeError, ValueError) as exc:
        raise UnusableInput(f"Файл «{path.name}» не читается как XML профстандарта: он "
                            "повреждён или это другой формат. Скачайте XML стандарта заново "
                            "из реестра Минтруда (profstandart.rosmintrud.ru).") from exc
    except OSError as exc:
        raise UnusableInput(f"Файл «{path.name}» не удалось открыть: {exc.strerror}.") from exc
    standards = tuple(_standard(e) for e in root.iter("ProfessionalStandart"))
    usable = tuple(s for s in standards if s.code and s.generalised)
    if not usable:
        raise UnusableInput(f"В файле «{path.name}» нет ни одного профстандарта с кодом и "
                            "трудовыми функциями: это не XML из реестра Минтруда.")
    return usable


def _value(element: ET.Element | None, tag: str) -> str:
    """The text of a child element, spaces cleaned; '' when absent or «-»."""
    if element is None:
        return ""
    child = element.find(tag)
    if child is None or child.text is None:
        return ""
    value = text.clean(child.text)
    return "" if value in NO_VALUE else value


def _values(element: ET.Element, path: str) -> tuple[str, ...]:
    """The texts of the elements at `path` (`LaborActions/LaborAction`), each once, no «-»."""
    return tuple(dict.fromkeys(_all_values(element, path)))


_CONJUNCTIONS = frozenset({"или", "и"})


def _requirements(element: ET.Element, path: str) -> tuple[str, ...]:
    """A list of requirements, where the registry puts «или» as an item of its own between
    two alternatives: they are joined into one («Высшее образование или среднее …»)."""
    found: list[str] = []
    pending = ""
    for value in _all_values(element, path):
        if value.casefold() in _CONJUNCTIONS and found:
            pending = value.casefold()
        elif pending:
            found[-1] = f"{found[-1]} {pending} {_lower_first(value)}"
            pending = ""
        else:
            found.append(value)
    return tuple(found)


def _all_values(element: ET.Element, path: str) -> list[str]:
    values = (text.clean(child.text or "") for child in element.iterfind(path))
    return [v for v in values if v and v not in NO_VALUE]


def _lower_first(value: str) -> str:
    if len(value) > 1 and value[1].islower():
        return value[0].lower() + value[1:]
    return value


def _standard(e: ET.Element) -> Standard:
    first = e.find("FirstSection")
    return Standard(
        code=_value(first, "CodeKindProfessionalActivity"),
        name=_value(e, "NameProfessionalStandart"),
        registration=_value(e, "RegistrationNumber"),
        order=_value(e, "OrderNumber"),
        approved=_value(e, "DateOfApproval"),
        generalised=tuple(_generalised(g) for g in e.iterfind(
            "ThirdSection/WorkFunctions/GeneralizedWorkFunctions/GeneralizedWorkFunction")),
    )


def _generalised(g: ET.Element) -> GeneralisedFunction:
    return GeneralisedFunction(
        code=_value(g, "CodeOTF"),
        name=_value(g, "NameOTF"),
        level=_value(g, "LevelOfQualification"),
        job_titles=_values(g, "PossibleJobTitles/PossibleJobTitle"),
        education=_requirements(g, "EducationalRequirements/EducationalRequirement"),
        experience=_requirements(g, "RequirementsWorkExperiences/RequirementsWorkExperience"),
        admission=_requirements(
            g, "SpecialConditionsForAdmissionToWork/SpecialConditionForAdmissionToWork"),
        functions=tuple(_work_function(f, _value(g, "LevelOfQualification")) for f in
                        g.iterfind("ParticularWorkFunctions/ParticularWorkFunction")),
    )


def _work_function(f: ET.Element, otf_level: str) -> WorkFunction:
    return WorkFunction(
        code=_value(f, "CodeTF"),
        name=_value(f, "NameTF"),
        level=_value(f, "SubQualification") or otf_level,
        labour_actions=_values(f, "LaborActions/LaborAction"),
        skills=_values(f, "RequiredSkills/RequiredSkill"),
        knowledge=_values(f, "NecessaryKnowledges/NecessaryKnowledge"),
    )


def merge(kept: Iterable[Standard], new: Iterable[Standard]) -> tuple[Standard, ...]:
    """`kept` with each standard of `new` in place of the one of the same code (or added at
    the end), in the order of their codes."""
    by_code = {code_key(s.code): s for s in kept}
    by_code.update({code_key(s.code): s for s in new})
    return tuple(sorted(by_code.values(), key=lambda s: text.code_sort_key(s.code)))


# The `Профстандарты` sheet -----------------------------------------------------------------

def sheet_rows(standards: Iterable[Standard]) -> list[dict[str, object]]:
    """The rows of `Профстандарты`, one per ТФ, by the column keys of the schema."""
    rows: list[dict[str, object]] = []
    for s in standards:
        for g in s.generalised:
            for f in g.functions:
                rows.append({
                    "standard_code": s.code, "standard": s.name,
                    "otf_code": g.code, "otf": g.name, "level": g.level,
                    "tf_code": f.code, "tf": f.name,
                    "labour_actions": _cell(f.labour_actions),
                    "skills": _cell(f.skills), "knowledge": _cell(f.knowledge),
                    "education": _cell(g.education), "experience": _cell(g.experience),
                    "admission": _cell(g.admission), "job_titles": _cell(g.job_titles),
                })
    return rows


def _cell(items: tuple[str, ...]) -> str | None:
    """A list as one cell, an item a line; None (an empty cell) for no items."""
    return "\n".join(items) or None


def _level_of(tf_code: str) -> str:
    """The level a ТФ code ends with: «A/01.3» -> «3»."""
    _, dot, level = tf_code.rpartition(".")
    return level if dot and level.isdigit() else ""


def _lines(value: str) -> tuple[str, ...]:
    return tuple(line for line in (text.clean(x) for x in value.splitlines()) if line)


def from_rows(rows: Iterable[Mapping[str, str]]) -> tuple[Standard, ...]:
    """The standards that rows of `Профстандарты` (column key -> text) describe.

    Rows of one ОТФ need not stand together; a row without a standard's code is skipped.
    """
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    otfs: dict[tuple[str, str], dict[str, object]] = {}
    for row in rows:
        code = row.get("standard_code", "")
        otf = row.get("otf_code", "")
        if not code or not otf:
            continue
        key = code_key(code)
        codes.setdefault(key, code)
        names.setdefault(key, row.get("standard", ""))
        entry = otfs.setdefault((key, code_key(otf)), {
            "code": otf, "name": row.get("otf", ""), "level": row.get("level", ""),
            "job_titles": _lines(row.get("job_titles", "")),
            "education": _lines(row.get("education", "")),
            "experience": _lines(row.get("experience", "")),
            "admission": _lines(row.get("admission", "")),
            "functions": [],
        })
        if row.get("tf_code") or row.get("tf"):
            tf_code = row.get("tf_code", "")
            entry["functions"].append(WorkFunction(  # type: ignore[union-attr]
                tf_code, row.get("tf", ""), _level_of(tf_code) or row.get("level", ""),
                _lines(row.get("labour_actions", "")), _lines(row.get("skills", "")),
                _lines(row.get("knowledge", ""))))
    by_standard: dict[str, list[GeneralisedFunction]] = {}
    for (key, _), entry in otfs.items():
        entry["functions"] = tuple(entry["functions"])  # type: ignore[arg-type]
        by_standard.setdefault(key, []).append(GeneralisedFunction(**entry))  # type: ignore[arg-type]
    return tuple(Standard(codes[k], names[k], generalised=tuple(g)) for k, g in
                 by_standard.items())


# A position's link: «06.026 B» -------------------------------------------------------------

_LINK = re.compile(r"^\s*(\d{2}\.\d{3})\s*[,;/]?\s*(?:ОТФ\s*)?([A-Za-zА-Яа-я])?\b")


@dataclass(frozen=True, slots=True)
class Link:
    """What a position's `Профстандарт` cell names: a standard's code and an ОТФ letter."""

    standard: str
    otf: str  # '' when only the standard is named


def parse_link(value: str) -> Link | None:
    """The standard and ОТФ a `Профстандарт` cell names (`«06.026 B»`, `«06.026, ОТФ В»`,
    `«06.026»`); None when it does not start with a code of the form ХХ.ХХХ."""
    match = _LINK.match(value)
    if match is None:
        return None
    return Link(match.group(1), match.group(2) or "")


def find(standards: Sequence[Standard], link: Link
         ) -> tuple[Standard | None, GeneralisedFunction | None]:
    """The imported standard and ОТФ a link names; None for either that is not there."""
    standard = next((s for s in standards if code_key(s.code) == code_key(link.standard)), None)
    if standard is None or not link.otf:
        return standard, None
    return standard, standard.function(link.otf)


def function_code(standard: Standard, otf: GeneralisedFunction, level: str = "") -> str:
    """The code of the function performed for the СЗВ-ТД / ЕФС-1 report: «06.026-B-5»
    (the standard's code, the ОТФ letter in Latin, the level)."""
    return f"{standard.code}-{code_key(otf.code)}-{level or otf.level}"
