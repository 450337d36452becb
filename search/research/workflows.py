"""Entry points of the research commands: each runs the searches a command needs through an
open index and hands the plain records to the module that computes the answer.

Modules a command does not need are imported when used, so that `query` pays only for variants
and folding. This is the one place that knows how research reaches the engine: `SearchIndex.search`
(with a query text and `Filters`, all hits), `SearchIndex.sources` (the reports that pass filters,
resolved as every query's are), `SearchIndex.paragraph`, `SearchIndex.copied_groups` (the
copied-text groups of the generation it has open) and the index meta. Variants are expanded on the query tree
before the engine sees the query (`search.engine.variants`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from search.engine import syntax as q, variants
from search.errors import UsageError
from search.index import DupesDamaged
from search.models import Group, Hit, SearchResult
from search.normalize import normalize
from search.research import dupes as copied
from search.research.reports import Report, reports_from_meta

if TYPE_CHECKING:
    from search.engine.searcher import Filters, SearchIndex
    from search.research import compare as comparing, kwic, regex, scope, tables as export, trend


@dataclass(frozen=True)
class Prepared:
    """A query as the engine will run it: typed text, expanded text, and what was expanded."""

    typed: str
    text: str
    expansions: tuple[variants.Expansion, ...]
    needles: tuple[str, ...]


def prepare(text: str, use_variants: bool = True) -> Prepared:
    expanded, found = variants.expand_query(text) if use_variants and text.strip() else (text, [])
    if len(expanded) > q.MAX_QUERY_CHARS:
        raise UsageError(f"query too long once its variants are added ({len(expanded):,} characters; the limit "
                         f"is {q.MAX_QUERY_CHARS:,}); shorten it or add --no-variants")
    needles = tuple(dict.fromkeys(normalize(t.text) for t in q.positive_terms(q.parse(expanded))
                                  if normalize(t.text)))
    return Prepared(text, expanded, tuple(found), needles)


def search_all(idx: SearchIndex, prepared: Prepared, filters: Filters) -> SearchResult:
    """Every hit of the query, reported under the text the user typed."""
    result = idx.search(prepared.text, filters, limit=None)
    return replace(result, query=prepared.typed)


def reports(idx: SearchIndex, filters: Filters | None = None) -> dict[str, Report]:
    """The index's reports; with filters, those of the filters' towns, years, places and kinds
    (a report is counted whole, so section and about-year filters do not narrow it)."""
    found = reports_from_meta(idx.meta["files"])
    whole = _of_whole_reports(filters)
    if not whole:
        return found
    wanted = idx.sources(whole)
    return {s: r for s, r in found.items() if s in wanted}


def _of_whole_reports(filters: Filters | None) -> Filters | None:
    """The filters that hold of a report as a whole; None when there are none."""
    whole = replace(filters, sections=(), about_years=None) if filters is not None else None
    return whole or None


def kwic_lines(idx: SearchIndex, text: str, filters: Filters, width: int = 15, sort: str = "source",
               use_variants: bool = True) -> tuple[Prepared, list[kwic.Occurrence]]:
    from search.research import kwic

    prepared = _needs_text(prepare(text, use_variants), "kwic")
    result = search_all(idx, prepared, filters)
    return prepared, kwic.occurrences(result.hits, prepared.needles, width, sort)


def trend_of(idx: SearchIndex, text: str, filters: Filters, by: Sequence[str] = ("year",), per: str = "report",
             use_variants: bool = True) -> tuple[Prepared, trend.Trend]:
    from search.research import trend

    prepared = _needs_text(prepare(text, use_variants), "trend")
    result = search_all(idx, prepared, filters)
    return prepared, trend.trend(result.hits, reports(idx, filters), by, per, prepared.needles)


def rows(idx: SearchIndex, text: str, filters: Filters, use_variants: bool = True,
         pattern: str | None = None, regex_timeout: float | None = None) -> export.Table:
    """The export table of a query; with a regex, one row per match with its captures (the
    scan limited to `regex_timeout` seconds, regex.TIMEOUT when None, none when 0)."""
    from search.research import tables as export

    if pattern is None:
        result = search_all(idx, prepare(text, use_variants), filters)
        return export.table(result.hits, reports(idx))
    compiled, matches = regex_matches(idx, text, filters, pattern, use_variants, regex_timeout)
    extra = [(m.match, *m.captures) for m in matches]
    return export.table([m.hit for m in matches], reports(idx), ("match", *compiled.columns), extra)


def regex_matches(idx: SearchIndex, text: str, filters: Filters, pattern: str, use_variants: bool = True,
                  timeout: float | None = None) -> tuple[regex.Pattern, list[regex.PatternMatch]]:
    """The compiled pattern and its matches in the paragraphs the query and its literal text find,
    within `timeout` seconds (regex.TIMEOUT when None, no limit when 0)."""
    from search.research import regex

    compiled = regex.compile_pattern(pattern)
    prepared = prepare(text, use_variants)
    narrowed = regex.narrowing_query(compiled, prepared.text)
    result = idx.search(narrowed, filters, limit=None)
    return compiled, regex.matches(result.hits, compiled, regex.TIMEOUT if timeout is None else timeout)


def report_scope(idx: SearchIndex, text: str, filters: Filters,
                 use_variants: bool = True) -> tuple[Prepared, list[scope.ReportGroup]]:
    """Reports whose paragraphs together satisfy the query, with the paragraphs that match a term."""
    from search.research import scope

    prepared = prepare(text, use_variants)
    node = q.parse(prepared.text)
    if node is None:
        raise UsageError("--scope report needs a query, e.g. 屋场恳谈会 网格")
    universe = set(reports(idx, filters))

    def reports_with(leaf: q.Node) -> set[str]:
        leaf_filters = filters if isinstance(leaf, q.Term) else type(filters)()
        return {h.source for h in idx.search(variants.to_query(leaf), leaf_filters, limit=None).hits}

    matched = scope.matching_reports(node, reports_with, universe)
    terms = [t for t in q.positive_terms(node)]
    hits = idx.search(" OR ".join(variants.to_query(t) for t in terms), filters, limit=None).hits if terms else ()
    return prepared, scope.group(hits, matched, reports(idx))


def compare_town(idx: SearchIndex, town: str, year: int, text: str = "",
                 use_variants: bool = True) -> comparing.Comparison:
    """Plans for `year` beside reviews of `year` in `town`, optionally only paragraphs matching `text`."""
    from search.engine.searcher import Filters
    from search.research import compare as comparing

    prepared = prepare(text, use_variants)
    filters = Filters(towns=(town,), years=(year - 1, year + 1), sections=("工作计划", "工作总结"))
    hits = idx.search(prepared.text, filters, limit=None).hits
    return comparing.compare(hits, year)


def shared_texts(idx: SearchIndex, filters: Filters, min_reports: int = 2, same_town: bool = False,
                 limit: int | None = None) -> tuple[int, list[tuple[Group, str]]]:
    """How many groups of copied paragraphs there are, and the first `limit` (all if None)
    with the text of their earliest member. Groups and texts both come from the generation
    `idx` has open, so a build publishing meanwhile cannot pair a group with another
    generation's paragraphs."""
    within = set(reports(idx, filters)) if _of_whole_reports(filters) else None
    groups = copied.shared(idx.copied_groups(), reports(idx), min_reports, within, same_town)
    found: list[tuple[Group, str]] = []
    for group in groups[:limit]:
        first = group.members[0]
        _focus, hits = idx.paragraph(f"{first.source}:{first.line}")
        found.append((group, next((h.text for h in hits if h.line == first.line), "")))
    return len(groups), found


