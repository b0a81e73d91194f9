"""The general clauses of a position's main document: what processes do not give.

`procxl new` and the example fill the `Положения` sheet with these rows; a book without that
sheet (made with version 1 of the standard) gets them too, so that its documents stay
complete. The wording is ours; where a clause rests on the Labour Code (ТК РФ), it names the
article. Fields in braces are listed in :data:`procxl.schema.CLAUSE_FIELDS`.
"""

from __future__ import annotations

import re

from procxl import schema, text

FIELD = re.compile(r"{([^{}]*)}")
"""A field in braces: the innermost pair of braces and the name between them."""

_SECTIONS = {text.fold(s): s for s in schema.CLAUSE_SECTIONS}


def field_key(name: str) -> str:
    """The key a name in braces is matched by: `{ Должность рп }` is `должность_рп`."""
    return text.fold(name).replace(" ", "_")


def section_named(value: str) -> str | None:
    """The standard section (schema.CLAUSE_SECTIONS) a `Раздел` cell names, or None."""
    return _SECTIONS.get(text.fold(value))


GENERAL = schema.CLAUSE_SECTIONS[0]
RIGHTS = schema.CLAUSE_SECTIONS[1]
RESPONSIBILITY = schema.CLAUSE_SECTIONS[2]
CONDITIONS = schema.CLAUSE_SECTIONS[3]

DEFAULT_CLAUSES: tuple[tuple[str, str], ...] = (
    (GENERAL,
     "Работник принимается на должность и освобождается от нее приказом руководителя "
     "{организация} в порядке, установленном Трудовым кодексом Российской Федерации "
     "(ст. 68, 84.1 ТК РФ)."),
    (GENERAL,
     "В работе руководствуется трудовым законодательством Российской Федерации, уставом и "
     "локальными нормативными актами {организация}, правилами внутреннего трудового "
     "распорядка, регламентами процессов, в которых участвует, настоящим документом и "
     "распоряжениями непосредственного руководителя."),
    (GENERAL,
     "Знакомится с настоящим документом под подпись до подписания трудового договора и "
     "при каждом изменении документа (ст. 68 ТК РФ)."),
    (RIGHTS,
     "Получать от подразделений и работников организации сведения и документы, нужные для "
     "выполнения своих обязанностей."),
    (RIGHTS,
     "Вносить непосредственному руководителю и владельцам процессов предложения по "
     "улучшению работы и процессов, в которых участвует."),
    (RIGHTS,
     "Участвовать в обсуждении решений, которые касаются его работы."),
    (RIGHTS,
     "Подписывать и визировать документы в пределах своих полномочий."),
    (RIGHTS,
     "Требовать от работодателя организационных и технических условий, нужных для "
     "выполнения обязанностей, и рабочего места, отвечающего требованиям охраны труда "
     "(ст. 21 ТК РФ)."),
    (RIGHTS,
     "Проходить обучение и повышать квалификацию в порядке, принятом в организации "
     "(ст. 197 ТК РФ)."),
    (RESPONSIBILITY,
     "За неисполнение или ненадлежащее исполнение обязанностей, указанных в настоящем "
     "документе, — в пределах, установленных трудовым законодательством Российской "
     "Федерации (ст. 192 ТК РФ)."),
    (RESPONSIBILITY,
     "За материальный ущерб, причиненный работодателю, — в пределах, установленных "
     "трудовым законодательством Российской Федерации (ст. 238, 241–243 ТК РФ)."),
    (RESPONSIBILITY,
     "За разглашение коммерческой тайны и персональных данных, ставших известными в связи с "
     "работой (ст. 81, 90 ТК РФ)."),
    (RESPONSIBILITY,
     "За нарушение правил внутреннего трудового распорядка, требований охраны труда и "
     "пожарной безопасности (ст. 21, 189 ТК РФ)."),
    (RESPONSIBILITY,
     "За правонарушения, совершенные в ходе работы, — в пределах, установленных "
     "административным, уголовным и гражданским законодательством Российской Федерации."),
    (CONDITIONS,
     "Режим рабочего времени и времени отдыха определяется правилами внутреннего трудового "
     "распорядка {организация} и трудовым договором (ст. 100 ТК РФ)."),
)
"""(section, text) of every general clause, in the order the document lists them."""


def default_rows() -> list[dict[str, str]]:
    """The general clauses as `Положения` rows, the form `build_workbook` takes."""
    return [{"section": section, "text": text} for section, text in DEFAULT_CLAUSES]
