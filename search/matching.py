"""Evaluating a plan in one leaf: which paragraphs match the query's tree.

AND narrows from its most selective child: once few candidates are left, a term is checked in
their texts instead of being looked up in the whole leaf. NOT is the leaf's live paragraphs
minus its child. `literal_only` evaluates the tree as if every term were quoted: the paragraphs
that rank first.
"""

from __future__ import annotations

from search import literal, words
from search.leaf import Leaf
from search.plan import All, Any, Match, Range, Step, Values, Without
from search.schema import NO_YEAR

CHECK_SHARE = 0.25


def evaluate(step: Step, leaf: Leaf, literal_only: bool = False) -> set[int]:
    """Live documents of `leaf` that match `step`."""
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
    for child in positive:
        result = _narrow(result, child, leaf, literal_only, keep=True)
        if not result:
            return result
    for child in negative:
        result = _narrow(result, child, leaf, literal_only, keep=False)
    return result


def _cost(step: Step, leaf: Leaf) -> int:
    """Filters first, then terms from the rarest: each narrows what the next must check."""
    if isinstance(step, Match):
        return words.rarity(leaf, step.needle.norm)
    return -1


def _narrow(candidates: set[int], step: Step, leaf: Leaf, literal_only: bool, keep: bool) -> set[int]:
    if isinstance(step, Match) and len(candidates) < leaf.live_count * CHECK_SHARE:
        needle = step.needle
        data = needle.data
        apart = [] if literal_only else [w.encode("utf-8") for w in needle.apart]
        contains = leaf.store.contains
        return {d for d in candidates
                if (contains(d, data) or words.holds_apart(leaf, d, apart)) == keep}
    found = evaluate(step, leaf, literal_only)
    return candidates & found if keep else candidates - found


def _facet(step: Values | Range, leaf: Leaf) -> set[int]:
    """Paragraphs whose facet holds an accepted value: a posting lookup per value; a missing
    value (the unknown bucket), which is no term, from the facet's code column."""
    values = leaf.store.values.get(step.field, ())
    if isinstance(step, Values):
        accepted = step.accepted
    else:
        accepted = frozenset(v for v in values if isinstance(v, int) and step.low <= v <= step.high)
    found: set[int] = set()
    for value in accepted:
        if value in (None, "", NO_YEAR):
            codes = {code for code, v in enumerate(values) if v == value}
            if codes:
                column = leaf.store.codes[step.field]
                found.update(d for d in range(leaf.size) if column[d] in codes)
        else:
            found.update(leaf.term_docs(step.field, str(value)))
    return found - leaf.deleted if leaf.deleted else found
