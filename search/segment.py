"""Word segmentation with jieba and the project's domain dictionary; used only when indexing.

Loading jieba's dictionary costs about half a second, so nothing on the query path imports this
module: queries are segmented against the index's own word list instead (`search.searcher`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources


USER_DICT = "userdict.txt"


def _dict_path() -> str:
    return str(resources.files("search").joinpath("data", USER_DICT))


@lru_cache(maxsize=1)
def dictionary_hash() -> str:
    data = resources.files("search").joinpath("data", USER_DICT).read_bytes()
    return hashlib.sha256(data).hexdigest()[:16]


@lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(_dict_path())
    return tokenizer


def words(norm: str) -> list[str]:
    """Dictionary words of normalised text; without HMM guessing, which costs a third more time
    and only adds words that queries find literally anyway."""
    return [w for w in _tokenizer().cut(norm, HMM=False) if w.strip()]


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """The multi-character words of normalised texts: what a query term may be split into."""
    return frozenset(w for text in texts for w in words(text) if len(w) > 1 and not any(c.isspace() for c in w))


def word_starts(norm: str) -> set[int]:
    """Offsets at which a dictionary word of `norm` begins: where a name may start."""
    starts, offset = set(), 0
    for word in _tokenizer().cut(norm, HMM=False):
        starts.add(offset)
        offset += len(word)
    return starts
