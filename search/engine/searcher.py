"""The query façade the CLI and the library call: open an index, search it, look paragraphs up.

A query is parsed once into a plan (plan.py), evaluated leaf by leaf (matching.py, over
literal.py and words.py), ranked (ranking.py) and counted (facets.py); stored fields are read
only for the hits returned. Callers get plain `SearchResult` and `Hit` records; the generation's
leaves come from `search.index.reader`, and no Whoosh object leaves the index package.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import cached_property, partial
from pathlib import Path
from typing import Any, SupportsInt, cast, overload

from search.engine import columns, facets, literal, matching, plan, ranking, syntax as q, words
from search.engine.filters import Filters, Resolver, Restriction
from search.engine.highlight import occurrences
from search.engine.plan import Needle, Plan, Step
from search.engine.words import Lexicon
from search.errors import IndexIncompatible, UsageError
from search.index import copies, generations as store
from search.index.reader import Leaf, open_generation
from search.lru import Lru
from search.models import CopiesOf, Hit, SearchResult, TermSplit
from search.sources import file_of
from search.vocabulary import FACET_FIELDS, HEADING_JOIN, NO_YEAR, PLACE_FIELDS

__all__ = ["Filters", "SearchIndex", "open_index"]

PRIVATE_FILE_KEYS = ("sha256",)
CITATION = re.compile(r"(?P<path>.+):(?P<line>\d+)(?:-(?P<end>\d+))?(?:\.(?P<part>\d+))?:?")
"""`path:41`, `path:22-24`, `path:1.3` as results cite a paragraph, and `path:41:` as grep prints a line."""


@contextmanager
def open_index(path: Path) -> Iterator[SearchIndex]:
    """The live generation of the index at `path`, checked for compatibility."""
    with open_generation(path) as (generation, leaves):
        idx = SearchIndex(leaves, generation)
        try:
            yield idx
        finally:
            idx.close()


def live_stamp(path: Path) -> tuple[str, int, int] | None:
    """`SearchIndex.stamp` of the generation live at `path` now, read without opening it (None when
    there is none to read): what a server compares with the indexes it keeps open."""
    name = store.live_name(path)
    try:
        record = os.stat(path / name / store.META) if name else None
    except OSError:
        return None
    return (str(path / name), record.st_ino, record.st_mtime_ns) if record else None


COPY_TOTALS = 4096
"""Copied-text keys whose counts over every file an open index keeps (they hold for its generation)."""


class SearchIndex:
    def __init__(self, leaves: Sequence[Leaf], generation: store.Generation) -> None:
        self._leaves = list(leaves)
        self.meta = generation.meta
        self.path = generation.path
        self.lexicon = Lexicon(self._leaves)
        self._copy_totals: copies.Totals = Lru(COPY_TOTALS)
        self._copies = copies.Table(generation.path)
        self._bulk = columns.Bulk(self._leaves, FACET_FIELDS)

    def close(self) -> None:
        """Close what the index opened itself (its copied-text table); its leaves are the generation's."""
        self._copies.close()

    # ------------------------------------------------------------ values and filters

    @cached_property
    def stamp(self) -> tuple[str, int, int]:
        """Which generation this is, also across processes' rebuilds of a deleted index in the same
        folder: its path, and its record's inode and time. What is kept across requests is kept by it."""
        record = os.stat(self.path / store.META)
        return str(self.path), record.st_ino, record.st_mtime_ns

    @cached_property
    def towns(self) -> list[str]:
        return sorted({f["town"] for f in self.meta["files"].values() if f.get("town")})

    @cached_property
    def years(self) -> list[int]:
        return sorted({f["year"] for f in self.meta["files"].values() if f.get("year")})

    @cached_property
    def resolver(self) -> Resolver:
        values: dict[str, list[object]] = {}
        for leaf in self._leaves:
            for field, found in leaf.store.values.items():
                values.setdefault(field, []).extend(found)
        places = {field: [f.get(field) or "" for f in self.meta["files"].values()] for field in PLACE_FIELDS}
        return Resolver(self.towns, self.years, values, places)

    def resolve_town(self, value: str) -> str | None:
        return self.resolver.town(value)

    # ------------------------------------------------------------ copied text

    def copied_groups(self, hits: Sequence[Hit] | None = None, kind: str = "near") -> list[copies.Group]:
        """Groups of copied paragraphs of `kind` (identical or near copies) shared by 2+ reports,
        from this generation's table (only the groups of `hits` when given, by the keys the
        table holds for them): not the live one's, which a build may have replaced since this
        one was opened, so that groups and the paragraphs shown with them agree."""
        if hits is None:
            return copies.load_groups(self._copies, kind=kind)
        known = copies.keys_of(self._copies, (copies.Member(h.source, h.line) for h in hits))
        keys = {found[kind] for found in known.values()}
        return copies.load_groups(self._copies, keys, kind) if keys else []

    def similar_pairs(self) -> list[tuple[copies.Member, copies.Member]]:
        """Paragraphs of different reports and different near keys similar enough to be
        near-copies (`copies.NEAR_SIMILARITY`)."""
        return copies.similar_pairs(self._copies)

    def copy_keys(self, members: Sequence[copies.Member]) -> dict[copies.Member, dict[str, str]]:
        """The identical key, near key and masked text this generation holds for `members`."""
        return copies.keys_of(self._copies, members)

    def copies_of(self, member: copies.Member, keys: Mapping[str, str], cap: int) -> CopiesOf:
        """The copies of `member` in other files, the first `cap` of each kind and how many."""
        return copies.copies_of(self._copies, member, keys, cap, self._copy_totals)

    def _restriction(self, filters: Filters, plan_: Plan) -> Restriction:
        groups: dict[tuple[str, str], list[q.FilterNode]] = {
            ("option", f): nodes for f, nodes in filters.nodes().items()}
        for node in plan_.required:
            groups.setdefault(("query", node.field), []).append(node)
        return Restriction(self._leaves, self.resolver, groups, plan_.excluded)

    # ------------------------------------------------------------ search

    def plan(self, text: str) -> Plan:
        return plan.make_plan(text, self.lexicon.split)

    def search(self, text: str, filters: Filters = Filters(), limit: int | None = 10) -> SearchResult:
        result, hits = self.ranked(text, filters, limit)
        return replace(result, hits=tuple(hits))

    def ranked(self, text: str, filters: Filters = Filters(),
               limit: int | None = 10) -> tuple[SearchResult, Sequence[Hit]]:
        """The result without its hits, and its `limit` best hits, each built when first read
        (while this index is open): a page fetches more hits than it shows so that folding
        copies can fill it, and most of them are never read."""
        parsed, restriction, matched = self._matched(text, filters)
        leaves = self._leaves
        hints = restriction.hints
        found = [columns.docs(docs) for docs in matched]
        counts = facets.count(self._bulk, found)
        if not plan.has_text(parsed):
            ranked = self._bulk.in_order(found, limit)
        else:
            ranked = ranking.top(self._bulk, self._tiers(parsed, matched, found),
                                 ranking.scores(leaves, parsed.needles, found), limit)
        total = sum(map(len, matched))
        if not total:
            restriction.explain_empty()
            hints.extend(q.zero_hit_hints(q.split_filters(q.parse(text))[0]))
        result = SearchResult(query=text, total=total, hits=(), facets=counts, limit=limit,
                              segments=tuple(self.splits(parsed)), hints=tuple(dict.fromkeys(hints)))
        return result, _Hits(ranked, partial(self._hit, needles=parsed.needles))

    def paragraphs_per_report(self, text: str, filters: Filters = Filters()) -> dict[str, int]:
        """How many paragraphs of each report match: what counting reports or paragraphs needs,
        read from the file column without building a hit (a common term has 100,000)."""
        return self._per_report(self._matched(text, filters)[2])

    def _per_report(self, matched: Sequence[Collection[int]]) -> dict[str, int]:
        """Paragraphs of each report among `matched` (one collection per leaf), from the file column."""
        counts: dict[str, int] = {}
        for leaf, docs in zip(self._leaves, matched, strict=True):
            files = leaf.store.files
            for file, n in columns.per_file(leaf, columns.docs(docs)):
                source = files[file][0]
                counts[source] = counts.get(source, 0) + n
        return counts

    def _matched(self, text: str, filters: Filters) -> tuple[Plan, Restriction, list[set[int]]]:
        parsed = self.plan(text)
        if parsed.root is None and not (parsed.required or parsed.excluded or filters):
            raise UsageError("give a query, or at least one filter "
                             "(--town, --year, --section, --county, --kind …) to browse")
        restriction = self._restriction(filters, parsed)
        return parsed, restriction, [self._match(parsed.root, restriction, leaf) for leaf in self._leaves]

    @staticmethod
    def _match(root: Step | None, restriction: Restriction, leaf: Leaf) -> set[int]:
        """The leaf's paragraphs matching the text and passing the filters: the text checked
        within the filters' paragraphs when they are few, else the filters within the text's."""
        if root is None:
            return restriction.apply_leaf(leaf, None) if restriction else set(leaf.live)
        if restriction and restriction.selective(leaf):
            return matching.evaluate(root, leaf, within=restriction.apply_leaf(leaf, None))
        found = matching.evaluate(root, leaf)
        return restriction.apply_leaf(leaf, found) if restriction else found

    def _tiers(self, parsed: Plan, matched: list[set[int]], found: list[columns.Docs]) -> list[list[columns.Docs]]:
        """Paragraphs holding every term literally, then those holding some only apart; within
        each, a bare heading (a line that is only a heading) after the paragraphs that discuss
        the term: being short, BM25 would otherwise put it first."""
        leaves = self._leaves
        literal, apart = found, [columns.docs(()) for _ in found]
        if parsed.root is not None and any(n.apart for n in parsed.needles):  # else every match is literal
            literal = [columns.docs(matching.evaluate(parsed.root, leaf, literal_only=True, within=docs))
                       for leaf, docs in zip(leaves, matched, strict=True)]
            apart = [columns.without(every, first) for every, first in zip(found, literal, strict=True)]
        tiers = []
        for group in (literal, apart):
            split = [columns.by_heading(leaf, docs) for leaf, docs in zip(leaves, group, strict=True)]
            tiers += [[discussing for discussing, _ in split], [heading for _, heading in split]]
        return tiers

    def splits(self, parsed: Plan) -> list[TermSplit]:
        """How each term of the query was matched: its pieces, and how many paragraphs held it
        literally and how many only held its pieces apart (over the whole index)."""
        out = []
        for needle in dict.fromkeys(parsed.needles):
            found = [literal.find(leaf, needle.norm) - leaf.deleted if needle.norm else frozenset()
                     for leaf in self._leaves]
            apart = sum(len(words.apart(leaf, needle.apart) - leaf.deleted - held)
                        for leaf, held in zip(self._leaves, found, strict=True)) if needle.apart else 0
            pieces = needle.split if needle.apart else (needle.norm,)
            out.append(TermSplit(needle.text, needle.quoted, tuple(dict.fromkeys(pieces)),
                                 sum(map(len, found)), apart))
        return out

    def all_facets(self) -> dict[str, dict[str, int]]:
        return facets.count(self._bulk, [columns.docs(leaf.live) for leaf in self._leaves])

    def _hit(self, leaf_number: int, docnum: int, score: float, needles: Sequence[Needle]) -> Hit:
        leaf = self._leaves[leaf_number]
        fields = leaf.stored(docnum)
        text = fields["text"]
        year, about = leaf.store.value("year", docnum), leaf.store.value("about_year", docnum)
        return Hit(
            id=fields["id"],
            source=fields["source"],
            line=fields["line"],
            town=str(leaf.store.value("town", docnum) or "") or None,
            year=_year(year),
            section=str(leaf.store.value("section", docnum)),
            heading=tuple(h for h in fields["heading"].split(HEADING_JOIN) if h),
            score=round(float(score), 4),
            text=text,
            highlights=tuple(occurrences(text, needles)),
            about_year=_year(about),
            county=str(leaf.store.value("county", docnum) or ""),
            city=str(leaf.store.value("city", docnum) or ""),
            province=str(leaf.store.value("province", docnum) or ""),
            kind=str(leaf.store.value("kind", docnum) or ""),
            end_line=fields.get("end_line"),
            page=fields.get("page"),
        )

    # ------------------------------------------------------------ lookup

    def paragraph(self, pid: str, context: int = 0) -> tuple[str | None, list[Hit]]:
        """The paragraph `pid` names with `context` neighbours on each side, and its id.

        `pid` is a citation as results print it (`source:41`, `source:22-24`, `source:1.3`), or
        a line as grep prints it (`path:41:`, a path under the corpus, relative or absolute); a
        line inside a paragraph, or between two, shows the paragraph it belongs to. With no
        line, the whole report (and no focus). Line 0 and a line past the report's last
        paragraph are errors."""
        cited = CITATION.fullmatch(pid)
        path = cited["path"] if cited else pid.rstrip(":")
        source = self._source_of(path)
        if source is not None and cited:
            source = self._part_at(source, int(cited["line"]))
        found = None if source is None else self._report(source)
        if source is None or found is None:
            raise UsageError(f"no report {path!r} in the index (ids look like 003_….txt:41)")
        leaf_number, same_file = found
        if not cited:
            return None, [self._hit(leaf_number, d, 0.0, ()) for d in same_file]
        fields = [self._leaves[leaf_number].stored(d) for d in same_file]
        number = int(cited["line"])
        last = max(f.get("end_line") or f["line"] for f in fields)
        if not 1 <= number <= last:
            raise UsageError(f"{source} has no line {number}: its paragraphs are on lines 1-{last} "
                             f"(search show {source} lists them)")
        ids = [f["id"] for f in fields]
        exact = f"{source}:{number}" + (f".{cited['part']}" if cited["part"] else "")
        focus = ids.index(exact) if exact in ids else max(0, bisect_right([f["line"] for f in fields], number) - 1)
        low, high = max(0, focus - context), focus + context + 1
        hits = [self._hit(leaf_number, d, 0.0, ()) for d in same_file[low:high]]
        return hits[focus - low].id, hits

    def _report(self, source: str) -> tuple[int, list[int]] | None:
        """The leaf holding the live paragraphs of `source`, and those paragraphs in order."""
        for number, leaf in enumerate(self._leaves):
            docs = [d for d in leaf.term_docs("source", source) if d not in leaf.deleted]
            if docs:
                return number, sorted(docs, key=leaf.store.order.__getitem__)
        return None

    def _part_at(self, source: str, number: int) -> str:
        """The item of a collection page that holds file line `number`, when a citation names the
        file itself (as grep does) rather than the item (`name#2:40`)."""
        if file_of(source) != source:
            return source
        firsts = []
        for part in (s for s in self.meta["files"] if file_of(s) == source):
            found = self._report(part)
            if found is not None:
                leaf, docs = found
                firsts.append((int(self._leaves[leaf].stored(docs[0])["line"]), part))
        before = [part for first, part in sorted(firsts) if first <= number]
        return before[-1] if len(firsts) > 1 and before else source

    def _source_of(self, path: str) -> str | None:
        """The indexed source a path names: itself, or the longest source it ends with."""
        files = self.meta["files"]
        path = path.replace("\\", "/")
        if path in files:
            return path
        ends = [s for s in files if path.endswith("/" + s)]
        return max(ends, key=len) if ends else None

    def sources(self, filters: Filters) -> set[str]:
        """The reports holding at least one paragraph that passes `filters`: filters resolve here
        alone, whether a command lists paragraphs or counts reports."""
        return set(self._per_report(self._restriction(filters, Plan(None, ())).apply(None)))

    def filter_hints(self, filters: Filters) -> tuple[str, ...]:
        """Why `filters` may pass nothing (a value the index does not hold, and the nearest ones),
        for commands that count or list without going through `search`'s result."""
        return tuple(dict.fromkeys(self._restriction(filters, Plan(None, ())).hints))

    def corpus_root(self, sources: Sequence[str]) -> Path:
        """The corpus the index records, once each of `sources` is known to lie inside it: a path
        read from an index is only followed there, so an altered record cannot have a command
        read and print a file elsewhere (`../../etc/shadow`)."""
        root = os.path.abspath(str(self.meta.get("corpus") or "."))
        for source in sources:
            if _outside(root, source):
                index = self.path.parent.resolve()
                raise IndexIncompatible(
                    f"the index at {index} is damaged (it names {source!r}, outside its corpus {root}); "
                    f"run `search index --full --index {index} --corpus {root}` to rebuild it")
        return Path(root)

    def documents(self, filters: Filters = Filters()) -> list[dict[str, Any]]:
        """One row per indexed report, as `search docs` lists them, from the index's own record."""
        wanted = self.sources(filters) if filters else None
        rows = []
        for source, info in sorted(self.meta["files"].items()):
            if wanted is None or source in wanted:
                rows.append({"source": source, **{k: v for k, v in info.items() if k not in PRIVATE_FILE_KEYS}})
        return rows


class _Hits(Sequence[Hit]):
    """Hits built on first read, each once."""

    def __init__(self, ranked: Sequence[columns.Ranked], build: Callable[[int, int, float], Hit]) -> None:
        self._ranked = ranked
        self._build = build
        self._built: dict[int, Hit] = {}

    def __len__(self) -> int:
        return len(self._ranked)

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | Sequence[Hit]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        hit = self._built.get(index)
        if hit is None:
            hit = self._built[index] = self._build(*self._ranked[index])
        return hit


def _outside(root: str, source: str) -> bool:
    """Whether `source` leads out of `root`: the build records plain paths below the corpus, never
    an absolute one, a climb out with `..` or a NUL. Judged on the path as written, not through
    symbolic links, which a corpus may use for files it indexes."""
    if not source or "\x00" in source or os.path.isabs(source):
        return True
    return os.path.commonpath([root, os.path.normpath(os.path.join(root, source))]) != root


def _year(value: object) -> int | None:
    """A stored year facet as a Hit carries it: None for no year and for the unknown-year bucket."""
    if value is None or value == NO_YEAR:
        return None
    return int(cast(SupportsInt, value))  # the year facets are stored as ints
