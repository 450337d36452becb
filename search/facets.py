"""Facets and filters: counting paragraphs per value, and resolving what a user typed to a value.

Which fields are facets is data (`schema.FACET_FIELDS`): each is counted from the code columns of
the text store, read in bulk, and filtered through its exact-term postings. A user's value is
resolved by the field's rule in RESOLVERS (towns without their suffix, section aliases, years),
or else by exact match after normalisation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from search.errors import UsageError
from search.leaf import Leaf
from search.models import SECTIONS
from search.normalize import normalize
from search.rules import TOWN_SUFFIXES
from search.schema import FACET_FIELDS, NUMERIC_FACETS

SECTION_ALIASES = {
    "总结": "工作总结", "工作总结": "工作总结", "回顾": "工作总结",
    "问题": "存在问题", "存在问题": "存在问题", "困难": "存在问题",
    "计划": "工作计划", "工作计划": "工作计划", "规划": "工作计划", "打算": "工作计划",
    "建议": "意见建议", "意见": "意见建议", "意见建议": "意见建议",
    "前言": "前言", "其他": "其他",
}
ORDERED_VALUES: dict[str, tuple[str, ...]] = {"section": SECTIONS}
"""Facets listed in a fixed order rather than by count."""


def count(leaves: Sequence[Leaf], matched: Sequence[Iterable[int]]) -> dict[str, dict[str, int]]:
    """Paragraphs per value of every facet field among `matched` (one set per leaf)."""
    facets: dict[str, dict[str, int]] = {}
    matched = [list(docs) for docs in matched]
    for name in FACET_FIELDS:
        totals: Counter = Counter()
        for leaf, docs in zip(leaves, matched):
            codes = leaf.store.codes.get(name)
            if codes is None:
                continue
            values = leaf.store.values[name]
            for code, n in Counter(map(codes.__getitem__, docs)).items():
                totals[values[code]] += n
        if name in ORDERED_VALUES:
            facets[name] = {v: totals[v] for v in ORDERED_VALUES[name] if totals[v]}
        else:
            facets[name] = {str(k): v for k, v in sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))}
    return facets


def resolve_town(value: str, towns: Sequence[str]) -> str:
    norm = normalize(value.strip())
    for town in towns:
        if norm == town or (norm and town[:-1] == norm and town[-1] in TOWN_SUFFIXES):
            return town
    raise UsageError(f"unknown town {value!r}; valid: {', '.join(towns) or '(none indexed)'}")


def resolve_section(value: str, sections: Sequence[str] = SECTIONS) -> str:
    section = SECTION_ALIASES.get(normalize(value.strip()))
    if section is None:
        raise UsageError(f"unknown section {value!r}; valid: {', '.join(SECTIONS)} (or 总结 问题 计划 建议)")
    return section


def resolve_year(value: str, years: Sequence[int]) -> int:
    try:
        year = int(normalize(value.strip()))
    except ValueError:
        year = -1
    if year not in years:
        raise UsageError(f"unknown year {value!r}; valid: {', '.join(map(str, years)) or '(none indexed)'}")
    return year


def resolve_exact(field: str, value: str, known: Sequence[object]) -> object:
    norm = normalize(value.strip())
    for candidate in known:
        if normalize(str(candidate)) == norm:
            return int(candidate) if field in NUMERIC_FACETS else candidate  # type: ignore[call-overload]
    raise UsageError(f"unknown {field} {value!r}; valid: {', '.join(map(str, known)) or '(none indexed)'}")


RESOLVERS = {"town": resolve_town, "section": resolve_section, "year": resolve_year}
