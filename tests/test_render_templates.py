"""Templates: the shipped ones match their description, and templates users edit in Word —
split runs, misspelt or unclosed placeholders — render or fail with a clear Russian message."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest

from procxl import actions
from procxl.errors import ProcxlError
from procxl.render import template_build
from procxl.render.docx import PreparedTemplate, TemplateError
from procxl.render.kinds import KINDS, Kind
from procxl.workbook.files import atomic_save
from procxl.workbook.template import build_workbook
from tests.checking import example

POSITION = "Менеджер по развитию сети СТО"


@pytest.mark.parametrize("kind", list(Kind))
def test_shipped_template_matches_its_description(kind: Kind) -> None:
    """Run `python -m procxl.render.template_build` after changing the description."""
    shipped = template_build.TEMPLATE_DIR / template_build.template_file_name(kind)
    with zipfile.ZipFile(shipped) as package:
        parts = {name: package.read(name).decode("utf-8") for name in package.namelist()}
    assert parts == template_build.template_parts(kind)


@pytest.mark.parametrize("kind", list(Kind))
def test_shipped_templates_are_small_and_use_known_fields(kind: Kind) -> None:
    path = template_build.TEMPLATE_DIR / template_build.template_file_name(kind)
    assert path.stat().st_size < 12_000  # about what Word saves; python-docx's is ~36 KB
    template = PreparedTemplate(path, allowed=KINDS[kind].keys)
    assert template.placeholders <= set(KINDS[kind].keys)
    docx.Document(str(path))  # opens as a Word document


def edited_template(tmp_path: Path, kind: Kind, edit: callable) -> Path:
    """A copy of the shipped template with its document.xml changed by `edit`."""
    folder = tmp_path / "шаблоны"
    folder.mkdir(exist_ok=True)
    source = template_build.TEMPLATE_DIR / template_build.template_file_name(kind)
    target = folder / source.name
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            new.writestr(item, data)
    return folder


def example_book(tmp_path: Path) -> Path:
    path = tmp_path / "пример.xlsx"
    atomic_save(build_workbook(example()), path)
    return path


def test_placeholder_split_into_runs_by_word_still_works(tmp_path: Path) -> None:
    """Word splits text into runs at any edit; docxtpl's clean-up joins a placeholder."""
    def split(xml: str) -> str:
        return xml.replace("{{ position_genitive }}",
                           "{{ position_</w:t></w:r><w:r><w:rPr><w:b/></w:rPr>"
                           "<w:t>genitive }}", 1)

    folder = edited_template(tmp_path, Kind.DUTIES, split)
    result, _ = actions.documents_from_file(example_book(tmp_path), tmp_path / "out",
                                            templates=folder, kinds=[Kind.DUTIES],
                                            positions=[POSITION])
    doc = docx.Document(str(result.written[0]))
    assert "менеджера по развитию сети СТО" in [p.text for p in doc.paragraphs]


def test_misspelt_placeholder_is_named(tmp_path: Path) -> None:
    folder = edited_template(tmp_path, Kind.PROFILE,
                             lambda xml: xml.replace("{{ position_genitive }}", "{{ positon }}", 1))
    with pytest.raises(TemplateError) as caught:
        actions.documents_from_file(example_book(tmp_path), tmp_path / "out",
                                    templates=folder)
    message = str(caught.value)
    assert "«Профиль должности.docx»" in message and "{{ positon }}" in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.docx"))


def test_misspelt_attribute_is_named(tmp_path: Path) -> None:
    folder = edited_template(tmp_path, Kind.DUTIES,
                             lambda xml: xml.replace("d.functions", "d.fucntions", 1))
    with pytest.raises(TemplateError, match="«fucntions»"):
        actions.documents_from_file(example_book(tmp_path), tmp_path / "out",
                                    templates=folder, kinds=[Kind.DUTIES])


