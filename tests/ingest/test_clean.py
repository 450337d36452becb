"""clean(): which file lines are content, which are boilerplate, and what is cut inside them."""

from __future__ import annotations

import re

import pytest

from search.ingest.clean import clean, file_lines, is_boilerplate, strip_placeholders

PLACEHOLDER = re.compile(r"关键词\d+")

BOILERPLATE_LINES = {
    "000": [22],
    "001": [],
    "002": [28],
    "003": [1, 55, 56],
    "004": [1, 31, 32],
}
"""Every breadcrumb, 附件下载 / 扫一扫 / 相关稿件 line of each seed (1-based)."""


def test_boilerplate_lines_of_every_seed(seed) -> None:
    cleaned = clean(seed.text)
    dropped = [line.number for line in cleaned.boilerplate if is_boilerplate(line.text)]
    assert dropped == BOILERPLATE_LINES[seed.key]
    kept = {line.number for line in cleaned.content}
    assert not kept & set(BOILERPLATE_LINES[seed.key])


@pytest.mark.parametrize(
    "line",
    [
        "當前頁麵: 首頁  > 政務公開 > 鄉鎮信息公開目錄 > 洪山鎮 > 規劃總結",
        "当前页面: 首页 > 政务公开 > 乡镇办事处信息公开目录 > 荫田镇 > 规划计划",
        "当前位置：首页 > 政务公开",
        "您现在的位置:首页>乡镇动态",
        "附件下載:",
        "附件下载：",
        "附件",
        "掃一掃在手機打開當前頁",
        "扫一扫在手机打开当前页",
        "相關稿件",
        "【打印】",
        "字號:大 中 小",
        "發布時間：2021-12-06 10:00",
    ],
)
def test_boilerplate_in_either_script_and_width(line: str) -> None:
    assert is_boilerplate(line)
    assert [row.number for row in clean(f"正文第一段。\n{line}\n正文第二段。").boilerplate] == [2]


@pytest.mark.parametrize(
    "line",
    [
        "當前已有多個項目落地泉溪,在鄉村振興、經濟發展、教育保障等方麵煥發光彩。",
        "附件下载后请按要求填报。",
        "相关稿件已报送县委办。",
        "首页设计工作已完成。",
    ],
)
def test_sentences_that_merely_start_like_boilerplate_are_content(line: str) -> None:
    assert not is_boilerplate(line)


def test_no_content_line_of_any_seed_is_boilerplate(seed) -> None:
    for line in clean(seed.text).content:
        assert not is_boilerplate(line.text), line


def test_placeholder_is_cut_out_of_the_sentence(seeds) -> None:
    lines = {line.number: line.text for line in clean(seeds["003"].text).content}
    assert lines[11].startswith("一年來,克服鎮財薄弱")
    assert "在取得成績的同時,更應清醒地看到存在的差距和不足" in lines[39]
    assert lines[53].startswith("各位代表,夢想承載希望,奮鬥開創未來。新的一年,讓在縣委")


def test_no_placeholder_survives_in_any_seed(seed) -> None:
    assert PLACEHOLDER.search(seed.text) or seed.key in ("001", "004")
    for line in clean(seed.text).content:
        assert not PLACEHOLDER.search(line.text), line


@pytest.mark.parametrize("token", ["关键词2", "關鍵詞2", "关键词２", "關鍵詞12"])
def test_placeholder_in_any_script_or_width(token: str) -> None:
    assert strip_placeholders(f"一年来,{token}克服困难。") == "一年来,克服困难。"


def test_a_repeated_title_is_the_reports_own(seeds) -> None:
    """A page heading and the document's own title are both the report's front matter: each is
    kept, and neither opens a section."""
    cleaned = clean(seeds["003"].text)
    title = "洪山鎮2019年工作總結及2020年工作規劃"
    assert [line.number for line in cleaned.content if line.text == title] == [3, 5]


def test_a_repeat_further_down_is_content() -> None:
    """Only the top of a report repeats its title; a repeated sentence later is the author's."""
    body = [f"第{n}段内容。" for n in range(1, 9)]
    text = "\n".join(["标题2020年工作总结", *body, "第1段内容。"])
    numbers = [line.number for line in clean(text).content if line.text == "第1段内容。"]
    assert numbers == [2, 10]


def test_every_content_line_is_its_file_line(seed) -> None:
    """Line numbers are citations: the stripped file line minus placeholders is the content."""
    for line in clean(seed.text).content:
        original = seed.lines[line.number - 1]
        assert PLACEHOLDER.sub("", original.strip()).strip() == line.text


def test_blank_lines_are_neither_content_nor_boilerplate(seeds) -> None:
    cleaned = clean(seeds["003"].text)
    numbers = {line.number for line in cleaned.content + cleaned.boilerplate}
    assert not numbers & {2, 4, 6, 8, 10}


