"""What each command does, as library calls: the CLI and the Excel buttons only present results."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from procxl.checks import check
from procxl.checks.findings import Finding, Level
from procxl.errors import OutputError, ProcxlError, UnusableInput
from procxl.model import Organisation
from procxl.render.filenames import safe_name
from procxl.render.kind import Kind
from procxl.resources import bundled_workbook
from procxl.workbook.reader import collector_paused, open_standard

# What only updating, documents, building and the demo need is imported where they are done:
# `procxl check` then starts without openpyxl, python-docx, docxtpl and Jinja, nor the
# example's data or the render contexts (`Kind` comes from its own small module).
if TYPE_CHECKING:
    from procxl.batch import BuildSummary
    from procxl.render.build import DocumentsResult
    from procxl.workbook.update import UpdateResult

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_NAMED_NOT_READ = (".xls", ".xlsb", ".ods")  # in a folder: named with how to save them
DEFAULT_DEMO_DIR = "procxl-demo"


def new_workbook(path: Path, *, force: bool = False) -> Path:
    """Write a blank standard workbook at `path` (`.xlsx` added when there is no suffix).

    An `.xlsm` gets the «Главная» sheet with the Excel buttons in front of the same sheets.
    """
    from procxl.workbook.files import ensure_folder

    if not path.suffix:
        path = path.with_suffix(".xlsx")
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise ProcxlError(
            f"Новая книга сохраняется только как .xlsx или как .xlsm с кнопками для Excel, "
            f"а не «{path.suffix}»: укажите имя вроде «{path.stem}.xlsx»."
        )
    if safe_name(path.stem) != path.stem:
        raise ProcxlError(
            f"Имя «{path.name}» Windows не примет (зарезервированное имя устройства, знаки "
            f"\\ / : * ? \" < > | или точка и пробел в конце): назовите книгу, например, "
            f"«{safe_name(path.stem)}{path.suffix}»."
        )
    if path.exists() and not force:
        raise ProcxlError(
            f"Файл «{path}» уже существует. Укажите другое имя или добавьте --force, "
            "чтобы заменить его."
        )
    ensure_folder(path.parent)
    if is_macro_book(path):
        from procxl.workbook.macro_book import write_blank_macro_book

        write_blank_macro_book(path)
    else:
        from procxl.workbook.template import write_blank

        write_blank(path)
    return path


def is_macro_book(path: Path) -> bool:
    """Whether `path` names a workbook with macros (and so, from procxl, with the buttons)."""
    return path.suffix.lower() == ".xlsm"


@dataclass(frozen=True)
class DemoResult:
    """What `procxl demo` produced."""

    folder: Path
    workbook: Path
    organisation: Organisation
    update: UpdateResult
    documents: DocumentsResult
    macro_book: Path


def run_demo(folder: Path) -> DemoResult:
    """Write the bundled example organisation into `folder` and run the pipeline on it."""
    from procxl.example import EXAMPLE_FILENAME
    from procxl.workbook.files import copy_file, ensure_folder
    from procxl.workbook.macro_book import MACRO_BOOK, write_example_macro_book
    from procxl.workbook.update import update_workbook

    ensure_folder(folder)
    target = folder / EXAMPLE_FILENAME
    copy_file(bundled_workbook(EXAMPLE_FILENAME), target)
    source, org = open_standard(target)
    updated = update_workbook(target, source, org)
    documents = write_documents(updated.organisation, documents_folder(target),
                                findings=updated.findings)
    macro_book = write_example_macro_book(folder / MACRO_BOOK)
    return DemoResult(folder, target, updated.organisation, updated, documents, macro_book)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one file: its findings, or why it could not be used."""

    path: Path
    findings: tuple[Finding, ...] = ()
    error: str | None = None

    @property
    def has_errors(self) -> bool:
        return any(f.level is Level.ERROR for f in self.findings)


def read_standard_workbook(path: Path) -> Organisation:
    """Read a workbook that must hold at least one sheet of the standard."""
    return open_standard(path)[1]


