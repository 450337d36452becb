"""Facet counts: paragraphs per value of every facet field, over a whole result.

Which fields are facets is data (`vocabulary.FACET_FIELDS`); each is counted from the code columns of
the text store, in bulk (`columns.Bulk`), never from stored fields. Sections come in their fixed
order, years in order, other values by count; a missing value is counted as "(unknown)", listed last.
"""

from __future__ import annotations

from collections.abc import Sequence

from search.engine.columns import Bulk, Docs
from search.vocabulary import NUMERIC_FACETS, SECTIONS, UNKNOWN

ORDERED_VALUES: dict[str, tuple[str, ...]] = {"section": SECTIONS}
"""Facets listed in a fixed order rather than by count."""


def count(bulk: Bulk, found: Sequence[Docs]) -> dict[str, dict[str, int]]:
    """Paragraphs per value of every facet field among `found` (one array per leaf)."""
    facets: dict[str, dict[str, int]] = {}
    for name, by_count in bulk.counted(found).items():
        if name in ORDERED_VALUES:
            counted = dict(by_count)
            facets[name] = {v: counted[v] for v in ORDERED_VALUES[name] if counted.get(v)}
            continue
        ordered = sorted(by_count, key=lambda kv: (not kv[0], kv[0])) if name in NUMERIC_FACETS else by_count
        facets[name] = {str(k) if k else UNKNOWN: v for k, v in ordered}
    return facets
