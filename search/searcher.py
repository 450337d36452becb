"""Running queries against an index: matching, ranking, filters, facets and highlight offsets.

Whoosh objects stay inside this module; callers get plain `SearchResult` and `Hit` records.
Nothing here imports jieba: an unquoted term is split into words by longest match against the
index's own word list, which is the vocabulary jieba produced when the index was built.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from whoosh import query as wq

from search import query as q
from search import store
from search.analysis import literal_grams
from search.errors import SearchError, UsageError
from search.models import SECTIONS, Hit, SearchResult
from search.normalize import normalize
from search.rules import TOWN_SUFFIXES

LITERAL_BOOST = 4.0
MAX_WORD = 8
FACET_FIELDS = ("town", "year", "section")
SECTION_ALIASES = {
    "总结": "工作总结", "工作总结": "工作总结", "回顾": "工作总结",
    "问题": "存在问题", "存在问题": "存在问题", "困难": "存在问题",
    "计划": "工作计划", "工作计划": "工作计划", "规划": "工作计划", "打算": "工作计划",
    "建议": "意见建议", "意见": "意见建议", "意见建议": "意见建议",
    "前言": "前言", "其他": "其他",
}
OPEN_RETRIES = 3


@dataclass(frozen=True)
class Filters:
    towns: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    sections: tuple[str, ...] = ()


@contextmanager
def open_index(path: Path) -> Iterator[SearchIndex]:
    """The live generation of the index at `path`, checked for compatibility."""
    from whoosh import index as whoosh_index
    from whoosh.index import IndexError as WhooshIndexError

    from search.indexer import expected_versions

    for attempt in range(OPEN_RETRIES):
        generation = store.current_generation(path)
        store.check_compatible(generation.meta, expected_versions())
        try:
            ix = whoosh_index.open_dir(str(generation.path))
            searcher = ix.searcher()
            break
        except FileNotFoundError:
            if attempt == OPEN_RETRIES - 1:
                raise SearchError(f"the index at {path} changed while opening it; try again") from None
        except (WhooshIndexError, EOFError, ValueError) as exc:
            raise SearchError(f"the index at {path} is damaged ({exc}); {store.REBUILD_HINT}") from exc
    try:
        yield SearchIndex(searcher, generation.meta)
    finally:
        searcher.close()


class SearchIndex:
    def __init__(self, searcher, meta: dict) -> None:  # type: ignore[no-untyped-def]
        self._searcher = searcher
        self.meta = meta

    # ------------------------------------------------------------ values and filters

    @cached_property
    def towns(self) -> list[str]:
        return sorted({f["town"] for f in self.meta["files"].values() if f["town"]})

    @cached_property
    def years(self) -> list[int]:
        return sorted({f["year"] for f in self.meta["files"].values() if f["year"]})

    def resolve_town(self, value: str) -> str:
        norm = normalize(value.strip())
        for town in self.towns:
            if norm == town or (norm and town[:-1] == norm and town[-1] in TOWN_SUFFIXES):
                return town
        raise UsageError(f"unknown town {value!r}; valid: {', '.join(self.towns) or '(none indexed)'}")

    def resolve_section(self, value: str) -> str:
        section = SECTION_ALIASES.get(normalize(value.strip()))
        if section is None:
            raise UsageError(f"unknown section {value!r}; valid: {', '.join(SECTIONS)} (or 总结 问题 计划 建议)")
        return section

    def resolve_year(self, value: str) -> int:
        try:
            year = int(normalize(value.strip()))
        except ValueError:
            year = -1
        if year not in self.years:
            raise UsageError(f"unknown year {value!r}; valid: {', '.join(map(str, self.years)) or '(none indexed)'}")
        return year

    # ------------------------------------------------------------ columns

    @cached_property
    def _columns(self) -> dict[str, list]:
        reader = self._searcher.reader()
        return {name: list(reader.column_reader(name)) for name in ("town", "year", "section", "source", "order")}

    def _doc_order(self, docnum: int) -> tuple[str, int]:
        return self._columns["source"][docnum], self._columns["order"][docnum]

    # ------------------------------------------------------------ search

    def search(self, text: str, filters: Filters = Filters(), limit: int | None = 10) -> SearchResult:
        node = q.parse(text)
        if node is None and not (filters.towns or filters.years or filters.sections):
            raise UsageError("give a query, or at least one filter (--town, --year, --section) to browse")
        for term in q.positive_terms(node):
            if term.quoted and not normalize(term.text):
                raise UsageError('empty quotes in query: put the text to find between them, "like this"')
        main = self._compile(node, literal_only=False)
        restriction = self._filters(filters)
        full = wq.And([main, restriction]) if restriction is not None else main
        matched = set(self._searcher.docs_for_query(full))
        facets = self._facets(matched)
        if not q.has_text(node):
            ordered = sorted(matched, key=self._doc_order)
            page = ordered if limit is None else ordered[:limit]
            hits = [self._hit(d, 0.0, []) for d in page]
        else:
            hits = self._ranked(node, full, matched, limit)
        return SearchResult(query=text, total=len(matched), hits=tuple(hits), facets=facets)

    def _ranked(self, node: q.Node, full: wq.Query, matched: set[int], limit: int | None) -> list[Hit]:
        terms = q.positive_terms(node)
        if any(not t.quoted for t in terms):
            literal = set(self._searcher.docs_for_query(self._compile(node, literal_only=True))) & matched
        else:
            literal = matched
        tiers = [literal, matched - literal]
        scored: list[tuple[int, float]] = []
        for tier in tiers:
            want = None if limit is None else limit - len(scored)
            if not tier or want == 0:
                continue
            results = self._searcher.search(full, filter=tier, limit=want)
            ranked = sorted(((hit.docnum, hit.score) for hit in results),
                            key=lambda item: (-item[1], self._doc_order(item[0])))
            scored.extend(ranked)
        return [self._hit(docnum, score, terms) for docnum, score in scored]

    def _hit(self, docnum: int, score: float, terms: list[q.Term]) -> Hit:
        from search.schema import HEADING_JOIN, NO_YEAR

        fields = self._searcher.stored_fields(docnum)
        text = fields["text"]
        return Hit(
            id=fields["id"],
            source=fields["source"],
            line=fields["line"],
            town=fields["town"],
            year=None if fields["year"] == NO_YEAR else fields["year"],
            section=fields["section"],
            heading=tuple(h for h in fields["heading"].split(HEADING_JOIN) if h),
            score=round(float(score), 4),
            text=text,
            highlights=tuple(self.highlight_spans(text, terms)),
        )

    def _facets(self, docnums: Iterable[int]) -> dict[str, dict[str, int]]:
        columns = self._columns
        facets: dict[str, dict[str, int]] = {}
        for name in FACET_FIELDS:
            counts = Counter(columns[name][d] for d in docnums)
            if name == "section":
                facets[name] = {s: counts[s] for s in SECTIONS if counts[s]}
            else:
                facets[name] = {str(k): v for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}
        return facets

    def all_facets(self) -> dict[str, dict[str, int]]:
        return self._facets(range(self._searcher.doc_count_all()))

    # ------------------------------------------------------------ compiling

    def _compile(self, node: q.Node | None, literal_only: bool) -> wq.Query:
        if node is None:
            return wq.Every()
        if isinstance(node, q.Term):
            norm = normalize(node.text)
            literal = _literal(norm)
            if node.quoted or literal_only:
                return literal
            words = self._words_query(norm)
            if words is None:
                return literal
            return wq.Or([_boosted(literal), words])
        if isinstance(node, q.Filter):
            return self._filter(node)
        if isinstance(node, q.YearRange):
            return wq.NumericRange("year", node.low, node.high)
        if isinstance(node, q.Not):
            return wq.Not(self._compile(node.child, literal_only))
        children = [self._compile(child, literal_only) for child in node.children]
        return wq.And(children) if isinstance(node, q.And) else wq.Or(children)

    def _filter(self, node: q.Filter) -> wq.Query:
        if node.field == "town":
            return wq.Term("town", self.resolve_town(node.value))
        if node.field == "section":
            return wq.Term("section", self.resolve_section(node.value))
        year = self.resolve_year(node.value)
        return wq.NumericRange("year", year, year)

    def _filters(self, filters: Filters) -> wq.Query | None:
        parts: list[wq.Query] = []
        if filters.towns:
            parts.append(wq.Or([wq.Term("town", self.resolve_town(t)) for t in filters.towns]))
        if filters.sections:
            parts.append(wq.Or([wq.Term("section", self.resolve_section(s)) for s in filters.sections]))
        if filters.years:
            low, high = filters.years
            if low == high:
                self.resolve_year(str(low))
            parts.append(wq.NumericRange("year", low, high))
        return wq.And(parts) if parts else None

    def segment(self, norm: str) -> list[str]:
        """Longest-match split of a normalised term into words the index knows."""
        reader = self._searcher.reader()
        words, i = [], 0
        while i < len(norm):
            for size in range(min(MAX_WORD, len(norm) - i), 0, -1):
                piece = norm[i : i + size]
                if size == 1 or ("words", piece) in reader:
                    break
            if piece.strip():
                words.append(piece)
            i += size
        return words

    def _words_query(self, norm: str) -> wq.Query | None:
        reader = self._searcher.reader()
        words = list(dict.fromkeys(self.segment(norm)))
        if not words or not all(("words", w) in reader for w in words):
            return None
        return wq.Term("words", words[0]) if len(words) == 1 else wq.And([wq.Term("words", w) for w in words])

    # ------------------------------------------------------------ highlights

    def highlight_spans(self, text: str, terms: list[q.Term]) -> list[tuple[int, int]]:
        """Offsets into `text` (the original script) of what matched; normalisation keeps offsets."""
        norm = normalize(text)
        spans: list[tuple[int, int]] = []
        for term in terms:
            needle = normalize(term.text)
            found = list(_occurrences(norm, needle))
            if not found and not term.quoted:
                for word in self.segment(needle):
                    found.extend(_occurrences(norm, word))
            spans.extend(found)
        return _merge(spans)

    # ------------------------------------------------------------ lookup

    def paragraph(self, pid: str, context: int = 0) -> list[Hit]:
        """The paragraph with id `source:line`, with `context` neighbours on each side."""
        docnum = self._searcher.document_number(id=pid)
        if docnum is None:
            raise UsageError(f"no paragraph {pid!r} in the index (ids look like 003_….txt:41)")
        source, order = self._doc_order(docnum)
        query = wq.And([wq.Term("source", source), wq.NumericRange("order", order - context, order + context)])
        docs = sorted(self._searcher.docs_for_query(query), key=self._doc_order)
        return [self._hit(d, 0.0, []) for d in docs]


def _literal(norm: str) -> wq.Query:
    grams = literal_grams(norm)
    if not grams:
        return wq.NullQuery
    if len(grams) == 1:
        return wq.Term("lit", grams[0])
    return wq.Phrase("lit", grams)


def _boosted(query: wq.Query) -> wq.Query:
    query = query.copy()
    query.boost = LITERAL_BOOST
    return query


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
