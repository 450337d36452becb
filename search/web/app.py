"""The Starlette app of `search serve`: its routes, the safety headers on every response, and the
bounds on what a request may ask before any page reads it.

The app holds no open index: each request opens the live generation (`respond.opened`), so a new
`search index` is picked up without a restart and a damaged one is reported on the next page.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search.errors import SearchError
from search.index import index_dir
from search.web import pages, research_pages
from search.web.pool import Pool
from search.web.respond import HEADERS, STATIC, NotFound, failure

MAX_URL = 16 * 1024
"""Bytes a request's path and query may take together (a query of 1,000 Chinese characters takes 9 KB
once encoded); more is refused before any page runs."""
MAX_BODY = 0
"""Every page is read with GET: a request with a body is refused."""


class Guard:
    """Sets the safety headers on every response (static files and errors included) and refuses
    an oversized URL or any request body with one line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        refusal = _refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_guarded)
            return
        await self.app(scope, receive, send_guarded)


def _refusal(scope: Scope) -> Response | None:
    size = len(scope.get("raw_path") or scope.get("path", "").encode()) + len(scope.get("query_string", b""))
    if size > MAX_URL:
        return PlainTextResponse(f"Error: the address is too long ({size:,} bytes; the limit is {MAX_URL:,})\n",
                                 status_code=414)
    length = dict(scope.get("headers", [])).get(b"content-length", b"0")
    if not length.isdigit() or int(length) > MAX_BODY:
        return PlainTextResponse("Error: pages are read with GET and take no request body\n", status_code=413)
    return None


def create_app(index: Path | None = None) -> Starlette:
    """The app over the index at `index` (the CLI's default when None: $SEARCH_INDEX, else index/)."""
    routes = [*pages.ROUTES, *research_pages.ROUTES, Mount("/static", StaticFiles(directory=STATIC), name="static")]

    async def domain_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SearchError)
        return failure(request, exc)

    async def not_found(request: Request, exc: Exception) -> Response:
        if isinstance(exc, HTTPException) and exc.status_code != 404:
            return PlainTextResponse(f"Error: {exc.detail}\n", status_code=exc.status_code)
        return failure(request, NotFound(f"no page at {request.url.path}; the search page is /"))

    app = Starlette(routes=routes, exception_handlers={SearchError: domain_error, HTTPException: not_found})
    app.state.index = index_dir(index)
    app.state.pool = Pool(app.state.index)
    app.add_middleware(Guard)
    return app
