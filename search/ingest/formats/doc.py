"""Word 97 binary files (.doc, and Kingsoft's .wps, which keeps the same layout), without Word.

The text is where the piece table says: the WordDocument stream's FIB points into the table
stream at the Clx, whose PlcPcd lists pieces of text as character positions and file offsets;
a compressed piece is cp1252 bytes, any other UTF-16LE. Only the main document's characters
(`ccpText`) are read: headers, footnotes and comments come after them. Field codes are left out,
their shown results kept; cells of a table row become one line.
"""

from __future__ import annotations

import codecs
import datetime
import io
import re
import struct
from typing import Any

from search.ingest.formats.base import Extracted, FormatError, needs_text, nonempty, property_title
from search.models import Hints

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_IDENT = 0xA5EC
FIB = {"ident": 0x00, "flags": 0x0A, "ccp_text": 0x4C, "fc_clx": 0x01A2, "lcb_clx": 0x01A6}
"""Offsets in the WordDocument stream's FIB (MS-DOC 2.5.1)."""
ENCRYPTED, TABLE_1 = 1 << 8, 1 << 9
COMPRESSED = 0x40000000
SUMMARY = "\x05SummaryInformation"
PROPERTY_SET_OFFSET = 44
"""Where the first property set's offset sits: after the 28-byte header and its 16-byte FMTID."""
PID_CODEPAGE, PID_TITLE, PID_CREATED = 1, 2, 12
VT_LPSTR, VT_LPWSTR, VT_FILETIME = 30, 31, 64
MAX_SUMMARY_BYTES, MAX_PROPERTIES, MAX_TITLE_CHARS = 64 * 1024, 256, 1024
FILETIME_EPOCH = datetime.datetime(1601, 1, 1)
MAX_CHARS = 20_000_000
FIELD_CODE = re.compile("\x13[^\x13\x14\x15]*(?:\x14([^\x13\x14\x15]*))?\x15")
CONTROLS: tuple[tuple[str, str], ...] = (
    ("\x07\x07", "\r"), ("\x07", " "), ("\x0b", "\r"), ("\x0c", "\r"), ("\x0e", "\r"), ("\x1e", "-"), ("\x1f", ""),
    ("\x01", ""), ("\x08", ""), ("\x05", ""), ("\x02", ""), ("\x03", ""), ("\x04", ""),
)
"""Word's special characters: a row end after a cell end ends a table row, a cell end parts cells,
line, page and column breaks end lines; objects, footnote marks and soft hyphens vanish."""


def read(data: bytes, name: str) -> Extracted:
    if not data.startswith(OLE_MAGIC):
        raise FormatError("not a Word 97 document (no OLE header): a .docx or text renamed?")
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists("WordDocument"):
                raise FormatError("no WordDocument stream (not a Word document)")
            word = ole.openstream("WordDocument").read()
            flags = _u16(word, FIB["flags"])
            if _u16(word, FIB["ident"]) != WORD_IDENT:
                raise FormatError("not a Word 97 document (an older Word or another program's file)")
            if flags & ENCRYPTED:
                raise FormatError("password-protected: save an unprotected copy to index it")
            table_name = "1Table" if flags & TABLE_1 else "0Table"
            if not ole.exists(table_name):
                raise FormatError(f"no {table_name} stream: truncated or damaged")
            table = ole.openstream(table_name).read()
            hints = _hints(ole)
    except OSError as exc:
        raise FormatError(f"corrupt or truncated ({exc})") from None
    text = _main_text(word, table)
    for code, replacement in CONTROLS:
        text = text.replace(code, replacement)
    return Extracted(needs_text(nonempty(text.split("\r"))), "doc", hints=hints)


def _hints(ole: Any) -> Hints:
    """The summary information's title and creation time, read by a parser bounded by the
    stream: a damaged property set gives no hints, never a hang (olefile's own parser loops on
    some), and the text is what matters."""
    if not ole.exists(SUMMARY):
        return Hints()
    stream = ole.openstream(SUMMARY).read(MAX_SUMMARY_BYTES)
    try:
        where = _properties(stream)
        codepage = struct.unpack_from("<h", stream, where[PID_CODEPAGE] + 4)[0] if PID_CODEPAGE in where else 0
        title = _string(stream, where[PID_TITLE], codepage) if PID_TITLE in where else None
        created = _filetime(stream, where[PID_CREATED]) if PID_CREATED in where else None
    except (struct.error, OverflowError, ValueError):
        return Hints()
    return Hints(title=property_title(title), date=created)


