"""The user guide procxl ships: its topics, each a Markdown file and an HTML page to open.

The Markdown in `docs/` is the source; `docs/build_html.py` turns it into the pages of
`docs/html/`, and both travel in the wheel as `procxl/docs/`, so that `procxl help` works
for someone who has nothing but the installed package.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from procxl.errors import ProcxlError
from procxl.resources import bundled_doc

HTML_FOLDER = "html"


@dataclass(frozen=True, slots=True)
class Topic:
    name: str  # what `procxl help` takes, and the stem of docs/<name>.md
    label: str  # a short Russian name, for the pages' menu

    @property
    def markdown_file(self) -> str:
        return f"{self.name}.md"

    @property
    def html_file(self) -> str:
        return f"{HTML_FOLDER}/{self.name}.html"


TOPICS = (
    Topic("guide", "Руководство"),
    Topic("excel", "Кнопки в Excel"),
    Topic("workbook", "Листы и колонки"),
    Topic("update", "Обновление таблиц"),
    Topic("documents", "Документы"),
    Topic("standards", "Профстандарты"),
    Topic("rules", "Правила проверки"),
)
GUIDE = TOPICS[0]


def topic(name: str) -> Topic:
    """The topic called `name`; a ProcxlError naming the topics there are, for any other."""
    for candidate in TOPICS:
        if candidate.name == name.strip().lower():
            return candidate
    known = ", ".join(t.name for t in TOPICS)
    raise ProcxlError(f"Нет раздела справки «{name}»: есть {known}.")


def markdown_text(topic: Topic) -> str:
    """The topic's Markdown source, as shipped."""
    return bundled_doc(topic.markdown_file).read_text(encoding="utf-8")


def title(topic: Topic) -> str:
    """The first heading of the topic's page, as a reader sees it (without Markdown marks)."""
    first = markdown_text(topic).split("\n", 1)[0]
    return first.removeprefix("# ").replace("`", "").strip()


def html_page(topic: Topic) -> Path:
    """The shipped HTML page of the topic: a file any browser opens without a network."""
    return bundled_doc(topic.html_file)


def open_in_browser(page: Path) -> bool:
    """Open `page` with the computer's default program for it; False when none opened it.

    The opener's own messages (xdg-open lists every browser it did not find) are not shown:
    the caller tells the user where the page is instead.
    """
    try:
        if sys.platform == "win32":
            os.startfile(page)  # type: ignore[attr-defined]  # Windows only
            return True
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        done = subprocess.run([opener, str(page)], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0
