"""The standard workbook, blank or filled with data, built from :mod:`procxl.schema`."""

from __future__ import annotations

import functools
import os
import re
import sys
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule, Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from procxl import clauses, schema
from procxl.assessment import level_numbers
from procxl.checks.findings import Level
from procxl.errors import ProcxlError
from procxl.model import column_letter
from procxl.schema import Column, Kind, Owner, Ref, Sheet
from procxl.text import fitted
from procxl.workbook.files import atomic_save
from procxl.workbook.rows import Line, Looks, looks_of, put_rows

WorkbookData = Mapping[str, Any]
"""Rows to write, by sheet key: see :func:`build_workbook`."""

GENERATED_NOTE = (
    "Лист заполняется программой procxl при каждом обновлении. "
    "Изменения на этом листе будут потеряны."
)
"""Row 1 of every generated sheet."""

COMMENT_AUTHOR = "procxl"
REQUIRED_NOTE = "Обязательная колонка."
LAST_ROW = 5000
_PARAM_ROWS = 200
"""The last row that drop-downs and the register lists cover."""

TEXT_FORMAT = "@"
GENERAL_FORMAT = "General"


@dataclass(frozen=True, slots=True)
class _Look:
    colour: str
    word: str  # how the Инструкция names the colour


_REQUIRED_HEADER = _Look("9BC2E6", "тёмно-голубой")
_OPTIONAL_HEADER = _Look("DDEBF7", "светло-голубой")
_PROCXL_HEADER = _Look("D9D9D9", "серый")
_GENERATED_TAB = _Look("A6A6A6", "серые")
_INSTRUCTIONS_TAB = "FFC000"
_NOTE_COLOUR = "7F7F7F"
_FONT_NAME = "Calibri"  # openpyxl's default cell font: styled cells match unstyled ones
_FONT_SIZE = 11


def standard_font(*, size: float = _FONT_SIZE, **style: Any) -> Font:
    """The font of procxl's cells: the template's face, so that no cell falls back to another."""
    return Font(name=_FONT_NAME, size=size, **style)


@dataclass(frozen=True, slots=True)
class _Stage:
    look: _Look
    sheets: tuple[Sheet, ...]


_STAGES = (
    _Stage(_Look("5B9BD5", "синие"), (schema.ORGANISATION, schema.VALUES, schema.DEPARTMENTS,
                                       schema.POSITIONS)),
    _Stage(_Look("70AD47", "зелёные"), (schema.PROCESSES, schema.PERFORMERS)),
    _Stage(_Look("ED7D31", "оранжевые"), (schema.COMPETENCIES, schema.PROFILES,
                                          schema.VACANCIES)),
    _Stage(_Look("7030A0", "фиолетовые"), (schema.EMPLOYEES, schema.ASSESSMENT,
                                           schema.DEVELOPMENT_PLAN)),
)
"""User sheets share a tab colour by stage of the method: structure, processes, people,
their assessment."""


@dataclass(frozen=True, slots=True)
class _RefList:
    name: str  # the workbook defined name of the register's key column
    noun: str  # accusative: «Выберите …»
    new: str  # «… сначала добавьте»


_REF_LISTS = {
    Ref.POSITION: _RefList("Список_должностей", "должность", "Новую должность"),
    Ref.DEPARTMENT: _RefList("Список_подразделений", "подразделение", "Новое подразделение"),
    Ref.PROCESS: _RefList("Список_процессов", "код процесса", "Новый процесс"),
}


def _quoted(sheet: Sheet) -> str:
    return f"«{sheet.name}»"


def _listed(sheets: Iterable[Sheet]) -> str:
    """«A», «B» и «C»."""
    names = [_quoted(s) for s in sheets]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} и {names[-1]}"


@dataclass(frozen=True, slots=True)
class _Action:
    button: str
    command: str
    does: str


CHECK_ACTION = _Action(
    "Проверить", "procxl check",
    f"проверяет все листы и записывает найденное на лист {_quoted(schema.FINDINGS)} со "
    "ссылками на ячейки. Проверять можно на любом шаге.",
)
UPDATE_ACTION = _Action(
    "Обновить таблицы", "procxl update",
    f"добавляет новые строки на листы {_listed((schema.COMPETENCIES, schema.PROFILES))} "
    "и заново заполняет серые листы. Всё, что вы вписали сами, сохраняется.",
)
DOCS_ACTION = _Action(
    "Сформировать документы", "procxl docs",
    "создаёт по каждой должности должностные обязанности, профиль должности и текст "
    "вакансии, по папке на подразделение.",
)


# The Инструкция -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    style: str = "text"  # "title", "heading" or "text"
    mark: str = ""  # a step number or a bullet, in the narrow margin column


def _button(action: _Action) -> str:
    # one sheet serves both books: .xlsx has no buttons, so the command comes first
    return f"командой {action.command} (в книге с кнопками — кнопкой «{action.button}»)"


