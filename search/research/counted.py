"""What a counting command counts: each term as written, unless asked otherwise, and the record
that says so.

`query` finds an unquoted term as written or as its pieces apart, and adds its variants, because
a reader wants every paragraph that might be about it. A count must mean one thing: `kwic`,
`trend` and every `--per` count each term as written, after script folding (the paragraphs and
occurrences `query '"TERM"'` finds and highlights), unless `--apart` asks for the pieces apart too
(what `query TERM` finds) or `--variants` for the variants table's other words. `Counted` says
which of these a count holds, so every output can state it.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.engine import syntax as q, variants
from search.engine.variants import Expansion
from search.normalize import normalize


@dataclass(frozen=True)
class Counted:
    """The set a count holds."""

    terms: tuple[str, ...]
    """The query's terms (not those under NOT), as typed."""
    query: str
    """The query the engine ran: `query` with this text finds exactly the counted paragraphs."""
    apart: bool = False
    """Whether a paragraph holding a term's pieces apart counts too (`--apart`)."""
    pieces: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Each term split into the pieces it was also counted as, when `apart`."""
    variants: tuple[Expansion, ...] = ()
    """Variants counted with their term (`--variants`)."""
    uncounted: tuple[Expansion, ...] = ()
    """Variants the table has for a term that were not counted."""


def as_written(node: q.Node | None) -> q.Node | None:
    """The tree with every term quoted: found as written, as Ctrl+F finds it after folding."""
    if node is None or isinstance(node, (q.Filter, q.YearRange)):
        return node
    if isinstance(node, q.Term):
        return node if node.quoted else q.Term(node.text, quoted=True)
    if isinstance(node, q.Not):
        return q.Not(as_written(node.child) or node.child)
    children = tuple(as_written(c) or c for c in node.children)
    return q.And(children) if isinstance(node, q.And) else q.Or(children)


def counting_query(text: str, apart: bool = False, use_variants: bool = False) -> tuple[str, Counted]:
    """The query text whose matches a count holds, and what it counts. Variants are looked up
    either way, so that a count without them can say which it left out."""
    parsed = q.parse(text)
    expanded, found = variants.expand(parsed, variants.load()) if parsed is not None else (None, [])
    node = expanded if use_variants else parsed
    if not apart:
        node = as_written(node)
    terms = tuple(dict.fromkeys(t.text for t in q.positive_terms(parsed) if normalize(t.text)))
    counted = Counted(terms, variants.to_query(node), apart,
                      variants=tuple(found) if use_variants else (),
                      uncounted=() if use_variants else tuple(found))
    return counted.query, counted
