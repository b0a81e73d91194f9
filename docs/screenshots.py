"""Make the pictures of docs/img/ that the guide shows: sheets of the example and its documents.

    python docs/screenshots.py

It needs LibreOffice (`soffice`) and poppler's `pdftoppm`, and nothing else: no image library.
The script runs `procxl demo` in a temporary folder, so the pictures show exactly what the
current procxl makes. For a sheet it saves a copy of the updated example book with every other
sheet hidden (the marks of «Проверка» still work: they look the sheet up by name), printed one
page wide with its row and column headings, and converts it to PDF; for a document it converts
the .docx. `pdftoppm` renders the page once as a raw PPM to find where the content ends, and
again as a PNG cut to that box. One picture shows a book with a mistake made on purpose, so
that «Проверка» and a marked cell have something to show.

Run it after a change that shows in a picture, look at every PNG, and commit them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "img"
EXAMPLE = "пример-автосервис"
SHOWN = "Менеджер по развитию сети СТО"  # the position of the method's own example
MISSPELT = ("Кладовщик", "Кладовшик")  # the mistake of the picture of «Проверка»
MAX_KB = 150


@dataclass(frozen=True, slots=True)
class SheetShot:
    png: str  # ASCII, so that its address needs no escaping in any page
    sheet: str
    columns: str  # the letters of the columns shown; the others are hidden
    rows: int  # how many rows under the header are shown
    of_position: bool = False  # only the rows of SHOWN (its first column is the position)
    broken: bool = False  # from the book with the mistake
    dpi: int = 80


@dataclass(frozen=True, slots=True)
class PageShot:
    png: str
    document: str  # the file's name in the folder of the documents, without .docx
    page: int  # 1 is the first page, -1 the last, -2 the one before it
    top: float = 0.0  # the part of the page's content shown, as fractions of its height
    bottom: float = 1.0
    dpi: int = 70


DUTIES = f"Должностные обязанности — {SHOWN}"
SHOTS: tuple[SheetShot | PageShot, ...] = (
    SheetShot("sheet-processes.png", "Процессы", "ABDEFGJ", 4),
    SheetShot("sheet-competencies.png", "Компетенции", "ABCEFGH", 3, of_position=True),
    SheetShot("sheet-profiles.png", "Профили", "ABCDEF", 16, of_position=True),
    SheetShot("sheet-process-map.png", "Карта процессов", "ABCDEFG", 8),
    SheetShot("sheet-findings.png", "Проверка", "ABCDEF", 2, broken=True),
    SheetShot("sheet-performers-marked.png", "Исполнители", "ABCD", 8, broken=True,
              dpi=72),
    PageShot("duties-first-page.png", DUTIES, 1),
    PageShot("duties-visas.png", DUTIES, -2, 0.5),
    PageShot("duties-acknowledgement.png", DUTIES, -1, 0, 0.45),
    PageShot("profile-first-page.png", f"Профиль должности — {SHOWN}", 1),
)


def main(argv: list[str]) -> int:
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        print("Нужны LibreOffice (soffice) и pdftoppm (poppler-utils).", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        book, documents = _demo(work)
        broken = _broken_copy(book, work)
        for shot in SHOTS:
            if isinstance(shot, SheetShot):
                pdf = _sheet_pdf(soffice, broken if shot.broken else book, shot, work)
                page = 1
            else:
                docx = next(documents.rglob(f"{shot.document}.docx"))
                pdf = _to_pdf(soffice, docx, work)
                page = shot.page if shot.page > 0 else _pages(pdf) + 1 + shot.page
            top, bottom = (shot.top, shot.bottom) if isinstance(shot, PageShot) else (0, 1)
            target = OUT / shot.png
            _render(pdf, page, shot.dpi, top, bottom, target)
            size = target.stat().st_size // 1024
            print(f"Written {target} ({size} KB)")
            if size > MAX_KB:  # the guide ships in the wheel: keep its pictures small
                print(f"  larger than {MAX_KB} KB: show fewer rows or lower its dpi",
                      file=sys.stderr)
    return 0


def _demo(work: Path) -> tuple[Path, Path]:
    """The updated example book and the folder of its documents, made by `procxl demo`."""
    folder = work / "demo"
    subprocess.run([sys.executable, "-m", "procxl", "demo", str(folder)], check=True,
                   stdout=subprocess.DEVNULL)
    return folder / f"{EXAMPLE}.xlsx", folder / f"{EXAMPLE} — документы"


def _broken_copy(book: Path, work: Path) -> Path:
    """The example with one position misspelt on «Исполнители», updated by procxl."""
    import openpyxl

    copy = work / "с ошибкой.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["Исполнители"]
    cell = next(c for row in ws.iter_rows(min_row=2) for c in row if c.value == MISSPELT[0])
    cell.value = MISSPELT[1]
    wb.save(copy)
    subprocess.run([sys.executable, "-m", "procxl", "update", str(copy)],
                   stdout=subprocess.DEVNULL, check=False)  # exit 1: the book has errors
    return copy


def _sheet_pdf(soffice: str, book: Path, shot: SheetShot, work: Path) -> Path:
    """A PDF of the rows and columns `shot` shows of one sheet of `book`, with its headings."""
    import openpyxl
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.header_footer import HeaderFooter

    wb = openpyxl.load_workbook(book)
    ws = wb[shot.sheet]
    for other in wb.worksheets:
        if other is not ws:
            other.sheet_state = "hidden"
    wb.active = wb.worksheets.index(ws)
    for column in range(1, ws.max_column + 1):
        letter = get_column_letter(column)
        ws.column_dimensions[letter].hidden = letter not in shot.columns
    shown = [row for row in range(2, ws.max_row + 1)
             if not shot.of_position or ws.cell(row, 1).value == SHOWN][:shot.rows]
    for row in range(2, shown[-1] + 1):
        ws.row_dimensions[row].hidden = row not in shown
    ws.print_area = f"A1:{max(shot.columns)}{shown[-1]}"
    ws.print_title_rows = None
    ws.print_options.headings = True
    ws.print_options.gridLines = True
    ws.HeaderFooter = HeaderFooter()
    ws.page_setup.paperSize = ws.PAPERSIZE_A3  # big enough to print at full size
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    copy = work / f"{Path(shot.png).stem}.xlsx"
    wb.save(copy)
    return _to_pdf(soffice, copy, work)


def _to_pdf(soffice: str, source: Path, work: Path) -> Path:
    profile = (work / "libreoffice-profile").as_uri()  # its own, beside any running soffice
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), str(source)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=300)
    return work / f"{source.stem}.pdf"


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    line = next(ln for ln in info.stdout.splitlines() if ln.startswith("Pages:"))
    return int(line.split()[1])


def _render(pdf: Path, page: int, dpi: int, top: float, bottom: float, target: Path) -> None:
    """Page `page` of `pdf` as a PNG cut to its content (between `top` and `bottom`)."""
    x, y, width, height = _content_box(pdf, page, dpi)
    y, height = y + int(height * top), int(height * (bottom - top))
    margin = dpi // 8
    x, y = max(x - margin, 0), max(y - margin, 0)
    width, height = width + 2 * margin, height + 2 * margin
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-x", str(x), "-y", str(y), "-W", str(width), "-H", str(height),
                    "-singlefile", str(pdf), str(target.with_suffix(""))], check=True)


def _content_box(pdf: Path, page: int, dpi: int) -> tuple[int, int, int, int]:
    """Where the page has anything but white: x, y, width and height in pixels at `dpi`."""
    ppm = subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
                          "-singlefile", str(pdf)], check=True, capture_output=True).stdout
    width, height, pixels = _pgm(ppm)
    rows = [pixels[i * width:(i + 1) * width] for i in range(height)]
    inked = [i for i, row in enumerate(rows) if row.strip(b"\xff")]
    left = min(len(row) - len(row.lstrip(b"\xff")) for row in rows if row.strip(b"\xff"))
    right = max(len(row.rstrip(b"\xff")) for row in rows)
    return left, inked[0], right - left, inked[-1] + 1 - inked[0]


def _pgm(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and the 8-bit pixels of a binary PGM (P5) image, as pdftoppm writes it."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:  # magic, width, height, maximum value
        while data[position:position + 1].isspace():
            position += 1
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    assert fields[0] == b"P5" and fields[3] == b"255", fields
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[position + 1:position + 1 + width * height]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
