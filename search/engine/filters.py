"""Filters: what a user typed resolved to stored values, and the paragraphs that pass them all.

Filters come from the options (`Filters`) and from inside the query (`town:…`, `year:…`,
`section:…`, wherever they stand: `search.engine.syntax.split_filters`). Values of one filter are
alternatives; different filters all apply; NOT excludes. A value the index does not hold (a town,
county, city, province, section, kind or year) matches nothing and says why in a hint, naming the
nearest values; only a malformed value (a year that is not one) is an error. Which fields are
facets is data (`vocabulary.FACET_FIELDS`); a field without a rule of its own in RESOLVERS takes a
value by exact match after normalisation.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from search.engine import syntax as q
from search.engine.matching import evaluate, facet_size, holds, passing_codes
from search.engine.plan import Range, Values
from search.errors import UsageError
from search.index.reader import Leaf
from search.ingest.gazetteer import short_name
from search.normalize import normalize
from search.vocabulary import (
    FACET_FIELDS,
    KIND_ALIASES,
    KINDS,
    NO_YEAR,
    NUMERIC_FACETS,
    PLACE_FIELDS,
    SECTION_ALIASES,
    SECTIONS,
    UNKNOWN,
)

UNKNOWN_VALUES = frozenset({"unknown", UNKNOWN, "未知"})
SUGGESTIONS = 3
SUGGEST_CUTOFF = 0.4
SELECTIVE_SHARE = 0.05
NAMED_FIELDS = frozenset({"town", "section", "kind", *PLACE_FIELDS})
"""Fields whose values are names: one the index does not hold is an empty result with a hint."""


@dataclass(frozen=True)
class Filters:
    """Command-line filters: values of each facet field, and year ranges."""

    towns: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    sections: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    about_years: tuple[int, int] | None = None
    more_years: tuple[tuple[int, int], ...] = ()
    """Further year ranges, alternatives to `years` (`-y 2020 -y 2023`); only read when `years` is set."""
    more_about_years: tuple[tuple[int, int], ...] = ()
    """Further ranges, alternatives to `about_years`; only read when `about_years` is set, so that
    clearing `about_years` clears the filter whole."""
    fields: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(facet field, accepted values) for any facet field without an option of its own."""

    def nodes(self) -> dict[str, list[q.FilterNode]]:
        """The filters as query nodes, grouped by field."""
        groups: dict[str, list[q.FilterNode]] = {}
        named = [("town", self.towns), ("section", self.sections), ("county", self.counties),
                 ("city", self.cities), ("province", self.provinces), ("kind", self.kinds), *self.fields]
        for field, values in named:
            for value in values:
                groups.setdefault(field, []).append(q.Filter(field, value))
        if self.years:
            groups["year"] = [q.YearRange(*span) for span in (self.years, *self.more_years)]
        if self.about_years:
            groups["about_year"] = [q.YearRange(*span, "about_year")
                                    for span in (self.about_years, *self.more_about_years)]
        return groups

    def any(self) -> bool:
        return bool(self.nodes())

    def __bool__(self) -> bool:
        return self.any()


