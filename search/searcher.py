"""The query façade the CLI and the library call: open an index, search it, look paragraphs up.

A query is parsed once into a plan (`search.plan`), evaluated leaf by leaf (`search.matching`,
over `search.literal` and `search.words`), ranked (`search.ranking`) and counted
(`search.facets`); stored fields are read only for the hits returned. Callers get plain
`SearchResult` and `Hit` records; Whoosh objects stay inside the engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from search import facets, matching, plan, ranking, store
from search.errors import SearchError, UsageError
from search.leaf import Leaf
from search.models import Hit, SearchResult
from search.normalize import normalize
from search.schema import FACET_FIELDS, HEADING_JOIN, NO_YEAR
from search.words import Lexicon

OPEN_RETRIES = 3


@dataclass(frozen=True)
class Filters:
    """Command-line filters: towns, a year range, sections, and values of any other facet field."""

    towns: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    sections: tuple[str, ...] = ()
    fields: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(facet field, accepted values) for facet fields beyond town, year and section."""

    def values(self) -> list[tuple[str, tuple[str, ...]]]:
        named = [("town", self.towns), ("section", self.sections), *self.fields]
        return [(field, values) for field, values in named if values]

    def __bool__(self) -> bool:
        return bool(self.values() or self.years)


@contextmanager
def open_index(path: Path) -> Iterator[SearchIndex]:
    """The live generation of the index at `path`, checked for compatibility."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import IndexError as WhooshIndexError

    from search.schema import expected_versions

    for attempt in range(OPEN_RETRIES):
        generation = store.current_generation(path)
        store.check_compatible(generation.meta, expected_versions())
        reader = None
        try:
            reader = FileStorage(str(generation.path), supports_mmap=False).open_index().reader()
            leaves = [Leaf(leaf, generation.path) for leaf, _ in reader.leaf_readers() if hasattr(leaf, "segment")]
            break
        except FileNotFoundError:
            if reader is not None:
                reader.close()
            if attempt == OPEN_RETRIES - 1:
                raise SearchError(f"the index at {path} changed while opening it; try again") from None
        except (WhooshIndexError, EOFError, ValueError, OSError) as exc:
            if reader is not None:
                reader.close()
            raise SearchError(f"the index at {path} is damaged ({exc}); {store.REBUILD_HINT}") from exc
    index = SearchIndex(leaves, generation)
    try:
        yield index
    finally:
        for leaf in leaves:
            leaf.close()
        reader.close()


class SearchIndex:
    def __init__(self, leaves: Sequence[Leaf], generation: store.Generation) -> None:
        self._leaves = list(leaves)
        self.meta = generation.meta
        self.lexicon = Lexicon(self._leaves)

    # ------------------------------------------------------------ values and filters

    @cached_property
    def towns(self) -> list[str]:
        return sorted({f["town"] for f in self.meta["files"].values() if f["town"]})

    @cached_property
    def years(self) -> list[int]:
        return sorted({f["year"] for f in self.meta["files"].values() if f["year"]})

    def resolve_town(self, value: str) -> str:
        return facets.resolve_town(value, self.towns)

    def resolve_section(self, value: str) -> str:
        return facets.resolve_section(value)

    def resolve_year(self, value: str) -> int:
        return facets.resolve_year(value, self.years)

    def resolve(self, field: str, value: str) -> object:
        """A filter value as stored, by the field's rule; UsageError naming the valid ones."""
        if field == "town":
            return self.resolve_town(value)
        if field == "year":
            return self.resolve_year(value)
        if field == "section":
            return self.resolve_section(value)
        if field not in FACET_FIELDS:
            raise UsageError(f"unknown filter {field!r}; valid: {', '.join(FACET_FIELDS)}")
        known = sorted({v for leaf in self._leaves for v in leaf.store.values.get(field, ()) if v not in (None, "")},
                       key=str)
        return facets.resolve_exact(field, value, known)

    def _filter_steps(self, filters: Filters) -> list[plan.Step]:
        steps: list[plan.Step] = []
        for field, values in filters.values():
            steps.append(plan.Values(field, frozenset(self.resolve(field, v) for v in values)))
        if filters.years:
            low, high = filters.years
            if low == high:
                self.resolve_year(str(low))
            steps.append(plan.Range("year", low, high))
        return steps

    # ------------------------------------------------------------ search

    def plan(self, text: str) -> plan.Plan:
        return plan.make_plan(text, self.lexicon.split, self.lexicon.apart, self.resolve)

    def search(self, text: str, filters: Filters = Filters(), limit: int | None = 10) -> SearchResult:
        parsed = self.plan(text)
        if parsed.root is None and not filters:
            raise UsageError("give a query, or at least one filter (--town, --year, --section) to browse")
        steps = ([parsed.root] if parsed.root is not None else []) + self._filter_steps(filters)
        root = steps[0] if len(steps) == 1 else plan.All(tuple(steps))
        leaves = self._leaves
        matched = [matching.evaluate(root, leaf) for leaf in leaves]
        counts = facets.count(leaves, matched)
        if not plan.has_text(parsed):
            ranked = ranking.in_order(leaves, matched, limit)
        else:
            scored = ranking.scores(leaves, parsed.needles, matched)
            if any(not n.quoted for n in parsed.needles):
                literal = [matching.evaluate(root, leaf, literal_only=True) & docs for leaf, docs in zip(leaves, matched)]
                tiers = [literal, [docs - first for docs, first in zip(matched, literal)]]
            else:
                tiers = [matched]
            ranked = ranking.top(leaves, tiers, scored, limit)
        hits = tuple(self._hit(i, d, score, parsed.needles) for i, d, score in ranked)
        return SearchResult(query=text, total=sum(map(len, matched)), hits=hits, facets=counts)

    def all_facets(self) -> dict[str, dict[str, int]]:
        return facets.count(self._leaves, [leaf.live for leaf in self._leaves])

    def _hit(self, leaf_number: int, docnum: int, score: float, needles: Sequence[plan.Needle]) -> Hit:
        leaf = self._leaves[leaf_number]
        fields = leaf.stored(docnum)
        text = fields["text"]
        year = leaf.store.value("year", docnum)
        return Hit(
            id=fields["id"],
            source=fields["source"],
            line=fields["line"],
            town=str(leaf.store.value("town", docnum) or ""),
            year=None if year in (None, NO_YEAR) else int(year),  # type: ignore[arg-type]
            section=str(leaf.store.value("section", docnum)),
            heading=tuple(h for h in fields["heading"].split(HEADING_JOIN) if h),
            score=round(float(score), 4),
            text=text,
            highlights=tuple(highlight_spans(text, needles)),
        )

    # ------------------------------------------------------------ lookup

    def paragraph(self, pid: str, context: int = 0) -> list[Hit]:
        """The paragraph with id `source:line`, with `context` neighbours on each side."""
        for number, leaf in enumerate(self._leaves):
            found = [d for d in leaf.term_docs("id", pid) if d not in leaf.deleted]
            if found:
                docnum = found[0]
                store_ = leaf.store
                _source, first, count = store_.files[store_.file[docnum]]
                order = store_.order[docnum]
                same_file = [d for d in range(first, first + count)
                             if d not in leaf.deleted and abs(store_.order[d] - order) <= context]
                return [self._hit(number, d, 0.0, ()) for d in sorted(same_file, key=store_.order.__getitem__)]
        raise UsageError(f"no paragraph {pid!r} in the index (ids look like 003_….txt:41)")


# ------------------------------------------------------------ highlights


def highlight_spans(text: str, needles: Sequence[plan.Needle]) -> list[tuple[int, int]]:
    """Offsets into `text` (the original script) of what matched; normalisation keeps offsets."""
    norm = normalize(text)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        found = list(_occurrences(norm, needle.norm))
        if not found and not needle.quoted:
            for word in needle.split:
                found.extend(_occurrences(norm, word))
        spans.extend(found)
    return _merge(spans)


def _occurrences(haystack: str, needle: str) -> Iterator[tuple[int, int]]:
    """Every occurrence, overlapping ones included (Ctrl+F counts 哈哈 twice in 哈哈哈)."""
    if not needle:
        return
    start = haystack.find(needle)
    while start >= 0:
        yield start, start + len(needle)
        start = haystack.find(needle, start + 1)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
