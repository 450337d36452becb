"""Place names a text writes, found by the gazetteer: what a copy must not be told apart by.

A paragraph copied from another town's report keeps that town's name (and its county's);
comparing texts with every official place name masked lets the copy be recognised, and
listing the township names a text holds says which town it was copied from. Names are matched
whole, with their suffix (桃埠镇, 衡南县), on normalised text: a short name alone (桃埠) is too
often an ordinary word to be read as a place anywhere but in the report's own town.

Every name ends in one of a few suffix characters, so a text is scanned only where one of them
stands, looking back for the longest name that ends there.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from search.ingest import gazetteer
from search.normalize import normalize

MIN_NAME = 3
"""Two-character names (城区, 东区) are ordinary words far more often than places."""


@dataclass(frozen=True)
class PlaceNames:
    towns: frozenset[str]
    others: frozenset[str]
    ends: frozenset[str]
    longest: int

    def spans(self, norm: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of each place name in normalised text, longest first where names
        overlap, left to right."""
        found: list[tuple[int, int, str]] = []
        floor = 0
        for end in (at + 1 for at, char in enumerate(norm) if char in self.ends):
            for start in range(max(floor, end - self.longest), end - MIN_NAME + 1):
                name = norm[start:end]
                if name in self.towns or name in self.others:
                    found.append((start, end, name))
                    floor = end
                    break
        return found

    def towns_in(self, norm: str) -> list[str]:
        """Township-level names the text holds, in order of first mention."""
        return list(dict.fromkeys(name for _s, _e, name in self.spans(norm) if name in self.towns))


@lru_cache(maxsize=1)
def place_names() -> PlaceNames:
    """Every official division name and the counties, cities and provinces above them."""
    table = gazetteer.load()
    towns = frozenset(name for name in table.by_name if len(name) >= MIN_NAME)
    others = frozenset(normalize(place) for place in table.place_aliases if len(place) >= MIN_NAME) - towns
    names = towns | others
    return PlaceNames(towns, others, frozenset(name[-1] for name in names), max(map(len, names)))


@lru_cache(maxsize=4)
def place_names_with(towns: frozenset[str]) -> PlaceNames:
    """The official names with `towns` (normalised) counted as towns too, e.g. the towns an
    index holds, which an invented or new name may be missing from the gazetteer."""
    names = place_names()
    every = names.towns | towns
    return PlaceNames(every, names.others - every, names.ends | {t[-1] for t in towns},
                      max(names.longest, max(map(len, towns), default=0)))


@lru_cache(maxsize=1)
def region_names() -> PlaceNames:
    """The official names with every way the gazetteer knows a county, city or province to be
    written (芷江县 for 芷江侗族自治县): where a report without an official town is."""
    names = place_names()
    others = frozenset(name for name in gazetteer.load().regions if len(name) >= MIN_NAME) - names.towns
    return PlaceNames(names.towns, others, names.ends | {name[-1] for name in others},
                      max(names.longest, max(map(len, others), default=0)))
