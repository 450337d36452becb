"""PDF files: the text layer, lines rebuilt from the boxes of its text runs.

Lines are put together from where their text sits on the page (top to bottom, left to right),
not from the order a producer drew them in; Chinese gets no stray spaces ("2023 年" → "2023年").
Lines repeated page after page at the top or bottom (running headers, footers) and page numbers
are page furniture: left out and counted. Paragraphs wrapped across lines and pages are joined
later by the layout repair every format goes through, told which rows reached the text's right
margin and ran on (`full_rows`): a row's edge says what its characters cannot. A PDF without a
text layer (a scan) or with a password is skipped and named. A CJK font the file names without
embedding it is read with the box face of `pdf_face`, never with the machine's own CJK font.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from functools import cache

from search.ingest.formats.base import Extracted, FormatError, compact_date, property_title, tidy
from search.ingest.formats.pdf_face import NAME, face
from search.ingest.progress import page_read
from search.models import Hints

SAME_LINE = 3.0
"""Points two runs' baselines may differ by and be one line (superscripts, mixed fonts)."""
WORD_GAP = 1.0
EDGE_LINES = 2
"""How many lines at the top and at the bottom of a page may be running headers or footers."""
REPEATED_SHARE = 0.5
PAGE_NUMBER: tuple[re.Pattern[str], ...] = tuple(re.compile(p) for p in (
    r"^[-－—–]\s*\d{1,4}\s*[-－—–]$", r"^第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$",
    r"^\d{1,4}\s*/\s*\d{1,4}$",
    r"^\d{1,4}$", r"^[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?$",
))
_WIDE = r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\uf900-\ufaff]"
_STRAY_SPACE = re.compile(rf"(?<={_WIDE})\s+|\s+(?={_WIDE})")
_DIGITS = re.compile(r"\d+")
SNIFF_BYTES = 1024
MARGIN_MIN_ROWS = 5
"""Rows that must reach the right margin for the rows to show a text column at all."""
MARGIN_QUANTILE = 0.1
"""The share of rows let beyond a margin (a wide table row) when finding it."""
COLUMN_MIN_SHARE = 0.5
"""A text column spans at least this share of its page's width; narrower rows are a list or a
table, whose rows end where their text ends."""
INDENT_EMS = 1.0
"""A row starting this many characters right of the left margin opens a paragraph (an indent)."""
HALF_WIDTH = 0.5
CJK_CHARSETS = frozenset({128, 129, 134, 136})
"""The charsets pdfium asks the system for when a CJK font is not embedded: Shift-JIS, Hangul,
GB2312 and Big5 (the Japan1, Korea1, GB1 and CNS1 collections)."""


@dataclass(frozen=True)
class PageLine:
    page: int
    text: str
    left: float = 0.0
    right: float = 0.0
    gap: float = 0.0


Piece = tuple[float, float, float, str, float]
"""A run of characters on one baseline: bottom, left, right, text, the widest gap inside it."""


def read(data: bytes, name: str) -> Extracted:
    if b"%PDF-" not in data[:SNIFF_BYTES]:
        head = data[:SNIFF_BYTES].lstrip().lower()
        looks = "an HTML page (a download error?)" if head.startswith((b"<!doctype", b"<html", b"<")) else "other data"
        raise FormatError(f"not a PDF: it holds {looks}")
    import pypdfium2 as pdfium

    _cjk_fonts_as_boxes()
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise FormatError("password-protected: save an unprotected copy to index it") from None
        raise FormatError(f"corrupt or truncated ({exc})") from None
    try:
        hints = _hints(document)
        pages: list[list[PageLine]] = []
        for i in range(len(document)):
            pages.append(_page_lines(document[i]))
            page_read(i + 1, len(document))
        width = max((document.get_page_size(i)[0] for i in range(len(document))), default=0.0)
    finally:
        document.close()
    if not any(line for page in pages for line in page):
        raise FormatError("no text layer: a scanned image? OCR it first")
    kept, furniture = _without_furniture(pages)
    if not kept:
        raise FormatError("no text but page numbers and running headers")
    return Extracted(tuple(line.text for line in kept), "pdf", pages=tuple(line.page for line in kept),
                     page_count=len(pages), hints=hints, furniture=furniture, full_rows=full_rows(kept, width))


