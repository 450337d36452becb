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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from search.engine import syntax as q, variants
from search.engine.plan import Needle
from search.errors import UsageError
from search.index import DupesDamaged
from search.lru import Lru
from search.models import Group, Hit, Member, SearchResult
from search.normalize import normalize
from search.research import dupes as copied
from search.research.reports import Report, reports_from_meta
from search.vocabulary import PLAN_SECTION, PROBLEM_SECTION, REVIEW_SECTION

if TYPE_CHECKING:
    from search.engine.searcher import Filters, SearchIndex
    from search.research import compare as comparing, counted as counting, kwic, regex, scope, tables as export, trend


@dataclass(frozen=True)
class Prepared:
    """A query as the engine will run it: typed text, expanded text, and what was expanded."""

    typed: str
    text: str
    expansions: tuple[variants.Expansion, ...]
    needles: tuple[Needle | str, ...]
    counted: counting.Counted | None = None
    """What a counting command counts (`search.research.counted`); None for other commands."""


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


def query_page(idx: SearchIndex, prepared: Prepared, filters: Filters, limit: int | None) -> SearchResult:
    """The hits `query` answers with as data: the first `limit` (every hit when None), under the
    text the user typed; the CLI's `--json` and the web page's JSON both come from here."""
    if limit is None:
        return search_all(idx, prepared, filters)
    return replace(idx.search(prepared.text, filters, limit=limit), query=prepared.typed)


_REPORTS: Lru[tuple[str, int, int], dict[str, Report]] = Lru(4)
"""The reports of the last generations read, by `SearchIndex.stamp`: a server answering many
requests from one generation builds its thousands of records once."""


def reports(idx: SearchIndex, filters: Filters | None = None) -> dict[str, Report]:
    """The index's reports; with filters, those of the filters' towns, years, places and kinds
    (a report is counted whole, so section and about-year filters do not narrow it)."""
    found = _REPORTS.get(idx.stamp)
    if found is None:
        found = _REPORTS[idx.stamp] = reports_from_meta(idx.meta["files"])
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
               use_variants: bool = False, apart: bool = False) -> tuple[Prepared, list[kwic.Occurrence]]:
    """Every occurrence of the terms as written (`search.research.counted`), with its context."""
    from search.research import kwic

    prepared = prepare_count(idx, text, "kwic", apart, use_variants)
    result = search_all(idx, prepared, filters)
    return prepared, kwic.occurrences(result.hits, prepared.needles, width, sort)


def trend_of(idx: SearchIndex, text: str, filters: Filters, by: Sequence[str] = ("year",), per: str = "report",
             use_variants: bool = False, apart: bool = False) -> tuple[Prepared, trend.Trend]:
    """Counts of the terms as written (`search.research.counted`) by group of reports."""
    from search.research import trend

    prepared = prepare_count(idx, text, "trend", apart, use_variants)
    if per == "occurrence":
        counted = trend.occurrences_per_report(search_all(idx, prepared, filters).hits, prepared.needles)
    else:  # paragraphs per report, read without building a hit
        counted = idx.paragraphs_per_report(prepared.text, filters)
    return prepared, trend.trend(counted, reports(idx, filters), by, per)


def prepare_count(idx: SearchIndex, text: str, command: str, apart: bool = False,
                  use_variants: bool = False) -> Prepared:
    """A counting command's query: its terms as written unless `apart`, its variants only when
    `use_variants`; the needles are the plan's, so an occurrence is one `query` would highlight."""
    from search.research import counted as counting

    query, counted = counting.counting_query(text, apart, use_variants)
    prepared = _needs_text(prepare(query, use_variants=False), command)
    needles = idx.plan(query).needles
    if apart:
        counted = replace(counted, pieces=tuple(dict.fromkeys((n.text, n.split) for n in needles if n.apart)))
    return replace(prepared, typed=text, expansions=counted.variants, needles=needles, counted=counted)


def rows(idx: SearchIndex, text: str, filters: Filters, use_variants: bool = True,
         pattern: str | None = None, regex_timeout: float | None = None) -> export.Table:
    """The export table of a query; with a regex, one row per match with its captures, its
    spans those of the match (not of the query's terms), the scan limited to `regex_timeout`
    seconds (regex.TIMEOUT when None, none when 0)."""
    from search.research import tables as export

    if pattern is None:
        result = search_all(idx, prepare(text, use_variants), filters)
        return export.table(result.hits, reports(idx))
    compiled, matches = regex_matches(idx, text, filters, pattern, use_variants, regex_timeout)
    extra = [(m.match, *m.captures) for m in matches]
    hits = [replace(m.hit, highlights=((m.start, m.end),)) for m in matches]
    return export.table(hits, reports(idx), ("match", *compiled.columns), extra)


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
        return set(idx.paragraphs_per_report(variants.to_query(leaf), leaf_filters))

    matched = scope.matching_reports(node, reports_with, universe)
    terms = [t for t in q.positive_terms(node)]
    hits = idx.search(" OR ".join(variants.to_query(t) for t in terms), filters, limit=None).hits if terms else ()
    return prepared, scope.group(hits, matched, reports(idx))