class Resolver:
    """Turns filter values into stored ones, knowing the towns and years the index holds."""

    def __init__(self, towns: Sequence[str], years: Sequence[int], values: dict[str, list[object]],
                 places: dict[str, list[str]]) -> None:
        self.towns, self.years, self._values, self._places = list(towns), list(years), values, places

    def town(self, value: str) -> str | None:
        """The indexed town `value` names (either script, with or without its suffix), "" for
        the unknown bucket, None when no indexed town has that name."""
        norm = normalize(value.strip())
        if norm in UNKNOWN_VALUES:
            return ""
        for town in self.towns:
            if norm and norm in (town, short_name(town)):
                return town
        return None

    def nearest(self, field: str, value: str) -> list[str]:
        """The values of `field` closest to `value` (the indexed towns and places, the sections
        and kinds with their spellings), for a "did you mean" hint."""
        norm = normalize(value.strip())
        scored: dict[str, float] = {}
        for spelling, meant in self._spellings(field):
            likeness = difflib.SequenceMatcher(None, norm, spelling).ratio()
            scored[meant] = max(likeness, scored.get(meant, 0.0))
        ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
        return [meant for meant, score in ranked[:SUGGESTIONS] if score >= SUGGEST_CUTOFF]

    def _spellings(self, field: str) -> list[tuple[str, str]]:
        """(a way to write a value, the value it means) for each value of `field`."""
        if field == "section":
            return [(normalize(alias), section) for alias, section in SECTION_ALIASES.items()]
        if field == "kind":
            return [(kind, kind) for kind in KINDS] + list(KIND_ALIASES.items())
        names = self.towns if field == "town" else self._known_places(field)
        return [(spelling, name) for name in names for spelling in (normalize(name), normalize(short_name(name)))]

    def _known_places(self, field: str) -> list[str]:
        return sorted(set(self._places.get(field, ())) - {""})

    def place(self, field: str, value: str) -> str | None:
        """A county, city or province as indexed, in either script, with or without its suffix
        (衡南 = 衡南县), or with another (芷江县 = 芷江侗族自治县); "" for the unknown bucket,
        None when no indexed place has that name."""
        norm = normalize(value.strip())
        if norm in UNKNOWN_VALUES:
            return ""
        for place in self._known_places(field):
            short = normalize(short_name(place))
            if norm and (norm in (normalize(place), short) or short_name(norm) == short):
                return place
        return None

    @staticmethod
    def kind(value: str) -> str | None:
        norm = normalize(value.strip())
        return norm if norm in KINDS else KIND_ALIASES.get(norm)

    @staticmethod
    def section(value: str) -> str | None:
        return SECTION_ALIASES.get(normalize(value.strip()))

    @staticmethod
    def year(value: str) -> int:
        """A year as a number, NO_YEAR for the unknown bucket; any four-digit year is valid, and
        one with no reports simply matches nothing."""
        norm = normalize(value.strip())
        if norm in UNKNOWN_VALUES:
            return NO_YEAR
        if not (len(norm) == 4 and norm.isdigit()):
            raise UsageError(f"--year takes a four-digit year, a range like 2019..2021, 2019.. or ..2021, "
                             f"or 'unknown'; not {value!r}")
        return int(norm)

    def other(self, field: str, value: str) -> object:
        """A value of a facet field without a rule of its own: exact after normalisation."""
        if field not in FACET_FIELDS:
            raise UsageError(f"unknown filter {field!r}; valid: {', '.join(FACET_FIELDS)}")
        norm = normalize(value.strip())
        if norm in UNKNOWN_VALUES:
            return ""
        known = sorted({v for v in self._values.get(field, ()) if v not in (None, "")}, key=str)
        for candidate in known:
            if normalize(str(candidate)) == norm:
                return candidate
        return None


