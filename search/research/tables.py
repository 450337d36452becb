"""Research results as tables: the documented columns, one row per matching paragraph.

The columns and their order are part of the interface (README, "For research"); new columns are
only ever appended. Place fields a hit does not carry (county, kind, title …) come from its
report. How a table is written (CSV, TSV, JSON Lines) is `search.render.data`'s.
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
)


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
    }
    return tuple(values[c] if c in values else value_of(hit, c, reports) for c in COLUMNS)


def table(hits: Sequence[Hit], reports: Mapping[str, Report],
          extra_columns: Sequence[str] = (), extra: Sequence[Sequence[object]] | None = None) -> Table:
    """Rows for `hits`; `extra` gives each row's values for `extra_columns` (regex captures)."""
    extra = extra or [()] * len(hits)
    rows = tuple(hit_row(h, reports) + tuple(e) for h, e in zip(hits, extra, strict=False))
    return Table(COLUMNS + tuple(extra_columns), rows)
