"""The research pages through Starlette's test client: each page's HTML hooks, its JSON and CSV
twins against the command's own `--json` and `-f csv` for the same request, its one-line errors,
and report text (a `<script>` in a report) reaching the page as text."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from constructed import build_research_index
from starlette.testclient import TestClient
from typer.testing import CliRunner

from search.cli.commands import app as cli
from search.normalize import normalize
from search.testing import write_reports
from search.web import create_app, research_pages

runner = CliRunner()


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_research_index(tmp_path_factory.mktemp("research-pages"))


@pytest.fixture(scope="module")
def client(index: Path) -> TestClient:
    return TestClient(create_app(index))


def command_bytes(index: Path, *args: str) -> bytes:
    """What the command writes for `args`, the index given as the server has it (not as an
    option, which its provenance would record)."""
    result = runner.invoke(cli, list(args), env={"SEARCH_INDEX": str(index)})
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def command(index: Path, *args: str) -> str:
    return command_bytes(index, *args).decode("utf-8")


def timeless(text: str) -> dict[str, Any]:
    """A JSON answer without the moment it was made, the one thing two runs cannot share."""
    answer: dict[str, Any] = json.loads(text)
    answer["provenance"].pop("time")
    return answer


SAME_REQUESTS = [
    ("/kwic?q=屋场恳谈会", ["kwic", "屋场恳谈会"]),
    ("/kwic?q=屋场恳谈会&width=6&sort=left&town=泉溪&town=铁丝塘",
     ["kwic", "屋场恳谈会", "-w", "6", "--sort", "left", "-t", "泉溪", "-t", "铁丝塘"]),
    ("/kwic?q=屋场会&variants=1&sort=right", ["kwic", "屋场会", "--variants", "--sort", "right"]),
    ("/trend?q=屋场恳谈会", ["trend", "屋场恳谈会"]),
    ("/trend?q=柑橘&by=year,town&per=paragraph&share=1&year=2019..",
     ["trend", "柑橘", "--by", "year,town", "--per", "paragraph", "--share", "-y", "2019.."]),
    ("/dupes", ["dupes"]),
    ("/dupes?min_reports=3&county=普安", ["dupes", "--min-reports", "3", "--county", "普安"]),
    ("/compare?town=泉溪&year=2021", ["compare", "--town", "泉溪", "--year", "2021"]),
    ("/compare?town=泉溪镇&year=2021&q=雪亮工程", ["compare", "雪亮工程", "-t", "泉溪镇", "-y", "2021"]),
]


@pytest.mark.parametrize(("url", "args"), SAME_REQUESTS)
def test_json_twin_is_the_commands_json(client: TestClient, index: Path, url: str, args: list[str]) -> None:
    response = client.get(url + "&format=json" if "?" in url else url + "?format=json")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert timeless(response.text) == timeless(command(index, *args, "--json"))


@pytest.mark.parametrize(("url", "args"), SAME_REQUESTS[1:2] + SAME_REQUESTS[4:5] + SAME_REQUESTS[5:6]
                         + SAME_REQUESTS[7:8])
def test_csv_twin_is_the_commands_csv(client: TestClient, index: Path, url: str, args: list[str]) -> None:
    response = client.get(url + "&format=csv" if "?" in url else url + "?format=csv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content == command_bytes(index, *args, "-f", "csv")


def rows_of(html: str, row_class: str) -> list[str]:
    return re.findall(rf'<tr class="{row_class}">(.*?)</tr>', html, re.S)


def test_kwic_page_has_a_row_per_occurrence_with_sort_links_and_the_counted_line(client: TestClient,
                                                                                 index: Path) -> None:
    html = client.get("/kwic?q=屋场恳谈会&town=泉溪&town=铁丝塘").text
    data = json.loads(command(index, "kwic", "屋场恳谈会", "-t", "泉溪", "-t", "铁丝塘", "--json"))
    assert 'id="kwic"' in html
    assert len(rows_of(html, "kwic-row")) == len(data["occurrences"]) == 6
    assert "6 occurrences in 4 paragraphs" in html
    assert f"counted: {data['counted']['summary']}" in unescape(html)
    sort_left = re.search(r'<a id="sort-left" href="([^"]+)"', html)
    assert sort_left and "sort=left" in sort_left.group(1) and "town=" in sort_left.group(1)
    assert re.search(r'<a id="sort-right" href="[^"]*sort=right', html)
    assert re.search(r'<a class="csv" href="[^"]*format=csv', html)
    first = data["occurrences"][0]
    assert f'href="/report/{first["source"]}#L{first["line"]}"' in html


def test_kwic_left_sort_orders_rows_by_the_reversed_left_context(client: TestClient) -> None:
    html = client.get("/kwic?q=屋场恳谈会&sort=left").text
    lefts = [re.sub(r"<.*?>", "", cell) for cell in re.findall(r'<td class="left">(.*?)</td>', html)]
    assert len(lefts) > 2 and lefts == sorted(lefts, key=lambda text: normalize(unescape(text))[::-1])


def test_kwic_page_shows_a_bounded_number_of_rows(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(research_pages, "KWIC_ROWS", 2)
    html = client.get("/kwic?q=屋场恳谈会").text
    assert len(rows_of(html, "kwic-row")) == 2 and "showing the first 2 (the CSV has them all)" in html


def test_a_page_asked_nothing_is_its_form(client: TestClient) -> None:
    for url, form in (("/kwic", "kwic-form"), ("/trend", "trend-form"), ("/compare", "compare-form")):
        response = client.get(url)
        assert response.status_code == 200 and f'id="{form}"' in response.text and 'id="q"' in response.text
        assert "kwic-row" not in response.text and "trend-chart" not in response.text


def test_trend_page_draws_from_its_json_twin_with_shipped_scripts_only(client: TestClient) -> None:
    html = client.get("/trend?q=柑橘&by=year,town&share=1").text
    chart = re.search(r'<div id="trend-chart" data-src="([^"]+)" data-x="year" data-color="town"\s+data-y="share"',
                      html)
    assert chart and "format=json" in chart.group(1).replace("&amp;", "&")
    assert 'id="save-svg"' in html and 'id="save-png"' in html and re.search(r'<a class="csv" href="[^"]*format=csv',
                                                                               html)
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('src="/static/' in attributes for attributes in scripts)
    for attributes in scripts:
        path = re.search(r'src="([^"]+)"', attributes)
        assert path and client.get(path.group(1)).status_code == 200
    assert "script-src 'self'" in client.get("/trend?q=柑橘").headers["content-security-policy"]
    assert len(rows_of(html, "trend-row")) == len(json.loads(client.get(chart.group(1).replace("&amp;", "&")).text)
                                                   ["cells"])


def test_compare_page_sets_plans_beside_their_reviews(client: TestClient, index: Path) -> None:
    html = client.get("/compare?town=泉溪&year=2021").text
    data = json.loads(command(index, "compare", "-t", "泉溪", "-y", "2021", "--json"))
    plans = [row for row in data["pairs"] if row["plan_id"]]
    assert 'id="pairs"' in html and html.count('<section class="plan">') == len(plans) > 0
    met = [row for row in plans if row["met"]]
    assert html.count('<section class="review met">') == len(met) > 0
    assert "plan items have a matching review item" in html


def test_dupes_page_marks_what_a_copy_changed(client: TestClient, index: Path) -> None:
    html = client.get("/dupes").text
    data = json.loads(command(index, "dupes", "--json"))
    assert html.count('<section class="group"') == len({row["group"] for row in data["copies"]}) > 0
    near = [row for row in data["copies"] if row["kind"] == "near"]
    assert near and "<ins>" in html and "<del>" in html


@pytest.mark.parametrize(("url", "line"), [
    ('/kwic?q="屋场恳谈会', "Error: "),
    ("/kwic?q=屋场恳谈会&sort=up", "Error: sort takes source, left or right, not 'up'"),
    ("/kwic?q=屋场恳谈会&width=0", "Error: width takes a whole number from 1 to 200, not '0'"),
    ("/trend?q=屋场恳谈会&by=decade", "Error: --by takes one or two of year, town"),
    ("/trend?q=屋场恳谈会&per=word", "Error: per takes report, paragraph or occurrence, not 'word'"),
    ("/compare?town=北京&year=2021", "Error: no town '北京' in the index; `search facets` lists the towns"),
    ("/compare?town=泉溪&town=荫田&year=2021", "Error: compare takes one town"),
    ("/dupes?min_reports=1", "Error: min_reports takes a whole number of at least 2, not '1'"),
    ("/kwic?format=json", "Error: kwic needs a term to look for"),
    ("/kwic?q=屋场恳谈会&format=xlsx", "Error: format takes html, json or csv here, not 'xlsx'"),
])
def test_a_bad_request_is_400_with_one_line(client: TestClient, url: str, line: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text
    assert line in unescape(response.text)


def test_unbalanced_quote_is_the_commands_line(client: TestClient, index: Path) -> None:
    result = runner.invoke(cli, ["kwic", '"屋场恳谈会'], env={"SEARCH_INDEX": str(index)})
    assert result.exit_code == 2
    response = client.get('/kwic?q="屋场恳谈会&format=json')
    assert response.status_code == 400 and response.text.strip() == result.stderr.strip()


def test_a_filter_value_the_index_lacks_is_noted(client: TestClient) -> None:
    html = client.get("/kwic?q=屋场恳谈会&town=北京").text
    assert "Note: " in html and "北京" in html


SCRIPTED = {
    "甲镇2021年工作总结.txt": "甲镇2021年工作总结\n一、2021年工作总结\n"
                              "全镇推行<script>alert(1)</script>网格化管理，组建网格员队伍120人，群众满意度持续提升。\n",
    "乙乡2022年工作总结.txt": "乙乡2022年工作总结\n一、2022年工作总结\n"
                              "全乡推行<script>alert(1)</script>网格化管理，组建网格员队伍80人，群众满意度持续提升。\n",
}


@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    from search.index.build import build_index

    root = tmp_path_factory.mktemp("scripted")
    build_index(write_reports(root / "corpus", SCRIPTED), root / "index", procs=1)
    return TestClient(create_app(root / "index"))


@pytest.mark.parametrize("url", ["/kwic?q=网格化管理&width=40", "/dupes?same_town=1"])
def test_report_text_reaches_the_page_as_text(scripted: TestClient, url: str) -> None:
    html = scripted.get(url).text
    assert "&lt;script&gt;" in html
    assert "<script>alert" not in html
