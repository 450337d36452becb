"""The search page as a browser uses it: filters as URL parameters, facets that add one and chips
that remove it, pages of results, identical copies folded with a switch to list them all, the
CLI's notes on a query that finds nothing, and htmx asking for the results alone."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from starlette.testclient import TestClient

from search.index.build import build_index
from search.testing import write_reports
from search.web import create_app

SHARED = "全镇组织群众议事会十二场,当场解决群众反映的道路、用水问题三十件,群众满意度明显提升。"
SAFETY = "坚持安全生产月月查,对全镇企业和自建房开展拉网式排查,整改隐患一百余处。"
TOWNS = ["荫田镇", "柳林镇", "桃源镇", "石门乡", "龙潭镇", "泉溪镇", "青石镇", "白沙乡", "花桥镇", "松柏镇"]


def report(town: str, year: int, *paragraphs: str) -> str:
    return "\n".join([f"{town}{year}年工作总结", f"一、{year}年工作总结", *paragraphs, ""])


def corpus(folder: Path) -> Path:
    """Two towns share a paragraph word for word; ten towns each write about safety."""
    texts = {
        "a2020.txt": report("泉溪镇", 2020, "(一)" + SHARED),
        "b2021.txt": report("青石镇", 2021, "(一)" + SHARED),
    }
    texts |= {f"s{n:02d}.txt": report(town, 2010 + n, f"(二){town}{SAFETY}") for n, town in enumerate(TOWNS)}
    return write_reports(folder, texts)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    root = tmp_path_factory.mktemp("web-search-page")
    build_index(corpus(root / "corpus"), root / "index", procs=1)
    return TestClient(create_app(root / "index"))


def links(html: str, css_class: str) -> list[tuple[dict[str, str], str]]:
    """(attributes, text) of every <a> of `css_class`."""
    found = []
    for attrs, text in re.findall(r'<a ([^>]*class="' + css_class + r'"[^>]*)>(.*?)</a>', html, re.S):
        found.append(({k: unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', attrs)}, unescape(text)))
    return found


def params(href: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(href).query)


def test_a_facet_link_adds_its_filter_and_a_chip_removes_it(client: TestClient) -> None:
    html = client.get("/", params={"q": "安全生产"}).text
    facet = next(a for a, _ in links(html, "facet") if a["data-field"] == "town" and a["data-value"] == "柳林镇")
    assert params(facet["href"]) == [("q", "安全生产"), ("town", "柳林镇")]
    narrowed = client.get(facet["href"])
    assert narrowed.status_code == 200
    assert [h["town"] for h in client.get(facet["href"] + "&format=json").json()["hits"]] == ["柳林镇"]
    (chip, label), = links(narrowed.text, "chip")
    assert "town: 柳林镇" in label
    assert params(chip["href"]) == [("q", "安全生产")]


def test_a_long_facet_list_opens_under_details(client: TestClient) -> None:
    html = client.get("/", params={"q": "安全生产"}).text
    town = html[html.index("<h2>town</h2>"):html.index("</section>", html.index("<h2>town</h2>"))]
    listed, hidden = town.split("<details>")
    assert listed.count('class="facet"') == 8
    assert hidden.count('class="facet"') == 2 and "2 more" in hidden


def test_results_come_in_bounded_pages(client: TestClient) -> None:
    first = client.get("/", params={"q": "安全生产", "limit": "4"}).text
    second = client.get("/", params={"q": "安全生产", "limit": "4", "page": "2"}).text
    cites = [re.findall(r'class="cite" href="([^"]+)"', page) for page in (first, second)]
    assert len(cites[0]) == len(cites[1]) == 4 and not set(cites[0]) & set(cites[1])
    assert 'rel="next" href="/?q=%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7&amp;limit=4&amp;page=2"' in first
    assert "showing 5–8" in second
    for asked, line in [({"limit": "101"}, "limit takes a whole number from 1 to 100, not '101'"),
                        ({"page": "51"}, "page takes a whole number from 1 to 50, not '51'"),
                        ({"q": "党" * 1001}, "the query is too long (1,001 characters; the limit here is 1,000)")]:
        refused = client.get("/", params={"q": "安全生产", **asked})
        assert refused.status_code == 400
        assert f"Error: {line}" in unescape(refused.text)


def test_identical_copies_fold_as_the_cli_folds_them_with_a_switch_to_list_them(client: TestClient) -> None:
    folded = client.get("/", params={"q": "群众议事会"}).text
    assert folded.count('<li class="hit">') == 1
    assert "+1 identical in other reports" in folded
    switch, _ = links(folded, "fold")[0]
    assert params(switch["href"]) == [("q", "群众议事会"), ("no_fold", "1")]
    listed = client.get(switch["href"]).text
    assert listed.count('<li class="hit">') == 2 and "identical in other reports" not in listed


def test_a_query_that_finds_nothing_carries_the_cli_notes(client: TestClient) -> None:
    html = unescape(client.get("/", params={"q": "安全生产 or 排查"}).text)
    assert "0 paragraphs" in html
    assert "Note: 'or' was searched as a word; operators are capitals: OR" in html
    html = unescape(client.get("/", params={"q": "安全生产", "town": "不存在镇"}).text)
    assert re.search(r'<p class="note">Note: [^<]*不存在镇', html)


def test_a_chinese_keyboard_quotes_and_operators_work(client: TestClient) -> None:
    def total(q: str) -> int:
        answer = client.get("/", params={"q": q, "format": "json"}).json()
        assert isinstance(answer["total"], int)
        return answer["total"]

    assert total("「群众议事会」") == total("“群众议事会”") == total('"群众议事会"') == 2
    assert total("群众议事会 ＯＲ 安全生产") == total("群众议事会 OR 安全生产") == 12
    assert total("安全生产 town：柳林") == 1


def test_htmx_asks_for_the_results_alone_and_plain_links_still_work(client: TestClient) -> None:
    partial = client.get("/", params={"q": "安全生产"}, headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="results"') and "<html" not in partial.text
    assert 'id="kept" hx-swap-oob="true"' in partial.text
    assert partial.headers["vary"] == "HX-Request"
    restore = client.get("/", params={"q": "安全生产"},
                         headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert restore.text.startswith("<!doctype html>")
    whole = client.get("/", params={"q": "安全生产"}).text
    assert whole.startswith("<!doctype html>") and 'id="results"' in whole and 'hx-swap-oob' not in whole
