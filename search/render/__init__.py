"""How does a record look? Results and research records as terminal text or as data.

style.py: colour, display width, wrapping; text.py: hits, facets, reports as terminal text;
research.py: kwic lines, trend tables and bars, compare and copies; data.py: every JSON shape
and the CSV, TSV and JSON Lines writer. Nothing here knows Typer or where output goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from search.lazy import exports

if TYPE_CHECKING:
    from search.render.data import (
        Records as Records,
        document_row as document_row,
        dumps as dumps,
        provenance as provenance,
        result_json as result_json,
        result_records as result_records,
        write_records as write_records,
        write_table as write_table,
    )
    from search.render.style import (
        BOLD as BOLD,
        BOLD_RED as BOLD_RED,
        DIM as DIM,
        RESET as RESET,
        Style as Style,
        columns as columns,
        truncate as truncate,
        visible as visible,
        wrap_hanging as wrap_hanging,
    )
    from search.render.text import (
        documents_table as documents_table,
        dropped_lines as dropped_lines,
        facet_lines as facet_lines,
        facets_text as facets_text,
        fragments as fragments,
        header as header,
        index_warnings as index_warnings,
        neighbours_text as neighbours_text,
        paragraphs_text as paragraphs_text,
        report_text as report_text,
        result_text as result_text,
        skipped_line as skipped_line,
        snippet as snippet,
        snippet_pieces as snippet_pieces,
        splits_text as splits_text,
    )

_EXPORTS = {
    "Records": "search.render.data",
    "document_row": "search.render.data",
    "dumps": "search.render.data",
    "provenance": "search.render.data",
    "result_json": "search.render.data",
    "result_records": "search.render.data",
    "write_records": "search.render.data",
    "write_table": "search.render.data",
    "BOLD": "search.render.style",
    "BOLD_RED": "search.render.style",
    "DIM": "search.render.style",
    "RESET": "search.render.style",
    "Style": "search.render.style",
    "columns": "search.render.style",
    "truncate": "search.render.style",
    "visible": "search.render.style",
    "wrap_hanging": "search.render.style",
    "documents_table": "search.render.text",
    "dropped_lines": "search.render.text",
    "facet_lines": "search.render.text",
    "facets_text": "search.render.text",
    "fragments": "search.render.text",
    "header": "search.render.text",
    "index_warnings": "search.render.text",
    "neighbours_text": "search.render.text",
    "paragraphs_text": "search.render.text",
    "report_text": "search.render.text",
    "result_text": "search.render.text",
    "skipped_line": "search.render.text",
    "snippet": "search.render.text",
    "snippet_pieces": "search.render.text",
    "splits_text": "search.render.text",
}
__all__ = sorted(_EXPORTS)
__getattr__ = exports(__name__, _EXPORTS)
