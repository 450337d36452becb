"""Filters: what a user typed resolved to stored values, and the paragraphs that pass them all.

Filters come from the options (`Filters`) and from inside the query (`town:…`, `year:…`,
`section:…`, wherever they stand: `search.engine.syntax.split_filters`). Values of one filter are
alternatives; different filters all apply; NOT excludes. A town or year the index does not hold
matches nothing and says why in a hint; only a malformed value is an error. Which fields are
facets is data (`vocabulary.FACET_FIELDS`); a field without a rule of its own in RESOLVERS takes a
value by exact match after normalisation.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

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
            groups["year"] = [q.YearRange(*self.years)]
        if self.about_years:
            groups["about_year"] = [q.YearRange(*self.about_years, "about_year")]
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

    def nearest_towns(self, value: str) -> list[str]:
        """Indexed towns whose names are closest to `value`, for a "did you mean" hint."""
        norm = normalize(value.strip())

        def likeness(town: str) -> float:
            return max(difflib.SequenceMatcher(None, norm, name).ratio() for name in (town, short_name(town)))

        scored = sorted(((likeness(t), t) for t in self.towns), reverse=True)
        return [t for score, t in scored[:SUGGESTIONS] if score >= SUGGEST_CUTOFF]

    def place(self, field: str, value: str) -> str:
        """A county, city or province as indexed, in either script, with or without its suffix
        (衡南 = 衡南县); "" for the unknown bucket."""
        norm = normalize(value.strip())
        if norm in UNKNOWN_VALUES:
            return ""
        known = sorted(set(self._places.get(field, ())) - {""})
        for place in known:
            if norm and norm in (normalize(place), normalize(short_name(place))):
                return place
        raise UsageError(f"unknown {field} {value!r}; valid: {', '.join(known) or '(none indexed)'}")

    @staticmethod
    def kind(value: str) -> str:
        norm = normalize(value.strip())
        kind = norm if norm in KINDS else KIND_ALIASES.get(norm)
        if kind is None:
            raise UsageError(f"unknown kind {value!r}; valid: {', '.join(KINDS)}")
        return kind

    @staticmethod
    def section(value: str) -> str:
        section = SECTION_ALIASES.get(normalize(value.strip()))
        if section is None:
            raise UsageError(f"unknown section {value!r}; valid: {', '.join(SECTIONS)} (or 总结 问题 计划 建议)")
        return section

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
        if field == "section":
            return Values("section", frozenset([resolver.section(node.value)]))
        if field in PLACE_FIELDS:
            return Values(field, frozenset([resolver.place(field, node.value)]))
        if field == "kind":
            return Values("kind", frozenset([resolver.kind(node.value)]))
        if field == "town":
            town = resolver.town(node.value)
            if town is None:
                near = resolver.nearest_towns(node.value)
                self.hints.append(f"no town {node.value!r} in the index"
                                  + (f"; did you mean {'、'.join(near)}?" if near else ""))
                return None
            return Values("town", frozenset([town]))
        value = resolver.other(field, node.value)
        if value is None:
            self.hints.append(f"no {field} {node.value!r} in the index")
            return None
        return Values(field, frozenset([value]))


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
    checks = [passing_codes(s, leaf) for s in steps]
    return {d for d in docs if any(codes[d] in accepted for codes, accepted in checks) == keep}
