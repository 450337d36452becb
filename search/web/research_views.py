"""The research records made ready for the templates: plain values only (texts, links, pieces
marked deleted or inserted), so that the templates escape every one of them and decide nothing
but layout. The lines that say what was counted or shown are the command's own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from search.render.research import MEMBERS_SHOWN, compare_summary, counted_text, kwic_summary
from search.research.copy_diff import SAME, Piece, pieces
from search.vocabulary import UNKNOWN
from search.web.views import place, report_href

if TYPE_CHECKING:
    from search.models import Hit, Member
    from search.research.compare import Comparison
    from search.research.counted import Counted
    from search.research.dupes import Shared
    from search.research.kwic import Occurrence
    from search.research.reports import Report
    from search.research.trend import Trend


@dataclass(frozen=True)
class KwicRow:
    cite: str
    href: str
    place: str
    left: str
    match: str
    right: str


def kwic_view(found: Sequence[Occurrence], counted: Counted, most: int) -> dict[str, Any]:
    """The first `most` occurrences as rows, and the command's counted line."""
    rows = [KwicRow(o.citation or f"{o.source}:{o.line}", report_href(o.source, o.line),
                    " · ".join(str(v) for v in (o.town or UNKNOWN, o.year or UNKNOWN, o.section)),
                    o.left, o.match, o.right) for o in found[:most]]
    return {"rows": rows, "total": len(found), "summary": kwic_summary(found), "counted": counted_text(counted)}


@dataclass(frozen=True)
class Chart:
    """What the chart draws from the page's JSON twin: `x` along the axis, `color` one line
    each (None for bars), `y` the column counted (or the share of reports)."""

    x: str
    color: str | None
    y: str


def trend_view(result: Trend, counted: Counted, share: bool) -> dict[str, Any]:
    """The trend's table as text cells, and what its chart draws."""
    from search.research.trend import COUNT_COLUMNS, table

    data = table(result)
    rows = [[UNKNOWN if v is None else str(v) for v in row] for row in data.rows]
    color = result.by[1] if len(result.by) > 1 else None
    chart = Chart(result.by[0], color, "share" if share else COUNT_COLUMNS[result.per])
    return {"columns": data.columns, "rows": rows, "chart": chart, "counted": counted_text(counted)}


@dataclass(frozen=True)
class CopyView:
    cite: str
    href: str
    place: str
    kind: str
    similarity: str
    pieces: tuple[Piece, ...]
    """The copy's text: the earliest as one kept piece, a near-copy as its changes in place."""
    names: tuple[str, ...]


@dataclass(frozen=True)
class GroupView:
    number: int
    reports: int
    copies: tuple[CopyView, ...]
    more: int


def copies_view(found: Sequence[Shared], total: int, reports: Mapping[str, Report]) -> dict[str, Any]:
    """Each shared text with its first copies, every near-copy diffed against the earliest."""
    return {"groups": [_group(number, item, reports) for number, item in enumerate(found, start=1)], "total": total}


def _group(number: int, item: Shared, reports: Mapping[str, Report]) -> GroupView:
    shown = item.copies[:MEMBERS_SHOWN]
    copies = tuple(_copy(c.member, c.kind, c.similarity, c.names, item.text, c.text, reports) for c in shown)
    return GroupView(number, item.group.reports(), copies, len(item.group.members) - len(shown))


def _copy(member: Member, kind: str, similarity: float, names: tuple[str, ...], first: str, text: str,
          reports: Mapping[str, Report]) -> CopyView:
    from search.research.dupes import NEAR

    report = reports.get(member.source)
    where = " · ".join(str(v) for v in (report.town if report else None, report.year if report else None) if v)
    shown = pieces(first, text) if kind == NEAR else ((SAME, text),)
    return CopyView(f"{member.source}:{member.line}", report_href(member.source, member.line), where or UNKNOWN,
                    kind, f"{similarity:.2f}", shown, names)


@dataclass(frozen=True)
class Paragraph:
    cite: str
    href: str
    place: str
    text: str


@dataclass(frozen=True)
class PairView:
    plan: Paragraph
    review: Paragraph | None
    met: bool
    shared: str
    score: str
    problems: tuple[Paragraph, ...]


def _paragraph(hit: Hit) -> Paragraph:
    return Paragraph(hit.citation, report_href(hit.source, hit.line), place(hit, None), hit.text)


def pairs_view(result: Comparison) -> dict[str, Any]:
    """Each plan beside its review (or best candidate), the problems that speak of it, and the
    reviews no plan met."""
    mentioned: dict[str, list[Paragraph]] = {}
    for mention in result.mentions:
        mentioned.setdefault(mention.plan.id, []).append(_paragraph(mention.problem))
    pairs = [PairView(_paragraph(p.plan), _paragraph(p.candidate) if p.candidate else None, p.met, "、".join(p.shared),
                      f"{p.score:.2f}", tuple(mentioned.get(p.plan.id, []))) for p in result.pairs]
    met = {id(p.candidate) for p in result.pairs if p.met}
    unmet = [_paragraph(r) for r in result.reviews if id(r) not in met]
    return {"pairs": pairs, "unmet": unmet, "plans": len(result.plans), "reviews": len(result.reviews),
            "summary": compare_summary(result)}
