"""Records as tables: the documented columns of a hit, a report and a facet count, one row each.

A hit has one schema whatever prints it (`query --json`, `--jsonl`, `-f csv`, `show --json`), so
a reader written for one export reads them all. The columns and their order are part of the
interface (README, "Every hit as data"); new columns are only ever appended. Place fields a hit
does not carry (county, kind, title …) come from its report, and a field nobody knows is None
(null in JSON), never "". How a table is written (CSV, TSV, JSON) is `search.render.data`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from search.models import Hit
from search.research.reports import Report, value_of
from search.vocabulary import about_year

COLUMNS: tuple[str, ...] = (
    "id", "source", "line", "town", "county", "city", "province", "division_code", "year",
    "about_year", "kind", "section", "heading", "title", "date", "score", "text", "spans", "matched",
    "end_line", "highlights", "page",
)
"""`highlights` repeats `spans` under the name `query --json` has always used for them; `page`
is a PDF paragraph's page (null for other formats)."""


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def dicts(self) -> list[dict[str, object]]:
        return [dict(zip(self.columns, row, strict=False)) for row in self.rows]


def hit_row(hit: Hit, reports: Mapping[str, Report]) -> tuple[object, ...]:
    """The COLUMNS of one paragraph record (a Hit) in order; lists stay lists here."""
    text = hit.text
    spans = [tuple(s) for s in hit.highlights]
    values: dict[str, object] = {
        "heading": list(hit.heading),
        "about_year": about_year(hit),
        "spans": [list(s) for s in spans],
        "matched": [text[s:e] for s, e in spans],
        "highlights": [list(s) for s in spans],
        "page": hit.page,
    }
    return tuple(values[c] if c in values else value_of(hit, c, reports) for c in COLUMNS)


def table(hits: Sequence[Hit], reports: Mapping[str, Report],
          extra_columns: Sequence[str] = (), extra: Sequence[Sequence[object]] | None = None) -> Table:
    """Rows for `hits`; `extra` gives each row's values for `extra_columns` (regex captures)."""
    extra = extra or [()] * len(hits)
    rows = tuple(hit_row(h, reports) + tuple(e) for h, e in zip(hits, extra, strict=False))
    return Table(COLUMNS + tuple(extra_columns), rows)


DOCUMENT_COLUMNS: tuple[str, ...] = (
    "source", "town", "county", "city", "province", "division_code", "kind", "year", "year_doubt", "date",
    "title", "encoding", "paragraphs", "sections", "town_checked", "boilerplate", "format", "url", "pages",
)


def documents(rows: Sequence[Mapping[str, object]]) -> Table:
    """One row per report, as `search docs` lists them; a field the record lacks is None."""
    return Table(DOCUMENT_COLUMNS, tuple(tuple(_known(row.get(c)) for c in DOCUMENT_COLUMNS) for row in rows))


FACET_COLUMNS: tuple[str, ...] = ("field", "value", "count")


def facets(counts: Mapping[str, Mapping[str, int]]) -> Table:
    """One row per value of each facet field with its paragraph count."""
    return Table(FACET_COLUMNS, tuple((field, value, count) for field, values in counts.items()
                                      for value, count in values.items()))


def _known(value: object) -> object:
    """None for a value nobody knows: an index records some unknown fields as ""."""
    return None if value == "" else value
