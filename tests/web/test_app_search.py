"""The search page: hits as HTML, and `?format=json|csv` the very records `search query` writes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from twins import cli_output, timeless

from search.web import create_app
from support import build_seeds_index


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seeds_index(tmp_path_factory.mktemp("web-search") / "index")


@pytest.fixture(scope="module")
def client(index: Path) -> TestClient:
    return TestClient(create_app(index))




@pytest.mark.parametrize(("params", "args"), [
    ({"q": "屋场恳谈会"}, ["屋场恳谈会"]),
    ({"q": "河长制 巡河", "town": "荫田"}, ["河长制", "巡河", "--town", "荫田"]),
    ({"section": "问题", "year": "2020"}, ["--section", "问题", "--year", "2020"]),
    ({"q": "党建", "limit": "3"}, ["党建", "--limit", "3"]),
    ({"q": "党建", "year": ["2019..2020", "2023"]}, ["党建", "-y", "2019..2020", "-y", "2023"]),
])
def test_the_json_twin_is_what_the_cli_prints(client: TestClient, index: Path, params: dict[str, str],
                                              args: list[str]) -> None:
    answer = client.get("/", params={**params, "format": "json"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert timeless(answer.json()) == timeless(json.loads(cli_output(index, ["query", *args, "--json"])))


def test_the_csv_twin_is_what_the_cli_writes(client: TestClient, index: Path) -> None:
    answer = client.get("/", params={"q": "党建", "town": "荫田", "format": "csv"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.text == cli_output(index, ["query", "党建", "--town", "荫田", "-f", "csv"])


def test_the_page_lists_the_hits_with_citations_linking_to_their_report(client: TestClient) -> None:
    data = client.get("/", params={"q": "屋场恳谈会", "format": "json"}).json()
    html = client.get("/", params={"q": "屋场恳谈会"}).text
    assert re.search(r'<form id="search"[^>]*>', html) and '<input id="q" name="q"' in html
    assert html.count('<li class="hit">') == data["total"] == len(data["hits"])
    for hit in data["hits"]:
        assert f'<a class="cite" href="/report/{hit["source"]}#L{hit["line"]}"' in html
    assert "<mark>" in html


def test_an_empty_search_shows_the_form_and_how_many_reports(client: TestClient) -> None:
    html = client.get("/").text
    assert '<input id="q"' in html and 'id="hits"' not in html
    assert "5 reports indexed" in html
