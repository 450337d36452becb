"""Literal matching in one leaf: the paragraphs whose normalised text contains a string.

This is Ctrl+F after normalisation. Candidates come from the `grams` postings: a string of two
characters is exactly its bigram's postings; a longer one is the AND of its bigrams, rarest
first, verified against the memory-mapped text; one character is the union of the bigrams it
starts (every occurrence starts one, thanks to the closing edge bigram), whose counts add up to
the character's, which ranking then needs not count in each text. A string that most
paragraphs hold is found faster by scanning the texts, which also counts its occurrences.
"""

from __future__ import annotations

from search.index.analyzers import bigrams
from search.index.reader import Leaf

DENSE_SHARE = 0.2
"""Above this share of a leaf's paragraphs, scanning the texts beats reading postings."""
MAX_GRAMS = 16
"""Bigrams of a long string looked up, spread over it: their AND already leaves few candidates,
and each candidate is verified anyway."""
INTERSECT_RATIO = 3
"""Intersect with the next bigram's postings only while they are at most this many times the
candidates; past that, checking each candidate's text is cheaper."""


def find(leaf: Leaf, norm: str) -> frozenset[int]:
    """Documents of `leaf` (deleted ones included) whose text contains `norm`; cached per leaf."""
    found = leaf.literal_cache.get(norm)
    if found is None:
        found = frozenset(_find(leaf, norm))
        leaf.literal_cache[norm] = found
    return found


def _find(leaf: Leaf, norm: str) -> set[int] | dict[int, int]:
    """The documents holding `norm`; with their numbers of occurrences where finding them
    counted them anyway (kept for ranking)."""
    if not norm:
        return set()
    dense = DENSE_SHARE * leaf.size
    if len(norm) == 1:
        return _single(leaf, norm, dense)
    frequencies = sorted((leaf.grams.doc_frequency(g), g) for g in spread(bigrams(norm, edge=False)))
    if frequencies[0][0] == 0:
        return set()
    if len(norm) == 2:
        if norm[0] == norm[1]:  # 哈哈 occurs twice in 哈哈哈 as a bigram, once for Ctrl+F's count
            return set(leaf.grams.doc_ids(norm))
        counts = leaf.count_cache[norm] = leaf.grams.doc_counts(norm)
        return counts
    if frequencies[0][0] > dense:
        return _scan(leaf, norm)
    candidates = set(leaf.grams.doc_ids(frequencies[0][1]))
    for frequency, gram in frequencies[1:]:
        if frequency > INTERSECT_RATIO * len(candidates):
            break
        candidates.intersection_update(leaf.grams.doc_ids(gram))
    data, occurrences = norm.encode("utf-8"), leaf.store.occurrences
    counts = {d: n for d in candidates if (n := occurrences(d, data))}
    leaf.count_cache[norm] = counts
    return counts


def started(leaf: Leaf, char: str, most: float) -> tuple[list[str], int]:
    """The bigrams `char` starts and their document frequencies added up (an upper bound on the
    paragraphs holding it), the reading stopped once the sum passes `most`."""
    grams = leaf.grams
    terms: list[str] = []
    total = 0
    for gram in grams.with_prefix(char):
        terms.append(gram)
        total += grams.doc_frequency(gram)
        if total > most:
            break
    return terms, total


def _single(leaf: Leaf, char: str, dense: float) -> set[int] | dict[int, int]:
    grams = leaf.grams
    terms, total = started(leaf, char, dense * 4)
    if total > dense * 4:
        return _scan(leaf, char)
    counts: dict[int, int] = {}
    get = counts.get
    for gram in terms:
        for docnum, n in grams.doc_counts(gram).items():
            counts[docnum] = get(docnum, 0) + n
        if len(counts) > dense:
            return _scan(leaf, char)
    leaf.count_cache[char] = counts
    return counts


def _scan(leaf: Leaf, norm: str) -> dict[int, int]:
    """Every paragraph holding `norm`, with its number of occurrences (kept for ranking)."""
    counts = leaf.store.scan(norm.encode("utf-8"))
    leaf.count_cache[norm] = counts
    return counts


def spread(grams: list[str], most: int = MAX_GRAMS) -> set[str]:
    """At most `most` distinct bigrams, taken evenly from first to last."""
    distinct = list(dict.fromkeys(grams))
    if len(distinct) <= most:
        return set(distinct)
    step = (len(distinct) - 1) / (most - 1)
    return {distinct[round(i * step)] for i in range(most)}
