"""Files procxl ships: the workbooks users download, found in the package or the source tree."""

from __future__ import annotations

from pathlib import Path

from procxl.errors import ProcxlError

_HERE = Path(__file__).resolve().parent
SOURCE_TREE_TEMPLATES = _HERE.parent / "workbook_templates"
"""`workbook_templates/` of a source checkout: the copies users download."""
_PLACES = (_HERE / "workbook_templates", SOURCE_TREE_TEMPLATES)


def bundled_workbook(name: str) -> Path:
    """The path of a workbook from `workbook_templates/` (installed or in the source tree)."""
    for place in _PLACES:
        candidate = place / name
        if candidate.is_file():
            return candidate
    raise ProcxlError(f"Не найден файл «{name}» из поставки procxl: переустановите procxl.")
