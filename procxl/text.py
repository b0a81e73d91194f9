"""Text rules of the standard: name matching, list cells, process codes, mixed scripts."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
# what XML 1.0 cannot hold and str.split() does not take for white space (\x09-\x0d and
# \x1c-\x1f it does)
_NOT_IN_XML = re.compile("[\x00-\x08\x0e-\x1b\ufffe\uffff]")
_ITEM_SEPARATORS = re.compile(r"[\n\r;\u2028\u2029]+")
_BULLET = re.compile(r"^(?:[•·▪●◦‣∙*]+\s*|[-–—]+\s+|\d{1,3}[.)]\s+)")
_BULLET_STARTS = frozenset("•·▪●◦‣∙*-–—")
_CODE = re.compile(r"^[1-9]\d*(?:\.[1-9]\d*)*$")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


MAX_CELL_TEXT = 32_767
"""The most characters (UTF-16 code units) Excel takes in a cell: a longer text in a book
is damage to Excel, which offers to repair the book and cuts the text itself."""
CELL_CUT = " … (сокращено: в ячейку Excel помещается не больше 32\u00a0767 знаков)"


def fitted(value: str) -> str:
    """`value`, or as much of it as an Excel cell takes with CELL_CUT after it. procxl's own
    cells can outgrow one (the functions of a pair listed twice are joined); the documents
    are made from the model, not from the cells, and keep all of it."""
    if len(value) * 2 <= MAX_CELL_TEXT or len(value.encode("utf-16-le")) <= 2 * MAX_CELL_TEXT:
        return value
    room = 2 * (MAX_CELL_TEXT - len(CELL_CUT))
    return value.encode("utf-16-le")[:room].decode("utf-16-le", errors="ignore").rstrip() + CELL_CUT


def thousands(value: int) -> str:
    """A number with non-breaking spaces between thousands, as Russian text writes it:
    110\u00a0000."""
    return f"{value:,}".replace(",", "\u00a0")


@functools.lru_cache(maxsize=1 << 17)
def clean(text: str) -> str:
    """Trim and collapse every run of white space (non-breaking ones included) to one space.

    A control character that XML cannot hold counts as white space: Excel keeps one pasted
    into a cell (Word's end-of-cell mark, a bell) as `_x0007_`, it shows nothing, and a
    sheet or document part holding it does not open.

    Cached: codes, names and list items are cleaned again by every rule and pivot that
    matches them, and a large book repeats each in thousands of rows.
    """
    if not text.isprintable() and _NOT_IN_XML.search(text):  # the test in C first: rare
        text = _NOT_IN_XML.sub(" ", text)
    if "\u200b" in text or "\ufeff" in text:  # zero-width: not white space to str.split
        return _SPACES.sub(" ", text).strip()
    return " ".join(text.split())  # the fast path: split() knows every other Unicode space


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """The matching key of a name: cleaned, case-folded, with `ё` read as `е`.

    Two names are the same name of the standard exactly when their keys are equal. Names
    repeat across thousands of rows, so keys are cached.
    """
    return clean(text).casefold().replace("ё", "е")


def split_list(text: str) -> list[str]:
    """The items of a list cell: one per line or per `;`, bullets stripped, empties dropped."""
    items = []
    for part in _ITEM_SEPARATORS.split(text):
        item = clean(part)
        if item and (item[0] in _BULLET_STARTS or item[0].isdigit()):
            item = clean(_BULLET.sub("", item))
        if item:
            items.append(item)
    return items


@functools.lru_cache(maxsize=1 << 16)
def parse_code(code: str) -> tuple[int, ...] | None:
    """The parts of a process code (`1.2.3` -> (1, 2, 3)), or None when it is malformed.

    Cached: the rules parse the code of every performer and competency row, and a code
    stands in many of them.
    """
    code = clean(code)
    if not _CODE.match(code):
        return None
    return tuple(int(part) for part in code.split("."))


def parent_code(code: str) -> str | None:
    """The code of the process this one belongs to, or None for level 1 or a malformed code."""
    parts = parse_code(code)
    if parts is None or len(parts) < 2:
        return None
    return ".".join(str(p) for p in parts[:-1])


def code_level(code: str) -> int | None:
    """The level of a process (the number of parts of its code), or None when malformed."""
    parts = parse_code(code)
    return None if parts is None else len(parts)


def code_sort_key(code: str) -> tuple[int, tuple[int, ...], str]:
    """A key that sorts codes in natural order (1.2 before 1.10), malformed ones last."""
    parts = parse_code(code)
    if parts is None:
        return (1, (), clean(code))
    return (0, parts, "")


def mixed_script_runs(text: str) -> list[tuple[str, str]]:
    """Words that mix Cyrillic and Latin letters, each with the Latin letters it holds.

    `IT-специалист` is fine (each word is in one script); `Мастер-приeмщик` with a Latin `e`
    gives [("приeмщик", "e")].
    """
    return list(_mixed_script_runs(text))


def mixed_script_texts(texts: Iterable[str]) -> set[str]:
    """Those of `texts` with a word that mixes Cyrillic and Latin letters. Most texts have
    no Latin letter at all: one search over all of them together rules them out at once."""
    texts = list(texts)
    if _LATIN.search("\n".join(texts)) is None:
        return set()
    return {t for t in texts if _mixed_script_runs(t)}


@functools.lru_cache(maxsize=1 << 17)
def _mixed_script_runs(text: str) -> tuple[tuple[str, str], ...]:
    """Cached: the rules ask it of every name and text, and those repeat over thousands of
    rows."""
    if not _LATIN.search(text) or not _CYRILLIC.search(text):
        return ()  # the common case: a name in one script
    found = []
    for run in _LETTER_RUN.findall(text):
        if _CYRILLIC.search(run) and _LATIN.search(run):
            latin = "".join(dict.fromkeys(ch for ch in run if _LATIN.match(ch)))
            found.append((run, latin))
    return tuple(found)


def xml_escaped(value: str, *, quote: bool = False) -> str:
    """`value` as XML character data: `&`, `<` and `>` escaped, and `"` too for an attribute
    (`quote`). What xml.sax.saxutils.escape does, without the urllib.request and http.client
    it imports: a fortieth of a second at the start of every command that writes."""
    value = value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    return value.replace('"', "&quot;") if quote else value


def plural(n: int, one: str, few: str, many: str) -> str:
    """`n` with the Russian noun form it takes: 1 процесс, 2 процесса, 5 процессов."""
    tail = n % 100
    if 11 <= tail <= 14:
        form = many
    elif tail % 10 == 1:
        form = one
    elif 2 <= tail % 10 <= 4:
        form = few
    else:
        form = many
    return f"{n} {form}"
