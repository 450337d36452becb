"""Counts the engine takes in bulk rather than paragraph by paragraph: a character's occurrences
from the bigrams it starts, facets from the paragraphs per file, a term found before from the
leaf's cache. Each must equal what counting every paragraph gives."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from search.engine import columns, facets, filters, literal, matching, words
from search.engine.plan import Match, Range, Values, Without
from search.engine.searcher import Filters, SearchIndex, open_index
from search.index.build import build_index
from search.index.reader import LITERAL_CACHE, Leaf
from search.lru import Lru
from search.models import Hit
from search.normalize import matching_view
from search.vocabulary import FACET_FIELDS, UNKNOWN

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ADDED = {
    "甲镇2021年工作总结.txt": "甲镇2021年工作总结\n一、2021年工作总结\n全镇新修水渠水坝三处,水水相连,治水见效。\n"
                            "二、存在问题\n部分村组饮水不便。\n三、2022年工作计划\n继续推进水利建设,让群众喝上放心水\n",
    "乙乡2020年工作总结.txt": "乙乡2020年工作总结\n一、主要工作\n全乡建成茶园两千亩,茶叶产值再创新高。\n",
    "丙镇2021年工作总结.txt": "丙镇2021年工作总结\n一、主要工作\n新修水渠一条。\n新建水池一座。\n群众满意。\n"
                            "二、存在问题\n水价偏高。\n",
}


@pytest.fixture(scope="module")
def idx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    root = tmp_path_factory.mktemp("bulk")
    corpus = root / "corpus"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:6]:
        (corpus / seed.name).write_bytes(seed.read_bytes())
    for name, text in ADDED.items():
        (corpus / name).write_text(text, encoding="utf-8")
    build_index(corpus, root / "index", procs=1)
    with open_index(root / "index") as opened:
        yield opened


def forget(leaf: Leaf) -> None:
    """The leaf as just opened: no term found yet."""
    leaf.literal_cache = Lru(LITERAL_CACHE)
    leaf.count_cache = Lru(LITERAL_CACHE)
    leaf.apart_cache = Lru(LITERAL_CACHE)


@pytest.mark.parametrize("char", ["水", "镇", "茶", "年", "。"])
def test_a_characters_counts_from_its_bigrams_equal_its_occurrences(idx: SearchIndex, char: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(literal, "DENSE_SHARE", 1.0)  # never the scan of every text
    for leaf in idx._leaves:
        forget(leaf)
        found = literal.find(leaf, char)
        expected = {d: n for d in range(leaf.size) if (n := leaf.store.text(d).count(char))}
        assert set(found) == set(expected)
        assert leaf.count_cache.get(char) == expected


def test_facets_counted_in_bulk_equal_facets_counted_paragraph_by_paragraph(idx: SearchIndex) -> None:
    for query in ("水", "工作", "群众"):
        parsed = idx.plan(query)
        matched = [idx._match(parsed.root, idx._restriction(Filters(), parsed), leaf) for leaf in idx._leaves]
        by_paragraph: dict[str, Counter[str]] = {name: Counter() for name in FACET_FIELDS}
        for leaf, docs in zip(idx._leaves, matched, strict=True):
            for d in docs:
                for name in FACET_FIELDS:
                    value = leaf.store.value(name, d)
                    by_paragraph[name][str(value) if value else UNKNOWN] += 1
        counted = facets.count(idx._bulk, [columns.docs(docs) for docs in matched])
        assert {k: dict(v) for k, v in counted.items() if v} == {k: dict(v) for k, v in by_paragraph.items() if v}


def test_a_term_found_before_narrows_as_checking_each_candidate_does(idx: SearchIndex) -> None:
    for query in ("水利", "工作", "治水见效"):
        step = idx.plan(query).root
        assert isinstance(step, Match)
        for leaf in idx._leaves:
            few = set(sorted(leaf.live)[: max(1, int(leaf.live_count * matching.CHECK_SHARE) - 1)])
            forget(leaf)
            checked = matching.narrow(few, step, leaf, literal_only=True)
            literal.find(leaf, step.needle.norm)
            assert matching.narrow(few, step, leaf, literal_only=True) == checked
            assert matching.narrow(few, Without(step), leaf, literal_only=True) == few - checked


def test_a_filter_read_from_its_code_column_passes_what_its_postings_pass(idx: SearchIndex,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    steps = [Range("year", 2020, 2021), Values("town", frozenset(["泉溪镇"])), Values("town", frozenset([""])),
             Values("section", frozenset(["存在问题"])), Values("kind", frozenset([None, "年度总结"]))]
    for step in steps:
        for leaf in idx._leaves:
            monkeypatch.setattr(matching, "SCAN_SHARE", 0)
            from_postings = matching._facet(step, leaf)
            monkeypatch.setattr(matching, "SCAN_SHARE", 10 ** 9)
            from_column = matching._facet(step, leaf)
            column, codes = matching.passing_codes(step, leaf)
            assert from_postings == from_column == {d for d in leaf.live if column[d] in codes}
        assert any(matching._facet(step, leaf) for leaf in idx._leaves)


def test_candidates_checked_against_a_group_of_filters_in_bulk_are_those_checked_one_by_one(idx: SearchIndex) -> None:
    step = Values("section", frozenset(["工作计划"]))
    for leaf in idx._leaves:
        column, codes = matching.passing_codes(step, leaf)
        docs = set(leaf.live)
        passing = {d for d in docs if column[d] in codes}
        assert passing and filters._keep(docs, [step], leaf, True) == passing
        assert filters._keep(docs, [step], leaf, False) == docs - passing
        other = Values("section", frozenset(["存在问题"]))
        column, codes = matching.passing_codes(other, leaf)
        either = passing | {d for d in docs if column[d] in codes}
        assert either > passing and filters._keep(docs, [step, other], leaf, True) == either
        assert filters._keep(docs, [step, other], leaf, False) == docs - either


def test_a_characters_rarity_bounds_its_paragraphs_so_the_rarest_is_looked_up_first(idx: SearchIndex) -> None:
    for leaf in idx._leaves:
        for char in ("水", "茶", "镇", "年"):
            assert len(literal.find(leaf, char) - leaf.deleted) <= words.rarity(leaf, char) <= leaf.size
        assert words.rarity(leaf, "鑫") == 0
        assert words.by_rarity(leaf, ["年", "渠"])[0] == "渠"
    assert {d for leaf in idx._leaves for d in words.apart(leaf, ["渠", "水", "坝"])} != set()


def test_scores_computed_over_arrays_are_bm25_of_each_paragraph(idx: SearchIndex) -> None:
    from search.engine.ranking import length_norm
    from search.engine.terms import K1, idf

    leaves = idx._leaves
    documents = sum(leaf.live_count for leaf in leaves)
    average = sum(leaf.live_chars for leaf in leaves) / documents
    for term in ("水", "工作", "群众"):
        result = idx.search(term, limit=None)
        holding = sum(len(literal.find(leaf, term) - leaf.deleted) for leaf in leaves)
        weight = idf(holding, documents)
        for hit in result.hits:
            text = matching_view(hit.text)[0]
            expected = weight * (K1 + 1) * text.count(term) / (text.count(term) + length_norm(len(text), average))
            assert hit.score == pytest.approx(expected, abs=1e-4)  # a hit carries its score to 4 places
        assert [h.score for h in result.hits if not h.heading or h.text not in h.heading] == \
            sorted((h.score for h in result.hits if not h.heading or h.text not in h.heading), reverse=True)


def test_ties_are_broken_in_document_order_over_arrays_as_comparing_each_pair_does(idx: SearchIndex) -> None:
    def tie(hit: Hit, term: str) -> tuple[float, int, int]:
        """What a single-term score depends on: equal for two paragraphs, their scores are equal."""
        text = matching_view(hit.text)[0]
        return hit.score, len(text), text.count(term)

    broken = 0
    for term in ("水", "。", "群众"):
        every = idx.search(term, limit=None).hits
        bare = [h for h in every if h.heading and h.text in h.heading]
        discussing = [h for h in every if h not in bare]
        for tier in (discussing, bare):
            assert [h.score for h in tier] == sorted((h.score for h in tier), reverse=True)
            for first, second in zip(tier, tier[1:], strict=False):
                if tie(first, term) == tie(second, term):
                    assert (first.source, first.line) < (second.source, second.line)
                    broken += 1
        for limit in (1, 5, len(every) - 1):
            assert idx.search(term, limit=limit).hits == every[:limit]
    assert broken  # paragraphs of one length holding a term as often: ties to break


def test_browsing_by_filters_lists_paragraphs_in_document_order(idx: SearchIndex) -> None:
    for given in (Filters(years=(2020, 2022)), Filters(sections=("存在问题",))):
        every = idx.search("", given, limit=None).hits
        assert len({h.source for h in every}) > 1
        assert [(h.source, h.line) for h in every] == sorted((h.source, h.line) for h in every)
        assert idx.search("", given, limit=3).hits == every[:3]
