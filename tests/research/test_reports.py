"""Report records from the index meta: optional fields, and fields a hit lacks taken from its report."""

from __future__ import annotations

from search.models import Hit
from search.research.reports import Report, reports_from_meta, value_of


def test_missing_or_empty_fields_are_none() -> None:
    found = reports_from_meta({
        "b.txt": {"town": "泉溪镇", "year": 2020, "county": "衡南县", "kind": "总结", "paragraphs": 21},
        "a.txt": {"town": "", "year": None, "title": "晓坪乡人民政府2020年度工作总结"},
    })
    assert list(found) == ["a.txt", "b.txt"]
    assert found["a.txt"] == Report("a.txt", title="晓坪乡人民政府2020年度工作总结")
    assert found["b.txt"].county == "衡南县" and found["b.txt"].province is None and found["b.txt"].paragraphs == 21


def test_a_hit_field_wins_over_its_report() -> None:
    reports = {"b.txt": Report("b.txt", town="泉溪镇", county="衡南县", title="泉溪镇2020年工作总结")}
    hit = Hit("b.txt:3", "b.txt", 3, "泉溪镇", 2020, "工作总结", (), 0.0, "…", ())
    assert value_of(hit, "title", reports) == "泉溪镇2020年工作总结"
    assert value_of(hit, "county", reports) == "衡南县"
    assert value_of(hit, "section", reports) == "工作总结"
    assert value_of(hit, "kind", reports) is None
