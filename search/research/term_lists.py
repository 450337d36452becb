"""Term lists: many terms counted by year (or place) in one run, `search trend --terms FILE`.

A term file holds one term a line, or `name = query` where a term needs a query to say what it
means (`河长制 = 河长制 OR 河长`); blank lines and lines starting with # are skipped. Each term is
counted as `search trend` counts it alone, over the same reports, so a row of the combined table
is the row that term's own trend would give. The result says where it came from: the file and a
digest of its bytes, the index generation, the unit, and whether variants were added.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from search.errors import UsageError
from search.research.tables import Table
from search.research.trend import COUNT_COLUMNS, Cell, Trend

if TYPE_CHECKING:
    from search.engine.searcher import Filters, SearchIndex

COMMENT = "#"
NAMED = "="
DIGEST_CHARS = 12


@dataclass(frozen=True)
class Term:
    name: str
    query: str
    line: int


@dataclass(frozen=True)
class TermTrends:
    """Each term's trend, and what a reader of the table needs to count it again."""

    terms: tuple[Term, ...]
    trends: tuple[Trend, ...]
    by: tuple[str, ...]
    per: str
    source: str
    digest: str
    generation: str
    variants: bool

    def combined(self) -> Trend:
        """One trend keyed by term first, then by the dimensions asked for, terms in file order."""
        cells = tuple(Cell((term.name, *cell.key), cell.count, cell.reports)
                      for term, trend in zip(self.terms, self.trends, strict=True) for cell in trend.cells)
        return Trend(("term", *self.by), self.per, cells)

    def provenance(self) -> str:
        return (f"{len(self.terms)} terms from {self.source} (sha256 {self.digest}), index {self.generation}, "
                f"counted per {self.per}, variants {'added' if self.variants else 'off'}")


def read_terms(path: Path) -> tuple[tuple[Term, ...], str]:
    """The terms of a term file, and the start of its bytes' sha256."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"--terms: cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"--terms: {path} is not UTF-8 text") from None
    return parse_terms(text, str(path)), hashlib.sha256(data).hexdigest()[:DIGEST_CHARS]


def parse_terms(text: str, name: str = "the term file") -> tuple[Term, ...]:
    terms: list[Term] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(COMMENT):
            continue
        label, named, query = (part.strip() for part in line.partition(NAMED))
        if named and not (label and query):
            raise UsageError(f"--terms: {name} line {number}: write `name = query`, not {line!r}")
        terms.append(Term(label, query if named else label, number))
    if not terms:
        raise UsageError(f"--terms: {name} holds no terms (one a line, or `name = query`)")
    seen: dict[str, int] = {}
    for term in terms:
        if term.name in seen:
            raise UsageError(f"--terms: {name} names {term.name!r} twice (lines {seen[term.name]} and {term.line})")
        seen[term.name] = term.line
    return tuple(terms)


def term_trends(idx: SearchIndex, path: Path, filters: Filters, by: Sequence[str] = ("year",),
                per: str = "report", use_variants: bool = False) -> TermTrends:
    """Every term of the file at `path` counted through one open index."""
    from search.research import workflows

    terms, digest = read_terms(path)
    trends = []
    for term in terms:
        try:
            _, trend = workflows.trend_of(idx, term.query, filters, by, per, use_variants)
        except UsageError as exc:
            raise UsageError(f"--terms: {path} line {term.line} ({term.name}): {exc}") from None
        trends.append(trend)
    return TermTrends(terms, tuple(trends), tuple(by), per, str(path), digest, Path(idx.path).name, use_variants)


def table(result: TermTrends) -> Table:
    """One row per term and group: the term, the query counted, the group, the count (its column
    named by its unit, as in `trend`), reports, share."""
    queries = {term.name: term.query for term in result.terms}
    combined = result.combined()
    rows = tuple((c.key[0], queries[str(c.key[0])], *c.key[1:], c.count, c.reports, round(c.share, 4))
                 for c in combined.cells)
    return Table(("term", "query", *result.by, COUNT_COLUMNS[result.per], "reports", "share"), rows)
