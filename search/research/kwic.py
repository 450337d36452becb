"""Keyword in context: every occurrence of the searched terms, with the text either side.

One line per occurrence, not per paragraph: a paragraph that says 屋场恳谈会 three times gives
three lines. Occurrences are found in the normalised text (so a Simplified term finds the
Traditional one) and shown in the report's own characters; where several terms could match at
one place the longest wins, and occurrences never overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from search.research.tables import Table
from search.normalize import normalize

DEFAULT_WIDTH = 15
SORTS = ("source", "left", "right")


@dataclass(frozen=True)
class Occurrence:
    id: str
    source: str
    line: int
    town: str
    year: int | None
    section: str
    start: int
    end: int
    left: str
    match: str
    right: str


def occurrences(hits: Iterable[object], needles: Iterable[str], width: int = DEFAULT_WIDTH,
                sort: str = "source") -> list[Occurrence]:
    """Occurrences of any of `needles` in the hits' text with `width` characters each side."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    wanted = sorted({normalize(n) for n in needles if normalize(n)}, key=len, reverse=True)
    found = [occurrence for hit in hits for occurrence in _in_hit(hit, wanted, width)]
    if sort == "left":
        found.sort(key=lambda o: (normalize(o.left)[::-1], normalize(o.match), o.source, o.line, o.start))
    elif sort == "right":
        found.sort(key=lambda o: (normalize(o.match), normalize(o.right), o.source, o.line, o.start))
    else:
        found.sort(key=lambda o: (o.source, o.line, o.start))
    return found


def _in_hit(hit: object, needles: Sequence[str], width: int) -> Iterable[Occurrence]:
    text: str = getattr(hit, "text")
    norm = normalize(text)
    for start, end in spans(norm, needles):
        yield Occurrence(
            id=getattr(hit, "id"), source=getattr(hit, "source"), line=getattr(hit, "line"),
            town=getattr(hit, "town"), year=getattr(hit, "year"), section=getattr(hit, "section"),
            start=start, end=end, left=text[max(0, start - width):start], match=text[start:end],
            right=text[end:end + width],
        )


def spans(norm: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping occurrences in `norm`, scanning left to right, longest needle first."""
    found: list[tuple[int, int]] = []
    position = 0
    while needles:
        best: tuple[int, int] | None = None
        for needle in needles:
            at = norm.find(needle, position)
            if at >= 0 and (best is None or at < best[0] or at == best[0] and at + len(needle) > best[1]):
                best = (at, at + len(needle))
        if best is None:
            break
        found.append(best)
        position = best[1]
    return found


KWIC_COLUMNS = ("id", "source", "line", "town", "year", "section", "start", "end", "left", "match", "right")


def table(found: Sequence[Occurrence]) -> Table:
    """One row per occurrence, for CSV, TSV and JSON Lines."""
    return Table(KWIC_COLUMNS, tuple(tuple(getattr(o, c) for c in KWIC_COLUMNS) for o in found))