def check_file(path: Path) -> list[Finding]:
    """The findings for one workbook; UnusableInput when it cannot be read at all."""
    # Paused over the check too, as the update does: once the book is read, the collector
    # would walk its few hundred thousand new objects twice more (half a second on a large
    # book) and find nothing to free.
    with collector_paused():
        return check(read_standard_workbook(path))


def check_files(paths: Iterable[Path]) -> Iterator[CheckResult]:
    """Check each workbook in turn, going on past those that cannot be read."""
    for path in paths:
        try:
            yield CheckResult(path, tuple(check_file(path)))
        except UnusableInput as exc:
            yield CheckResult(path, error=str(exc))


def update_file(path: Path, *, force: bool = False) -> UpdateResult:
    """Refresh the generated and merged sheets of one workbook, in place.

    A book another program holds open (its lock file lies beside it) is refused unless
    `force`: that program's next save would throw the update away.
    """
    from procxl.workbook.update import update_workbook

    if path.suffix.lower() not in WORKBOOK_SUFFIXES and path.exists():
        raise UnusableInput(
            f"«{path.name}» — не книга .xlsx или .xlsm: procxl обновляет только такие книги."
        )
    if not force:
        refuse_if_open_elsewhere(path)
    source, org = open_standard(path)
    return update_workbook(path, source, org)


def import_standards(path: Path, files: Iterable[Path], *, force: bool = False):
    """Put the professional standards of XML `files` on the book's `Профстандарты` sheet."""
    from procxl.workbook.standards_book import import_standards

    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise UnusableInput(f"«{path.name}» — не книга .xlsx или .xlsm: профстандарты "
                            "записываются в книгу procxl.")
    if not force:
        refuse_if_open_elsewhere(path)
    return import_standards(path, list(files))


LOCK_FILES = (
    ("Excel", lambda name: [f"~${name}", *([f"~${name[2:]}"] if len(Path(name).stem) >= 8
                                           else [])]),
    ("LibreOffice", lambda name: [f".~lock.{name}#"]),
)
"""The lock file each office program leaves beside a book it has open. Excel puts `~$`
instead of the first two letters of a name of eight letters or more."""


def refuse_if_open_elsewhere(path: Path) -> None:
    """OutputError when an office program's lock file says the book is open in it."""
    for program, names in LOCK_FILES:
        for name in names(path.name):
            lock = path.with_name(name)
            if name != path.name and lock.is_file():
                raise OutputError(
                    f"Книга «{path.name}» открыта в {program} (рядом лежит «{lock.name}»): "
                    f"закройте её и повторите, иначе {program} при следующем сохранении "
                    "сотрёт обновление. Если книга не открыта и файл остался после сбоя, "
                    "запустите команду с --force.")


