"""What a kind of document is: one declaration, as a check rule is one function with a code.

A kind names what it is made for, the sheets it draws on (errors there block it), how its
context is built and the body of its default template. :mod:`procxl.render.kinds` holds one
module per kind and the registry; planning, writing and the default templates only ever ask
the declaration, never `if kind is …`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from procxl.model import Organisation, Position
    from procxl.render.context import Sources


class Kind(StrEnum):
    """The kinds of documents, by the name `--kind` takes."""

    DUTIES = "duties"
    PROFILE = "profile"
    VACANCY = "vacancy"

    @property
    def title(self) -> str:
        """The document's Russian name, which starts its file name and its template's."""
        from procxl.render.kinds import KINDS

        return KINDS[self].title


@dataclass(frozen=True)
class Skip:
    """A document not made, and why (Russian, for the list of skipped documents)."""

    reason: str


Context = dict[str, object]
Made = Context | Skip | None
"""What a kind's builder returns: the context, a reason to skip, or None (not made, and
nothing to say: a position without a vacancy gets no vacancy)."""


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document, declared once.

    `made_for` says in Russian what one document stands for («должность»). `sheets` are the
    keys of the sheets its content comes from: an error found on one of them blocks this
    kind for the positions the error touches, and no other kind. `build` makes the context
    of one document; `body` the XML body of its default template; `keys` every key its
    context has (the fields a template may use). `texts` gives extra files written beside
    the .docx, by suffix (a vacancy's .txt, .html and .json). `title_of` names the document
    for an organisation when the workbook may rename it (`Вид документа`).
    """

    kind: Kind
    title: str
    made_for: str
    sheets: frozenset[str]
    keys: tuple[str, ...]
    build: Callable[[Organisation, Position, Sources], Made]
    body: Callable[[], str]
    needs_profiles: bool = False
    texts: Callable[[Context], Mapping[str, str]] | None = None
    text_suffixes: tuple[str, ...] = ()  # the suffixes `texts` gives, reserved with the name
    title_of: Callable[[Organisation], str] | None = field(default=None)

    def name_for(self, org: Organisation) -> str:
        """The document's name in `org`'s documents and file names."""
        return self.title_of(org) if self.title_of is not None else self.title
