"""How wide a text is set in a TrueType font: the advance widths of its glyphs, read from
the font's own `cmap`, `hmtx`, `hhea` and `head` tables, with nothing but the standard
library. Liberation Serif, which comes with LibreOffice, is drawn to Times New Roman's
metrics, so it tells how much room a word of the documents takes in Word."""

from __future__ import annotations

import struct
from functools import cached_property
from pathlib import Path

LIBERATION = Path("/usr/share/fonts/truetype/liberation2")
POINT_MM = 25.4 / 72


class Font:
    def __init__(self, path: Path) -> None:
        self.data = path.read_bytes()
        count = struct.unpack_from(">H", self.data, 4)[0]
        self.offsets = {self.data[12 + 16 * i:16 + 16 * i].decode("latin-1"):
                        struct.unpack_from(">I", self.data, 20 + 16 * i)[0]
                        for i in range(count)}  # where each table starts

    @cached_property
    def units_per_em(self) -> int:
        return struct.unpack_from(">H", self.data, self.offsets["head"] + 18)[0]

    @cached_property
    def advances(self) -> list[int]:
        metrics = struct.unpack_from(">H", self.data, self.offsets["hhea"] + 34)[0]
        start = self.offsets["hmtx"]
        return [struct.unpack_from(">H", self.data, start + 4 * i)[0] for i in range(metrics)]

    @cached_property
    def glyphs(self) -> dict[int, int]:
        """Character code to glyph index, from the Unicode BMP subtable (format 4)."""
        cmap = self.offsets["cmap"]
        count = struct.unpack_from(">H", self.data, cmap + 2)[0]
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", self.data, cmap + 4 + 8 * i)
            at = cmap + offset
            if (platform, encoding) in ((3, 1), (0, 3)) and struct.unpack_from(
                    ">H", self.data, at)[0] == 4:
                return self._format4(at)
        raise ValueError("no Unicode BMP character map in the font")

    def _format4(self, at: int) -> dict[int, int]:
        segments = struct.unpack_from(">H", self.data, at + 6)[0] // 2
        ends = struct.unpack_from(f">{segments}H", self.data, at + 14)
        starts_at = at + 16 + 2 * segments
        starts = struct.unpack_from(f">{segments}H", self.data, starts_at)
        deltas = struct.unpack_from(f">{segments}h", self.data, starts_at + 2 * segments)
        ranges_at = starts_at + 4 * segments
        ranges = struct.unpack_from(f">{segments}H", self.data, ranges_at)
        found = {}
        for i, (start, end, delta, offset) in enumerate(
                zip(starts, ends, deltas, ranges, strict=True)):
            for code in range(start, min(end, 0xFFFE) + 1):
                if offset == 0:
                    glyph = (code + delta) & 0xFFFF
                else:
                    where = ranges_at + 2 * i + offset + 2 * (code - start)
                    glyph = struct.unpack_from(">H", self.data, where)[0]
                    glyph = (glyph + delta) & 0xFFFF if glyph else 0
                found[code] = glyph
        return found

    def width_mm(self, text: str, size_pt: float) -> float:
        """The width of `text` set at `size_pt` points, in millimetres."""
        last = len(self.advances) - 1
        units = sum(self.advances[min(self.glyphs.get(ord(ch), 0), last)] for ch in text)
        return units / self.units_per_em * size_pt * POINT_MM
