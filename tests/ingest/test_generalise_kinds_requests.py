"""Requests to higher levels in the forms reports use, and the open-government report's outline."""

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


HEAD = ["青禾镇2022年工作总结", "一、主要工作", "全年新修道路十公里。", "二、下一步工作打算", "继续抓好产业发展。"]


@pytest.mark.parametrize("script", [str, TO_TRADITIONAL.convert], ids=["simplified", "traditional"])
@pytest.mark.parametrize("tail", [
    # a numbered item among the plans
    ["(三)恳请县委、县政府在道路建设资金上给予我镇倾斜。", "(四)建请上级部门协调解决镇卫生院用房不足的问题。"],
    ["1.建议县里加大对山区乡镇的转移支付。", "2.希望县直有关部门在项目审批上开辟绿色通道。"],
    # an introducing sentence, then the items it introduces
    ["为进一步推动我镇发展,特提出以下几点建议:", "一是加大对农村公路养护的投入。"],
    ["为此,我们提出以下建议:", "1.提高村干部的待遇。"],
    ["为了推动全镇更好发展,我建议:", "1.加大农产品销售渠道的开拓。"],
    # a heading of its own
    ["三、需要县里协调解决的事项", "镇区污水处理厂建设资金缺口较大。"],
    ["三、请求事项", "解决镇中心小学教师周转房建设资金。"],
    # a request under a plan heading, addressing the higher body
    ["希望贵局能够重视我镇的困难,给予资金和技术上的支持。", "我镇将用好每一笔资金。"],
], ids=["numbered", "numbered-arabic", "introduced", "we-propose", "i-suggest", "heading-coordinate",
        "heading-requests", "addressed"])
def test_requests_to_higher_levels_are_found_in_every_form(tail: list[str], script) -> None:
    doc = document("\n".join(script(line) for line in HEAD + tail))
    found = sections(doc)
    assert found[3] == "工作总结" and found[5] == "工作计划"
    assert [found[6], found[7]] == ["意见建议", "意见建议"]


def test_the_towns_own_plan_to_win_support_is_not_a_request() -> None:
    doc = document("\n".join(HEAD + ["积极争取上级资金支持,全年争取项目资金五千万元。", "继续抓好招商引资。"]))
    assert [sections(doc)[6], sections(doc)[7]] == ["工作计划", "工作计划"]


OUTLINE = [
    "青禾镇2022年政务公开工作年度报告",
    "一、总体情况",
    "2022年,我镇认真落实政务公开各项要求。",
    "二、存在的主要问题及改进情况",
    "(一)存在的主要问题",
    "公开内容不够全面,解读形式较为单一。",
    "(二)改进措施",
    "下一步,我镇将进一步规范公开流程。",
    "三、其他需要报告的事项",
    "本年度未收取信息处理费。",
]


@pytest.mark.parametrize("script", [str, TO_TRADITIONAL.convert], ids=["simplified", "traditional"])
def test_the_open_government_outline_with_sub_headings_and_a_short_title(script) -> None:
    doc = document("\n".join(script(line) for line in OUTLINE))
    assert (doc.kind, doc.year) == ("信息公开年报", 2022)
    assert [sections(doc)[n] for n in range(2, 11)] == [
        "工作总结", "工作总结", "存在问题", "存在问题", "存在问题", "工作计划", "工作计划", "其他", "其他"]


def test_a_part_of_problems_and_suggestions_holds_both() -> None:
    doc = document("\n".join([
        "青禾镇2022年工作总结", "一、主要工作", "全年新修道路十公里。", "二、存在的问题及建议",
        "(一)集体经济薄弱,村级收入来源单一。", "(二)建议加大对村级集体经济的扶持力度。", "建议增加农村公路养护经费。",
    ]))
    found = sections(doc)
    assert [found[n] for n in (4, 5, 6, 7)] == ["存在问题", "存在问题", "意见建议", "意见建议"]
