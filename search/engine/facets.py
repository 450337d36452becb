"""Facet counts: paragraphs per value of every facet field, over a whole result.

Which fields are facets is data (`vocabulary.FACET_FIELDS`); each is counted from the code columns of
the text store, read in bulk, never from stored fields. Sections come in their fixed order, years
in order, other values by count; a missing value is counted as "(unknown)", listed last.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from search.engine import columns
from search.index.reader import Leaf
from search.vocabulary import FACET_FIELDS, NUMERIC_FACETS, SECTIONS, UNKNOWN

ORDERED_VALUES: dict[str, tuple[str, ...]] = {"section": SECTIONS}
"""Facets listed in a fixed order rather than by count."""


def count(leaves: Sequence[Leaf], matched: Sequence[Iterable[int]]) -> dict[str, dict[str, int]]:
    """Paragraphs per value of every facet field among `matched` (one set per leaf)."""
    totals: dict[str, dict[object, int]] = {name: {} for name in FACET_FIELDS}
    for leaf, docs in zip(leaves, matched, strict=True):
        found = docs if isinstance(docs, Collection) else list(docs)
        for name, codes in columns.counted(leaf, found, FACET_FIELDS).items():
            values, total = leaf.store.values[name], totals[name]
            for code, n in codes:
                value = values[code]
                total[value] = total.get(value, 0) + n
    facets: dict[str, dict[str, int]] = {}
    for name, counted in totals.items():
        if name in ORDERED_VALUES:
            facets[name] = {v: counted[v] for v in ORDERED_VALUES[name] if counted.get(v)}
            continue
        if name in NUMERIC_FACETS:
            ordered = sorted(counted.items(), key=lambda kv: (not kv[0], kv[0]))
        else:
            ordered = sorted(counted.items(), key=lambda kv: (not kv[0], -kv[1], str(kv[0])))
        facets[name] = {str(k) if k else UNKNOWN: v for k, v in ordered}
    return facets
