"""Plain-text reports of what procxl read and did, for the command line and message boxes."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from procxl.checks import count_levels
from procxl.checks.findings import Finding, Level
from procxl.model import Organisation
from procxl.text import plural

if TYPE_CHECKING:  # the reports are read by `check` too, which needs none of these
    from procxl.batch import BookReport, BuildSummary
    from procxl.render.build import DocumentsResult
    from procxl.workbook.update import UpdateResult


def organisation_summary(org: Organisation) -> list[str]:
    """A few lines that say what the workbook describes."""
    name = org.param("name") or "(название не указано)"
    levels = Counter(p.level for p in org.processes if p.level)
    by_level = ", ".join(f"уровень {lvl}: {levels[lvl]}" for lvl in sorted(levels))
    positions_with_duties = {p.position.key for p in org.performers}
    filled = {
        c.position.key
        for c in org.competencies
        if c.general_knowledge or c.subject_knowledge or c.skills or c.qualities
    }
    return [
        f"Организация: {name}",
        f"Процессы: {plural(len(org.processes), 'процесс', 'процесса', 'процессов')}"
        + (f" ({by_level})" if by_level else ""),
        f"Подразделения: {len(org.departments)}; должности: {len(org.positions)}, "
        f"из них с обязанностями: {len(positions_with_duties)}",
        f"Исполнители: {plural(len(org.performers), 'строка', 'строки', 'строк')}",
        f"Компетенции: {plural(len(org.competencies), 'строка', 'строки', 'строк')}, "
        f"заполнены для {plural(len(filled), 'должности', 'должностей', 'должностей')}",
        f"Ценности: {len(org.values)}; вакансии: {len(org.vacancies)}",
    ]


LEVEL_COLOURS = {Level.ERROR: "red", Level.WARNING: "yellow", Level.NOTE: "cyan"}


def counts_line(counts: dict[str, int]) -> str:
    """`2 ошибки, 1 предупреждение, 0 замечаний`."""
    return ", ".join([
        plural(counts["error"], "ошибка", "ошибки", "ошибок"),
        plural(counts["warning"], "предупреждение", "предупреждения", "предупреждений"),
        plural(counts["note"], "замечание", "замечания", "замечаний"),
    ])


def findings_text(
    file: str, findings: Sequence[Finding], style: Callable[..., str] = lambda s, **_: s
) -> list[str]:
    """The findings of one file as a readable table, grouped by sheet.

    `style` colours a piece of text (click.style, or nothing for plain output).
    """
    counts = count_levels(findings)
    lines = [style(f"{file}: {counts_line(counts)}", bold=True)]
    if not findings:
        lines.append("  Ошибок не найдено.")
        return lines
    by_sheet: dict[str, list[Finding]] = {}
    for finding in findings:
        by_sheet.setdefault(finding.sheet, []).append(finding)
    level_width = max(len(level.russian) for level in Level)
    for sheet, group in by_sheet.items():
        lines.append("")
        lines.append(style(f"  Лист «{sheet}»", bold=True))
        cell_width = max(len(f.cell or "—") for f in group)
        for f in group:
            level = style(f.level.russian.ljust(level_width), fg=LEVEL_COLOURS[f.level])
            lines.append(f"    {(f.cell or '—').ljust(cell_width)}  {level}  {f.rule}  {f.message}")
            indent = " " * (4 + cell_width + 2 + level_width + 2 + len(f.rule) + 2)
            lines.append(f"{indent}→ {f.hint}")
    return lines


def findings_json(file: str, findings: Sequence[Finding]) -> str:
    """One line of JSON in the shape of `procxl check --format json`."""
    return json.dumps(
        {
            "file": file,
            "findings": [f.as_json() for f in findings],
            "counts": count_levels(findings),
        },
        ensure_ascii=False,
    )


def unusable_json(file: str, reason: str) -> str:
    """The JSON line for a file that could not be read at all."""
    return json.dumps(
        {"file": file, "error": reason, "findings": [], "counts": count_levels([])},
        ensure_ascii=False,
    )


def update_summary(result: UpdateResult) -> list[str]:
    """What `procxl update` did, in a few lines."""
    lines = [f"Обязанности: {plural(result.duties, 'строка', 'строки', 'строк')}"]
    for title, changes in (("Компетенции", result.competencies),
                           ("Профили", result.profiles)):
        parts = [f"добавлено {changes.added}", f"обновлено {changes.refreshed}"]
        if changes.marked:
            parts.append(f"отмечено как устаревшие {changes.marked}")
        if changes.renamed:
            parts.append(f"перенесено после переименования должности {changes.renamed}")
        if changes.held:
            parts.append(f"оставлено без отметки из-за ошибок в ссылках {changes.held}")
        lines.append(f"{title}: " + ", ".join(parts))
    if result.assessment is not None:
        changes = result.assessment
        parts = [f"добавлено {changes.added}"]
        if changes.marked:
            parts.append(f"отмечено как устаревшие {changes.marked}")
        if changes.renamed:
            parts.append(f"перенесено после изменения ФИО {changes.renamed}")
        lines.append("Оценка: " + ", ".join(parts))
        lines.append(f"План развития: добавлено {changes.planned}")
    if result.held_positions:
        names = ", ".join(f"«{name}»" for name in result.held_positions)
        lines.append(
            f"Строки должностей {names} не отмечены как устаревшие: на листе «Исполнители» "
            "их процессы не видны из-за ошибок в названиях должностей или кодах процессов "
            "(они на листе «Проверка»). Исправьте ошибки и обновите книгу ещё раз.")
    if imported := result.organisation.imported_standards:
        codes = ", ".join(s.code for s in imported)
        standards = plural(len(imported), "профстандартом", "профстандартами",
                           "профстандартами")
        lines.append(f"Сопоставление с профстандартами: функции должностей сопоставлены с "
                     f"{standards} ({codes})")
    lines.append(f"Проверка: {counts_line(count_levels(result.findings))}")
    return lines


KIND_LABELS = {"duties": "Обязанности", "profile": "Профили", "vacancy": "Вакансии"}
ASSESSMENT_LABELS = {"assessment": "Анкеты оценки", "results": "Результаты оценки",
                     "plan": "Планы развития"}
"""The documents made for employees: named in the summary of a book that has them."""


def _standards_papers() -> tuple[str, ...]:
    from procxl.render.kinds import standards_papers

    return tuple(k.kind.value for k in standards_papers.KINDS)


def documents_summary(result: DocumentsResult) -> list[str]:
    """What `procxl docs` wrote and what it skipped, in a few lines."""
    made = ", ".join([f"{KIND_LABELS[kind].lower()}: {result.counts.get(kind, 0)}"
                      for kind in KIND_LABELS] +
                     [f"{label.lower()}: {result.counts[kind]}"
                      for kind, label in ASSESSMENT_LABELS.items() if result.counts.get(kind)])
    if papers := sum(result.counts.get(kind, 0) for kind in _standards_papers()):
        made += f", документы по профстандартам: {papers}"
    lines = [f"Документы в папке «{result.folder}»: {made}."]
    lines += [f"Пропущено — {position}: {reason}" for position, reason in result.skipped]
    return lines


OUTCOME_DONE, OUTCOME_ERRORS, OUTCOME_SKIPPED = "готово", "есть ошибки", "не обработана"


def book_outcome(book: BookReport) -> str:
    """«готово», «есть ошибки» (documents made where the errors allow) or «не обработана»."""
    return (OUTCOME_SKIPPED if book.error else
            OUTCOME_ERRORS if book.has_errors else OUTCOME_DONE)


def sentence(text: str) -> str:
    """`text` as one sentence: a capital first letter and a full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def build_table(summary: BuildSummary) -> list[str]:
    """The table `procxl build` ends with: a row per workbook, then the totals."""
    header = ["Книга", *KIND_LABELS.values(), "Ошибки", "Предупр.", "Время, с", "Итог"]
    rows = [header]
    for book in summary.books:
        outcome = book_outcome(book)
        rows.append([
            book.source.name,
            *(str(book.documents.get(kind, 0)) if not book.error else "—"
              for kind in KIND_LABELS),
            str(book.counts.get("error", 0)) if not book.error else "—",
            str(book.counts.get("warning", 0)) if not book.error else "—",
            f"{book.seconds:.1f}",
            outcome,
        ])
    total = summary.documents()
    rows.append(["Всего", *(str(total.get(kind, 0)) for kind in KIND_LABELS),
                 str(sum(b.counts.get("error", 0) for b in summary.books)),
                 str(sum(b.counts.get("warning", 0) for b in summary.books)),
                 f"{summary.seconds:.1f}", ""])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for number, row in enumerate(rows):
        cells = [cell.ljust(w) if i == 0 or i == len(row) - 1 else cell.rjust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if number in (0, len(rows) - 2):
            lines.append("  ".join("-" * w for w in widths))
    return lines


def build_problems(summary: BuildSummary) -> list[str]:
    """The workbooks skipped and the positions without documents, with the reasons."""
    lines = []
    for book in summary.books:
        if book.error:
            lines.append(f"{book.source}: не обработана — {book.error}")
        for position, reason in book.skipped:
            lines.append(f"{book.source.name}, {position}: {reason}")
    return lines


# The summary book of a batch (`Сводка.xlsx`) as plain data -----------------------------------

SUMMARY_NAME = "Сводка.xlsx"
"""The summary `procxl build` leaves in its output folder; never taken as an input book."""

SUMMARY_KIND_HEADERS = {"duties": "Должностные обязанности", "profile": "Профили должностей",
                        "vacancy": "Вакансии"}


@dataclass(frozen=True)
class SummaryRow:
    """One workbook of a batch as a row of the summary book.

    `documents` and `counts` are None for a workbook that was not processed (nothing to
    count, which is not the same as zero); `folder` is the book's output folder relative to
    the summary, None when there is none; `problems` is what was skipped and why, one line
    each.
    """

    number: int
    book: str
    outcome: str
    documents: tuple[int, ...] | None
    counts: tuple[int, int, int] | None
    problems: tuple[str, ...]
    folder: str | None


@dataclass(frozen=True)
class SummaryData:
    """Everything `Сводка.xlsx` shows: a row per workbook, the totals and the skipped documents
    (book, position, reason) in full."""

    rows: tuple[SummaryRow, ...]
    documents: tuple[int, ...]
    counts: tuple[int, int, int]
    skipped: tuple[tuple[str, str, str], ...]
    kinds: tuple[str, ...] = tuple(SUMMARY_KIND_HEADERS.values())

    @property
    def processed(self) -> int:
        return sum(1 for row in self.rows if row.outcome != OUTCOME_SKIPPED)


def summary_data(summary: BuildSummary, out: Path) -> SummaryData:
    """The batch `summary` as the rows of the summary book written into `out`."""
    rows = tuple(_summary_row(number, book, out)
                 for number, book in enumerate(summary.books, start=1))
    total = summary.documents()
    return SummaryData(
        rows=rows,
        documents=tuple(total.get(kind, 0) for kind in SUMMARY_KIND_HEADERS),
        counts=_levels(summary.books),
        skipped=tuple((book.source.name, position, sentence(reason))
                      for book in summary.books for position, reason in book.skipped),
    )


def _summary_row(number: int, book: BookReport, out: Path) -> SummaryRow:
    if book.error is not None:
        return SummaryRow(number, book.source.name, OUTCOME_SKIPPED, None, None,
                          (sentence(book.error),), None)
    problems = tuple(f"{position}: {reason}" for position, reason in book.skipped)
    folder = _relative(book.folder, out) if book.folder is not None else None
    return SummaryRow(number, book.source.name, book_outcome(book),
                      tuple(book.documents.get(kind, 0) for kind in SUMMARY_KIND_HEADERS),
                      _levels([book]), problems, folder)


def _levels(books: Sequence[BookReport]) -> tuple[int, int, int]:
    counts = [sum(book.counts.get(level.value, 0) for book in books) for level in Level]
    return counts[0], counts[1], counts[2]


def _relative(folder: Path, out: Path) -> str:
    """`folder` as a path relative to `out`, with forward slashes (as a link is written)."""
    try:
        return folder.resolve().relative_to(out.resolve()).as_posix()
    except ValueError:  # not under `out`: cannot happen in a batch, but a link still works
        return folder.resolve().as_uri()
