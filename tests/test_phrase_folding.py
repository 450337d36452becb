"""Phrase-level script folding: OpenCC turns some Traditional phrases differently from their
characters (計畫 is 计划, not 计画); the fold follows it where lengths match, keeps offsets 1:1,
rewrites no Simplified text that merely folds to a phrase, and queries find the phrase either way."""

from __future__ import annotations

import pytest

from search.engine.searcher import Filters
from search.normalize import (
    PHRASES_FILE,
    _phrase_rows,
    build_phrase_table,
    matching_view,
    normalize,
)
from search.research import workflows
from search.testing import temporary_index

PAIRS = (("計畫", "计划"), ("藉此", "借此"), ("籌畫", "筹划"), ("傢俱", "家具"), ("甦醒", "苏醒"),
         ("項鍊", "项链"), ("彷彿", "仿佛"))


@pytest.mark.parametrize(("traditional", "simplified"), PAIRS)
def test_a_traditional_phrase_folds_to_what_simplified_writes(traditional: str, simplified: str) -> None:
    assert normalize(traditional) == normalize(simplified) == simplified
    assert normalize(f"今年{traditional}了") == f"今年{simplified}了"


def test_simplified_text_that_only_folds_to_a_phrase_is_left_alone() -> None:
    assert normalize("冶金炼铁") == "冶金炼铁"  # 金鍊 is 金链, but 炼 here was never 鍊
    assert normalize("打坏了") == "打坏了"  # OpenCC's 打坏 → 打坯 would rewrite 坏 (壞)
    assert normalize("錢鍾書") == normalize("钱钟书")  # not OpenCC's 钱锺书
    assert normalize("計画") == "计画"


def test_the_longest_phrase_wins_and_other_scripts_of_the_rest_count() -> None:
    assert normalize("藉此機會") == "借此机会"
    assert normalize("淩藉") == normalize("凌藉") == "凌借"


def test_offsets_stay_one_to_one_through_pinyin() -> None:
    text = "推進計(jì)畫生育服務"
    view, offsets = matching_view(text)
    assert view == "推进计划生育服务" and offsets is not None and len(offsets) == len(view)
    assert [text[i] for i in offsets[2:4]] == ["計", "畫"]


def test_normalising_twice_changes_nothing() -> None:
    entries = [text for row in _phrase_rows() for text in row]
    for first in entries:
        for second in entries:
            once = normalize(first + second)
            assert len(once) == len(first + second) and normalize(once) == once


def test_the_table_is_what_its_builder_keeps() -> None:
    rows = dict(_phrase_rows())
    assert rows and PHRASES_FILE.endswith(".tsv")
    assert build_phrase_table(list(rows) + ["打坏", "錢鍾書", "乾隆"]) == rows


REPORTS = {
    "梅岭镇2021年工作总结.txt": "梅岭镇2021年工作总结\n一、2021年工作总结\n(一)完成年度計畫,藉此機會籌畫明年工作。\n"
                               "(二)添置辦公傢俱,推進計(jì)畫生育服務。\n",
    "桃源乡2021年工作总结.txt": "桃源乡2021年工作总结\n一、2021年工作总结\n(一)完成年度计划,借此机会筹划明年工作。\n",
}


@pytest.mark.parametrize("query", ["计划", "計畫", '"计划"', '"計畫"', "筹划", "借此机会"])
def test_queries_in_either_script_find_the_phrase_in_both(query: str) -> None:
    with temporary_index(REPORTS) as idx:
        found = idx.search(query, Filters(), limit=None)
        ids = {h.id for h in found.hits}
        assert {i.split(":")[0] for i in ids} == set(REPORTS)
        for hit in found.hits:
            assert all(normalize(matching_view(hit.text[s:e])[0]) == normalize(query.strip('"'))
                       for s, e in hit.highlights)


def test_kwic_and_trend_count_the_phrase_in_both_scripts() -> None:
    with temporary_index(REPORTS) as idx:
        _, lines = workflows.kwic_lines(idx, "计划", Filters())
        _, counted = workflows.trend_of(idx, "計畫", Filters(), per="occurrence")
    assert sorted(o.match for o in lines) == ["計(jì)畫", "計畫", "计划"] and counted.total == 3
