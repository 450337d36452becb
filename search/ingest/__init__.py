"""How does a file become a report? Decoding, cleaning, layout repair, sections, town and year.

The only reader of corpus files: every later stage works on `Document` records. The whole
pipeline is one function, `build_document` (document.py); `parse_corpus` runs it over a corpus.
jieba lives in wordcut.py alone, loaded only when text is cut into words, never by a query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from search.lazy import exports

if TYPE_CHECKING:
    from search.ingest.boilerplate import (
        changed_by as changed_by,
        file_shapes as file_shapes,
        recurring as recurring,
        recurring_in as recurring_in,
    )
    from search.ingest.corpus import (
        SIDECAR_SUFFIX as SIDECAR_SUFFIX,
        find_files as find_files,
        fingerprint as fingerprint,
        no_reports as no_reports,
        read_dropped as read_dropped,
    )
    from search.ingest.document import (
        build_document as build_document,
        build_documents as build_documents,
        failed as failed,
        parse_corpus as parse_corpus,
        read_document as read_document,
        read_documents as read_documents,
    )
    from search.ingest.kept import (
        kept_between_passes as kept_between_passes,
    )
    from search.ingest.progress import (
        reporting_pages as reporting_pages,
    )
    from search.ingest.rules import (
        HEADING_PATTERNS as HEADING_PATTERNS,
    )
    from search.ingest.wordcut import (
        words as words,
    )

_EXPORTS = {
    "changed_by": "search.ingest.boilerplate",
    "file_shapes": "search.ingest.boilerplate",
    "recurring": "search.ingest.boilerplate",
    "recurring_in": "search.ingest.boilerplate",
    "SIDECAR_SUFFIX": "search.ingest.corpus",
    "find_files": "search.ingest.corpus",
    "fingerprint": "search.ingest.corpus",
    "no_reports": "search.ingest.corpus",
    "read_dropped": "search.ingest.corpus",
    "build_document": "search.ingest.document",
    "build_documents": "search.ingest.document",
    "failed": "search.ingest.document",
    "parse_corpus": "search.ingest.document",
    "read_document": "search.ingest.document",
    "read_documents": "search.ingest.document",
    "kept_between_passes": "search.ingest.kept",
    "reporting_pages": "search.ingest.progress",
    "HEADING_PATTERNS": "search.ingest.rules",
    "words": "search.ingest.wordcut",
}
__all__ = sorted(_EXPORTS)
__getattr__ = exports(__name__, _EXPORTS)
