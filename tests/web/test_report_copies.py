"""The report page's copy links: each paragraph's first copies in other reports, identical before
near, never the same report twice."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from search.index.build import build_index
from search.testing import write_reports
from search.web import create_app, views

SHARED = "全镇组织群众议事会十二场,当场解决群众反映的道路、用水问题三十件,群众满意度明显提升。"
TEMPLATE = "{town}今年新建高标准农田{n}亩,完成土地流转{m}亩,带动农户增收致富,农业基础更加牢固。"
TOWNS = ("泉溪镇", "青石镇", "白沙乡", "蒲洼乡", "大盂镇")


def test_a_paragraph_links_its_first_copies_of_each_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_reports(tmp_path / "corpus", {
        f"r{n}.txt": "\n".join([f"{town}2021年工作总结", "一、2021年工作总结", SHARED,
                                TEMPLATE.format(town=town, n=100 + 7 * n, m=30 + n), ""])
        for n, town in enumerate(TOWNS)})
    build_index(corpus, tmp_path / "index", procs=1)
    monkeypatch.setattr(views, "COPIES_LINKED", 2)
    html = unescape(TestClient(create_app(tmp_path / "index")).get("/report/r0.txt").text)
    shared = re.search(r'<p id="L3" class="para".*?</p>', html, re.S)
    template = re.search(r'<p id="L4" class="para".*?</p>', html, re.S)
    assert shared and template
    assert re.findall(r'class="copy (\w+)" href="/report/(r\d).txt#L3"', shared.group()) == \
        [("identical", "r1"), ("identical", "r2")]
    assert re.findall(r'class="copy (\w+)" href="/report/(r\d).txt#L4"', template.group()) == \
        [("near", "r1"), ("near", "r2")]
    assert "and 2 more" in shared.group() and "and 2 more" in template.group()
