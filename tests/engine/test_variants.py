"""Variants: the table, expansion on the query tree, writing a tree back, reading edits at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from search.engine import syntax as q, variants
from search.engine.searcher import Filters, open_index
from search.errors import UsageError
from search.research import workflows
from support import build_seeds_index

TABLE = variants.parse_table("屋场恳谈会 = 屋场会\n# comment\n\n柑橘 = 柑桔\n柑桔 = 桔子\n")


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return build_seeds_index(tmp_path_factory.mktemp("variants") / "index")


def test_groups_are_symmetric_and_merge_on_shared_entries() -> None:
    assert TABLE["屋场会"] == ("屋场恳谈会",) and TABLE["屋场恳谈会"] == ("屋场会",)
    assert set(TABLE["柑橘"]) == {"柑桔", "桔子"} and set(TABLE["桔子"]) == {"柑橘", "柑桔"}
    traditional = variants.parse_table("屋場懇談會 = 屋場會")
    assert traditional["屋场恳谈会"] == ("屋場會",)


@pytest.mark.parametrize("line", ["屋场会", "屋场会 =", "屋 场会 = 屋场恳谈会", '"a" = b', "a = (b)", "town:x = y"])
def test_malformed_lines_are_one_clear_error(line: str) -> None:
    with pytest.raises(UsageError, match=r"variants.txt:1: write variants as"):
        variants.parse_table(line)


def test_unquoted_terms_expand_quoted_never() -> None:
    text, found = variants.expand_query('屋场会 NOT "柑橘" (柑橘 OR 河长制)', TABLE)
    assert q.parse(text) == q.And((
        q.Or((q.Term("屋场会", False), q.Term("屋场恳谈会", True))),
        q.Not(q.Term("柑橘", True)),
        q.Or((q.Or((q.Term("柑橘", False), q.Term("柑桔", True), q.Term("桔子", True))), q.Term("河长制", False))),
    ))
    assert [e.term for e in found] == ["屋场会", "柑橘"]
    assert variants.explain(found)[0] == '屋场会 → 屋场会 OR "屋场恳谈会"'
    assert variants.expand_query('"屋场会" town:泉溪', TABLE) == ('"屋场会" town:泉溪', [])


def test_the_shipped_table_loads_and_has_the_documented_starters() -> None:
    table = variants.load()
    assert "屋场恳谈会" in table["屋场会"] and "柑橘" in table["柑桔"] and "河长制" in table["河湖长制"]


def test_edits_apply_to_the_next_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, index: Path) -> None:
    table = tmp_path / "variants.txt"
    table.write_text("柑橘 = 柑桔\n", encoding="utf-8")
    monkeypatch.setenv(variants.VARIANTS_ENV, str(table))
    with open_index(index) as idx:
        assert workflows.prepare("屋场会").expansions == ()
        table.write_text("屋场会 = 屋场恳谈会\n", encoding="utf-8")
        os.utime(table, ns=(1, 10**18))
        prepared = workflows.prepare("屋场会")
        result = workflows.search_all(idx, prepared, Filters())
    assert prepared.text == '屋场会 OR "屋场恳谈会"' and result.query == "屋场会"
    assert {h.id for h in result.hits} == {"000_38d5ad9ee7bf6a4c.txt:3", "002_d141e86c5727c802.txt:5",
                                           "002_d141e86c5727c802.txt:11"}
    marked = {h.text[s:e] for h in result.hits for s, e in h.highlights}
    assert {"屋場會", "屋場懇談會"} <= marked


def test_no_variants_searches_the_term_alone(index: Path) -> None:
    prepared = workflows.prepare("屋场会", use_variants=False)
    assert prepared.text == "屋场会" and prepared.expansions == () and prepared.needles == ("屋场会",)
    with open_index(index) as idx:
        plain = workflows.search_all(idx, prepared, Filters())
        quoted = workflows.search_all(idx, workflows.prepare('"屋场会"'), Filters())
    assert plain.hits[0].id == "002_d141e86c5727c802.txt:5"
    assert [h.id for h in quoted.hits] == ["002_d141e86c5727c802.txt:5"]


def test_a_missing_table_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variants.VARIANTS_ENV, str(tmp_path / "none.txt"))
    with pytest.raises(UsageError, match="cannot read the variants table"):
        variants.load()


WORDS = st.sampled_from(["屋场会", "河长制", "a", "5G", "(一)", "town:泉溪", "year:2020..2021", "section:计划",
                         '"2020年"', '"a b"', "foo:bar", "NOT", "AND", "OR", "(", ")", "柑橘", "（", "）", "，",
                         '“a"b”', "「x」", "『”」』"])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=12))
def test_writing_a_tree_back_parses_to_the_same_tree(words: list[str]) -> None:
    try:
        node = q.parse(" ".join(words))
    except UsageError:
        return
    assert q.parse(variants.to_query(node)) == node
    expanded, _ = variants.expand(node, TABLE)
    assert q.parse(variants.to_query(expanded)) == expanded


def test_a_query_too_long_once_expanded_says_so() -> None:
    text = " ".join(["屋场会"] * 2400)
    assert len(text) < q.MAX_QUERY_CHARS
    with pytest.raises(UsageError, match="once its variants are added.*--no-variants"):
        workflows.prepare(text)
    assert workflows.prepare(text, use_variants=False).text == text


@pytest.mark.parametrize("content", [None, b"\xff\xfe\x00bad"])
def test_an_unreadable_variants_table_is_one_clear_error(tmp_path: Path, content: bytes | None) -> None:
    table = tmp_path / "variants.txt"
    if content is None:
        table.mkdir()
    else:
        table.write_bytes(content)
    with pytest.raises(UsageError, match="cannot read the variants table"):
        variants.load(table)
