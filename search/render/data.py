"""Records as data: the JSON of results, hits and reports, and research tables as CSV, TSV and
JSON Lines.

JSON keeps Chinese readable and escapes DEL and C1 controls as json escapes C0 ones. CSV starts
with a UTF-8 byte-order mark so that spreadsheet programs read the Chinese right; TSV has none. In
both, tabs and line breaks inside a value become spaces and other control characters visible
symbols (␛), so no value can act on a terminal.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict
from typing import Any

from search.models import Document, Hit, Line, SearchResult
from search.render.style import visible
from search.research.tables import Table
from search.vocabulary import HEADING_JOIN

LIST_JOIN = ";"
BOM = "\ufeff"

_JSON_UNSAFE = re.compile("[\x7f-\x9f]")


def _escaped(text: str) -> str:
    """DEL and C1 controls as JSON escapes, as json.dumps escapes C0 ones itself."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(data: object) -> str:
    """JSON with Chinese kept readable; DEL and C1 controls escaped, as json escapes C0 ones."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _escaped(text)


def hit_row(h: Hit) -> dict[str, Any]:
    return {
        "id": h.id, "source": h.source, "line": h.line, "town": h.town, "year": h.year,
        "section": h.section, "heading": list(h.heading), "score": h.score, "text": h.text,
        "highlights": [list(span) for span in h.highlights],
        "county": h.county, "city": h.city, "province": h.province, "kind": h.kind,
        "about_year": h.about_year, "end_line": h.end_line, "page": h.page,
    }


def result_json(result: SearchResult) -> str:
    return dumps(
        {
            "query": result.query,
            "total": result.total,
            "limit": result.limit,
            "truncated": result.truncated,
            "hits": [hit_row(h) for h in result.hits],
            "facets": result.facets,
            "segments": [asdict(s) for s in result.segments],
        }
    )


def hit_jsonl(hit: Hit) -> str:
    """One hit as one line of JSON: what --jsonl streams."""
    text = json.dumps(hit_row(hit), ensure_ascii=False)
    return _escaped(text)


def document_row(doc: Document) -> dict[str, Any]:
    return {
        "source": doc.source, "town": doc.town, "year": doc.year, "title": doc.title, "date": doc.date,
        "encoding": doc.encoding, "paragraphs": len(doc.paragraphs), "sections": doc.section_counts(),
        "county": doc.county, "city": doc.city, "province": doc.province, "division_code": doc.division_code,
        "town_checked": doc.town_checked, "kind": doc.kind, "year_doubt": doc.year_doubt,
        "boilerplate": dropped_rows(doc.dropped), "format": doc.format, "url": doc.url, "pages": doc.pages,
    }


def dropped_rows(lines: tuple[Line, ...]) -> list[dict[str, Any]]:
    """Lines dropped as boilerplate, as `search docs --json` and the index record them."""
    return [{"line": line.number, "text": line.text} for line in lines]


def facets_json(facets: dict[str, dict[str, int]]) -> str:
    return dumps(facets)


def hits_json(hits: list[Hit]) -> str:
    return dumps([asdict(h) for h in hits])


def documents_json(rows: list[dict[str, Any]]) -> str:
    return dumps(rows)


def write_table(data: Table, fmt: str) -> str:
    """The table as text in `fmt` (csv, tsv or jsonl), ending with a newline."""
    if fmt == "jsonl":
        lines = (json.dumps(d, ensure_ascii=False) + "\n" for d in data.dicts())
        return "".join(_escaped(line) for line in lines)
    buffer = io.StringIO()
    if fmt == "csv":
        buffer.write(BOM)
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(data.columns)
        writer.writerows([_safe(_cell(c, v)) for c, v in zip(data.columns, row, strict=False)] for row in data.rows)
    elif fmt == "tsv":
        buffer.write("\t".join(data.columns) + "\n")
        for row in data.rows:
            buffer.write("\t".join(_safe(_cell(c, v)) for c, v in zip(data.columns, row, strict=False)) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return buffer.getvalue()


def _cell(column: str, value: object) -> str:
    """A value as one spreadsheet cell: the heading path joined by ›, spans as start-end, other
    lists by ;, None empty."""
    if value is None:
        return ""
    if not isinstance(value, (list, tuple)):
        return str(value)
    if column == "heading":
        return HEADING_JOIN.join(value)
    if column == "spans":
        return LIST_JOIN.join(f"{a}-{b}" for a, b in value)
    return LIST_JOIN.join("" if v is None else str(v) for v in value)


def _flat(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _safe(text: str) -> str:
    """Control characters (an ESC in a report) as visible symbols, never live in a terminal."""
    return visible(_flat(text))
