"""The reader: each general rule of the standard, on real .xlsx files read through calamine."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
import zipfile
from pathlib import Path

import pytest

from procxl.errors import UnusableInput
from procxl.model import ValueKind
from procxl.workbook import source as source_module
from procxl.workbook.reader import cell_text, collector_paused, read_source, read_workbook
from procxl.workbook.source import MemorySource
from tests.xlsx_files import plant_entity_bomb, set_cached_value, write_xlsx

PROCESS_HEADER = ["Код", "Процесс", "Цели", "Владелец"]


def read(tmp_path: Path, sheets: dict) -> object:
    return read_workbook(write_xlsx(tmp_path / "книга.xlsx", sheets))


def test_headers_match_loosely_in_any_order(tmp_path: Path) -> None:
    org = read(tmp_path, {
        " процессы ": [["  ВЛАДЕЛЕЦ ", "цели", "Наименование процесса", "Код*"],
                       ["Директор", "Рост", "Продажи", "1"]],
    })
    process = org.processes[0]
    assert (process.code.text, process.name.text) == ("1", "Продажи")
    assert process.owner.text == "Директор"
    assert [g.text for g in process.goals] == ["Рост"]
    assert process.code.address == " процессы !D2"
    assert org.sheets["processes"].columns == {"owner": 1, "goals": 2, "name": 3, "code": 4}


def test_header_with_yo_matches(tmp_path: Path) -> None:
    org = read(tmp_path, {"Должности": [["Должность", "Подразделение", "Должность в родительном "
                                         "падеже", "Количество ставок"],
                                        ["Мастер", "СТО", "мастера", 2]]})
    assert org.positions[0].headcount.text == "2"
    org = read(tmp_path, {"Ценности": [["ЦЕННОСТЬ", "Пояснение"], ["Честность", "Всегда"]]})
    assert org.values[0].value.text == "Честность"


def test_unknown_and_duplicate_headers_are_recorded(tmp_path: Path) -> None:
    org = read(tmp_path, {"Процессы": [["Код", "Процесс", "Комментарий", "Код"],
                                       ["1", "А", "x", "2"]]})
    info = org.sheets["processes"]
    assert [c.text for c in info.unknown] == ["Комментарий"]
    assert [c.address for c in info.duplicates] == ["Процессы!D1"]
    assert org.processes[0].code.text == "1"  # the first of the duplicates is read


def test_missing_sheet_and_missing_column(tmp_path: Path) -> None:
    org = read(tmp_path, {"Процессы": [["Код", "Процесс"], ["1", "А"]], "Заметки": [["x"]]})
    assert org.sheets["positions"].present is False
    assert org.positions == ()
    owner = org.processes[0].owner
    assert (owner.text, owner.column, owner.ref, owner.address) == ("", None, None, "Процессы")
    assert org.processes[0].goals == ()
    assert org.other_sheets == ("Заметки",)


def test_list_cells_split_on_lines_and_semicolons_with_bullets_stripped(tmp_path: Path) -> None:
    cells = [
        "• Наряд-заказ\n• Дефектная карта",
        "1. Первое\n2) Второе\n\n3. Третье",
        "- один; – два;; — три",
        "  Одно  ",
        "",
    ]
    org = read(tmp_path, {"Процессы": [PROCESS_HEADER[:3]] + [["1", "А", c] for c in cells]})
    goals = [[g.text for g in p.goals] for p in org.processes]
    assert goals == [
        ["Наряд-заказ", "Дефектная карта"],
        ["Первое", "Второе", "Третье"],
        ["один", "два", "три"],
        ["Одно"],
        [],
    ]
    assert {g.address for g in org.processes[0].goals} == {"Процессы!C2"}


def test_list_split_keeps_hyphenated_words_and_numbers_inside_items(tmp_path: Path) -> None:
    org = read(tmp_path, {"Процессы": [PROCESS_HEADER[:3],
                                       ["1", "А", "-Наряд-заказ\n10 % клиентов\n1С: Бухгалтерия"]]})
    assert [g.text for g in org.processes[0].goals] == [
        "-Наряд-заказ", "10 % клиентов", "1С: Бухгалтерия"]


def test_names_are_cleaned_and_keyed_with_nbsp_case_and_yo(tmp_path: Path) -> None:
    org = read(tmp_path, {
        "Должности": [["Должность", "Подразделение"],
                      ["  Мастер-приёмщик\u00a0 участка ", "СТО"]],
        "Исполнители": [["Код процесса", "Должность"], ["1", "мастер-приемщик УЧАСТКА"]],
    })
    position = org.positions[0]
    assert position.name.text == "Мастер-приёмщик участка"
    assert org.position(org.performers[0].position.text) is position
    assert org.performers[0].position.key == position.name.key


def test_codes_stay_text_and_numbers_are_marked(tmp_path: Path) -> None:
    org = read(tmp_path, {"Процессы": [["Код", "Процесс"],
                                       [2, "Целое"], [1.1, "Число"], ["1.10", "Текст"],
                                       ["1.2", "Текст"]]})
    codes = [(p.code.text, p.code.kind) for p in org.processes]
    assert codes == [("2", ValueKind.NUMBER), ("1.1", ValueKind.NUMBER),
                     ("1.10", ValueKind.TEXT), ("1.2", ValueKind.TEXT)]
    assert [p.code.text for p in org.sorted_processes()] == ["1.1", "1.2", "1.10", "2"]
    assert org.process("1.10").name.text == "Текст"
    assert [p.level for p in org.processes] == [1, 2, 2, 2]


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    org = read(tmp_path, {"Процессы": [["Код", "Процесс"], ["1", "А"], [None, None], ["  ", ""],
                                       ["2", "Б"]]})
    assert [(p.row, p.code.address) for p in org.processes] == [(2, "Процессы!A2"),
                                                                (5, "Процессы!A5")]
    assert org.sheets["processes"].data_rows == 2


def test_row_with_values_only_in_unknown_columns_is_blank(tmp_path: Path) -> None:
    org = read(tmp_path, {"Процессы": [["Код", "Процесс", "Заметка"], ["", "", "черновик"]]})
    assert org.processes == ()


def test_header_below_a_title_row_is_found(tmp_path: Path) -> None:
    org = read(tmp_path, {"Процессы": [["Реестр процессов"], ["Код", "Процесс"], ["1", "А"]]})
    assert org.sheets["processes"].header_row == 2
    assert org.processes[0].name.address == "Процессы!B3"


def test_formulas_are_read_as_saved_values(tmp_path: Path) -> None:
    rows = [["Код", "Процесс"], ["1", '="Прием"&" авто"'], ["2", "=B2"]]
    path = write_xlsx(tmp_path / "ф.xlsx", {"Процессы": rows})
    set_cached_value(path, 1, "B2", "")  # a formula without a saved result (never calculated)
    org = read_workbook(path)
    assert org.sheets["processes"].uncached_formulas == ("B2", "B3")
    set_cached_value(path, 1, "B2", "Прием авто")
    with zipfile.ZipFile(path) as z:  # make B2 a string formula, as Excel saves it
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>Прием авто</v>" in xml
    org = read_workbook(path)
    assert org.sheets["processes"].uncached_formulas == ("B3",)


def test_error_cells_read_as_excel_shows_them(tmp_path: Path) -> None:
    # openpyxl saves "#N/A" as an error cell (t="e"), as Excel does; calamine reads it as ''
    org = read(tmp_path, {"Процессы": [["Код", "Процесс", "Владелец"], ["1", "А", "#N/A"],
                                       ["2", "Б", "#REF!"]]})
    owners = [(p.owner.text, p.owner.kind, p.owner.address) for p in org.processes]
    assert owners == [("#N/A", ValueKind.ERROR, "Процессы!C2"),
                      ("#REF!", ValueKind.ERROR, "Процессы!C3")]


def test_merged_ranges_below_the_header_are_reported(tmp_path: Path) -> None:
    src = MemorySource({"Процессы": [["Код", "Процесс"], ["1", "А"], ["", ""]]},
                       merged={"Процессы": [(2, 2, 3, 2)]})
    assert read_source(src).sheets["processes"].merged == ("B2:B3",)


def test_organisation_parameters(tmp_path: Path) -> None:
    org = read(tmp_path, {"Организация": [["Параметр", "Значение"],
                                          ["Наименование организации", "ООО «Ромашка»"],
                                          ["утверждает: ФИО", "Иванов Иван Иванович"],
                                          ["Что-то своё", "x"]]})
    assert org.param("name") == "ООО «Ромашка»"
    assert org.param("approver_name") == "Иванов Иван Иванович"
    assert org.param("city") == ""
    assert [p.key for p in org.parameters] == ["name", "approver_name", None]


@pytest.mark.parametrize(("value", "expected"), [
    (None, ("", ValueKind.EMPTY)),
    ("", ("", ValueKind.EMPTY)),
    (2.0, ("2", ValueKind.NUMBER)),
    (0.5, ("0.5", ValueKind.NUMBER)),
    (7, ("7", ValueKind.NUMBER)),
    (True, ("да", ValueKind.BOOL)),
    (dt.date(2026, 6, 5), ("05.06.2026", ValueKind.DATE)),
    (dt.datetime(2026, 6, 5), ("05.06.2026", ValueKind.DATE)),
    (dt.datetime(2026, 6, 5, 9, 30), ("05.06.2026 09:30", ValueKind.DATE)),
    ("#N/A", ("#N/A", ValueKind.ERROR)),
    (" текст ", (" текст ", ValueKind.TEXT)),
])
def test_cell_text(value: object, expected: tuple) -> None:
    assert cell_text(value) == expected


def test_single_value_cells_keep_line_breaks(tmp_path: Path) -> None:
    org = read(tmp_path, {"Процессы": [["Код", "Процесс", "Содержание"],
                                       ["1", "А", "Первое  предложение.\n\n Второе. "]]})
    assert org.processes[0].content.text == "Первое предложение.\nВторое."


def test_dates_and_numbers_through_a_real_file(tmp_path: Path) -> None:
    org = read(tmp_path, {"Вакансии": [["Должность", "Зарплата от", "Зарплата до", "Контакты"],
                                       ["Мастер", 60000, 90000.0, dt.date(2026, 12, 1)]]})
    vacancy = org.vacancies[0]
    assert (vacancy.salary_from.text, vacancy.salary_to.text) == ("60000", "90000")
    assert vacancy.contact_name.text == "01.12.2026"  # the header of the first standard


# Unusable input: one Russian sentence, never a traceback.

def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match=r"«нет такой\.xlsx»: файл не найден"):
        read_workbook(tmp_path / "нет такой.xlsx")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(UnusableInput, match="это папка"):
        read_workbook(tmp_path)


def test_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "старая.xls"
    path.write_bytes(source_module._OLE_MAGIC + b"\0" * 600)
    with pytest.raises(UnusableInput, match=r"старый формат \.xls"):
        read_workbook(path)


def test_password_protected_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "секрет.xlsx"  # Excel stores an encrypted workbook as an OLE container
    path.write_bytes(source_module._OLE_MAGIC + b"\0" * 600)
    with pytest.raises(UnusableInput, match="защищена паролем"):
        read_workbook(path)


def test_text_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "текст.xlsx"
    path.write_text("Код;Процесс\n1;А\n", encoding="utf-8")
    with pytest.raises(UnusableInput, match="не книга Excel"):
        read_workbook(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "архив.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(UnusableInput, match="не книга Excel"):
        read_workbook(path)


def test_truncated_workbook(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "целая.xlsx", {"Процессы": [["Код"], ["1"]] * 200})
    path = tmp_path / "обрезанная.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(UnusableInput, match=r"Не удалось прочитать «обрезанная\.xlsx»"):
        read_workbook(path)


def test_workbook_that_unpacks_too_large(tmp_path: Path, monkeypatch) -> None:
    path = write_xlsx(tmp_path / "бомба.xlsx", {"Процессы": [["Код"], ["1"]]})
    monkeypatch.setattr(source_module, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(UnusableInput, match="в распакованном виде больше"):
        read_workbook(path)


@pytest.mark.parametrize(("part", "after"), [
    ("xl/worksheets/sheet1.xml", "<t>1"),  # a cell's text
    ("xl/workbook.xml", "<sheets>"),  # the list of sheets
])
def test_xml_entity_bomb_is_refused_at_once(tmp_path: Path, part: str, after: str) -> None:
    path = write_xlsx(tmp_path / "бомба.xlsx", {"Процессы": [["Код"], ["1"]]})
    plant_entity_bomb(path, part, after)
    with pytest.raises(UnusableInput, match=r"Не удалось прочитать «бомба\.xlsx»"):
        read_workbook(path)


def test_sheet_too_large(tmp_path: Path, monkeypatch) -> None:
    path = write_xlsx(tmp_path / "большая.xlsx", {"Процессы": [["Код"]] + [[str(i)] for i in
                                                                            range(1, 30)]})
    monkeypatch.setattr(source_module, "MAX_ROWS", 10)
    with pytest.raises(UnusableInput, match="лист «Процессы» слишком велик"):
        read_workbook(path)


def test_sheet_names_of_a_file_in_a_cyrillic_folder_with_spaces(tmp_path: Path) -> None:
    folder = tmp_path / "Отдел кадров" / "Модель 2026"
    folder.mkdir(parents=True)
    org = read_workbook(write_xlsx(folder / "Сеть СТО (черновик).xlsx",
                                   {"Процессы": [["Код", "Процесс"], ["1", "А"]]}))
    assert org.source == "Сеть СТО (черновик).xlsx"
    assert len(org.processes) == 1


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_a_pause_of_the_collector_leaves_it_as_it_found_it_and_keeps_no_cycle() -> None:
    """What is made while the collector is paused goes to its oldest generation untouched
    (left young, it would all be walked at the next allocation), and a cycle made then is
    still freed by the next full collection."""
    was = gc.isenabled()
    gc.enable()
    try:
        with collector_paused():
            assert not gc.isenabled()
            kept = _Node()
            first, second = _Node(), _Node()
            first.other, second.other = second, first
            watch = weakref.ref(first)
            del first, second
        assert gc.isenabled()
        assert any(found is kept for found in gc.get_objects(generation=2))
        assert watch() is not None  # a cycle: only the collector frees it
        gc.collect()
        assert watch() is None
    finally:
        if not was:
            gc.disable()


def test_sheets_read_ahead_read_as_sheets_read_alone(tmp_path: Path) -> None:
    """The reader names the sheets it will read and the file parses them ahead; each reads
    as it does when asked for alone, and a sheet that was not named is read when asked."""
    path = write_xlsx(tmp_path / "книга.xlsx", {
        "Процессы": [PROCESS_HEADER, ["1", "Продажи", "Рост", "Директор"]],
        "Должности": [["Должность", "Подразделение"], ["Директор", "Дирекция"]],
        "Заметки": [["что-то своё"], [42]],
    })
    alone = {name: source_module.open_source(path).rows(name)
             for name in ("Процессы", "Должности", "Заметки")}
    ahead = source_module.open_source(path)
    ahead.expect(["Должности", "Процессы"])
    assert {name: ahead.rows(name) for name in ("Процессы", "Заметки", "Должности")} == alone
    assert alone["Заметки"] == [["что-то своё"], [42]]
    assert read_workbook(path).processes[0].name.text == "Продажи"


@pytest.mark.parametrize("looked_in_pass", [True, False])
def test_a_far_value_on_a_sheet_read_ahead_is_told_when_that_sheet_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, looked_in_pass: bool) -> None:
    """Also when the sheets are too large to be read whole in the well-formedness pass:
    they are then looked at as they are read."""
    if not looked_in_pass:
        monkeypatch.setattr(source_module, "LOOK_IN_PASS", 0)
    path = write_xlsx(tmp_path / "книга.xlsx", {
        "Процессы": [PROCESS_HEADER, ["1", "Продажи", "Рост", "Директор"]],
        "Должности": [["Должность", "Подразделение"], ["Директор", "Дирекция"]],
    })
    with zipfile.ZipFile(path) as book:
        parts = {info.filename: book.read(info) for info in book.infolist()}
    sheet = "xl/worksheets/sheet2.xml"  # «Должности», the second sheet written
    parts[sheet] = parts[sheet].replace(
        b"</sheetData>", b'<row r="199999"><c r="GZ199999"><v>1</v></c></row></sheetData>')
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    source = source_module.open_source(path)
    source.expect(["Процессы", "Должности"])
    assert source.rows("Процессы")[1][1] == "Продажи"
    with pytest.raises(UnusableInput, match="на листе «Должности» заполнена ячейка GZ199999"):
        source.rows("Должности")
