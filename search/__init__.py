"""Full-text search over Chinese township government work reports.

The library API, usable without the CLI:

    from search import build_index, open_index, Filters
    build_index(Path("seeds"), Path("index"))
    with open_index(Path("index")) as index:
        result = index.search("屋场恳谈会", Filters(towns=("荫田",)), limit=5)

Results are plain frozen dataclasses (`SearchResult`, `Hit`, `IndexReport`). Names are imported
on first use, so `import search` stays as cheap as the CLI needs.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "open_index": "search.engine.searcher",
    "Filters": "search.engine.searcher",
    "SearchIndex": "search.engine.searcher",
    "build_index": "search.index.build",
    "parse_corpus": "search.ingest.document",
    "SearchResult": "search.models",
    "Hit": "search.models",
    "IndexReport": "search.models",
    "Document": "search.models",
    "Paragraph": "search.models",
    "SearchError": "search.errors",
    "Style": "search.render.text",
    "result_text": "search.render.text",
    "UsageError": "search.errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'search' has no attribute {name!r}")
    return getattr(import_module(module), name)
