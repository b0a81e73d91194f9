"""Every kind of document procxl makes, one module each, and the registry of them.

To add a kind: a member of :class:`procxl.render.kind.Kind`, a module here that declares
its `KIND`, and a line below.
"""

from __future__ import annotations

from procxl.render.kind import DocumentKind, Kind
from procxl.render.kinds import (
    assessment_form,
    assessment_results,
    development_plan,
    main_document,
    profile,
    standards_papers,
    vacancy,
)

KINDS: dict[Kind, DocumentKind] = {
    declared.kind: declared for declared in (
        main_document.KIND, profile.KIND, vacancy.KIND, assessment_form.KIND,
        assessment_results.KIND, development_plan.KIND, *standards_papers.KINDS)
}
"""Each kind's declaration, in the order documents are listed."""
assert set(KINDS) == set(Kind)

__all__ = ["KINDS", "DocumentKind", "Kind"]