def _steps() -> list[str]:
    include = schema.PROFILES.column("include").header
    source = schema.PROFILES.column("source").header
    summaries = [s for s in schema.GENERATED_SHEETS if s is not schema.FINDINGS]
    return [
        f"{_quoted(schema.ORGANISATION)} — впишите название компании, город, два-три "
        "предложения о компании и кто утверждает документы.",
        f"{_quoted(schema.VALUES)} — перечислите ценности компании, по одной в строке. "
        "Они войдут в профиль каждой должности.",
        f"{_quoted(schema.DEPARTMENTS)} — перечислите подразделения: куда входит каждое, "
        "кто им руководит и какие у него функции.",
        f"{_quoted(schema.POSITIONS)} — перечислите должности: подразделение, "
        "непосредственный руководитель, число ставок.",
        f"{_quoted(schema.PROCESSES)} — составьте реестр процессов. Код задаёт место процесса "
        "в структуре: процесс 1.2 входит в процесс 1, процесс 1.2.3 — в процесс 1.2. Для "
        "каждого процесса опишите содержание, клиентов, цели, результаты, показатели, "
        "ресурсы, поставщиков и владельца.",
        f"{_quoted(schema.PERFORMERS)} — для каждого процесса укажите, какие должности его "
        "выполняют и что именно делает каждая из них.",
        f"Проверьте книгу {_button(CHECK_ACTION)} и исправьте ошибки, которые появятся на "
        f"листе {_quoted(schema.FINDINGS)}.",
        f"Обновите таблицы {_button(UPDATE_ACTION)}: программа заполнит листы "
        f"{_listed((schema.COMPETENCIES, schema.PROFILES))}, а также {_listed(summaries)}.",
        f"{_quoted(schema.COMPETENCIES)} — для каждой пары «должность — процесс» впишите "
        "общие и предметные знания, навыки и личные качества. Затем снова обновите "
        f"таблицы: всё это появится на листе {_quoted(schema.PROFILES)}.",
        f"{_quoted(schema.PROFILES)} — в колонке «{include}» выберите «{schema.YES}» или "
        f"«{schema.NO}» для каждого пункта. Свой пункт добавьте новой строкой и напишите "
        f"«{schema.MANUAL_SOURCE}» в колонке «{source}»: такие строки программа не трогает.",
        f"{_quoted(schema.VACANCIES)} — перечислите должности, на которые идёт подбор, и "
        "условия работы.",
        f"{_quoted(schema.CLAUSES)} — прочитайте общие пункты должностных обязанностей "
        "(общие положения, права, ответственность, условия работы) и поправьте их под свою "
        "компанию. Пункт для одной должности добавьте строкой с этой должностью: "
        f"«{schema.ADD}» — в дополнение к общим, «{schema.REPLACE}» — вместо общих пунктов "
        "раздела.",
        f"Если компания внедряет профессиональные стандарты: загрузите их XML из реестра "
        f"Минтруда на лист {_quoted(schema.STANDARDS)} командой procxl standards import и "
        f"обновите таблицы — лист {_quoted(schema.MAPPING)} сопоставит функции должностей с "
        "трудовыми функциями стандартов; выбранную ОТФ впишите в колонку «Профстандарт» "
        f"листа {_quoted(schema.POSITIONS)}, а участников и план — на листы "
        f"{_listed((schema.WORKING_GROUP, schema.ADOPTION_PLAN))}. Подробно — procxl help "
        "standards.",
        f"Сформируйте документы {_button(DOCS_ACTION)}: программа создаст документы Word "
        "и тексты вакансий.",
        f"{_quoted(schema.EMPLOYEES)} — чтобы оценить сотрудников по профилям должностей, "
        "перечислите их: должность, табельный номер, руководитель. Обновите таблицы: на "
        f"листе {_quoted(schema.ASSESSMENT)} появится строка для каждого пункта профиля "
        "каждого сотрудника, а документы дополнятся анкетами оценки.",
        f"{_quoted(schema.ASSESSMENT)} — перенесите из анкет самооценку и оценку "
        f"руководителя (уровни шкалы с листа {_quoted(schema.ORGANISATION)}) и дату. "
        "Обновите таблицы: программа посчитает разрывы, предложит строки плана и заполнит "
        f"лист {_quoted(schema.ASSESSMENT_SUMMARY)}.",
        f"{_quoted(schema.DEVELOPMENT_PLAN)} — впишите мероприятия, сроки, ответственных и "
        "ожидаемый результат и сформируйте документы: результаты оценки и индивидуальные "
        "планы развития на подпись. Оценка служит развитию сотрудника, а не решениям об "
        "увольнении.",
    ]


