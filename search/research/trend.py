"""Counts of a term by year (or town, county, province, kind, or two of these crossed).

A count is per report (each report once however many of its paragraphs mention the term), per
paragraph, or per occurrence (what `query` highlights: `search.engine.highlight` says how
occurrences are found and counted). What a term counts as (as written, its pieces apart, its
variants) is decided before, by the query the hits come from (`search.research.counted`). Every
group that has reports appears, with 0 where none matched, so a series by year has no gaps;
`share` divides each count by the number of reports in its group. Groups come in date order for
years and in name order otherwise; a missing value is grouped as None and comes last.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from search.engine.highlight import occurrences
from search.engine.plan import Needle
from search.models import Hit
from search.research.reports import Report
from search.research.tables import Table

DIMENSIONS = ("year", "town", "county", "city", "province", "kind")
UNITS = ("report", "paragraph", "occurrence")


@dataclass(frozen=True)
class Cell:
    key: tuple[object, ...]
    count: int
    reports: int

    @property
    def share(self) -> float:
        return self.count / self.reports if self.reports else 0.0


@dataclass(frozen=True)
class Trend:
    by: tuple[str, ...]
    per: str
    cells: tuple[Cell, ...]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells)


def parse_by(value: str) -> tuple[str, ...]:
    """`year` or `year,county` → the dimensions; ValueError names the valid ones."""
    by = tuple(part.strip() for part in value.split(",") if part.strip())
    if not by or len(by) > 2 or any(d not in DIMENSIONS for d in by) or len(set(by)) < len(by):
        raise ValueError(f"--by takes one or two of {', '.join(DIMENSIONS)} joined by a comma, not {value!r}")
    return by


def trend(counted: Mapping[str, int], reports: Mapping[str, Report], by: Sequence[str] = ("year",),
          per: str = "report") -> Trend:
    """Counts per group of `reports` (the reports that could match); `counted` holds each matching
    report's paragraphs or occurrences, as `per` counts them, and a report counts once per report."""
    if per not in UNITS:
        raise ValueError(f"unknown unit {per!r}")
    by = tuple(by)
    counts: Counter[tuple[object, ...]] = Counter()
    for source, count in counted.items():
        report = reports.get(source)
        if report is not None and count:
            counts[_key(report, by)] += 1 if per == "report" else count
    sizes = Counter(_key(r, by) for r in reports.values())
    cells = tuple(Cell(key, counts[key], sizes[key]) for key in sorted(sizes, key=_order))
    return Trend(by, per, cells)


def occurrences_per_report(hits: Iterable[Hit], needles: Iterable[Needle | str]) -> dict[str, int]:
    """Each report's occurrences of `needles` in `hits`, as `query` highlights them."""
    wanted = tuple(needles)
    counts: Counter[str] = Counter()
    for hit in hits:
        counts[hit.source] += len(occurrences(hit.text, wanted))
    return dict(counts)


def _key(report: Report, by: Sequence[str]) -> tuple[object, ...]:
    return tuple(getattr(report, d) for d in by)


def _order(key: tuple[object, ...]) -> tuple[object, ...]:
    return tuple((value is None, value if isinstance(value, int) else str(value or "")) for value in key)


COUNT_COLUMNS = {"report": "matching_reports", "paragraph": "matching_paragraphs", "occurrence": "occurrences"}
"""The count's column names its unit: a `count` column read without `--per` was ambiguous."""


def table(result: Trend) -> Table:
    """One row per group: its key, the count (of reports, paragraphs or occurrences, as
    counted, and named so), the reports in the group and the share."""
    columns = (*result.by, COUNT_COLUMNS[result.per], "reports", "share")
    return Table(columns, tuple((*c.key, c.count, c.reports, round(c.share, 4)) for c in result.cells))
