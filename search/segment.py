"""Word segmentation with jieba and the project's domain dictionary; used only when indexing.

Loading jieba's dictionary costs about half a second, so nothing on the query path imports this
module: queries are segmented against the index's own word list instead (`search.searcher`).
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from importlib import resources

from search.analysis import TOKEN_SEPARATOR

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
    """Search-mode words of normalised text: long words and the shorter words inside them."""
    return [w for w in _tokenizer().cut_for_search(norm, HMM=True) if w.strip()]


def presplit(norm: str) -> str:
    return TOKEN_SEPARATOR.join(words(norm))
