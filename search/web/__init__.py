"""How does a browser ask? The `search serve` web app: the search and report pages and the
research pages, each answering in HTML or, with `?format=json|csv`, in the very data the CLI's
`--json` and `-f csv` write for the same request.

app.py builds the Starlette app (every response with its safety headers); respond.py is the one
way a page answers; pages.py the search and report pages; research_pages.py the research pages;
serve.py runs it under uvicorn. Starlette and Jinja2 live here alone, uvicorn in serve.py alone;
nothing here changes an index or reads a file outside the index and its corpus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from search.lazy import exports

if TYPE_CHECKING:
    from search.web.app import (
        create_app as create_app,
    )
    from search.web.serve import (
        LOOPBACK as LOOPBACK,
        bind as bind,
        run as run,
        serve_url as serve_url,
    )

_EXPORTS = {
    "create_app": "search.web.app",
    "LOOPBACK": "search.web.serve",
    "bind": "search.web.serve",
    "run": "search.web.serve",
    "serve_url": "search.web.serve",
}
__all__ = sorted(_EXPORTS)
__getattr__ = exports(__name__, _EXPORTS)
