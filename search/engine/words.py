"""Word matching: splitting a term into the index's words, and finding those words apart.

The words jieba found when indexing are the `words` field's term dictionary; a query splits a
term by longest match against it, so queries never load jieba. An unquoted term of several
pieces also matches a paragraph that holds each of its pieces anywhere; a piece counts as held
when the paragraph's text contains it (as Ctrl+F would), which a word swallowed by a longer one
(人居环境 in 人居环境整治) still is.
"""

from __future__ import annotations

from collections.abc import Sequence

from search.engine import literal
from search.engine.terms import MAX_WORD, pieces
from search.index.analyzers import bigrams
from search.index.reader import Leaf
from search.lru import Lru

KNOWN_CACHE = 4096
"""Words whose presence in the index the lexicon remembers (a term looks up several)."""
SPLIT_CACHE = 1024
"""Terms whose split into pieces the lexicon remembers, the most recently used."""


class Lexicon:
    """The words of every leaf's `words` field (of two characters or more), looked up lazily and
    remembered; and how a term splits into pieces against them."""

    def __init__(self, leaves: Sequence[Leaf]) -> None:
        self._leaves = leaves
        self._known: Lru[str, bool] = Lru(KNOWN_CACHE)
        self._splits: Lru[str, list[str]] = Lru(SPLIT_CACHE)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or len(word) < 2:
            return False
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = any(word in leaf.words for leaf in self._leaves)
        return known

    def held(self, text: str) -> bool:
        """Whether any paragraph's text contains `text`."""
        return any(literal.find(leaf, text) - leaf.deleted for leaf in self._leaves)

    def split(self, norm: str) -> list[str]:
        """A term's pieces (`terms.pieces`); a run no word covers that the corpus never holds
        whole is split again by longest match against the corpus text itself, so 河长巡河 is
        河长 + 巡河 where the reports wrote 河长 … 巡河."""
        found = self._splits.get(norm)
        if found is None:
            found = []
            for piece in pieces(norm, self):
                if len(piece) > 2 and piece not in self and not self.held(piece):
                    found.extend(self._split_by_corpus(piece))
                else:
                    found.append(piece)
            self._splits[norm] = found
        return found

    def _split_by_corpus(self, run: str) -> list[str]:
        out, i = [], 0
        while i < len(run):
            size = next((n for n in range(min(MAX_WORD, len(run) - i), 1, -1) if self.held(run[i : i + n])), 1)
            out.append(run[i : i + size])
            i += size
        return out


def rarity(leaf: Leaf, text: str) -> int:
    """A cheap upper bound on the paragraphs holding `text`: its rarest bigram's frequency; for
    one character, the frequencies of the bigrams it starts, added up (every occurrence starts
    one), so that 铁 of 高铁站 is looked up before 高."""
    if not text:
        return leaf.size
    if len(text) == 1:
        return min(literal.started(leaf, text, leaf.size)[1], leaf.size)
    return min(leaf.grams.doc_frequency(g) for g in literal.spread(bigrams(text, edge=False)))


def by_rarity(leaf: Leaf, words: Sequence[str]) -> list[str]:
    return sorted(words, key=lambda w: rarity(leaf, w))


def apart(leaf: Leaf, words: Sequence[str]) -> frozenset[int]:
    """Documents of `leaf` (deleted ones included) holding every one of `words`; cached per leaf
    (matching and the query's explanation both ask)."""
    key = tuple(words)
    found = leaf.apart_cache.get(key)
    if found is None:
        found = leaf.apart_cache[key] = frozenset(_apart(leaf, key))
    return found


def _apart(leaf: Leaf, words: Sequence[str]) -> set[int]:
    """The rarest word is looked up; another is intersected from its own postings when it is
    exact from them (two characters) and not far commoner than what is left, else checked in the
    documents left."""
    if not words:
        return set()
    first, *rest = by_rarity(leaf, words)
    found = set(literal.find(leaf, first))
    checked = []
    for word in rest:
        if not found:
            return found
        if len(word) == 2 and rarity(leaf, word) <= literal.INTERSECT_RATIO * len(found):
            found &= literal.find(leaf, word)
        else:
            checked.append(word.encode("utf-8"))
    contains = leaf.store.contains
    return {d for d in found if all(contains(d, n) for n in checked)} if checked else found


def holds_apart(leaf: Leaf, docnum: int, words: Sequence[bytes]) -> bool:
    contains = leaf.store.contains
    return bool(words) and all(contains(docnum, w) for w in words)
