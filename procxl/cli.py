"""The `procxl` command: each subcommand parses its input, calls one library function and
prints the result. Errors reach the user as one Russian sentence and an exit code."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from procxl import __version__, actions, cli_locale, guide
from procxl.checks.findings import Level
from procxl.errors import ProcxlError, UnusableInput, write_crash_log
from procxl.render.kind import Kind
from procxl.report import (
    build_problems,
    build_table,
    documents_summary,
    findings_json,
    findings_text,
    organisation_summary,
    unusable_json,
    update_summary,
)

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130
"""Ctrl+C: the shell's code for a run ended by SIGINT (1 would say the data has errors)."""


OPTIONS_METAVAR = "[ПАРАМЕТРЫ]"


class ProcxlCommand(click.Command):
    """A command whose usage line is Russian too: `procxl check [ПАРАМЕТРЫ] FILES...`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)


class ProcxlGroup(click.Group):
    """A click group that turns every failure into a sentence and an exit code."""

    command_class = ProcxlCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", "КОМАНДА [АРГУМЕНТЫ]...")
        super().__init__(*args, **kwargs)

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> int:
        cli_locale.install()
        code = run_safely(
            lambda: super(ProcxlGroup, self).main(
                args, prog_name or "procxl", complete_var, standalone_mode=False, **extra
            )
        )
        if standalone_mode:
            sys.exit(code)
        return code


def run_safely(call: Callable[[], object]) -> int:
    """Run a command and return its exit code; no traceback ever reaches the user."""
    try:
        result = call()
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        click.echo("Прервано.", err=True)
        return EXIT_INTERRUPTED
    except ProcxlError as exc:
        click.echo(f"Ошибка: {exc}", err=True)
        return exc.exit_code
    except Exception:
        log = write_crash_log("командная строка: " + " ".join(sys.argv[1:]))
        click.echo(
            "Внутренняя ошибка procxl: это не ваша ошибка, а программы. "
            f"Подробности записаны в «{log}» — пришлите этот файл разработчикам.",
            err=True,
        )
        return EXIT_INTERNAL
    return result if isinstance(result, int) else EXIT_OK


# click names its own path types («directory») when a command is declared, so the Russian
# goes in before any of them is
cli_locale.install()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=ProcxlGroup, context_settings=CONTEXT)
@click.version_option(
    __version__, "-V", "--version", prog_name="procxl",
    message="%(prog)s, версия %(version)s", help="Показать версию и выйти.",
)
def cli() -> None:
    """procxl — процессная модель компании в Excel: проверка, таблицы обязанностей и
    компетенций, должностные документы.

    Начните с примера: procxl demo. Пустая книга для своей компании: procxl new ФАЙЛ.
    Руководство пользователя, без интернета: procxl help.

    Коды выхода: 0 — готово, ошибок в данных нет; 1 — в данных есть ошибки;
    2 — файл нельзя использовать (нет файла, не книга Excel, защищён паролем, повреждён)
    или результат нельзя записать (книга открыта в другой программе, нет места на диске);
    3 — внутренняя ошибка программы; 130 — прервано клавишами Ctrl+C.
    """


@cli.command()
@click.argument("file", metavar="ФАЙЛ", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Заменить файл, если он уже есть.")
def new(file: Path, force: bool) -> None:
    """Создать пустую книгу по стандарту procxl: все листы, подсказки и выпадающие списки.

    ФАЙЛ с расширением .xlsm — книга с листом «Главная» и кнопками «Проверить», «Обновить
    таблицы» и «Сформировать документы» для Excel; .xlsx (или без расширения) — без кнопок,
    для работы командами.

    Пример: procxl new "Моя компания.xlsm"
    """
    path = actions.new_workbook(file, force=force)
    click.echo(f"Создана книга «{path}». Откройте её в Excel и начните с листа «Инструкция».")
    if actions.is_macro_book(path):
        click.echo("Чтобы кнопки работали, разрешите в книге макросы и поставьте надстройку "
                   "xlwings: как это сделать, покажет команда procxl help excel.")


@cli.command()
@click.argument(
    "folder", metavar="[ПАПКА]", required=False, default=actions.DEFAULT_DEMO_DIR,
    type=click.Path(file_okay=False, path_type=Path),
)
def demo(folder: Path) -> None:
    """Показать procxl в работе на примере сети автосервисов.

    Записывает пример в ПАПКУ (по умолчанию procxl-demo) и строит из него всё, что
    умеет procxl. Файлы в этой папке заменяются при каждом запуске.

    Пример: procxl demo
    """
    result = actions.run_demo(folder)
    click.echo(f"Пример записан: {result.workbook}")
    for line in organisation_summary(result.organisation):
        click.echo(f"  {line}")
    click.echo("Таблицы обновлены:")
    for line in update_summary(result.update):
        click.echo(f"  {line}")
    for line in documents_summary(result.documents):
        click.echo(line)
    click.echo(f"Книга с кнопками для Excel: {result.macro_book} (как включить кнопки, "
               "покажет команда procxl help excel).")


@cli.command(name="check")
@click.argument("files", metavar="ФАЙЛ...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text",
    show_default=True,
    help="text — таблица для чтения; json — по одному объекту JSON на книгу.",
)
def check_command(files: tuple[Path, ...], output_format: str) -> int:
    """Проверить книги: каждая найденная ошибка — с листом, ячейкой и советом, как исправить.

    ФАЙЛ… — книги .xlsx/.xlsm или папки с ними. Книга не изменяется.

    Пример: procxl check "Сеть СТО.xlsx"
    """
    as_json = output_format == "json"
    code = EXIT_OK
    unusable = total = 0
    paths: list[Path] = []
    for given in files:
        try:
            paths += actions.workbook_paths([given])
        except UnusableInput as exc:  # a folder without a workbook in it
            unusable += 1
            code = EXIT_UNUSABLE
            click.echo(unusable_json(str(given), str(exc)) if as_json else f"Ошибка: {exc}",
                       err=not as_json)
    for result in actions.check_files(paths):
        total += 1
        name = str(result.path)
        if result.error is not None:
            unusable += 1
            code = EXIT_UNUSABLE
            if as_json:
                click.echo(unusable_json(name, result.error))
            else:
                click.echo(f"Ошибка: {result.error}", err=True)
            continue
        if result.has_errors and code == EXIT_OK:
            code = EXIT_FINDINGS
        if as_json:
            click.echo(findings_json(name, result.findings))
        else:
            click.echo("\n".join(findings_text(name, result.findings, click.style)))
            click.echo()
    if unusable and not as_json and total > 1:
        click.echo(f"Не удалось прочитать книг: {unusable} из {total}.", err=True)
    return code


@cli.command()
@click.argument("file", metavar="ФАЙЛ", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Обновить, даже если рядом лежит файл блокировки Excel или LibreOffice "
                   "(когда книга на самом деле закрыта, а файл остался после сбоя).")
def update(file: Path, force: bool) -> int:
    """Обновить таблицы книги: обязанности, матрицу ответственности, карту процессов,
    компетенции, профили и лист «Проверка».

    Всё, что вписано вами, сохраняется: procxl меняет только свои колонки и свои листы,
    строки не удаляет, а отмечает. Книга сохраняется целиком или не меняется вовсе.
    Закройте книгу в Excel перед запуском.

    Пример: procxl update "Сеть СТО.xlsx"
    """
    result = actions.update_file(file, force=force)
    click.echo(f"Книга обновлена: {result.path}")
    for line in update_summary(result):
        click.echo(f"  {line}")
    if result.has_errors:
        click.echo("В данных есть ошибки: они перечислены на листе «Проверка».")
        return EXIT_FINDINGS
    return EXIT_OK


@cli.group(cls=ProcxlGroup)
def standards() -> None:
    """Профессиональные стандарты: загрузить XML Минтруда в книгу.

    После загрузки procxl update сопоставит функции каждой должности с трудовыми
    функциями профстандартов (лист «Сопоставление с профстандартами»).

    Пример: procxl standards import "Сеть СТО.xlsx" ПС_06.026.xml
    """


@standards.command(name="import")
@click.argument("file", metavar="КНИГА", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("xml_files", metavar="ФАЙЛ.xml...", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Записать, даже если рядом лежит файл блокировки Excel или LibreOffice.")
def standards_import(file: Path, xml_files: tuple[Path, ...], force: bool) -> None:
    """Загрузить профстандарты из XML реестра Минтруда на лист «Профстандарты».

    Стандарт, который уже есть на листе, заменяется новым; остальные остаются.
    XML стандарта скачивается на profstandart.rosmintrud.ru («Скачать XML»).

    Пример: procxl standards import "Сеть СТО.xlsx" ПС_06.026.xml
    """
    result = actions.import_standards(file, xml_files, force=force)
    for standard in result.imported:
        click.echo(f"  {standard.code} «{standard.name}»: ОТФ {len(standard.generalised)}, "
                   f"ТФ {len(standard.work_functions)}")
    click.echo(f"Профстандарты записаны в книгу: {result.path} (на листе теперь "
               f"{len(result.on_sheet)}).")


KIND_CHOICE = click.Choice([kind.value for kind in Kind])
KIND_HELP = ("Какие документы: duties — должностные обязанности, profile — профиль "
             "должности, vacancy — вакансия, assessment — анкета оценки, results — "
             "результаты оценки, plan — индивидуальный план развития; для внедрения "
             "профстандартов: group-order — приказ о рабочей группе, group-regulation — "
             "положение о ней, standards-plan — план мероприятий, mandatory-positions — "
             "перечень должностей с обязательными профстандартами. Можно указать несколько "
             "раз; по умолчанию все.")
TEMPLATES_HELP = ("Папка с шаблонами Word, изменёнными под вашу компанию (см. procxl "
                  "templates). Шаблоны, которых в ней нет, берутся стандартные.")


def _kinds(values: tuple[str, ...]) -> tuple[Kind, ...]:
    return tuple(Kind(v) for v in values) or tuple(Kind)


class _Progress:
    """A progress bar whose length becomes known once the work is planned."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def start(self, length: int) -> None:
        if length and sys.stderr.isatty():  # a log file gets the summary, not a bar
            self.bar = click.progressbar(length=length, label=self.label, file=sys.stderr)
            self.bar.__enter__()

    def advance(self, steps: int) -> None:
        if self.bar is not None:
            self.bar.update(steps)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@cli.command()
