"""How does a file become a report? Decoding, cleaning, layout repair, sections, town and year.

The only reader of corpus files: every later stage works on `Document` records. The whole
pipeline is one function, `build_document` (document.py); `parse_corpus` runs it over a corpus.
jieba lives in wordcut.py alone, loaded only when a build needs words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from search.lazy import exports

if TYPE_CHECKING:
    from search.ingest.corpus import (
        SIDECAR_SUFFIX as SIDECAR_SUFFIX,
        dropped_rows as dropped_rows,
        find_files as find_files,
        fingerprint as fingerprint,
        load as load,
    )
    from search.ingest.document import (
        build_document as build_document,
        failed as failed,
        parse_corpus as parse_corpus,
        read_document as read_document,
    )
    from search.ingest.gazetteer import (
        short_name as short_name,
    )
    from search.ingest.rules import (
        HEADING_PATTERNS as HEADING_PATTERNS,
    )
    from search.ingest.wordcut import (
        dictionary_hash as dictionary_hash,
        warm_up as warm_up,
        word_positions as word_positions,
        word_spans as word_spans,
    )

_EXPORTS = {
    "SIDECAR_SUFFIX": "search.ingest.corpus",
    "dropped_rows": "search.ingest.corpus",
    "find_files": "search.ingest.corpus",
    "fingerprint": "search.ingest.corpus",
    "load": "search.ingest.corpus",
    "build_document": "search.ingest.document",
    "failed": "search.ingest.document",
    "parse_corpus": "search.ingest.document",
    "read_document": "search.ingest.document",
    "short_name": "search.ingest.gazetteer",
    "HEADING_PATTERNS": "search.ingest.rules",
    "dictionary_hash": "search.ingest.wordcut",
    "warm_up": "search.ingest.wordcut",
    "word_positions": "search.ingest.wordcut",
    "word_spans": "search.ingest.wordcut",
}
__all__ = sorted(_EXPORTS)
__getattr__ = exports(__name__, _EXPORTS)
