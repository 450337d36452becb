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

from typing import TYPE_CHECKING

from search.lazy import exports

__version__ = "0.1.0"

if TYPE_CHECKING:
    from search.engine.searcher import (
        Filters as Filters,
        SearchIndex as SearchIndex,
        open_index as open_index,
    )
    from search.errors import (
        SearchError as SearchError,
        UsageError as UsageError,
    )
    from search.index.build import (
        build_index as build_index,
    )
    from search.ingest.document import (
        parse_corpus as parse_corpus,
    )
    from search.models import (
        Document as Document,
        Hit as Hit,
        IndexReport as IndexReport,
        Paragraph as Paragraph,
        SearchResult as SearchResult,
    )
    from search.render.style import (
        Style as Style,
    )
    from search.render.text import (
        result_text as result_text,
    )

_EXPORTS = {
    "Filters": "search.engine.searcher",
    "SearchIndex": "search.engine.searcher",
    "open_index": "search.engine.searcher",
    "SearchError": "search.errors",
    "UsageError": "search.errors",
    "build_index": "search.index.build",
    "parse_corpus": "search.ingest.document",
    "Document": "search.models",
    "Hit": "search.models",
    "IndexReport": "search.models",
    "Paragraph": "search.models",
    "SearchResult": "search.models",
    "Style": "search.render.style",
    "result_text": "search.render.text",
}
__all__ = sorted(_EXPORTS)
__getattr__ = exports(__name__, _EXPORTS)
