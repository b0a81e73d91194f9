"""Floors shared by the stages of `run.py` and `documents.py`: the same job done as cheaply
as the libraries underneath allow."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any


def fresh_python(arguments: list[str], folder: Path,
                 **run: Any) -> subprocess.CompletedProcess[bytes]:
    """A fresh Python process timed as a user runs procxl, given `arguments` after the
    interpreter, `subprocess.run` options in `run`.

    It starts in `folder`, outside the repository: `-m` and `-c` put the folder a process
    starts in first on its path, and there the repository's procxl would come before the
    one PYTHONPATH names. It keeps its bytecode, as an installed package does: a machine
    that sets PYTHONDONTWRITEBYTECODE would otherwise have each process compile every
    module of procxl from source again, a tenth of a second no user's command spends."""
    environment = {key: value for key, value in os.environ.items()
                   if key != "PYTHONDONTWRITEBYTECODE"}
    return subprocess.run([sys.executable, *arguments], env=environment, cwd=folder, **run)


def calamine_lists(path: Path) -> int:
    """Every sheet into plain lists with python-calamine: what the reader cannot go below."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return sum(len(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names)


def deflate_every_part(path: Path, into: Path) -> None:
    """Every part of the book read and deflated again into a new zip, as a save does."""
    with zipfile.ZipFile(path) as book, zipfile.ZipFile(into, "w", zipfile.ZIP_DEFLATED) as out:
        for info in book.infolist():
            out.writestr(info.filename, book.read(info), zipfile.ZIP_DEFLATED)


def updated_copy(path: Path, folder: Path) -> Path:
    """A copy of the book after `procxl update`, made in `folder` once and kept while the
    book is not newer: the book a floor re-deflates, as large as an update leaves it."""
    from procxl.actions import update_file

    updated = folder / f".updated-{path.name}"
    if not updated.exists() or updated.stat().st_mtime < path.stat().st_mtime:
        shutil.copyfile(path, updated)
        update_file(updated, force=True)
    return updated
