"""Hits as data: one row per matching paragraph in a stable column order, written as CSV, TSV
or JSON Lines.

The columns and their order are part of the interface (README, "For research"); new columns are
only ever appended. Place fields a hit does not carry (county, kind, title …) come from its
report. CSV starts with a UTF-8 byte-order mark so that spreadsheet programs read the Chinese
right; TSV has none. In both, tabs and line breaks inside a value become spaces and other
control characters visible symbols (␛), so no value can act on a terminal; JSON Lines escapes
them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from search.vocabulary import about_year
from search.render.text import visible
from search.research.reports import Report, value_of

COLUMNS: tuple[str, ...] = (
    "id", "source", "line", "town", "county", "city", "province", "division_code", "year",
    "about_year", "kind", "section", "heading", "title", "date", "score", "text", "spans", "matched",
)
HEADING_JOIN = " › "
LIST_JOIN = ";"
BOM = "\ufeff"
_JSON_UNSAFE = re.compile("[\x7f-\x9f]")


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def dicts(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def hit_row(hit: object, reports: Mapping[str, Report]) -> tuple[object, ...]:
    """The COLUMNS of one paragraph record (a Hit) in order; lists stay lists here."""
    text = getattr(hit, "text", "")
    spans = [tuple(s) for s in getattr(hit, "highlights", ())]
    values = {
        "heading": list(getattr(hit, "heading", ())),
        "about_year": about_year(hit),
        "spans": [list(s) for s in spans],
        "matched": [text[s:e] for s, e in spans],
    }
    return tuple(values[c] if c in values else value_of(hit, c, reports) for c in COLUMNS)


def table(hits: Sequence[object], reports: Mapping[str, Report],
          extra_columns: Sequence[str] = (), extra: Sequence[Sequence[object]] | None = None) -> Table:
    """Rows for `hits`; `extra` gives each row's values for `extra_columns` (regex captures)."""
    extra = extra or [()] * len(hits)
    rows = tuple(hit_row(h, reports) + tuple(e) for h, e in zip(hits, extra))
    return Table(COLUMNS + tuple(extra_columns), rows)


def write(data: Table, fmt: str) -> str:
    """The table as text in `fmt` (csv, tsv or jsonl), ending with a newline."""
    if fmt == "jsonl":
        lines = (json.dumps(d, ensure_ascii=False) + "\n" for d in data.dicts())
        return "".join(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", line) for line in lines)
    buffer = io.StringIO()
    if fmt == "csv":
        buffer.write(BOM)
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(data.columns)
        writer.writerows([_safe(_cell(c, v)) for c, v in zip(data.columns, row)] for row in data.rows)
    elif fmt == "tsv":
        buffer.write("\t".join(data.columns) + "\n")
        for row in data.rows:
            buffer.write("\t".join(_safe(_cell(c, v)) for c, v in zip(data.columns, row)) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return buffer.getvalue()


def _cell(column: str, value: object) -> str:
    """A value as one spreadsheet cell: the heading path joined by ›, spans as start-end, other
    lists by ;, None empty."""
    if value is None:
        return ""
    if column == "heading":
        return HEADING_JOIN.join(value)  # type: ignore[arg-type]
    if column == "spans":
        return LIST_JOIN.join(f"{a}-{b}" for a, b in value)  # type: ignore[union-attr]
    if isinstance(value, (list, tuple)):
        return LIST_JOIN.join("" if v is None else str(v) for v in value)
    return str(value)


def _flat(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _safe(text: str) -> str:
    """Control characters (an ESC in a report) as visible symbols, never live in a terminal."""
    return visible(_flat(text))
