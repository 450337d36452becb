"""Texts about or beside a report have kinds of their own, and the years of the report they frame."""

from __future__ import annotations

import opencc
import pytest

from search.engine.filters import Resolver
from search.ingest.document import build_document
from search.models import Document, RawFile
from search.vocabulary import KINDS

TO_TRADITIONAL = opencc.OpenCC("s2t")


def document(text: str, convert: bool = False) -> Document:
    return build_document(RawFile("x.txt", TO_TRADITIONAL.convert(text) if convert else text, "utf-8", "0"))


FRAMED = [
    # (lines, kind, reviewed year)
    (["一图读懂:青禾镇2023年政府工作报告", "过去一年,全镇生产总值增长百分之六。", "一、2022年工作回顾",
      "新建村道八公里。"], "解读", 2022),
    (["《红柳乡2021年工作总结》解读", "现将总结的要点说明如下。", "一、主要成效", "粮食产量再创新高。"],
     "解读", 2021),
    (["青禾镇召开2022年度工作总结暨表彰大会", "1月12日上午,青禾镇在镇会议中心召开年度总结大会。",
      "会上,镇长回顾了一年来的工作。"], "新闻报道", 2022),
    (["红柳乡第十届人民代表大会第三次会议胜利闭幕", "本报讯(记者 王芳)会期两天的乡人代会顺利完成各项议程。",
      "2019年,红柳乡完成了全年目标任务。"], "新闻报道", 2019),
    (["青禾镇2020年度党风廉政建设自查报告", "按照县纪委要求,我镇认真开展了自查。", "一、主要做法",
      "层层签订责任书。"], "自查报告", 2020),
    (["关于申请青禾镇2024年农村道路建设资金的请示", "县交通局:", "我镇现有三条村道急需硬化。"], "请示", None),
    (["红柳乡党委书记2022年度述职述廉报告", "尊敬的各位领导:", "一年来,我认真履行第一责任人职责。"],
     "述职报告", 2022),
    (["镇长在青禾镇2021年经济工作会议上的讲话", "同志们:", "今天召开全镇经济工作会议。"], "讲话", 2021),
]


@pytest.mark.parametrize("convert", [False, True], ids=["simplified", "traditional"])
@pytest.mark.parametrize(("lines", "kind", "year"), FRAMED, ids=[kind for _, kind, _ in FRAMED])
def test_a_framing_text_has_its_own_kind_and_the_years_of_its_report(
        lines: list[str], kind: str, year: int | None, convert: bool) -> None:
    doc = document("\n".join(lines), convert)
    assert (doc.kind, doc.year) == (kind, year)


def test_a_news_item_without_a_title_is_told_by_its_dateline_and_retells_the_year_reviewed() -> None:
    doc = document("\n".join([
        "近日,青禾镇第八届人民代表大会第二次会议召开。",
        "会议听取并审议了镇政府工作报告。",
        "2021年,青禾镇较好完成了全年各项任务,经济稳中有进。",
        "2022年,青禾镇将继续抓好项目建设。",
    ]))
    assert (doc.kind, doc.year) == ("新闻报道", 2021)


def test_a_speech_subtitle_under_a_plain_title_makes_it_a_speech() -> None:
    doc = document("\n".join([
        "青禾镇2021年工作总结", "——在全镇2021年度总结表彰大会上的讲话", "同志们:", "一年来,全镇上下团结奋进。",
    ]))
    assert (doc.kind, doc.year) == ("讲话", 2021)


def test_a_congress_report_is_not_reframed_by_its_opening() -> None:
    doc = document("\n".join([
        "青禾镇2022年政府工作报告", "1月8日上午,青禾镇第八届人民代表大会第一次会议在镇礼堂召开。",
        "各位代表:", "一、2021年工作回顾", "全镇生产总值稳步增长。",
    ]))
    assert (doc.kind, doc.year) == ("政府工作报告", 2021)


@pytest.mark.parametrize(("typed", "kind"), [
    ("解读", "解读"), ("新闻", "新闻报道"), ("新聞報道", "新闻报道"), ("自查", "自查报告"), ("請示", "请示"),
    ("述职", "述职报告"), ("讲话", "讲话"), ("講話", "讲话")])
def test_the_kind_filter_accepts_the_new_kinds_and_their_aliases(typed: str, kind: str) -> None:
    assert kind in KINDS and Resolver.kind(typed) == kind


def test_a_review_of_an_event_the_town_held_is_a_review_not_news() -> None:
    doc = document("青禾镇2022年举办农民丰收节活动工作总结\n一、活动开展情况\n丰收节吸引游客两万人次。")
    assert (doc.kind, doc.year) == ("年度总结", 2022)
