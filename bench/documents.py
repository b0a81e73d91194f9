"""The documents stage: what one Word document costs, beside the price of zipping it, and a batch.

`document_tasks` reads the workbook, checks it and plans its documents (untimed), then returns
what `run.py` times, in groups:

- one group per kind (duties, profile, vacancy), each per document: procxl's
  `PreparedTemplate.write` (render the XML, zip it atomically) over every document of the kind;
  its floor, zipping the parts that renderer produced — the same bytes, already rendered — so
  that `× floor` is what rendering adds; and docxtpl as usual (`DocxTemplate(path)`,
  `render(context, autoescape=True)`, `save`) on an evenly spread sample;
- `batch`: planning every document (contexts, declension, file names), `write_jobs` on a
  `worker_pool()` and in this one process, and the floor of zipping all of them in one process;
- `build`: `procxl build` of the workbook from start to end (read, check, update a copy, plan,
  write on every core), split into the book's preparation and the writing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import floors  # beside this file, as run.py imports it

SAMPLE = 50
"""Documents of each kind given to docxtpl as usual, which costs ten times more per document."""


@dataclass(frozen=True)
class DocTask:
    """One timed call that writes `documents` documents (the floor of its group if `floor`).

    `writes` is false for a task that only prepares documents: it gets no ratio to the floor.
    A `slow` task runs once, without a warm-up; `missing` says why a task cannot run here.
    A step may fill `details` as it runs: `documents` when the count is known only then, and
    seconds of named parts of its last call.
    """

    group: str
    label: str
    documents: int
    step: Callable[[], Any]
    floor: bool = False
    writes: bool = True
    slow: bool = False
    missing: str | None = None
    details: dict[str, float] = field(default_factory=dict)


Parts = list[tuple[zipfile.ZipInfo, bytes]]


def zip_parts(path: Path, parts: Parts) -> None:
    """The zip floor: the rendered parts written into a .docx as they are, nothing else."""
    with zipfile.ZipFile(path, "w") as package:
        for info, data in parts:
            package.writestr(info, data)


def document_tasks(workbook: Path, scratch: Path, sample: int = SAMPLE) -> list[DocTask]:
    """The tasks of the documents stage for `workbook`, writing under `scratch`."""
    from docxtpl import DocxTemplate

    from procxl import actions
    from procxl.checks import check
    from procxl.render import build
    from procxl.render.docx import PreparedTemplate
    from procxl.render.kinds import KINDS, Kind
    from procxl.workbook.reader import read_workbook

    org = read_workbook(workbook)
    findings = check(org)
    folder = scratch / "documents"
    templates = build.template_paths()
    plan = build.plan_documents(org, findings, folder, templates=templates)
    for parent in {job.path.parent for job in plan.jobs}:
        parent.mkdir(parents=True, exist_ok=True)

    tasks: list[DocTask] = []
    last_process: dict[str, float] = {}
    rendered: list[tuple[Path, Parts]] = []
    for kind in Kind:
        jobs = [job for job in plan.jobs if job.kind is kind]
        if not jobs:
            continue
        template = PreparedTemplate(templates[kind], allowed=KINDS[kind].keys)
        parts = [(job.path, template.render(job.context)) for job in jobs]
        rendered += parts
        chosen = evenly(jobs, sample)
        classic = scratch / "docxtpl" / kind.value
        classic.mkdir(parents=True, exist_ok=True)

        def procxl_writes(template: PreparedTemplate = template, jobs: Sequence = jobs) -> None:
            for job in jobs:
                template.write(job.context, job.path)

        def zip_floor(parts: list[tuple[Path, Parts]] = parts) -> None:
            for path, package in parts:
                zip_parts(path, package)

        def docxtpl_as_usual(path: Path = templates[kind], jobs: Sequence = chosen,
                             out: Path = classic) -> None:
            for index, job in enumerate(jobs):
                document = DocxTemplate(path)
                document.render(job.context, autoescape=True)
                document.save(out / f"{index}.docx")

        tasks += [
            DocTask(kind.value, "procxl PreparedTemplate render + write", len(jobs),
                    procxl_writes),
            DocTask(kind.value, "floor: zip the rendered parts", len(jobs), zip_floor,
                    floor=True),
            DocTask(kind.value, f"docxtpl as usual (a sample of {len(chosen)})", len(chosen),
                    docxtpl_as_usual),
        ]

    texts = vacancy_texts(plan.jobs)
    count = len(plan.jobs)

    def plan_them() -> None:
        build.plan_documents(org, findings, folder, templates=templates)

    def on_a_pool() -> None:
        with build.worker_pool() as pool:
            build.write_jobs(plan.jobs, executor=pool)

    def zip_them_all() -> None:
        for path, package in rendered:
            zip_parts(path, package)
        for path, content in texts:
            path.write_bytes(content)

    with build.worker_pool() as pool:  # only to know whether this machine gives a pool
        pass
    tasks += [
        DocTask("batch", "plan: contexts, declension, file names", count, plan_them,
                writes=False),
        DocTask("batch", f"write_jobs on worker_pool(), {os.cpu_count()} cores", count, on_a_pool,
                missing=None if pool is not None else "worker_pool() не дал процессов"),
        DocTask("batch", "write_jobs in one process", count,
                lambda: build.write_jobs(plan.jobs)),
        DocTask("batch", "floor: zip all rendered parts, one process", count, zip_them_all,
                floor=True),
    ]
    def build_floor() -> None:
        floors.calamine_lists(workbook)
        floors.deflate_every_part(updated, scratch / "re-deflated.xlsx")
        zip_them_all()

    updated = floors.updated_copy(workbook, workbook.parent)
    tasks += build_tasks(actions.build, workbook, scratch)
    tasks += [DocTask("build", "floor: calamine read, re-deflate the updated book, zip all "
                      "documents", count, build_floor, floor=True),
              DocTask("build", "procxl build, a fresh process (peak RSS of its main process)",
                      0, lambda: build_process(workbook, scratch, last_process), writes=False,
                      slow=True, details=last_process)]
    return tasks


def build_tasks(run_build: Callable[..., Any], workbook: Path, scratch: Path
                ) -> list[DocTask]:
    """`procxl build` of one workbook, into a fresh folder, and what its summary tells."""
    last: dict[str, float] = {}

    def build_once() -> None:
        out = scratch / "build"
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        summary = run_build([workbook], out)
        total = time.perf_counter() - started
        book = summary.books[0]
        if book.error:
            raise RuntimeError(book.error)
        last["documents"] = sum(summary.documents().values())
        last["of which read, check, update a copy, plan"] = book.seconds
        last["of which write the documents"] = total - book.seconds

    return [DocTask("build", "procxl build (actions.build), start to end", 0, build_once,
                    slow=True, details=last)]


_BUILD_PROCESS = (
    "import atexit, sys\n"
    "from pathlib import Path\n"
    "def peak():\n"
    "    status = Path('/proc/self/status')\n"
    "    if status.exists():\n"
    "        for line in status.read_text().splitlines():\n"
    "            if line.startswith('VmHWM:'):\n"
    "                print('VmHWM', int(line.split()[1]), file=sys.stderr)\n"
    "atexit.register(peak)\n"
    "from procxl.cli import main\n"
    "sys.argv = ['procxl', 'build', sys.argv[1], '-o', sys.argv[2]]\n"
    "main()\n"
)


def build_process(workbook: Path, scratch: Path, details: dict[str, float]) -> None:
    """`procxl build` as a user runs it, in a fresh process; `details` gets the peak resident
    set of that process (VmHWM, which a process reports of itself: the rusage of a child also
    counts the pages of the parent it was forked from before it started Python)."""
    out = scratch / "build-process"
    shutil.rmtree(out, ignore_errors=True)
    done = floors.fresh_python(["-c", _BUILD_PROCESS, str(workbook.resolve()),
                                str(out.resolve())], scratch,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    error = done.stderr.decode("utf-8", "replace")
    if done.returncode not in (0, 1):
        raise RuntimeError(error)
    for line in error.splitlines():
        if line.startswith("VmHWM"):
            details["peak RSS, MiB"] = int(line.split()[1]) / 1024


def evenly(items: Sequence[Any], count: int) -> list[Any]:
    """At most `count` items spread evenly over `items`, first included."""
    if len(items) <= count:
        return list(items)
    return [items[i * len(items) // count] for i in range(count)]


def vacancy_texts(jobs: Sequence[Any]) -> list[tuple[Path, bytes]]:
    """The text files beside the documents (a vacancy's .txt, .html and .json), as
    `write_jobs` writes them."""
    from procxl.render.build import text_files

    return [item for job in jobs for item in text_files(job).items()]
