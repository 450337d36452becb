"""Years as a careful reader tells them: a half-year plan, a congress report dated by its meeting."""

from __future__ import annotations

from search.ingest.document import build_document
from search.models import Document, RawFile


def document(text: str) -> Document:
    return build_document(RawFile("x.txt", text, "utf-8", "0"))


def test_a_second_half_plan_has_a_plan_year_and_no_reviewed_year() -> None:
    doc = document("\n".join([
        "2021年青禾镇下半年工作计划", "2021年下半年,我镇将重点抓好以下工作。", "一、抓好秋收秋种", "确保粮食丰收。",
    ]))
    assert (doc.kind, doc.year) == ("工作计划", None)
    assert {p.about_year for p in doc.paragraphs[1:]} == {2021}


def test_a_congress_report_reviews_the_year_before_its_meeting() -> None:
    doc = document("\n".join([
        "政府工作报告",
        "政 府 工 作 报 告",
        "青禾镇镇长 李明",
        "(2022年3月2日在青禾镇第八届人民代表大会第一次会议上)",
        "各位代表:",
        "现在,我代表镇人民政府向大会报告工作,请予审议。",
        "一、过去一年的工作回顾",
        "全镇生产总值稳步增长。",
    ]))
    assert (doc.kind, doc.year) == ("政府工作报告", 2021)


def test_a_congress_report_whose_opening_reviews_its_own_title_year_takes_it_with_a_doubt() -> None:
    doc = document("\n".join([
        "2023年青禾镇政府工作报告", "各位代表:",
        "2023年是我镇爬坡过坎的关键之年。一年来,我们紧扣发展目标,扎实推进各项工作。",
        "一、经济建设", "全镇生产总值增长百分之五。",
    ]))
    assert doc.year == 2023 and doc.year_doubt and "2023" in doc.year_doubt


def test_a_congress_report_whose_opening_reviews_the_year_before_has_no_doubt() -> None:
    doc = document("\n".join([
        "2023年青禾镇政府工作报告", "各位代表:",
        "2022年是我镇爬坡过坎的关键之年。一年来,我们紧扣发展目标,扎实推进各项工作。",
        "一、经济建设", "全镇生产总值增长百分之五。",
    ]))
    assert (doc.year, doc.year_doubt) == (2022, None)


def test_a_review_of_several_years_is_doubted() -> None:
    ranged = document("青禾镇2016-2020年工作总结\n五年间全镇面貌焕然一新。\n一、产业发展\n茶园扩大一倍。")
    term = document("\n".join([
        "红柳乡2021年政府工作报告", "各位代表:", "一、五年来工作回顾", "五年间全乡面貌焕然一新。",
        "二、2021年工作安排", "抓好乡村振兴。",
    ]))
    assert ranged.year_doubt and "2016-2020" in ranged.year_doubt
    assert term.year == 2020 and term.year_doubt and "五年来" in term.year_doubt


def test_a_template_with_only_placeholder_years_has_no_year_and_says_why() -> None:
    doc = document("镇政府年终工作总结\n20xx年,我镇在县委的领导下,各项工作稳步推进。\n一、农业生产\n粮食丰收。")
    assert doc.year is None and doc.year_doubt and "placeholder" in doc.year_doubt


def test_a_report_titled_as_a_briefing_takes_the_year_its_opening_names() -> None:
    doc = document("\n".join([
        "镇工作汇报", "镇工作汇报",
        "刚刚过去的一年,全镇经济保持平稳。截至2009年底,全镇工农业总产值完成八亿元。",
        "一是农业稳步发展。粮食产量创历史新高。",
    ]))
    assert (doc.title, doc.year) == ("镇工作汇报", 2009)


def test_a_title_year_over_a_body_of_placeholder_years_is_doubted() -> None:
    doc = document("青禾镇2024年度工作总结\nxx年,我镇在县委的领导下,各项工作稳步推进。\n一、农业生产\n粮食丰收。")
    assert doc.year == 2024 and doc.year_doubt and "placeholder" in doc.year_doubt


def test_a_topic_review_of_three_years_is_doubted() -> None:
    doc = document("红柳乡2020年三年脱贫攻坚工作总结\n三年来,全乡脱贫攻坚取得决定性成效。\n一、主要做法\n精准识别。")
    assert doc.year_doubt and "三年" in doc.year_doubt
