"""The blank standard workbook, its filled form and the atomic save, read back with openpyxl."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from procxl import schema
from procxl.errors import OutputError
from procxl.model import column_letter
from procxl.schema import Kind, Ref, Sheet
from procxl.workbook import files, template
from tests.checking import example
from tests.workbook_fingerprint import fingerprint
from tests.xlsx_files import libreoffice_evaluates

COMMITTED = Path(__file__).resolve().parent.parent / "workbook_templates" / "procxl.xlsx"
TABLE_SHEETS = [s for s in schema.SHEETS if s.is_table]
USER_TABLES = [s for s in TABLE_SHEETS if not s.generated]


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("blank") / "blank.xlsx"
    template.write_blank(path)
    return openpyxl.load_workbook(path)


def saved_and_read(workbook: openpyxl.Workbook, tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "book.xlsx"
    files.atomic_save(workbook, path)
    return openpyxl.load_workbook(path)


def letter(sheet: Sheet, key: str) -> str:
    return column_letter(sheet.columns.index(sheet.column(key)) + 1)


def validation_at(ws: Worksheet, coordinate: str):
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) <= 1, f"{ws.title}!{coordinate} has {len(found)} drop-downs"
    return found[0] if found else None


def sheet_ids(sheets: list[Sheet]) -> list[str]:
    return [s.key for s in sheets]


# The committed file ----------------------------------------------------------------------

def test_committed_template_is_what_the_code_builds() -> None:
    assert fingerprint(COMMITTED) == fingerprint(template.build_workbook(template.blank_data())), (
        "workbook_templates/procxl.xlsx is out of date with procxl.schema or the template code; "
        "regenerate it with `python -m procxl.workbook.template workbook_templates/procxl.xlsx` "
        "and commit it"
    )


def test_fingerprint_sees_a_change() -> None:
    changed = template.build_workbook()
    changed[schema.PROCESSES.name].column_dimensions["A"].number_format = "General"
    assert fingerprint(changed) != fingerprint(template.build_workbook())


# Sheets and headers ----------------------------------------------------------------------

def test_sheets_in_the_order_of_the_standard(blank: openpyxl.Workbook) -> None:
    assert blank.sheetnames == [schema.INSTRUCTIONS_SHEET, *(s.name for s in schema.SHEETS)]
    assert blank.active.title == schema.INSTRUCTIONS_SHEET


@pytest.mark.parametrize("sheet", TABLE_SHEETS, ids=sheet_ids(TABLE_SHEETS))
def test_header_texts_and_hints(blank: openpyxl.Workbook, sheet: Sheet) -> None:
    ws = blank[sheet.name]
    for index, column in enumerate(sheet.columns, 1):
        cell = ws.cell(sheet.header_row, index)
        assert cell.value == column.header
        assert cell.font.b
        assert cell.fill.fill_type == "solid"
        assert cell.comment is not None and cell.comment.author == template.COMMENT_AUTHOR
        assert column.hint in cell.comment.text
        assert (template.REQUIRED_NOTE in cell.comment.text) == column.required
    assert ws.cell(sheet.header_row, len(sheet.columns) + 1).value is None


def test_required_headers_are_darker_than_optional_ones(blank: openpyxl.Workbook) -> None:
    ws = blank[schema.PERFORMERS.name]
    fills = {
        column.required: ws[f"{letter(schema.PERFORMERS, column.key)}1"].fill.fgColor.rgb
        for column in schema.PERFORMERS.columns
    }
    assert fills[True] != fills[False]


@pytest.mark.parametrize("sheet", TABLE_SHEETS, ids=sheet_ids(TABLE_SHEETS))
def test_panes_frozen_under_the_header(blank: openpyxl.Workbook, sheet: Sheet) -> None:
    assert blank[sheet.name].freeze_panes == f"A{sheet.first_data_row}"


@pytest.mark.parametrize("sheet", TABLE_SHEETS, ids=sheet_ids(TABLE_SHEETS))
def test_column_defaults(blank: openpyxl.Workbook, sheet: Sheet) -> None:
    ws = blank[sheet.name]
    for column in sheet.columns:
        dimension = ws.column_dimensions[letter(sheet, column.key)]
        assert dimension.width == column.width
        text = column.kind in (Kind.CODE, Kind.CHOICE)
        assert (dimension.number_format == "@") == text, column.key
        if column.is_list:
            assert dimension.alignment.wrap_text, column.key
            assert dimension.alignment.vertical == "top", column.key


def test_every_code_column_is_text(blank: openpyxl.Workbook) -> None:
    codes = [(s, c) for s, c in schema.iter_columns() if c.kind is Kind.CODE]
    assert len(codes) >= 3
    for sheet, column in codes:
        assert blank[sheet.name].column_dimensions[letter(sheet, column.key)].number_format == "@"


# Организация ----------------------------------------------------------------------------

def test_organisation_lists_every_parameter(blank: openpyxl.Workbook) -> None:
    sheet = schema.ORGANISATION
    ws = blank[sheet.name]
    labels = letter(sheet, "parameter")
    for row, param in enumerate(sheet.params, sheet.first_data_row):
        cell = ws[f"{labels}{row}"]
        assert cell.value == param.label
        assert cell.comment is not None and cell.comment.text == param.hint
        assert bool(cell.font.b) == param.required
        value = ws[f"{letter(sheet, 'value')}{row}"].value
        if param.key == "scale":  # a new book starts with the default scale, to adjust
            assert value.split("\n") == list(schema.DEFAULT_SCALE)
        elif param.key == "required_level":
            assert value == schema.DEFAULT_REQUIRED_LEVEL
        else:
            assert value is None


# Drop-downs ------------------------------------------------------------------------------

REF_COLUMNS = [(s, c) for s in USER_TABLES for c in s.columns if c.ref is not None]
CHOICE_COLUMNS = [(s, c) for s in USER_TABLES for c in s.columns if c.kind is Kind.CHOICE]


@pytest.mark.parametrize(
    ("sheet", "column"), REF_COLUMNS, ids=[f"{s.key}.{c.key}" for s, c in REF_COLUMNS]
)
def test_reference_columns_drop_down_their_register(blank: openpyxl.Workbook, sheet, column):
    ws = blank[sheet.name]
    col = letter(sheet, column.key)
    dv = validation_at(ws, f"{col}{sheet.first_data_row}")
    assert dv is not None and dv.type == "list"
    assert dv.formula1 == template.register_list_name(column.ref)
    assert f"{col}{template.LAST_ROW}" in dv.sqref
    assert dv.errorStyle == "stop"
    register = schema.REF_SHEET[column.ref]
    assert f"«{register.name}»" in dv.error
    target = blank.defined_names[dv.formula1].attr_text
    key = letter(register, register.columns[0].key)
    assert target == template.register_list_formula(register)
    assert target.startswith(f"OFFSET('{register.name}'!${key}$2,")  # down to the last name
    assert f"'{register.name}'!${key}$2:${key}${template.LAST_ROW}" in target


def test_performer_position_lists_the_positions(blank: openpyxl.Workbook) -> None:
    dv = validation_at(blank["Исполнители"], "C2")
    assert dv.formula1 == "Список_должностей"
    assert blank.defined_names["Список_должностей"].attr_text == (
        "OFFSET('Должности'!$A$2,0,0,IFERROR(LOOKUP(2,1/('Должности'!$A$2:$A$5000<>\"\"),"
        "ROW('Должности'!$A$2:$A$5000))-ROW('Должности'!$A$2)+1,1),1)")
    assert dv.error == (
        "Выберите должность из списка. Новую должность сначала добавьте на лист «Должности»."
    )


@pytest.mark.parametrize(
    ("sheet", "column"), CHOICE_COLUMNS, ids=[f"{s.key}.{c.key}" for s, c in CHOICE_COLUMNS]
)
def test_choice_columns_drop_down_their_choices(blank: openpyxl.Workbook, sheet, column):
    dv = validation_at(blank[sheet.name], f"{letter(sheet, column.key)}{sheet.first_data_row}")
    assert dv is not None and dv.type == "list"
    assert dv.formula1 == '"' + ",".join(column.choices) + '"'
    assert dv.error and dv.prompt


def test_include_offers_yes_and_no(blank: openpyxl.Workbook) -> None:
    sheet = schema.PROFILES
    dv = validation_at(blank[sheet.name], f"{letter(sheet, 'include')}2")
    assert dv.formula1 == '"да,нет"'


def test_plain_columns_have_no_drop_down(blank: openpyxl.Workbook) -> None:
    sheet = schema.PROCESSES
    assert validation_at(blank[sheet.name], f"{letter(sheet, 'name')}2") is None


def test_inline_list_refuses_what_excel_cannot_hold() -> None:
    with pytest.raises(ValueError):
        template.inline_list(["да, конечно", "нет"])
    with pytest.raises(ValueError):
        template.inline_list(["x" * 300])


# Generated sheets and the Инструкция ----------------------------------------------------

@pytest.mark.parametrize(
    "sheet", schema.GENERATED_SHEETS, ids=sheet_ids(list(schema.GENERATED_SHEETS))
)
def test_generated_sheets_are_grey_and_say_so(blank: openpyxl.Workbook, sheet: Sheet) -> None:
    ws = blank[sheet.name]
    assert ws.sheet_properties.tabColor.rgb.endswith("A6A6A6")
    assert ws["A1"].value == template.GENERATED_NOTE
    assert ws["A1"].font.i
    assert ws.data_validations.dataValidation == []
    if not sheet.is_table:
        assert ws.max_row == 1 and ws.max_column == 1


def test_user_sheets_are_not_grey(blank: openpyxl.Workbook) -> None:
    for sheet in schema.USER_SHEETS:
        tab = blank[sheet.name].sheet_properties.tabColor
        assert tab is None or not tab.rgb.endswith("A6A6A6"), sheet.name


def instruction_text(blank: openpyxl.Workbook) -> str:
    ws = blank[schema.INSTRUCTIONS_SHEET]
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)


def test_instructions_walk_through_every_sheet(blank: openpyxl.Workbook) -> None:
    text = instruction_text(blank)
    for sheet in schema.SHEETS:
        assert f"«{sheet.name}»" in text
        assert sheet.purpose[1:] in text, sheet.name


def test_instructions_follow_the_method_order(blank: openpyxl.Workbook) -> None:
    steps = [c.value for c in blank[schema.INSTRUCTIONS_SHEET]["B"] if c.value]
    first = [s.name for s in (schema.ORGANISATION, schema.VALUES, schema.DEPARTMENTS,
                              schema.POSITIONS, schema.PROCESSES, schema.PERFORMERS)]
    order = [next(i for i, s in enumerate(steps) if s.startswith(f"«{name}»")) for name in first]
    assert order == sorted(order)
    update = next(i for i, s in enumerate(steps) if "procxl update" in s)
    docs = next(i for i, s in enumerate(steps) if "procxl docs" in s)
    vacancies = next(i for i, s in enumerate(steps) if s.startswith("«Вакансии»"))
    assert order[-1] < update < vacancies < docs


def test_instructions_name_buttons_commands_and_rules(blank: openpyxl.Workbook) -> None:
    text = instruction_text(blank)
    for words in ("procxl check", "procxl update", "procxl docs", "«Проверить»",
                  "«Обновить таблицы»", "«Сформировать документы»", "Alt+Enter", "«;»",
                  "1.2.3", "обязательная колонка"):
        assert words in text


def test_instructions_read_as_a_page(blank: openpyxl.Workbook) -> None:
    ws = blank[schema.INSTRUCTIONS_SHEET]
    assert ws.sheet_view.showGridLines is False
    assert ws.column_dimensions["B"].width >= 80
    assert ws["B1"].font.b
    assert all(c.alignment.wrap_text for c in ws["B"] if c.value)


# Filled workbooks ------------------------------------------------------------------------

DATA = {
    "organisation": {"name": "ООО «Автосервис Плюс»", "city": "Казань", "approver_name": None},
    "processes": [
        {"code": "1", "name": "Обслуживание клиентов"},
        {"code": "1.10", "name": "Приём автомобиля", "goals": ["Клиент доволен", "Нет ожиданий"],
         "indicators": "Время приёма", "results": ("Заказ-наряд",)},
    ],
    "positions": [{"name": "Мастер-приёмщик", "department": "Сервис", "headcount": 2}],
    "performers": [{"process_code": 1.1, "position": "Мастер-приёмщик"}],
    "vacancies": [{"position": "Мастер-приёмщик", "salary_from": 60000, "city": ""}],
}


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("filled") / "filled.xlsx"
    files.atomic_save(template.build_workbook(DATA), path)
    return openpyxl.load_workbook(path)


def test_codes_stay_text(filled: openpyxl.Workbook) -> None:
    ws = filled[schema.PROCESSES.name]
    assert ws["A3"].value == "1.10"
    assert ws["A3"].number_format == "@"
    assert filled[schema.PERFORMERS.name]["A2"].value == "1.1"


def test_list_cells_hold_one_item_per_line(filled: openpyxl.Workbook) -> None:
    sheet = schema.PROCESSES
    ws = filled[sheet.name]
    assert ws[f"{letter(sheet, 'goals')}3"].value == "Клиент доволен\nНет ожиданий"
    assert ws[f"{letter(sheet, 'goals')}3"].alignment.wrap_text
    assert ws[f"{letter(sheet, 'indicators')}3"].value == "Время приёма"
    assert ws[f"{letter(sheet, 'results')}3"].value == "Заказ-наряд"
    assert ws[f"{letter(sheet, 'goals')}2"].value is None
    assert ws.row_dimensions[3].height >= 30  # two lines show


def test_numbers_stay_numbers_and_blanks_stay_empty(filled: openpyxl.Workbook) -> None:
    positions, vacancies = schema.POSITIONS, schema.VACANCIES
    assert filled[positions.name][f"{letter(positions, 'headcount')}2"].value == 2
    assert filled[vacancies.name][f"{letter(vacancies, 'salary_from')}2"].value == 60000
    assert filled[vacancies.name][f"{letter(vacancies, 'city')}2"].value is None


def test_organisation_values_go_next_to_their_labels(filled: openpyxl.Workbook) -> None:
    sheet = schema.ORGANISATION
    ws = filled[sheet.name]
    values = {ws[f"A{r}"].value: ws[f"B{r}"].value for r in range(2, 2 + len(sheet.params))}
    assert values == {
        "Наименование организации": "ООО «Автосервис Плюс»",
        "Город": "Казань",
        "О компании (для вакансий)": None,
        "Утверждает: должность": None,
        "Утверждает: ФИО": None,
        "Вид документа": None,
        "Место составления": None,
        "Согласует: должности": None,
        "Шкала оценки": None,
        "Требуемый уровень по умолчанию": None,
    }


def test_filled_book_keeps_the_blank_structure(filled: openpyxl.Workbook) -> None:
    blank = fingerprint(template.build_workbook())
    for before, after in zip(blank["sheets"], fingerprint(filled)["sheets"], strict=True):
        assert after["validations"] == before["validations"]
        assert after["columns"] == before["columns"]


@pytest.mark.parametrize(
    "data",
    [{"nosuch": []}, {"processes": [{"nosuch": 1}]}, {"organisation": {"nosuch": "x"}},
     {"matrix": [{"position": "x"}]}],
    ids=["sheet", "column", "parameter", "sheet-without-columns"],
)
def test_unknown_keys_raise_key_error(data) -> None:
    with pytest.raises(KeyError):
        template.build_workbook(data)


# Atomic save -----------------------------------------------------------------------------

def leftovers(folder: Path, keep: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p != keep]


def test_failed_save_leaves_the_target_untouched(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "книга.xlsx"
    target.write_bytes(b"the old book")
    workbook = template.build_workbook()

    def half_written(path) -> None:
        Path(path).write_bytes(b"PK half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workbook, "save", half_written)
    with pytest.raises(OutputError) as raised:
        files.atomic_save(workbook, target)
    assert target.read_bytes() == b"the old book"
    assert leftovers(tmp_path, target) == []
    assert "«" + str(target) + "»" in str(raised.value)
    assert "места" in str(raised.value)


def test_a_bug_during_save_propagates_and_cleans_up(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "book.xlsx"
    workbook = template.build_workbook()

    def broken(path) -> None:
        Path(path).write_bytes(b"PK")
        raise RuntimeError("bug")

    monkeypatch.setattr(workbook, "save", broken)
    with pytest.raises(RuntimeError):
        files.atomic_save(workbook, target)
    assert list(tmp_path.iterdir()) == []


def test_a_locked_file_gets_a_russian_message(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"open in Excel")

    def locked(src, dst) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(files.os, "replace", locked)
    with pytest.raises(OutputError) as raised:
        files.atomic_save(template.build_workbook(), target)
    assert str(raised.value) == (
        f"Не удалось сохранить «{target}»: файл открыт в Excel или защищён от записи. "
        "Закройте его и повторите."
    )
    assert target.read_bytes() == b"open in Excel"
    assert leftovers(tmp_path, target) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="a read-only folder binds everyone but root on POSIX")
def test_a_read_only_folder_gets_a_russian_message(tmp_path: Path) -> None:
    folder = tmp_path / "только чтение"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="защищён от записи"):
            files.atomic_save(template.build_workbook(), folder / "book.xlsx")
    finally:
        folder.chmod(0o755)


def test_a_read_only_file_is_not_replaced(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"read-only")
    monkeypatch.setattr(files.os, "access", lambda path, mode: False)
    with pytest.raises(OutputError, match="защищён от записи"):
        files.atomic_save(template.build_workbook(), target)
    assert target.read_bytes() == b"read-only"


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    target = tmp_path / "нет такой" / "book.xlsx"
    with pytest.raises(OutputError, match=r"папки «.*нет такой» нет"):
        files.atomic_save(template.build_workbook(), target)


def test_save_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    template.write_blank(target)
    assert openpyxl.load_workbook(target).sheetnames[0] == schema.INSTRUCTIONS_SHEET
    assert target.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path, target) == []


def test_module_entry_point_writes_the_blank(tmp_path: Path) -> None:
    target = tmp_path / "procxl.xlsx"
    assert template._main([str(target)]) == 0
    assert fingerprint(target) == fingerprint(template.build_workbook(template.blank_data()))
    assert template._main([]) == 2


# LibreOffice -----------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_blank(tmp_path: Path) -> None:
    book = tmp_path / "procxl.xlsx"
    shutil.copyfile(COMMITTED, book)
    profile = f"file:///tmp/lo-procxl-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(book)],
            check=True, capture_output=True, timeout=120,
        )
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    pdf = tmp_path / "procxl.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_drop_down_lists_end_at_the_last_filled_row(tmp_path: Path) -> None:
    data = example()
    positions = data["positions"]
    positions.insert(3, {})  # a blank row in the middle of the register: nobody below is lost
    wb = template.build_workbook(data)
    values = libreoffice_evaluates(tmp_path, wb, ["ROWS(Список_должностей)",
                                                  "INDEX(Список_должностей,ROWS(Список_должностей))",
                                                  "ROWS(Список_процессов)"])
    assert values == [str(len(positions)), positions[-1]["name"], str(len(data["processes"]))]


def test_reference_lists_cover_every_ref() -> None:
    assert {template.register_list_name(ref) for ref in Ref} == {
        "Список_должностей", "Список_подразделений", "Список_процессов"
    }


def test_a_workbook_drawn_and_dropped_is_freed() -> None:
    """A batch draws dozens of books in one process: the looks kept per workbook must not
    keep a finished one alive."""
    import gc
    import weakref

    from tests.checking import example

    drawn = [weakref.ref(template.build_workbook(example())) for _ in range(2)]
    gc.collect()
    assert all(ref() is None for ref in drawn)


# Printing and filtering ------------------------------------------------------------------

@pytest.fixture(scope="module")
def example_book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("example") / "пример.xlsx"
    files.atomic_save(template.build_workbook(example()), path)
    return openpyxl.load_workbook(path)


@pytest.mark.parametrize("sheet", schema.SHEETS, ids=lambda s: s.key)
def test_every_standard_sheet_prints_one_page_wide(example_book: openpyxl.Workbook,
                                                   sheet: schema.Sheet) -> None:
    ws = example_book[sheet.name]
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    wide = not sheet.is_table or sum(c.width for c in sheet.columns) > template._PORTRAIT_WIDTH
    assert ws.page_setup.orientation == ("landscape" if wide else "portrait")
    if sheet.is_table:
        assert ws.print_title_rows == f"${sheet.header_row}:${sheet.header_row}"
    assert ws.oddHeader.left.text == "ООО «Магистраль-Авто»" and ws.oddHeader.right.text == "&A"
    assert ws.oddFooter.center.text == "Страница &P из &N"


@pytest.mark.parametrize("sheet", [s for s in schema.USER_SHEETS if not s.params],
                         ids=lambda s: s.key)
def test_every_input_table_has_a_filter_over_its_rows(sheet: schema.Sheet) -> None:
    data = example()
    rows = len(data.get(sheet.key) or [])
    ws = template.build_workbook(data)[sheet.name]
    last = column_letter(len(sheet.columns))
    assert ws.auto_filter.ref == f"A{sheet.header_row}:{last}{sheet.header_row + rows}"


def test_an_ampersand_in_the_organisation_is_kept_in_the_page_header() -> None:
    data = example()
    data["organisation"]["name"] = "ООО «Рога & Копыта»"
    ws = template.build_workbook(data)[schema.PROCESSES.name]
    assert ws.oddHeader.left.text == "ООО «Рога && Копыта»"


def test_the_blank_book_prints_without_an_organisation() -> None:
    ws = template.build_workbook()[schema.POSITIONS.name]
    assert ws.oddHeader.left.text is None and ws.oddHeader.right.text == "&A"
