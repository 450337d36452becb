"""The research pages: keyword in context, trends, plans beside reviews, and shared texts.

Each page reads its URL parameters as the command reads its options (the same names, bounds and
one-line refusals), runs the command's workflow through one open generation, and answers in
HTML or, with `?format=json|csv`, with the very records and provenance the command writes
(`search.render.research_data`). A page shows a bounded number of rows; its data has every one,
as the command's data formats do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from search.errors import UsageError
from search.render import research_data as answers
from search.render.answer import Origin, origin
from search.vocabulary import FACET_FIELDS
from search.web import respond
from search.web.research_views import copies_view, kwic_view, pairs_view, trend_view

if TYPE_CHECKING:
    from search.engine.filters import Filters
    from search.engine.searcher import SearchIndex
    from search.render.data import Records

DATA_FORMATS = ("html", "json", "csv")
KWIC_ROWS = 500
"""Occurrences a kwic page shows; its CSV and JSON hold them all."""
DUPES_MOST = 200
"""Shared texts a dupes page shows at most, whatever `limit` or `all` ask; its data holds them all."""
TRUE = ("1", "true", "on", "yes")


@dataclass(frozen=True)
class Param:
    """One option of a command as a URL parameter: `url` is its long option without the dashes,
    `name` the command's parameter (as provenance records it), with the command's default and
    bounds."""

    url: str
    name: str
    default: object
    low: int | None = None
    high: int | None = None


def _int(param: Param, value: str) -> int:
    low, high = param.low, param.high
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or (low is not None and number < low) or (high is not None and number > high):
        span = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise UsageError(f"{param.url} takes a whole number {span}, not {value!r}")
    return number


def _value(param: Param, raw: str | None) -> object:
    if raw is None or raw == "":
        return param.default
    if isinstance(param.default, bool):
        return raw.strip().lower() in TRUE
    if isinstance(param.default, int):
        return _int(param, raw)
    return raw


KWIC = (Param("width", "width", 15, 1, 200), Param("sort", "sort", "source"), Param("apart", "apart", False),
        Param("variants", "with_variants", False), Param("no_variants", "no_variants", False))
TREND = (Param("by", "by", "year"), Param("per", "per", "report"), Param("share", "share", False),
         Param("apart", "apart", False), Param("variants", "with_variants", False),
         Param("no_variants", "no_variants", False))
DUPES = (Param("min_reports", "min_reports", 2, 2), Param("same_town", "same_town", False),
         Param("limit", "limit", 20, 1), Param("all", "show_all", False))
COMPARE = (Param("no_variants", "no_variants", False),)
DUPES_FILTERS = tuple(f for f in FACET_FIELDS if f not in ("section", "about_year"))


@dataclass(frozen=True)
class Asked:
    """A request read as its command reads its options: the query, the filters, each option's
    value, and the options given as the command's provenance records them."""

    query: str
    filters: Filters
    values: Mapping[str, Any]
    options: Mapping[str, object]


def asked(request: Request, params: Sequence[Param], fields: Sequence[str] = FACET_FIELDS) -> Asked:
    from search.engine.given import filters_from

    given = request.query_params
    typed = {field: given.getlist(field) for field in fields}
    filters = filters_from({f: [v for v in vs if v] for f, vs in typed.items()}, lambda field: f"{field}=")
    values = {p.name: _value(p, given.get(p.url)) for p in params}
    options: dict[str, object] = {f: [v for v in vs if v] for f, vs in typed.items() if any(vs)}
    options.update({p.name: v for p in params if (v := values[p.name]) not in (None, False) and v != p.default})
    return Asked(given.get("q", "").strip(), filters, values, options)


def _choice(option: str, value: object, valid: tuple[str, ...]) -> None:
    if value not in valid:
        raise UsageError(f"{option} takes {', '.join(valid[:-1])} or {valid[-1]}, not {value!r}")


def _answer(request: Request, fmt: str, command: str, ask: Asked, records: Callable[[], Records], source: Origin,
            template: str, context: Callable[[], Mapping[str, Any]]) -> Response:
    """The page, or its records as the command writes them."""
    if fmt != "html":
        return respond.data(records(), fmt, command, ask.options, source, name=command)
    return respond.page(request, template, context())


def _notes(idx: SearchIndex, filters: Filters) -> list[str]:
    """The command's `Note:` lines for filter values the index does not hold."""
    return [f"Note: {hint}" for hint in idx.filter_hints(filters)] if filters else []


def _form(request: Request, template: str, ask: Asked, **extra: object) -> Response:
    """The page before anything was asked: the form alone."""
    return respond.page(request, template, {"ask": ask, "empty": True, **extra})


