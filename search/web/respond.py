"""The one way a page answers: HTML from a template, or with `?format=json|csv` the records the
CLI writes for the same request, through the same writer (`search.render.answer`), provenance
included; and every failure as a page holding the CLI's one line.

Templates autoescape everything: a report's text, a sidecar's town or a file name reach the
page as text, never as markup. The safety headers (`HEADERS`, a Content-Security-Policy without
inline script among them) are set on every response by the app's middleware.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from search.errors import IndexBusy, IndexIncompatible, IndexMissing, SearchError, UnsafeIndex, UsageError
from search.render.answer import Origin, answer
from search.render.style import visible

if TYPE_CHECKING:
    from search.engine.searcher import SearchIndex
    from search.render.data import Records

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
"""Scripts, styles and fonts from the app alone (all shipped in static/), no inline script or
handler, no plugin, no framing."""
HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

FORMATS: dict[str, str] = {"html": "text/html; charset=utf-8", "json": "application/json; charset=utf-8",
                           "csv": "text/csv; charset=utf-8"}
"""The formats a page may answer in, with their media types; a page without CSV refuses it."""

STATUS: tuple[tuple[type[SearchError], int], ...] = (
    (UsageError, 400),
    (IndexMissing, 503),
    (IndexIncompatible, 503),
    (IndexBusy, 503),
    (UnsafeIndex, 503),
)
"""The HTTP status of each error a user can cause; anything else they cause is 400. An index that
cannot be read is the server's state, not the request's: 503, with the command that repairs it."""


class NotFound(SearchError):
    """A page or a report that does not exist (or a path that may not be asked for)."""


def status_of(error: SearchError) -> int:
    if isinstance(error, NotFound):
        return 404
    return next((code for kind, code in STATUS if isinstance(error, kind)), 400)


environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                          trim_blocks=True, lstrip_blocks=True)


def fmt_of(request: Request, allowed: tuple[str, ...] = ("html", "json")) -> str:
    """The format `?format=` asks for (html by default), refused in one line if the page has none."""
    fmt = request.query_params.get("format", "html")
    if fmt not in allowed:
        raise UsageError(f"format takes {', '.join(allowed[:-1])} or {allowed[-1]} here, not {fmt!r}")
    return fmt


def page(request: Request, template: str, context: Mapping[str, Any], status: int = 200) -> HTMLResponse:
    """The template rendered with `context`; `request` gives templates the current URL."""
    html = environment.get_template(template).render({"request": request, "url_with": url_with(request), **context})
    return HTMLResponse(html, status_code=status)


def data(records: Records, fmt: str, command: str, options: Mapping[str, object], source: Origin,
         name: str = "search") -> Response:
    """The records as the CLI writes them with `--json` or `-f csv`; CSV comes as a download."""
    body = answer(records, fmt, command, options, source)
    headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'} if fmt == "csv" else {}
    return Response(body, media_type=FORMATS[fmt], headers=headers)


def failure(request: Request, error: SearchError) -> Response:
    """The CLI's one line for `error`, as a page (or plain text when data was asked for)."""
    line = f"Error: {visible(str(error))}"
    status = status_of(error)
    if request.query_params.get("format", "html") != "html":
        return PlainTextResponse(line + "\n", status_code=status)
    return page(request, "error.html", {"line": line, "status": status}, status)


@lru_cache(maxsize=8192)
def _pair(name: str, value: str) -> str:
    """`name=value` encoded for a URL: a facet's values are linked on every page that lists them."""
    return urlencode([(name, value)])


def url_with(request: Request) -> Callable[..., str]:
    """A function templates (and pages, for the facets' many links) call to link to this page with
    parameters changed: keyword=None
    drops one, a (name, value) in `drop` drops one value of a repeated one, `add` adds one."""

    bases: dict[object, tuple[list[tuple[str, str]], str]] = {}

    def build(drop: tuple[str, str] | None = None, add: tuple[str, str] | None = None, **changed: object) -> str:
        key = (drop, tuple(changed.items()))
        if key not in bases:  # a page links each of its facets' values with the same base
            items = [(k, v) for k, v in request.query_params.multi_items()
                     if k not in changed and (k, v) != drop and k != "format"]
            items += [(k, str(v)) for k, v in changed.items() if v is not None]
            bases[key] = items, urlencode(items)
        items, query = bases[key]
        if add is not None and add not in items:
            query += ("&" if query else "") + _pair(*add)
        return request.url.path + (f"?{query}" if query else "")

    return build


@contextmanager
def opened(request: Request) -> Iterator[SearchIndex]:
    """The live generation of the app's index, for this request alone (`pool`): a build that
    published since the last request is read at once, with no restart."""
    with request.app.state.pool.opened() as idx:
        yield idx