def _needs_text(prepared: Prepared, command: str) -> Prepared:
    if not prepared.needles:
        raise UsageError(f"{command} needs a term to look for, e.g. 屋场恳谈会")
    return prepared


FOLD_LOOKAHEAD = 50


def folded_page(idx: SearchIndex, prepared: Prepared, filters: Filters,
                limit: int | None) -> tuple[SearchResult, list[copied.Collapsed]]:
    """A page of results with copies of other reports folded: (result, Collapsed items). Only
    the keys of the fetched hits are looked up, in the generation the results come from (the
    one `idx` has open); the search fetches FOLD_LOOKAHEAD hits
    beyond the page once, so that the page stays full when some fold away without searching
    again."""
    fetch = None if limit is None else limit + FOLD_LOOKAHEAD
    result = replace(idx.search(prepared.text, filters, limit=fetch), query=prepared.typed)
    shown = _folded(idx, result.hits)
    if limit is not None:
        shown = shown[:limit]
        result = replace(result, hits=tuple(c.hit for c in shown), limit=limit)
    return result, shown


def _folded(idx: SearchIndex, hits: Sequence[Hit]) -> list[copied.Collapsed]:
    """The hits with copies folded; unfolded when the copied-text table cannot be read (the
    results themselves do not depend on it)."""
    try:
        groups = idx.copied_groups(hits)
    except DupesDamaged:
        groups = []
    return copied.collapse(hits, groups)
