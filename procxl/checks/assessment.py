"""Assessment rules: who is assessed, on which scale, and what the development plan lacks.

Scores are read as :mod:`procxl.assessment` reads them (a number, or a level's text that
starts with one); an employee's position as `procxl update` follows it.
"""

from __future__ import annotations

from collections.abc import Iterator

from procxl import assessment, schema, text
from procxl.assessment import Scale
from procxl.checks.common import missing_position, register_read
from procxl.checks.findings import Draft, Level, at
from procxl.checks.registry import rule
from procxl.model import Cell, Organisation, ValueKind

EMPLOYEES = schema.EMPLOYEES
ASSESSMENT = schema.ASSESSMENT
PLAN = schema.DEVELOPMENT_PLAN


def _typed(cell: Cell) -> bool:
    """Whether a cell holds a value to judge: filled and not an Excel error (S012 has those)."""
    return bool(cell.text) and cell.kind is not ValueKind.ERROR


def _header(sheet: schema.Sheet, key: str) -> str:
    return sheet.column(key).header


def _scale_hint(scale: Scale) -> str:
    return (f"Поставьте уровень шкалы числом от {scale.lowest} до {scale.highest} (шкала — "
            f"параметр «Шкала оценки» на листе «Организация»: {scale.described()}).")


def _off_scale(cell: Cell, scale: Scale) -> str | None:
    """What is wrong with a score cell, or None when it holds a level of the scale."""
    value = assessment.score(cell)
    if value is None:
        return f"«{cell.text}» — не уровень шкалы: procxl понимает только число"
    if not scale.holds(value):
        return (f"{assessment.number_text(value)} — вне шкалы оценки (от {scale.lowest} до "
                f"{scale.highest})")
    return None


@rule("A001", Level.ERROR)
def employee_position_unknown(org: Organisation) -> Iterator[Draft]:
    """Должности сотрудника нет на листе «Должности»

    Что проверяется: должность каждого сотрудника на листе «Сотрудники» — должность с листа
    «Должности». Названия сравниваются без учёта регистра, лишних пробелов и разницы между
    «ё» и «е».
    Почему это важно: сотрудника оценивают по профилю его должности. Пока должность не
    найдена, procxl не добавит ему строк на лист «Оценка» и не сделает анкету; строки, что
    уже есть, остаются как были.
    Как исправить: выберите должность из выпадающего списка. Если должность переименована на
    листе «Должности», выберите новое название и здесь.
    """
    if not register_read(org, schema.POSITIONS):
        return
    for employee in org.employees:
        if not employee.position.text or text.mixed_script_runs(employee.position.text):
            continue  # an empty required cell and Latin letters have rules of their own
        missing = missing_position(org, employee.position)
        if missing is None:
            continue
        hint = ("Выберите должность из выпадающего списка"
                + (f": вероятно, «{missing.suggestion}»." if missing.suggestion else ".")
                + " Новую должность сначала добавьте на лист «Должности».")
        yield at(employee.position, f"{missing.problem}: сотрудник «{employee.name.text}» "
                 "не получит анкету оценки.", hint)


@rule("A002", Level.ERROR)
def score_off_scale(org: Organisation) -> Iterator[Draft]:
    """Оценка вне шкалы

    Что проверяется: самооценка и оценка руководителя на листе «Оценка» — уровни шкалы из
    параметра «Шкала оценки» на листе «Организация» (если он пуст — шкала от 1 до 5).
    Почему это важно: разрыв — это требуемый уровень минус оценка. Оценка вне шкалы
    («7» при шкале до 5, «хорошо» вместо числа) даёт неверный разрыв, план развития и итоги.
    Как исправить: выберите уровень из выпадающего списка или впишите число шкалы. Если
    шкала у вас другая, измените параметр «Шкала оценки».
    """
    scale = Scale.of(org)
    for row in org.assessment:
        for key in ("self_score", "manager_score"):
            cell = getattr(row, key)
            if not _typed(cell):
                continue
            problem = _off_scale(cell, scale)
            if problem is not None:
                yield at(cell, f"«{_header(ASSESSMENT, key)}» сотрудника «{row.employee.text}» "
                         f"по пункту «{row.wording.text}»: {problem}.", _scale_hint(scale))


