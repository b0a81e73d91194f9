"""Which documents an organisation gets, where they go, and writing them (on every core).

`plan_documents` decides, in the main process, every file to write: its kind, its context
and its unique, Windows-safe path, and which positions are skipped and why. `write_jobs`
renders the plan, in worker processes when there is enough work to share; each worker
prepares every template once and then only renders XML and writes zips.
"""

from __future__ import annotations

import os
import signal
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from procxl import pivots
from procxl.checks.findings import Finding
from procxl.checks.names import meant_position
from procxl.errors import ProcxlError
from procxl.model import Organisation, Position
from procxl.render import context as ctx
from procxl.render.docx import PreparedTemplate, TemplateError
from procxl.render.filenames import safe_name, unique_path
from procxl.render.kind import DocumentKind, Skip, Subject, position_subjects
from procxl.render.kinds import KINDS, Kind
from procxl.render.template_build import TEMPLATE_DIR, template_file_name
from procxl.workbook.files import atomic_write, ensure_folder

NO_DEPARTMENT = "Без подразделения"
PARALLEL_FROM = 60
"""Fewer documents than this are written in the main process: starting workers costs more."""
_CHUNK = 24
_NAME_LIMIT = 100  # characters of a file name's stem at most
_PATH_LIMIT = 250
"""Characters of a whole path: Windows and Word refuse 260 and more unless long paths are
enabled, which they are not by default. Names are shortened to fit, down to `_SHORTEST`."""
_SHORTEST = 30
_COUNTER_ROOM = len(" (99)")


@dataclass(frozen=True)
class Job:
    """One document to write: `path` (without suffix for a vacancy's text files)."""

    kind: Kind
    position: str
    path: Path
    template: Path
    context: dict[str, object]


@dataclass(frozen=True)
class Plan:
    jobs: tuple[Job, ...]
    skipped: tuple[tuple[str, str], ...]  # (position, Russian reason)


@dataclass(frozen=True)
class DocumentsResult:
    """What was written for one organisation, and what was not and why."""

    folder: Path
    written: tuple[Path, ...]
    skipped: tuple[tuple[str, str], ...]
    counts: dict[str, int] = field(default_factory=dict)  # documents per Kind value


# Templates ----------------------------------------------------------------------------

def template_paths(folder: Path | None = None) -> dict[Kind, Path]:
    """The template of each kind: the user's from `folder` where it has one, else ours."""
    if folder is not None and not folder.is_dir():
        raise ProcxlError(f"Папки с шаблонами «{folder}» нет. Создайте её командой "
                          "«procxl templates ПАПКА» и укажите её в --templates.")
    paths = {}
    for kind in Kind:
        name = template_file_name(kind)
        own = folder / name if folder is not None else None
        paths[kind] = own if own is not None and own.is_file() else TEMPLATE_DIR / name
    return paths


def load_templates(folder: Path | None = None) -> dict[Kind, Path]:
    """The templates to use (the user's where `folder` has them), each prepared once here,
    so that a broken one stops a run before any document is written."""
    paths = template_paths(folder)
    for kind, path in paths.items():
        _prepared(path, _mtime(path), kind)
    return paths


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError as exc:
        raise TemplateError(f"Шаблон «{path}» не читается: {exc.strerror or exc}.") from exc


@lru_cache(maxsize=16)
def _prepared(path: Path, _mtime: float, kind: Kind) -> PreparedTemplate:
    return PreparedTemplate(path, allowed=KINDS[kind].keys)


# Planning -----------------------------------------------------------------------------

