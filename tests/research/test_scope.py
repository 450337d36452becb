"""Report scope: a report matches when its paragraphs together satisfy the query."""

from __future__ import annotations

from pathlib import Path

import pytest
from constructed import build_research_index

from search.engine import syntax as q
from search.engine.searcher import Filters, open_index
from search.research import scope, workflows


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return build_research_index(tmp_path_factory.mktemp("scope"))


def test_terms_in_different_paragraphs_match_the_report(index: Path) -> None:
    with open_index(index) as idx:
        paragraphs = idx.search("屋场恳谈会 网格", Filters(), limit=None)
        _, groups = workflows.report_scope(idx, "屋场恳谈会 网格", Filters(), use_variants=False)
    assert {h.source for h in paragraphs.hits} == {"000_38d5ad9ee7bf6a4c.txt"}
    assert [g.source for g in groups] == ["000_38d5ad9ee7bf6a4c.txt", "002_d141e86c5727c802.txt", "bs2022.txt"]
    bs = groups[-1]
    assert bs.town == "白沙乡" and bs.year == 2022 and [h.line for h in bs.hits] == [3, 4]
    assert all("屋場懇談會" in h.text or "屋场恳谈会" in h.text or "網格" in h.text or "网格" in h.text
               for g in groups for h in g.hits)


def test_or_not_and_filters_inside_the_query(index: Path) -> None:
    with open_index(index) as idx:
        _, without = workflows.report_scope(idx, "屋场恳谈会 NOT 网格", Filters(), use_variants=False)
        _, in_town = workflows.report_scope(idx, "屋场恳谈会 town:泉溪", Filters(), use_variants=False)
        _, filtered = workflows.report_scope(idx, "屋场恳谈会", Filters(years=(2021, 2022)), use_variants=False)
    assert [g.source for g in without] == ["q2021.txt", "qs2021.txt"]
    with open_index(index) as idx:
        _, never = workflows.report_scope(idx, "NOT 屋场恳谈会", Filters(years=(2020, 2021)), use_variants=False)
    assert [(g.source, g.hits) for g in never] == [("001_51484330ba6a2c91.txt", ()), ("004_788a321da40b58ee.txt", ())]
    assert [g.source for g in in_town] == ["000_38d5ad9ee7bf6a4c.txt", "q2021.txt"]
    assert [g.source for g in filtered] == ["bs2022.txt", "q2021.txt", "qs2021.txt"]


def test_a_report_matched_through_not_alone_is_listed_without_paragraphs() -> None:
    node = q.parse("NOT 河长制")
    holds = {q.Term("河长制", False): {"a"}}
    matched = scope.matching_reports(node, lambda leaf: holds[leaf], {"a", "b"})
    assert matched == {"b"}
    [group] = scope.group([], matched, {})
    assert group.source == "b" and group.hits == ()
