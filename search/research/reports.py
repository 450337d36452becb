"""Report-level records for the research commands: one per indexed file, read from the index meta.

Counting by report (trends, `--scope report`, shares per year) needs what a report is: its town,
year and the place and kind fields the ingestion stage records. Every field but `source` is
optional in the meta, so an index that lacks a field gives None for it rather than failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from search.models import Hit


@dataclass(frozen=True)
class Report:
    source: str
    town: str | None = None
    county: str | None = None
    city: str | None = None
    province: str | None = None
    division_code: str | None = None
    kind: str | None = None
    year: int | None = None
    title: str | None = None
    date: str | None = None
    paragraphs: int = 0


def reports_from_meta(files: Mapping[str, Mapping[str, Any]]) -> dict[str, Report]:
    """Every report of an index, by source, from `meta["files"]` (JSON, hence Any)."""
    return {source: _report(source, info) for source, info in sorted(files.items())}


def _report(source: str, info: Mapping[str, Any]) -> Report:
    def text(name: str) -> str | None:
        value = info.get(name)
        return str(value) if value not in (None, "") else None

    year = info.get("year")
    return Report(
        source=source,
        town=text("town"), county=text("county"), city=text("city"), province=text("province"),
        division_code=text("division_code"), kind=text("kind"),
        year=year if isinstance(year, int) and year else None,
        title=text("title"), date=text("date"),
        paragraphs=int(info.get("paragraphs") or 0),
    )


def value_of(record: Hit, field: str, reports: Mapping[str, Report]) -> object:
    """`field` of a paragraph record, or of its report when the record lacks it."""
    value: object = getattr(record, field, None)
    if value in (None, ""):
        report = reports.get(record.source)
        value = getattr(report, field, None) if report else None
    return value

