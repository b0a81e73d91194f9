"""What a kind of document is: one declaration, as a check rule is one function with a code.

A kind names what it is made for, the sheets it draws on (errors there block it), how its
context is built and the body of its default template. :mod:`procxl.render.kinds` holds one
module per kind and the registry; planning, writing and the default templates only ever ask
the declaration, never `if kind is …`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from procxl.model import Organisation, Position
    from procxl.render.context import Sources


class Kind(StrEnum):
    """The kinds of documents, by the name `--kind` takes."""

    DUTIES = "duties"
    PROFILE = "profile"
    VACANCY = "vacancy"
    ASSESSMENT = "assessment"
    RESULTS = "results"
    PLAN = "plan"
    GROUP_ORDER = "group-order"
    GROUP_REGULATION = "group-regulation"
    STANDARDS_PLAN = "standards-plan"
    MANDATORY_POSITIONS = "mandatory-positions"

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
class Subject:
    """What one document is made for: a position, an employee, the organisation itself.

    `item` is what the kind's `build` is given (a `Position`, an employee's record, the
    `Organisation`). `label` names the document after its title («… — Кладовщик», «… —
    Иванов Иван Иванович») and in the list of skipped documents. `folder` is the department
    whose folder the document goes to; None puts it at the top of the documents folder (the
    organisation's own papers). `positions` are the keys of the positions whose errors block
    it; none means the organisation: any error on a sheet the kind draws on blocks it.
    """

    item: object
    label: str
    folder: str | None
    positions: tuple[str, ...] = ()


def position_subjects(org: Organisation, positions: Sequence[Position]) -> Iterator[Subject]:
    """A document for each chosen position (the default of a kind)."""
    for position in positions:
        yield Subject(position, position.name.text, position.department.text,
                      (position.name.key,))


def organisation_subject(org: Organisation, positions: Sequence[Position]) -> Iterator[Subject]:
    """One document for the organisation, when documents are made for all its positions
    (a run for some positions only, `--position`, does not make it)."""
    if len(positions) == len(org.positions_by_key):
        yield Subject(org, org.param("name") or "", None)


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document, declared once.

    `made_for` says in Russian what one document stands for («должность»), and `subjects`
    lists them: by default each chosen position (`position_subjects`); a kind for employees
    or for the organisation (`organisation_subject`) gives its own. `sheets` are the keys of
    the sheets its content comes from: an error found on one of them blocks this kind for
    the positions the error touches, and no other kind. `build` makes the context of one
    document from its subject's `item`; `body` the XML body of its default template; `keys`
    every key its context has (the fields a template may use). `texts` gives extra files
    written beside the .docx, by suffix (a vacancy's .txt, .html and .json). `title_of`
    names the document for an organisation when the workbook may rename it (`Вид
    документа`).
    """

    kind: Kind
    title: str
    made_for: str
    sheets: frozenset[str]
    keys: tuple[str, ...]
    build: Callable[[Organisation, Any, Sources], Made]
    body: Callable[[], str]
    subjects: Callable[[Organisation, Sequence[Position]], Iterable[Subject]] = position_subjects
    needs_profiles: bool = False
    texts: Callable[[Context], Mapping[str, str]] | None = None
    text_suffixes: tuple[str, ...] = ()  # the suffixes `texts` gives, reserved with the name
    title_of: Callable[[Organisation], str] | None = field(default=None)

    def name_for(self, org: Organisation) -> str:
        """The document's name in `org`'s documents and file names."""
        return self.title_of(org) if self.title_of is not None else self.title
