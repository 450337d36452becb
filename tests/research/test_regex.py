"""Regular expressions with captures: literal narrowing, refusal when unbounded, both scripts."""

from __future__ import annotations

from pathlib import Path

import pytest
from constructed import build_research_index

from search.engine.searcher import Filters, open_index
from search.errors import UsageError
from search.research import regex, workflows


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return build_research_index(tmp_path_factory.mktemp("regex"))


@pytest.mark.parametrize(("pattern", "literal"), [
    (r"召开屋场恳谈会(\d+)场", "召开屋场恳谈会"),
    (r"(屋场恳谈会)(\d+)场", "屋场恳谈会"),
    (r"共?召开(\d+)次", "召开"),
    (r"屋场(恳谈)?会", "屋场"),
    (r"河长|湖长", ""),
    (r"^收集(\d+)条$", "收集"),
])
def test_longest_literal_run(pattern: str, literal: str) -> None:
    assert regex.compile_pattern(pattern).literal == literal


def test_unbounded_patterns_are_refused_unless_a_query_narrows_them() -> None:
    pattern = regex.compile_pattern(r"(\d+)场")
    with pytest.raises(UsageError, match="would scan every paragraph"):
        regex.narrowing_query(pattern)
    assert regex.narrowing_query(pattern, "屋场恳谈会") == "(屋场恳谈会)"
    assert regex.narrowing_query(regex.compile_pattern(r"召开(\d+)场"), "a OR b") == '(a OR b) "召开"'


def test_invalid_patterns_are_one_clear_error() -> None:
    with pytest.raises(UsageError, match="not a valid regular expression"):
        regex.compile_pattern("召开(\\d+场")
    with pytest.raises(UsageError, match="not a valid regular expression"):
        regex.compile_pattern("召开a{4294967296}")


def test_traditional_pattern_and_full_width_digits_match_normalised_text(index: Path) -> None:
    with open_index(index) as idx:
        compiled, matches = workflows.regex_matches(idx, "", Filters(), r"召開屋場懇談會(\d+)場")
    assert compiled.columns == ("group1",)
    assert sorted(m.captures[0] for m in matches) == ["18", "40", "46", "7"]
    seed = next(m for m in matches if m.hit.source.startswith("000"))
    assert seed.match == "召開屋場懇談會46場" and seed.hit.text[seed.start:seed.end] == seed.match


def test_several_matches_in_one_paragraph_and_a_query_narrowing(index: Path) -> None:
    with open_index(index) as idx:
        _, matches = workflows.regex_matches(idx, "屋场会", Filters(towns=("青石",)), r"召开屋场会(\d+)场",
                                             use_variants=False)
        _, broad = workflows.regex_matches(idx, "屋场会", Filters(towns=("青石",)), r"(\d+)场")
    assert [m.captures for m in matches] == [("9",)]
    assert sorted(m.captures[0] for m in broad) == ["18", "2", "9"]


def test_full_width_parentheses_in_a_pattern_are_text() -> None:
    compiled = regex.compile_pattern("（一）(.{2})")
    assert compiled.regex.search("(一)全面") is not None and compiled.columns == ("group1",)
