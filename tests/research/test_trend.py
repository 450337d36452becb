"""Trends: counts per report, paragraph or occurrence by year (or crossed), every year listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from constructed import build_research_index

from search.engine.searcher import Filters, open_index
from search.research import trend, workflows
from search.research.reports import Report


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return build_research_index(tmp_path_factory.mktemp("trend"))


def counts(result: trend.Trend) -> dict[tuple, int]:
    return {cell.key: cell.count for cell in result.cells}


def test_reports_are_counted_once_by_year_in_date_order(index: Path) -> None:
    with open_index(index) as idx:
        _, result = workflows.trend_of(idx, "屋场恳谈会", Filters(), use_variants=False)
    assert [c.key for c in result.cells] == [(2019,), (2020,), (2021,), (2022,), (2023,)]
    assert counts(result) == {(2019,): 0, (2020,): 1, (2021,): 2, (2022,): 1, (2023,): 1}
    assert [c.reports for c in result.cells] == [1, 2, 3, 1, 1]
    assert result.cells[2].share == pytest.approx(2 / 3)


def test_paragraphs_and_occurrences(index: Path) -> None:
    with open_index(index) as idx:
        _, paragraphs = workflows.trend_of(idx, "屋场恳谈会", Filters(), per="paragraph", use_variants=False)
        _, occurrences = workflows.trend_of(idx, "屋场恳谈会", Filters(), per="occurrence", use_variants=False)
        _, with_variants = workflows.trend_of(idx, "屋场恳谈会", Filters(), per="occurrence", use_variants=True)
    assert counts(paragraphs)[(2023,)] == 2 and counts(occurrences)[(2023,)] == 2
    assert counts(occurrences)[(2020,)] == 2
    # 青石镇 2021 writes 屋场恳谈会 three times in all and 屋场会 three times
    assert counts(occurrences)[(2021,)] == 2 + 3
    assert counts(with_variants)[(2021,)] == 2 + 3 + 3
    assert counts(with_variants)[(2023,)] == 3


def test_crosstab_by_year_and_town(index: Path) -> None:
    with open_index(index) as idx:
        _, result = workflows.trend_of(idx, "屋场恳谈会", Filters(), by=("year", "town"), use_variants=False)
    found = counts(result)
    assert found[(2021, "青石镇")] == 1 and found[(2021, "荫田镇")] == 0 and found[(2023, "铁丝塘镇")] == 1
    assert [c.key[0] for c in result.cells] == sorted(c.key[0] for c in result.cells)


def test_filters_limit_the_reports_counted(index: Path) -> None:
    with open_index(index) as idx:
        _, result = workflows.trend_of(idx, "屋场恳谈会", Filters(towns=("泉溪",)), use_variants=False)
    assert counts(result) == {(2020,): 1, (2021,): 1}


def test_missing_values_come_last_and_unknown_reports_are_ignored() -> None:
    reports = {"a": Report("a", year=2020, county="衡南县"), "b": Report("b", year=2019)}
    result = trend.trend({"a": 1, "z": 1}, reports, by=("county",))
    assert [(c.key, c.count) for c in result.cells] == [(("衡南县",), 1), ((None,), 0)]


def test_by_is_checked() -> None:
    assert trend.parse_by("year,county") == ("year", "county")
    for bad in ("", "decade", "year,year", "year,town,kind"):
        with pytest.raises(ValueError):
            trend.parse_by(bad)


def test_place_filters_limit_the_reports_when_the_filters_have_them() -> None:
    """Reports are counted whole: their town, year, place and kind filters narrow them, resolved as
    the query's own filters are; a section filter does not, since every report has some section."""
    from search.research.workflows import reports
    from search.testing import temporary_index

    texts = {
        "a.txt": "衡南县泉溪镇2020年工作总结\n一、2020年工作总结\n全镇新修通组公路十二公里。\n",
        "b.txt": "荫田镇2019年工作总结\n一、2019年工作总结\n全镇完成植树造林三百亩。\n",
    }
    with temporary_index(texts) as index:
        assert set(reports(index, Filters(counties=("衡南縣",)))) == {"a.txt"}
        assert set(reports(index, Filters(years=(2019, 2019)))) == {"b.txt"}
        assert set(reports(index, Filters(towns=("荫田",)))) == {"b.txt"}
        assert set(reports(index, Filters(sections=("存在问题",)))) == {"a.txt", "b.txt"}
        assert set(reports(index, Filters())) == {"a.txt", "b.txt"}
