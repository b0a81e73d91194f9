"""What a check loads: only what reading the book and its rules need, so that a check starts
fast. The libraries that write documents and books, and the morphology dictionary that
declines their texts, are loaded by the commands that write."""

from __future__ import annotations

import json
import subprocess
import sys

from procxl.example import EXAMPLE_FILENAME
from procxl.resources import bundled_workbook

NOT_FOR_CHECKING = {"openpyxl", "docx", "docxtpl", "jinja2", "pymorphy3", "xlwings"}
"""What a check has no use for. lxml is not among them: it proves each part well formed,
with the interpreter lock released, beside the reading of the next."""

_CHECK = """
import json, sys
from pathlib import Path
from procxl.actions import check_file
findings = check_file(Path(sys.argv[1]))
print(json.dumps({"findings": len(findings),
                  "loaded": sorted({name.split(".")[0] for name in sys.modules})}))
"""


def test_a_check_loads_no_writer_and_no_dictionary() -> None:
    # the example's programmer takes his education from a professional standard, whose
    # items a document declines: the check asks only whether there is one
    book = bundled_workbook(EXAMPLE_FILENAME)
    done = subprocess.run([sys.executable, "-c", _CHECK, str(book)], capture_output=True,
                          text=True, encoding="utf-8", check=True)
    report = json.loads(done.stdout)
    assert report["findings"] == 0
    assert NOT_FOR_CHECKING.isdisjoint(report["loaded"])
