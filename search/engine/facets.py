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
    totals: dict[str, dict[object, int]] = {name: {} for name in FACET_FIELDS}
    for leaf, docs in zip(leaves, matched, strict=True):
        _add(leaf, list(docs), totals)
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


def _add(leaf: Leaf, docs: list[int], totals: dict[str, dict[object, int]]) -> None:
    """Add one leaf's paragraphs per value to `totals`: a field the same for a whole file is
    counted from the paragraphs per file, the others paragraph by paragraph."""
    store = leaf.store
    per_file = store.file_values
    files = Counter(map(store.file.__getitem__, docs)).items() if per_file else ()
    for name in FACET_FIELDS:
        column = store.codes.get(name)
        if column is None:
            continue
        total = totals[name]
        get = total.get
        if name in per_file:
            of_file = per_file[name]
            for file, n in files:
                value = of_file[file]
                total[value] = get(value, 0) + n
        else:
            values = store.values[name]
            for code, n in Counter(map(column.__getitem__, docs)).items():
                value = values[code]
                total[value] = get(value, 0) + n
