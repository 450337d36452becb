"""Copied text among results and reports: folding copies under the first hit that shows them,
and listing the texts several reports share.

Which paragraphs are copies is decided at index time (`search.index.copies`, its key and its
table); the groups come from the generation the caller has open (`SearchIndex.copied_groups`),
so they always match the paragraphs shown beside them. This module only chooses and orders.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from search.models import Group, Hit, Member

if TYPE_CHECKING:
    from search.research.reports import Report
    from search.research.tables import Table

__all__ = ["SHARED_COLUMNS", "Collapsed", "collapse", "shared", "table"]


@dataclass(frozen=True)
class Collapsed:
    hit: Hit
    identical: tuple[Member, ...]


def collapse(hits: Iterable[Hit], groups: Iterable[Group]) -> list[Collapsed]:
    """Hits in order, each with the paragraphs of other reports identical to it; a later hit
    that is one of those copies is folded into the first (`+N identical in other reports`)."""
    group_of = {(m.source, m.line): g for g in groups for m in g.members}
    shown: list[Collapsed] = []
    folded: set[str] = set()
    for hit in hits:
        source = hit.source
        group = group_of.get((source, hit.line))
        if group is None:
            shown.append(Collapsed(hit, ()))
        elif group.key not in folded:
            folded.add(group.key)
            shown.append(Collapsed(hit, tuple(m for m in group.members if m.source != source)))
    return shown


def shared(groups: Iterable[Group], reports: Mapping[str, Report], min_reports: int = 2,
           within: set[str] | None = None, same_town: bool = False) -> list[Group]:
    """Groups shared by `min_reports` reports or more, with a member in `within` (all if None),
    their members in date order (year, date, source: the earliest first), the widest first.

    Unless `same_town`, a group must span two towns or more: a town repeating its own text year
    after year is not a copy from another (a report with no town counts as a town of its own)."""
    chosen = []
    for group in groups:
        if group.reports() < min_reports or (within is not None and not any(m.source in within for m in group.members)):
            continue
        towns = {_town(reports.get(m.source)) or m.source for m in group.members}
        if len(towns) < 2 and not same_town:
            continue
        chosen.append(Group(group.key, tuple(sorted(group.members, key=lambda m: _when(reports.get(m.source), m)))))
    return sorted(chosen, key=lambda g: (-g.reports(), _when(reports.get(g.members[0].source), g.members[0])))


def _town(report: Report | None) -> str | None:
    return report.town if report else None


def _when(report: Report | None, member: Member) -> tuple[int, str, str, int]:
    year, date = (report.year, report.date) if report else (None, None)
    return (year or 9999, date or "", member.source, member.line)


SHARED_COLUMNS = ("group", "reports", "order", "id", "source", "line", "town", "year", "date", "text")


def table(found: Sequence[tuple[Group, str]], reports: Mapping[str, Report]) -> Table:
    """One row per member of each group, in date order within the group; `text` is the
    earliest member's paragraph, on its first row only. The data formats (CSV, TSV, JSONL)
    are written from it by `search.render.data.write_table`, like every other table (the
    record is imported here: a query that folds copies never needs it)."""
    from search.research.tables import Table

    rows = []
    for number, (group, text) in enumerate(found, start=1):
        for order, member in enumerate(group.members, start=1):
            report = reports.get(member.source)
            town, year, date = (report.town, report.year, report.date) if report else (None, None, None)
            rows.append((number, group.reports(), order, f"{member.source}:{member.line}", member.source, member.line,
                         town, year, date, text if order == 1 else None))
    return Table(SHARED_COLUMNS, tuple(rows))
