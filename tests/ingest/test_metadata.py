"""Kind and years: what a report is, which year it reviews and which it plans."""

from __future__ import annotations

import pytest

from search.ingest.metadata import arabic_years, find_kind, find_years

BODY = ["全年完成各项目标任务。"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二〇二二年工作总结", "2022年工作总结"),
        ("二0一二年乡镇工作总结", "2012年乡镇工作总结"),
        ("二零二一年", "2021年"),
        ("一二三年", "一二三年"),
        ("二是推进二〇二三年项目", "二是推进2023年项目"),
    ],
)
def test_chinese_numeral_years_become_digits_in_place(text: str, expected: str) -> None:
    assert arabic_years(text) == expected and len(arabic_years(text)) == len(text)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("荫田镇2021年度工作总结及2022年工作计划", "年度总结"),
        ("洪山鎮2019年工作總結及2020年工作規劃", "年度总结"),
        ("石门乡2022年工作计划", "工作计划"),
        ("龙潭街道2023年工作要点", "工作计划"),
        ("2021年政府工作报告", "政府工作报告"),
        ("黄柏镇2022年上半年工作总结及下半年工作打算", "阶段总结"),
        ("2023年第一季度工作总结", "阶段总结"),
        ("清水乡人民政府2022年政府信息公开工作年度报告", "信息公开年报"),
        ("于家务回族乡工作情况汇报", "其他"),
        ("于家务回族乡2021年工作情况汇报", "年度总结"),
        ("镇长个人述职报告", "述职报告"),
        ("关于开展安全生产大检查的通知", "其他"),
    ],
)
def test_kind_from_the_title(title: str, kind: str) -> None:
    assert find_kind(title, [], set()) == kind


def test_kind_without_a_title() -> None:
    assert find_kind(None, ["——在官渡镇第十七届人民代表大会第五次会议上", "各位代表:"], set()) == "政府工作报告"
    assert find_kind(None, ["2020年,全镇上下团结一心。"], {"工作总结", "工作计划"}) == "年度总结"
    assert find_kind(None, ["为做好明年工作,特制定本计划。"], {"工作计划"}) == "工作计划"


@pytest.mark.parametrize(
    ("kind", "title", "year", "plan_year"),
    [
        ("年度总结", "荫田镇2021年度工作总结及2022年工作计划", 2021, 2022),
        ("年度总结", "晓坪乡人民政府二〇二〇年度工作总结", 2020, 2021),
        ("政府工作报告", "2021年政府工作报告", 2020, 2021),
        ("工作计划", "石门乡2022年工作计划", None, 2022),
        ("阶段总结", "黄柏镇2022年上半年工作总结及下半年工作打算", 2022, 2022),
        ("信息公开年报", "清水乡2019年政府信息公开工作年度报告", 2019, 2020),
    ],
)
def test_reviewed_and_planned_years_from_the_title(kind: str, title: str, year: int | None, plan_year: int) -> None:
    years = find_years(kind, title, [], None, "", BODY)
    assert (years.year, years.plan_year, years.doubt) == (year, plan_year, None)


@pytest.mark.parametrize("title", ["XX镇20xx年工作总结", "20**年乡镇工作总结", "二00*年工作总结", "XX年镇政府工作总结"])
def test_placeholder_years_give_no_year(title: str) -> None:
    years = find_years("年度总结", title, [], None, "2008年,我镇实现新发展。", BODY)
    assert (years.year, years.plan_year) == (None, None) and years.doubt


def test_without_a_title_headings_then_the_date_then_the_opening() -> None:
    assert find_years("年度总结", None, [("一、2019年工作回顾", "工作总结")], None, "", BODY).year == 2019
    assert find_years("政府工作报告", None, [], "2021-01-12", "", BODY).year == 2020
    assert find_years("年度总结", None, [], "2020-12-20", "", BODY).year == 2020
    assert find_years("年度总结", None, [], None, "二〇一八年,全镇上下团结一心。", BODY).year == 2018


def test_a_title_the_body_contradicts_yields_to_the_body_with_doubt() -> None:
    body = ["2023年,全镇经济平稳。", "一、2023年主要工作", "2023年新建服务中心五个。", "二、2024年工作打算"]
    years = find_years("年度总结", "二0一二年乡镇工作总结", [], None, "", body)
    assert years.year == 2023 and "2012" in (years.doubt or "")
    agreeing = find_years("年度总结", "2023年工作总结", [], None, "", body)
    assert (agreeing.year, agreeing.doubt) == (2023, None)