@click.argument("file", metavar="ФАЙЛ", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "folder", type=click.Path(file_okay=False, path_type=Path),
              metavar="ПАПКА",
              help="Папка для документов. По умолчанию — «<имя книги> — документы» рядом "
                   "с книгой.")
@click.option("--position", "positions", multiple=True, metavar="ДОЛЖНОСТЬ",
              help="Только для этой должности (как на листе «Должности»). Можно указать "
                   "несколько раз.")
@click.option("--kind", "kinds", multiple=True, type=KIND_CHOICE, help=KIND_HELP)
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path),
              metavar="ПАПКА", help=TEMPLATES_HELP)
def docs(file: Path, folder: Path | None, positions: tuple[str, ...],
         kinds: tuple[str, ...], templates: Path | None) -> int:
    """Сформировать документы Word и тексты вакансий по книге.

    Для каждой должности — «Должностные обязанности» (на подпись, с листом ознакомления)
    и «Профиль должности»; для должностей с листа «Вакансии» — вакансия в .docx, .txt,
    .html и .json для hh.ru. Документы раскладываются по папкам подразделений. Должности,
    у которых в данных есть ошибки, пропускаются с объяснением. Книга не изменяется.

    Пример: procxl docs "Сеть СТО.xlsx" -o Документы --kind duties
    """
    progress = _Progress("Документы")
    try:
        result, findings = actions.documents_from_file(
            file, folder, templates=templates, kinds=_kinds(kinds), positions=positions,
            planned=progress.start, progress=progress.advance)
    finally:
        progress.finish()
    for line in documents_summary(result):
        click.echo(line)
    if any(f.level is Level.ERROR for f in findings):
        click.echo("В данных есть ошибки: посмотрите их командой procxl check.")
        return EXIT_FINDINGS
    return EXIT_OK


