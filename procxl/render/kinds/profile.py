"""«Профиль должности»: the guide's seven sections, chosen on the `Профили` sheet, with the
qualification the position requires."""

from __future__ import annotations

from procxl import schema
from procxl.model import Organisation, Position
from procxl.render.context import (
    COMMON_KEYS,
    SECTION_KEYS,
    Sources,
    position_context,
    profile_items,
)
from procxl.render.kind import DocumentKind, Kind, Made, Skip
from procxl.render.wordml import dash_item, document_heading, para, plain, run, tag

KEYS = (*COMMON_KEYS, "sections", *SECTION_KEYS.values())


def build(org: Organisation, position: Position, sources: Sources) -> Made:
    """The seven sections, each a title and its items; Skip when nothing is chosen."""
    items = profile_items(org, position, sources)
    if not any(items.values()):
        return Skip("профиль не сформирован: для должности не выбран ни один пункт (лист "
                    "«Профили»)")
    return {
        **position_context(org, position),
        "sections": [{"title": section, "items": items[section]}
                     for section in schema.PROFILE_SECTIONS],
        **{SECTION_KEYS[section]: items[section] for section in schema.PROFILE_SECTIONS},
    }


def body() -> str:
    return "".join([
        document_heading("ПРОФИЛЬ ДОЛЖНОСТИ", "{{ position_genitive }}"),
        tag("if qualification"),
        plain("Требования к квалификации", style="Heading1"),
        tag("for q in qualification"),
        para(run("{{ q.label }}: ", bold=True), run("{{ q.text }}"), style="NoIndent"),
        tag("endfor"),
        tag("endif"),
        tag("for s in sections"),
        para(run("{{ loop.index }}. {{ s.title }}"), style="Heading1"),
        tag("for item in s['items']"),
        dash_item("{{ item }}"),
        tag("else"),
        plain("Не определено.", style="Normal"),
        tag("endfor"),
        tag("endfor"),
    ])


KIND = DocumentKind(
    kind=Kind.PROFILE,
    title="Профиль должности",
    made_for="должность",
    sheets=frozenset({"organisation", "values", "departments", "positions", "processes",
                      "performers", "competencies", "profiles"}),
    keys=KEYS,
    build=build,
    body=body,
    needs_profiles=True,
)
