"""Word matching: splitting a term into the index's words, and finding those words apart.

The words jieba found when indexing are the `words` field's term dictionary; a query splits a
term by longest match against it, so queries never load jieba. An unquoted term of several
words also matches a paragraph that holds each of its words anywhere; a word counts as held when
the paragraph's text contains it (as Ctrl+F would), which a word swallowed by a longer one
(人居环境 in 人居环境整治) still is.
"""

from __future__ import annotations

from collections.abc import Sequence

from search import literal
from search.analysis import longest_match
from search.fields import bigrams
from search.leaf import Leaf


class Lexicon:
    """The words of every leaf's `words` field, looked up lazily and remembered."""

    def __init__(self, leaves: Sequence[Leaf]) -> None:
        self._leaves = leaves
        self._known: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = any(word in leaf.words for leaf in self._leaves)
        return known

    def split(self, norm: str) -> list[str]:
        return longest_match(norm, self)

    def apart(self, pieces: list[str]) -> list[str]:
        """The words a term matches apart: none unless it splits into two or more known words."""
        words = sorted(set(pieces))
        if len(words) < 2 or not all(len(w) > 1 and w in self for w in words):
            return []
        return words


def rarity(leaf: Leaf, text: str) -> int:
    """A cheap upper bound on the paragraphs holding `text`: its rarest bigram's frequency."""
    if len(text) < 2:
        return leaf.size
    return min(leaf.grams.doc_frequency(g) for g in literal.spread(bigrams(text, edge=False)))


def by_rarity(leaf: Leaf, words: Sequence[str]) -> list[str]:
    return sorted(words, key=lambda w: rarity(leaf, w))


def apart(leaf: Leaf, words: Sequence[str]) -> set[int]:
    """Documents of `leaf` holding every one of `words`: the rarest is looked up, the others are
    checked only in the documents that hold it."""
    if not words:
        return set()
    first, *rest = by_rarity(leaf, words)
    needles = [w.encode("utf-8") for w in rest]
    contains = leaf.store.contains
    return {d for d in literal.find(leaf, first) if all(contains(d, n) for n in needles)}


def holds_apart(leaf: Leaf, docnum: int, words: Sequence[bytes]) -> bool:
    contains = leaf.store.contains
    return bool(words) and all(contains(docnum, w) for w in words)
