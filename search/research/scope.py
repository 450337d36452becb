"""`--scope report`: a report matches when its paragraphs together satisfy the query.

`屋场恳谈会 网格` at report scope finds the reports that use each term somewhere, in any
paragraphs. The query tree is evaluated over reports instead of paragraphs: each leaf (a term
or a filter) holds in the reports where at least one paragraph matches it, and AND, OR and NOT
combine those sets. The paragraphs shown under a matching report are those that match any
positive term of the query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from search.engine import syntax as q
from search.models import Hit
from search.research.reports import Report


@dataclass(frozen=True)
class ReportGroup:
    source: str
    town: str | None
    year: int | None
    hits: tuple[Hit, ...]


def matching_reports(node: q.Node, reports_with: Callable[[q.Node], set[str]], universe: set[str]) -> set[str]:
    """Reports satisfying `node`, where `reports_with(leaf)` gives the reports a leaf holds in."""
    if isinstance(node, q.And):
        result = set(universe)
        for child in node.children:
            result &= matching_reports(child, reports_with, universe)
        return result
    if isinstance(node, q.Or):
        return set().union(*(matching_reports(c, reports_with, universe) for c in node.children))
    if isinstance(node, q.Not):
        return universe - matching_reports(node.child, reports_with, universe)
    return reports_with(node) & universe


def group(hits: Iterable[Hit], matched: set[str], reports: Mapping[str, Report]) -> list[ReportGroup]:
    """Every matching report, by source, with its hits in line order (none for a report that
    matched through NOT alone)."""
    by_source: dict[str, list[Hit]] = {source: [] for source in matched}
    for hit in hits:
        source = hit.source
        if source in matched:
            by_source[source].append(hit)
    groups = []
    for source in sorted(by_source):
        report = reports.get(source)
        members = tuple(sorted(by_source[source], key=lambda h: h.line))
        groups.append(ReportGroup(source, report.town if report else None, report.year if report else None, members))
    return groups
