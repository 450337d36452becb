"""Running queries against an index: matching, ranking, filters, facets and highlight offsets.

Literal matching is Ctrl+F by construction: the normalised text of every paragraph is kept as a
column, and a quoted string matches exactly the paragraphs whose normalised text contains it.
An unquoted term also matches paragraphs holding all its words apart; those rank after literal
matches. Nothing here imports jieba: a term is split into words by longest match against the
index's vocabulary (`search.analysis`), the words jieba found when the corpus was indexed.

Whoosh objects stay inside this module; callers get plain `SearchResult` and `Hit` records.
"""

from __future__ import annotations

import difflib
import gc
import heapq
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from pathlib import Path

from search import query as q
from search import store
from search.analysis import K1, MAX_WORD, idf, pieces
from search.errors import SearchError, UsageError
from search.gazetteer import short_name
from search.models import KINDS, SECTIONS, UNKNOWN, Hit, SearchResult, TermSplit
from search.normalize import matching_view, normalize, original_span
from search.rules import KIND_ALIASES

FACET_FIELDS = ("town", "year", "section", "county", "city", "province", "kind", "about_year")
PLACE_FIELDS = ("county", "city", "province")
YEAR_FIELDS = ("year", "about_year")
SECTION_ALIASES = {
    "总结": "工作总结", "工作总结": "工作总结", "回顾": "工作总结",
    "问题": "存在问题", "存在问题": "存在问题", "困难": "存在问题",
    "计划": "工作计划", "工作计划": "工作计划", "规划": "工作计划", "打算": "工作计划",
    "建议": "意见建议", "意见": "意见建议", "意见建议": "意见建议",
    "前言": "前言", "其他": "其他",
}
OPEN_RETRIES = 3
DENSE_SHARE = 0.1
DENSITY_SAMPLE = 2_000_000
CHECK_SHARE = 0.25
UNKNOWN_VALUES = frozenset({"unknown", UNKNOWN, "未知"})
SUGGESTIONS = 3
SUGGEST_CUTOFF = 0.4


@dataclass(frozen=True)
class Filters:
    towns: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    sections: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    about_years: tuple[int, int] | None = None

    def any(self) -> bool:
        return bool(self.towns or self.years or self.sections or self.counties or self.cities
                    or self.provinces or self.kinds or self.about_years)

    def option_nodes(self) -> list[tuple[str, q.Node]]:
        """Each option as the query node it stands for, with the field it filters."""
        nodes: list[tuple[str, q.Node]] = []
        for field, values in (("town", self.towns), ("section", self.sections), ("county", self.counties),
                              ("city", self.cities), ("province", self.provinces), ("kind", self.kinds)):
            nodes.extend((field, q.Filter(field, value)) for value in values)
        if self.years:
            nodes.append(("year", q.YearRange(*self.years)))
        if self.about_years:
            nodes.append(("about_year", q.YearRange(*self.about_years, "about_year")))
        return nodes


@contextmanager
def open_index(path: Path) -> Iterator[SearchIndex]:
    """The live generation of the index at `path`, checked for compatibility."""
    from whoosh import index as whoosh_index
    from whoosh.index import IndexError as WhooshIndexError

    from search.schema import expected_versions

    for attempt in range(OPEN_RETRIES):
        generation = store.current_generation(path)
        store.check_compatible(generation.meta, expected_versions(), path)
        try:
            reader = whoosh_index.open_dir(str(generation.path)).reader()
            break
        except FileNotFoundError:
            if attempt == OPEN_RETRIES - 1:
                raise SearchError(f"the index at {path} changed while opening it; try again") from None
        except (WhooshIndexError, EOFError, ValueError) as exc:
            raise SearchError(f"the index at {path.resolve()} is damaged ({exc}); {store.rebuild_hint(path)}") from exc
    try:
        yield SearchIndex(reader, generation)
    finally:
        reader.close()


