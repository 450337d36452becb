"""Script normalisation shared by indexing and querying.

Every step maps one character to one character, so an offset in normalised text is an offset
in the original and highlights can be drawn on the characters as the report wrote them.

Two folds, in order. Characters: OpenCC's `t2s` applied to each character alone, frozen in
`data/t2s.tsv`, with EXTRA_FOLDS, half-width ASCII and lower case. Phrases: where OpenCC
converts a Traditional phrase differently from its characters (計畫 → 计划, not 计画; 藉此 → 借此,
傢俱 → 家具, 甦醒 → 苏醒), the phrase as the original text writes it is replaced by its
conversion, frozen in `data/t2s_phrases.tsv`, and only where lengths match. A phrase is found
where the text writes the characters it turns differently as the phrase does (畫 of 計畫) and the
others in either script, leftmost and longest first: Simplified text is rewritten only where it
writes such a phrase itself (藉口 → 借口), never where a character fold makes one (冶金炼铁).

The character fold is a homomorphism (normalise(a + b) equals normalise(a) + normalise(b)); the
phrase fold is not: 畫 alone is 画, inside 計畫 it is 划, so a query for 画 does not find 計畫. A
quoted query still finds exactly the paragraphs whose normalised text holds its normalised text
(Ctrl+F parity is defined on the normalised text). The mappings' hash is part of the index's
analyzer version. `build_t2s_table` and `build_phrase_table` regenerate the tables.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

T2S_FILE = "t2s.tsv"
PHRASES_FILE = "t2s_phrases.tsv"
PEDANTIC = frozenset("锺钜迳𫫇")
"""Characters of OpenCC's phrase conversions that Simplified writing does not use (钱锺书 for
钱钟书, 钜子 for 巨子): a phrase that needs one is left to the character fold, which gives the
form a Simplified query types."""
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


def build_phrase_table(phrases: Iterable[str]) -> dict[str, str]:
    """OpenCC t2s of each Traditional phrase (the keys of OpenCC's TSPhrases dictionary), kept
    where it differs from the character fold, has the same length, is left alone by the
    character fold, and changes no character that the character fold gives for another one (坏
    is both 坯 in 打坏 and the Simplified of 壞; 沈 both 沉 and the Simplified of 瀋): such a phrase
    would rewrite Simplified text, and normalising twice would change it again."""
    import opencc

    converter = opencc.OpenCC("t2s")
    targets = {chr(dst) for src, dst in _translation().items() if src != dst}
    table: dict[str, str] = {}
    for phrase in phrases:
        converted = converter.convert(phrase)
        folded = _fold_chars(phrase)
        if len(converted) != len(phrase) or folded == converted or _fold_chars(converted) != converted:
            continue
        changed = [i for i, (a, b) in enumerate(zip(folded, converted, strict=True)) if a != b]
        if any(phrase[i] in targets or converted[i] in PEDANTIC for i in changed):
            continue
        table[phrase] = converted
    return table


def _read_table_text(name: str = T2S_FILE) -> str:
    return resources.files("search").joinpath("data", name).read_text(encoding="utf-8")


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
def _phrase_rows() -> tuple[tuple[str, str], ...]:
    rows = (row.split("\t") for row in _read_table_text(PHRASES_FILE).splitlines() if row)
    return tuple((src, dst) for src, dst in rows)


@lru_cache(maxsize=1)
def _triggers() -> tuple[frozenset[int], re.Pattern[str] | None]:
    """The characters a phrase turns differently from the character fold (畫 of 計畫, 藉 of 藉此),
    and a pattern finding any of them: text without one holds no phrase, and skips the search."""
    found = frozenset(ord(src[i]) for src, dst in _phrase_rows() for i in range(len(src))
                      if _fold_chars(src[i]) != dst[i])
    if not found:
        return found, None
    return found, re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(found)) + "]")


@lru_cache(maxsize=1)
def _key_translation() -> dict[int, int]:
    """The character fold except for the triggers: a phrase is found where the text writes those
    as the phrase does and the rest in either script (淩藉 holds 凌藉), so that normalising twice
    changes nothing."""
    triggers = _triggers()[0]
    return {src: dst for src, dst in _translation().items() if src not in triggers}


@lru_cache(maxsize=1)
def _phrases() -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Each phrase as the key text holds it → its conversion, and one pattern of them, longest
    first so that the longest phrase starting at a place wins (藉此機會 over 藉此)."""
    table: dict[str, str] = {}
    for src, dst in _phrase_rows():
        table.setdefault(src.translate(_key_translation()), dst)
    if not table:
        return table, None
    ordered = sorted(table, key=lambda p: (-len(p), p))
    return table, re.compile("|".join(map(re.escape, ordered)))


@lru_cache(maxsize=1)
def version() -> str:
    """Changes whenever the normalisation would map any character or phrase differently: it
    hashes the mappings themselves, not the files and rules they are made from."""
    mapping = repr((sorted(_translation().items()), sorted(_phrases()[0].items())))
    return hashlib.sha256(mapping.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def _folded_chars() -> re.Pattern[str]:
    """Any character the fold changes: most text of a Simplified report holds none, and finding
    that is a tenth of the cost of translating it."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_translation())) + "]")


def _fold_chars(text: str) -> str:
    return text.translate(_translation()) if _folded_chars().search(text) else text


def _fold_phrases(keys: str, folded: str) -> str:
    """`folded` with each phrase that `keys` (the text under `_key_translation`) holds replaced
    by its conversion; both strings have the same length."""
    table, pattern = _phrases()
    if pattern is None:
        return folded
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(keys):
        pieces.append(folded[last:match.start()])
        pieces.append(table[match.group()])
        last = match.end()
    if not pieces:
        return folded
    pieces.append(folded[last:])
    return "".join(pieces)


def normalize(text: str) -> str:
    """Simplified script (characters, then phrases), EXTRA_FOLDS, half-width ASCII, lower-case
    ASCII; same length as `text`."""
    folded = _fold_chars(text)
    if not _holds_trigger(text):
        return folded
    return _fold_phrases(text.translate(_key_translation()), folded)


def _holds_trigger(text: str) -> bool:
    pattern = _triggers()[1]
    return pattern is not None and pattern.search(text) is not None


def without_pinyin(norm: str) -> str:
    """Normalised text without inline pinyin after characters (鄉(xiāng)鎮(zhèn) → 乡镇), for
    reading names, years and headings; offsets change: `matching_view` keeps them."""
    return _PINYIN.sub("", norm)


def matching_view(text: str) -> tuple[str, list[int] | None]:
    """What queries match: `normalize(text)` without inline pinyin, and the offset in `text` of
    each character kept (None when nothing was removed, so offsets are the same). Phrases are
    folded once the pinyin is out, so 計(jì)畫 reads 计划."""
    folded = _fold_chars(text)
    if "(" not in folded or not _PINYIN.search(folded):
        return (_fold_phrases(text.translate(_key_translation()), folded) if _holds_trigger(text) else folded), None
    kept: list[int] = []
    last = 0
    for match in _PINYIN.finditer(folded):
        kept.extend(range(last, match.start()))
        last = match.end()
    kept.extend(range(last, len(folded)))
    view = "".join(folded[i] for i in kept)
    if not _holds_trigger(text):
        return view, kept
    keys = text.translate(_key_translation())
    return _fold_phrases("".join(keys[i] for i in kept), view), kept


def original_span(offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """A span of the matching view as a span of the original text."""
    if offsets is None or start >= end:
        return start, end
    return offsets[start], offsets[end - 1] + 1
