"""Word 97 binary reports (.doc, .wps): text from the piece table, without Word."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from search.ingest.corpus import load
from search.ingest.document import build_document
from search.ingest.formats import FormatError, extract
from search.models import RawFile
from search.testing import temporary_index

SECTOR = 512
END, FREE, FAT_SECTOR, NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
TEXT_AT = 0x800
CHINESE = ("泉溪镇2023年政府工作报告\r一、工作回顾\r全镇新修村组道路十五公里，"
           "\x13 HYPERLINK \"x\" \x14油茶\x15林改造三千亩。\r项目\x07完成量\x07\x07道路\x07十五公里\x07\x07"
           "二、2024年工作安排\r扩大油茶种植规模。\r")
LATIN = "Appendix 2023\r"


def _entry(name: str, kind: int, start: int, size: int, child: int = NONE, left: int = NONE) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, left, NONE, child)
            + b"\0" * 36 + struct.pack("<IQ", start, size))


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (version 3): one FAT sector, one directory sector, and each
    stream padded to at least 4096 bytes so that it lives in regular sectors."""
    data, chains, fat = b"", [], [FAT_SECTOR, END]
    for body in streams.values():
        body = body.ljust(max(4096, -(-len(body) // SECTOR) * SECTOR), b"\0")
        first, count = len(fat), len(body) // SECTOR
        fat += [first + k + 1 for k in range(count - 1)] + [END]
        chains.append((first, len(body)))
        data += body
    names = list(streams)
    directory = _entry("Root Entry", 5, END, 0, child=1)
    directory += _entry(names[0], 2, *chains[0], left=2 if len(names) > 1 else NONE)
    for name, chain in zip(names[1:], chains[1:], strict=True):
        directory += _entry(name, 2, *chain)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREE) * 108)
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(SECTOR, b"\xff")
    return header + fat_sector + directory.ljust(SECTOR, b"\0") + data


def word_file(flags: int = 0) -> bytes:
    """A WordDocument stream with one UTF-16 piece and one compressed (cp1252) piece."""
    wide = CHINESE.encode("utf-16-le")
    narrow_at = TEXT_AT + len(wide)
    word = bytearray(narrow_at + len(LATIN))
    struct.pack_into("<HH", word, 0, 0xA5EC, 0xC1)
    struct.pack_into("<H", word, 0x0A, flags)
    struct.pack_into("<I", word, 0x4C, len(CHINESE) + len(LATIN))
    word[TEXT_AT:narrow_at] = wide
    word[narrow_at:] = LATIN.encode("cp1252")
    plc = struct.pack("<III", 0, len(CHINESE), len(CHINESE) + len(LATIN))
    plc += struct.pack("<HIH", 0, TEXT_AT, 0) + struct.pack("<HIH", 0, (narrow_at * 2) | 0x40000000, 0)
    clx = b"\x01" + struct.pack("<h", 2) + b"\0\0" + b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", word, 0x01A2, 0, len(clx))
    return compound_file({"WordDocument": bytes(word), "0Table": clx})


def test_the_piece_table_gives_the_text_fields_and_table_rows() -> None:
    lines = extract(word_file(), "a.doc").lines
    assert lines == ("泉溪镇2023年政府工作报告", "一、工作回顾", "全镇新修村组道路十五公里，油茶林改造三千亩。",
                     "项目 完成量", "道路 十五公里", "二、2024年工作安排", "扩大油茶种植规模。", "Appendix 2023")


def test_a_wps_file_is_indexed_like_a_report(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "report.wps").write_bytes(word_file())
    raw = load(root, "report.wps")
    assert isinstance(raw, RawFile) and raw.format == "doc"
    doc = build_document(raw)
    assert (doc.title, doc.town, doc.year) == ("泉溪镇2023年政府工作报告", "泉溪镇", 2022)
    assert {p.line: p.section for p in doc.paragraphs}[7] == "工作计划"
    with temporary_index(root) as idx:
        assert sorted(h.citation for h in idx.search('"油茶"', limit=None).hits) == ["report.wps:3", "report.wps:7"]


@pytest.mark.parametrize(("data", "reason"), [
    (b"PK\x03\x04 a renamed docx", "no OLE header"),
    (word_file()[:1500], "corrupt or truncated|no WordDocument|truncated"),
    (word_file(flags=1 << 8), "password-protected"),
])
def test_unreadable_word_files_raise_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(FormatError, match=reason):
        extract(data, "x.doc")