class SearchIndex:
    def __init__(self, reader, generation: store.Generation) -> None:  # type: ignore[no-untyped-def]
        self._reader = reader
        self._generation = generation
        self.meta = generation.meta
        self._literal_cache: dict[str, frozenset[int]] = {}
        self._count_cache: dict[str, dict[int, int]] = {}
        self._segment_cache: dict[str, list[str]] = {}

    # ------------------------------------------------------------ values and filters

    @cached_property
    def towns(self) -> list[str]:
        return sorted({f["town"] for f in self.meta["files"].values() if f["town"]})

    @cached_property
    def years(self) -> list[int]:
        return sorted({f["year"] for f in self.meta["files"].values() if f["year"]})

    def resolve_town(self, value: str) -> str | None:
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

    def resolve_place(self, field: str, value: str) -> str:
        """A county, city or province as indexed, in either script, with or without its suffix
        (衡南 = 衡南县); "" for the unknown bucket."""
        norm = normalize(value.strip())
        if norm in UNKNOWN_VALUES:
            return ""
        known = sorted({f.get(field) or "" for f in self.meta["files"].values()} - {""})
        for place in known:
            if norm and norm in (normalize(place), normalize(short_name(place))):
                return place
        raise UsageError(f"unknown {field} {value!r}; valid: {', '.join(known) or '(none indexed)'}")

    def resolve_kind(self, value: str) -> str:
        norm = normalize(value.strip())
        kind = norm if norm in KINDS else KIND_ALIASES.get(norm)
        if kind is None:
            raise UsageError(f"unknown kind {value!r}; valid: {', '.join(KINDS)}")
        return kind

    def resolve_section(self, value: str) -> str:
        section = SECTION_ALIASES.get(normalize(value.strip()))
        if section is None:
            raise UsageError(f"unknown section {value!r}; valid: {', '.join(SECTIONS)} (or 总结 问题 计划 建议)")
        return section

    def resolve_year(self, value: str) -> int:
        """A year as a number, NO_YEAR for the unknown bucket; any four-digit year is valid, and
        one with no reports simply matches nothing."""
        from search.schema import NO_YEAR

        norm = normalize(value.strip())
        if norm in UNKNOWN_VALUES:
            return NO_YEAR
        if not (len(norm) == 4 and norm.isdigit()):
            raise UsageError(f"--year takes a four-digit year, a range like 2019..2021, 2019.. or ..2021, "
                             f"or 'unknown'; not {value!r}")
        return int(norm)

    # ------------------------------------------------------------ per-paragraph columns

    @cached_property
    def _columns(self) -> dict[str, list]:
        """town, year, section, source, order, norm and rank by docnum (see indexer.paragraph_table).

        The table holds a few objects per paragraph and never changes, so it is moved out of the
        garbage collector's sight: otherwise each full collection walks all of it, which cost
        queries on 10,000 reports up to 150 ms at random."""
        try:
            table = store.read_table(self._generation.path)
        except OSError:
            raise SearchError("the index changed while it was being read; run the query again") from None
        gc.freeze()
        return table

    @cached_property
    def _texts(self) -> list[str]:
        """Normalised text by docnum, empty for deleted paragraphs: what Ctrl+F runs over."""
        texts = self._columns["norm"]
        for docnum in self._columns["deleted"]:
            texts[docnum] = ""
        return texts

    @cached_property
    def _joined(self) -> tuple[str, list[int]]:
        """All normalised texts joined by NUL, which no query contains, with each one's offset."""
        texts = self._texts
        return "\x00".join(texts), list(accumulate((len(t) + 1 for t in texts), initial=0))

    @cached_property
    def _live(self) -> frozenset[int]:
        return frozenset(range(len(self._texts))).difference(self._columns["deleted"])

    @cached_property
    def _length_norms(self) -> list[float]:
        """BM25's per-paragraph denominator term, computed at build time (indexer.length_norms)."""
        return self._columns["length_norms"]

    @cached_property
    def _rank(self) -> list[int]:
        """Each docnum's position in document order (source, then order in the report)."""
        return self._columns["rank"]

    @cached_property
    def _vocabulary(self) -> frozenset[str]:
        try:
            return frozenset(store.read_vocabulary(self._generation.path))
        except OSError:
            raise SearchError("the index changed while it was being read; run the query again") from None

    # ------------------------------------------------------------ search

    def search(self, text: str, filters: Filters = Filters(), limit: int | None = 10) -> SearchResult:
        node, required, excluded = q.split_filters(q.parse(text))
        if node is None and not (required or excluded or filters.any()):
            raise UsageError("give a query, or at least one filter (--town, --year, --section, --county, --kind …) to browse")
        for term in q.positive_terms(node):
            if term.quoted and not normalize(term.text):
                raise UsageError('empty quotes in query: put the text to find between them, "like this"')
        hints: list[str] = []
        matched = set(self._live) if node is None else self._eval(node, literal_only=False)
        restriction = self._restriction(filters, required, excluded, hints)
        if restriction is not None:
            matched &= restriction
        facets = self._facets(matched)
        if not q.has_text(node):
            rank = self._rank.__getitem__
            ordered = sorted(matched, key=rank) if limit is None else heapq.nsmallest(limit, matched, key=rank)
            hits = [self._hit(d, 0.0, []) for d in ordered]
        else:
            hits = self._ranked(node, matched, limit)
        if not matched:
            hints.extend(q.zero_hit_hints(node))
        return SearchResult(query=text, total=len(matched), hits=tuple(hits), facets=facets, limit=limit,
                            segments=tuple(self.splits(node)), hints=tuple(dict.fromkeys(hints)))

    def splits(self, node: q.Node | None) -> list[TermSplit]:
        """How each term of the query was matched: its pieces, and how many paragraphs held it
        literally and how many only held its pieces apart (over the whole index)."""
        out = []
        for term in dict.fromkeys(q.positive_terms(node)):
            norm = normalize(term.text)
            literal = self.literal(norm) if norm else frozenset()
            parts = [] if term.quoted or not self._apart_words(norm) else list(dict.fromkeys(self.segment(norm)))
            apart = len(self._words_apart(norm) - literal) if parts else 0
            out.append(TermSplit(term.text, term.quoted, tuple(parts or [norm]), len(literal), apart))
        return out

    def _ranked(self, node: q.Node, matched: set[int], limit: int | None) -> list[Hit]:
        """Paragraphs holding every term literally first, then the rest; by BM25 within each.

        A bare heading (a line that is only a heading) follows the paragraphs of its tier that
        discuss the term: being short, BM25 would otherwise put it first."""
        terms = q.positive_terms(node)
        literal = self._eval(node, literal_only=True) & matched if any(not t.quoted for t in terms) else matched
        scores = self._scores(terms, matched)
        rank = self._rank

        def key(docnum: int) -> tuple[float, int]:
            return -scores[docnum], rank[docnum]

        headings = self._columns["heading_only"]
        apart = matched - literal
        tiers = ({d for d in literal if not headings[d]}, {d for d in literal if headings[d]},
                 {d for d in apart if not headings[d]}, {d for d in apart if headings[d]})
        chosen: list[int] = []
        for tier in tiers:
            want = None if limit is None else limit - len(chosen)
            if want == 0:
                break
            if want is not None and len(tier) > want:
                floor = heapq.nlargest(want, map(scores.__getitem__, tier))[-1]
                tier = [d for d in tier if scores[d] >= floor]
            chosen.extend(sorted(tier, key=key)[:want])
        return [self._hit(docnum, scores[docnum], terms) for docnum in chosen]

    def _scores(self, terms: list[q.Term], docnums: set[int]) -> dict[int, float]:
        """BM25 over each term's occurrences and, where a paragraph holds a term's words apart
        rather than the term itself, over those words.

        A term's IDF comes from the paragraphs that contain it, which matching already found;
        its words share that weight rather than costing a scan of the corpus each.
        """
        documents = len(self._live)
        texts, lengths = self._texts, self._length_norms
        scores: dict[int, float] = dict.fromkeys(docnums, 0.0)

        def add(piece: str, weight: float, where: Iterable[int], known: dict[int, int] | None) -> None:
            weight *= K1 + 1
            if known is not None:
                pairs: Iterable[tuple[int, int]] = ((d, n) for d, n in known.items() if d in scores)
            else:
                pairs = ((d, texts[d].count(piece)) for d in where)
            for docnum, frequency in pairs:
                if frequency:
                    scores[docnum] += weight * frequency / (frequency + lengths[docnum])

        for term in {(normalize(t.text), t.quoted) for t in terms}:
            norm, quoted = term
            if not norm:
                continue
            literal = self.literal(norm)
            weight = idf(len(literal), documents)
            known = self._count_cache.get(norm)
            cheaper = known is not None and len(known) <= 4 * len(docnums)
            add(norm, weight, docnums, known if cheaper else None)
            words = [] if quoted else [w for w in set(self.segment(norm)) if w != norm]
            apart = [d for d in docnums if d not in literal] if words else []
            for word in words:
                add(word, weight / len(words), apart, None)
        return scores

    def _hit(self, docnum: int, score: float, terms: list[q.Term]) -> Hit:
        from search.schema import HEADING_JOIN, NO_YEAR

        fields = self._reader.stored_fields(docnum)
        text = fields["text"]
        return Hit(
            id=fields["id"],
            source=fields["source"],
            line=fields["line"],
            town=fields["town"] or None,
            year=None if self._columns["year"][docnum] == NO_YEAR else self._columns["year"][docnum],
            about_year=None if self._columns["about_year"][docnum] == NO_YEAR else self._columns["about_year"][docnum],
            county=fields.get("county", ""),
            city=fields.get("city", ""),
            province=fields.get("province", ""),
            kind=fields.get("kind", ""),
            end_line=fields.get("end_line"),
            section=fields["section"],
            heading=tuple(h for h in fields["heading"].split(HEADING_JOIN) if h),
            score=round(float(score), 4),
            text=text,
            highlights=tuple(self.highlight_spans(text, terms)),
        )

    def _facets(self, docnums: Iterable[int]) -> dict[str, dict[str, int]]:
        columns = self._columns
        docnums = list(docnums)
        facets: dict[str, dict[str, int]] = {}
        for name in FACET_FIELDS:
            counts = Counter(map(columns[name].__getitem__, docnums))
            if name == "section":
                facets[name] = {s: counts[s] for s in SECTIONS if counts[s]}
                continue
            if name in YEAR_FIELDS:
                ordered = sorted(counts.items(), key=lambda kv: (not kv[0], kv[0]))
            else:
                ordered = sorted(counts.items(), key=lambda kv: (not kv[0], -kv[1], kv[0]))
            facets[name] = {str(k) if k else UNKNOWN: v for k, v in ordered}
        return facets

    def all_facets(self) -> dict[str, dict[str, int]]:
        return self._facets(self._live)

    # ------------------------------------------------------------ matching

    def literal(self, norm: str) -> frozenset[int]:
        """Paragraphs whose normalised text contains `norm`: Ctrl+F after normalisation."""
        found = self._literal_cache.get(norm)
        if found is None:
            counts = None if self._dense(norm) else self._find_all(norm)
            if counts is None:
                found = frozenset(d for d, text in enumerate(self._texts) if norm in text)
            else:
                found = frozenset(counts)
                self._count_cache[norm] = counts
            self._literal_cache[norm] = found
        return found

    def _dense(self, norm: str) -> bool:
        """Whether `norm` likely occurs in more than DENSE_SHARE of the paragraphs, judged on a
        sample: then testing each paragraph beats jumping from hit to hit."""
        joined, starts = self._joined
        sample = min(len(joined), DENSITY_SAMPLE)
        paragraphs_in_sample = bisect_right(starts, sample)
        return joined.count(norm, 0, sample) > DENSE_SHARE * paragraphs_in_sample

    def _find_all(self, norm: str) -> dict[int, int] | None:
        """One pass of str.find over all paragraphs joined, counting within each paragraph that
        has a hit and jumping to the next; None once hits exceed DENSE_SHARE of the paragraphs."""
        joined, starts = self._joined
        budget = len(starts) * DENSE_SHARE * 2
        hits: dict[int, int] = {}
        position = joined.find(norm)
        while position >= 0:
            docnum = bisect_right(starts, position) - 1
            end = starts[docnum + 1]
            hits[docnum] = joined.count(norm, position, end)
            if len(hits) > budget:
                return None
            position = joined.find(norm, end)
        return hits

    def _eval(self, node: q.Node, literal_only: bool) -> set[int]:
        if isinstance(node, q.Term):
            norm = normalize(node.text)
            found = set(self.literal(norm))
            if not (node.quoted or literal_only):
                found |= self._words_apart(norm)
            return found
        if isinstance(node, q.Not):
            return set(self._live) - self._eval(node.child, literal_only)
        if isinstance(node, q.Or):
            return set().union(*(self._eval(child, literal_only) for child in node.children))
        positive = [c for c in node.children if not isinstance(c, q.Not)]
        negative = [c.child for c in node.children if isinstance(c, q.Not)]
        positive.sort(key=lambda c: self._sample_count(c) if isinstance(c, q.Term) else -1)
        result = set(self._live)
        for child in positive:
            result = self._narrow(result, child, literal_only, keep=True)
            if not result:
                return result
        for child in negative:
            result = self._narrow(result, child, literal_only, keep=False)
        return result

    def _narrow(self, candidates: set[int], node: q.Node, literal_only: bool, keep: bool) -> set[int]:
        """Candidates that match `node` (keep) or do not: a term is tested in each candidate's
        text when there are few candidates, instead of being looked up in every paragraph."""
        if isinstance(node, q.Term) and len(candidates) < len(self._live) * CHECK_SHARE:
            norm = normalize(node.text)
            words = [] if node.quoted or literal_only else self._apart_words(norm)
            texts = self._texts
            return {d for d in candidates
                    if (norm in texts[d] or bool(words) and all(w in texts[d] for w in words)) == keep}
        found = self._eval(node, literal_only)
        return candidates & found if keep else candidates - found

    def _sample_count(self, node: q.Term) -> int:
        """Occurrences in the first part of the corpus: a cheap guess of how rare a term is."""
        joined, _ = self._joined
        return joined.count(normalize(node.text), 0, DENSITY_SAMPLE)

    def _where(self, field: str, values: Iterable[object]) -> set[int]:
        column, wanted = self._columns[field], set(values)
        return {d for d in self._live if column[d] in wanted}

    def _apart_words(self, norm: str) -> list[str]:
        """The pieces a term matches apart (`analysis.pieces`); empty if it is a single piece."""
        words = list(set(self.segment(norm)))
        if len(words) < 2:
            return []
        joined, _ = self._joined
        return sorted(words, key=lambda w: joined.count(w, 0, DENSITY_SAMPLE))

    def _words_apart(self, norm: str) -> set[int]:
        """Paragraphs holding every word of a several-word term, anywhere: the rarest word is
        looked up, the others only checked in the paragraphs that have it; when even the rarest
        is common, one pass tests all words in every paragraph."""
        words = self._apart_words(norm)
        if not words:
            return set()
        texts, first, rest = self._texts, words[0], words[1:]
        if self._dense(first) and first not in self._literal_cache:
            if len(words) == 2:
                second = words[1]
                return {d for d, text in enumerate(texts) if first in text and second in text}
            return {d for d, text in enumerate(texts) if all(w in text for w in words)}
        return {d for d in self.literal(first) if all(w in texts[d] for w in rest)}

    def _years(self, low: int, high: int, field: str = "year") -> set[int]:
        years = self._columns[field]
        return {d for d in self._live if low <= years[d] <= high}

    def _select(self, node: q.Node, hints: list[str]) -> set[int]:
        """Paragraphs passing one filter. A town or year that the index does not hold matches
        nothing and says why in a hint; only a malformed value is an error."""
        if isinstance(node, q.YearRange) and node.field == "about_year" or getattr(node, "field", "") == "about_year":
            if isinstance(node, q.YearRange):
                return self._years(node.low, node.high, "about_year")
            year = self.resolve_year(node.value)  # type: ignore[union-attr]
            return self._years(year, year, "about_year")
        if isinstance(node, q.YearRange) or node.field == "year":  # type: ignore[union-attr]
            if isinstance(node, q.YearRange):
                low, high = node.low, node.high
            else:
                low = high = self.resolve_year(node.value)  # type: ignore[union-attr]
            found = self._years(low, high)
            if not found and high:
                known = self.years
                span = f"{known[0]}–{known[-1]}" if known else "none"
                asked = str(low) if low == high else f"{low if low > q.YEAR_MIN else ''}..{high if high < q.YEAR_MAX else ''}"
                hints.append(f"no report of {asked} in the index (years: {span})")
            return found
        assert isinstance(node, q.Filter)
        if node.field == "section":
            return self._where("section", [self.resolve_section(node.value)])
        if node.field in PLACE_FIELDS:
            return self._where(node.field, [self.resolve_place(node.field, node.value)])
        if node.field == "kind":
            return self._where("kind", [self.resolve_kind(node.value)])
        town = self.resolve_town(node.value)
        if town is None:
            near = self.nearest_towns(node.value)
            hints.append(f"no town {node.value!r} in the index" + (f"; did you mean {'、'.join(near)}?" if near else ""))
            return set()
        return self._where("town", [town])

    def _restriction(self, filters: Filters, required: list[q.Node], excluded: list[q.Node],
                     hints: list[str]) -> set[int] | None:
        """Paragraphs passing every filter, from the options and from inside the query; None when
        there are none. Values of one filter are alternatives; different filters all apply."""
        groups: dict[tuple[str, str], list[q.Node]] = {}
        for field, option in filters.option_nodes():
            groups.setdefault(("option", field), []).append(option)
        for node in required:
            groups.setdefault(("query", node.field), []).append(node)  # type: ignore[union-attr]
        if not groups and not excluded:
            return None
        found: set[int] | None = None
        passing = []
        for nodes in groups.values():
            union = set().union(*(self._select(n, hints) for n in nodes))
            passing.append((nodes, union))
            found = union if found is None else found & union
        if found is None:
            found = set(self._live)
        for node in excluded:
            found -= self._select(node, hints)
        if not found and len(passing) > 1 and all(union for _, union in passing):
            hints.append("the filters exclude each other: no paragraph passes them all, though each alone matches")
        return found

    def segment(self, norm: str) -> list[str]:
        """A term's pieces (`analysis.pieces`); a run no word covers that the corpus never holds
        whole is split again by longest match against the corpus text itself, so 河长巡河 is
        河长 + 巡河 where the reports wrote 河长 … 巡河."""
        found = self._segment_cache.get(norm)
        if found is None:
            found = []
            for piece in pieces(norm, self._vocabulary):
                if len(piece) > 2 and piece not in self._vocabulary and not self.literal(piece):
                    found.extend(self._split_by_corpus(piece))
                else:
                    found.append(piece)
            self._segment_cache[norm] = found
        return found

    def _split_by_corpus(self, run: str) -> list[str]:
        out, i = [], 0
        while i < len(run):
            size = next((n for n in range(min(MAX_WORD, len(run) - i), 1, -1) if self.literal(run[i : i + n])), 1)
            out.append(run[i : i + size])
            i += size
        return out

    # ------------------------------------------------------------ highlights

    def highlight_spans(self, text: str, terms: list[q.Term]) -> list[tuple[int, int]]:
        """Offsets into `text` (the original script) of what matched; normalisation keeps offsets,
        and spans in text read without inline pinyin are mapped back."""
        norm, offsets = matching_view(text)
        spans: list[tuple[int, int]] = []
        for term in terms:
            needle = normalize(term.text)
            found = list(_occurrences(norm, needle))
            if not found and not term.quoted:
                for word in self.segment(needle):
                    found.extend(_occurrences(norm, word))
            spans.extend(original_span(offsets, start, end) for start, end in found)
        return _merge(spans)

    # ------------------------------------------------------------ lookup

    def paragraph(self, pid: str, context: int = 0) -> tuple[str | None, list[Hit]]:
        """The paragraph `pid` names with `context` neighbours on each side, and its id.

        `pid` is `source:line` as results print it, or as grep prints it (a path under the
        corpus, relative or absolute); a line inside a paragraph, or between two, shows the
        paragraph it belongs to. With no line, the whole report (and no focus)."""
        path, _, line = pid.rpartition(":")
        number, _, part = line.partition(".")
        if not (number.isdigit() and (not part or part.isdigit()) and path):
            path, line = pid, ""
        source = self._source_of(path)
        if source is None:
            raise UsageError(f"no report {path!r} in the index (ids look like 003_….txt:41)")
        same_file = sorted(self._where("source", [source]), key=self._rank.__getitem__)
        if not line:
            return None, [self._hit(d, 0.0, []) for d in same_file]
        fields = [self._reader.stored_fields(d) for d in same_file]
        ids = [f["id"] for f in fields]
        exact = f"{source}:{line}"
        focus = ids.index(exact) if exact in ids else max(0, bisect_right([f["line"] for f in fields], int(number)) - 1)
        low, high = max(0, focus - context), focus + context + 1
        hits = [self._hit(d, 0.0, []) for d in same_file[low:high]]
        return hits[focus - low].id, hits

    def _source_of(self, path: str) -> str | None:
        """The indexed source a path names: itself, or the longest source it ends with."""
        files = self.meta["files"]
        path = path.replace("\\", "/")
        if path in files:
            return path
        ends = [s for s in files if path.endswith("/" + s)]
        return max(ends, key=len) if ends else None

    def documents(self, filters: Filters = Filters()) -> list[dict]:
        """One row per indexed report, as `search docs` lists them, from the index's own record."""
        wanted = None
        if filters.any():
            restriction = self._restriction(filters, [], [], [])
            wanted = {self._columns["source"][d] for d in restriction or ()}
        rows = []
        for source, info in sorted(self.meta["files"].items()):
            if wanted is None or source in wanted:
                rows.append({"source": source, **{k: v for k, v in info.items() if k != "sha256"}})
        return rows


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
