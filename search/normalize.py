"""Script normalisation shared by indexing and querying.

Every step maps one character to one character, so an offset in normalised text is an offset
in the original and highlights can be drawn on the characters as the report wrote them.
Conversion is per character, which makes it a homomorphism: normalise(a + b) equals
normalise(a) + normalise(b), so a substring of the original always normalises to a substring of
the normalised text (Ctrl+F parity survives normalisation).

The Traditional→Simplified table is OpenCC's `t2s` applied to each character alone, frozen in
`data/t2s.tsv` so that an index and a query made by different installs still agree; the mapping's
hash is part of the index's analyzer version. `build_t2s_table` regenerates it.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources

T2S_FILE = "t2s.tsv"
EXTRA_FOLDS = {"著": "着", "覆": "复", "瞭": "了"}
"""Characters that are Simplified in some words and OpenCC s2t's Traditional form of another
character in others (显著 but 着→著; 覆盖 but 批复→批覆; 瞭望 but 了解→瞭解): t2s leaves them
alone, so a Traditional report and a Simplified query would differ. Both sides fold them instead."""
CJK_RANGES = ((0x2E80, 0xA000), (0xF900, 0xFB00))
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[a-z]*[{_TONED}])[a-z{_TONED}ü]{{1,7}}\)")
"""A toned syllable in parentheses right after a character: 鄉(xiāng)."""


def build_t2s_table() -> dict[str, str]:
    """OpenCC t2s for every CJK character in isolation; only changed characters are kept."""
    import opencc

    chars = [chr(c) for start, end in CJK_RANGES for c in range(start, end)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        raise RuntimeError("OpenCC t2s changed the number of characters")
    return {a: b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}


def _read_table_text() -> str:
    return resources.files("search").joinpath("data", T2S_FILE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _translation() -> dict[int, int]:
    table: dict[int, int] = {}
    for row in _read_table_text().splitlines():
        if row:
            src, dst = row.split("\t")
            table[ord(src)] = ord(dst)
    for src, dst in EXTRA_FOLDS.items():
        table[ord(src)] = ord(dst)
    for code in range(0xFF01, 0xFF5F):
        table[code] = code - 0xFEE0
    table[0x3000] = 0x20
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = code + 32
    for code in range(0xFF21, 0xFF3B):
        table[code] = code - 0xFEE0 + 32
    return _closed(table)


def _closed(table: dict[int, int]) -> dict[int, int]:
    """Follow chains to their end (薴→苧→苎, compatibility 著→著→着) so that normalising twice
    changes nothing: a query typed in the intermediate character must meet the same text."""
    closed: dict[int, int] = {}
    for src, dst in table.items():
        seen = {src}
        while dst in table and dst not in seen:
            seen.add(dst)
            dst = table[dst]
        closed[src] = dst
    return closed


@lru_cache(maxsize=1)
def version() -> str:
    """Changes whenever the normalisation would map any character differently: it hashes the
    mapping itself, not the files and rules it is made from."""
    return hashlib.sha256(repr(sorted(_translation().items())).encode("ascii")).hexdigest()[:16]


def normalize(text: str) -> str:
    """Simplified script, EXTRA_FOLDS, half-width ASCII, lower-case ASCII; same length as `text`."""
    return text.translate(_translation())


def without_pinyin(norm: str) -> str:
    """Normalised text without inline pinyin after characters (鄉(xiāng)鎮(zhèn) → 乡镇), for
    reading names, years and headings; offsets change: `matching_view` keeps them."""
    return _PINYIN.sub("", norm)


def matching_view(text: str) -> tuple[str, list[int] | None]:
    """What queries match: `normalize(text)` without inline pinyin, and the offset in `text` of
    each character kept (None when nothing was removed, so offsets are the same)."""
    norm = normalize(text)
    if "(" not in norm or not _PINYIN.search(norm):
        return norm, None
    kept: list[int] = []
    last = 0
    for match in _PINYIN.finditer(norm):
        kept.extend(range(last, match.start()))
        last = match.end()
    kept.extend(range(last, len(norm)))
    return "".join(norm[i] for i in kept), kept


def original_span(offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """A span of the matching view as a span of the original text."""
    if offsets is None or start >= end:
        return start, end
    return offsets[start], offsets[end - 1] + 1
