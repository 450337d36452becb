"""Records made ready for a template: a hit's citation, place and heading path, its snippet as
pieces marked or not, its copies as links, and a report's outline. Plain values only, so that
the templates escape every one of them and decide nothing but layout.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from urllib.parse import quote

from search.models import Hit, Member
from search.render.text import fragments
from search.research.dupes import Collapsed
from search.research.reports import Report
from search.vocabulary import HEADING_JOIN, UNKNOWN

SNIPPET_GAP = " … "


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class HitView:
    """One hit as the search page lists it."""

    cite: str
    href: str
    place: str
    heading: str
    pieces: tuple[tuple[str, bool], ...]
    """The snippet: (text, whether it is a match)."""
    identical: tuple[Link, ...] = ()
    near: tuple[Link, ...] = ()
    near_of: Link | None = None
    changes: tuple[tuple[str, str], ...] = ()
    names: tuple[str, ...] = ()
    identical_total: int = 0
    near_total: int = 0
    """How many copies there are; the links stop at COPIES_LINKED."""


def report_href(source: str, line: int | None = None) -> str:
    """The report page of `source`, at the paragraph of `line`: every character of the name that
    is not plain is escaped, so a name can neither leave the path nor add a query."""
    return f"/report/{quote(source, safe='/')}" + (f"#L{line}" if line is not None else "")


def place(hit: Hit, report: Report | None) -> str:
    """town · county · year · kind · section, each as the index knows it."""
    county = hit.county or (report.county if report else None)
    kind = hit.kind or (report.kind if report else None)
    values = (hit.town or UNKNOWN, county, str(hit.year or UNKNOWN), kind, hit.section)
    return " · ".join(v for v in values if v)


def pieces(hit: Hit, whole: bool = False) -> tuple[tuple[str, bool], ...]:
    """The snippet around the matches (the whole paragraph if `whole`), as the terminal shows it,
    each match marked; the text is the report's own, in its own script."""
    found: list[tuple[str, bool]] = []
    frags = [(0, len(hit.text))] if whole else fragments(hit.text, hit.highlights)
    for number, (start, end) in enumerate(frags):
        if number or start > 0:
            found.append((SNIPPET_GAP if number else "… ", False))
        pos = start
        for h_start, h_end in hit.highlights:
            if h_end <= start or h_start >= end:
                continue
            h_start, h_end = max(h_start, start), min(h_end, end)
            found += [(hit.text[pos:h_start], False), (hit.text[h_start:h_end], True)]
            pos = h_end
        found.append((hit.text[pos:end], False))
    if frags and frags[-1][1] < len(hit.text):
        found.append((" …", False))
    return tuple(p for p in found if p[0])


COPIES_LINKED = 30
"""Copies of a hit linked on the page: a template paragraph of a big corpus has hundreds, which made
a page of 10 hits weigh over a megabyte."""


def member_links(members: Sequence[Member], reports: Mapping[str, Report]) -> tuple[Link, ...]:
    """Each copy as `town year`, linking to its paragraph (the first COPIES_LINKED)."""
    def label(member: Member) -> str:
        report = reports.get(member.source)
        return f"{(report.town if report else None) or UNKNOWN} {(report.year if report else None) or UNKNOWN}"

    return tuple(Link(label(m), report_href(m.source, m.line)) for m in members[:COPIES_LINKED])


def hit_view(item: Collapsed, reports: Mapping[str, Report]) -> HitView:
    hit = item.hit
    near_of = item.near_of
    return HitView(
        cite=hit.citation, href=report_href(hit.source, hit.line), place=place(hit, reports.get(hit.source)),
        heading=HEADING_JOIN.join(hit.heading), pieces=pieces(hit),
        identical=member_links(item.identical, reports), near=member_links(item.near, reports),
        near_of=Link(near_of.citation, report_href(near_of.source, near_of.line)) if near_of else None,
        changes=item.changes, names=item.names, identical_total=item.identical_total, near_total=item.near_total,
    )


@dataclass(frozen=True)
class FacetView:
    """A facet as the search page lists it: its first values, each with its count and the link that
    adds it as a filter, and how many values it has in all."""

    field: str
    values: tuple[tuple[str, int, str], ...]
    total: int


def facet_view(field: str, counts: Mapping[str, int], listed: int, adding: Callable[[str, str], str]) -> FacetView:
    """The facet's first `listed` values, linked by `adding(field, value)`: made here rather than by
    the template, which took a quarter of a page calling back for the hundreds of links."""
    values = tuple((value, count, adding(field, value)) for value, count in islice(counts.items(), listed))
    return FacetView(field, values, len(counts))


@dataclass(frozen=True)
class Heading:
    """An entry of a report's outline: a heading path's last level, its depth and where it starts."""

    title: str
    depth: int
    section: str
    href: str


def outline(hits: Sequence[Hit]) -> list[Heading]:
    """The report's headings in order, each where its first paragraph stands; a change of section
    without a heading of its own is an entry too, so every section can be reached."""
    found: list[Heading] = []
    seen: set[tuple[str, ...]] = set()
    section = None
    for hit in hits:
        for depth in range(1, len(hit.heading) + 1):
            path = hit.heading[:depth]
            if path not in seen:
                seen.add(path)
                found.append(Heading(path[-1], depth, hit.section, f"#L{hit.line}"))
        if hit.section != section and not hit.heading:
            found.append(Heading(hit.section, 1, hit.section, f"#L{hit.line}"))
        section = hit.section
    return found
