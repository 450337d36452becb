"""Records as data: one writer for every command's records, in CSV, TSV, JSON Lines or JSON,
and the provenance that says what produced an export.

A command hands `Records` (a table of one record type, and for JSON the keys around it) to
`write_records`; the schema of a record type is its table's columns, so `--jsonl`, `-f csv`
and the rows of `--json` agree. JSON is one object: the records under their name, the command's
own keys (a query's total, facets …) and `provenance`. A value nobody knows is null (empty in CSV
and TSV), never "".

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
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from search.models import Document, Line, SearchResult
from search.render.style import visible
from search.research.reports import Report
from search.research.tables import Table, table
from search.vocabulary import HEADING_JOIN

if TYPE_CHECKING:
    from search.research.counted import Counted

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


@dataclass(frozen=True)
class Records:
    """What a command hands the writer: rows of one record type, named as JSON names them.

    `head` and `tail` are the command's own JSON keys before and after the rows (a query's total
    and limit; its facets); `nested` replaces the rows in JSON where the record type has a
    nested form there (facet counts, as `query --json` has always nested them)."""

    name: str
    table: Table
    head: Mapping[str, object] = field(default_factory=dict)
    tail: Mapping[str, object] = field(default_factory=dict)
    nested: object = None
    bare: bool = False
    """JSON is the list of records alone, as `docs --json` has always been and the scripts that
    read it expect; its provenance then goes beside a file, as for CSV."""


def write_records(records: Records, fmt: str, provenance: Mapping[str, object] | None = None) -> str:
    """The records as text in `fmt` (csv, tsv, jsonl or json), ending with a newline; JSON
    carries `provenance` (files in the other formats, and bare JSON, get it beside them)."""
    if fmt != "json":
        return write_table(records.table, fmt)
    rows = records.nested if records.nested is not None else [_known(row) for row in records.table.dicts()]
    if records.bare:
        return dumps(rows) + "\n"
    document: dict[str, object] = {**records.head, records.name: rows, **records.tail}
    if provenance is not None:
        document["provenance"] = dict(provenance)
    return dumps(document) + "\n"


def result_records(result: SearchResult, reports: Mapping[str, Report]) -> Records:
    """A query's result as JSON has it: the page of hits (one row each, the hit schema), with
    the total, the page size, the facets and how each term matched."""
    return Records("hits", table(result.hits, reports),
                   head={"query": result.query, "total": result.total, "limit": result.limit,
                         "truncated": result.truncated},
                   tail={"facets": result.facets, "segments": [asdict(s) for s in result.segments]})


def result_json(result: SearchResult, reports: Mapping[str, Report] | None = None) -> str:
    """A query's result as one JSON object, without provenance (a library caller's own record)."""
    return write_records(result_records(result, reports or {}), "json").rstrip("\n")


def provenance(command: str, query: str | None, options: Mapping[str, object], variants: Sequence[str],
               generation: str | None, corpus: str | None, now: datetime | None = None) -> dict[str, object]:
    """What produced an export, so that a table found later says how to make it again: the
    command, query and options as typed, the variants the query was expanded with, the index
    generation and corpus read, the package version, and when (UTC)."""
    return {
        "command": command,
        "query": query,
        "options": {k: _plain(v) for k, v in options.items()},
        "variants": list(variants),
        "generation": generation,
        "corpus": corpus,
        "version": _version(),
        "time": (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _plain(value: object) -> object:
    """An option's value as JSON holds it: paths and tuples as strings and lists."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("township-search")
    except PackageNotFoundError:
        return None


def write_table(data: Table, fmt: str) -> str:
    """The table as text in `fmt` (csv, tsv or jsonl), ending with a newline."""
    if fmt == "jsonl":
        lines = (json.dumps(_known(d), ensure_ascii=False) + "\n" for d in data.dicts())
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
    """A value as one spreadsheet cell: the heading path joined by ›, spans as start-end, a
    report's sections as name:count, its dropped lines by number, other lists by ;, None empty."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return LIST_JOIN.join(f"{k}:{v}" for k, v in value.items())
    if not isinstance(value, (list, tuple)):
        return str(value)
    if column == "heading":
        return HEADING_JOIN.join(value)
    if column in ("spans", "highlights"):
        return LIST_JOIN.join(f"{a}-{b}" for a, b in value)
    if column == "boilerplate":
        return LIST_JOIN.join(str(item["line"]) for item in value)
    return LIST_JOIN.join("" if v is None else str(v) for v in value)


def _flat(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _safe(text: str) -> str:
    """Control characters (an ESC in a report) as visible symbols, never live in a terminal."""
    return visible(_flat(text))


def _known(row: Mapping[str, object]) -> dict[str, object]:
    """A row with "" (how some records say nobody knows) as None."""
    return {k: None if v == "" else v for k, v in row.items()}


def counted_object(counted: Counted) -> dict[str, Any]:
    """What a count holds, as `--format json` of kwic and trend gives it beside the rows."""
    from search.render.research import counted_summary

    return {
        "terms": list(counted.terms),
        "as_written": True,
        "script_folded": True,
        "apart": counted.apart,
        "pieces": {term: list(split) for term, split in counted.pieces},
        "variants": {e.term: list(e.variants) for e in counted.variants},
        "variants_not_counted": {e.term: list(e.variants) for e in counted.uncounted},
        "query": counted.query,
        "summary": counted_summary(counted),
    }


def with_counted(data: Table, counted: Counted) -> Table:
    """The rows with a last column `counted` saying what they count, for CSV, TSV and JSON Lines,
    which have no place for it otherwise."""
    from search.render.research import counted_summary

    summary = counted_summary(counted)
    return Table((*data.columns, "counted"), tuple((*row, summary) for row in data.rows))
