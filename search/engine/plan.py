"""A query parsed once into a plan: its terms normalised and split, its filters set apart.

`search.engine.syntax` turns the text into a tree; here each Term becomes a Needle carrying everything
matching, ranking and highlighting need (normalised text, its pieces), and the filters, which
restrict the whole query wherever they stand, are lifted out of the tree. Nothing downstream
normalises or splits a term again. Facet filters are steps too (`Values`, `Range`), built by
`search.engine.filters` from resolved values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from search.engine import syntax as q
from search.errors import UsageError
from search.normalize import normalize


@dataclass(frozen=True)
class Needle:
    """One term of the query, normalised."""

    norm: str
    quoted: bool
    split: tuple[str, ...]
    """The term's pieces (`search.engine.words.Lexicon.split`)."""
    apart: tuple[str, ...]
    """The pieces an unquoted term also matches apart, anywhere in a paragraph; empty for one."""
    text: str = ""
    """The term as the query wrote it."""

    @property
    def data(self) -> bytes:
        return self.norm.encode("utf-8")

    @property
    def scored_words(self) -> tuple[str, ...]:
        """Words that weigh a paragraph holding them apart rather than the term itself."""
        if self.quoted:
            return ()
        return tuple(sorted({w for w in self.split if w != self.norm}))


@dataclass(frozen=True)
class Match:
    needle: Needle


@dataclass(frozen=True)
class Values:
    """Paragraphs whose facet `field` holds one of `accepted`."""

    field: str
    accepted: frozenset[object]


@dataclass(frozen=True)
class Range:
    """Paragraphs whose numeric facet `field` lies in [low, high]."""

    field: str
    low: int
    high: int


@dataclass(frozen=True)
class All:
    children: tuple[Step, ...]


@dataclass(frozen=True)
class Any:
    children: tuple[Step, ...]


@dataclass(frozen=True)
class Without:
    child: Step


Step = Match | Values | Range | All | Any | Without


@dataclass(frozen=True)
class Plan:
    root: Step | None
    """The query's text part; None when it is only filters (or empty)."""
    needles: tuple[Needle, ...]
    """Terms a hit must or may contain (not those under NOT), in query order: what is ranked
    and highlighted."""
    required: tuple[q.FilterNode, ...] = ()
    excluded: tuple[q.FilterNode, ...] = ()
    """Filters the query holds, which restrict all of it wherever they stand (`search.engine.filters`)."""


MAX_SPLIT = 64
"""A term longer than this is matched as written only: splitting it would cost a dictionary
lookup per character and position, and no paragraph holds that many of its words apart."""
Splitter = Callable[[str], list[str]]


def make_plan(text: str, split: Splitter) -> Plan:
    """Parse `text` into a plan; `split` gives a normalised term's pieces."""
    node, required, excluded = q.split_filters(q.parse(text))
    for term in q.positive_terms(node):
        if term.quoted and not normalize(term.text):
            raise UsageError('empty quotes in query: put the text to find between them, "like this"')
    needles: dict[q.Term, Needle] = {}
    splits: dict[str, tuple[str, ...]] = {}

    def needle(term: q.Term) -> Needle:
        if term not in needles:
            norm = normalize(term.text)
            if norm not in splits:
                splits[norm] = tuple(split(norm)) if norm and len(norm) <= MAX_SPLIT else (norm,)
            pieces = splits[norm]
            apart = () if term.quoted or len(set(pieces)) < 2 else tuple(sorted(set(pieces)))
            needles[term] = Needle(norm, term.quoted, pieces, apart, term.text)
        return needles[term]

    def step(node: q.Node) -> Step:
        if isinstance(node, q.Term):
            return Match(needle(node))
        if isinstance(node, q.Not):
            return Without(step(node.child))
        if isinstance(node, q.Or):
            return Any(tuple(step(c) for c in node.children))
        assert isinstance(node, q.And)
        return All(tuple(step(c) for c in node.children))

    root = None if node is None else step(node)
    positive = [needle(t) for t in q.positive_terms(node)]
    return Plan(root, tuple(positive), tuple(required), tuple(excluded))


def has_text(plan: Plan) -> bool:
    return bool(plan.needles)
