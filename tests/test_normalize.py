"""normalize(): one character to one character, both scripts to Simplified, widths and case folded."""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given, settings, strategies as st

from search import normalize as N
from search.normalize import normalize


def test_length_is_preserved_on_every_seed(seed) -> None:
    normalized = normalize(seed.text)
    assert len(normalized) == len(seed.text)
    for line in seed.lines:
        assert len(normalize(line)) == len(line)


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("全麵", "全面"),
        ("機製", "机制"),
        ("體係", "体系"),
        ("屋場懇談會", "屋场恳谈会"),
        ("著", "着"),
        ("批覆", "批复"),
        ("瞭解", "了解"),
        ("ＡＢ５", "ab5"),
        ("ABC", "abc"),
        ("（一）", "(一)"),
        ("一、２０２０年工作總結：", "一、2020年工作总结:"),
        ("\u3000荫田镇", " 荫田镇"),
        ("關鍵詞２", "关键词2"),
    ],
)
def test_folds_script_width_and_case(original: str, expected: str) -> None:
    assert normalize(original) == expected


def test_leaves_simplified_text_and_chinese_punctuation_alone() -> None:
    text = "荫田镇2021年度工作总结及2022年工作计划,“两委”换届。"
    assert normalize(text) == text


def test_seed_substrings_normalise_to_substrings(seed) -> None:
    """Ctrl+F parity: every line of a seed normalises to exactly its slice of the whole."""
    whole = normalize(seed.text)
    offset = 0
    for line in seed.lines:
        assert whole[offset : offset + len(line)] == normalize(line)
        offset += len(line) + 1


@pytest.mark.parametrize("config", ["t2s", "s2t", "s2tw"])
def test_opencc_conversion_of_a_seed_normalises_like_the_seed(seed, config: str) -> None:
    """OpenCC's phrase-aware conversions and our per-character table agree on every seed, so a
    query in either script finds the report in either script (批复 in 001 is 批覆 after s2t)."""
    converted = opencc.OpenCC(config).convert(seed.text)
    assert len(converted) == len(seed.text)
    assert normalize(converted) == normalize(seed.text)


@settings(max_examples=300, database=None, deadline=None)
@given(
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFFEF, exclude_categories=("Cs",))),
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFFEF, exclude_categories=("Cs",))),
)
def test_is_a_homomorphism(a: str, b: str) -> None:
    assert normalize(a + b) == normalize(a) + normalize(b)
    assert len(normalize(a)) == len(a)


def test_is_idempotent_on_every_mapped_character() -> None:
    """A chain like 薴→苧→苎 must be followed to its end, or a query typed as 苧 misses 薴."""
    chars = "".join(chr(code) for code in N._translation())
    once = normalize(chars)
    assert normalize(once) == once
    assert normalize("薴") == normalize("苧") == "苎"
    assert normalize("\ufa5f") == "着"


def test_shipped_table_is_opencc_t2s_per_character() -> None:
    """A stale data/t2s.tsv (OpenCC upgraded, table not regenerated) fails here."""
    shipped: dict[str, str] = {}
    for row in N._read_table_text().splitlines():
        src, dst = row.split("\t")
        assert src not in shipped, f"duplicate row for {src}"
        shipped[src] = dst
    assert shipped == N.build_t2s_table()


def test_version_changes_with_the_mapping(monkeypatch: pytest.MonkeyPatch) -> None:
    """An index built with another mapping must be recognised as incompatible."""
    before = N.version()
    monkeypatch.setattr(N, "EXTRA_FOLDS", {**N.EXTRA_FOLDS, "丂": "万"})
    N._translation.cache_clear()
    N.version.cache_clear()
    try:
        assert N.version() != before
    finally:
        monkeypatch.undo()
        N._translation.cache_clear()
        N.version.cache_clear()
    assert N.version() == before


def test_inline_pinyin_is_not_matched_and_spans_map_back() -> None:
    text = "全鄉(xiāng)鎮(zhèn)幹部參加培訓(2020)"
    view, offsets = N.matching_view(text)
    assert view == "全乡镇干部参加培训(2020)"
    start = view.index("乡镇")
    assert text[slice(*N.original_span(offsets, start, start + 2))] == "鄉(xiāng)鎮"
    assert N.matching_view("一、(一)加强党建(2020年)") == ("一、(一)加强党建(2020年)", None)
    assert N.without_pinyin(normalize("城關(guān)鎮(zhèn)")) == "城关镇"


def test_a_query_finds_words_split_by_inline_pinyin(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from search.engine.searcher import open_index
    from search.index.build import build_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "p.txt").write_text("下管鎮(zhèn)2014年工作總結(jié)\n全鄉(xiāng)鎮(zhèn)幹部參加培訓。\n",
                                  encoding="utf-8")
    build_index(corpus, tmp_path / "index", procs=1)
    with open_index(tmp_path / "index") as idx:
        result = idx.search("乡镇", limit=None)
    (hit,) = result.hits
    assert hit.line == 2 and [hit.text[s:e] for s, e in hit.highlights] == ["鄉(xiāng)鎮"]
    assert hit.town == "下管镇" and hit.county == "上虞区"
