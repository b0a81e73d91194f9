"""File and folder names that Windows, macOS and Linux all accept, unique without regard to case.

Documents land in `<department>/<Kind> — <Position>.docx` under a folder the user picks. Windows
refuses a whole path longer than MAX_PATH (260 characters) unless long paths are enabled, which
they are not by default, and Linux and macOS refuse a name of more than 255 bytes of UTF-8. A name
cut to `limit` characters keeps the path short: with a department folder of 60 and a file stem
of 100 characters, 80 or so remain for the folder the user chose.

Characters no system allows are replaced so the name still reads well in Russian:
`"…"` becomes «…», `/ \\ | :` become a hyphen («Бухгалтер/кассир» → «Бухгалтер-кассир»,
«Склад: приёмка» → «Склад - приёмка», «10:00» → «10-00»), and `< > ? *` and stray quotes are
dropped; control characters read as spaces.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

FALLBACK = "без названия"
# Each stem stays within this many bytes of UTF-8, so that a suffix such as ".docx" and a
# counter such as " (12)" still fit in the 255 bytes Linux and macOS allow for a name.
MAX_STEM_BYTES = 240
# Device names Windows reserves in any case and with any extension: «con.txt» opens the console.
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789¹²³"}
)
_QUOTED = re.compile(r'"\s*([^"]*[^"\s])\s*"')  # an empty pair is dropped like a stray quote
_COLON = re.compile(r"\s*:\s+")  # «Склад: приёмка» reads best as «Склад - приёмка»
_REPLACEMENTS = str.maketrans(
    {"/": "-", "\\": "-", "|": "-", ":": "-", "<": None, ">": None, "?": None, "*": None,
     '"': None}
)
_TRIMMED = ". "  # Windows drops trailing dots and spaces; a leading dot hides a file elsewhere


def safe_name(text: str, *, limit: int = 120) -> str:
    """A file or folder name made of `text`, at most `limit` characters, never empty.

    Pass the stem alone and add the suffix after: the cut keeps whole words where it can and
    never knows about an extension. A reserved device name gets an underscore («CON» → «CON_»).
    """
    if limit < len(FALLBACK):
        raise ValueError(f"limit must be at least {len(FALLBACK)}, not {limit}")
    name = _trim(_cut(_clean(text), limit)) or FALLBACK
    return _unreserved(name, limit)


def unique_path(folder: Path, stem: str, suffix: str, taken: set[str]) -> Path:
    """`folder / (stem + suffix)`, with « (2)», « (3)», … after the stem if the name is taken.

    `taken` holds the case-folded names already given out in `folder`, since Windows and macOS
    see «Кассир.docx» and «КАССИР.docx» as one file; the name returned is added to it. The
    counter may take the stem a few characters past the limit it was cut to.
    """
    name = stem + suffix
    count = 1
    while name.casefold() in taken:
        count += 1
        name = f"{stem} ({count}){suffix}"
    taken.add(name.casefold())
    return folder / name


def is_reserved(name: str) -> bool:
    """Whether Windows reserves `name` for a device: «CON», «con.txt», «Lpt1 .docx»."""
    return name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED


def _clean(text: str) -> str:
    """`text` with every character no system allows replaced and white space collapsed."""
    text = _QUOTED.sub(r"«\1»", unicodedata.normalize("NFC", text))
    text = _COLON.sub(" - ", text)
    text = "".join(_visible(ch) for ch in text.translate(_REPLACEMENTS))
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _visible(ch: str) -> str:
    """Control characters read as a space; format marks (zero-width, BOM, bidi) and lone
    surrogates, which no file system stores, vanish."""
    category = unicodedata.category(ch)
    if category == "Cc":
        return " "
    return "" if category in ("Cf", "Cs") else ch


def _cut(name: str, limit: int) -> str:
    """At most `limit` characters and MAX_STEM_BYTES bytes, at a space if one is near the end."""
    end = _fitting_length(name, limit)
    if end == len(name):
        return name
    space = name.rfind(" ", 0, end + 1)
    if space > end * 2 // 3:
        return name[:space]
    while end > 1 and unicodedata.combining(name[end]):  # keep a letter with its accents
        end -= 1
    return name[:end]


def _fitting_length(name: str, limit: int) -> int:
    """How many leading characters of `name` fit both limits."""
    size = 0
    for index, ch in enumerate(name[:limit]):
        size += len(ch.encode("utf-8"))
        if size > MAX_STEM_BYTES:
            return index
    return min(len(name), limit)


def _trim(name: str) -> str:
    return name.strip(_TRIMMED)


def _unreserved(name: str, limit: int) -> str:
    """`name`, with an underscore after a reserved device name's base («con_.txt»)."""
    if not is_reserved(name):
        return name
    base = name.split(".", 1)[0].rstrip(" ")
    return _trim(_cut(f"{base}_{name[len(base):]}", limit))