def plan_documents(org: Organisation, findings: Sequence[Finding], folder: Path, *,
                   kinds: Iterable[Kind] = tuple(Kind), positions: Iterable[str] = (),
                   templates: dict[Kind, Path] | None = None,
                   all_duties: Sequence[pivots.Duty] | None = None) -> Plan:
    """Every document to write for `org` into `folder`, and the documents skipped and why.

    An error blocks exactly the documents it would make wrong: those of the positions it
    touches, of the kinds that draw on its sheet. `all_duties`, when the caller has
    `pivots.duties(org)` already (the update), spares computing it again.
    """
    templates = templates or template_paths()
    wanted = [KINDS[k] for k in Kind if k in set(kinds)]
    chosen = _chosen_positions(org, positions)
    blocked = ctx.blocked_documents(org, findings, {d.kind: d.sheets for d in wanted})
    sources = ctx.Sources.of(org, profiles=any(d.needs_profiles for d in wanted),
                             all_duties=all_duties)
    names = _NameBook(folder)
    jobs: list[Job] = []
    skipped: list[tuple[str, str]] = []
    for subject, declared in _subjects(org, chosen, wanted):
        title = declared.name_for(org)
        made = declared.build(org, subject.item, sources)
        if made is None:
            continue  # nothing to make and nothing to say: a position without a vacancy
        stop = next((blocked[key, declared.kind] for key in subject.positions or (ctx.ORGANISATION,)
                     if (key, declared.kind) in blocked), None)
        if stop is not None:
            skipped.append((subject.label or title, f"документ «{title}» не сформирован из-за "
                            "ошибки: " + stop.reason))
            continue
        if isinstance(made, Skip):
            skipped.append((subject.label or title, made.reason))
            continue
        stem = f"{title} — {subject.label}" if subject.label else title
        path = names.path(subject.folder, stem, ".docx", declared.text_suffixes)
        jobs.append(Job(declared.kind, subject.label, path, templates[declared.kind], made))
    if not positions:
        skipped += _unplaced_performers(org)
    return Plan(tuple(jobs), tuple(skipped))


def _subjects(org: Organisation, chosen: Sequence[Position], wanted: Sequence[DocumentKind]
              ) -> list[tuple[Subject, DocumentKind]]:
    """Each document's subject and kind: a position's documents together, then those of
    the kinds made for employees or the organisation, kind by kind."""
    own = [declared for declared in wanted if declared.subjects is position_subjects]
    pairs = [(subject, declared) for subject in position_subjects(org, chosen)
             for declared in own]
    return pairs + [(subject, declared) for declared in wanted if declared not in own
                    for subject in declared.subjects(org, chosen)]


def _unplaced_performers(org: Organisation) -> list[tuple[str, str]]:
    """`Исполнители` rows whose position is on no list: their functions reach no document,
    which the list of skipped documents must say (the checker explains the error)."""
    found = []
    for performer in org.performers:
        name = performer.position.text
        if name and org.position(name) is None and meant_position(org, name) is None:
            found.append((name, "функции из строки "
                          f"{performer.position.address} не вошли ни в один документ: "
                          "такой должности нет на листе «Должности»"))
    return found


def _chosen_positions(org: Organisation, names: Iterable[str]) -> list[Position]:
    wanted = list(names)
    if not wanted:
        return list(dict.fromkeys(org.positions_by_key.values()))
    found, missing = [], []
    for name in wanted:
        position = org.position(name)
        (found.append(position) if position is not None else missing.append(name))
    if missing:
        known = ", ".join(f"«{p.name.text}»" for p in org.positions_by_key.values())
        raise ProcxlError(f"Должности {', '.join(f'«{m}»' for m in missing)} нет на листе "
                          f"«Должности». Есть: {known}.")
    return list(dict.fromkeys(found))