def _rules() -> list[str]:
    registers = _listed(schema.REF_SHEET.values())
    return [
        "Один пункт — одна строка внутри ячейки. Новую строку в ячейке начинает Alt+Enter; "
        "пункты можно разделять и точкой с запятой «;». Маркеры «•», «-» и номера в начале "
        "пункта программа уберёт сама.",
        "Коды процессов — числа через точку: 1, 1.2, 1.2.3. Колонки с кодами текстовые, "
        "поэтому 1.10 так и остаётся 1.10, а не превращается в 1.1. Не меняйте их формат.",
        "Названия должностей и подразделений должны совпадать везде, где встречаются. "
        "Заглавные буквы, лишние пробелы и «ё» вместо «е» не мешают, а латинская буква в "
        "русском слове (например, латинская «о» или «е») — ошибка, и программа на неё укажет.",
        "Где у ячейки появляется стрелка, выбирайте значение из списка. Должности, "
        f"подразделения и коды процессов в списках берутся с листов {registers}: новое "
        "значение сначала добавьте туда.",
        "Подсказка к колонке — в примечании к её заголовку: наведите указатель на заголовок "
        "с красным уголком.",
        f"Цвет заголовка: {_REQUIRED_HEADER.word} — обязательная колонка, "
        f"{_OPTIONAL_HEADER.word} — необязательная, {_PROCXL_HEADER.word} — колонку "
        "заполняет программа.",
        "Не переименовывайте листы и заголовки колонок. Колонки можно переставлять и "
        "добавлять свои: программа их не тронет. Пустые строки пропускаются.",
    ]


def _sheet_lines() -> list[str]:
    lines = [f"{_quoted(s)} — {_lower_first(s.purpose)}" for s in schema.SHEETS]
    stages = "; ".join(f"{stage.look.word} — {_listed(stage.sheets)}" for stage in _STAGES)
    lines.append(
        f"Ярлычки листов окрашены по шагам: {stages}. {_GENERATED_TAB.word.capitalize()} "
        "ярлычки — у листов, которые программа заполняет сама: правки на них пропадут при "
        "обновлении."
    )
    return lines


def _action_lines() -> list[str]:
    return [
        f"Команда {a.command} книга.xlsx (в книге с кнопками — кнопка «{a.button}») {a.does}"
        for a in (CHECK_ACTION, UPDATE_ACTION, DOCS_ACTION)
    ] + [
        "Кнопки есть только в книге с макросами (.xlsm), на листе «Главная». С обычной "
        "книгой (.xlsx) выполните команду в командной строке, указав вместо «книга.xlsx» "
        "имя своего файла.",
        "Руководство пользователя открывает команда procxl help, без интернета; "
        "procxl help excel — раздел о кнопках: что нужно на компьютере, чтобы они работали.",
    ]


def _instruction_lines() -> list[_Line]:
    return [
        _Line("Процессная модель компании: как заполнять эту книгу", "title"),
        _Line("В книге описаны процессы компании, её структура и должности. По ней программа "
              "procxl проверяет данные, заполняет сводные листы и готовит документы: "
              "должностные обязанности, профили должностей и тексты вакансий. Заполняйте "
              "листы по порядку: каждый следующий опирается на предыдущие."),
        _Line("Порядок работы", "heading"),
        *(_Line(text, mark=f"{n}.") for n, text in enumerate(_steps(), 1)),
        _Line("Общие правила", "heading"),
        *(_Line(text, mark="•") for text in _rules()),
        _Line("Кнопки и команды", "heading"),
        *(_Line(text, mark="•") for text in _action_lines()),
        _Line("Листы книги", "heading"),
        *(_Line(text, mark="•") for text in _sheet_lines()),
    ]


def _lower_first(text: str) -> str:
    # «Реестр процессов…» reads on after a dash as «реестр процессов…»; an abbreviation stays.
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


_INSTRUCTION_FONTS = {
    "title": standard_font(bold=True, size=16),
    "heading": standard_font(bold=True, size=13),
    "text": standard_font(),
}
_INSTRUCTION_WIDTHS = {"A": 5, "B": 110}


def _add_instructions(workbook: openpyxl.Workbook) -> None:
    ws = workbook.create_sheet(schema.INSTRUCTIONS_SHEET)
    ws.sheet_properties.tabColor = _INSTRUCTIONS_TAB
    ws.sheet_view.showGridLines = False
    for letter, width in _INSTRUCTION_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    row = 1
    for line in _instruction_lines():
        if line.style == "heading":
            row += 1  # a blank row before each section
        _write_instruction_line(ws, row, line)
        row += 1
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the text needs


def _write_instruction_line(ws: Worksheet, row: int, line: _Line) -> None:
    if line.mark:
        mark = ws.cell(row, 1, line.mark)
        mark.font = standard_font(bold=True)
        mark.alignment = Alignment(horizontal="right", vertical="top")
    text = ws.cell(row, 2, line.text)
    text.font = _INSTRUCTION_FONTS[line.style]
    text.alignment = Alignment(wrap_text=True, vertical="top")
    fit_row_height(ws, row, (text,))


_DEFAULT_ROW_POINTS = 15.0
_POINTS_PER_FONT_POINT = 15 / 11  # Excel's default 15 pt row holds one line of 11 pt text
_BOLD_WIDTH = 1.1
_DEFAULT_COLUMN_WIDTH = 8.43


def fit_row_height(ws: Worksheet, row: int, cells: Sequence[Cell]) -> None:
    """Make `row` tall enough for the wrapped text of `cells` (an estimate from the widths).

    Neither Excel nor LibreOffice measures the rows of a file written by a program, so
    without this a cell of several lines shows only its first one.
    """
    height = line_height(ws, [(cell.column, cell.value, cell._style) for cell in cells])
    if height is not None:
        ws.row_dimensions[row].height = height


