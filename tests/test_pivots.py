"""The pivots of the method, on the bundled example and on small edits of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from procxl import pivots, schema, text
from procxl.model import Organisation
from tests.checking import example, read_data, row_of


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Organisation:
    return read_data(tmp_path_factory.mktemp("pivots"), example())


def test_duties_follow_the_register_then_natural_code_order(org: Organisation) -> None:
    duties = pivots.duties(org)
    data = example()
    register = [p["name"] for p in data["positions"]]
    positions = [d.position for d in duties]
    assert positions == sorted(positions, key=register.index)
    for name in register:
        codes = [d.process_code for d in duties if d.position == name]
        assert codes == sorted(codes, key=text.code_sort_key)
    pairs = {(p["position"], p["process_code"]) for p in data["performers"]}
    assert {(d.position, d.process_code) for d in duties} == pairs


def test_duty_carries_the_spec_of_its_process(org: Organisation) -> None:
    duty = next(d for d in pivots.duties(org) if d.process_code == "1.2")
    spec = row_of(example(), "processes", code="1.2")
    assert duty.process_name == spec["name"]
    assert list(duty.goals) == spec["goals"]
    assert list(duty.results) == spec["results"]
    assert list(duty.indicators) == spec["indicators"]
    performer = row_of(example(), "performers", process_code="1.2")
    assert list(duty.functions) == performer["functions"]
    assert duty.functions_from_content is False


def test_natural_order_puts_1_10_after_1_2(tmp_path: Path) -> None:
    data = example()
    source = row_of(data, "processes", code="1.2")
    data["processes"].append(dict(source, code="1.10", name="Десятый подпроцесс"))
    performer = row_of(data, "performers", process_code="1.2")
    data["performers"].append(dict(performer, process_code="1.10",
                                   process_name="Десятый подпроцесс"))
    codes = [d.process_code for d in pivots.duties(read_data(tmp_path, data))
             if d.position == performer["position"]]
    assert codes.index("1.2") < codes.index("1.10")
    assert "1.1" not in codes or codes.index("1.1") < codes.index("1.2")


def test_pair_listed_twice_merges_functions_and_unknowns_are_skipped(tmp_path: Path) -> None:
    data = example()
    performer = row_of(data, "performers", process_code="1.2")
    data["performers"].append(dict(performer, functions=["Новая функция",
                                                         performer["functions"][0].upper()]))
    data["performers"].append(dict(performer, position="Несуществующая должность"))
    data["performers"].append(dict(performer, process_code="9.9"))
    duties = pivots.duties(read_data(tmp_path, data))
    merged = [d for d in duties if d.process_code == "1.2" and d.position == performer["position"]]
    assert len(merged) == 1
    assert list(merged[0].functions) == [*performer["functions"], "Новая функция"]
    assert "Несуществующая должность" not in {d.position for d in duties}
    assert "9.9" not in {d.process_code for d in duties}


def test_content_stands_in_for_missing_functions(tmp_path: Path) -> None:
    data = example()
    performer = row_of(data, "performers", process_code="1.1")
    performer["functions"] = []
    duty = next(d for d in pivots.duties(read_data(tmp_path, data)) if d.process_code == "1.1")
    assert duty.functions == (row_of(data, "processes", code="1.1")["content"],)
    assert duty.functions_from_content is True


def test_performer_spelt_differently_is_the_register_position(tmp_path: Path) -> None:
    data = example()
    performer = row_of(data, "performers", process_code="1.1")
    canonical = performer["position"]
    performer["position"] = "  " + canonical.upper().replace("Е", "Ё") + " "
    duty = next(d for d in pivots.duties(read_data(tmp_path, data)) if d.process_code == "1.1")
    assert duty.position == canonical


def test_matrix_marks_owner_performer_and_both(tmp_path: Path) -> None:
    data = example()
    spec = row_of(data, "processes", code="1.2")
    performer = row_of(data, "performers", process_code="1.2")
    spec["owner"] = performer["position"]  # the performer now also owns it
    matrix = pivots.responsibility_matrix(read_data(tmp_path, data))
    assert list(matrix.positions) == [p["name"] for p in data["positions"]]
    row = next(r for r in matrix.rows if r.process_code == "1.2")
    assert row.marks[matrix.positions.index(performer["position"])] == "В, И"
    row1 = next(r for r in matrix.rows if r.process_code == "1")
    owner = row_of(data, "processes", code="1")["owner"]
    assert row1.marks[matrix.positions.index(owner)] == pivots.OWNER_MARK
    assert [r.process_code for r in matrix.rows] == sorted(
        (p["code"] for p in data["processes"]), key=text.code_sort_key)
    assert all(len(r.marks) == len(matrix.positions) for r in matrix.rows)


def test_every_performer_is_an_И_in_the_matrix(org: Organisation) -> None:
    matrix = pivots.responsibility_matrix(org)
    for performer in example()["performers"]:
        row = next(r for r in matrix.rows if r.process_code == performer["process_code"])
        assert pivots.PERFORMER_MARK in row.marks[matrix.positions.index(performer["position"])]


def test_process_map_nests_by_code_and_hangs_orphans_on_an_ancestor(tmp_path: Path) -> None:
    data = example()
    source = row_of(data, "processes", code="1.3.1")
    data["processes"].append(dict(source, code="2.5.1", name="Сирота"))
    nodes = pivots.process_map(read_data(tmp_path, data))
    assert [n.code for n in nodes] == ["1", "2", "3", "4"]
    one = nodes[0]
    assert [c.code for c in one.children] == ["1.1", "1.2", "1.3", "1.4"]
    assert [c.code for c in one.children[2].children] == ["1.3.1", "1.3.2"]
    assert all(c.level == 2 for c in one.children)
    two = nodes[1]
    assert "2.5.1" in [c.code for c in two.children]


def test_competency_keys_one_per_duty(org: Organisation) -> None:
    keys = pivots.competency_keys(org)
    duties = pivots.duties(org)
    assert [(k.position, k.process_code) for k in keys] == [
        (d.position, d.process_code) for d in duties]


def test_profile_candidates_of_the_network_manager(org: Organisation) -> None:
    manager = "Менеджер по развитию сети СТО"
    found = [c for c in pivots.profile_candidates(org) if c.position == manager]
    sections = [c.section for c in found]
    assert sections == sorted(sections, key=schema.PROFILE_SECTIONS.index)
    by_section: dict[str, list[str]] = {}
    for c in found:
        by_section.setdefault(c.section, []).append(c.wording)
    data = example()
    assert by_section["Ценности"] == [v["value"] for v in data["values"]]
    assert by_section["Области ответственности"][-1] == "Лояльность автовладельцев"
    rows = [r for r in data["competencies"] if r["position"] == manager]
    expected_skills = list(dict.fromkeys(s for r in rows for s in r["skills"]))
    assert by_section["Навыки"] == expected_skills
    area = next(c for c in found if c.wording == "Лояльность автовладельцев")
    assert area.sources == ("Должности",)


def test_identical_items_merge_and_sources_accumulate(tmp_path: Path) -> None:
    data = example()
    manager = "Менеджер по развитию сети СТО"
    rows = [r for r in data["competencies"] if r["position"] == manager]
    assert len(rows) >= 2
    rows[0]["skills"] = ["Ведение переговоров"]
    rows[1]["skills"] = ["ведение  переговоров", "Работа с CRM"]
    found = [c for c in pivots.profile_candidates(read_data(tmp_path, data))
             if c.position == manager and c.section == "Навыки"]
    talks = [c for c in found if text.fold(c.wording) == "ведение переговоров"]
    assert len(talks) == 1
    assert talks[0].wording == "Ведение переговоров"
    assert talks[0].sources == (f"Компетенции: {rows[0]['process_code']}",
                                f"Компетенции: {rows[1]['process_code']}")


def test_stale_competency_rows_do_not_feed_profiles(tmp_path: Path) -> None:
    data = example()
    manager = "Менеджер по развитию сети СТО"
    row = next(r for r in data["competencies"] if r["position"] == manager)
    row["skills"] = ["Уникальный навык из удалённой пары"]
    data["performers"] = [p for p in data["performers"]
                          if not (p["position"] == manager
                                  and p["process_code"] == row["process_code"])]
    wordings = {c.wording for c in pivots.profile_candidates(read_data(tmp_path, data))}
    assert "Уникальный навык из удалённой пары" not in wordings


def test_keys_normalise(org: Organisation) -> None:
    assert pivots.competency_key(" Мастер-Приёмщик ", " 1.2 ") == ("мастер-приемщик", "1.2")
    assert pivots.profile_key("А", "Навыки", "Работа  с CRM") == \
        pivots.profile_key("а", "навыки", "работа с crm")
