"""Time each stage of procxl on the bundled example and on a large synthetic organisation.

Every stage is timed several times and compared with a floor measured in the same run: the
cheapest way to do the same job with the libraries underneath (for reading, python-calamine
turning the sheets into plain lists). The ratio to the floor says how much procxl adds, and
it stays comparable between machines, unlike seconds.

    python bench/run.py                          # 800 positions, 2000 processes, 5 runs each
    python bench/run.py --processes 500 --repeat 3 --json
    python bench/run.py --stage documents --no-inline    # ms per Word document, the batch, build
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import documents  # the documents stage, next to this file
import floors  # floors both share
import generate  # the generator next to this file, not an installed module

OUT_DIR = generate.OUT_DIR
MiB = 2**20

Step = Callable[[Any], Any]


class Missing(Exception):
    """A stage's code is not in procxl yet: the stage is shown as «нет», not run."""


class TooSlow(BaseException):
    """One call took longer than the limit: the task is stopped and shown as such.

    A BaseException, like KeyboardInterrupt, so that code which turns library errors into
    its own (the reader does) lets it through.
    """


def procxl_function(module: str, name: str) -> Callable[[], Step]:
    """A late lookup of a procxl function, so that a stage can name code not written yet."""

    def resolve() -> Step:
        try:
            return getattr(importlib.import_module(module), name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.split(".")[0] == "procxl":
                raise Missing(f"нет модуля {exc.name}") from None
            raise
        except AttributeError:
            raise Missing(f"нет {module}.{name}") from None

    resolve.__qualname__ = f"{module}:{name}"
    return resolve


def local(step: Step) -> Callable[[], Step]:
    return lambda: step


# --- floors: the same job done as cheaply as the libraries allow ---------------------------------

def openpyxl_values(path: Path) -> int:
    """Every cell value through openpyxl's read-only mode: the usual pure-Python way."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for ws in book.worksheets for _ in ws.iter_rows(values_only=True))
    finally:
        book.close()


def touch_every_cell(org: Any) -> int:
    """Look at the text of every cell of the model once: the least any whole-book check does."""
    total = 0
    for name in ("parameters", "values", "departments", "positions", "processes",
                 "performers", "competencies", "profiles", "vacancies"):
        for record in getattr(org, name):
            for value in (getattr(record, f.name) for f in dataclasses.fields(record)):
                cells = value if isinstance(value, tuple) else (value,)
                total += sum(len(c.text) for c in cells if hasattr(c, "text"))
    return total


def openpyxl_load_save(path: Path) -> None:
    """Load the whole book with openpyxl and save it: the least an update of the file does."""
    import openpyxl

    openpyxl.load_workbook(path).save(scratch_copy(path))


def same_path(path: Path) -> Path:
    return path


def updated_by_procxl(path: Path) -> tuple[Path, Path]:
    """The book and a copy of it after `procxl update`: what the update floor re-deflates."""
    return path, floors.updated_copy(path, OUT_DIR)


def calamine_and_deflate(paths: tuple[Path, Path]) -> None:
    """What an update of the file cannot go below: every sheet of the book read with
    calamine, and every part of the book as updated deflated into a new file."""
    book, updated = paths
    floors.calamine_lists(book)
    floors.deflate_every_part(updated, scratch_copy(updated))


_CALAMINE_PROCESS = (
    "import sys, python_calamine\n"
    "book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
    "for name in book.sheet_names:\n"
    "    book.get_sheet_by_name(name).to_python()\n"
)


def calamine_process(path: Path) -> None:
    """A fresh Python process that reads every sheet with calamine: what `procxl check` of a
    file, a fresh process too, cannot go below."""
    floors.fresh_python(["-c", _CALAMINE_PROCESS, str(path.resolve())], OUT_DIR, check=True)


def procxl_check_process(path: Path) -> None:
    """`procxl check` of the file, as a user runs it: a fresh process from start to end."""
    done = floors.fresh_python(["-m", "procxl", "check", str(path.resolve())], OUT_DIR,
                               capture_output=True, check=False)
    if done.returncode not in (0, 1):  # 1: the book has errors, which is a result too
        raise RuntimeError(done.stderr.decode("utf-8", "replace"))


def scratch_copy(path: Path) -> Path:
    """Where a stage that changes the workbook works on it, beside it in the bench folder."""
    return OUT_DIR / f".scratch-{path.name}"


def on_a_copy(resolve: Callable[[], Step]) -> Callable[[], Step]:
    """A step that copies the workbook first and runs on the copy: every run starts alike."""

    def resolved() -> Step:
        function = resolve()

        def step(path: Path) -> Any:
            copy = scratch_copy(path)
            shutil.copyfile(path, copy)
            return function(copy)

        return step

    return resolved


THE_PATH = local(same_path)
"""The `prepare` of stages that take the workbook file itself."""

# --- the stage table: one entry per stage of procxl ---------------------------------------------

@dataclass(frozen=True)
class Task:
    """One timed callable: the stage itself or one of its floors."""

    label: str
    step: Callable[[], Step]
    prepare: Callable[[], Step] | None = None  # instead of the stage's, for this task
    slow: bool = False  # half a minute or more a call: timed once, without a warm-up


@dataclass(frozen=True)
class Stage:
    """A stage of procxl and the floors it is compared with (the first one gives the ratio).

    `prepare` turns the workbook path into what the stage takes (untimed, once per workbook):
    the read stage takes the path itself, later stages take the model read from it.
    A `slow` stage (seconds a call on the large book) has its memory probe skip the
    tracemalloc pass; a `slow` task is timed once without a warm-up. `books` are the
    kinds of workbook it runs on (see `Workbook.role`).
    """

    name: str
    run: Task
    floors: tuple[Task, ...]
    prepare: Callable[[], Step] = THE_PATH
    slow: bool = False
    books: frozenset[str] = frozenset({"example", "large", "inline", "updated"})
    probe_memory: bool = True  # false for a stage whose tasks run in processes of their own

    @property
    def tasks(self) -> tuple[Task, ...]:
        return (self.run, *self.floors)

    def argument(self, task: Task, path: Path) -> Any:
        """What `task` takes on the workbook at `path` (untimed)."""
        return (task.prepare or self.prepare)()(path)


READ = procxl_function("procxl.workbook.reader", "read_workbook")

STAGES: tuple[Stage, ...] = (
    Stage(
        "read",
        Task("procxl read_workbook", READ),
        (Task("floor: calamine to lists", local(floors.calamine_lists)),
         Task("openpyxl read-only values", local(openpyxl_values))),
    ),
    Stage(
        "check",
        Task("procxl check", procxl_function("procxl.checks", "check")),
        (Task("floor: touch every cell", local(touch_every_cell)),),
        prepare=READ,
        books=frozenset({"example", "large", "inline"}),  # the updated book: the same model
    ),
    Stage(
        "check-file",
        Task("procxl check ФАЙЛ, a fresh process", local(procxl_check_process)),
        (Task("floor: a fresh process reads every sheet with calamine",
              local(calamine_process)),),
        probe_memory=False,
    ),
    Stage(
        "update",
        Task("procxl update of a copy",
             on_a_copy(procxl_function("procxl.actions", "update_file"))),
        (Task("floor: calamine read + re-deflate the updated book", local(calamine_and_deflate),
              prepare=local(updated_by_procxl)),
         Task("openpyxl load and save", local(openpyxl_load_save), slow=True)),
        slow=True,
        books=frozenset({"example", "large", "updated"}),
    ),
)
DOCUMENTS = "documents"
"""The documents stage (`documents.py`): its unit is the document, so it has its own table."""
DOCUMENT_BOOKS = frozenset({"example", "large", "updated"})


def stage_named(name: str) -> Stage:
    for stage in STAGES:
        if stage.name == name:
            return stage
    raise KeyError(name)


# --- measuring -----------------------------------------------------------------------------------

@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TooSlow in the block after `seconds` (where SIGALRM exists; 0 for no limit)."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def time_runs(
    step: Step, arg: Any, repeat: int, limit: float = 0, warm_up: bool = True
) -> list[float]:
    """Seconds of `repeat` calls after an untimed warm-up (unless `warm_up` is false), with a
    full collection before each.

    A call that runs past `limit` seconds raises TooSlow, so that a stage which has become
    quadratic shows up as such instead of stalling the whole run.
    """
    if warm_up:
        with time_limit(limit):
            step(arg)
    runs = []
    for _ in range(repeat):
        gc.collect()
        with time_limit(limit):
            started = time.perf_counter()
            step(arg)
            runs.append(time.perf_counter() - started)
    return runs


_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _rss() -> tuple[int, int]:
    """The resident set now and its peak so far, in bytes."""
    if _STATUS.exists():
        fields = dict(line.split(":", 1) for line in _STATUS.read_text().splitlines())
        now, peak = (int(fields[k].split()[0]) * 1024 for k in ("VmRSS", "VmHWM"))
        return now, peak
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = peak if sys.platform == "darwin" else peak * 1024
    return peak, peak


def _reset_peak() -> None:
    """Start the peak afresh from the current resident set (Linux; elsewhere it keeps going)."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        pass


def probe(stage_name: str, task_index: int, path: Path) -> dict[str, int]:
    """Peak memory of one call, measured in this (fresh) process; see `measure_memory`."""
    stage = stage_named(stage_name)
    task = stage.tasks[task_index]
    arg = stage.argument(task, path)
    step = task.step()
    gc.collect()
    _reset_peak()
    base, _ = _rss()
    step(arg)
    _, peak = _rss()
    if stage.slow:
        return {"rss_base": base, "rss_peak": peak}
    tracemalloc.start()
    step(arg)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rss_base": base, "rss_peak": peak, "python_peak": traced}


def measure_memory(
    stage: Stage, task_index: int, path: Path, limit: float = 0
) -> dict[str, int] | None:
    """Run `probe` in a subprocess, so that earlier calls leave nothing behind.

    `rss_peak` is the highest resident set during the call (Linux `VmHWM`, reset just before
    it through /proc/self/clear_refs; elsewhere getrusage's peak of the whole process) and
    `rss_base` the resident set just before it, after imports and `prepare`: the growth counts
    memory held by Rust and C code too. `python_peak` is tracemalloc's peak over a second call:
    Python objects only.
    """
    command = [sys.executable, __file__, "--probe", stage.name, str(task_index), str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              timeout=3 * limit + 60 if limit > 0 else None)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Result:
    stage: str
    task: str
    kind: str  # "stage" or "floor"
    runs: list[float] = field(default_factory=list)
    ratio: float | None = None
    memory: dict[str, int] | None = None
    missing: str | None = None
    too_slow: float | None = None  # the limit a call ran past

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None


def run_stage(
    stage: Stage, path: Path, repeat: int, memory: bool, limit: float = 0
) -> list[Result]:
    """The stage and its floors on one workbook; a stage whose code is missing gives one row.

    After a warm-up each, the stage and its floors take turns, one call each a round: the
    machine's speed drifts over a run by a quarter or more, and taking turns puts the same
    drift under the stage and under the floor its ratio is to. A slow task is timed once."""
    results: list[Result] = []
    turns: list[tuple[Result, Step, Any]] = []
    for index, task in enumerate(stage.tasks):
        result = Result(stage.name, task.label, "stage" if index == 0 else "floor")
        try:
            step, argument = task.step(), stage.argument(task, path)
            if task.slow:
                result.runs = time_runs(step, argument, 1, limit, warm_up=False)
            else:
                time_runs(step, argument, 0, limit)  # the warm-up alone
                turns.append((result, step, argument))
        except TooSlow:
            result.too_slow = limit
            results.append(result)
            continue
        except Missing as exc:
            result.missing = str(exc)
        except ModuleNotFoundError as exc:  # the stage's entry point exists, parts not yet
            if not (exc.name or "").startswith("procxl"):
                raise
            result.missing = f"нет модуля {exc.name}"
        if result.missing:
            return [result] if index == 0 else [*results, result]
        if memory and stage.probe_memory:
            result.memory = measure_memory(stage, index, path, limit)
        results.append(result)
    take_turns(turns, repeat, limit)
    floor = next((r for r in results if r.kind == "floor"), None)
    for result in results:
        if floor and floor.median and result.median is not None and result is not floor:
            result.ratio = result.median / floor.median
    return results


def take_turns(turns: list[tuple[Result, Step, Any]], repeat: int, limit: float) -> None:
    """`repeat` rounds of one timed call of each task, in turn, each call's seconds added to
    its result's runs; a task that runs past `limit` is marked too slow and left out after."""
    for _ in range(repeat):
        for result, step, argument in turns:
            if result.too_slow is None:
                try:
                    result.runs += time_runs(step, argument, 1, limit, warm_up=False)
                except TooSlow:
                    result.too_slow = limit


# --- the documents stage: the unit is one document ----------------------------------------------

@dataclass
class DocResult:
    """One task of the documents stage; `details` names parts of a slow task's seconds."""

    group: str
    task: str
    kind: str  # "stage", "floor", or "other" (prepares documents, writes none: no ratio)
    documents: int
    runs: list[float] = field(default_factory=list)
    ratio: float | None = None  # of ms per document, to the floor of the group
    missing: str | None = None
    too_slow: float | None = None
    details: dict[str, float] = field(default_factory=dict)

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None

    @property
    def ms_per_document(self) -> float | None:
        if self.median is None or not self.documents:
            return None
        return 1000 * self.median / self.documents


def run_documents(path: Path, repeat: int, limit: float = 0, sample: int = documents.SAMPLE,
                  scratch: Path | None = None) -> list[DocResult]:
    """The documents stage on one workbook (see `documents.py`), written in a scratch folder
    that is removed afterwards."""
    scratch = scratch or OUT_DIR / f".scratch-documents-{path.stem}"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        try:
            tasks = documents.document_tasks(path, scratch, sample)
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith("procxl"):
                raise
            return [DocResult(DOCUMENTS, "procxl documents", "stage", 0,
                              missing=f"нет модуля {exc.name}")]
        results = [_time_document_task(task, repeat, limit) for task in tasks]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    floors = {}
    for result in results:
        if result.kind == "floor" and result.ms_per_document:
            floors.setdefault(result.group, result.ms_per_document)
    for result in results:
        floor = floors.get(result.group)
        if floor and result.ms_per_document is not None and result.kind == "stage":
            result.ratio = result.ms_per_document / floor
    return results


def _time_document_task(task: documents.DocTask, repeat: int, limit: float) -> DocResult:
    kind = "floor" if task.floor else "stage" if task.writes else "other"
    result = DocResult(task.group, task.label, kind, task.documents, missing=task.missing)
    if task.missing:
        return result
    try:
        result.runs = time_runs(lambda _: task.step(), None, 1 if task.slow else repeat,
                                limit, not task.slow)
    except TooSlow:
        result.too_slow = limit
    details = dict(task.details)
    result.documents = int(details.pop("documents", task.documents))
    result.details = details
    return result


DOC_COLUMNS = ("workbook", "group", "what", "documents", "median s", "min s", "ms/doc",
               "× floor")


def document_rows(book: Workbook, results: Sequence[DocResult]) -> list[tuple[str, ...]]:
    rows = []
    for r in results:
        if r.missing or r.too_slow:
            shown = f"нет ({r.missing})" if r.missing else f"> {r.too_slow:g}"
            rows.append((book.name, r.group, r.task, str(r.documents or ""), shown, "", "", ""))
            continue
        per_document = r.ms_per_document
        rows.append((
            book.name, r.group, r.task, str(r.documents or ""), f"{r.median:.3f}",
            f"{min(r.runs):.3f}", f"{per_document:.2f}" if per_document is not None else "",
            f"{r.ratio:.2f}" if r.ratio is not None else "1" if r.kind == "floor" else "",
        ))
        for name, seconds in r.details.items():
            shown = f"{seconds:.0f}" if name.endswith("MiB") else f"{seconds:.3f}"
            rows.append((book.name, r.group, f"  {name}", "", shown, "", "", ""))
    return rows


# --- workbooks -----------------------------------------------------------------------------------

@dataclass
class Workbook:
    name: str
    path: Path
    generated: dict[str, float] | None = None  # seconds per step, when made in this run
    missing: str | None = None
    role: str = "large"
    """"example"; "large", the generated organisation as Excel saves it; "inline", the same
    saved with inline strings, which only reading sees differently; "updated", the large book
    after one `procxl update` (saved by openpyxl, with the generated sheets filled)."""

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def rows(self) -> dict[str, int]:
        """Non-blank rows below the header, per sheet that has any (python-calamine)."""
        import python_calamine

        book = python_calamine.CalamineWorkbook.from_path(str(self.path))
        counts = {}
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python()
            filled = sum(1 for row in rows[1:] if any(v not in ("", None) for v in row))
            if filled:
                counts[name] = filled
        return counts


def example_workbook() -> Workbook:
    """The bundled example, written afresh on every run (it is small and still changing)."""
    path = OUT_DIR / "example.xlsx"
    try:
        write_example = procxl_function("procxl.example", "write_example")()
    except Missing as exc:
        return Workbook("example", path, missing=str(exc), role="example")
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    write_example(path)
    return Workbook("example", path, {"write_example": time.perf_counter() - started},
                    role="example")


def large_workbook(
    positions: int, processes: int, seed: int, inline: bool, fresh: bool
) -> Workbook:
    """The synthetic organisation, generated once per size, seed and string layout."""
    path = generate.default_path(positions, processes, seed)
    name = f"{processes} processes"
    if inline:
        path = path.with_name(path.stem + "-inline.xlsx")
        name += ", inline strings"
    if path.exists() and not fresh:
        return Workbook(name, path, role="inline" if inline else "large")
    started = time.perf_counter()
    data = generate.generate(positions, processes, seed)
    timings = {"generate": time.perf_counter() - started}
    timings |= generate.write_timed(path, data, excel_strings=not inline)
    return Workbook(name, path, timings, role="inline" if inline else "large")


def updated_workbook(large: Workbook) -> Workbook:
    """A copy of the large book after one `procxl update`, made afresh on every run."""
    path = large.path.with_name(large.path.stem + "-updated.xlsx")
    name = f"{large.name}, after procxl update"
    try:
        update_file = procxl_function("procxl.actions", "update_file")()
    except Missing as exc:
        return Workbook(name, path, missing=str(exc), role="updated")
    started = time.perf_counter()
    shutil.copyfile(large.path, path)
    update_file(path)
    return Workbook(name, path, {"copy and update": time.perf_counter() - started},
                    role="updated")


# --- output --------------------------------------------------------------------------------------

COLUMNS = ("workbook", "stage", "what", "median s", "min s", "× floor", "RSS peak MiB",
           "RSS growth MiB", "Python peak MiB")


def table_rows(book: Workbook, results: Sequence[Result]) -> list[tuple[str, ...]]:
    rows = []
    for r in results:
        if r.missing:
            rows.append((book.name, r.stage, f"{r.task} ({r.missing})", "нет", *[""] * 5))
            continue
        if r.too_slow:
            rows.append((book.name, r.stage, r.task, f"> {r.too_slow:g}", *[""] * 5))
            continue
        m = r.memory
        rows.append((
            book.name, r.stage, r.task, f"{r.median:.3f}", f"{min(r.runs):.3f}",
            f"{r.ratio:.2f}" if r.ratio is not None else "1" if r.kind == "floor" else "",
            f"{m['rss_peak'] / MiB:.0f}" if m else "",
            f"{(m['rss_peak'] - m['rss_base']) / MiB:.0f}" if m else "",
            f"{m['python_peak'] / MiB:.0f}" if m and "python_peak" in m else "",
        ))
    return rows


def print_table(rows: Sequence[Sequence[str]], columns: Sequence[str] = COLUMNS) -> None:
    widths = [max(len(row[i]) for row in [columns, *rows]) for i in range(len(columns))]
    numeric = set(range(3, len(columns)))
    for row in [columns, *rows]:
        print("  ".join(
            cell.rjust(w) if i in numeric else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip())


def describe(book: Workbook) -> str:
    if book.missing:
        return f"{book.name}: нет ({book.missing})"
    rows = ", ".join(f"{name} {count}" for name, count in book.rows().items())
    made = ""
    if book.generated:
        made = "; made in " + ", ".join(f"{k} {v:.2f} s" for k, v in book.generated.items())
    return f"{book.name}: {book.path} ({book.size / MiB:.2f} MiB){made}\n  rows: {rows}"


def environment() -> dict[str, Any]:
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python-calamine": version("python-calamine"),
        "openpyxl": version("openpyxl"),
        "docxtpl": version("docxtpl"),
        "Jinja2": version("Jinja2"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--positions", type=int, default=800)
    parser.add_argument("--processes", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per task")
    parser.add_argument("--stage", action="append",
                        choices=[*(s.name for s in STAGES), DOCUMENTS],
                        help="only this stage (repeatable)")
    parser.add_argument("--sample", type=int, default=documents.SAMPLE,
                        help="documents of each kind given to docxtpl as usual")
    parser.add_argument("--limit", type=float, default=300,
                        help="stop a task whose single call runs longer (seconds; 0: never)")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory probes")
    parser.add_argument("--no-inline", action="store_true",
                        help="skip the large book saved with inline strings (as openpyxl does)")
    parser.add_argument("--no-updated", action="store_true",
                        help="skip the large book after one procxl update (made afresh, "
                        "about 30 s)")
    parser.add_argument("--fresh", action="store_true", help="regenerate cached workbooks")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--probe", nargs=3, metavar=("STAGE", "TASK", "PATH"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        stage, task, path = args.probe
        print(json.dumps(probe(stage, int(task), Path(path))))
        return 0

    books = [
        example_workbook(),
        large_workbook(args.positions, args.processes, args.seed, False, args.fresh),
    ]
    if not args.no_inline:
        books.append(large_workbook(args.positions, args.processes, args.seed, True, args.fresh))
    stages = [s for s in STAGES if not args.stage or s.name in args.stage]
    with_documents = not args.stage or DOCUMENTS in args.stage
    if not args.no_updated and (with_documents or any("updated" in s.books for s in stages)):
        books.append(updated_workbook(books[1]))
    report: dict[str, Any] = {"environment": environment(), "repeat": args.repeat,
                              "workbooks": []}
    rows: list[tuple[str, ...]] = []
    doc_rows: list[tuple[str, ...]] = []
    for book in books:
        entry: dict[str, Any] = {"name": book.name, "path": str(book.path),
                                 "missing": book.missing}
        report["workbooks"].append(entry)
        if not args.json:
            print(describe(book), flush=True)
        if book.missing:
            continue
        entry |= {"bytes": book.size, "rows": book.rows(), "generated": book.generated,
                  "results": []}
        for stage in stages:
            if book.role not in stage.books:
                continue
            results = run_stage(stage, book.path, args.repeat, not args.no_memory, args.limit)
            entry["results"] += [
                {"stage": r.stage, "task": r.task, "kind": r.kind, "missing": r.missing,
                 "stopped_after_s": r.too_slow,
                 "median_s": r.median, "runs_s": r.runs, "ratio_to_floor": r.ratio,
                 "memory_bytes": r.memory}
                for r in results
            ]
            rows += table_rows(book, results)
        if with_documents and book.role in DOCUMENT_BOOKS:
            found = run_documents(book.path, args.repeat, args.limit, args.sample)
            entry["documents"] = [
                {"group": r.group, "task": r.task, "kind": r.kind, "documents": r.documents,
                 "missing": r.missing, "stopped_after_s": r.too_slow, "median_s": r.median,
                 "runs_s": r.runs, "ms_per_document": r.ms_per_document,
                 "ratio_to_floor": r.ratio, "details_s": r.details}
                for r in found
            ]
            doc_rows += document_rows(book, found)
    for scratch in OUT_DIR.glob(".scratch-*.xlsx"):
        scratch.unlink()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        env = report["environment"]
        print(f"\n{args.repeat} timed runs each after a warm-up (slow tasks: one, none); "
              f"Python {env['python']}, {env['cpus']} CPUs, python-calamine "
              f"{env['python-calamine']}, openpyxl {env['openpyxl']}, docxtpl "
              f"{env['docxtpl']}, Jinja2 {env['Jinja2']}\n")
        if rows:
            print_table(rows)
        if doc_rows:
            print("\nDocuments: ms per document; × floor of its group (zipping the same "
                  "rendered parts)\n")
            print_table(doc_rows, DOC_COLUMNS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
