"""The benchmark's documents stage runs on a tiny organisation and compares like with like."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


generate = _load("generate")
_path = list(sys.path)
documents = _load("documents")  # they put bench/ first on sys.path to import their neighbours
run = _load("run")
sys.path[:] = _path


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "org.xlsx"
    return generate.write(path, generate.generate(8, 12, seed=2))


def _package(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_the_zip_floor_writes_the_same_parts_as_the_renderer(book: Path, tmp_path: Path) -> None:
    tasks = documents.document_tasks(book, tmp_path, sample=2)
    by_name = {(t.group, t.label): t for t in tasks}
    assert {t.group for t in tasks} == {"duties", "profile", "vacancy", "batch", "build"}
    for kind in ("duties", "profile", "vacancy"):
        group = [t for t in tasks if t.group == kind]
        renderer, floor, classic = group
        assert floor.floor and not renderer.floor and renderer.documents == floor.documents
        assert classic.documents == min(2, renderer.documents)
        renderer.step()
        written = sorted((tmp_path / "documents").rglob("*.docx"))
        before = {path: _package(path) for path in written}
        floor.step()
        assert {path: _package(path) for path in written} == before
        classic.step()
        assert len(list((tmp_path / "docxtpl" / kind).glob("*.docx"))) == classic.documents
    plan = by_name[("batch", "plan: contexts, declension, file names")]
    assert plan.documents == sum(t.documents for t in tasks
                                 if t.group in ("duties", "profile", "vacancy") and t.floor)


def test_the_stage_times_every_task_and_takes_ratios_within_each_group(
    book: Path, tmp_path: Path
) -> None:
    scratch = tmp_path / "scratch"
    results = run.run_documents(book, repeat=1, sample=2, scratch=scratch)
    assert not scratch.exists()
    assert all(r.missing is None and r.runs for r in results)
    for r in results:
        assert (r.ratio is not None) == (r.kind == "stage"), r.task
    floors = [r for r in results if r.kind == "floor"]
    assert all(r.ms_per_document and r.ratio is None for r in floors)
    built = next(r for r in results if r.group == "build")
    assert len(built.runs) == 1 and built.documents > 0
    assert set(built.details) == {"of which read, check, update a copy, plan",
                                  "of which write the documents"}
    rows = run.document_rows(run.Workbook("tiny", book), results)
    assert all(len(row) == len(run.DOC_COLUMNS) for row in rows)