class Restriction:
    """The filters of one search, resolved to steps; applied to each leaf's candidates.

    A filter is applied the cheaper way round: from its postings, intersected with the
    candidates, when it holds fewer paragraphs than there are candidates; else by checking each
    candidate's code in the facet's column. Hints say why a filter matches nothing."""

    def __init__(self, leaves: Sequence[Leaf], resolver: Resolver, groups: dict[tuple[str, str], list[q.FilterNode]],
                 excluded: Sequence[q.FilterNode]) -> None:
        self._leaves = leaves
        self._resolver = resolver
        self.hints: list[str] = []
        self.groups = [[self._step(node) for node in nodes] for nodes in groups.values()]
        self.excluded = [self._step(node) for node in excluded]

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)

    def apply(self, candidates: list[set[int]] | None) -> list[set[int]]:
        """Per leaf, the candidates (every live paragraph when None) that pass all groups and
        none of the excluded filters."""
        return [self.apply_leaf(leaf, None if candidates is None else candidates[number])
                for number, leaf in enumerate(self._leaves)]

    def apply_leaf(self, leaf: Leaf, docs: set[int] | None) -> set[int]:
        for group in sorted(self.groups, key=lambda g: _size(g, leaf)):
            docs = _keep(docs, group, leaf, True)
            if not docs:
                return set()
        if docs is None:
            docs = set(leaf.live)
        for step in self.excluded:
            docs = _keep(docs, [step], leaf, False)
        return docs

    def selective(self, leaf: Leaf) -> bool:
        """Whether some group passes so few of the leaf's paragraphs that a query's text is
        better checked in them than looked up in the whole leaf."""
        return any(_size(group, leaf) < SELECTIVE_SHARE * leaf.live_count for group in self.groups)

    def explain_empty(self) -> None:
        """When nothing passed: whether the filters exclude each other though each alone matches."""
        if len(self.groups) < 2:
            return
        alone = [any(_keep(None, group, leaf, True) for leaf in self._leaves) for group in self.groups]
        if all(alone) and not any(self.apply(None)):
            self.hints.append("the filters exclude each other: no paragraph passes them all, though each alone matches")

    def _step(self, node: q.FilterNode) -> Values | Range | None:
        resolver = self._resolver
        field = node.field
        if field in NUMERIC_FACETS:
            if isinstance(node, q.YearRange):
                low, high = node.low, node.high
            else:
                low = high = resolver.year(node.value)
            step = Range(field, low, high)
            if field == "year" and high and not any(holds(step, leaf) for leaf in self._leaves):
                known = resolver.years
                span = f"{known[0]}–{known[-1]}" if known else "none"
                since, until = low if low > q.YEAR_MIN else "", high if high < q.YEAR_MAX else ""
                asked = str(low) if low == high else f"{since}..{until}"
                self.hints.append(f"no report of {asked} in the index (years: {span})")
            return step
        assert isinstance(node, q.Filter)
        if field in NAMED_FIELDS:
            found = self._named(field, node.value)
            return None if found is None else Values(field, frozenset([found]))
        value = resolver.other(field, node.value)
        if value is None:
            self.hints.append(f"no {field} {node.value!r} in the index")
            return None
        return Values(field, frozenset([value]))


    def _named(self, field: str, value: str) -> str | None:
        """A town, place, section or kind resolved; one the index does not hold matches nothing and
        leaves a hint naming the nearest values (or, for sections and kinds, all of them)."""
        resolver = self._resolver
        if field == "town":
            found = resolver.town(value)
        elif field in PLACE_FIELDS:
            found = resolver.place(field, value)
        else:
            found = resolver.section(value) if field == "section" else resolver.kind(value)
        if found is None:
            near = resolver.nearest(field, value)
            listed = {"section": SECTIONS, "kind": KINDS}.get(field, ())
            advice = (f"; did you mean {'、'.join(near)}?" if near
                      else f"; {field}s: {' '.join(listed)}" if listed else "")
            self.hints.append(f"no {field} {value!r} in the index{advice}")
        return found


def _size(group: Sequence[Values | Range | None], leaf: Leaf) -> int:
    return sum(facet_size(step, leaf) for step in group if step is not None)


def _keep(docs: set[int] | None, group: Sequence[Values | Range | None], leaf: Leaf, keep: bool) -> set[int]:
    """The documents (all live ones when None) that pass any filter of `group` (keep) or none."""
    steps = [s for s in group if s is not None]
    if docs is None:
        found: set[int] = set().union(*(evaluate(s, leaf) for s in steps))
        return found if keep else set(leaf.live) - found
    if not steps:
        return set() if keep else docs
    if _size(steps, leaf) <= len(docs):
        found = set().union(*(evaluate(s, leaf) for s in steps))
        return docs & found if keep else docs - found
    ordered, passing = list(docs), set[int]()
    for codes, accepted in (passing_codes(s, leaf) for s in steps):  # each filter checked in bulk
        passing.update(compress(ordered, map(accepted.__contains__, map(codes.__getitem__, ordered))))
    return passing if keep else set(docs) - passing
