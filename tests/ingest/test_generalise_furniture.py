"""Site furniture told by its shape on sites never seen, and report text never dropped."""

from __future__ import annotations

import pytest

from search.ingest.clean import clean
from search.ingest.document import build_document
from search.models import RawFile

FURNITURE = [
    "  • 约3.2千字",
    "  • 约 8页",
    "  • 2025-03-02 发布于湖南",
    "  • 举报",
    "VIP专免",
    "2024-05-06 120+ 12.5KB 6 页 海报",
    "侵权投诉",
    "来源:某某县人民政府 作者: 时间:2023-02-01 点击率:【 打印 】",
    "| 索引号:0001/2023-01 | |",
    "| 发文字号: | 发文时间:2023-02-01 |",
    "标 题: | 青禾镇2022年政府工作报告 |",
    "01-16 15:29:25  浏览次数:88次  栏目:工作报告",
    "某某范文网  发布于:2019-01-16  分类: 年终总结",
    "> 政务公开 > 乡镇街道 > 工作年报",
    "导语:乡镇工作汇报一文来源于网友上传,不代表本站观点。",
    "温馨提示:",
    "2. 下载前请仔细阅读文档内容,确认符合需求后下载。",
    "---此处隐藏0字,下载后查看---",
    "相关总结: 党建自查报告的范文、作风整顿总结范文",
    "镇政府工作总结范文(3)",
    "街道办事处年终总结(9)",
    "乡镇年终工作总结 篇2",
    "乡镇政府工作报告2",
    "乡镇文明创建工作汇报3篇(县级文明乡镇汇报材料)",
    "安全生产工作总结【第二篇】",
    "乡镇创建工作汇报2",
    "字体大小:【大】 【中】 【小】",
    "- 时间:2023-02-24",
    "2023年某镇工作总结.docxVIP",
    "索 引 号 1133XW/2024-104757 公开方式 主动公开",
    "乡镇宣传工作总结及下半年思路(精选多篇)",
]

REPORT = [
    "一、工作回顾",
    "(三)",
    "二、",
    "2023年",
    "2023",
    "信访投诉",
    "阅读推广",
    "全年共接待群众来访120次,办结率100%。",
    "新修村道8.5公里,投资约1200万元。",
    "3月15日,召开全镇安全生产大会。",
    "张明同志任镇长。",
    "下一步工作打算",
    "明年力争完成招商引资5亿元",
    "青禾镇人民政府",
    "2023年12月30日",
    "存在问题:",
    "发展特色农业,农村经济平稳发展",
    "一是抓好春耕生产",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_site_furniture_is_dropped_and_counted(line: str) -> None:
    cleaned = clean(f"青禾镇2022年工作总结\n{line}\n全年完成各项任务。")
    assert [dropped.number for dropped in cleaned.boilerplate] == [2]
    assert [kept.number for kept in cleaned.content] == [1, 3]


def test_report_text_of_every_kind_is_kept() -> None:
    cleaned = clean("\n".join(REPORT))
    assert [line.text for line in cleaned.content] == REPORT
    assert cleaned.boilerplate == ()


def test_a_metadata_table_written_one_label_per_line_is_dropped() -> None:
    text = "\n".join([
        "青禾乡2022年度政府工作报告", "- 索引号", "- 0152-6-/2023-0415", "- 发文机构", "- 某区青禾乡人民政府",
        "- 公开目录", "- 政府工作报告", "- 文 号", "- 日期", "- 2023-04-15",
        "青禾乡政府工作报告", "一、2022年工作回顾", "全年完成各项任务。",
    ])
    cleaned = clean(text)
    assert [line.number for line in cleaned.boilerplate] == list(range(2, 11))


def test_a_collection_title_still_names_the_report() -> None:
    """A dropped collection title gives the report its title, kind, year and town."""
    text = "\n".join([
        "青禾镇2022年政府工作报告-8篇(第3/9页)",
        "一年来,我们坚持惠民生、强保障,持续提升群众幸福指数。",
        "坚持多渠道增收,全年新增村集体收入三百万元。",
    ])
    doc = build_document(RawFile("x.txt", text, "utf-8", "0"))
    assert [line.number for line in doc.dropped] == [1]
    assert (doc.title, doc.kind, doc.year) == ("青禾镇2022年政府工作报告", "政府工作报告", 2021)