def line_height(ws: Worksheet, cells: Iterable[tuple[int, Any, StyleArray | None]]
                ) -> float | None:
    """The height a row of (column, value, look) cells of `ws` needs, when more than the
    default: None for a row of one line."""
    points = max((_cell_points(ws, column, value, style) for column, value, style in cells),
                 default=_DEFAULT_ROW_POINTS)
    return points if points > _DEFAULT_ROW_POINTS else None


def _cell_points(ws: Worksheet, column: int, value: Any, style: StyleArray | None) -> float:
    # the font and alignment straight from the workbook's tables: `cell.font` would copy
    # a style proxy for every cell of a sheet of tens of thousands
    width, size, bold = _text_fit(ws, column, style)
    if value is None or not width:
        return round(size * _POINTS_PER_FONT_POINT, 1)
    return _text_points(str(value), width, size, bold)


@functools.lru_cache(maxsize=1 << 16)
def _text_points(value: str, width: float, size: float, bold: bool) -> float:
    # cached: a generated sheet repeats the same goals and results for every performer
    chars = width * _FONT_SIZE / size / (_BOLD_WIDTH if bold else 1.0)
    lines = _wrapped_lines(value, max(1, int(chars) - 1))
    return round(lines * size * _POINTS_PER_FONT_POINT, 1)


_NO_STYLE = StyleArray()


def _column_width(ws: Worksheet, column: int) -> float:
    letter = column_letter(column)
    dimensions = ws.column_dimensions
    return (dimensions[letter].width if letter in dimensions else 0) or _DEFAULT_COLUMN_WIDTH


def _wrapped_lines(text: str, chars: int) -> int:
    return sum(_lines_of(part, chars) for part in text.split("\n"))


def _lines_of(paragraph: str, chars: int) -> int:
    """How many lines of `chars` a paragraph takes, broken at spaces as Excel breaks it
    (a word longer than a line is cut); a paragraph that fits takes one."""
    if len(paragraph) <= chars:
        return 1
    lines, used = 1, 0
    for word in paragraph.split():
        length = len(word)
        while length > chars:  # a word longer than a line fills lines of its own
            if used:
                lines += 1
            length -= chars
            used = chars
        if used == 0:
            used = length
        elif used + 1 + length <= chars:
            used += 1 + length
        else:
            lines += 1
            used = length
    return lines


# Table sheets ---------------------------------------------------------------------------

_THIN = Side(style="thin", color="808080")
_HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
_COMMENT_WIDTH_PX = 320
_COMMENT_CHARS_PER_LINE = 45
_COMMENT_LINE_PX = 16


def add_sheet(workbook: openpyxl.Workbook, sheet: Sheet, index: int | None = None) -> Worksheet:
    """Create a standard sheet, empty but for its header, hints and drop-downs, set up to
    print and, for a table the user fills, filter."""
    ws = workbook.create_sheet(sheet.name, index)
    _set_tab_colour(ws, sheet)
    if sheet.generated:
        _write_generated_note(ws)
    print_setup(ws, sheet.header_row if sheet.is_table else None, wide=_is_wide(sheet))
    if sheet.is_table:
        _write_header(ws, sheet)
        _set_column_defaults(ws, sheet)
        ws.freeze_panes = f"A{sheet.first_data_row}"
        if not sheet.generated and not sheet.params:
            set_filter(ws, sheet, sheet.header_row)
    if sheet.params:
        _write_param_labels(ws, sheet)
    if not sheet.generated:
        _add_validations(ws, sheet)
        _mark_findings(ws, sheet)
    return ws


# Findings marked where they are --------------------------------------------------------------

FINDING_MARKS = ((Level.ERROR, "FFC7CE", "9C0006"), (Level.WARNING, "FFEB9C", "9C5700"))
"""The levels marked on the user's own sheets, with the fill and font of «Проверка»."""


def finding_mark_formula(sheet_name: str, level: Level,
                         address: str = "ADDRESS(ROW(),COLUMN(),4)") -> str:
    """True when «Проверка» lists a finding of `level` at this cell of `sheet_name`.

    The conditional format of every input sheet asks this of its cells, so a cell is marked
    while a finding names it and unmarked once the next check no longer does: nothing is
    ever written into the user's cells. «Проверка» is named through INDIRECT, which keeps
    the reference when procxl replaces that sheet (Excel would turn a plain one into #REF!).
    """
    findings = quote_sheet(schema.FINDINGS.name)
    column = {key: column_letter(column_index(schema.FINDINGS, key))
              for key in ("level", "sheet", "cell")}

    def range_of(key: str) -> str:
        return f'INDIRECT("{findings}!${column[key]}:${column[key]}")'

    sheet = sheet_name.replace('"', '""')
    return (f'COUNTIFS({range_of("sheet")},"{sheet}",{range_of("cell")},{address},'
            f'{range_of("level")},"{level.russian}")>0')


