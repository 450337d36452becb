"""What keeps a search page small and cheap as an index grows: facet lists bounded in the HTML,
copies compared only for the hits a page shows, the report records built once a generation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from search.engine.searcher import open_index
from search.index.build import build_index
from search.models import Hit
from search.research import dupes, workflows
from search.testing import write_reports
from search.web import create_app, pages

SAFETY = "坚持安全生产月月查,对全镇企业和自建房开展拉网式排查,整改隐患一百余处。"
TOWNS = ["荫田镇", "柳林镇", "桃源镇", "石门乡", "龙潭镇", "泉溪镇", "青石镇", "白沙乡", "花桥镇", "松柏镇"]


def report(town: str, year: int) -> str:
    return "\n".join([f"{town}{year}年工作总结", f"一、{year}年工作总结", f"(一){town}{SAFETY}", ""])


@pytest.fixture()
def index(tmp_path: Path) -> Path:
    corpus = write_reports(tmp_path / "corpus",
                           {f"s{n:02d}.txt": report(town, 2010 + n) for n, town in enumerate(TOWNS)})
    build_index(corpus, tmp_path / "index", procs=1)
    return tmp_path / "index"


def test_a_facet_lists_its_most_frequent_values_and_says_how_many_it_leaves_out(
        index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "FACET_SHOWN", 2)
    monkeypatch.setattr(pages, "FACET_LISTED", 4)
    page = TestClient(create_app(index)).get("/", params={"q": "安全生产"}).text
    towns = re.search(r"<h2>town</h2>(.*?)</section>", page, re.S)
    assert towns is not None
    assert len(re.findall(r'class="facet" data-field="town"', towns.group(1))) == 4
    assert "6 more, each with fewer hits: type town:NAME in the query" in towns.group(1)


def test_copies_are_compared_only_for_the_hits_a_page_shows() -> None:
    hits = [Hit(f"r{n}.txt:3", f"r{n}.txt", 3, "泉溪镇", 2020, "工作总结", (), 1.0, f"第{n}段", ())
            for n in range(5)]
    assert [c.hit.source for c in dupes.collapse(hits, None, ["泉溪镇"], limit=2)] == ["r0.txt", "r1.txt"]
    assert len(dupes.collapse(hits, None, ["泉溪镇"])) == 5


def test_report_records_are_built_once_a_generation(index: Path) -> None:
    with open_index(index) as first:
        records = workflows.reports(first)
    with open_index(index) as again:
        assert workflows.reports(again) is records
    corpus = index.parent / "corpus"
    (corpus / "s99.txt").write_text(report("大盂镇", 2023), encoding="utf-8")
    build_index(corpus, index, procs=1)
    with open_index(index) as rebuilt:
        assert workflows.reports(rebuilt) is not records and "s99.txt" in workflows.reports(rebuilt)


def test_an_opened_index_serves_one_request_at_a_time_and_the_next_after_it(index: Path) -> None:
    from search.web.pool import Pool

    pool = Pool(index)
    with pool.opened() as first:
        with pool.opened() as meanwhile:
            assert meanwhile is not first
    with pool.opened() as later:
        assert later in (first, meanwhile)
    corpus = index.parent / "corpus"
    (corpus / "s98.txt").write_text(report("大盂镇", 2022), encoding="utf-8")
    build_index(corpus, index, procs=1)
    with pool.opened() as rebuilt:
        assert rebuilt not in (first, meanwhile) and "s98.txt" in rebuilt.meta["files"]
    pool.close()



def test_a_hit_links_its_first_copies_and_counts_them_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from search.web import views

    shared = "全镇组织群众议事会十二场,当场解决群众反映的道路、用水问题三十件,群众满意度明显提升。"
    corpus = write_reports(tmp_path / "corpus", {
        f"c{n}.txt": "\n".join([f"{town}2021年工作总结", "一、2021年工作总结", f"(一){shared}", ""])
        for n, town in enumerate(TOWNS[:4])})
    build_index(corpus, tmp_path / "index", procs=1)
    monkeypatch.setattr(views, "COPIES_LINKED", 2)
    page = TestClient(create_app(tmp_path / "index")).get("/", params={"q": "议事会"}).text
    copies = re.search(r'<details class="copies"><summary>\+3 identical in other reports</summary>(.*?)</details>',
                       page, re.S)
    assert copies is not None
    assert copies.group(1).count('hx-boost="false">') == 2 and "and 1 more" in copies.group(1)
