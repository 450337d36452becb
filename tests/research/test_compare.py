"""Plans for a year beside the reviews of that year, aligned by topic words."""

from __future__ import annotations

from pathlib import Path

from constructed import build_research_index

from search.engine.searcher import open_index
from search.models import Hit
from search.research import compare, workflows
from search.vocabulary import about_year
from support import build_seeds_index


def hit(text: str, section: str, year: int, line: int = 1, heading: tuple[str, ...] = ()) -> Hit:
    return Hit(f"a:{line}", "a", line, "泉溪镇", year, section, heading, 0.0, text, ())


def test_plans_are_about_the_next_year_reviews_about_their_own() -> None:
    assert about_year(hit("x", "工作计划", 2020)) == 2021
    assert about_year(hit("x", "工作总结", 2020)) == 2020
    assert about_year(hit("x", "存在问题", 2020)) == 2020
    assert about_year(hit("x", "工作计划", 0)) is None


def test_seeds_have_plans_for_2021_and_no_review_of_it(tmp_path: Path) -> None:
    index = build_seeds_index(tmp_path / "index")
    with open_index(index) as idx:
        result = workflows.compare_town(idx, "泉溪", 2021)
    assert [p.line for p in result.plans] == [16, 17, 18, 19, 20, 21]
    assert result.reviews == () and result.matched == 0
    assert all(pair.review is None for pair in result.pairs)


def test_reviews_align_by_topic(tmp_path: Path) -> None:
    index = build_research_index(tmp_path)
    with open_index(index) as idx:
        result = workflows.compare_town(idx, "泉溪镇", 2021)
        only_term = workflows.compare_town(idx, "泉溪镇", 2021, "脱贫")
    pairs = {p.plan.line: (p.review.line if p.review else None) for p in result.pairs}
    assert [r.source for r in result.reviews] == ["q2021.txt"] * 4
    assert pairs == {16: None, 17: 3, 18: 4, 19: None, 20: None, 21: 5}
    assert result.matched == 3
    assert {"从严", "治党"} <= set(next(p for p in result.pairs if p.plan.line == 17).shared)
    assert [p.line for p in only_term.plans] == [18] and [r.line for r in only_term.reviews] == [4]


def test_generic_words_do_not_align_and_top_headings_are_left_out() -> None:
    plan = hit("(一)加强推进工作。", "工作计划", 2020, 1)
    review = hit("(一)加强推进各项工作落实。", "工作总结", 2021, 2)
    heading = hit("三、2021年工作计划", "工作计划", 2020, 3, ("三、2021年工作计划",))
    result = compare.compare([plan, review, heading], 2021)
    assert result.plans == (plan,) and result.matched == 0
    assert compare.topic(plan) == frozenset()


def test_topic_words_are_words_not_character_pairs() -> None:
    words = compare.topic(hit("三是发展茶叶产业,建设示范基地。", "工作计划", 2020))
    assert {"茶叶", "产业", "示范", "基地"} <= words
    assert not {"叶产", "范基", "发展", "建设"} & words


def test_whole_items_are_compared_not_their_first_sentences() -> None:
    plan = hit("(三)做大特色产业。新建标准化茶园五百亩,培育茶叶加工企业两家。", "工作计划", 2020, 1)
    review = hit("(三)产业稳步推进。全年新建标准化茶园六百亩,引进茶叶加工企业一家。", "工作总结", 2021, 2)
    other = hit("(四)平安建设有力。调解矛盾纠纷八十起。", "工作总结", 2021, 3)
    pair, = compare.compare([plan, review, other], 2021).pairs
    assert pair.met and pair.review == review
    assert {"茶园", "茶叶", "加工", "企业"} <= set(pair.shared)
    assert 0.2 <= pair.score <= 1.0


def test_an_unmet_plan_keeps_its_best_candidate_and_the_problems_that_mention_it() -> None:
    plan = hit("(二)硬化通组公路十公里,改造农村危桥两座。", "工作计划", 2020, 1)
    review = hit("(二)安装太阳能路灯三百盏,点亮农村夜路。", "工作总结", 2021, 2)
    problem = hit("二是通组公路硬化任务没有完成,危桥改造资金缺口较大。", "存在问题", 2021, 3)
    unrelated = hit("一是集体经济收入偏低。", "存在问题", 2021, 4)
    result = compare.compare([plan, review, problem, unrelated], 2021)
    pair, = result.pairs
    assert not pair.met and pair.review is None
    assert pair.candidate == review and pair.shared == ("农村",) and 0 < pair.score < 1
    assert [(m.plan, m.problem) for m in result.mentions] == [(plan, problem)]
    assert {"公路", "硬化", "改造"} <= set(result.mentions[0].shared)
    row = compare.table(result).rows[0]
    assert row[4] == review.id and row[8] is False and row[9] == [problem.id]