@cli.command()
@click.argument("paths", metavar="ПУТЬ...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", required=True,
              type=click.Path(file_okay=False, path_type=Path), metavar="ПАПКА",
              help="Папка результатов: в ней по папке на каждую книгу.")
@click.option("--kind", "kinds", multiple=True, type=KIND_CHOICE, help=KIND_HELP)
@click.option("--templates", type=click.Path(file_okay=False, path_type=Path),
              metavar="ПАПКА", help=TEMPLATES_HELP)
def build(paths: tuple[Path, ...], out: Path, kinds: tuple[str, ...],
          templates: Path | None) -> int:
    """Обработать много книг сразу: проверка, обновлённая копия книги и все документы.

    ПУТЬ… — книги .xlsx/.xlsm или папки с ними. Для каждой книги в папке -o создаётся
    папка с её обновлённой копией и документами. Исходные книги не изменяются. Книга,
    которую нельзя прочитать, пропускается, остальные обрабатываются; в конце — сводная
    таблица на экране и она же в файле «Сводка.xlsx» в папке -o, со ссылками на папки книг.

    Пример: procxl build Клиенты -o Результаты
    """
    books = _Progress("Книги")
    documents = _Progress("Документы")
    sources = actions.workbook_paths(paths)
    books.start(len(sources))
    try:
        summary = actions.build(
            paths, out, templates=templates, kinds=_kinds(kinds),
            on_book=lambda _report: books.advance(1),
            documents_expected=lambda n: (books.finish(), documents.start(n)),
            on_documents=documents.advance)
    finally:
        books.finish()
        documents.finish()
    for line in build_problems(summary):
        click.echo(line)
    click.echo()
    for line in build_table(summary):
        click.echo(line)
    click.echo(f"Результаты: {out}")
    if summary.summary_file is not None:
        click.echo(f"Сводка по книгам для Excel: {summary.summary_file}")
    else:
        click.echo(f"Ошибка: {summary.summary_error}", err=True)
    if summary.unusable or summary.summary_error:
        return EXIT_UNUSABLE
    return EXIT_FINDINGS if any(b.has_errors for b in summary.books) else EXIT_OK


