"""What a document is made for: the planner places, names and blocks documents by subject.

The kinds procxl ships today are all made for a position; a kind made for the organisation
(one paper at the top of the documents folder) is declared here the way such a kind is, by
its `subjects`, to show the planner needs nothing else.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from procxl.checks import check
from procxl.render import build
from procxl.render.kind import Kind, organisation_subject
from procxl.render.kinds import KINDS
from tests.checking import example, read_data


@pytest.fixture
def organisation_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    """The profile kind, made once for the organisation instead of for each position."""
    declared = dataclasses.replace(
        KINDS[Kind.PROFILE], subjects=organisation_subject,
        build=lambda org, item, sources: {"organisation": item.param("name")})
    monkeypatch.setitem(build.KINDS, Kind.PROFILE, declared)


@pytest.mark.usefixtures("organisation_profile")
def test_a_kind_made_for_the_organisation_is_one_paper_at_the_top(tmp_path: Path) -> None:
    org = read_data(tmp_path, example())
    plan = build.plan_documents(org, check(org), tmp_path / "out", kinds=[Kind.PROFILE])
    [job] = plan.jobs
    assert job.path.parent == tmp_path / "out"
    assert job.path.name == f"Профиль должности — {org.param('name')}.docx"
    assert job.context == {"organisation": org.param("name")}


@pytest.mark.usefixtures("organisation_profile")
def test_a_run_for_some_positions_makes_no_paper_of_the_organisation(tmp_path: Path) -> None:
    org = read_data(tmp_path, example())
    some = next(iter(org.positions_by_key.values())).name.text
    plan = build.plan_documents(org, check(org), tmp_path / "out", kinds=[Kind.PROFILE],
                                positions=[some])
    assert plan.jobs == ()


@pytest.mark.usefixtures("organisation_profile")
def test_an_error_on_a_sheet_it_draws_on_blocks_the_paper(tmp_path: Path) -> None:
    data = example()
    data["positions"][1]["department"] = "Отдел, которого нет"  # an error on «Должности»
    org = read_data(tmp_path, data)
    findings = check(org)
    assert any(f.sheet == "Должности" and f.level.name == "ERROR" for f in findings)
    plan = build.plan_documents(org, findings, tmp_path / "out", kinds=[Kind.PROFILE])
    assert plan.jobs == ()
    [(label, reason)] = [s for s in plan.skipped if "Профиль должности" in s[1]]
    assert label == org.param("name") and "не сформирован из-за ошибки" in reason
