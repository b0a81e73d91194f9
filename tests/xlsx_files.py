"""Small real workbook files for tests, written with openpyxl as a user's Excel would save them."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl


def write_xlsx(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    """Write plain rows (from A1) into a new workbook, one sheet per entry, in order."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def set_cached_value(path: Path, sheet_index: int, ref: str, value: str) -> None:
    """Give a formula cell a saved value, as Excel does when it calculates before saving."""
    part = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as src:
        items = {i.filename: src.read(i) for i in src.infolist()}
    xml = items[part].decode()
    xml, n = re.subn(
        rf'(<c r="{ref}"[^>]*>)(<f>.*?</f>)(<v>.*?</v>|<v\s*/>)?(</c>)',
        rf"\1\2<v>{value}</v>\4",
        xml,
    )
    assert n == 1, f"no formula at {ref}"
    items[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in items.items():
            dst.writestr(name, data)
