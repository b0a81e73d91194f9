"""Professional standard rules: what `Должности` says of each position's standard.

A position names its standard and ОТФ in `Профстандарт` («06.026 C»); the standards
themselves are on `Профстандарты` (`procxl standards import`). What a link means is decided
by :mod:`procxl.qualification`; the rules read it the same way.
"""

from __future__ import annotations

from collections.abc import Iterator

from procxl import schema, standards, text
from procxl.checks.findings import Draft, Level, at
from procxl.checks.registry import rule
from procxl.model import Organisation, Position
from procxl.qualification import gives_education, linked_function, taken_from_standard

POSITIONS = schema.POSITIONS
STANDARD = POSITIONS.column("standard").header
MANDATORY = POSITIONS.column("standard_mandatory").header
FIRST_LEVEL_WITH_REQUIREMENTS = 4
"""From this level up every standard sets qualification requirements; below it, none."""


def _mandatory(position: Position) -> bool:
    return position.standard_mandatory.key == schema.YES


def _level(org: Organisation, position: Position) -> int | None:
    """The position's qualification level, its own or its ОТФ's; None when neither is a
    number from 1 to 9."""
    value = text.clean(position.qualification_level.text)
    if not value:
        _, otf = linked_function(org, position)
        value = otf.level if otf is not None else ""
    return int(value) if value.isdigit() and 1 <= int(value) <= 9 else None


@rule("K001", Level.WARNING)
def mandatory_without_function(org: Organisation) -> Iterator[Draft]:
    """Профстандарт обязателен, а ОТФ не выбрана

    Что проверяется: у должности, для которой в колонке «Профстандарт обязателен» стоит «да»,
    в колонке «Профстандарт» указаны код стандарта и буква обобщённой трудовой функции (ОТФ),
    например «06.026 C».
    Почему это важно: если с работой по должности связаны компенсации, льготы или ограничения,
    её наименование и требования к квалификации должны соответствовать профстандарту (ТК РФ
    ст. 57, 195.3). Без ОТФ procxl не может сверить ни то, ни другое.
    Как исправить: выберите ОТФ по листу «Сопоставление с профстандартами» (там предложена
    ближайшая по функциям должности) и впишите её код, например «06.026 C».
    """
    for position in org.positions:
        if not _mandatory(position):
            continue
        link = standards.parse_link(position.standard.text)
        if link is not None and link.otf:
            continue
        what = (f"указан только стандарт «{position.standard.text}»" if link is not None
                else "не указан профстандарт")
        yield at(position.standard,
                 f"Для должности «{position.name.text}» профстандарт обязателен, но {what} без "
                 "обобщённой трудовой функции.",
                 "Впишите код стандарта и букву ОТФ, например «06.026 C»; подсказка — на "
                 "листе «Сопоставление с профстандартами».")


@rule("K002", Level.WARNING)
def name_not_in_standard(org: Organisation) -> Iterator[Draft]:
    """Наименование должности не из профстандарта

    Что проверяется: если профстандарт для должности обязателен, её наименование есть среди
    возможных наименований должностей выбранной ОТФ (лист «Профстандарты»; регистр букв и
    «ё» не важны).
    Почему это важно: когда с работой связаны компенсации, льготы или ограничения,
    наименование должности в штатном расписании и трудовом договоре должно соответствовать
    профстандарту (ТК РФ ст. 57, часть вторая); иначе работник может лишиться положенных
    гарантий, а работодатель — получить предписание инспекции.
    Как исправить: переименуйте должность так, как её называет профстандарт (procxl перенесёт
    ваши данные на новое название), или выберите другую ОТФ.
    """
    for position in org.positions:
        if not _mandatory(position):
            continue
        standard, otf = linked_function(org, position)
        if standard is None or otf is None or not otf.job_titles:
            continue
        if position.name.key in {text.fold(t) for t in otf.job_titles}:
            continue
        titles = ", ".join(f"«{t}»" for t in otf.job_titles)
        yield at(position.name,
                 f"Должности «{position.name.text}» нет среди наименований, которые "
                 f"профстандарт {standard.code} называет для ОТФ {otf.code}: {titles}.",
                 "Переименуйте должность по профстандарту или выберите другую ОТФ.",
                 affects={position.name.key})


