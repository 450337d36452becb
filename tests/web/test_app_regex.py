"""The search page's regex mode: `?regex=` is the CLI's `--regex`, its JSON and CSV twins what
`search query --regex` prints, and the CLI's time limit holds on the web, where it cannot be raised."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from twins import cli_output, timeless

from search.index.build import build_index
from search.research import regex
from search.testing import write_reports
from search.web import create_app

PATTERN = r"召开(\w{2,4})会(\d+)场"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("web-regex")
    head = "2021年工作总结\n一、2021年工作总结\n"
    texts = {f"r{n}.txt": f"{town}{head}全年召开屋场会{n + 3}场,召开议事会{n * 2 + 1}场。\n"
             for n, town in enumerate(["泉溪镇", "青石镇", "白沙乡"])}
    texts["long.txt"] = f"花桥镇{head}全镇多次召开" + "研究部署安全生产和防汛抗旱工作" * 4 + "。\n"
    corpus = write_reports(root / "corpus", texts)
    build_index(corpus, root / "index", procs=1)
    return root / "index"


@pytest.fixture(scope="module")
def client(index: Path) -> TestClient:
    return TestClient(create_app(index))



def test_the_json_and_csv_twins_are_what_query_regex_prints(client: TestClient, index: Path) -> None:
    answer = client.get("/", params={"q": "", "regex": PATTERN, "town": "泉溪", "format": "json"})
    printed = cli_output(index, ["query", "--regex", PATTERN, "--town", "泉溪", "--json"])
    assert timeless(answer.json()) == timeless(json.loads(printed))
    assert len(answer.json()["matches"]) == 2
    assert client.get("/", params={"regex": PATTERN, "format": "csv"}).text == \
        cli_output(index, ["query", "--regex", PATTERN, "-f", "csv"])


def test_the_page_lists_matches_with_their_captures(client: TestClient) -> None:
    html = unescape(client.get("/", params={"regex": PATTERN, "limit": "4"}).text)
    rows = re.findall(r'<tr class="match">(.*?)</tr>', html, re.S)
    assert len(rows) == 4 and "6 matches in 3 paragraphs, showing 1–4" in html
    assert "<td>屋场</td><td>3</td>" in rows[0]
    assert 'rel="next"' in html


def test_a_bad_pattern_is_the_cli_line(client: TestClient) -> None:
    answer = client.get("/", params={"regex": "召开("})
    assert answer.status_code == 400
    assert "Error: --regex '召开(' is not a valid regular expression" in unescape(answer.text)


def test_the_cli_time_limit_holds(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex, "TIMEOUT", 0.2)
    answer = client.get("/", params={"q": "召开", "regex": r"召开(.|.)*@@", "regex_timeout": "0"})
    assert answer.status_code == 400
    assert re.search(r"Error: --regex '召开\(\.\|\.\)\*@@' stopped at its 0\.2 s limit", unescape(answer.text))
