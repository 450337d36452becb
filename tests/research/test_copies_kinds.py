"""Identical copies and near-copies, kept apart: their keys, shingle similarity, what changed,
and groups joined by similarity."""

from __future__ import annotations

from pathlib import Path

from search.engine.searcher import Filters, open_index
from search.index import copies
from search.index.build import build_index
from search.models import Member
from search.research import dupes, workflows

PLAN = ("{town}围绕乡村振兴战略,投入资金{n}万元建设高标准农田,新修机耕道{m}公里,"
        "引导农户发展特色种植,带动村集体经济持续增收。")
OTHER = "全面落实河长制,组织干部定期巡查河道,清理沟渠垃圾,整治违规排污口,水环境质量稳步改善。"


def test_a_verbatim_copy_naming_the_town_it_came_from_is_a_near_copy_of_every_reuse() -> None:
    original = PLAN.format(town="泉溪镇", n=300, m=12)
    copied = PLAN.format(town="泉溪镇", n=300, m=12)
    reused = PLAN.format(town="青石镇", n=85, m=4)
    assert copies.key(copied, "柳林镇") == copies.key(original, "泉溪镇") == copies.key(reused, "青石镇")
    assert copies.key_text("湖南省衡南县泉溪镇" + OTHER, None) == copies.key_text(OTHER, None)


def test_identical_means_the_same_after_normalisation_only() -> None:
    text = PLAN.format(town="泉溪镇", n=300, m=12)
    assert copies.identical_key(text) == copies.identical_key(" " + text.replace(",", ", ")) is not None
    assert copies.identical_key("泉溪鎮圍繞鄉村振興") == copies.identical_key("泉溪镇围绕乡村振兴")
    assert copies.identical_key(PLAN.format(town="泉溪镇", n=301, m=12)) != copies.identical_key(text)


def test_placeholders_stand_for_a_town() -> None:
    assert copies.key(PLAN.format(town="XX镇", n=1, m=2), None) == copies.key(PLAN.format(town="泉溪镇", n=3, m=4),
                                                                              "泉溪镇")


def test_similarity_separates_a_reworded_clause_from_another_text() -> None:
    text = PLAN.format(town="泉溪镇", n=300, m=12)
    reworded = text.replace("带动村集体经济持续增收", "带动村集体经济稳步增收")
    assert copies.similarity(text, reworded, "泉溪镇", "泉溪镇") >= copies.NEAR_SIMILARITY
    assert copies.similarity(text, OTHER, "泉溪镇") < 0.5


def test_changes_count_a_run_of_digits_as_one() -> None:
    assert dupes.char_diff("召开会议30场", "召开会议120场") == (("30", "120"),)
    assert dupes.char_diff("泉溪镇召开會議", "白沙乡召开会议") == (("泉溪镇", "白沙乡"),)


def test_groups_join_through_similar_pairs() -> None:
    a, b, c, d = (Member(s, 3) for s in "abcd")
    joined = dupes.merge([dupes.Group("k1", (a, b)), dupes.Group("k2", (c,))], [(b, c), (d, a)])
    assert [(g.key, [m.source for m in g.members]) for g in joined] == [("k1", ["a", "b", "c", "d"])]


def test_dupes_groups_a_reworded_copy_by_similarity(tmp_path: Path) -> None:
    text = PLAN.format(town="泉溪镇", n=300, m=12)
    reports = {"a2020.txt": ("泉溪镇", 2020, text),
               "b2021.txt": ("青石镇", 2021, PLAN.format(town="青石镇", n=85, m=4).replace("持续", "稳步"))}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, (town, year, body) in reports.items():
        (corpus / name).write_text(f"{town}{year}年工作总结\n一、{year}年工作总结\n(一){body}\n", encoding="utf-8")
    build_index(corpus, tmp_path / "index", procs=1)
    with open_index(tmp_path / "index") as idx:
        total, [found] = workflows.shared_texts(idx, Filters())
    assert total == 1 and [c.kind for c in found.copies] == ["identical", "near"]
    near = found.copies[1]
    assert copies.NEAR_SIMILARITY <= near.similarity < 1
    assert ("泉溪", "青石") in near.changes and ("持续", "稳步") in near.changes and near.text.startswith("(一)青石镇")
