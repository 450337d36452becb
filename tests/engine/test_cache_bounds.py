"""The read side's caches stay bounded however many distinct terms a long-running process asks
for, and an evicted entry is only looked up again, to the same answer."""

from __future__ import annotations

from search.engine import words
from search.index import postings, reader
from search.lru import Lru
from search.testing import temporary_index
from support import SEEDS


def test_an_lru_forgets_the_least_recently_used_entry_first() -> None:
    cache: Lru[str, int] = Lru(2)
    cache["甲"], cache["乙"] = 1, 2
    assert cache.get("甲") == 1  # 甲 is now the most recently used
    cache["丙"] = 3
    assert len(cache) == 2 and cache.get("乙") is None and cache.get("甲") == 1 and cache.get("丙") == 3


def distinct_terms(texts: list[str], count: int) -> list[str]:
    """`count` distinct two- and three-character runs of Chinese from the reports."""
    found: dict[str, None] = {}
    for text in texts:
        for size in (2, 3):
            for start in range(len(text) - size):
                run = text[start:start + size]
                if all("\u4e00" <= ch <= "\u9fff" for ch in run):
                    found.setdefault(run)
                    if len(found) == count:
                        return list(found)
    return list(found)


def test_many_distinct_terms_leave_every_cache_at_its_bound() -> None:
    with temporary_index(SEEDS) as index:
        leaves = index._leaves
        texts = [leaf.store.text(d) for leaf in leaves for d in range(leaf.store.count)]
        terms = distinct_terms(texts, 3 * reader.LITERAL_CACHE)
        first = {t: [h.id for h in index.search(t, limit=None).hits] for t in terms[:5]}
        for term in terms:
            index.search(term, limit=3)
        assert max(len(leaf.literal_cache) for leaf in leaves) == reader.LITERAL_CACHE
        assert max(len(leaf.count_cache) for leaf in leaves) <= reader.LITERAL_CACHE
        assert max(len(leaf.grams._frequencies) for leaf in leaves) <= postings.FREQUENCY_CACHE
        assert len(index.lexicon._known) <= words.KNOWN_CACHE and len(index.lexicon._splits) <= words.SPLIT_CACHE
        assert {t: [h.id for h in index.search(t, limit=None).hits] for t in first} == first
