"""`procxl help`: the user guide, shipped with the package and opened without a network."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from procxl import guide
from procxl.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = ROOT / "docs" / "build_html.py"


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def opened(monkeypatch) -> list[Path]:
    """The pages `procxl help` asked the default program to open (none is started)."""
    pages: list[Path] = []

    def open_in_browser(page: Path) -> bool:
        pages.append(page)
        return True

    monkeypatch.setattr(guide, "open_in_browser", open_in_browser)
    return pages


def test_help_lists_the_topics_and_opens_the_guide(runner: CliRunner,
                                                    opened: list[Path]) -> None:
    result = invoke(runner, "help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Разделы справки:\n")
    for topic in ("guide", "excel", "documents", "update", "rules", "workbook"):
        assert f"  {topic} " in result.output
    assert "Кнопки в Excel: procxl.xlsm" in result.output
    (page,) = opened
    assert page == guide.html_page(guide.GUIDE) and page.is_file()
    assert f"«Руководство пользователя procxl» открывается в браузере: {page}" in result.output
    html = page.read_text(encoding="utf-8")
    assert '<html lang="ru">' in html and "<h1" in html and "procxl help" in html
    for topic in guide.TOPICS:  # every page reaches every other from its menu
        assert f'href="{topic.name}.html"' in html


def test_help_topic_opens_that_page(runner: CliRunner, opened: list[Path]) -> None:
    result = invoke(runner, "help", "excel")
    assert result.exit_code == 0, result.output
    assert "Разделы справки" not in result.output
    (page,) = opened
    assert page.name == "excel.html"
    assert "«Кнопки в Excel: procxl.xlsm» открывается в браузере" in result.output


def test_help_without_a_browser_gives_the_path(runner: CliRunner, monkeypatch) -> None:
    monkeypatch.setattr(guide, "open_in_browser", lambda page: False)
    result = invoke(runner, "help", "rules")
    assert result.exit_code == 0
    page = guide.html_page(guide.topic("rules"))
    assert result.output == (
        f"Браузер открыть не удалось. Откройте этот файл двойным щелчком: {page}\n")


def test_help_text_prints_the_topic(runner: CliRunner, opened: list[Path]) -> None:
    # «update» is a command too: the topic comes first, and its page is about the command
    result = invoke(runner, "help", "update", "--text")
    assert result.exit_code == 0
    assert result.output.startswith("# Обновление таблиц: `procxl update`\n")
    assert not opened


def test_help_of_an_unknown_topic_names_the_topics(runner: CliRunner,
                                                   opened: list[Path]) -> None:
    result = invoke(runner, "help", "кнопки")
    assert result.exit_code == 2
    assert result.output == ("Ошибка: Нет раздела справки «кнопки»: есть guide, excel, "
                             "workbook, update, documents, standards, rules.\n")
    assert not opened


def test_help_of_a_command_shows_its_parameters(runner: CliRunner,
                                                opened: list[Path]) -> None:
    result = runner.invoke(cli, ["help", "check"], prog_name="procxl", catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.startswith("Использование: procxl check [ПАРАМЕТРЫ] ФАЙЛ...")
    assert "--format" in result.output and not opened


def test_every_topic_has_its_markdown_and_its_page() -> None:
    for topic in guide.TOPICS:
        assert guide.markdown_text(topic).startswith(f"# {guide.title(topic).split(':')[0]}")
        assert guide.html_page(topic).is_file()
    assert {t.markdown_file for t in guide.TOPICS} == {p.name for p in (ROOT / "docs").glob("*.md")}


def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_html", BUILD_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_pages_are_built_from_the_current_markdown() -> None:
    pytest.importorskip("markdown_it", reason="markdown-it-py builds the pages")
    for name, text in build_script().pages().items():
        committed = (ROOT / "docs" / "html" / f"{name}.html").read_text(encoding="utf-8")
        assert committed == text, "docs/html is stale: run python docs/build_html.py"


def test_links_between_pages_lead_to_pages_and_headings() -> None:
    pytest.importorskip("markdown_it", reason="markdown-it-py builds the pages")
    build = build_script()
    assert build.github_slug("Лист «Положения»") == "лист-положения"
    assert build.github_slug("1. Общие положения") == "1-общие-положения"
    html = build.pages()["documents"]
    assert 'href="excel.html"' in html and ".md\"" not in html
    with pytest.raises(AssertionError):
        build._check_link("guide", "nowhere.md", {"guide": set()})


def test_pictures_are_shown_from_the_pages_with_alt_text() -> None:
    pytest.importorskip("markdown_it", reason="markdown-it-py builds the pages")
    html = build_script().pages()["guide"]
    pictures = re.findall(r'<img src="\.\./(img/[\w.-]+\.png)" alt="([^"]+)"', html)
    assert len(pictures) >= 5 and len(pictures) == html.count("<img ")
    for src, alt in pictures:
        assert (ROOT / "docs" / src).is_file(), src
        assert re.search("[а-яё]", alt), f"{src}: the alt text says nothing to a reader"
        assert (ROOT / "docs" / src).stat().st_size <= 150 * 1024, f"{src} is too large"


def test_a_missing_picture_stops_the_build() -> None:
    pytest.importorskip("markdown_it", reason="markdown-it-py builds the pages")
    build = build_script()
    with pytest.raises(AssertionError, match="no picture"):
        build._render("guide", "![Лист](img/nowhere.png)")
    with pytest.raises(AssertionError, match="no alt text"):
        build._render("guide", "![](img/sheet-findings.png)")
