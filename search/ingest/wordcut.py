"""Word segmentation with jieba and the project's domain dictionary: the only home of jieba.

Loading jieba's dictionary costs about half a second, so jieba is imported inside the functions
that cut words, never at module level: opening an index reads this module's dictionary hash, and
queries split terms against the words the index holds instead (`search.engine.words`). Words are
cut by a build, by the `words` field's analyzer (`search.index.analyzers`) for whoever analyses
text with it, and by town finding, which checks that a name starts a word.
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jieba import Tokenizer

USER_DICT = "userdict.txt"


def _dict_path() -> str:
    return str(resources.files("search").joinpath("data", USER_DICT))


@lru_cache(maxsize=1)
def dictionary_hash() -> str:
    data = resources.files("search").joinpath("data", USER_DICT).read_bytes()
    return hashlib.sha256(data).hexdigest()[:16]


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(_dict_path())
    return tokenizer


def word_spans(norm: str, with_parts: bool = True) -> list[tuple[str, int, int]]:
    """jieba's words of normalised text as (word, ordinal position, start character);
    `with_parts` adds the dictionary words inside each longer word at that word's position
    (jieba's search mode does this only for parts of two and three characters, which loses
    人居环境 inside 人居环境整治)."""
    tokenizer = _tokenizer()
    known = tokenizer.FREQ
    spans: list[tuple[str, int, int]] = []
    position = start = 0
    for word in tokenizer.cut(norm, HMM=False):
        if word.strip():
            spans.append((word, position, start))
            if with_parts and len(word) > 2:
                for size in range(2, len(word)):
                    for offset in range(len(word) - size + 1):
                        part = word[offset : offset + size]
                        if known.get(part):
                            spans.append((part, position, start + offset))
            position += 1
        start += len(word)
    return spans


def words(norm: str) -> list[str]:
    """jieba's words of normalised text, in order, each followed by the dictionary words inside
    it (乡村振兴 → 乡村振兴, 乡村, 振兴), so that a long word shares its parts with a shorter
    mention of the same thing."""
    return [word for word, _, _ in word_spans(norm)]


def word_positions(norm: str) -> list[tuple[str, int]]:
    """What the index's `words` field holds for a paragraph: words and parts, with positions."""
    return [(word, position) for word, position, _ in word_spans(norm)]


def warm_up() -> None:
    """Load the dictionary now (half a second), before there is text to cut."""
    _tokenizer()


def word_starts(norm: str) -> set[int]:
    """Offsets at which a dictionary word of `norm` begins: where a name may start."""
    starts, offset = set(), 0
    for word in _tokenizer().cut(norm, HMM=False):
        starts.add(offset)
        offset += len(word)
    return starts


def word_frequency(word: str) -> int:
    """How often jieba's dictionary has seen `word` as a word: a place name written bare must
    be rare as a word (炎山), never a common one (团结, 和平)."""
    return _tokenizer().FREQ.get(word) or 0
