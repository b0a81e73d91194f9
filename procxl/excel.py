"""The buttons of `procxl.xlsm`: each reads the open workbook, calls the library and says
in a message box what came of it.

A button's macro runs one function here through the xlwings add-in, for example
`RunPython "import procxl.excel; procxl.excel.check()"`. What a button does is a function
of a :class:`procxl.workbook.book.Book` that returns the message to show (:func:`run_check`,
:func:`run_update`, :func:`run_documents`): Excel runs it on the live workbook, the tests on
one held by openpyxl. The values are read from the open workbook, so edits not yet saved
are used, and nothing is read from disk.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol, TypeVar

from procxl import actions
from procxl.checks import check as check_organisation
from procxl.checks import count_levels
from procxl.checks.findings import Finding
from procxl.errors import ProcxlError, write_crash_log
from procxl.model import Organisation
from procxl.report import counts_line, documents_summary, update_summary
from procxl.schema import FINDINGS
from procxl.workbook.book import Book
from procxl.workbook.live import LiveBook
from procxl.workbook.reader import read_source, require_standard
from procxl.workbook.source import Source
from procxl.workbook.update import update_book
from procxl.workbook.writer import write_findings

SAVE_REMINDER = ("Изменения внесены в открытую книгу. Сохраните её, чтобы они остались; "
                 "отменить их клавишами Ctrl+Z нельзя.")
UNSAVED_BOOK = ("Книга ещё не сохранена, поэтому procxl не знает, куда положить документы. "
                "Сохраните книгу в папку на компьютере (Файл → Сохранить как) и нажмите "
                "«Сформировать документы» снова.")
ONLINE_BOOK = ("Книга открыта из OneDrive или SharePoint по веб-адресу, и procxl не нашёл её "
               "копию на этом компьютере, а документы сохраняются в папку рядом с книгой. "
               "Откройте книгу из синхронизированной папки OneDrive в Проводнике (на Mac — в "
               "Finder) или сохраните её копию на диск и нажмите кнопку снова.")
MAX_MESSAGE_LINES = 15
_WEB_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


# The functions the macros call ----------------------------------------------------------------

def check() -> None:
    """«Проверить»: check the open workbook and rewrite its «Проверка» sheet."""
    press(LiveBook.caller(), run_check)


def update() -> None:
    """«Обновить таблицы»: what `procxl update` does, done in the open workbook."""
    press(LiveBook.caller(), run_update)


def documents() -> None:
    """«Сформировать документы»: documents into a folder beside the workbook, then open it."""
    press(LiveBook.caller(), lambda book: run_documents(book, book.location(), open_folder))


# What the buttons do, on any book -------------------------------------------------------------

def run_check(book: Book) -> str:
    """Check `book` as it is now and rewrite its «Проверка» sheet; the message to show."""
    _, org = read_book(book)
    findings = check_organisation(org)
    with book.generated() as workbook:
        write_findings(workbook, findings)
    book.commit()
    return check_message(findings)


def run_update(book: Book) -> str:
    """Refresh every sheet procxl keeps in `book`, as `procxl update`; the message to show."""
    source, org = read_book(book)
    result = update_book(book, source, org)
    lines = ["Таблицы обновлены.", *update_summary(result)]
    if result.has_errors:
        lines.append(f"В данных есть ошибки: они перечислены на листе «{FINDINGS.name}».")
    return "\n".join([*lines, "", SAVE_REMINDER])


def run_documents(book: Book, location: str | None,
                  show_folder: Callable[[Path], None]) -> str:
    """Write the documents of `book` beside it, show the folder; the message to show.

    `location` is where the book is saved (see :meth:`LiveBook.location`).
    """
    folder = documents_folder(location)
    _, org = read_book(book)
    result = actions.write_documents(org, folder, parallel=False)
    show_folder(result.folder)
    return "\n".join(_shortened(documents_summary(result)))


def read_book(book: Book) -> tuple[Source, Organisation]:
    """The book's values and what they say; UnusableInput when no standard sheet is in it."""
    source = book.source()
    return source, require_standard(
        read_source(source), book.path.name, "Возьмите книгу procxl.xlsm и перенесите в неё "
        "данные.")


def check_message(findings: list[Finding]) -> str:
    counts = count_levels(findings)
    lines = [f"Проверка закончена: {counts_line(counts)}."]
    if findings:
        lines.append(f"Всё найденное — на листе «{FINDINGS.name}»: ссылка в колонке "
                     "«Ячейка» ведёт к ячейке, которую нужно исправить.")
    return "\n".join(lines)


def documents_folder(location: str | None) -> Path:
    """The folder for the documents of a workbook saved at `location`.

    `location` is a file path; a bare name (`Книга1`) means the book was never saved, and
    None or a web address that it lives online with no copy on this computer: both are
    ProcxlError, with what to do.
    """
    if location is None or _WEB_ADDRESS.match(location):
        raise ProcxlError(ONLINE_BOOK)
    path = Path(location)
    if not path.is_absolute():
        raise ProcxlError(UNSAVED_BOOK)
    return actions.documents_folder(path)


def _shortened(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_MESSAGE_LINES:
        return lines
    rest = len(lines) - MAX_MESSAGE_LINES + 1
    return [*lines[: MAX_MESSAGE_LINES - 1], f"…и ещё строк: {rest}."]


# Pressing a button ----------------------------------------------------------------------------

class ButtonBook(Book, Protocol):
    """A book a button was pressed in: it can show a message box."""

    def working(self) -> AbstractContextManager[None]: ...

    def alert(self, message: str, *, error: bool = False) -> None: ...


B = TypeVar("B", bound=ButtonBook)


def press(book: B, action: Callable[[B], str]) -> None:
    """Run a button's action on `book` and show its outcome: never a traceback."""
    try:
        with book.working():
            message = action(book)
    except ProcxlError as exc:
        book.alert(str(exc), error=True)
    except Exception:
        book.alert(crash_message(write_crash_log("кнопка в Excel")), error=True)
    else:
        book.alert(message)


def crash_message(log: Path) -> str:
    return ("Внутренняя ошибка procxl: это не ваша ошибка, а программы. Подробности записаны "
            f"в файл «{log}». Пришлите этот файл и книгу тому, кто сопровождает procxl в "
            "вашей компании, или разработчикам.")


def open_folder(folder: Path) -> None:
    """Show `folder` in Explorer or Finder; elsewhere there is no one to show it to."""
    if sys.platform == "win32":
        os.startfile(folder)
    elif sys.platform == "darwin":
        subprocess.run(["open", str(folder)], check=False)
