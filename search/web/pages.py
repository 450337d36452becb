"""The search page `/` and the report page `/report/<source>`, each with its JSON twin: the
object `search query … --json` and `search show SOURCE --json` print for the same request.

URL parameters are named as the CLI's long options (`q` for the query itself), so every state
of a page is a link, and the same request can be typed on either face.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from search.engine.given import filters_from
from search.engine.searcher import Filters, SearchIndex
from search.errors import UsageError
from search.index import DupesDamaged
from search.ingest import read_dropped
from search.models import Hit, Member, SearchResult
from search.render import Records, result_records
from search.render.answer import origin
from search.research import Report, tables, workflows
from search.research.dupes import IDENTICAL, NEAR, Collapsed
from search.vocabulary import FACET_FIELDS
from search.web import views
from search.web.matches import regex_page
from search.web.respond import NotFound, data, fmt_of, opened, page, url_with

PAGE = 10
"""Hits a page shows unless `limit` says otherwise: the CLI's page, so a page and its JSON agree."""
MAX_LIMIT = 100
"""The most hits one page may ask for."""
MAX_PAGE = 50
"""The deepest page of results: beyond it, narrow the query or use the CLI's `-f csv`."""
MAX_QUERY = 1000
"""Characters the query may take on the web (the CLI's own limit is larger)."""
MAX_VALUES = 20
"""Values one filter may repeat."""
FACET_SHOWN = 8
"""Values of a facet listed at once; the rest open under <details>."""
FACET_LISTED = 200
"""Values of a facet the page lists at all, the most frequent first: at 10,000 reports the town
facet alone held 2,500 names, most of a 1.8 MB page; any other is one `town:NAME` away."""
KEPT = ("limit", "no_fold")
"""Parameters besides the filters that a new query from the form keeps."""


@dataclass(frozen=True)
class Asked:
    """A search request as the URL gives it, checked once."""

    q: str
    filters: Filters
    chosen: tuple[tuple[str, str], ...]
    """(field, value) of every filter given, in URL order, for its chip."""
    limit: int | None
    page: int
    no_fold: bool
    fmt: str
    regex: str = ""

    @property
    def size(self) -> int:
        return self.limit or PAGE

    def options(self) -> dict[str, object]:
        """The options as the CLI's provenance records them for the same request."""
        named = _chosen_options(self.chosen)
        if self.limit is not None:
            named["limit"] = self.limit
        if self.no_fold:
            named["no_fold"] = True
        if self.page > 1:
            named["page"] = self.page
        return named


def _chosen_options(chosen: tuple[tuple[str, str], ...]) -> dict[str, object]:
    """Filter values as the CLI's provenance records its repeatable options: a list per field."""
    named: dict[str, list[str]] = {}
    for field, value in chosen:
        named.setdefault(field, []).append(value)
    return dict(named)


def _number(request: Request, name: str, low: int, high: int) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise UsageError(f"{name} takes a whole number from {low} to {high}, not {value!r}")
    return int(value)


def asked(request: Request) -> Asked:
    """The request's query, filters and page, each bounded; a value out of bounds is one line."""
    params = request.query_params
    q = params.get("q", "")
    if len(q) > MAX_QUERY:
        raise UsageError(f"the query is too long ({len(q):,} characters; the limit here is {MAX_QUERY:,})")
    chosen = tuple((k, v) for k, v in params.multi_items() if k in FACET_FIELDS and v.strip())
    values: dict[str, list[str]] = {}
    for field, value in chosen:
        values.setdefault(field, []).append(value)
    crowded = next((f for f, v in values.items() if len(v) > MAX_VALUES), None)
    if crowded:
        raise UsageError(f"{crowded} is given {len(values[crowded])} times; the limit is {MAX_VALUES}")
    filters = filters_from(values, lambda field: f"{field}=")
    return Asked(q, filters, chosen, _number(request, "limit", 1, MAX_LIMIT), _number(request, "page", 1, MAX_PAGE)
                 or 1, params.get("no_fold", "") not in ("", "0"), fmt_of(request, ("html", "json", "csv")),
                 params.get("regex", ""))


def search_page(request: Request) -> Response:
    wanted = asked(request)
    if wanted.fmt == "html" and not (wanted.q.strip() or wanted.chosen or wanted.regex):
        return _welcome(request)
    if wanted.regex:
        return regex_page(request, wanted.q, wanted.regex, wanted.filters, _chosen_options(wanted.chosen), wanted.fmt,
                          wanted.size, wanted.page, _form_context(request, wanted))
    prepared = workflows.prepare(wanted.q)
    with opened(request) as idx:
        source = origin(idx, wanted.q, prepared.expansions)
        if wanted.fmt != "html":
            limit = wanted.size * wanted.page if wanted.fmt == "json" else None
            result = workflows.query_page(idx, prepared, wanted.filters, limit)
            if wanted.page > 1:
                result = _from(result, wanted.size * (wanted.page - 1))
            return data(_records(result, idx), wanted.fmt, "query", wanted.options(), source)
        shown, result = _hits(idx, wanted, prepared)
        reports = workflows.reports(idx)
        context = _search_context(request, wanted, result, shown, reports, len(idx.meta["files"]))
    partial = bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")
    answer = page(request, "_results.html" if partial else "search.html", {**context, "partial": partial})
    answer.headers["Vary"] = "HX-Request"
    return answer


