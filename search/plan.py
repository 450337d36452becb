"""A query parsed once into a plan: its terms normalised and split, its filters resolved.

`search.query` turns the text into a tree; here each Term becomes a Needle carrying everything
matching, ranking and highlighting need (normalised text, its words), and each filter becomes
the set of stored values it accepts. Nothing downstream normalises or splits a term again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from search import query as q
from search.errors import UsageError
from search.normalize import normalize


@dataclass(frozen=True)
class Needle:
    """One term of the query, normalised."""

    norm: str
    quoted: bool
    split: tuple[str, ...]
    """The term's pieces by longest match against the index's words (single characters alone)."""
    apart: tuple[str, ...]
    """The words an unquoted term also matches apart, anywhere in a paragraph; empty for one word."""

    @property
    def data(self) -> bytes:
        return self.norm.encode("utf-8")

    @property
    def scored_words(self) -> tuple[str, ...]:
        """Words that weigh a paragraph holding them apart rather than the term itself."""
        if self.quoted:
            return ()
        return tuple(sorted({w for w in self.split if len(w) > 1 and w != self.norm}))


@dataclass(frozen=True)
class Match:
    needle: Needle


@dataclass(frozen=True)
class Values:
    """Paragraphs whose facet `field` holds one of `accepted`."""

    field: str
    accepted: frozenset


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
    needles: tuple[Needle, ...]
    """Terms a hit must or may contain (not those under NOT), in query order: what is ranked
    and highlighted."""


MAX_SPLIT = 64
"""A term longer than this is matched as written only: splitting it would cost a dictionary
lookup per character and position, and no paragraph holds that many of its words apart."""
Splitter = Callable[[str], list[str]]
Resolver = Callable[[str, str], object]


def make_plan(text: str, split: Splitter, apart: Callable[[list[str]], list[str]], resolve: Resolver) -> Plan:
    """Parse `text` into a plan; `resolve(field, value)` maps a filter value to a stored one
    (raising UsageError for an unknown one)."""
    node = q.parse(text)
    for term in q.positive_terms(node):
        if term.quoted and not normalize(term.text):
            raise UsageError('empty quotes in query: put the text to find between them, "like this"')
    needles: dict[tuple[str, bool], Needle] = {}

    def needle(term: q.Term) -> Needle:
        norm = normalize(term.text)
        key = (norm, term.quoted)
        if key not in needles:
            pieces = split(norm) if len(norm) <= MAX_SPLIT else [norm]
            needles[key] = Needle(norm, term.quoted, tuple(pieces), () if term.quoted else tuple(apart(pieces)))
        return needles[key]

    def step(node: q.Node) -> Step:
        if isinstance(node, q.Term):
            return Match(needle(node))
        if isinstance(node, q.Filter):
            if node.field == "year":
                year = resolve("year", node.value)
                return Range("year", year, year)  # type: ignore[arg-type]
            return Values(node.field, frozenset([resolve(node.field, node.value)]))
        if isinstance(node, q.YearRange):
            return Range("year", node.low, node.high)
        if isinstance(node, q.Not):
            return Without(step(node.child))
        if isinstance(node, q.Or):
            return Any(tuple(step(c) for c in node.children))
        return All(tuple(step(c) for c in node.children))

    root = None if node is None else step(node)
    positive = [needle(t) for t in q.positive_terms(node)]
    return Plan(root, tuple(positive))


def has_text(plan: Plan) -> bool:
    return bool(plan.needles)
