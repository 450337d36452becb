"""Terminal text of the research commands: bars, alignment by display width, safe corpus text."""

from __future__ import annotations

from search.render import Style, columns, research as views
from search.research.kwic import Occurrence
from search.research.reports import Report
from search.research.trend import Cell, Trend

PLAIN = Style(color=False)


def occurrence(left: str, match: str, right: str, line: int = 1) -> Occurrence:
    return Occurrence(f"a.txt:{line}", "a.txt", line, "泉溪镇", 2020, "工作总结", len(left), len(left) + len(match),
                      left, match, right)


def test_bars_grow_in_eighths_and_never_vanish_for_a_positive_value() -> None:
    assert views.bar(0, 10) == "" and views.bar(5, 0) == ""
    assert views.bar(10, 10, width=4) == "████"
    assert views.bar(1, 16, width=2) == "▏"
    assert views.bar(0.001, 100, width=4) == "▏"
    assert views.bar(3, 8, width=2) == "▊"


def test_kwic_matches_line_up_whatever_the_script_width_of_the_context() -> None:
    text = views.kwic_text([occurrence("abc", "河长制", "x"), occurrence("全镇推行", "河长制", "y", 2)], 5, PLAIN)
    first, second, summary = text.splitlines()
    assert columns(first[:first.index("河长制")]) == columns(second[:second.index("河长制")]) == 12
    assert summary == "2 occurrences in 2 paragraphs"


def test_corpus_text_is_shown_literally() -> None:
    text = views.kwic_text([occurrence("\x1b[31m", "河长制", "\x07")], 5, PLAIN)
    assert "\x1b" not in text and "\x07" not in text and "␛[31m" in text


def test_a_crosstab_marks_groups_without_reports() -> None:
    trend = Trend(("year", "town"), "report", (Cell((2020, "泉溪镇"), 1, 1), Cell((2021, "荫田镇"), 0, 2)))
    lines = views.trend_text(trend, share=False, style=PLAIN).splitlines()
    assert lines[0].split() == ["year", "\\", "town", "泉溪镇", "荫田镇"]
    assert lines[1].split() == ["2020", "1", "·"] and lines[2].split() == ["2021", "·", "0"]
    shares = views.trend_text(trend, share=True, style=PLAIN).splitlines()
    assert shares[1].split() == ["2020", "1.00", "·"] and "share of reports" in shares[-1]


def test_unknown_places_are_labelled() -> None:
    trend = Trend(("county",), "report", (Cell(("衡南县",), 2, 4), Cell((None,), 0, 1)))
    lines = views.trend_text(trend, share=False, style=PLAIN).splitlines()
    assert lines[1].split()[:4] == ["衡南县", "2", "4", "0.50"] and lines[2].split()[0] == "(unknown)"
    assert views._label(Report("a").county) == "(unknown)"


def test_shared_texts_say_when_only_some_are_shown() -> None:
    from search.models import Group, Member
    from search.research.dupes import Copy, Shared

    group = Group("k", (Member("a.txt", 3), Member("b.txt", 5)))
    reports = {"a.txt": Report("a.txt", town="泉溪镇", year=2020), "b.txt": Report("b.txt", town="荫田镇", year=2021)}
    text = "全面推行屋场恳谈会制度"
    found = Shared(group, tuple(Copy(m, text, "identical", 1.0, (), ()) for m in group.members))
    lines = views.shared_text([found], 3, reports, PLAIN).splitlines()
    assert lines[0] == "2 reports  全面推行屋场恳谈会制度"
    assert lines[1].split() == ["2020", "泉溪镇", "a.txt:3", "identical"]
    assert lines[2].split() == ["2021", "荫田镇", "b.txt:5", "identical"]
    assert lines[-1] == "3 shared texts, showing 1 (--limit N or --all for more)"