def _welcome(request: Request) -> Response:
    """The form alone, with how many reports the index holds (nothing asked, nothing searched)."""
    with opened(request) as idx:
        count = len(idx.meta["files"])
    return page(request, "search.html", {"q": "", "asked": False, "reports": count, "kept": [], "chosen": (),
                                         "notes": []})


def _records(result: SearchResult, idx: SearchIndex) -> Records:
    return result_records(result, workflows.reports(idx))


def _from(result: SearchResult, start: int) -> SearchResult:
    """The result's hits from `start` on: a later page."""
    return replace(result, hits=result.hits[start:])


def _hits(idx: SearchIndex, wanted: Asked, prepared: workflows.Prepared) -> tuple[list[Collapsed], SearchResult]:
    """The page's hits, copies folded as the CLI folds them unless `no_fold`."""
    upto = wanted.size * wanted.page
    if wanted.no_fold:
        result = workflows.query_page(idx, prepared, wanted.filters, upto)
        shown = [Collapsed(h, ()) for h in result.hits]
    else:
        result, shown = workflows.folded_page(idx, prepared, wanted.filters, upto)
    return shown[wanted.size * (wanted.page - 1):], result


def _form_context(request: Request, wanted: Asked) -> dict[str, Any]:
    """What every state of the search page shows around its results: the form, the chips."""
    return {
        "q": wanted.q, "regex": wanted.regex, "asked": True, "chosen": wanted.chosen, "notes": [], "facets": [],
        "no_fold": wanted.no_fold, "partial": False,
        "kept": [(k, v) for k, v in request.query_params.multi_items() if k in FACET_FIELDS or k in KEPT],
    }


def _search_context(request: Request, wanted: Asked, result: SearchResult, shown: list[Collapsed],
                    reports: Mapping[str, Report], count: int) -> dict[str, Any]:
    first = wanted.size * (wanted.page - 1) + 1
    more = result.total > wanted.size * wanted.page and len(shown) == wanted.size and wanted.page < MAX_PAGE
    return {
        **_form_context(request, wanted), "reports": count,
        "hits": [views.hit_view(item, reports) for item in shown],
        "total": result.total, "first": first, "last": first + len(shown) - 1, "page": wanted.page, "more": more,
        "notes": list(result.hints), "facet_shown": FACET_SHOWN,
        "facets": _facets(request, result),
    }


def _facets(request: Request, result: SearchResult) -> list[views.FacetView]:
    link = url_with(request)

    def adding(field: str, value: str) -> str:
        return link(add=(field, value), page=None)

    return [views.facet_view(field, counts, FACET_LISTED, adding) for field, counts in result.facets.items() if counts]


def report_page(request: Request) -> Response:
    source = request.path_params["source"]
    fmt = fmt_of(request, ("html", "json", "csv"))
    with opened(request) as idx:
        files = idx.meta["files"]
        if source not in files or "\x00" in source:
            raise NotFound(f"no report {source!r} in the index; the search page / finds reports")
        _focus, hits = idx.paragraph(source)
        reports = workflows.reports(idx)
        records = Records("hits", tables.table(hits, reports))
        if fmt != "html":
            return data(records, fmt, "show", {"pid": source}, origin(idx), name="report")
        context = _report_context(idx, source, hits, reports)
    return page(request, "report.html", context)


def _report_context(idx: SearchIndex, source: str, hits: list[Hit], reports: Mapping[str, Report]) -> dict[str, Any]:
    row = {"source": source, **idx.meta["files"][source]}
    root = idx.corpus_root([source])
    try:
        dropped = read_dropped(root, row)
    except OSError:
        dropped = []
    copies, unlinked = _copies(idx, hits, reports)
    paragraphs = [{"anchor": f"L{h.id.rpartition(':')[2]}", "line": h.citation.rpartition(":")[2], "text": h.text,
                   "section": h.section, "heading": h.heading, "copies": copies.get((h.source, h.line), ()),
                   "unlinked": unlinked.get((h.source, h.line), 0)}
                  for h in hits]
    return {"source": source, "meta": row, "paragraphs": paragraphs, "outline": views.outline(hits),
            "dropped": dropped, "report": reports.get(source)}


Spot = tuple[str, int]
Copies = dict[Spot, list[tuple[str, views.Link]]]


def _copies(idx: SearchIndex, hits: list[Hit], reports: Mapping[str, Report]) -> tuple[Copies, dict[Spot, int]]:
    """For each paragraph, its first copies in other reports (identical first, then near), as
    links, and how many more there are: counted and listed through the table's indexes, as a
    template paragraph of a big corpus has thousands."""
    members = [Member(h.source, h.line) for h in hits]
    try:
        keys = idx.copy_keys(members)
        listed = {m: idx.copies_of(m, keys[m], views.COPIES_LINKED) for m in members if m in keys}
    except DupesDamaged:
        return {}, {}
    found: Copies = {}
    unlinked: dict[Spot, int] = {}
    for member, copies in listed.items():
        links = [(IDENTICAL, link) for link in views.member_links(copies.identical.members, reports)]
        links += [(NEAR, link) for link in views.member_links(copies.near.members, reports)]
        if links:
            found[(member.source, member.line)] = links
            unlinked[(member.source, member.line)] = copies.identical.total + copies.near.total - len(links)
    return found, unlinked


ROUTES: list[BaseRoute] = [
    Route("/", search_page, name="search"),
    Route("/report/{source:path}", report_page, name="report"),
]
