"""The wheel a user installs carries the workbooks, the user guide and the command."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from procxl import guide
from procxl.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOC_MENTION = re.compile(r"docs/([\w./-]+\.(?:md|html))")
HELP_MENTION = re.compile(r"procxl help ([a-z]+)")
PICTURE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
DOCS_GENERATORS = ("procxl/schema_doc.py", "procxl/checks/catalogue.py")
"""They write docs/ in a source tree; every other module speaks to users of the package."""


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(folder), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = folder.glob("procxl-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "procxl = procxl.cli:main" in z.read(entry_points).decode()
    return names


def test_wheel_carries_the_workbooks_and_the_entry_point(wheel_names: set[str]) -> None:
    for workbook in (ROOT / "workbook_templates").glob("*.xls*"):
        assert f"procxl/workbook_templates/{workbook.name}" in wheel_names
    assert "procxl/schema.py" in wheel_names and "procxl/workbook/reader.py" in wheel_names
    assert not any(n.startswith(("tests/", "bench/")) for n in wheel_names)


def test_wheel_carries_the_examples_standards_and_no_other(wheel_names: set[str]) -> None:
    from procxl.example import STANDARD_FILES

    shipped = {n for n in wheel_names if n.endswith(".xml") and "profstandards" in n}
    assert shipped == {f"procxl/data/profstandards/{name}" for name in STANDARD_FILES}


def test_wheel_carries_every_topic_of_the_guide(wheel_names: set[str]) -> None:
    for topic in guide.TOPICS:
        assert f"procxl/docs/{topic.markdown_file}" in wheel_names
        assert f"procxl/docs/{topic.html_file}" in wheel_names


def test_wheel_carries_every_picture_of_the_guide(wheel_names: set[str]) -> None:
    shown = 0
    for page in sorted((ROOT / "docs").glob("*.md")):
        for src in PICTURE.findall(page.read_text(encoding="utf-8")):
            shown += 1
            assert f"procxl/docs/{src}" in wheel_names, f"{page.name} shows {src}"
    assert shown, "the guide shows no picture"


def user_facing_texts() -> list[tuple[str, str]]:
    """(where, text) for every string of procxl's code and every cell of the shipped books."""
    texts = []
    for path in sorted((ROOT / "procxl").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        texts += [(path.relative_to(ROOT).as_posix(), node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    for book in sorted((ROOT / "workbook_templates").glob("*.xls*")):
        for ws in openpyxl.load_workbook(book, read_only=True).worksheets:
            texts += [(f"{book.name}, {ws.title}", value)
                      for row in ws.iter_rows(values_only=True)
                      for value in row if isinstance(value, str)]
    for page in sorted((ROOT / "docs").glob("*.md")):
        texts.append((page.relative_to(ROOT).as_posix(), page.read_text(encoding="utf-8")))
    return texts


def test_every_guide_a_text_points_to_is_in_the_wheel(wheel_names: set[str]) -> None:
    texts = user_facing_texts()
    known = {t.name for t in guide.TOPICS} | set(cli.commands)
    helps = 0
    for where, text in texts:
        for name in DOC_MENTION.findall(text):
            assert f"procxl/docs/{name}" in wheel_names, f"{where} points to docs/{name}"
        for name in HELP_MENTION.findall(text):
            helps += 1
            assert name in known, f"{where}: «procxl help {name}» is no topic"
    assert helps, "no text points to the guide"


def test_no_message_sends_a_user_to_the_source_tree() -> None:
    # someone with the installed package has no docs/ folder: messages name procxl help
    for where, text in user_facing_texts():
        if where.startswith("procxl/") and where not in DOCS_GENERATORS:
            assert not DOC_MENTION.search(text), f"{where}: {text!r}"
