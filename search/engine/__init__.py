"""What matches a query, and in what order? Query text and Filters become a SearchResult.

The query in named stages over one open generation: syntax.py parses it into a tree, variants.py
expands the variants table, plan.py normalises and splits each term once and lifts the filters
out, filters.py resolves what a user typed to stored values, matching.py evaluates the tree leaf
by leaf over literal.py (Ctrl+F after normalisation) and words.py (a term's words apart, split
by terms.py), ranking.py orders the hits (BM25 from terms.py), facets.py counts them and
highlight.py finds the occurrences that highlights, kwic and trend share. searcher.py is the door
the library and the CLI use. No Whoosh and no jieba here: a generation is read through index.reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from search.lazy import exports

if TYPE_CHECKING:
    from search.engine.highlight import (
        occurrences as occurrences,
    )
    from search.engine.searcher import (
        Filters as Filters,
        SearchIndex as SearchIndex,
        open_index as open_index,
    )
    from search.engine.syntax import (
        year_range as year_range,
    )

_EXPORTS = {
    "occurrences": "search.engine.highlight",
    "Filters": "search.engine.searcher",
    "SearchIndex": "search.engine.searcher",
    "open_index": "search.engine.searcher",
    "year_range": "search.engine.syntax",
}
__all__ = sorted(_EXPORTS)
__getattr__ = exports(__name__, _EXPORTS)
