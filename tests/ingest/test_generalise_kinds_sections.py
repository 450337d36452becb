"""Front matter and body where a page gives no heading to go by."""

from __future__ import annotations

from search.ingest.document import build_document
from search.models import Document, RawFile


def document(text: str) -> Document:
    return build_document(RawFile("x.txt", text, "utf-8", "0"))


def sections(doc: Document) -> list[str]:
    return [p.section for p in doc.paragraphs]


def test_a_later_page_without_title_or_heading_is_body_with_its_problems_and_plans() -> None:
    doc = document("\n".join([
        "文化事业。新建农家书屋三个,组织送戏下乡十二场,群众文化生活日益丰富。",
        "民政工作 。全年发放救助金八十万元,做到应保尽保。",
        "20**年,我镇各项工作虽有进步,但困难和问题仍然不少,集体经济依然薄弱。",
        "20**年,我们将紧紧围绕县委的部署,集中精力抓项目、促发展。",
    ]))
    assert sections(doc) == ["工作总结", "工作总结", "存在问题", "工作计划"]


def test_a_news_items_framing_is_the_pages_and_still_tells_its_kind() -> None:
    doc = document("\n".join([
        "青禾镇第八届人民代表大会第三次会议开幕",
        "日前,青禾镇第八届人民代表大会第三次会议在镇礼堂开幕。",
        "大会听取并审议了镇长所作的政府工作报告。",
        "2021年,青禾镇上下齐心协力,圆满完成了全年各项目标任务。",
        "2022年,青禾镇将以项目建设为抓手,推动经济持续向好。",
    ]))
    assert sections(doc) == ["工作总结", "工作计划"]
    assert [line.number for line in doc.dropped] == [1, 2, 3]
    assert doc.kind == "新闻报道"


def test_an_opening_without_headings_stays_front_matter_when_the_text_begins_a_report() -> None:
    doc = document("\n".join([
        "尊敬的各位领导:", "首先,我代表镇党委、政府对各位领导的到来表示欢迎。",
        "近年来,我镇始终把民生工作摆在突出位置。",
    ]))
    assert sections(doc) == ["前言", "前言", "前言"]


def test_a_subtitle_broken_after_its_meeting_and_a_dashed_subtitle_are_front_matter() -> None:
    congress = document("\n".join([
        "青禾镇2022年政府工作报告", "——2022年1月6日在青禾镇第八届人民代表大会", "第一次会议上",
        "青禾镇镇长 李明", "各位代表:", "现在,我代表镇人民政府向大会报告工作。",
        "2021年工作回顾", "全镇生产总值稳步增长。",
    ]))
    briefing = document("\n".join([
        "凝心聚力 奋勇争先", "----红柳乡创建市级文明乡镇工作情况汇报", "尊敬的各位领导:",
        "首先,我代表乡党委、政府表示热烈欢迎。", "一、主要做法", "我们把创建工作列入重要议程。",
    ]))
    assert sections(congress) == ["前言"] * 6 + ["工作总结"] * 2
    assert sections(briefing) == ["前言"] * 4 + ["工作总结"] * 2


def test_a_templates_placeholder_signature_and_date_close_the_report() -> None:
    doc = document("\n".join([
        "青禾镇2021年工作总结", "一、主要工作", "全年新修道路十公里。", "二、下一步工作计划", "继续抓好产业发展。",
        "xx县xx乡(xiāng)人民政府", "20xx年10月7日",
    ]))
    assert sections(doc)[-3:] == ["工作计划", "其他", "其他"]
