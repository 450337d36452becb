"""HTML pages in the corpus: the article found from the page's structure, metadata as hints."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.ingest.corpus import find_files, load
from search.ingest.document import build_document
from search.ingest.formats import FormatError, extract
from search.models import RawFile
from search.testing import temporary_index

GOV_PAGE = """<!DOCTYPE html>
<!-- saved from url=(0052)http://www.hengnan.gov.cn/zwgk/zfgzbg/art_20240115.html -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<meta name="ArticleTitle" content="泉溪镇2023年政府工作报告">
<meta name="PubDate" content="2024-01-15 09:30">
<meta name="ContentSource" content="衡南县泉溪镇人民政府">
<title>泉溪镇2023年政府工作报告_衡南县人民政府门户网站</title>
<script>var x = "不应出现的脚本文字";</script></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 工作报告</div>
<table class="xxgk_table"><tr><td>索引号：43042200/2024-00012</td><td>发布机构：衡南县泉溪镇人民政府</td></tr>
<tr><td>发布日期：2024-01-15</td><td>主题分类：政府工作报告</td></tr></table>
<div class="bdsharebuttonbox">分享到：<a href="#">微信</a><a href="#">微博</a></div>
<div id="zoom"><p>各位代表：</p>
<p>现在，我代表镇人民政府向大会报告工作，请予审议。</p>
<p>一、2023年工作回顾</p>
<p>过去一年，全镇新修村组道路十五公里，油茶林改造面积达到三千亩。</p>
<table><tr><td>项目</td><td>完成量</td></tr><tr><td>村组道路</td><td>十五公里</td></tr></table>
<p>二、2024年工作安排</p>
<p>新的一年，我们将推进油茶产业提质增效，办好群众关心的民生实事。</p>
</body></html>
<div class="footer">版权所有：衡南县人民政府 联系我们 网站地图</div>
<div class="xgxx"><a href="/a">油茶产业相关新闻一</a></div>
"""

FARM_PAGE = """<html><head><meta charset="utf-8"><title>范文大全</title>
<link rel="canonical" href="https://fanwen.example.com/doc/8841.html"></head>
<body><ul class="menu"><li><a href="/">首页</a></li><li><a href="/gzbg">工作报告</a></li></ul>
<div class="wrap"><table><tr><td><table><tr><td>
<div class="left"><a href="/1">热门范文一</a><a href="/2">热门范文二</a><a href="/3">热门范文三</a></div>
</td><td><div class="txt">
<p>荫田镇2021年上半年工作总结</p>
<p>今年以来，荫田镇在市委市政府的坚强领导下，扎实推进各项工作，经济社会保持平稳发展。</p>
<p>一、主要工作成效</p>
<p>上半年完成招商引资项目四个，新增稻虾共养面积八百亩。</p>
<p>二、存在的问题</p>
<p>产业基础仍然薄弱，稻虾共养的品牌效应有待提升。</p>
</div></td></tr></table></td></tr></table></div>
<div class="share">分享：复制链接</div>
</body></html>"""


def _corpus(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for name, data in files.items():
        (root / name).write_bytes(data)
    return root


def _scan(raw: RawFile, phrase: str) -> list[int]:
    return [n for n, line in enumerate(raw.text.split("\n"), start=1) if phrase in line]


def test_a_government_page_in_gbk_gives_its_article_and_its_metadata(tmp_path: Path) -> None:
    root = _corpus(tmp_path, {"泉溪镇报告.html": GOV_PAGE.encode("gbk")})
    raw = load(root, "泉溪镇报告.html")
    assert isinstance(raw, RawFile) and raw.format == "html" and raw.encoding == "gb18030"
    lines = raw.text.split("\n")
    assert lines[0] == "各位代表：" and lines[-1].startswith("新的一年")
    assert "村组道路 十五公里" in lines
    assert not any(word in raw.text for word in ("首页", "分享到", "版权所有", "相关新闻", "脚本", "索引号"))
    doc = build_document(raw)
    assert (doc.title, doc.date, doc.town, doc.county, doc.year) == (
        "泉溪镇2023年政府工作报告", "2024-01-15", "泉溪镇", "衡南县", 2023)
    assert doc.url == "http://www.hengnan.gov.cn/zwgk/zfgzbg/art_20240115.html"
    sections = {p.line: p.section for p in doc.paragraphs}
    assert sections[lines.index("新的一年，我们将推进油茶产业提质增效，办好群众关心的民生实事。") + 1] == "工作计划"
    assert sections[4] == "工作总结"


def test_a_quoted_query_finds_in_a_page_exactly_what_a_scan_of_its_text_finds(tmp_path: Path) -> None:
    root = _corpus(tmp_path, {"泉溪镇报告.html": GOV_PAGE.encode("gbk"), "farm.htm": FARM_PAGE.encode()})
    with temporary_index(root) as idx:
        for source, phrase in (("泉溪镇报告.html", "油茶"), ("farm.htm", "稻虾共养")):
            raw = load(root, source)
            assert isinstance(raw, RawFile)
            hits = idx.search(f'"{phrase}"', limit=None).hits
            found = sorted((h.line, h.citation) for h in hits if h.source == source)
            assert [citation for _, citation in found] == [f"{source}:{n}" for n in _scan(raw, phrase)]
        rows = {row["source"]: row for row in idx.documents()}
    assert rows["farm.htm"]["url"] == "https://fanwen.example.com/doc/8841.html"
    assert rows["farm.htm"]["format"] == "html" and rows["泉溪镇报告.html"]["town"] == "泉溪镇"


def test_a_content_farm_page_is_read_by_text_density_through_nested_tables(tmp_path: Path) -> None:
    root = _corpus(tmp_path, {"farm.htm": FARM_PAGE.encode()})
    raw = load(root, "farm.htm")
    assert isinstance(raw, RawFile)
    assert raw.text.split("\n")[0] == "荫田镇2021年上半年工作总结"
    assert "热门范文" not in raw.text and "分享" not in raw.text and "首页" not in raw.text
    doc = build_document(raw)
    assert (doc.town, doc.year, doc.kind) == ("荫田镇", 2021, "阶段总结")
    assert {p.section for p in doc.paragraphs if "品牌效应" in p.text} == {"存在问题"}


def test_a_wrong_charset_declaration_is_overruled_by_the_bytes() -> None:
    page = GOV_PAGE.replace("charset=gbk", "charset=utf-8").encode("gbk")
    assert "油茶产业" in "\n".join(extract(page, "a.html").lines)
    assert "油茶产业" in "\n".join(extract(GOV_PAGE.encode("utf-8"), "a.shtml").lines)


@pytest.mark.parametrize("data", [b"<html><body><div class=nav><a href=/>home</a></div></body></html>",
                                  b"\x00\x01\x02\xff" * 300])
def test_a_page_without_an_article_is_named_and_skipped(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(FormatError):
        extract(data, "x.html")
    ok = "一、工作回顾\n全镇修路三公里。".encode()
    root = _corpus(tmp_path, {"bad.html": data, "empty.htm": b"", "ok.txt": ok})
    assert find_files(root) == ["bad.html", "empty.htm", "ok.txt"]
    bad, empty = load(root, "bad.html"), load(root, "empty.htm")
    assert not isinstance(bad, RawFile) and bad.reason.startswith("not readable as HTML")
    assert not isinstance(empty, RawFile) and empty.reason == "empty file"