@cache
def _cjk_fonts_as_boxes() -> tuple[object, ...]:
    """Once per process, before the first document: pdfium's own system fonts, but the box face
    for every CJK request. pdfium keeps the callbacks' addresses, so they are returned to the
    cache, which holds them for the life of the process. The face's address is its handle: no
    handle of the machine's font list can be the same."""
    import pypdfium2.raw as pdfium_c

    system = pdfium_c.FPDF_GetDefaultSystemFontInfo()
    machine = system.contents if system else None
    data = face()
    font = (ctypes.c_ubyte * len(data)).from_buffer_copy(data)
    handle, name = ctypes.addressof(font), NAME.encode() + b"\0"

    def map_font(info: object, weight: int, italic: int, charset: int, pitch: int, wanted: object,
                 exact: object) -> int | None:
        if charset in CJK_CHARSETS:
            return handle
        return machine.MapFont(system, weight, italic, charset, pitch, wanted, exact) if machine else None

    def font_data(info: object, hfont: int | None, table: int, out: ctypes._Pointer[ctypes.c_ubyte],
                  size: int) -> int:
        if hfont != handle:
            return int(machine.GetFontData(system, hfont, table, out, size)) if machine else 0
        if out and size >= len(data) and not table:
            ctypes.memmove(out, font, len(data))
        return 0 if table else len(data)

    def face_name(info: object, hfont: int | None, out: ctypes._Pointer[ctypes.c_char], size: int) -> int:
        if hfont != handle:
            return int(machine.GetFaceName(system, hfont, out, size)) if machine else 0
        if out and size >= len(name):
            ctypes.memmove(out, name, len(name))
        return len(name)

    def charset(info: object, hfont: int | None) -> int:
        return int(machine.GetFontCharset(system, hfont)) if machine and hfont != handle else 1

    def delete(info: object, hfont: int | None) -> None:
        if machine and hfont != handle:
            machine.DeleteFont(system, hfont)

    def enumerate_fonts(info: object, mapper: object) -> None:
        if machine:
            machine.EnumFonts(system, mapper)

    def get_font(info: object, wanted: object) -> int | None:
        return machine.GetFont(system, wanted) if machine else None

    kinds = dict(pdfium_c.FPDF_SYSFONTINFO._fields_)
    callbacks = {field: kinds[field](call) for field, call in (
        ("Release", lambda info: None), ("EnumFonts", enumerate_fonts), ("MapFont", map_font), ("GetFont", get_font),
        ("GetFontData", font_data), ("GetFaceName", face_name), ("GetFontCharset", charset), ("DeleteFont", delete))}
    info = pdfium_c.FPDF_SYSFONTINFO(version=1, **callbacks)
    pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(info))
    return info, font, system, *callbacks.values()


def _hints(document: object) -> Hints:
    """The document information's title and creation date (an export's, near publication)."""
    get = document.get_metadata_value  # type: ignore[attr-defined]
    return Hints(title=property_title(get("Title")), date=compact_date(get("CreationDate")))


