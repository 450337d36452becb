"""The face a PDF's CJK font is read with when the file names the font without embedding it.

Such a PDF (STSong-Light, SimSun or 宋体 referenced by name, as many exports and government
PDFs are) leaves pdfium to substitute a face from the machine. Reading text needs from that face
only each character's box: pdfium sizes a text run from its glyphs' boxes and leaves a run of
zero width out of the text, while the reader's own line boxes come from the PDF's widths and the
font's ascent and descent. Substituting the machine's CJK font (Noto CJK here, a CFF font) makes
pdfium interpret an outline for every character, twice per page: most of a page's reading time.
On a machine with no CJK font, the glyphs are missing and a one-character row (a lone 。)
disappears. This face has no outlines to interpret: every character is one box over the em
square, so reading costs the same on every machine and no run is empty.

The face is a minimal TrueType font written here from the tables below (about 800 bytes).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import cache

NAME = "search-cjk-box"
"""The face's family name: unlike any installed font's, so pdfium caches it apart."""
UNITS_PER_EM = 1000
ASCENT, DESCENT = 880, -120
"""The ideographic em box of CJK fonts (Adobe's convention; Noto CJK's typographic metrics)."""
BAR = 100
"""How wide a glyph's ink is, from the origin: pdfium widens a character's loose box to its
glyph's box, so the ink stays inside any real character's width and above the baseline, where
the box the PDF's own widths and descent give already covers it. A tenth of an em is still wide
enough that a one-character run of the smallest print keeps a width."""


@dataclass(frozen=True)
class Glyph:
    advance: int
    inked: bool
    """A bar from the baseline to the ascent, or nothing (a space)."""


GLYPHS: tuple[Glyph, ...] = (Glyph(1000, True), Glyph(500, True), Glyph(1000, True), Glyph(500, False),
                             Glyph(1000, False))
NOTDEF, HALF, FULL, HALF_SPACE, FULL_SPACE = range(len(GLYPHS))
CHARACTERS: tuple[tuple[int, int, int], ...] = (
    (0x0020, 0x0020, HALF_SPACE), (0x0021, 0x007E, HALF), (0x00A0, 0x00A0, HALF_SPACE), (0x00A1, 0x024F, HALF),
    (0x0250, 0x1FFF, FULL), (0x2000, 0x200B, HALF_SPACE), (0x200C, 0x2FFF, FULL), (0x3000, 0x3000, FULL_SPACE),
    (0x3001, 0xFF60, FULL), (0xFF61, 0xFFDC, HALF), (0xFFDD, 0x10FFFF, FULL),
)
"""First and last code point of each range → its glyph; control characters map to none, as in
a real font. Latin and half-width forms are half an em, the rest a whole one, as in SimSun."""


@cache
def face() -> bytes:
    """The font file: its tables in tag order behind the table directory."""
    glyf, offsets = b"", [0]
    for glyph in GLYPHS:
        glyf += _outline(glyph)
        offsets.append(len(glyf))
    count = len(GLYPHS)
    tables = {
        b"OS/2": struct.pack(">HhHHHhhhhhhhhhhh10sIIII4sHHHhhhHHII", 1, UNITS_PER_EM, 400, 5, 0, 650, 700, 0, 140,
                             650, 700, 0, 480, 50, 250, 0, bytes(10), 1, 0, 0, 0, b"NONE", 0x40, 0x20, 0xFFFF, ASCENT,
                             DESCENT, 0, ASCENT, -DESCENT, 0x001E0001, 0),
        b"cmap": _character_map(),
        b"glyf": glyf,
        b"head": struct.pack(">IIIIHHqqhhhhHHhhh", 0x10000, 0x10000, 0, 0x5F0F3CF5, 0x000B, UNITS_PER_EM, 0, 0, 0,
                             DESCENT, UNITS_PER_EM, ASCENT, 0, 8, 2, 1, 0),
        b"hhea": struct.pack(">IhhhHhhhhhhhhhhhH", 0x10000, ASCENT, DESCENT, 0, UNITS_PER_EM, 0, 0, UNITS_PER_EM, 1,
                             0, 0, 0, 0, 0, 0, 0, count),
        b"hmtx": b"".join(struct.pack(">Hh", glyph.advance, 0) for glyph in GLYPHS),
        b"loca": struct.pack(f">{len(offsets)}I", *offsets),
        b"maxp": struct.pack(">IHHHHHHHHHHHHHH", 0x10000, count, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
        b"name": _names(),
        b"post": struct.pack(">IIhhIIIII", 0x30000, 0, 0, 0, 0, 0, 0, 0, 0),
    }
    return _sfnt(tables)


def _outline(glyph: Glyph) -> bytes:
    """One closed rectangle of four on-curve points, coordinates as deltas; a space has no data."""
    if not glyph.inked:
        return b""
    xs, ys = (0, BAR, BAR, 0), (0, 0, ASCENT, ASCENT)
    deltas = [b - a for points in (xs, ys) for a, b in zip((0, *points), points, strict=False)]
    data = struct.pack(">hhhhhHH4B8h", 1, 0, 0, BAR, ASCENT, 3, 0, 1, 1, 1, 1, *deltas)
    return data + bytes(-len(data) % 4)


def _character_map() -> bytes:
    """A Unicode (3, 10) subtable of format 13: each range of code points maps to one glyph."""
    groups = b"".join(struct.pack(">III", first, last, glyph) for first, last, glyph in CHARACTERS)
    subtable = struct.pack(">HHIII", 13, 0, 16 + len(groups), 0, len(CHARACTERS)) + groups
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + subtable


def _names() -> bytes:
    family, style = NAME.encode("utf-16-be"), "Regular".encode("utf-16-be")
    records = [(1, family, 0), (2, style, len(family)), (4, family, 0), (6, family, 0)]
    head = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    return head + b"".join(struct.pack(">6H", 3, 1, 0x409, number, len(text), at) for number, text, at in records) + (
        family + style)


def _sfnt(tables: dict[bytes, bytes]) -> bytes:
    """The table directory (with each table's checksum) and the tables, each padded to 4 bytes."""
    count = len(tables)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x10000, count, 16 * power, power.bit_length() - 1, 16 * (count - power))
    directory, body = b"", b""
    for tag in sorted(tables):
        data = tables[tag]
        padded = data + bytes(-len(data) % 4)
        checksum = sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
        directory += struct.pack(">4sIII", tag, checksum, 12 + 16 * count + len(body), len(data))
        body += padded
    return header + directory + body
