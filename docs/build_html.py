"""Build docs/html/*.html, the pages `procxl help` opens, from the Markdown beside this file.

    python docs/build_html.py

It needs the test tools (`pip install -e ".[test]"`: markdown-it-py, which reads Markdown as
GitHub does). Each page is one topic of procxl.guide, self-contained (its style inline) with a
menu of all topics, so that it opens from the installed package in any browser, offline.
Links between the Markdown files become links between the pages, and a picture of `img/`
(made by docs/screenshots.py) is shown from `../img/`; the build stops with an AssertionError
on a link that would lead nowhere or a picture that is missing or has no alt text. A test
fails when the pages are stale.
"""

from __future__ import annotations

import html
import re
import sys
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "html"

STYLE = """\
body { margin: 0; font-family: "Segoe UI", Calibri, Arial, sans-serif; font-size: 16px;
       line-height: 1.5; color: #1f2328; background: #fff; }
nav { background: #f3f4f6; border-bottom: 1px solid #d0d7de; padding: 0.6em 1.5em; }
nav a { margin-right: 1.2em; color: #0b57d0; text-decoration: none; white-space: nowrap; }
nav a.here { color: #1f2328; font-weight: bold; }
main { max-width: 62em; margin: 0 auto; padding: 1em 1.5em 3em; }
h1, h2, h3 { line-height: 1.25; margin-top: 1.5em; }
h1 { font-size: 1.9em; margin-top: 0.6em; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; }
table { border-collapse: collapse; margin: 1em 0; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: 0.35em 0.7em; vertical-align: top;
         text-align: left; }
th { background: #f6f8fa; }
code { font-family: Consolas, "Courier New", monospace; font-size: 0.92em;
       background: #f3f4f6; padding: 0.1em 0.3em; border-radius: 3px; }
pre { background: #f6f8fa; padding: 0.8em 1em; overflow-x: auto; border-radius: 4px; }
pre code { background: none; padding: 0; }
img { max-width: 100%; height: auto; border: 1px solid #d0d7de; }
@media print { nav { display: none; } }
"""

PAGE = """\
<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — procxl</title>
<style>
{style}</style>
</head>
<body>
<nav>{menu}</nav>
<main>
{body}</main>
</body>
</html>
"""


def main(argv: list[str]) -> int:
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    for name, text in pages().items():
        (OUT / f"{name}.html").write_text(text, encoding="utf-8", newline="\n")
        print(f"Written {OUT / name}.html")
    return 0


def pages() -> dict[str, str]:
    """Each topic's name and its page, checked: every link leads to a page and an anchor."""
    from procxl.guide import TOPICS, title

    built = {t.name: _render(t.name, (HERE / t.markdown_file).read_text(encoding="utf-8"))
             for t in TOPICS}
    anchors = {name: ids for name, (_, ids, _) in built.items()}
    result = {}
    for topic in TOPICS:
        body, _, links = built[topic.name]
        for href in links:
            _check_link(topic.name, href, anchors)
        menu = " ".join(_menu_item(t.name, t.label, t is topic) for t in TOPICS)
        result[topic.name] = PAGE.format(title=html.escape(title(topic)), style=STYLE,
                                         menu=menu, body=body)
    return result


def _menu_item(name: str, label: str, here: bool) -> str:
    mark = ' class="here"' if here else ""
    return f'<a href="{name}.html"{mark}>{html.escape(label)}</a>'


def _render(name: str, markdown: str) -> tuple[str, set[str], list[str]]:
    """The page body, the ids of its headings and the links in it (as on the page)."""
    from markdown_it import MarkdownIt

    from procxl.guide import TOPICS

    parser = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    tokens = parser.parse(markdown)
    ids: set[str] = set()
    links: list[str] = []
    topics = {t.name for t in TOPICS}
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            token.attrSet("id", _unique(github_slug(tokens[index + 1].content), ids))
        for child in token.children or ():
            if child.type == "link_open":
                href = str(child.attrGet("href"))
                page = re.fullmatch(r"(\w+)\.md(#.*)?", href)
                if page and page.group(1) in topics:
                    href = f"{page.group(1)}.html{page.group(2) or ''}"
                    child.attrSet("href", href)
                links.append(href)
            if child.type == "image":
                child.attrSet("src", _picture(name, child))
    return parser.renderer.render(tokens, parser.options, {}), ids, links


def _picture(page: str, image) -> str:
    """The address of a picture of `page` as seen from docs/html/, checked to exist."""
    src = str(image.attrGet("src"))
    assert src.startswith("img/") and (HERE / src).is_file(), f"{page}: no picture {src}"
    assert image.content.strip(), f"{page}: the picture {src} has no alt text"
    return f"../{src}"


def github_slug(text: str) -> str:
    """A heading's anchor as GitHub makes it, so that links written for GitHub work here."""
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 0
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate


def _check_link(page: str, href: str, anchors: dict[str, set[str]]) -> None:
    if href.startswith(("https://", "http://", "mailto:")):
        return
    target, _, anchor = href.partition("#")
    anchor = urllib.parse.unquote(anchor)  # markdown-it writes a Cyrillic anchor %-encoded
    target_page = page if not target else target.removesuffix(".html")
    assert target.endswith(".html") or not target, f"{page}: a link to {href} leads nowhere"
    assert target_page in anchors, f"{page}: a link to {href} leads nowhere"
    assert not anchor or anchor in anchors[target_page], f"{page}: no heading for {href}"


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main(sys.argv[1:]))
