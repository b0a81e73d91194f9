"""The wheel a user installs carries the workbooks and the command."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_the_workbooks_and_the_entry_point(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = tmp_path.glob("procxl-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "procxl = procxl.cli:main" in z.read(entry_points).decode()
    for workbook in (ROOT / "workbook_templates").glob("*.xlsx"):
        assert f"procxl/workbook_templates/{workbook.name}" in names
    assert "procxl/schema.py" in names and "procxl/workbook/reader.py" in names
    assert not any(n.startswith(("tests/", "bench/")) for n in names)
