"""Ranking: paragraphs holding every term literally first, then the rest; by BM25 within each.

BM25 runs over how often each term occurs in a paragraph's normalised text, and, where a
paragraph holds a term's words apart rather than the term, over those words, which share the
term's weight. A term's IDF comes from the paragraphs that contain it, which literal matching
finds anyway. Ties go to document order (source, then order in the report).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from itertools import repeat

from search.engine import literal
from search.engine.columns import Bulk, Docs, Ranked, Scores
from search.engine.plan import Needle
from search.engine.terms import K1, B, idf
from search.index.reader import Leaf


def length_norm(length: int, average: float) -> float:
    """BM25's per-paragraph denominator term, K1 * (1 - B + B * length / average length)."""
    return K1 * (1 - B) + K1 * B * length / (average or 1.0)


def scores(leaves: Sequence[Leaf], needles: Sequence[Needle], matched: Sequence[Docs]) -> list[Scores]:
    documents = sum(leaf.live_count for leaf in leaves)
    average = sum(leaf.live_chars for leaf in leaves) / documents if documents else 1.0
    result = [Scores(docs) for docs in matched]
    unique = {(n.norm, n.quoted): n for n in needles if n.norm}
    for needle in unique.values():
        found = [literal.find(leaf, needle.norm) for leaf in leaves]
        frequency = sum(len(f - leaf.deleted) if leaf.deleted else len(f)
                        for f, leaf in zip(found, leaves, strict=True))
        weight = idf(frequency, documents)
        words = needle.scored_words
        for leaf, docs, held, scored in zip(leaves, matched, found, result, strict=True):
            _add(leaf, needle.norm, weight, None, scored, average)
            if words:
                apart = [d for d in docs.tolist() if d not in held]
                for word in words:
                    _add(leaf, word, weight / len(words), apart, scored, average)
    return result


def _add(leaf: Leaf, piece: str, weight: float, docs: Collection[int] | None, scored: Scores,
         average: float) -> None:
    """BM25 of `piece` in each of `docs` (every scored paragraph when None), added to its score;
    `length_norm` taken apart, as the arithmetic runs over arrays."""
    base, scale = K1 * (1 - B), K1 * B / (average or 1.0)
    known = leaf.count_cache.get(piece)
    if known is not None:  # every paragraph of the leaf holding `piece`, with its count

        def frequencies(chosen: list[int]) -> Iterable[int]:
            return map(known.get, chosen, repeat(0))
    else:
        data, count = piece.encode("utf-8"), leaf.store.occurrences

        def frequencies(chosen: list[int]) -> Iterable[int]:
            return (count(d, data) for d in chosen)
    scored.add(leaf, docs, frequencies, weight * (K1 + 1), base, scale)


def top(bulk: Bulk, tiers: Sequence[Sequence[Docs]], scored: Sequence[Scores], limit: int | None) -> list[Ranked]:
    """The best `limit` of each tier in turn, by score, then document order."""
    chosen: list[Ranked] = []
    for tier in tiers:
        want = None if limit is None else limit - len(chosen)
        if want == 0:
            break
        chosen.extend(bulk.best(scored, tier, want))
    return chosen