def _page_lines(page: object) -> list[PageLine]:
    """A page's lines from its characters' boxes: runs of characters drawn one after another on
    one baseline, and runs whose baselines agree are one line.

    The box is pdfium's loose one (the font's ascent and descent, not the glyph's ink): an ink
    box puts 一 or ー far above its neighbours' bottom and breaks the line there. It is read
    through the raw call into one reused rectangle, as a page holds a few thousand characters."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count)
        if len(text) != count:  # characters beyond the BMP: read one by one to keep indexes
            text = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(count))
        box, handle, loose_box = pdfium_c.FS_RECTF(), textpage.raw, pdfium_c.FPDFText_GetLooseCharBox
        runs: list[list[float | str]] = []
        for i, char in enumerate(text):
            if char in "\r\n\x00\ufffe":
                runs.append([])
                continue
            loose_box(handle, i, box)
            left, bottom, right = box.left, box.bottom, box.right
            run = runs[-1] if runs else []
            if run and abs(float(run[0]) - bottom) <= SAME_LINE and left >= float(run[2]) - SAME_LINE:
                run[4] = max(float(run[4]), left - float(run[2]))
                run[2], run[3] = max(float(run[2]), right), str(run[3]) + char
            else:
                runs.append([bottom, left, right, char, 0.0])
    finally:
        textpage.close()
    found = [(float(r[0]), float(r[1]), float(r[2]), str(r[3]), float(r[4])) for r in runs if r and str(r[3]).strip()]
    lines: list[list[Piece]] = []
    for piece in sorted(found, key=lambda r: (-r[0], r[1])):
        if lines and abs(lines[-1][0][0] - piece[0]) <= SAME_LINE:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return [_row(sorted(line, key=lambda r: r[1])) for line in lines]


def _row(pieces: list[Piece]) -> PageLine:
    """A line's text with its left and right edges, and the widest gap between its characters
    (a table's cells or a second column leave one; prose does not)."""
    gaps = [piece[4] for piece in pieces] + [b[1] - a[2] for a, b in zip(pieces, pieces[1:], strict=False)]
    return PageLine(0, _joined(pieces), pieces[0][1], max(piece[2] for piece in pieces), max(gaps))


def _joined(runs: list[Piece]) -> str:
    out = runs[0][3]
    for before, run in zip(runs, runs[1:], strict=False):
        out += (" " if run[1] - before[2] > WORD_GAP else "") + run[3]
    return _STRAY_SPACE.sub("", tidy(out))


def _without_furniture(pages: list[list[PageLine]]) -> tuple[list[PageLine], int]:
    """Lines but running headers, footers and page numbers, with how many were left out."""
    edges = [page[:EDGE_LINES] + page[-EDGE_LINES:] for page in pages]
    seen = Counter(key for edge in edges for key in {_DIGITS.sub("#", row.text) for row in edge})
    least = max(2, math.ceil(len(pages) * REPEATED_SHARE))
    kept: list[PageLine] = []
    dropped = 0
    for number, page in enumerate(pages, start=1):
        for index, row in enumerate(page):
            line = row.text
            at_edge = index < EDGE_LINES or index >= len(page) - EDGE_LINES
            repeated = seen[_DIGITS.sub("#", line)] >= least
            if at_edge and (repeated or any(p.match(line) for p in PAGE_NUMBER)):
                dropped += 1
            else:
                kept.append(PageLine(number, line, row.left, row.right, row.gap))
    return kept, dropped


def full_rows(rows: list[PageLine], page_width: float) -> frozenset[int] | None:
    """The 1-based numbers of rows that reached the text's right margin, the next row starting at
    its left margin: wrapped rows, whatever characters they end with. None when the rows show
    no column (fewer than `MARGIN_MIN_ROWS` reach one edge, or it spans less than
    `COLUMN_MIN_SHARE` of the page): the layout repair then guesses from the text alone.

    The margins are the edges most rows reach, not the extremes (a wide table row, a centred
    title); a row is full when the gap to the right margin is narrower than one character, the
    width a Chinese character takes in the rows at hand. A row with a wider gap inside is a
    table's or two columns' and ends where its cells do."""
    if len(rows) < MARGIN_MIN_ROWS:
        return None
    rights = sorted(row.right for row in rows)
    lefts = sorted(row.left for row in rows)
    right = rights[int(len(rights) * (1 - MARGIN_QUANTILE))]
    left = lefts[int(len(lefts) * MARGIN_QUANTILE)]
    em = statistics.median((row.right - row.left) / max(_columns(row.text), 1) for row in rows)
    reach = sum(1 for row in rows if row.right >= right - em)
    if reach < MARGIN_MIN_ROWS or right - left < COLUMN_MIN_SHARE * page_width:
        return None
    return frozenset(number for number, (row, after) in enumerate(zip(rows, rows[1:], strict=False), start=1)
                     if row.right >= right - em and row.gap < em and after.left < left + INDENT_EMS * em)


def _columns(text: str) -> float:
    """A row's width in Chinese characters, as a typesetter draws it: Latin letters, digits and
    ASCII punctuation take about half a character."""
    return len(text) - HALF_WIDTH * len(text.encode("ascii", "ignore"))
