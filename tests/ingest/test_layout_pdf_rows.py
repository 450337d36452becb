"""PDF rows joined back into paragraphs by where they end on the page, not by how many
characters they hold: a row that reaches the right margin wrapped, a shorter one ended."""

from __future__ import annotations

from search.ingest.layout import repair
from search.models import Line


def test_the_layout_repair_joins_rows_it_is_told_are_full_and_guesses_without() -> None:
    rows = (Line(1, "全镇完成造林三千亩。"), Line(2, "另外新修道路两条。"), Line(3, "二、存在的问题"))
    assert repair(rows, frozenset({1, 2})) == (Line(1, "全镇完成造林三千亩。另外新修道路两条。", end=2), rows[2])
    assert repair(rows) == rows
