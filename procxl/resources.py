"""Files procxl ships: the workbooks users download and the user guide, found in the package
or in the source tree."""

from __future__ import annotations

from pathlib import Path

from procxl.errors import ProcxlError

_HERE = Path(__file__).resolve().parent
SOURCE_TREE_TEMPLATES = _HERE.parent / "workbook_templates"
"""`workbook_templates/` of a source checkout: the copies users download."""
SOURCE_TREE_DOCS = _HERE.parent / "docs"
"""`docs/` of a source checkout: the user guide in Markdown and its pages in `html/`."""
_TEMPLATE_PLACES = (_HERE / "workbook_templates", SOURCE_TREE_TEMPLATES)
_DOC_PLACES = (_HERE / "docs", SOURCE_TREE_DOCS)


def bundled_workbook(name: str) -> Path:
    """The path of a workbook from `workbook_templates/` (installed or in the source tree)."""
    return _bundled(_TEMPLATE_PLACES, name)


def bundled_doc(name: str) -> Path:
    """The path of a file of the user guide, `docs/<name>` (installed or in the source tree)."""
    return _bundled(_DOC_PLACES, name)


def _bundled(places: tuple[Path, ...], name: str) -> Path:
    for place in places:
        candidate = place / name
        if candidate.is_file():
            return candidate
    raise ProcxlError(f"Не найден файл «{name}» из поставки procxl: переустановите procxl.")