def kwic(request: Request) -> Response:
    from search.research import kwic as concordance, workflows

    fmt = respond.fmt_of(request, DATA_FORMATS)
    ask = asked(request, KWIC)
    _choice("sort", ask.values["sort"], concordance.SORTS)
    if not ask.query and fmt == "html":
        return _form(request, "kwic.html", ask)
    with respond.opened(request) as idx:
        variants = ask.values["with_variants"] and not ask.values["no_variants"]
        prepared, found = workflows.kwic_lines(idx, ask.query, ask.filters, ask.values["width"], ask.values["sort"],
                                               variants, ask.values["apart"])
        source, notes = origin(idx, prepared.typed, prepared.expansions), _notes(idx, ask.filters)
    counted = prepared.counted
    if counted is None:
        raise AssertionError("kwic's query says what it counts")
    return _answer(request, fmt, "kwic", ask, lambda: answers.kwic_records(found, counted), source, "kwic.html",
                   lambda: {"ask": ask, "notes": notes, **kwic_view(found, counted, KWIC_ROWS)})


def trend(request: Request) -> Response:
    from search.research import trend as trends, workflows

    fmt = respond.fmt_of(request, DATA_FORMATS)
    ask = asked(request, TREND)
    try:
        by = trends.parse_by(str(ask.values["by"]))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    _choice("per", ask.values["per"], trends.UNITS)
    if not ask.query and fmt == "html":
        return _form(request, "trend.html", ask, dimensions=trends.DIMENSIONS, units=trends.UNITS)
    with respond.opened(request) as idx:
        variants = ask.values["with_variants"] and not ask.values["no_variants"]
        prepared, result = workflows.trend_of(idx, ask.query, ask.filters, by, str(ask.values["per"]), variants,
                                              ask.values["apart"])
        source, notes = origin(idx, prepared.typed, prepared.expansions), _notes(idx, ask.filters)
    counted = prepared.counted
    if counted is None:
        raise AssertionError("trend's query says what it counts")
    return _answer(request, fmt, "trend", ask, lambda: answers.trend_records(result, counted), source, "trend.html",
                   lambda: {"ask": ask, "notes": notes, "dimensions": trends.DIMENSIONS, "units": trends.UNITS,
                            **trend_view(result, counted, bool(ask.values["share"]))})


def dupes(request: Request) -> Response:
    from search.render.research import MEMBERS_SHOWN
    from search.research import workflows

    fmt = respond.fmt_of(request, DATA_FORMATS)
    ask = asked(request, DUPES, DUPES_FILTERS)
    shown = None if fmt != "html" else DUPES_MOST if ask.values["show_all"] else min(ask.values["limit"], DUPES_MOST)
    with respond.opened(request) as idx:
        total, found = workflows.shared_texts(idx, ask.filters, ask.values["min_reports"], ask.values["same_town"],
                                              shown, None if fmt != "html" else MEMBERS_SHOWN)
        reports = workflows.reports(idx)
        source, notes = origin(idx), _notes(idx, ask.filters)
    return _answer(request, fmt, "dupes", ask, lambda: answers.copies_records(found, reports), source, "dupes.html",
                   lambda: {"ask": ask, "notes": notes, **copies_view(found, total, reports)})


def compare(request: Request) -> Response:
    from search.research import workflows

    fmt = respond.fmt_of(request, DATA_FORMATS)
    ask = asked(request, COMPARE, ())
    town, year = _one(request, "town"), _one(request, "year")
    if (not town or not year) and fmt == "html":
        return _form(request, "compare.html", ask, town=town, year=year)
    if not town or not year:
        raise UsageError("compare needs a town and a year: ?town=…&year=…")
    number = _int(Param("year", "years", 0, 1, 9999), year)
    options = {"towns": [town], "years": [number], **ask.options}
    with respond.opened(request) as idx:
        name = workflows.town_named(idx, town)
        result = workflows.compare_town(idx, name, number, ask.query, not ask.values["no_variants"])
        source = origin(idx, ask.query or None)
    ask = Asked(ask.query, ask.filters, ask.values, options)
    return _answer(request, fmt, "compare", ask, lambda: answers.pairs_records(result), source, "compare.html",
                   lambda: {"ask": ask, "town": name, "year": number, **pairs_view(result)})


def _one(request: Request, name: str) -> str:
    """The single value of a parameter that compares one thing, as the command takes one."""
    values = [v for v in request.query_params.getlist(name) if v.strip()]
    if len(values) > 1:
        raise UsageError(f"compare takes one {name} (given {', '.join(values)}); ask once for each")
    return values[0].strip() if values else ""


ROUTES: list[BaseRoute] = [
    Route("/kwic", kwic, name="kwic"),
    Route("/trend", trend, name="trend"),
    Route("/compare", compare, name="compare"),
    Route("/dupes", dupes, name="dupes"),
]