@cli.command()
@click.argument("folder", metavar="ПАПКА", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Заменить шаблоны, если они уже есть в папке.")
def templates(folder: Path, force: bool) -> None:
    """Скопировать шаблоны документов Word в папку, чтобы изменить их под свою компанию.

    Откройте шаблоны в Word и меняйте что угодно: шрифты, бланк, логотип, формулировки.
    Поля в фигурных скобках, например {{ position }}, procxl заменит данными; их можно
    переносить, но не переименовывать. Затем укажите папку: procxl docs КНИГА --templates
    ПАПКА.

    Пример: procxl templates "Шаблоны компании"
    """
    for path in actions.export_templates(folder, force=force):
        click.echo(f"Шаблон: {path}")


@cli.command(name="help")
@click.argument("name", metavar="[ТЕМА]", required=False)
@click.option("--text", is_flag=True,
              help="Вывести раздел в окно командной строки, а не открывать в браузере.")
@click.pass_context
def help_command(ctx: click.Context, name: str | None, text: bool) -> None:
    """Открыть руководство пользователя: оно входит в procxl и открывается без интернета.

    Без ТЕМЫ — список разделов и руководство, с ТЕМОЙ — этот раздел: guide, excel,
    workbook, update, documents или rules. Страница открывается в браузере, а её путь
    выводится, чтобы открыть её и вручную. Имя команды вместо ТЕМЫ (например, check)
    покажет её параметры.

    Пример: procxl help excel
    """
    group = ctx.parent.command if ctx.parent else None
    is_topic = name is None or name.strip().lower() in {t.name for t in guide.TOPICS}
    command = None if is_topic or not isinstance(group, click.Group) else (
        group.get_command(ctx, name))
    if command is not None and command is not ctx.command:
        click.echo(command.get_help(click.Context(command, info_name=name, parent=ctx.parent)))
        return
    chosen = guide.topic(name) if name else guide.GUIDE
    if text:
        click.echo(guide.markdown_text(chosen))
        return
    if name is None:
        click.echo("Разделы справки:")
        for topic in guide.TOPICS:
            click.echo(f"  {topic.name:<10} {guide.title(topic)}")
        click.echo("Раздел открывает команда procxl help ТЕМА, например procxl help excel.")
        click.echo()
    page = guide.html_page(chosen)
    if guide.open_in_browser(page):
        click.echo(f"«{guide.title(chosen)}» открывается в браузере: {page}")
    else:
        click.echo(f"Браузер открыть не удалось. Откройте этот файл двойным щелчком: {page}")


def main() -> None:
    """The console entry point.

    The cyclic garbage collector is off for the whole command: a command is one short
    process, and its large books are hundreds of thousands of acyclic objects that each
    collection would walk again (1.5 s after updating the 800-position book). The library
    pauses it only around its heavy stages, since the Excel add-in's process may live on.

    What is left when the command ends is frozen: the interpreter's last collection, run
    as it exits, would otherwise walk it all (30-50 ms after checking the large book)
    only to free memory the process gives back anyway."""
    gc.disable()
    try:
        cli.main()
    finally:
        gc.freeze()