def town_named(idx: SearchIndex, town: str) -> str:
    """The indexed town that `town` names (泉溪 → 泉溪镇), or one line saying which are near."""
    name = idx.resolve_town(town)
    if not name:
        near = idx.resolver.nearest("town", town)
        advice = f"did you mean {'、'.join(near)}?" if near else "`search facets` lists the towns"
        raise UsageError(f"no town {town!r} in the index; {advice}")
    return name


def compare_town(idx: SearchIndex, town: str, year: int, text: str = "",
                 use_variants: bool = True) -> comparing.Comparison:
    """Plans for `year` beside reviews of `year` in `town`, and the problems reported about
    `year`, optionally only paragraphs matching `text`."""
    from search.engine.searcher import Filters
    from search.research import compare as comparing

    prepared = prepare(text, use_variants)
    sections = (PLAN_SECTION, REVIEW_SECTION, PROBLEM_SECTION)
    filters = Filters(towns=(town,), years=(year - 1, year + 1), sections=sections)
    hits = idx.search(prepared.text, filters, limit=None).hits
    return comparing.compare(hits, year)


def shared_texts(idx: SearchIndex, filters: Filters, min_reports: int = 2, same_town: bool = False,
                 limit: int | None = None, members_each: int | None = None) -> tuple[int, list[copied.Shared]]:
    """How many groups of copied paragraphs there are, and the first `limit` (all if None),
    each paragraph (the first `members_each` of each, all if None) with its own text, compared
    with the earliest. A group is a near-copy key's
    (the table's), joined with the paragraphs similar to its own (`NEAR_SIMILARITY`). Groups
    and texts both come from the generation `idx` has open, so a build publishing meanwhile
    cannot pair a group with another generation's paragraphs."""
    every = reports(idx)
    within = set(reports(idx, filters)) if _of_whole_reports(filters) else None
    groups = copied.shared(_merged(idx), every, min_reports, within, same_town)
    page = groups[:limit]
    members = [m for g in page for m in g.members[:members_each]]
    texts, keys = _texts(idx, members), idx.copy_keys(members)
    known = frozenset(normalize(t) for t in idx.towns)
    return len(groups), [_compared(g, members_each, texts, keys, every, known) for g in page]


_MERGED: Lru[tuple[str, int, int], list[Group]] = Lru(2)
"""The copied-text groups of the last generations read, joined with their similar pairs, by
`SearchIndex.stamp`: reading and joining them took most of a dupes page (1.1 s of 1.7 at
10,000 reports, whose 195 groups hold 190,000 paragraphs: 33 MB kept)."""


def _merged(idx: SearchIndex) -> list[Group]:
    found = _MERGED.get(idx.stamp)
    if found is None:
        found = _MERGED[idx.stamp] = copied.merge(idx.copied_groups(), idx.similar_pairs())
    return found


def _town_of(every: dict[str, Report], member: Member) -> str | None:
    report = every.get(member.source)
    return report.town if report else None


def _texts(idx: SearchIndex, members: Iterable[Member]) -> dict[Member, str]:
    """The text of each member, reading each report once."""
    wanted: dict[str, set[int]] = {}
    for member in members:
        wanted.setdefault(member.source, set()).add(member.line)
    found: dict[Member, str] = {}
    for source, lines in wanted.items():
        _focus, hits = idx.paragraph(source)
        found.update({Member(source, h.line): h.text for h in hits if h.line in lines})
    return found


def _compared(group: Group, members_each: int | None, texts: dict[Member, str], keys: dict[Member, dict[str, str]],
              every: dict[str, Report], known: frozenset[str]) -> copied.Shared:
    """The group's paragraphs, each compared with the earliest."""
    from search.index import jaccard, places_named

    first = group.members[0]
    base, top = texts.get(first, ""), keys.get(first, {})
    copies = []
    for member in group.members[:members_each]:
        text, found, town = texts.get(member, ""), keys.get(member, {}), _town_of(every, member)
        identical = member == first or found.get("identical", member) == top.get("identical", first)
        own = normalize(town) if town else None
        names = tuple(n for n in places_named(text, known) if n != own)
        copies.append(copied.Copy(member, text, copied.IDENTICAL if identical else copied.NEAR,
                                  1.0 if identical else jaccard(top.get("masked", ""), found.get("masked", "")),
                                  () if identical else copied.char_diff(base, text), names))
    return copied.Shared(group, tuple(copies))


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
    result, hits = idx.ranked(prepared.text, filters, limit=fetch)
    shown = _folded(idx, hits, limit)
    hits = hits if limit is None else [c.hit for c in shown]
    return replace(result, query=prepared.typed, hits=tuple(hits), limit=limit), shown


def _folded(idx: SearchIndex, hits: Sequence[Hit], limit: int | None = None) -> list[copied.Collapsed]:
    """The hits with identical copies folded and near-copies marked; unfolded when the
    copied-text table cannot be read (the results themselves do not depend on it)."""
    try:
        return copied.collapse(hits, idx, idx.towns, limit)
    except DupesDamaged:
        return copied.collapse(hits, None, idx.towns, limit)