def workbook_paths(paths: Iterable[Path]) -> list[Path]:
    """The workbooks named: files as given, folders expanded to the .xlsx/.xlsm inside them.

    Excel's lock files (`~$Книга.xlsx`) and the summaries `procxl build` writes
    (`Сводка.xlsx`) are skipped; a missing path is kept so that it is
    reported like any other unusable input, and so are the tables in a folder that procxl
    does not read (`.xls`, `.xlsb`, `.ods`), which are named with the reason rather than
    passed over; a folder without workbooks is UnusableInput.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = [
                p for p in sorted(path.rglob("*"))
                if p.suffix.lower() in (*WORKBOOK_SUFFIXES, *_NAMED_NOT_READ)
                and not p.name.startswith("~$") and p.is_file() and not _summary(p)
            ]
            if not inside:
                raise UnusableInput(f"В папке «{path}» нет книг Excel (.xlsx или .xlsm).")
            found.extend(inside)
        else:
            found.append(path)
    return found


def _summary(path: Path) -> bool:
    """True for a `Сводка.xlsx` that `procxl build` wrote; a client's own book of that name is
    still an input. Only a file of that name is opened to tell."""
    from procxl.report import SUMMARY_NAME

    if path.name.casefold() != SUMMARY_NAME.casefold():
        return False
    from procxl.workbook.summary_book import is_build_summary

    return is_build_summary(path)


# Documents ---------------------------------------------------------------------------------

DOCUMENTS_SUFFIX = " — документы"


def documents_folder(workbook: Path) -> Path:
    """Where a workbook's documents go by default: `<name> — документы` beside it, in a name
    Windows accepts whatever the book is called («Отчёт: 2024?» gives «Отчёт - 2024»)."""
    return workbook.with_name(safe_name(workbook.stem, limit=100) + DOCUMENTS_SUFFIX)


def write_documents(org: Organisation, folder: Path, *, templates: Path | None = None,
                    findings: Iterable[Finding] | None = None,
                    kinds: Iterable[Kind] = tuple(Kind), positions: Iterable[str] = (),
                    planned: Callable[[int], None] | None = None,
                    progress: Callable[[int], None] | None = None,
                    parallel: bool = True) -> DocumentsResult:
    """Write the documents of `org` into `folder`, on every core when there are many.

    Positions that errors block are skipped with the reason; `findings` spares checking
    the organisation again when the caller already has them. `parallel=False` keeps the
    work in this process (inside Excel, where starting Python processes is not ours to do).
    """
    from procxl.render.build import worker_pool
    from procxl.render.build import write_documents as _write_documents
    from procxl.workbook.files import ensure_folder

    ensure_folder(folder)
    findings = list(findings) if findings is not None else check(org)
    with worker_pool(parallel) as executor:
        return _write_documents(org, findings, folder, kinds=kinds, positions=positions,
                                templates=templates, executor=executor, planned=planned,
                                progress=progress)


def documents_from_file(path: Path, folder: Path | None = None, **options: object
                        ) -> tuple[DocumentsResult, list[Finding]]:
    """Check a workbook and write its documents; the workbook itself is only read."""
    _, org = open_standard(path)
    findings = check(org)
    result = write_documents(org, folder or documents_folder(path), findings=findings,
                             **options)  # type: ignore[arg-type]
    return result, findings


def export_templates(folder: Path, *, force: bool = False) -> list[Path]:
    """Copy the default document templates into `folder` for editing in Word."""
    from procxl.render.template_build import TEMPLATE_DIR, template_file_name
    from procxl.workbook.files import copy_file, ensure_folder

    ensure_folder(folder)
    targets = [folder / template_file_name(kind) for kind in Kind]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        names = ", ".join(f"«{t.name}»" for t in existing)
        raise ProcxlError(f"В папке «{folder}» уже есть {names}. Укажите другую папку или "
                          "добавьте --force, чтобы заменить их шаблонами procxl.")
    for target in targets:
        copy_file(TEMPLATE_DIR / target.name, target, program="Word")
    return targets


def build(paths: Iterable[Path], out: Path, *, templates: Path | None = None,
          kinds: Iterable[Kind] = tuple(Kind), **callbacks: Callable[..., None]
          ) -> BuildSummary:
    """`procxl build`: every workbook checked, copied, updated and documented under `out`.

    The workbooks given are only read. Workbooks already inside `out` (from an earlier
    run) are not taken as input. `out/Сводка.xlsx` gets a row per workbook, the unusable
    ones too; when it cannot be written, the summary says why and the rest stands.
    """
    import dataclasses

    from procxl.batch import run_build
    from procxl.render.build import load_templates
    from procxl.report import summary_data
    from procxl.workbook.files import ensure_folder
    from procxl.workbook.summary_book import write_summary_book

    ensure_folder(out)
    inside = out.resolve()
    sources = [p for p in workbook_paths(paths) if inside not in p.resolve().parents]
    if not sources:
        raise UnusableInput("Нет книг для обработки: все найденные книги лежат в папке "
                            f"результатов «{out}».")
    summary = run_build(sources, out, load_templates(templates), kinds=kinds, **callbacks)
    try:
        path = write_summary_book(summary_data(summary, out), out)
    except OutputError as exc:  # «Сводка.xlsx» open in Excel from the last run, say
        return dataclasses.replace(summary, summary_error=str(exc))
    return dataclasses.replace(summary, summary_file=path)
