"""Suggestions to higher levels, and the outline of a government-information annual report."""

from __future__ import annotations

import opencc
import pytest

from search.ingest.document import build_document
from search.models import Document, RawFile

TO_TRADITIONAL = opencc.OpenCC("s2t")


def document(text: str) -> Document:
    return build_document(RawFile("x.txt", text, "utf-8", "0"))


def sections(doc: Document) -> dict[int, str]:
    return {p.line: p.section for p in doc.paragraphs}


def test_requests_to_higher_levels_are_their_own_section_headed_or_not() -> None:
    doc = document("\n".join([
        "青禾镇2022年工作总结",
        "一、主要工作",
        "全年新修道路十公里。",
        "二、存在问题",
        "产业基础薄弱,资金缺口较大。",
        "三、下一步工作打算",
        "明年继续抓好产业发展。",
        "恳请县委、县政府在道路建设上给予我镇更大支持。",
        "四、需要上级帮助解决的问题",
        "希望上级部门帮助解决镇卫生院用房不足的问题。",
    ]))
    assert [sections(doc)[n] for n in (3, 5, 7, 8, 9, 10)] == [
        "工作总结", "存在问题", "工作计划", "意见建议", "意见建议", "意见建议"]


def test_a_suggestion_paragraph_after_the_problems() -> None:
    doc = document("\n".join([
        "青禾乡2022年工作总结",
        "一、工作开展情况",
        "全乡完成植树造林三千亩。",
        "二、存在的问题和不足",
        "基础设施仍然落后。",
        "我建议:上级加大对山区乡镇的资金倾斜。",
    ]))
    assert [sections(doc)[n] for n in (3, 5, 6)] == ["工作总结", "存在问题", "意见建议"]


OPEN_REPORT = [
    "青禾镇2022年政府信息公开工作年度报告",
    "一、总体情况",
    "2022年,我镇认真贯彻落实政府信息公开条例。",
    "二、主动公开政府信息情况",
    "全年主动公开信息120条。",
    "五、存在的主要问题及改进情况",
    "存在问题:公开内容不够全面。",
    "改进措施:明年进一步规范公开流程。",
    "六、其他需要报告的事项",
    "本年度无收费情况。",
]


@pytest.mark.parametrize("script", [str, TO_TRADITIONAL.convert])
def test_the_open_government_annual_report_outline(script) -> None:
    doc = document("\n".join(script(line) for line in OPEN_REPORT))
    assert (doc.kind, doc.year) == ("信息公开年报", 2022)
    assert [sections(doc)[n] for n in (2, 3, 5, 6, 7, 8, 9, 10)] == [
        "工作总结", "工作总结", "工作总结", "存在问题", "存在问题", "工作计划", "其他", "其他"]


@pytest.mark.parametrize("title", ["青禾镇2022年政务信息公开年报", "青禾镇2022年度信息公开报告"])
def test_an_abbreviated_open_government_title(title: str) -> None:
    assert document(f"{title}\n一、总体情况\n全年主动公开信息120条。").kind == "信息公开年报"
