"""Small real workbook files for tests, written with openpyxl as a user's Excel would save them."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl

from procxl.workbook.files import atomic_save

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


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


def _billion_laughs(levels: int = 9) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)
    ]
    return f'<?xml version="1.0"?><!DOCTYPE bomb [{"".join(entities)}]>'


def plant_entity_bomb(path: Path, part: str, after: str, levels: int = 9) -> None:
    """Put a "billion laughs" entity bomb into one XML part, expanded right after `after`."""
    with zipfile.ZipFile(path) as src:
        items = {i.filename: src.read(i) for i in src.infolist()}
    xml = items[part].decode()
    if xml.startswith("<?xml"):
        xml = xml.split("?>", 1)[1]
    assert after in xml, f"{after!r} not in {part}"
    planted = xml.replace(after, f"{after}&lol{levels};", 1)
    items[part] = (_billion_laughs(levels) + planted).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in items.items():
            dst.writestr(name, data)


def libreoffice_evaluates(tmp_path: Path, wb: openpyxl.Workbook, formulas: Sequence[str]
                          ) -> list[str]:
    """What LibreOffice computes for `formulas`, each put in a row of a new sheet of `wb`:
    one text per formula, as the office program shows it."""
    probe = wb.create_sheet("Проба")
    for row, formula in enumerate(formulas, 1):
        probe.cell(row, 1, "=" + formula)
    book = tmp_path / f"проба-{uuid.uuid4().hex[:6]}.xlsx"
    atomic_save(wb, book)
    profile = f"file:///tmp/lo-procxl-{uuid.uuid4().hex}"
    try:
        subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", _CSV, "--outdir", str(tmp_path), str(book)],
                       check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    lines = (tmp_path / f"{book.stem}-Проба.csv").read_text(encoding="utf-8").splitlines()
    return [line.strip('"') for line in lines]
