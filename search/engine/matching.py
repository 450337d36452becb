"""Evaluating a plan in one leaf: which paragraphs match the query's tree.

AND narrows from its most selective child: once few candidates are left, a term is checked in
their texts instead of being looked up in the whole leaf. NOT is the leaf's live paragraphs
minus its child. `literal_only` evaluates the tree as if every term were quoted: the paragraphs
that rank first.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

from search.engine import literal, words
from search.engine.plan import All, Any, Match, Range, Step, Values, Without
from search.index.reader import Leaf
from search.vocabulary import NO_YEAR

CHECK_SHARE = 0.25
SCAN_SHARE = 20
"""A filter passing more than one paragraph in SCAN_SHARE is read from its code column."""


def evaluate(step: Step, leaf: Leaf, literal_only: bool = False, within: set[int] | None = None) -> set[int]:
    """Live documents of `leaf` that match `step`; only among `within` when given (the
    paragraphs passing the filters, or a tier's candidates), which are then checked one by one
    where they are few."""
    if within is not None:
        return narrow(within, step, leaf, literal_only)
    if isinstance(step, Match):
        needle = step.needle
        found = set(literal.find(leaf, needle.norm))
        if needle.apart and not literal_only:
            found |= words.apart(leaf, needle.apart)
        return found - leaf.deleted if leaf.deleted else found
    if isinstance(step, (Values, Range)):
        return _facet(step, leaf)
    if isinstance(step, Without):
        return set(leaf.live) - evaluate(step.child, leaf, literal_only)
    if isinstance(step, Any):
        return set().union(*(evaluate(child, leaf, literal_only) for child in step.children))
    assert isinstance(step, All)
    positive = sorted((c for c in step.children if not isinstance(c, Without)), key=lambda c: _cost(c, leaf))
    negative = [c.child for c in step.children if isinstance(c, Without)]
    result = set(leaf.live)
    return _all(result, positive, negative, leaf, literal_only)


def _all(result: set[int], positive: Sequence[Step], negative: Sequence[Step], leaf: Leaf,
         literal_only: bool) -> set[int]:
    for child in positive:
        result = _narrow(result, child, leaf, literal_only, keep=True)
        if not result:
            return result
    for child in negative:
        result = _narrow(result, child, leaf, literal_only, keep=False)
    return result


def narrow(candidates: set[int], step: Step, leaf: Leaf, literal_only: bool = False) -> set[int]:
    """The candidates that match `step`, following the tree so that each term meets only what
    is left of the candidates."""
    if isinstance(step, All):
        positive = sorted((c for c in step.children if not isinstance(c, Without)), key=lambda c: _cost(c, leaf))
        return _all(set(candidates), positive, [c.child for c in step.children if isinstance(c, Without)],
                    leaf, literal_only)
    if isinstance(step, Any):
        return set().union(*(narrow(candidates, child, leaf, literal_only) for child in step.children))
    if isinstance(step, Without):
        return _narrow(candidates, step.child, leaf, literal_only, keep=False)
    return _narrow(candidates, step, leaf, literal_only, keep=True)


def _cost(step: Step, leaf: Leaf) -> int:
    """Filters first, then terms from the rarest: each narrows what the next must check."""
    if isinstance(step, Match):
        return words.rarity(leaf, step.needle.norm)
    return -1


def _narrow(candidates: set[int], step: Step, leaf: Leaf, literal_only: bool, keep: bool) -> set[int]:
    """The candidates that match `step` (or, with keep=False, do not). A term found in this leaf
    before (the ranking's literal tier asks again for the terms matching found) is taken from
    the leaf's cache at once; otherwise few candidates are checked one by one."""
    if isinstance(step, Match) and (literal_only or not step.needle.apart):
        known = leaf.literal_cache.get(step.needle.norm)
        if known is not None:
            return candidates & known if keep else candidates - known
    if isinstance(step, Match) and len(candidates) < leaf.live_count * CHECK_SHARE:
        needle = step.needle
        data = needle.data
        apart = [] if literal_only else [w.encode("utf-8") for w in needle.apart]
        contains = leaf.store.contains
        return {d for d in candidates
                if (contains(d, data) or words.holds_apart(leaf, d, apart)) == keep}
    found = evaluate(step, leaf, literal_only)
    return candidates & found if keep else candidates - found


def _accepted(step: Values | Range, leaf: Leaf) -> list[object]:
    """The stored values of `leaf` that the filter accepts."""
    values = leaf.store.values.get(step.field, ())
    if isinstance(step, Values):
        return [v for v in values if v in step.accepted]
    return [v for v in values if isinstance(v, int) and step.low <= v <= step.high]


def _is_term(value: object) -> bool:
    """A missing value (the unknown bucket) is no term in the index; it is found by its code."""
    return value not in (None, "", NO_YEAR)


def _facet(step: Values | Range, leaf: Leaf) -> set[int]:
    """Paragraphs whose facet holds an accepted value: a posting lookup per value when they are
    few, else (and for the unknown bucket) a scan of the facet's code column, which reads a
    year's tens of thousands of paragraphs faster than decoding their postings."""
    accepted = _accepted(step, leaf)
    if all(map(_is_term, accepted)) and facet_size(step, leaf) * SCAN_SHARE < leaf.size:
        found: set[int] = set()
        for value in accepted:
            found.update(leaf.term_docs(step.field, str(value)))
    else:
        column, codes = passing_codes(step, leaf)
        found = set(compress(range(leaf.size), map(codes.__contains__, column)))
    return found - leaf.deleted if leaf.deleted else found


def passing_codes(step: Values | Range, leaf: Leaf) -> tuple[memoryview, frozenset[int]]:
    """The facet's code column and the codes the filter accepts: for checking candidates one by one."""
    values = leaf.store.values.get(step.field, ())
    accepted = set(_accepted(step, leaf))
    return leaf.store.codes[step.field], frozenset(code for code, v in enumerate(values) if v in accepted)


def facet_size(step: Values | Range, leaf: Leaf) -> int:
    """About how many paragraphs pass the filter (deleted ones counted): from term frequencies."""
    total = 0
    for value in _accepted(step, leaf):
        total += leaf.term_frequency(step.field, str(value)) if _is_term(value) else leaf.size
    return total


def holds(step: Values | Range, leaf: Leaf) -> bool:
    """Whether any live paragraph passes the filter; reads postings only when deletions might
    account for all of them."""
    for value in _accepted(step, leaf):
        if not _is_term(value):
            return bool(_facet(step, leaf))
        if leaf.term_frequency(step.field, str(value)) > len(leaf.deleted):
            return True
        if set(leaf.term_docs(step.field, str(value))) - leaf.deleted:
            return True
    return False
