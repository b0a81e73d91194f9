"""Errors meant for users: each carries one Russian sentence that says what to do."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path


class ProcxlError(Exception):
    """A problem the user can fix; the message is shown as it is, without a traceback."""

    exit_code = 2


class UnusableInput(ProcxlError):
    """The input cannot be used at all: missing, not a workbook, protected, corrupt, too big."""


class OutputError(ProcxlError):
    """A result cannot be written: the file is open in Excel, read-only, or the disk is full."""


def write_crash_log(where: str) -> Path:
    """The current exception's traceback in a file in the temporary folder; its path.

    `where` says what was running (the command line, a button in Excel): support needs it.
    """
    import tempfile  # here, not above: every command imports this module, few ever crash
    import traceback

    from procxl import __version__

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    log = Path(tempfile.gettempdir()) / f"procxl-ошибка-{stamp}.txt"
    try:
        log.write_text(f"procxl {__version__}, Python {sys.version}, {where}\n"
                       f"{traceback.format_exc()}", encoding="utf-8")
    except OSError:
        pass
    return log
