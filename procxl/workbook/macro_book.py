"""`procxl.xlsm`: the standard workbook behind a first sheet, «Главная», with three buttons.

Each button runs a macro of the workbook's VBA project, and the macro runs one function of
:mod:`procxl.excel` through the xlwings add-in. `workbook_templates/build_procxl_xlsm.py`
makes the VBA project and the buttons; :func:`with_buttons` puts them, with the «Главная»
sheet, in front of any standard workbook, so that the example book of `procxl demo` is laid
out by the same code as the one shipped.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from procxl.example import example_data
from procxl.resources import bundled_workbook
from procxl.workbook.files import atomic_save
from procxl.workbook.template import (
    CHECK_ACTION,
    DOCS_ACTION,
    UPDATE_ACTION,
    blank_data,
    build_workbook,
)
from procxl.workbook.update import update_workbook

MACRO_BOOK = "procxl.xlsm"
MAIN_SHEET = "Главная"
BUTTONS_DRAWING = "xl/drawings/vmlDrawing1.vml"
"""The part that holds the form buttons of «Главная» (openpyxl keeps `vmlDrawing<N>.vml`)."""
WORKBOOK_CODE_NAME = "ThisWorkbook"
MAIN_TAB = "FFC000"


@dataclass(frozen=True)
class Button:
    caption: str
    macro: str  # the VBA macro the button runs
    handler: str  # the function of procxl.excel the macro calls
    explanation: str  # beside the button
    row: int  # the row of «Главная» it stands in


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


# One wording for the buttons here and for their description on the «Инструкция» sheet.
BUTTONS = (
    Button(CHECK_ACTION.button, "ProcxlCheck", "check", _sentence(CHECK_ACTION.does), 4),
    Button(UPDATE_ACTION.button, "ProcxlUpdate", "update", _sentence(UPDATE_ACTION.does), 6),
    Button(DOCS_ACTION.button, "ProcxlDocuments", "documents",
           _sentence(DOCS_ACTION.does) + " Документы появятся в папке «<имя книги> — документы» "
           "рядом с книгой, и эта папка откроется.", 8),
)

COLUMN_WIDTHS = {"A": 2.0, "B": 30.0, "C": 2.0, "D": 90.0}
BUTTON_COLUMN = "B"
ROW_HEIGHTS = {1: 30.0, 2: 48.0, 3: 10.0, 4: 48.0, 5: 10.0, 6: 48.0, 7: 10.0, 8: 48.0,
               9: 14.0, 10: 34.0, 11: 48.0}
"""«Главная»'s layout in Excel units (characters, points): the buttons sit in its cells."""

TITLE = "procxl: процессная модель компании"
INTRO = ("Заполняйте листы книги по шагам, описанным на листе «Инструкция», и нажимайте "
         "кнопки. Кнопки работают, когда на компьютере установлены Python, procxl и "
         "надстройка xlwings, а макросы в этой книге разрешены.")
NOTES = (
    (10, "После нажатия кнопки изменения появляются в открытой книге. Сохраните книгу "
         "(Ctrl+S), чтобы они остались; отменить их клавишами Ctrl+Z нельзя."),
    (11, "Если кнопки не отвечают, нажмите «Включить содержимое» на жёлтой полосе под лентой. "
         "Если появляется сообщение об ошибке xlwings или Python, передайте его тому, кто "
         "устанавливал procxl: что делать, описано в разделе справки «Кнопки в Excel», его "
         "открывает команда procxl help excel."),
)


def with_buttons(workbook: openpyxl.Workbook, macros: zipfile.ZipFile) -> openpyxl.Workbook:
    """`workbook` with «Главная» in front, carrying the VBA project and buttons of `macros`.

    `macros` is a macro workbook whose `xl/vbaProject.bin` holds the project and whose
    :data:`BUTTONS_DRAWING` holds the buttons of its first sheet: it must stay open until
    the workbook is saved, when openpyxl copies both across (as it does for an `.xlsm` it
    loaded with `keep_vba`). Save the result as `.xlsm`.
    """
    names = macros.namelist()
    if "xl/vbaProject.bin" not in names or BUTTONS_DRAWING not in names:
        raise ValueError(f"{macros.filename} carries no VBA project and buttons")
    main = workbook.create_sheet(MAIN_SHEET, 0)
    lay_out_main(main)
    main.legacy_drawing = BUTTONS_DRAWING
    workbook.vba_archive = macros
    # Code names tie sheets to the project's document modules (ThisWorkbook, Sheet1, ...);
    # Excel adds a module for a sheet whose code name has none yet, as for XlsxWriter's books.
    workbook.code_name = WORKBOOK_CODE_NAME
    for index, ws in enumerate(workbook.worksheets, 1):
        ws.sheet_properties.codeName = f"Sheet{index}"
    workbook.active = 0
    return workbook


def lay_out_main(ws: Worksheet) -> None:
    """The text of «Главная»: a title, how to use it, and an explanation beside each button."""
    ws.sheet_properties.tabColor = MAIN_TAB
    ws.sheet_view.showGridLines = False
    for letter, width in COLUMN_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    for row, height in ROW_HEIGHTS.items():
        ws.row_dimensions[row].height = height
    ws["B1"] = TITLE
    ws["B1"].font = Font(name="Calibri", size=16, bold=True)
    _paragraph(ws, 2, INTRO)
    for button in BUTTONS:
        cell = ws.cell(button.row, 4, button.explanation)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row, note in NOTES:
        _paragraph(ws, row, note, italic=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _paragraph(ws: Worksheet, row: int, text: str, *, italic: bool = False) -> None:
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
    cell = ws.cell(row, 2, text)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    cell.font = Font(name="Calibri", size=11, italic=italic)


def write_blank_macro_book(path: Path) -> Path:
    """The blank standard workbook with «Главная» and the buttons of `procxl.xlsm`, at `path`.

    Laid out afresh by the code that made the shipped `procxl.xlsm`, with its VBA project.
    """
    with zipfile.ZipFile(bundled_workbook(MACRO_BOOK)) as macros:
        atomic_save(with_buttons(build_workbook(blank_data()), macros), path)
    return path


def write_example_macro_book(path: Path) -> Path:
    """`procxl.xlsm` with the bundled example in its sheets and its tables updated, at `path`."""
    with zipfile.ZipFile(bundled_workbook(MACRO_BOOK)) as macros:
        atomic_save(with_buttons(build_workbook(example_data()), macros), path)
    update_workbook(path)
    return path
