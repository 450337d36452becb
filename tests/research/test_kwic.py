"""Keyword in context: one line per occurrence, in the report's characters, sorted three ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.engine.searcher import Filters, open_index
from search.models import Hit
from search.normalize import normalize
from search.research import kwic, workflows
from support import build_seeds_index


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return build_seeds_index(tmp_path_factory.mktemp("kwic") / "index")


def test_every_occurrence_is_a_line(index: Path) -> None:
    with open_index(index) as idx:
        _, lines = workflows.kwic_lines(idx, "屋场恳谈会", Filters(), use_variants=False)
    assert [(o.source[:3], o.line) for o in lines] == [("000", 3), ("000", 3), ("002", 5), ("002", 11)]
    assert all(o.match == "屋場懇談會" for o in lines)
    first, second = lines[0], lines[1]
    assert first.right.startswith("製度,截至12月") and second.left.endswith("全鎮共召開")
    assert all(len(o.left) <= 15 and len(o.right) <= 15 for o in lines)


def test_variants_add_their_occurrences(index: Path) -> None:
    with open_index(index) as idx:
        prepared, lines = workflows.kwic_lines(idx, "屋场恳谈会", Filters(), width=4, use_variants=True)
    assert [getattr(n, "norm", n) for n in prepared.needles] == ["屋场恳谈会", "屋场会"]
    assert [o.match for o in lines if o.line == 5] == ["屋場懇談會", "屋場會"]
    assert [o.right for o in lines if o.match == "屋場會"] == [",收集意"]


def test_overlapping_occurrences_are_one_line_and_neighbours_two() -> None:
    hit = Hit("a:1", "a", 1, "x", 2020, "工作总结", (), 0.0, "屋場懇談會屋場,哈哈哈", ())
    lines = kwic.occurrences([hit], ["屋场恳谈会", "屋场", "哈哈"], width=2)
    assert [(o.match, o.left, o.right) for o in lines] == [
        ("屋場懇談會", "", "屋場"), ("屋場", "談會", ",哈"), ("哈哈哈", "場,", "")]


def test_sorts_by_left_and_right_context(index: Path) -> None:
    with open_index(index) as idx:
        _, by_right = workflows.kwic_lines(idx, "屋场恳谈会", Filters(), sort="right", use_variants=False)
        _, by_left = workflows.kwic_lines(idx, "屋场恳谈会", Filters(), sort="left", use_variants=False)
    assert [o.right[:2] for o in by_right] == ["46", "58", "製度", "把黨"]
    assert [normalize(o.right) for o in by_right] == sorted(normalize(o.right) for o in by_right)
    assert [normalize(o.left)[::-1] for o in by_left] == sorted(normalize(o.left)[::-1] for o in by_left)
    assert {o.line for o in by_left} == {3, 5, 11}


def test_filters_apply(index: Path) -> None:
    with open_index(index) as idx:
        _, lines = workflows.kwic_lines(idx, "屋场恳谈会", Filters(towns=("铁丝塘",)), use_variants=False)
    assert {o.town for o in lines} == {"铁丝塘镇"} and len(lines) == 2
