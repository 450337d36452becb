"""Keyword in context: every occurrence of the searched terms, with the text either side.

One line per occurrence, not per paragraph: a paragraph that says 屋场恳谈会 three times gives
three lines. Occurrences are those `query` highlights (`search.engine.highlight.occurrences`,
which says how they are found and counted), so a line's match and context are cut from the
report's own characters, inline pinyin included.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from search.engine.highlight import occurrences as found_in
from search.engine.plan import Needle
from search.models import Hit
from search.normalize import normalize
from search.research.tables import Table

DEFAULT_WIDTH = 15
SORTS = ("source", "left", "right")


@dataclass(frozen=True)
class Occurrence:
    id: str
    source: str
    line: int
    town: str | None
    year: int | None
    section: str
    start: int
    end: int
    left: str
    match: str
    right: str
    citation: str = ""
    """Where the paragraph is, as `Hit.citation` says (`source:22-24` for a reflowed one)."""


def occurrences(hits: Iterable[Hit], needles: Iterable[Needle | str], width: int = DEFAULT_WIDTH,
                sort: str = "source") -> list[Occurrence]:
    """Occurrences of any of `needles` in the hits' text with `width` characters each side."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    wanted = tuple(needles)
    found = [occurrence for hit in hits for occurrence in _in_hit(hit, wanted, width)]
    if sort == "left":
        found.sort(key=lambda o: (normalize(o.left)[::-1], normalize(o.match), o.source, o.line, o.start))
    elif sort == "right":
        found.sort(key=lambda o: (normalize(o.match), normalize(o.right), o.source, o.line, o.start))
    else:
        found.sort(key=lambda o: (o.source, o.line, o.start))
    return found


def _in_hit(hit: Hit, needles: Sequence[Needle | str], width: int) -> Iterable[Occurrence]:
    text = hit.text
    for start, end in found_in(text, needles):
        yield Occurrence(
            id=hit.id, source=hit.source, line=hit.line,
            town=hit.town, year=hit.year, section=hit.section,
            start=start, end=end, left=text[max(0, start - width):start], match=text[start:end],
            right=text[end:end + width], citation=hit.citation,
        )


KWIC_COLUMNS = ("id", "source", "line", "town", "year", "section", "start", "end", "left", "match", "right")


def table(found: Sequence[Occurrence]) -> Table:
    """One row per occurrence, for CSV, TSV and JSON Lines."""
    return Table(KWIC_COLUMNS, tuple(tuple(getattr(o, c) for c in KWIC_COLUMNS) for o in found))