def finding_mark_rules(sheet_name: str) -> list[Rule]:
    """The conditional-format rules that mark the cells of `sheet_name` a finding names, one
    per level of :data:`FINDING_MARKS`, each with its look (`rule.dxf`)."""
    return [FormulaRule(formula=[finding_mark_formula(sheet_name, level)], stopIfTrue=True,
                        fill=PatternFill(fill_type="solid", start_color=fill, end_color=fill),
                        font=Font(color=font))
            for level, fill, font in FINDING_MARKS]


def is_finding_mark(formula: str, level: Level) -> bool:
    """True when `formula` is procxl's mark for findings of `level`, whatever sheet it names:
    an update recognises the rules it added (or a new book had) and does not add them twice."""
    return _finding_mark_pattern(level).fullmatch(formula.strip().lstrip("=")) is not None


@functools.cache
def _finding_mark_pattern(level: Level) -> re.Pattern[str]:
    marker = "\x00"
    head, tail = finding_mark_formula(marker, level).split(marker)
    return re.compile(re.escape(head) + '(?:[^"]|"")*' + re.escape(tail))


def _mark_findings(ws: Worksheet, sheet: Sheet) -> None:
    for rule in finding_mark_rules(sheet.name):
        ws.conditional_formatting.add(_marks_range(sheet, len(sheet.columns)), rule)


def _marks_range(sheet: Sheet, columns: int, first_row: int | None = None) -> str:
    last = _PARAM_ROWS if sheet.params else LAST_ROW  # the parameters fill a few rows only
    return f"A{first_row or sheet.first_data_row}:{column_letter(columns)}{last}"


# Setting up a sheet of an older book --------------------------------------------------------

@dataclass(frozen=True)
class SheetSetup:
    """What a standard input sheet of a new book has to print, filter and show its findings,
    as `procxl update` gives it to the same sheet of an older book where the user set none.

    Each writer of a book (the file part by part, openpyxl, Excel) adds each of the three
    only where the sheet has none of its own: no print settings, no filter, no marks.
    """

    name: str  # the sheet's name in the book
    header_row: int  # repeated on every printed page
    wide: bool  # landscape, unless the sheet already has an orientation
    organisation: str  # at the top left of every page
    filter_ref: str | None  # the autofilter's range; None on a sheet of parameters
    marks_ref: str  # the cells marked while a finding names them


def sheet_setup(sheet: Sheet, name: str, *, header_row: int, columns: int, last_row: int,
                organisation: str) -> SheetSetup:
    """The setup of standard sheet `sheet`, found as `name` with its header in `header_row`,
    `columns` columns wide and filled down to `last_row`."""
    columns = max(columns, len(sheet.columns))
    filter_ref = None if sheet.params else _table_range(header_row, columns, last_row)
    return SheetSetup(name, header_row, _is_wide(sheet), organisation, filter_ref,
                      _marks_range(sheet, columns, header_row + 1))


def page_header(organisation: str) -> tuple[str | None, str]:
    """The left and right parts of the page header: the organisation (an `&` doubled, as
    Excel's codes need) and the sheet's name."""
    return organisation.replace("&", "&&") or None, "&A"


def _is_wide(sheet: Sheet) -> bool:
    return not sheet.is_table or sum(c.width for c in sheet.columns) > _PORTRAIT_WIDTH


_PORTRAIT_WIDTH = 110
"""Column widths (in characters) an A4 portrait page takes at a readable scale; a wider
table prints landscape."""
PAGE_FOOTER = "Страница &P из &N"


def print_setup(ws: Worksheet, header_row: int | None, *, wide: bool = True,
                organisation: str = "") -> None:
    """A4, one page wide (as many pages down as it needs), landscape when `wide`; the header
    row repeated on every page; the organisation (when known) and the sheet's name at the
    top, the page number and count at the bottom."""
    fit_to_width(ws, header_row, wide=wide)
    set_page_header(ws, organisation)
    ws.oddFooter.center.text = PAGE_FOOTER


