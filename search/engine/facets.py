"""Facet counts: paragraphs per value of every facet field, over a whole result.

Which fields are facets is data (`vocabulary.FACET_FIELDS`); each is counted from the code columns of
the text store, read in bulk, never from stored fields. Sections come in their fixed order, years
in order, other values by count; a missing value is counted as "(unknown)", listed last.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from search.index.reader import Leaf
from search.vocabulary import FACET_FIELDS, NUMERIC_FACETS, SECTIONS, UNKNOWN

ORDERED_VALUES: dict[str, tuple[str, ...]] = {"section": SECTIONS}
"""Facets listed in a fixed order rather than by count."""


def count(leaves: Sequence[Leaf], matched: Sequence[Iterable[int]]) -> dict[str, dict[str, int]]:
    """Paragraphs per value of every facet field among `matched` (one set per leaf)."""
    facets: dict[str, dict[str, int]] = {}
    matched = [list(docs) for docs in matched]
    for name in FACET_FIELDS:
        totals: Counter[object] = Counter()
        for leaf, docs in zip(leaves, matched, strict=True):
            codes = leaf.store.codes.get(name)
            if codes is None:
                continue
            values = leaf.store.values[name]
            for code, n in Counter(map(codes.__getitem__, docs)).items():
                totals[values[code]] += n
        if name in ORDERED_VALUES:
            facets[name] = {v: totals[v] for v in ORDERED_VALUES[name] if totals[v]}
            continue
        if name in NUMERIC_FACETS:
            ordered = sorted(totals.items(), key=lambda kv: (not kv[0], kv[0]))
        else:
            ordered = sorted(totals.items(), key=lambda kv: (not kv[0], -kv[1], str(kv[0])))
        facets[name] = {str(k) if k else UNKNOWN: v for k, v in ordered}
    return facets
