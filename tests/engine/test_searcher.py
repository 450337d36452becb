"""Matching, ranking, filters, facets and highlights on an index of the five seeds."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from search.engine.searcher import Filters, open_index
from search.errors import UsageError
from search.normalize import normalize
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
    if (not needle or any(ch.isspace() or ch in "()（）“”「」『』，、；" for ch in needle)
            or needle in ("AND", "OR", "NOT")):
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


def test_an_unknown_section_is_an_empty_result_that_names_the_nearest(idx) -> None:  # type: ignore[no-untyped-def]
    result = idx.search("", Filters(sections=("结论",)))
    assert result.total == 0 and "no section '结论' in the index; did you mean 工作总结?" in result.hints


@pytest.mark.parametrize(
    "filters, hint",
    [
        (Filters(towns=("北京",)), "no town '北京' in the index"),
        (Filters(towns=("阴田",)), "did you mean 荫田镇?"),
        (Filters(years=(2030, 2030)), "no report of 2030 in the index (years: 2019–2023)"),
    ],
)
def test_a_town_or_year_with_no_reports_is_an_empty_result_with_a_hint(idx, filters: Filters, hint: str) -> None:  # type: ignore[no-untyped-def]
    result = idx.search("", filters)
    assert result.total == 0 and result.hits == ()
    assert any(hint in h for h in result.hints), result.hints


def test_filters_inside_a_query_restrict_all_of_it(idx) -> None:  # type: ignore[no-untyped-def]
    either = idx.search("屋场恳谈会 town:泉溪 OR town:铁丝塘", limit=None)
    assert ids(either) == ids(idx.search("屋场恳谈会", limit=None))
    assert {h.town for h in either.hits} == {"泉溪镇", "铁丝塘镇"}
    assert ids(idx.search("屋场恳谈会 NOT town:泉溪", limit=None)) == {"002_d141e86c5727c802.txt:5",
                                                                      "002_d141e86c5727c802.txt:11"}


def test_open_year_ranges(idx) -> None:  # type: ignore[no-untyped-def]
    later = idx.search("", Filters(years=(2021, 9999)), limit=None)
    assert {h.year for h in later.hits} == {2021, 2023}
    assert {h.year for h in idx.search("year:..2020", limit=None).hits} == {2019, 2020}


def test_words_apart_match_when_the_split_has_pieces_no_word_covers(idx) -> None:  # type: ignore[no-untyped-def]
    glued = idx.search("河长巡河", limit=None)
    assert glued.total > 0 and ids(glued) == ids(idx.search("河长 巡河", limit=None))
    [split] = glued.segments
    assert split.pieces == ("河长", "巡河")
    assert split.literal == 0 and split.apart == glued.total
    spaced = idx.search("金秋送法护航万家", limit=None)
    assert "002_d141e86c5727c802.txt:11" in ids(spaced)


def test_a_bare_heading_does_not_outrank_a_paragraph_that_discusses_the_term(idx) -> None:  # type: ignore[no-untyped-def]
    from search.index.build import heading_only

    hits = idx.search("乡村振兴", limit=None).hits
    bare = [heading_only(h.text, h.heading) for h in hits]
    assert any(bare) and not all(bare)
    assert bare == sorted(bare)


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
    focus, hits = idx.paragraph("003_192b9e4ae9fa5ec2.txt:41", context=1)
    assert focus == "003_192b9e4ae9fa5ec2.txt:41" and [h.line for h in hits] == [39, 41, 43]
    assert hits[1].section == "工作计划"
    with pytest.raises(UsageError):
        idx.paragraph("nope.txt:1")


def test_show_takes_grep_paths_snaps_to_the_paragraph_and_shows_whole_reports(idx) -> None:  # type: ignore[no-untyped-def]
    assert idx.paragraph("seeds/003_192b9e4ae9fa5ec2.txt:41")[0] == "003_192b9e4ae9fa5ec2.txt:41"
    assert idx.paragraph("/any/where/003_192b9e4ae9fa5ec2.txt:42")[0] == "003_192b9e4ae9fa5ec2.txt:41"
    focus, whole = idx.paragraph("003_192b9e4ae9fa5ec2.txt")
    assert focus is None and len(whole) == idx.meta["files"]["003_192b9e4ae9fa5ec2.txt"]["paragraphs"]
    assert [h.line for h in whole] == sorted(h.line for h in whole)


def test_a_character_that_ends_a_paragraph_is_found_like_ctrl_f(idx) -> None:  # type: ignore[no-untyped-def]
    """A single character is looked up through the bigrams it starts; a paragraph's last
    character starts only the closing edge bigram."""
    last = sorted({text[-1] for text in NORMALISED.values() if text and quotable(text[-1])})
    assert len(last) > 3
    for char in last:
        assert ids(idx.search(f'"{char}"', limit=None)) == ctrl_f(char), char


def test_a_literal_hit_scores_by_the_term_alone_not_also_by_its_pieces(idx) -> None:  # type: ignore[no-untyped-def]
    """Pieces weigh only paragraphs that hold a term apart: a paragraph holding the term itself
    scores as it would for the quoted term."""
    exercised = 0
    for term in ("东湾镇", "脱贫攻坚产业", "人居环境整治", "乡村振兴工作", "防返贫"):
        unquoted = idx.search(term, limit=None)
        literal = ctrl_f(term)
        if not literal or len(idx.plan(term).needles[0].apart) < 2:
            continue
        exercised += 1
        quoted = {h.id: h.score for h in idx.search(f'"{term}"', limit=None).hits}
        assert {h.id: h.score for h in unquoted.hits if h.id in literal} == quoted
    assert exercised