class _NameBook:
    """Unique, Windows-safe paths: a folder per department, a file per document."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._taken: dict[Path, set[str]] = {}

    def path(self, department: str | None, stem: str, suffix: str,
             extras: tuple[str, ...] = ()) -> Path:
        """A unique path in the department's folder, or at the top for None; the `extras`
        suffixes (a vacancy's texts) share its name."""
        sub = (self.folder if department is None
               else self.folder / safe_name(department or NO_DEPARTMENT, limit=60))
        room = _PATH_LIMIT - len(str(sub.absolute())) - 1 - len(suffix) - _COUNTER_ROOM
        limit = max(_SHORTEST, min(_NAME_LIMIT, room))
        taken = self._taken.setdefault(sub, set())
        path = unique_path(sub, safe_name(stem, limit=limit), suffix, taken)
        for extra in extras:
            taken.add(path.with_suffix(extra).name.casefold())
        return path


# Writing ------------------------------------------------------------------------------

def write_jobs(jobs: Sequence[Job], *, executor: Executor | None = None,
               progress: Callable[[int], None] | None = None) -> list[Path]:
    """Write every job; `progress(n)` is told of each `n` documents done."""
    for folder in sorted({job.path.parent for job in jobs}):
        ensure_folder(folder)
    chunks = [jobs[i:i + _CHUNK] for i in range(0, len(jobs), _CHUNK)]
    results: Iterator[list[Path]]
    if executor is not None and len(jobs) >= PARALLEL_FROM:
        results = executor.map(_write_chunk, chunks)
    else:
        results = map(_write_chunk, chunks)
    written: list[Path] = []
    for chunk, paths in zip(chunks, results, strict=True):
        written += paths
        if progress is not None:
            progress(len(chunk))
    return written


def _write_chunk(jobs: Sequence[Job]) -> list[Path]:
    written = []
    for job in jobs:
        template = _prepared(job.template, _mtime(job.template), job.kind)
        written.append(template.write(job.context, job.path))
        for path, data in text_files(job).items():
            atomic_write(path, lambda temp, data=data: temp.write_bytes(data),
                         program="другой программе")
            written.append(path)
    return written


def text_files(job: Job) -> dict[Path, bytes]:
    """The text files a job writes beside its .docx (a vacancy's .txt, .html and .json), by
    path. Text and HTML start with a byte-order mark: Notepad and browsers opening a file
    from disk then know it is UTF-8; the API body (.json) is plain UTF-8."""
    texts = KINDS[job.kind].texts
    return {job.path.with_suffix(suffix):
            content.encode("utf-8" if suffix == ".json" else "utf-8-sig")
            for suffix, content in (texts(job.context) if texts is not None else {}).items()}


@contextmanager
def worker_pool(parallel: bool = True) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of one worker per core (started at once, shut down on leaving), or None
    when `parallel` is off, on a single core, or where processes cannot be started (some
    locked-down systems): the work then runs in this process."""
    cores = os.cpu_count() or 1
    pool = None
    if parallel and cores > 1:
        try:
            pool = new_pool(min(cores, 8))
        except (ImportError, NotImplementedError, OSError, BrokenProcessPool):
            pool = None
    try:
        yield pool
    except Exception:
        if pool is not None:  # a failure: what is queued is dropped, the workers finish
            pool.shutdown(wait=True, cancel_futures=True)  # (left running, they print a
        raise  # traceback of their own when the interpreter exits)
    except BaseException:
        if pool is not None:  # Ctrl+C: the workers are stopped, not awaited
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    if pool is not None:
        pool.shutdown()


def new_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers leave Ctrl+C to the main process, which stops them: a worker
    would otherwise print its own KeyboardInterrupt traceback.

    The workers are started at once: where they are forked (Linux), a worker started later,
    once the main process holds a large book, would begin as large as it."""
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
    try:
        for started in [pool.submit(_ready) for _ in range(workers)]:
            started.result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    return pool


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _ready() -> None:
    """What a worker is given first, so that it starts."""


def write_documents(org: Organisation, findings: Sequence[Finding], folder: Path, *,
                    kinds: Iterable[Kind] = tuple(Kind), positions: Iterable[str] = (),
                    templates: Path | None = None, executor: Executor | None = None,
                    planned: Callable[[int], None] | None = None,
                    progress: Callable[[int], None] | None = None) -> DocumentsResult:
    """Plan and write the documents of `org` into `folder`; `planned(n)` hears how many."""
    paths = load_templates(templates)
    plan = plan_documents(org, findings, folder, kinds=kinds, positions=positions,
                          templates=paths)
    if planned is not None:
        planned(len(plan.jobs))
    written = write_jobs(plan.jobs, executor=executor, progress=progress)
    counts = Counter(job.kind.value for job in plan.jobs)
    return DocumentsResult(folder, tuple(written), plan.skipped, dict(counts))
