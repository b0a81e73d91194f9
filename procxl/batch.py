"""`procxl build`: many workbooks at once, each checked, updated as a copy and documented.

Two stages, both spread over the cores: first every workbook is read, checked, copied into
its output folder and the copy updated, which also plans its documents; then all documents
of all workbooks are written in chunks. A workbook that cannot be used is reported and
skipped; the inputs are only ever read.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from procxl.checks.findings import Level
from procxl.errors import ProcxlError
from procxl.render.build import Job, new_pool, plan_documents, worker_pool, write_jobs
from procxl.render.context import Kind
from procxl.render.filenames import safe_name, unique_path
from procxl.workbook.files import copy_file, ensure_folder
from procxl.workbook.reader import open_standard
from procxl.workbook.update import update_workbook

INTERNAL_ERROR = ("внутренняя ошибка procxl при обработке этой книги ({problem}). Остальные "
                  "книги обработаны; пришлите эту книгу разработчикам.")


@dataclass(frozen=True)
class BookReport:
    """What became of one workbook of a batch."""

    source: Path
    folder: Path | None = None
    copy: Path | None = None
    error: str | None = None  # why the workbook was skipped
    counts: dict[str, int] = field(default_factory=dict)  # findings per level
    documents: dict[str, int] = field(default_factory=dict)  # documents per Kind value
    skipped: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0

    @property
    def has_errors(self) -> bool:
        return self.counts.get(Level.ERROR.value, 0) > 0


@dataclass(frozen=True)
class BuildSummary:
    books: tuple[BookReport, ...]
    written: int
    seconds: float
    summary_file: Path | None = None  # `Сводка.xlsx` in the output folder, once written
    summary_error: str | None = None  # why it could not be written

    @property
    def unusable(self) -> int:
        return sum(1 for book in self.books if book.error is not None)

    def documents(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for book in self.books:
            total.update(book.documents)
        return total


@dataclass(frozen=True)
class _Task:
    source: Path
    folder: Path
    templates: dict[Kind, Path]
    kinds: tuple[Kind, ...]


def output_folders(sources: Sequence[Path], out: Path) -> list[Path]:
    """A folder per workbook under `out`, named after it, unique without regard to case."""
    taken: set[str] = set()
    return [unique_path(out, safe_name(source.stem, limit=80), "", taken) for source in sources]


def prepare_book(task: _Task) -> tuple[BookReport, list[Job]]:
    """Check and update a copy of one workbook, and plan its documents (runs in a worker)."""
    started = time.perf_counter()
    made_folder = not task.folder.exists()
    copy: Path | None = None
    try:
        source, org = open_standard(task.source)
        ensure_folder(task.folder)
        # the copy keeps the book's name where Windows allows it («CON.xlsx» becomes «CON_»)
        target = task.folder / (safe_name(task.source.stem, limit=80) + task.source.suffix)
        copy_file(task.source, target)
        copy = target
        result = update_workbook(copy, source, org)
        del source, org  # the book as read: the plan needs only what the update returns
        plan = plan_documents(result.organisation, result.findings, task.folder, kinds=task.kinds,
                              templates=task.templates, all_duties=result.all_duties)
    except ProcxlError as exc:
        _discard(task.folder, copy, made_folder)
        return BookReport(task.source, error=str(exc),
                          seconds=time.perf_counter() - started), []
    except Exception as exc:  # a bug must not stop the other workbooks of a batch
        _discard(task.folder, copy, made_folder)
        return BookReport(task.source, error=INTERNAL_ERROR.format(problem=repr(exc)),
                          seconds=time.perf_counter() - started), []
    counts = Counter(f.level.value for f in result.findings)
    documents = Counter(job.kind.value for job in plan.jobs)
    report = BookReport(task.source, task.folder, copy, None, dict(counts), dict(documents),
                        plan.skipped, time.perf_counter() - started)
    return report, list(plan.jobs)


def run_build(sources: Sequence[Path], out: Path, templates: dict[Kind, Path], *,
              kinds: Iterable[Kind] = tuple(Kind),
              on_book: Callable[[BookReport], None] | None = None,
              on_documents: Callable[[int], None] | None = None,
              documents_expected: Callable[[int], None] | None = None) -> BuildSummary:
    """Build every workbook of `sources` into `out`; callbacks report progress."""
    started = time.perf_counter()
    tasks = [_Task(source, folder, templates, tuple(kinds))
             for source, folder in zip(sources, output_folders(sources, out), strict=True)]
    with worker_pool() as executor:
        books, jobs, broken = _prepare_all(tasks, executor, on_book)
        if documents_expected is not None:
            documents_expected(len(jobs))
        if not broken:
            written = write_jobs(jobs, executor=executor, progress=on_documents)
    if broken:  # a worker died: the documents get a pool of their own
        with worker_pool() as executor:
            written = write_jobs(jobs, executor=executor, progress=on_documents)
    return BuildSummary(tuple(books), len(written), time.perf_counter() - started)


def _prepare_all(tasks: list[_Task], executor: Executor | None,
                 on_book: Callable[[BookReport], None] | None,
                 ) -> tuple[list[BookReport], list[Job], bool]:
    """Prepare every book, on the pool when there is one; a book whose worker dies (a
    signal, an abort, the memory exhausted) is tried again alone and, if it dies again,
    reported as unusable: the other books are built all the same. True when the pool broke."""
    books: list[BookReport] = []
    jobs: list[Job] = []
    broken = False
    if executor is None or len(tasks) <= 1:
        results = map(prepare_book, tasks)
    else:
        futures = [executor.submit(prepare_book, task) for task in tasks]
        results = map(_result, tasks, futures)
    for report, book_jobs in results:
        broken |= report.error == WORKER_DIED
        books.append(report)
        jobs += book_jobs
        if on_book is not None:
            on_book(report)
    return books, jobs, broken


def _discard(folder: Path, copy: Path | None, made_folder: bool) -> None:
    """Leave no trace of a book that failed: the copy this run made of it (not updated) and
    the folder, when this run made it and nothing else is in it."""
    if copy is not None:
        copy.unlink(missing_ok=True)
    if made_folder:
        with contextlib.suppress(OSError):  # not empty: something else is in it
            folder.rmdir()


WORKER_DIED = ("книгу не удалось обработать: процесс, который её читал, завершился аварийно "
               "(например, не хватило памяти или книга повреждена так, что читающая её "
               "библиотека падает). Остальные книги обработаны")


def _result(task: _Task, future: Future[tuple[BookReport, list[Job]]]
            ) -> tuple[BookReport, list[Job]]:
    try:
        return future.result()
    except BrokenProcessPool:
        return _alone(task)


def _alone(task: _Task) -> tuple[BookReport, list[Job]]:
    """The book prepared in a worker of its own, to tell the book that kills its worker from
    the books that only shared the broken pool with it."""
    try:
        with new_pool(1) as single:
            return single.submit(prepare_book, task).result()
    except BrokenProcessPool:
        return BookReport(task.source, error=WORKER_DIED), []