@rule("K003", Level.NOTE)
def requirements_below_level_four(org: Organisation) -> Iterator[Draft]:
    """Требования к квалификации взяты из профстандарта для уровня ниже 4

    Что проверяется: если у должности уровень квалификации от 1 до 3, её требования к
    образованию, опыту и допуску записаны на листе «Должности», а не взяты из ОТФ.
    Почему это важно: для уровней 1–3 профстандарты обязательных требований к квалификации
    не устанавливают: то, что в них написано, — ориентир, а требования работодатель задаёт
    сам, исходя из своей работы.
    Как исправить: впишите свои требования в колонки «Образование», «Опыт работы» и «Особые
    условия допуска», если требования стандарта вам не подходят.
    """
    for position in org.positions:
        level = _level(org, position)
        if level is None or level >= FIRST_LEVEL_WITH_REQUIREMENTS:
            continue
        if not taken_from_standard(org, position):
            continue
        yield at(position.standard,
                 f"У должности «{position.name.text}» уровень квалификации {level}, а "
                 "требования к квалификации в документах взяты из профстандарта: для уровней "
                 "1–3 стандарт их не устанавливает.",
                 "Проверьте требования и при необходимости впишите свои в колонки "
                 "«Образование», «Опыт работы» и «Особые условия допуска».")


@rule("K004", Level.WARNING)
def level_four_without_requirements(org: Organisation) -> Iterator[Draft]:
    """Уровень 4 и выше без требований к образованию

    Что проверяется: у должности с уровнем квалификации 4 и выше есть требование к
    образованию — своё (колонка «Образование») или из выбранной ОТФ профстандарта.
    Почему это важно: начиная с 4 уровня профстандарты устанавливают требования к
    образованию и опыту; без них должностные обязанности и вакансия не скажут, кого можно
    принять на должность.
    Как исправить: заполните колонку «Образование» или укажите в колонке «Профстандарт» ОТФ,
    требования которой подходят должности.
    """
    for position in org.positions:
        level = _level(org, position)
        if level is None or level < FIRST_LEVEL_WITH_REQUIREMENTS:
            continue
        if gives_education(org, position):
            continue
        yield at(position.education,
                 f"У должности «{position.name.text}» уровень квалификации {level}, но не "
                 "указано требование к образованию.",
                 "Заполните колонку «Образование» или выберите ОТФ профстандарта, которая его "
                 "устанавливает.")


@rule("K005", Level.WARNING)
def function_not_imported(org: Organisation) -> Iterator[Draft]:
    """ОТФ нет среди загруженных профстандартов

    Что проверяется: код в колонке «Профстандарт» листа «Должности» похож на «06.026 C», а
    стандарт с этим кодом и его ОТФ есть на листе «Профстандарты».
    Почему это важно: требования к квалификации, код функции для сведений о трудовой
    деятельности и проверки наименования берутся из загруженного стандарта. Без него procxl
    не может их дать, и в документах будут только требования с листа «Должности».
    Как исправить: загрузите XML стандарта командой procxl standards import или исправьте
    код: сначала код стандарта (две цифры, точка, три цифры), затем через пробел буква ОТФ.
    """
    imported = org.imported_standards
    for position in org.positions:
        cell = position.standard
        if not cell.text:
            continue
        link = standards.parse_link(cell.text)
        if link is None:
            yield at(cell, f"«{cell.text}» не похоже на код профстандарта и ОТФ.",
                     "Впишите код в виде «06.026 C»: код стандарта, пробел, буква ОТФ.")
            continue
        standard, otf = standards.find(imported, link)
        if standard is None:
            yield at(cell, f"Профстандарта {link.standard} нет на листе «Профстандарты».",
                     "Загрузите его XML командой procxl standards import или исправьте код.")
        elif link.otf and otf is None:
            letters = ", ".join(g.code for g in standard.generalised)
            yield at(cell, f"В профстандарте {standard.code} нет ОТФ «{link.otf}»; есть: "
                     f"{letters}.", "Исправьте букву ОТФ.")