@rule("A003", Level.ERROR)
def required_level_off_scale(org: Organisation) -> Iterator[Draft]:
    """Требуемый уровень вне шкалы

    Что проверяется: параметр «Требуемый уровень по умолчанию» на листе «Организация» и
    колонка «Требуемый уровень» на листе «Оценка» — уровни шкалы оценки.
    Почему это важно: с требуемым уровнем сравнивают оценки. Уровень вне шкалы делает
    разрыв неверным у каждого пункта, где он стоит: по умолчанию procxl ставит его всем
    новым строкам оценки.
    Как исправить: впишите число шкалы: например, 4 при шкале от 1 до 5.
    """
    scale = Scale.of(org)
    for parameter in org.parameters:
        if parameter.key == "required_level" and _typed(parameter.value):
            problem = _off_scale(parameter.value, scale)
            if problem is not None:
                label = schema.ORGANISATION.param("required_level").label
                yield at(parameter.value, f"«{label}»: {problem}.",
                         _scale_hint(scale) + " Пока он не исправлен, procxl ставит новым "
                         f"строкам {assessment.required_default(org, scale)}.")
    for row in org.assessment:
        if _typed(row.required) and (problem := _off_scale(row.required, scale)) is not None:
            yield at(row.required, f"Требуемый уровень по пункту «{row.wording.text}» "
                     f"сотрудника «{row.employee.text}»: {problem}.", _scale_hint(scale))


@rule("A004", Level.WARNING)
def plan_row_incomplete(org: Organisation) -> Iterator[Draft]:
    """В плане развития нет срока или ответственного

    Что проверяется: когда оценка сотрудника проведена (на листе «Оценка» у его строк стоит
    дата), у каждой строки его плана развития заполнены «Срок» и «Ответственный».
    Строки, отмеченные procxl как устаревшие, и выполненные мероприятия не проверяются.
    Почему это важно: план без сроков и ответственных не выполняется: его нельзя
    проконтролировать, а индивидуальный план развития подписывают сотрудник, руководитель
    и кадровая служба.
    Как исправить: впишите дату, к которой мероприятие должно быть выполнено, и ФИО того,
    кто за него отвечает.
    """
    dated = {row.employee.key for row in org.assessment if _typed(row.date)}
    for row in org.plan:
        if row.employee.key not in dated or row.status.text or \
                text.fold(row.done.text) == text.fold(schema.YES):
            continue
        for key in ("deadline", "responsible"):
            cell = getattr(row, key)
            if not cell.text:
                yield at(cell, f"В плане развития сотрудника «{row.employee.text}» по пункту "
                         f"«{row.wording.text}» не указано: «{_header(PLAN, key)}».",
                         "Оценка уже проведена: заполните срок и ответственного, чтобы план "
                         "можно было подписать и проконтролировать.")


@rule("A005", Level.ERROR)
def namesakes_without_number(org: Organisation) -> Iterator[Draft]:
    """Однофамильцы без табельного номера

    Что проверяется: если у двух и более сотрудников на листе «Сотрудники» одинаковые ФИО,
    у каждого из них указан табельный номер.
    Почему это важно: строки оценки и плана развития procxl находит по ФИО. У полных
    тёзок без табельного номера оценки одного попали бы в анкету и план другого.
    Как исправить: впишите табельный номер каждому из тёзок: procxl добавит его к ФИО на
    листах «Оценка» и «План развития».
    """
    by_name: dict[str, list] = {}
    for employee in org.employees:
        if employee.name.text:
            by_name.setdefault(employee.name.key, []).append(employee)
    for namesakes in by_name.values():
        if len(namesakes) < 2:
            continue
        for employee in namesakes:
            if not employee.number.text:
                rows = ", ".join(str(e.row) for e in namesakes)
                yield at(employee.number, f"У сотрудника «{employee.name.text}» есть полный "
                         f"тёзка (строки {rows}), а табельного номера нет.",
                         "Впишите табельный номер, чтобы оценки и планы тёзок не смешались.")
