"""Saving files safely: a temporary file in the same folder, then one atomic replace."""

from __future__ import annotations

import errno
import gc
import os
import secrets
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import openpyxl

from procxl.errors import OutputError

_LOCKED_ERRNOS = frozenset(
    {errno.EACCES, errno.EPERM, errno.EROFS, errno.EBUSY, errno.ETXTBSY}
)
_NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def atomic_save(
    workbook: openpyxl.Workbook,
    path: str | os.PathLike[str],
    verify: Callable[[Path], None] | None = None,
) -> None:
    """Save a workbook through :func:`atomic_write`."""
    atomic_write(path, workbook.save, verify)


def atomic_write(
    path: str | os.PathLike[str],
    write: Callable[[Path], object],
    verify: Callable[[Path], None] | None = None,
    *,
    program: str = "Excel",
) -> None:
    """Let `write` fill a temporary file in the same folder, then os.replace it onto `path`.

    `verify`, when given, looks at the written temporary file before it replaces anything
    and may refuse it by raising; the target is then left as it was.

    On any failure the target is left as it was and the temporary file is removed. A file
    that `program` holds open, a read-only file or folder, a full disk or a missing folder
    become :class:`procxl.errors.OutputError` with a Russian sentence naming the file;
    anything else propagates unchanged.
    """
    target = Path(path)
    _remove_stale_temps(target)
    temp = _temp_path(target)
    try:
        _check_writable(target)
        write(temp)
        if verify is not None:
            verify(temp)
        _copy_mode(target, temp)
        os.replace(temp, target)
    except OSError as exc:
        _let_go(exc)
        _remove(temp)
        raise OutputError(save_failure_message(target, exc, program)) from None
    except BaseException:
        _remove(temp)
        raise


def copy_file(source: Path, target: Path, *, program: str = "Excel") -> None:
    """Copy `source` onto `target` through :func:`atomic_write`."""
    atomic_write(target, lambda temp: shutil.copyfile(source, temp), program=program)


def save_failure_message(target: Path, exc: OSError, program: str = "Excel") -> str:
    """The Russian sentence that says why `target` could not be written and what to do."""
    return f"Не удалось сохранить «{target}»: {_failure_reason(target, exc, program)}"


def _failure_reason(target: Path, exc: OSError, program: str) -> str:
    if isinstance(exc, PermissionError) or exc.errno in _LOCKED_ERRNOS:
        return f"файл открыт в {program} или защищён от записи. Закройте его и повторите."
    if exc.errno in _NO_SPACE_ERRNOS:
        return "на диске не хватает места. Освободите место и повторите."
    if isinstance(exc, FileNotFoundError) and not target.parent.is_dir():
        return f"папки «{target.parent}» нет. Укажите другую папку."
    return f"ошибка записи ({exc.strerror or type(exc).__name__}). Повторите попытку."


def _temp_path(target: Path) -> Path:
    # Same folder, so the final os.replace never crosses file systems; hidden, never `~$…`,
    # which Excel reserves for its own lock files; the process id tells a later run whether
    # the file is still being written or was left by a killed run.
    return target.with_name(f".{target.stem}.{os.getpid()}-{secrets.token_hex(4)}"
                            f".tmp{target.suffix}")


_STALE_AFTER = 3600.0
"""Seconds after which a temporary file is taken as left behind where it cannot be told
whether its process still runs."""


def _remove_stale_temps(target: Path) -> None:
    """Remove the temporary files an earlier, killed run left beside `target`."""
    prefix, suffix = f".{target.stem}.", f".tmp{target.suffix}"
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(suffix)):
            continue
        pid = name[len(prefix):-len(suffix)].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid), entry):
            _remove(Path(entry.path))


def _running(pid: int, entry: os.DirEntry[str]) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill would end the process on Windows: go by age there
        try:
            return time.time() - entry.stat().st_mtime < _STALE_AFTER
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but not ours to signal
        return True
    return True


def _let_go(exc: BaseException) -> None:
    """Drop what a failed write still holds (a zip half written to a full disk), now and
    quietly: left to the garbage collector, its finaliser would try to write again and
    print «Exception ignored in: ZipFile.__del__» after our sentence."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        if exc.__traceback__ is not None:
            traceback.clear_frames(exc.__traceback__)
        exc.__traceback__ = None
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _check_writable(target: Path) -> None:
    # os.replace would quietly swap a read-only file on POSIX; Windows refuses, and so do we.
    if target.exists() and not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "read-only", str(target))


def _copy_mode(target: Path, temp: Path) -> None:
    # A replaced file keeps the permissions it had, as it would after a save in Excel.
    if target.exists():
        shutil.copymode(target, temp)


def _remove(temp: Path) -> None:
    try:
        temp.unlink(missing_ok=True)
    except OSError:
        pass


def ensure_folder(folder: Path) -> None:
    """Create `folder` with its parents; OutputError when that fails or a file is in the way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"Не удалось создать папку «{folder}»: {exc.strerror or exc}."
        ) from exc
    if not folder.is_dir():
        raise OutputError(f"«{folder}» — это файл, а нужна папка.")