@pytest.mark.parametrize(
    ("separator", "breaks"),
    [("\r\n", True), ("\r", True), ("\x0c", False), ("\u2028", False), ("\x0b", False), ("\x85", False)],
    ids=["crlf", "cr", "form-feed", "line-separator", "vertical-tab", "nel"],
)
def test_only_cr_and_lf_end_a_line(separator: str, breaks: bool) -> None:
    """A page break (\\f) inside a line must not shift every later citation by one."""
    text = f"第一行{separator}续写\n第二行\n第三行"
    numbers = {line.text: line.number for line in clean(text).content}
    assert numbers["第三行"] == (4 if breaks else 3)
    assert len(file_lines(text)) == (4 if breaks else 3)


def test_indentation_and_bom_are_not_content() -> None:
    cleaned = clean("\ufeff\u3000\u3000荫田镇2021年度工作总结\n  \t\n\u3000\u3000一、2021年各项工作情况  ")
    assert [(line.number, line.text) for line in cleaned.content] == [
        (1, "荫田镇2021年度工作总结"),
        (3, "一、2021年各项工作情况"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "索引号:11371323MB0000000X/2021-00031 | 主题词: | 发布机构:沂水县沙沟镇人民政府",
        "索 引 号：000/2021-01",
        "| 索引号 | 公开方式 | 发布机构 |",
        "发布日期:2021-01-08 | 成文日期:2021-01-06 | 有效性:有效 | 浏览次数:35",
        "有效性:",
        "下面是小编为大家整理的镇年度工作总结范文,欢迎阅读!",
        "《镇年度工作总结》来源于www.example.com,欢迎阅读镇年度工作总结。",
        "Tag:年终总结,工作总结范文",
        "镇年度工作总结.docx",
        "文档页数:6 页",
        "本文档由用户上传,版权归原作者所有。",
        "第3页 共12页",
        "- 3 -",
        "PAGE",
        "1-",
        "||||",
        "2021-06-18 总结",
        "(开头部分已省略300字)",
        "打印本页 关闭窗口",
        "主办单位:沂水县人民政府办公室",
        "【篇1】",
        "简体 繁體 无障碍阅读",
    ],
)
def test_real_site_boilerplate(line: str) -> None:
    cleaned = clean("前言段落。\n" + line + "\n正文段落。")
    assert [row.number for row in cleaned.boilerplate] == [2]
    assert [row.number for row in cleaned.content] == [1, 3]


@pytest.mark.parametrize(
    "line",
    [
        "畅通群众举报渠道,全年受理各类举报四十件,办结率百分之百。",
        "联合市场监管部门打击侵权假冒行为,查处案件三起。",
        "为全镇两百名会员企业提供技术支持和融资服务。",
        "新建无障碍设施十处,方便残疾人出行。",
        "本站工作人员深入各村开展文艺辅导。",
        "群众可登录www.example.gov.cn查询办事指南,也可拨打热线电话咨询。",
        "2020年,全镇完成财政收入1830万元。",
        "一、2020年工作总结",
    ],
)
def test_report_sentences_are_never_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_collection_markers_and_page_counters_are_cut_from_lines() -> None:
    assert strip_placeholders("街道创建文明城市工作总结【篇1】") == "街道创建文明城市工作总结"
    assert strip_placeholders("镇年度工作总结范文(第2/5页)") == "镇年度工作总结范文"
    assert strip_placeholders("2009年度政府信息公开年度报告 | ||") == "2009年度政府信息公开年度报告"


def test_metadata_values_on_their_own_lines_are_dropped_but_a_title_after_them_is_not() -> None:
    text = ("  • 索引号:\n    6107280000/2024-001005\n  • 发文机构:\n\n    县政府网站\n  • 内容概述:\n\n"
            "沙沟镇2020年工作总结\n一、主要工作")
    cleaned = clean(text)
    assert [row.number for row in cleaned.boilerplate] == [1, 2, 3, 5, 6]
    assert [row.text for row in cleaned.content] == ["沙沟镇2020年工作总结", "一、主要工作"]


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("镇政府,工作报告,2023", True),
        ("上传人:la****1 文档编号:517352 上传时间:2023-04-08 格式:DOCX 页数:12", True),
        ("2022年x镇政府工作报告.docx_第1页", True),
        ("亲,该文档总共12页,到这儿已超出免费预览范围,如果喜欢就下载吧!", True),
        ("收藏 分享(赏)", True),
        ("网站首页 个人文档 个人总结 工作总结 述职报告 心得体会", True),
        ("济薄弱,招商引资质量不高,群众增收渠道不宽", False),
        ("党建,产业,生态", False),
    ],
)
def test_document_sharing_site_lines(line: str, dropped: bool) -> None:
    assert is_boilerplate(line) is dropped
