"""Professional standards: how fast they import and how well positions are matched to them.

    python bench/standards.py            # quality on the hand-made set, import times
    python bench/standards.py --misses   # and every case whose first suggestion is wrong
    python bench/standards.py --large    # and the analysis of the 800-position book

Quality: every case of `tests/data/standards_cases.toml` (a position, its functions and the
ОТФ a specialist would pick) is ranked against all the standards of `tests/data/
profstandards`; the share is of cases whose first suggestion is the specialist's ОТФ (or one
of the case's accepted alternatives). Time: reading each XML file, and `procxl standards
import` of the 20-standard file into a copy of the example workbook.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from procxl import standards  # noqa: E402
from procxl.functional_analysis import Index, rank  # noqa: E402

DATA = ROOT / "tests" / "data" / "profstandards"
CASES = ROOT / "tests" / "data" / "standards_cases.toml"
BUNDLE = DATA / "ProfessionalStandarts_1343.xml"


@dataclass(frozen=True)
class Case:
    position: str
    functions: tuple[str, ...]
    accepted: frozenset[str]  # «06.001 A» and the alternatives
    note: str


def cases() -> list[Case]:
    found = tomllib.loads(CASES.read_text(encoding="utf-8"))["case"]
    return [Case(c["position"], tuple(c["functions"]),
                 frozenset({f"{c['standard']} {c['otf']}", *c.get("alternatives", [])}),
                 c.get("note", ""))
            for c in found]


def all_standards() -> list[standards.Standard]:
    return [s for path in sorted(DATA.glob("*.xml")) for s in standards.read_xml(path)]


def first_suggestion(index: Index, case: Case) -> str:
    ranked = rank(index, case.functions)
    return f"{ranked[0].standard.code} {standards.code_key(ranked[0].otf.code)}" if ranked else ""


def quality(show_misses: bool = False) -> float:
    """The share of cases whose first suggestion is right; prints it, and the misses."""
    index = Index(all_standards())
    found = cases()
    right = 0
    for case in found:
        got = first_suggestion(index, case)
        if got in case.accepted:
            right += 1
        elif show_misses:
            print(f"  ✗ {case.position}: {got or '—'}, нужно {', '.join(sorted(case.accepted))}")
    share = right / len(found)
    print(f"Первое предложение верно: {right} из {len(found)} ({share:.0%})")
    return share


def import_times() -> None:
    for path in sorted(DATA.glob("*.xml"), key=lambda p: p.stat().st_size):
        start = time.perf_counter()
        found = standards.read_xml(path)
        print(f"  {path.name}: {path.stat().st_size // 1024} КБ, стандартов {len(found)}, "
              f"разбор {time.perf_counter() - start:.3f} с")
    from procxl.example import EXAMPLE_FILENAME
    from procxl.resources import bundled_workbook
    from procxl.workbook.standards_book import import_standards

    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / EXAMPLE_FILENAME
        shutil.copy(bundled_workbook(EXAMPLE_FILENAME), book)
        start = time.perf_counter()
        import_standards(book, [BUNDLE])
        print(f"Импорт {BUNDLE.name} ({BUNDLE.stat().st_size // 1024} КБ, 20 стандартов) в "
              f"книгу примера: {time.perf_counter() - start:.2f} с")


def large_book(positions: int = 800, processes: int = 2000) -> None:
    """The functional analysis of the large generated book against every standard."""
    import generate  # bench/generate.py

    from procxl import functional_analysis, pivots
    from procxl.workbook.reader import read_workbook
    from procxl.workbook.standards_book import import_standards

    source = generate.default_path(positions, processes)
    if not source.exists():
        generate.write(source, generate.generate(positions, processes))
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / source.name
        shutil.copy(source, book)
        import_standards(book, sorted(DATA.glob("*.xml")))
        org = read_workbook(book)
        duties = pivots.duties(org)
        start = time.perf_counter()
        found = functional_analysis.analyse(org, duties)
        rows = functional_analysis.mapping_rows(found)
        print(f"Функциональный анализ книги {positions}×{processes} ({len(found)} должностей, "
              f"{len(org.imported_standards)} стандартов): {time.perf_counter() - start:.2f} с, "
              f"строк {len(rows)}")


def main(argv: list[str]) -> int:
    quality(show_misses="--misses" in argv)
    import_times()
    if "--large" in argv:
        large_book()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
