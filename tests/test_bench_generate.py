"""The benchmark's synthetic organisations: deterministic, the asked size, internally consistent."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from procxl import schema, text

POSITIONS, PROCESSES = 30, 60


def _load_generator() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


generate_module = _load_generator()


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return generate_module.generate(POSITIONS, PROCESSES, seed=7)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_same_seed_gives_same_data_and_another_seed_other_data(data: dict[str, Any]) -> None:
    assert generate_module.generate(POSITIONS, PROCESSES, seed=7) == data
    assert generate_module.generate(POSITIONS, PROCESSES, seed=8) != data


def test_keys_are_the_standard_ones(data: dict[str, Any]) -> None:
    assert set(data) == {sheet.key for sheet in schema.USER_SHEETS}
    assert set(data["organisation"]) == {p.key for p in schema.ORGANISATION.params}
    for key, rows in data.items():
        if key == "organisation":
            continue
        sheet = schema.sheet(key)
        for row in rows:
            assert set(row) == {column.key for column in sheet.columns}, key
            for column in sheet.columns:
                value = row[column.key]
                if column.is_list:
                    assert isinstance(value, list) and all(isinstance(v, str) for v in value)
                else:
                    assert isinstance(value, str | int | float)


def test_sizes_come_out_as_asked(data: dict[str, Any]) -> None:
    assert len(data["positions"]) == POSITIONS
    assert len(data["processes"]) == PROCESSES
    low, high = generate_module.PERFORMERS_PER_PROCESS
    per_process = Counter(row["process_code"] for row in data["performers"])
    assert set(per_process) == {row["code"] for row in data["processes"]}
    assert all(low <= n <= high for n in per_process.values())
    assert len(data["departments"]) == 3  # the top one and two domains, at the least
    assert len(data["values"]) == generate_module.VALUES_COUNT
    assert len(data["vacancies"]) == POSITIONS // generate_module.VACANCY_EVERY


def test_a_larger_size_has_the_described_shape() -> None:
    big = generate_module.generate(260, 600, seed=3)
    assert len(big["departments"]) == 20
    assert 3 * 600 <= len(big["performers"]) <= 7 * 600
    assert len(big["vacancies"]) == 10
    levels = Counter(len(text.parse_code(p["code"]) or ()) for p in big["processes"])
    assert set(levels) == {1, 2, 3, 4}


def test_codes_are_valid_unique_and_have_their_parents(data: dict[str, Any]) -> None:
    codes = [row["code"] for row in data["processes"]]
    assert len(set(codes)) == len(codes)
    for code in codes:
        parts = text.parse_code(code)
        assert parts is not None, code
        assert 1 <= len(parts) <= 4
        parent = text.parent_code(code)
        assert parent is None or parent in codes
    assert max(text.code_level(c) or 0 for c in codes) >= 3
    assert codes == sorted(codes, key=text.code_sort_key)


def test_names_are_unique_and_references_resolve(data: dict[str, Any]) -> None:
    positions = [row["name"] for row in data["positions"]]
    departments = [row["name"] for row in data["departments"]]
    names = [row["name"] for row in data["processes"]]
    for keys in (positions, departments, names):
        assert len({text.fold(k) for k in keys}) == len(keys)
    known = set(positions)
    by_code = {row["code"]: row for row in data["processes"]}
    assert {row["owner"] for row in data["processes"]} <= known
    for row in data["performers"]:
        assert row["position"] in known
        assert by_code[row["process_code"]]["name"] == row["process_name"]
        assert 1 <= len(row["functions"]) <= 3
    pairs = [(row["position"], row["process_code"]) for row in data["performers"]]
    assert len(set(pairs)) == len(pairs)
    assert [(row["position"], row["process_code"]) for row in data["competencies"]] == pairs
    for row in data["positions"]:
        assert row["department"] in departments
        assert row["manager"] in known or row["manager"] == ""
    assert sum(1 for row in data["positions"] if row["manager"] == "") == 1
    for row in data["departments"]:
        assert row["head"] in known
        assert row["parent"] in departments or row["parent"] == ""
    for key in ("profiles", "vacancies"):
        assert {row["position"] for row in data[key]} <= known


def test_profile_rows_use_the_standard_sections_and_choices(data: dict[str, Any]) -> None:
    assert data["profiles"]
    for row in data["profiles"]:
        assert row["section"] in schema.PROFILE_SECTIONS
        assert row["include"] in schema.YES_NO
    assert generate_module.generate(POSITIONS, PROCESSES, 7, profiles=False)["profiles"] == []


def test_text_is_clean_russian(data: dict[str, Any]) -> None:
    strings = list(_strings(data))
    assert all(not text.mixed_script_runs(s) for s in strings)
    assert all(s == text.clean(s) for s in strings)
    for key, rows in data.items():
        if key == "organisation":
            continue
        lists = [c.key for c in schema.sheet(key).columns if c.is_list]
        for row in rows:
            for column in lists:
                # Each item reads back as itself once written into a list cell.
                assert all(text.split_list(item) == [item] for item in row[column])
    for row in data["processes"]:
        assert row["content"].count(".") >= 2
        assert row["goals"] and row["indicators"] and row["results"]


def test_the_written_workbook_reads_back_the_same_with_shared_or_inline_strings(
    tmp_path: Path,
) -> None:
    from procxl.workbook.reader import read_workbook

    data = generate_module.generate(8, 12, seed=2)
    shared = generate_module.write(tmp_path / "shared.xlsx", data)
    inline = generate_module.write(tmp_path / "inline.xlsx", data, excel_strings=False)
    with zipfile.ZipFile(shared) as package:
        assert "xl/sharedStrings.xml" in package.namelist()
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and all(b"inlineStr" not in package.read(n) for n in sheets)
    first, second = read_workbook(shared), read_workbook(inline)
    for field in ("parameters", "positions", "processes", "performers", "competencies"):
        assert getattr(first, field) == getattr(second, field), field
    assert [p.code.text for p in first.processes] == [p["code"] for p in data["processes"]]
    assert [p.functions[-1].text for p in first.performers] == [
        p["functions"][-1] for p in data["performers"]
    ]
    assert first.param("name") == data["organisation"]["name"]
