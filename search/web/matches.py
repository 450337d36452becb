"""The search page's regex mode (`?regex=`, the CLI's `--regex`): one row per match with its
captures, within the CLI's time limit (`research.regex.TIMEOUT`, which the web cannot raise).

Its JSON and CSV twins are what `search query Q --regex P --json` and `-f csv` print: every match.
The page lists them a page at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from search.engine.searcher import Filters
from search.render import Records
from search.render.answer import origin
from search.research import Report, workflows
from search.research.regex import PatternMatch
from search.web import views
from search.web.respond import data, opened, page


@dataclass(frozen=True)
class MatchView:
    cite: str
    href: str
    place: str
    match: str
    captures: tuple[str, ...]
    pieces: tuple[tuple[str, bool], ...]


def regex_page(request: Request, text: str, pattern: str, filters: Filters, options: Mapping[str, object],
               fmt: str, size: int, number: int, context: Mapping[str, Any]) -> Response:
    """`q` narrowed by `pattern`: its matches as data, or the page `number` of them (`size` each)."""
    prepared = workflows.prepare(text)
    with opened(request) as idx:
        source = origin(idx, text, prepared.expansions)
        if fmt != "html":
            table = workflows.rows(idx, text, filters, True, pattern, None)
            return data(Records("matches", table), fmt, "query", {**options, "pattern": pattern}, source)
        compiled, found = workflows.regex_matches(idx, text, filters, pattern)
        reports = workflows.reports(idx)
    start = size * (number - 1)
    shown = [_view(m, reports) for m in found[start:start + size]]
    more = len(found) > start + size
    return page(request, "search.html", {
        **context, "regex": pattern, "columns": compiled.columns, "matches": shown, "total": len(found),
        "first": start + 1, "last": start + len(shown), "page": number, "more": more,
        "paragraphs": len({(m.hit.source, m.hit.line) for m in found})})


def _view(found: PatternMatch, reports: Mapping[str, Report]) -> MatchView:
    hit = replace(found.hit, highlights=((found.start, found.end),))
    return MatchView(hit.citation, views.report_href(hit.source, hit.line), views.place(hit, reports.get(hit.source)),
                     found.match, tuple("" if c is None else c for c in found.captures), views.pieces(hit))
