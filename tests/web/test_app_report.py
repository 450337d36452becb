"""The report page: every paragraph with its line and anchor, the outline of its sections, the
report's metadata, its dropped lines on demand, links to each paragraph's copies; and its JSON
and CSV twins, what `search show SOURCE --json` and `-f csv` print."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from twins import cli_output, timeless

from search.index.build import build_index
from search.testing import write_reports
from search.web import create_app

SHARED = "全镇组织群众议事会十二场,当场解决群众反映的道路、用水问题三十件,群众满意度明显提升。"
OWN = "全年新修村道八公里,完成危桥改造两座。"


def report(town: str, year: int, *paragraphs: str) -> str:
    return "\n".join([f"{town}{year}年工作总结", f"一、{year}年工作总结", *paragraphs,
                      "二、存在问题", "资金保障不足。", "三、2022年工作计划", "继续推进道路建设。",
                      "扫一扫在手机打开当前页", ""])


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("web-report")
    corpus = write_reports(root / "corpus", {
        "a2021.txt": report("泉溪镇", 2021, "(一)基层治理", SHARED, OWN),
        "b2021.txt": report("青石镇", 2021, "(一)基层治理", SHARED),
    })
    build_index(corpus, root / "index", procs=1)
    return root / "index"


@pytest.fixture(scope="module")
def client(index: Path) -> TestClient:
    return TestClient(create_app(index))



def test_every_paragraph_has_its_line_and_anchor(client: TestClient, index: Path) -> None:
    hits = json.loads(cli_output(index, ["show", "a2021.txt", "--json"]))["hits"]
    html = client.get("/report/a2021.txt").text
    anchors = re.findall(r'<p id="L(\d+)" class="para"', html)
    assert anchors == [str(h["line"]) for h in hits]
    for hit in hits:
        body = re.search(rf'<p id="L{hit["line"]}" class="para".*?<span class="body">(.*?)</span>', html, re.S)
        assert body is not None and unescape(body.group(1)) == hit["text"]


def test_the_outline_links_to_each_heading(client: TestClient) -> None:
    html = unescape(client.get("/report/a2021.txt").text)
    outline = html[html.index('<nav id="outline">'):html.index("</nav>", html.index('<nav id="outline">'))]
    assert re.findall(r'<a href="#L(\d+)">([^<]+)</a>', outline) == [
        ("1", "前言"), ("2", "一、2021年工作总结"), ("3", "(一)基层治理"), ("6", "二、存在问题"),
        ("8", "三、2022年工作计划")]


def test_metadata_and_dropped_lines_are_shown(client: TestClient) -> None:
    html = unescape(client.get("/report/a2021.txt").text)
    assert "<dt>town</dt><dd>泉溪镇" in html
    assert "<dt>year</dt><dd>2021</dd>" in html
    dropped = html[html.index('<details id="dropped">'):]
    assert "扫一扫在手机打开当前页" in dropped and '<span class="line">10</span>' in dropped


def test_a_paragraph_links_to_its_copies_in_other_reports(client: TestClient) -> None:
    html = unescape(client.get("/report/a2021.txt").text)
    shared = re.search(r'<p id="L4" class="para".*?</p>', html, re.S)
    own = re.search(r'<p id="L5" class="para".*?</p>', html, re.S)
    assert shared and own
    assert '<a class="copy identical" href="/report/b2021.txt#L4" title="identical copy">= 青石镇 2021</a>' \
        in shared.group()
    assert 'class="copy' not in own.group()


def test_the_json_and_csv_twins_are_what_show_prints(client: TestClient, index: Path) -> None:
    answer = client.get("/report/a2021.txt", params={"format": "json"})
    assert answer.status_code == 200
    assert timeless(answer.json()) == timeless(json.loads(cli_output(index, ["show", "a2021.txt", "--json"])))
    assert client.get("/report/a2021.txt", params={"format": "csv"}).text == \
        cli_output(index, ["show", "a2021.txt", "-f", "csv"])


def test_a_report_the_index_does_not_hold_is_not_found(client: TestClient) -> None:
    answer = client.get("/report/nothing.txt")
    assert answer.status_code == 404
    assert "Error: no report &#39;nothing.txt&#39; in the index" in answer.text
