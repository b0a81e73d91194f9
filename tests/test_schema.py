"""The standard as data: internally consistent, and in step with the model's records."""

from __future__ import annotations

import dataclasses

from procxl import schema, text
from procxl.model import RECORD_TYPES, Organisation


def test_sheet_names_and_keys_are_unique() -> None:
    assert len({s.key for s in schema.SHEETS}) == len(schema.SHEETS)
    names = {text.fold(s.name) for s in schema.SHEETS} | {text.fold(schema.INSTRUCTIONS_SHEET)}
    assert len(names) == len(schema.SHEETS) + 1


def test_every_header_and_alias_names_one_column_of_its_sheet() -> None:
    for sheet in schema.SHEETS:
        seen: dict[str, str] = {}
        for column in sheet.columns:
            for header in column.headers:
                key = text.fold(header)
                assert seen.setdefault(key, column.key) == column.key, (sheet.name, header)


def test_record_fields_are_the_column_keys() -> None:
    for key, record_type in RECORD_TYPES.items():
        sheet = schema.sheet(key)
        fields = [f.name for f in dataclasses.fields(record_type)]
        assert fields == ["row", *(c.key for c in sheet.columns)], key


def test_every_user_table_sheet_has_a_record_type_and_a_field_on_organisation() -> None:
    org_fields = {f.name for f in dataclasses.fields(Organisation)}
    for sheet in schema.USER_SHEETS:
        if sheet is schema.ORGANISATION:
            assert sheet.params and "parameters" in org_fields
            continue
        assert sheet.key in RECORD_TYPES and sheet.key in org_fields


def test_list_columns_are_text_and_choices_belong_to_choice_columns() -> None:
    for sheet, column in schema.iter_columns():
        if column.is_list:
            assert column.kind is schema.Kind.TEXT, (sheet.name, column.header)
        assert bool(column.choices) == (column.kind is schema.Kind.CHOICE), column.header


def test_references_point_at_register_sheets() -> None:
    for ref, register in schema.REF_SHEET.items():
        first = register.columns[0]
        assert first.required and first.unique, ref
    for sheet, column in schema.iter_columns():
        if column.ref is schema.Ref.PROCESS:
            assert column.kind is schema.Kind.CODE, (sheet.name, column.header)


def test_generated_sheets_have_their_header_under_the_note() -> None:
    for sheet in schema.GENERATED_SHEETS:
        assert sheet.header_row == 2
        assert all(c.owner is schema.Owner.PROCXL for c in sheet.columns)
    for sheet in schema.USER_SHEETS:
        assert sheet.header_row == 1


def test_competency_columns_split_between_procxl_and_user() -> None:
    owners = [c.owner for c in schema.COMPETENCIES.columns]
    assert owners == [schema.Owner.PROCXL] * 4 + [schema.Owner.USER] * 4 + [schema.Owner.PROCXL]


def test_hints_are_russian_sentences() -> None:
    for _, column in schema.iter_columns():
        hint = column.hint
        assert not hint[0].islower() and hint.endswith((".", "»")), column.header
        assert any("а" <= ch <= "я" for ch in hint.lower()), column.header