def fit_to_width(ws: Worksheet, header_row: int | None, *, wide: bool = True) -> None:
    """A4, one page wide however many pages long, landscape when `wide`, the header row (when
    given) repeated on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"


def set_page_header(ws: Worksheet, organisation: str) -> None:
    """The page header: the organisation on the left (an `&` doubled, as Excel's codes need),
    the sheet's name on the right."""
    ws.oddHeader.left.text, ws.oddHeader.right.text = page_header(organisation)


def set_filter(ws: Worksheet, sheet: Sheet, last_row: int) -> None:
    """An autofilter over the table's header and its rows down to `last_row`."""
    ws.auto_filter.ref = _table_range(sheet.header_row, len(sheet.columns), last_row)


def _table_range(header_row: int, columns: int, last_row: int) -> str:
    """A table from its header down to `last_row` (the header alone when it has no rows)."""
    return f"A{header_row}:{column_letter(columns)}{max(last_row, header_row)}"


def _set_tab_colour(ws: Worksheet, sheet: Sheet) -> None:
    if sheet.generated:
        ws.sheet_properties.tabColor = _GENERATED_TAB.colour
        return
    for stage in _STAGES:
        if sheet in stage.sheets:
            ws.sheet_properties.tabColor = stage.look.colour


def _write_generated_note(ws: Worksheet) -> None:
    note = ws.cell(1, 1, GENERATED_NOTE)
    note.font = standard_font(italic=True, color=_NOTE_COLOUR)


def _write_header(ws: Worksheet, sheet: Sheet) -> None:
    cells = []
    for index, column in enumerate(sheet.columns, 1):
        ws.column_dimensions[column_letter(index)].width = column.width
        cell = ws.cell(sheet.header_row, index, column.header)
        cell.font = standard_font(bold=True)
        cell.fill = _solid(_header_look(column).colour)
        cell.border = _HEADER_BORDER
        cell.alignment = _HEADER_ALIGNMENT
        cell.comment = _comment(header_hint(column))
        cells.append(cell)
    fit_row_height(ws, sheet.header_row, cells)


def header_hint(column: Column) -> str:
    """The comment text on a column's header: its hint, and whether it is required."""
    return f"{column.hint} {REQUIRED_NOTE}" if column.required else column.hint


def _header_look(column: Column) -> _Look:
    if column.owner is Owner.PROCXL:
        return _PROCXL_HEADER
    return _REQUIRED_HEADER if column.required else _OPTIONAL_HEADER


def _solid(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _comment(text: str) -> Comment:
    height = _COMMENT_LINE_PX * (_wrapped_lines(text, _COMMENT_CHARS_PER_LINE) + 1)
    return Comment(text, COMMENT_AUTHOR, height=height, width=_COMMENT_WIDTH_PX)


def _set_column_defaults(ws: Worksheet, sheet: Sheet) -> None:
    # A column style is what Excel gives the cells a user types into later.
    for index, column in enumerate(sheet.columns, 1):
        dimension = ws.column_dimensions[column_letter(index)]
        dimension.alignment = _data_alignment(column)
        dimension.number_format = _number_format(column)


@functools.cache
def data_look(column: Column) -> tuple[str, bool]:
    """The number format and the text wrapping of a data cell of `column`."""
    return _number_format(column), column.is_list or column.kind is Kind.TEXT


def _data_alignment(column: Column) -> Alignment:
    return Alignment(wrap_text=data_look(column)[1], vertical="top")


def _number_format(column: Column) -> str:
    # A choice is text: Excel would read the schedule «5/2» it offers as the 5th of February.
    return TEXT_FORMAT if column.kind in (Kind.CODE, Kind.CHOICE) else GENERAL_FORMAT


_DATA_LOOKS: weakref.WeakKeyDictionary[Any, dict[tuple[str, bool], tuple[int, int]]] = (
    weakref.WeakKeyDictionary())
"""Per workbook: the alignment and number-format ids of each data-cell look, found once."""


def style_data_cell(cell: Cell, column: Column) -> None:
    """Give a data cell the look and number format of its column, as the template does.

    Only the alignment and number format change: a user's font or fill stays. The ids are
    looked up once per workbook, because openpyxl hashes every style object it is given and
    an update writes hundreds of thousands of cells.
    """
    key = data_look(column)
    looks = _DATA_LOOKS.setdefault(cell.parent.parent, {})
    if key not in looks:
        cell.alignment = _data_alignment(column)
        cell.number_format = key[0]
        looks[key] = (cell._style.alignmentId, cell._style.numFmtId)
    if cell._style is None:  # a cell read from a file may have no style of its own yet
        cell._style = StyleArray()
    cell._style.alignmentId, cell._style.numFmtId = looks[key]


def _write_param_labels(ws: Worksheet, sheet: Sheet) -> None:
    label_column = sheet.column("parameter")
    for row, param in enumerate(sheet.params, sheet.first_data_row):
        cell = ws.cell(row, column_index(sheet, label_column.key), param.label)
        style_data_cell(cell, label_column)
        cell.font = standard_font(bold=param.required)
        cell.comment = _comment(param.hint)


def column_index(sheet: Sheet, key: str) -> int:
    """The 1-based position of a column in the standard's order of the sheet."""
    return sheet.columns.index(sheet.column(key)) + 1


def _column_range(sheet: Sheet, column: Column, absolute: bool = False) -> str:
    """The data rows of a column, e.g. `C2:C5000` (or `$C$2:$C$5000`)."""
    letter = column_letter(column_index(sheet, column.key))
    dollar = "$" if absolute else ""
    return f"{dollar}{letter}{dollar}{sheet.first_data_row}:{dollar}{letter}{dollar}{LAST_ROW}"


# Drop-downs ------------------------------------------------------------------------------

_CHOICE_ERROR = "Этого значения нет в списке. Выберите значение из списка, чтобы procxl его понял."
_EXCEL_TITLE_LIMIT = 32
_EXCEL_INLINE_LIST_LIMIT = 255


def _add_validations(ws: Worksheet, sheet: Sheet) -> None:
    for column in sheet.columns:
        validation = _validation(column)
        if validation is not None:
            validation.add(_column_range(sheet, column))
            ws.add_data_validation(validation)


def drop_down(column: Column, index: int, first_row: int) -> DataValidation | None:
    """The drop-down of `column` over its data cells, placed in column `index` (1-based),
    for a column added to a sheet after it was made; None for a column without one."""
    validation = _validation(column)
    if validation is not None:
        letter = column_letter(index)
        validation.add(f"{letter}{first_row}:{letter}{LAST_ROW}")
    return validation


def _validation(column: Column) -> DataValidation | None:
    if column.ref is not None:
        return _ref_validation(column.header, column.ref)
    if column.kind is Kind.CHOICE:
        return _choice_validation(column)
    if column.scale:
        return _scale_validation(column)
    return None


def scale_levels(scale: Iterable[str]) -> tuple[str, ...]:
    """The level numbers a drop-down offers for a scale given as its levels' texts."""
    return tuple(str(number) for number in level_numbers(tuple(scale)))


def _scale_validation(column: Column) -> DataValidation:
    return _list_validation(
        inline_list(scale_levels(schema.DEFAULT_SCALE)),
        title=column.header,
        prompt="Выберите уровень шкалы (шкала — на листе «Организация»).",
        error="Такого уровня нет в шкале оценки по умолчанию. Если у вас своя шкала, "
              "сохраните значение: procxl проверит его по шкале листа «Организация».",
        error_style="warning",
    )


def _ref_validation(title: str, ref: Ref) -> DataValidation:
    ref_list, register = _REF_LISTS[ref], schema.REF_SHEET[ref]
    return _list_validation(
        ref_list.name,
        title=title,
        prompt=f"Выберите {ref_list.noun} из списка.",
        error=f"Выберите {ref_list.noun} из списка. {ref_list.new} сначала добавьте на лист "
              f"«{register.name}».",
        error_style="stop",
    )


def _choice_validation(column: Column) -> DataValidation:
    return _list_validation(
        inline_list(column.choices),
        title=column.header,
        prompt="Выберите значение из списка.",
        error=_CHOICE_ERROR,
        error_style="warning",  # the checker has the last word; a near-miss may be kept
    )


def _list_validation(
    formula: str, *, title: str, prompt: str, error: str, error_style: str
) -> DataValidation:
    title = title[:_EXCEL_TITLE_LIMIT]
    return DataValidation(
        type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
        showInputMessage=True, errorStyle=error_style, errorTitle=title, error=error,
        promptTitle=title, prompt=prompt,
    )


def inline_list(choices: Iterable[str]) -> str:
    """The formula of a drop-down that offers `choices`: `"да,нет"`."""
    choices = tuple(choices)
    formula = '"' + ",".join(choices) + '"'
    if any("," in c or '"' in c for c in choices) or len(formula) > _EXCEL_INLINE_LIST_LIMIT:
        raise ValueError(f"Excel cannot offer {choices!r} as an inline list")
    return formula


def _add_register_names(workbook: openpyxl.Workbook) -> None:
    for ref, ref_list in _REF_LISTS.items():
        target = register_list_formula(schema.REF_SHEET[ref])
        workbook.defined_names[ref_list.name] = DefinedName(ref_list.name, attr_text=target)


def register_list_formula(register: Sheet) -> str:
    """What a register's drop-down offers: its key column from the first data row down to
    the last filled one, blank rows in between kept (a name below them must stay in the
    list), so the list has no trail of thousands of blanks:
    `OFFSET(first,0,0,IFERROR(LOOKUP(2,1/(rows<>""),ROW(rows))-ROW(first)+1,1),1)`, the
    last filled row found as Excel users find it (LOOKUP of 2 in an array of 1 and errors)."""
    rows = _column_range(register, register.columns[0], True)
    first = rows.split(":")[0]
    sheet = quote_sheet(register.name)
    rows, first = f"{sheet}!{rows}", f"{sheet}!{first}"
    return (f'OFFSET({first},0,0,IFERROR(LOOKUP(2,1/({rows}<>""),ROW({rows}))-ROW({first})+1,'
            f"1),1)")


def quote_sheet(name: str) -> str:
    """A sheet's name as a formula or a defined name writes it: in apostrophes, its own
    apostrophes doubled."""
    return "'" + name.replace("'", "''") + "'"


def register_list_name(ref: Ref) -> str:
    """The workbook defined name of the drop-down list for a reference column."""
    return _REF_LISTS[ref].name


# Data ------------------------------------------------------------------------------------

def _fill(workbook: openpyxl.Workbook, data: WorkbookData) -> None:
    organisation = str((data.get(schema.ORGANISATION.key) or {}).get("name") or "")
    for key, rows in data.items():
        sheet = schema.sheet(key)
        ws = workbook[sheet.name]
        if sheet.params:
            _fill_params(ws, sheet, rows)
        else:
            rows = list(rows)
            fill_rows(ws, sheet, rows)
            if not sheet.generated:
                set_filter(ws, sheet, sheet.header_row + len(rows))
    if organisation:
        for sheet in schema.SHEETS:
            set_page_header(workbook[sheet.name], organisation)


def _fill_params(ws: Worksheet, sheet: Sheet, values: Mapping[str, Any]) -> None:
    value_column = sheet.column("value")
    for key, value in values.items():
        if sheet.param(key).is_list and isinstance(value, list | tuple):
            value = "\n".join(str(item) for item in value)
        row = sheet.first_data_row + sheet.params.index(sheet.param(key))
        cell = _write_cell(ws, row, sheet, value_column, value)
        fit_row_height(ws, row, [cell] if cell else [])


def fill_rows(ws: Worksheet, sheet: Sheet, rows: Iterable[Mapping[str, Any]], *,
              stream: bool = True) -> None:
    """Write rows of {column key: value} under the sheet's header, styled as the template
    (kept aside as lines for a streamed book: see :func:`rows.put_rows`)."""
    put_rows(ws, table_lines(ws, sheet, rows), stream=stream)


def table_lines(ws: Worksheet, sheet: Sheet, rows: Iterable[Mapping[str, Any]]) -> list[Line]:
    """The lines of rows of {column key: value} under the sheet's header: each cell with its
    column's data look, each row as tall as its wrapped text."""
    looks = looks_of(ws)
    columns = {c.key: (i, c, data_style(looks, c)) for i, c in enumerate(sheet.columns, 1)}
    # what a cell's height depends on, but its text, found once per column
    fits = {index: _text_fit(ws, index, style) for index, _, style in columns.values()}
    lines = []
    for number, values in enumerate(rows, sheet.first_data_row):
        cells = []
        points = _DEFAULT_ROW_POINTS
        for key, value in values.items():
            index, column, style = columns[key]
            value = cell_value(column, value)
            if value is not None:
                cells.append((index, value, style))
                width, size, bold = fits[index]
                found = (_text_points(str(value), width, size, bold) if width
                         else round(size * _POINTS_PER_FONT_POINT, 1))
                points = max(points, found)
        lines.append(Line(number, cells, points if points > _DEFAULT_ROW_POINTS else None))
    return lines


def _text_fit(ws: Worksheet, column: int, style: StyleArray | None
              ) -> tuple[float, float, bool]:
    """The width, font size and boldness a cell's text is fitted to (width 0: the cell does
    not wrap, so it takes one line), as :func:`_cell_points` finds them."""
    workbook = ws.parent
    style = style or _NO_STYLE
    font = workbook._fonts[style.fontId]
    size = float(font.sz or _FONT_SIZE)
    if not workbook._alignments[style.alignmentId].wrap_text:
        return 0.0, size, False
    return _column_width(ws, column), size, bool(font.b)


def data_style(looks: Looks, column: Column) -> StyleArray:
    """The look of a fresh data cell of `column`: its alignment and number format."""
    key = data_look(column)
    return looks.look(("data", key), lambda: {"alignment": _data_alignment(column),
                                              "number_format": key[0]})


def _write_cell(
    ws: Worksheet, row: int, sheet: Sheet, column: Column, value: Any
) -> Cell | None:
    value = cell_value(column, value)
    if value is None:
        return None
    cell = ws.cell(row, column_index(sheet, column.key), value)
    style_data_cell(cell, column)
    return cell


def cell_value(column: Column, value: Any) -> Any:
    """What a cell of `column` holds for `value`: lists joined by lines (cut where they
    outgrow a cell, see :func:`procxl.text.fitted`), codes as text.

    None and '' give None (an empty cell); numbers stay numbers except in a code column.
    """
    if value is None or value == "":
        return None
    if column.is_list and isinstance(value, list | tuple):
        return fitted("\n".join(str(item) for item in value)) or None
    if column.kind is Kind.CODE:
        return str(value)
    return value


# Entry points ----------------------------------------------------------------------------

def build_workbook(data: WorkbookData | None = None) -> openpyxl.Workbook:
    """The standard workbook, blank, or filled with data.

    `data` maps a sheet key of :mod:`procxl.schema` to its rows: for `organisation` a dict
    {param_key: value}; for every other table sheet a list of dicts {column_key: value}, where
    a list-valued column may be given a list or tuple of str (written joined with "\\n") or a
    str; numbers stay numbers; None or a missing key leaves the cell empty. Unknown sheet or
    column keys raise KeyError (a programming error).
    """
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    _add_instructions(workbook)
    for sheet in schema.SHEETS:
        add_sheet(workbook, sheet)
    _add_register_names(workbook)
    if data:
        _fill(workbook, data)
    workbook.active = 0
    return workbook


def blank_data() -> dict[str, Any]:
    """What a new workbook holds: only the general clauses of `Положения`, which every
    position's main document needs and a user edits rather than writes from nothing, and
    the assessment scale with its default required level, which a user adjusts."""
    return {schema.ORGANISATION.key: assessment_defaults(),
            schema.CLAUSES.key: clauses.default_rows()}


def assessment_defaults() -> dict[str, Any]:
    """The parameters of `Организация` a new book starts its assessment with."""
    return {"scale": list(schema.DEFAULT_SCALE),
            "required_level": schema.DEFAULT_REQUIRED_LEVEL}


def write_blank(path: str | os.PathLike[str]) -> None:
    """Write the blank standard workbook (with the general clauses) to `path`, atomically."""
    atomic_save(build_workbook(blank_data()), path)


def _main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("Использование: python -m procxl.workbook.template ПУТЬ.xlsx", file=sys.stderr)
        return 2
    try:
        write_blank(argv[0])
    except ProcxlError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
