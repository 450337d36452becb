"""Matching, ranking, filters, facets and highlights on an index of the five seeds."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.errors import UsageError
from search.normalize import normalize
from search.searcher import Filters, open_index
from support import build_seeds_index, seed_paragraphs

PARAGRAPHS = seed_paragraphs()
NORMALISED = {p.id: normalize(p.text) for p in PARAGRAPHS}
ALPHABET = sorted({ch for text in NORMALISED.values() for ch in text})
S2T = opencc.OpenCC("s2t")
T2S = opencc.OpenCC("t2s")


@pytest.fixture(scope="module")
def idx(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = build_seeds_index(tmp_path_factory.mktemp("index"))
    with open_index(path) as index:
        yield index


def ids(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {hit.id for hit in result.hits}


def ctrl_f(needle: str) -> set[str]:
    """What Ctrl+F finds after script normalisation: the reference for quoted queries."""
    norm = normalize(needle)
    return {pid for pid, text in NORMALISED.items() if norm in text}


@st.composite
def substrings(draw) -> str:  # type: ignore[no-untyped-def]
    text = draw(st.sampled_from(sorted(NORMALISED.values())))
    start = draw(st.integers(0, len(text) - 1))
    length = draw(st.integers(1, 12))
    return text[start : start + length]


def quotable(text: str) -> bool:
    return '"' not in text and bool(text.strip())


def test_wuchang_kentanhui_finds_the_three_paragraphs_in_any_script(idx) -> None:  # type: ignore[no-untyped-def]
    simplified = idx.search("屋场恳谈会", limit=None)
    traditional = idx.search("屋場懇談會", limit=None)
    where = sorted((h.source[:3], h.line) for h in simplified.hits)
    assert where == [("000", 3), ("002", 5), ("002", 11)]
    assert ids(simplified) == ids(traditional)
    for hit in simplified.hits:
        assert hit.highlights
        for start, end in hit.highlights:
            assert hit.text[start:end] == "屋場懇談會"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(needle=substrings())
def test_quoted_query_equals_ctrl_f_on_corpus_substrings(idx, needle: str) -> None:  # type: ignore[no-untyped-def]
    if not quotable(needle):
        return
    assert ids(idx.search(f'"{needle}"', limit=None)) == ctrl_f(needle)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(needle=st.text(alphabet=ALPHABET, min_size=1, max_size=4))
def test_quoted_query_equals_ctrl_f_on_random_strings(idx, needle: str) -> None:  # type: ignore[no-untyped-def]
    if not quotable(needle):
        return
    assert ids(idx.search(f'"{needle}"', limit=None)) == ctrl_f(needle)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(needle=substrings())
def test_unquoted_term_finds_at_least_ctrl_f_and_ranks_literal_first(idx, needle: str) -> None:  # type: ignore[no-untyped-def]
    needle = needle.replace('"', "").strip()
    if not needle or any(ch.isspace() or ch in "()" for ch in needle) or needle in ("AND", "OR", "NOT"):
        return
    if ":" in needle:
        return
    result = idx.search(needle, limit=None)
    literal = ctrl_f(needle)
    assert literal <= ids(result)
    order = [hit.id in literal for hit in result.hits]
    assert order == sorted(order, reverse=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(needle=substrings())
def test_traditional_and_simplified_queries_agree(idx, needle: str) -> None:  # type: ignore[no-untyped-def]
    if not quotable(needle):
        return
    simplified, traditional = T2S.convert(needle), S2T.convert(needle)
    assume_same_length = len(simplified) == len(traditional) == len(needle)
    if not assume_same_length:
        return
    assert ids(idx.search(f'"{simplified}"', limit=None)) == ids(idx.search(f'"{traditional}"', limit=None))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(needle=substrings())
def test_every_highlight_normalised_matches_the_query(idx, needle: str) -> None:  # type: ignore[no-untyped-def]
    if not quotable(needle):
        return
    target = normalize(needle)
    for hit in idx.search(f'"{needle}"', limit=None).hits:
        assert hit.highlights
        norm = normalize(hit.text)
        covered = [False] * len(norm)
        for start, end in hit.highlights:
            assert target in norm[start:end]
            for i in range(start, end):
                covered[i] = True
        position = norm.find(target)
        while position >= 0:
            assert all(covered[position : position + len(target)])
            position = norm.find(target, position + 1)


@pytest.mark.parametrize("needle", ["镇", "2020年", "5G", "46场次", "河长", "初心", "解決。2020", "(一)"])
def test_short_digits_latin_and_punctuation_match_like_ctrl_f(idx, needle: str) -> None:  # type: ignore[no-untyped-def]
    assert ids(idx.search(f'"{needle}"', limit=None)) == ctrl_f(needle)


def test_word_inside_a_longer_word_is_found(idx) -> None:  # type: ignore[no-untyped-def]
    found = ids(idx.search("河长", limit=None))
    assert found >= ctrl_f("河长制")
    assert found == ctrl_f("河长") | found


def test_unquoted_compound_matches_its_words_apart_after_literal_hits(idx) -> None:  # type: ignore[no-untyped-def]
    result = idx.search("脱贫攻坚产业发展", limit=None)
    literal = ctrl_f("脱贫攻坚产业发展")
    apart = {pid for pid, text in NORMALISED.items() if all(w in text for w in ("脱贫攻坚", "产业", "发展"))}
    assert literal <= ids(result)
    assert apart - literal, "the seeds have paragraphs with the words apart"
    assert apart <= ids(result)


def test_boolean_operators_and_filters(idx) -> None:  # type: ignore[no-untyped-def]
    both = ids(idx.search("河长制 巡河", limit=None))
    assert both >= ctrl_f("河长制") & ctrl_f("巡河") and both
    either = ids(idx.search('"河长制" OR "厕所革命"', limit=None))
    assert either == ctrl_f("河长制") | ctrl_f("厕所革命")
    without = ids(idx.search('"疫情" NOT "防控"', limit=None))
    assert without == ctrl_f("疫情") - ctrl_f("防控")
    grouped = ids(idx.search('"乡村振兴" AND ("河长制" OR "厕所革命")', limit=None))
    assert grouped == ctrl_f("乡村振兴") & (ctrl_f("河长制") | ctrl_f("厕所革命"))
    in_town = idx.search('"乡村振兴" town:荫田', limit=None)
    assert {h.town for h in in_town.hits} == {"荫田镇"}
    assert ids(in_town) == {p.id for p in PARAGRAPHS if p.town == "荫田镇"} & ctrl_f("乡村振兴")
    in_years = idx.search('"脱贫" year:[2019 TO 2020]', limit=None)
    assert {h.year for h in in_years.hits} <= {2019, 2020} and in_years.total > 0
    problems = idx.search('section:问题 "人员"', limit=None)
    assert {h.section for h in problems.hits} == {"存在问题"}


def test_browsing_a_section_lists_problem_paragraphs_of_every_report_in_document_order(idx) -> None:  # type: ignore[no-untyped-def]
    result = idx.search("", Filters(sections=("存在问题",)), limit=None)
    expected = [p for p in PARAGRAPHS if p.section == "存在问题"]
    assert [h.id for h in result.hits] == [p.id for p in expected]
    assert set(result.facets["town"]) == {"泉溪镇", "晓坪乡", "铁丝塘镇", "洪山镇", "荫田镇"}
    assert result.total == len(expected)


def test_filters_accept_either_script_suffixless_towns_and_aliases(idx) -> None:  # type: ignore[no-untyped-def]
    a = idx.search("", Filters(towns=("鐵絲塘",), sections=("計劃",)), limit=None)
    b = idx.search("", Filters(towns=("铁丝塘镇",), sections=("工作计划",)), limit=None)
    assert ids(a) == ids(b) and a.total > 0
    assert {h.section for h in a.hits} == {"工作计划"}


@pytest.mark.parametrize(
    "filters, message",
    [
        (Filters(towns=("北京",)), "unknown town"),
        (Filters(sections=("结论",)), "unknown section"),
        (Filters(years=(2030, 2030)), "unknown year"),
    ],
)
def test_unknown_filter_values_list_the_valid_ones(idx, filters: Filters, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match=message) as error:
        idx.search("", filters)
    assert "valid" in str(error.value)


def test_facets_count_the_whole_result_not_the_page(idx) -> None:  # type: ignore[no-untyped-def]
    result = idx.search('"镇"', limit=2)
    assert len(result.hits) == 2
    assert result.total == len(ctrl_f("镇"))
    assert sum(result.facets["town"].values()) == result.total
    assert sum(result.facets["section"].values()) == result.total


@pytest.mark.parametrize("query", ['"abc', "(河长", "河长)", "AND", "河长 OR", "NOT", '""', "()"])
def test_malformed_queries_raise_usage_errors(idx, query: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError):
        idx.search(query)


def test_show_returns_a_paragraph_with_its_neighbours(idx) -> None:  # type: ignore[no-untyped-def]
    hits = idx.paragraph("003_192b9e4ae9fa5ec2.txt:41", context=1)
    assert [h.line for h in hits] == [39, 41, 43]
    assert hits[1].section == "工作计划"
    with pytest.raises(UsageError):
        idx.paragraph("nope.txt:1")