def _properties(stream: bytes) -> dict[int, int]:
    """Property id → offset of its value in the first property set (MS-OLEPS 2.21)."""
    section = struct.unpack_from("<I", stream, PROPERTY_SET_OFFSET)[0]
    size, count = struct.unpack_from("<II", stream, section)
    if section + size > len(stream):
        raise ValueError("property set beyond its stream")
    pairs = struct.unpack_from(f"<{2 * min(count, MAX_PROPERTIES)}I", stream, section + 8)
    return {pairs[k]: section + pairs[k + 1] for k in range(0, len(pairs), 2)}


def _string(stream: bytes, offset: int, codepage: int) -> str | None:
    kind, count = struct.unpack_from("<II", stream, offset)
    count = min(count, MAX_TITLE_CHARS)
    if kind == VT_LPWSTR:
        text = stream[offset + 8 : offset + 8 + 2 * count].decode("utf-16-le", "replace")
    elif kind == VT_LPSTR:
        text = stream[offset + 8 : offset + 8 + count].decode(_codec(codepage), "replace")
    else:
        return None
    return text.split("\0")[0]


def _filetime(stream: bytes, offset: int) -> str | None:
    """A FILETIME (100 ns since 1601) as an ISO date; Word writes zero for none."""
    kind, ticks = struct.unpack_from("<IQ", stream, offset)
    if kind != VT_FILETIME or not ticks:
        return None
    return (FILETIME_EPOCH + datetime.timedelta(microseconds=ticks // 10)).date().isoformat()


def _codec(codepage: object) -> str:
    """The Python codec of a property set's code page (stored as a signed 16-bit number)."""
    number = codepage & 0xFFFF if isinstance(codepage, int) else 0
    try:
        return codecs.lookup(f"cp{number}").name
    except LookupError:
        return "utf-8"


def _u16(data: bytes, offset: int) -> int:
    if offset + 2 > len(data):
        raise FormatError("its FIB is truncated")
    value: int = struct.unpack_from("<H", data, offset)[0]
    return value


def _u32(data: bytes, offset: int) -> int:
    if offset + 4 > len(data):
        raise FormatError("its piece table is truncated")
    value: int = struct.unpack_from("<I", data, offset)[0]
    return value


def _main_text(word: bytes, table: bytes) -> str:
    """The first `ccpText` characters, piece by piece; field codes out, their results in."""
    ccp_text = min(_u32(word, FIB["ccp_text"]), MAX_CHARS)
    fc_clx, lcb_clx = _u32(word, FIB["fc_clx"]), _u32(word, FIB["lcb_clx"])
    clx = table[fc_clx : fc_clx + lcb_clx]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers, skipped
        pos += 3 + struct.unpack_from("<h", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 0x02:
        raise FormatError("no piece table in it: damaged, or saved in a fast-save format")
    size = _u32(clx, pos + 1)
    plc = clx[pos + 5 : pos + 5 + size]
    count = (len(plc) - 4) // 12
    if count <= 0:
        raise FormatError("an empty piece table")
    cps = [_u32(plc, 4 * i) for i in range(count + 1)]
    pieces: list[str] = []
    for i in range(count):
        start, end = cps[i], min(cps[i + 1], ccp_text)
        if end <= start:
            break
        fc = _u32(plc, 4 * (count + 1) + 8 * i + 2)
        if fc & COMPRESSED:
            offset = (fc & ~COMPRESSED) // 2
            pieces.append(word[offset : offset + end - start].decode("cp1252", "replace"))
        else:
            pieces.append(word[fc : fc + 2 * (end - start)].decode("utf-16-le", "replace"))
    return FIELD_CODE.sub(lambda m: m.group(1) or "", "".join(pieces))