def test_unclosed_placeholder_is_shown_in_context(tmp_path: Path) -> None:
    folder = edited_template(tmp_path, Kind.DUTIES,
                             lambda xml: xml.replace("{{ organisation }}", "{{ organisation }", 1))
    with pytest.raises(TemplateError) as caught:
        actions.documents_from_file(example_book(tmp_path), tmp_path / "out",
                                    templates=folder)
    message = str(caught.value)
    assert message.startswith("Шаблон «Должностные обязанности.docx» испорчен")
    assert "organisation" in message


def test_not_a_docx_template(tmp_path: Path) -> None:
    folder = tmp_path / "шаблоны"
    folder.mkdir()
    (folder / "Вакансия.docx").write_text("не документ", encoding="utf-8")
    with pytest.raises(TemplateError, match="не открывается как документ Word"):
        actions.documents_from_file(example_book(tmp_path), tmp_path / "out",
                                    templates=folder)


def test_restyled_template_is_used_and_others_fall_back(tmp_path: Path) -> None:
    def retitle(xml: str) -> str:
        return xml.replace("ЛИСТ ОЗНАКОМЛЕНИЯ", "ЛИСТ ОЗНАКОМЛЕНИЯ РАБОТНИКОВ", 1)

    folder = edited_template(tmp_path, Kind.DUTIES, retitle)
    result, _ = actions.documents_from_file(example_book(tmp_path), tmp_path / "out",
                                            templates=folder, positions=[POSITION])
    by_name = {p.name: p for p in result.written}
    duties = docx.Document(str(by_name[f"Должностные обязанности — {POSITION}.docx"]))
    assert "ЛИСТ ОЗНАКОМЛЕНИЯ РАБОТНИКОВ" in [p.text for p in duties.paragraphs]
    profile = docx.Document(str(by_name[f"Профиль должности — {POSITION}.docx"]))
    assert "ПРОФИЛЬ ДОЛЖНОСТИ" in [p.text for p in profile.paragraphs]


def test_export_templates_refuses_to_overwrite(tmp_path: Path) -> None:
    paths = actions.export_templates(tmp_path / "Шаблоны компании")
    assert sorted(p.name for p in paths) == sorted(
        template_build.template_file_name(k) for k in Kind)
    for path in paths:
        assert path.read_bytes() == (template_build.TEMPLATE_DIR / path.name).read_bytes()
    with pytest.raises(ProcxlError, match="--force"):
        actions.export_templates(tmp_path / "Шаблоны компании")
    paths[0].write_bytes(b"changed")
    actions.export_templates(tmp_path / "Шаблоны компании", force=True)
    assert paths[0].read_bytes() != b"changed"


def test_every_template_field_is_documented() -> None:
    guide = (Path(__file__).parents[1] / "docs" / "documents.md").read_text(encoding="utf-8")
    for kind in Kind:
        for key in KINDS[kind].keys:
            assert re.search(rf"`{key}`", guide), f"{key} missing from docs/documents.md"


def tiny_png() -> bytes:
    """A 1×1 red PNG, made here rather than kept as a binary file."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def test_logo_and_letterhead_in_the_header_reach_every_document(tmp_path: Path) -> None:
    """Restyled in a word processor: a logo and the organisation's name in the header."""
    folder = tmp_path / "шаблоны"
    folder.mkdir()
    logo = tmp_path / "logo.png"
    logo.write_bytes(tiny_png())
    template = docx.Document(str(template_build.TEMPLATE_DIR / "Профиль должности.docx"))
    header = template.sections[0].first_page_header.paragraphs[0]
    header.add_run().add_picture(str(logo))
    header.add_run("{{ organisation }}")
    template.save(str(folder / "Профиль должности.docx"))
    result, _ = actions.documents_from_file(example_book(tmp_path), tmp_path / "out",
                                            templates=folder, kinds=[Kind.PROFILE],
                                            positions=[POSITION])
    made = docx.Document(str(result.written[0]))
    first = made.sections[0].first_page_header
    assert first.paragraphs[0].text == "ООО «Магистраль-Авто»"
    assert len(first.part.package.image_parts) == 1
    with zipfile.ZipFile(result.written[0]) as package:
        assert any(name.startswith("word/media/") for name in package.namelist())
