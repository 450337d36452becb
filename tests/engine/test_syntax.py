"""The query language parser: trees for valid input, one-line UsageErrors for the rest."""

from __future__ import annotations

import pytest

from search.engine.syntax import (
    And,
    Filter,
    Not,
    Or,
    Term,
    YearRange,
    clean_query,
    has_text,
    parse,
    positive_terms,
    split_filters,
    year_range,
    zero_hit_hints,
)
from search.errors import UsageError


def test_terms_are_anded_and_quotes_keep_spaces() -> None:
    assert parse('屋场恳谈会 "河长 制"') == And((Term("屋场恳谈会", False), Term("河长 制", True)))


def test_or_binds_looser_than_and_and_not_applies_to_one_operand() -> None:
    tree = parse("脱贫 攻坚 OR 疫情 NOT 防控")
    assert tree == Or((And((Term("脱贫", False), Term("攻坚", False))),
                       And((Term("疫情", False), Not(Term("防控", False))))))


def test_parentheses_group() -> None:
    assert parse("乡村振兴 (河长制 OR 厕所革命)") == And(
        (Term("乡村振兴", False), Or((Term("河长制", False), Term("厕所革命", False))))
    )


@pytest.mark.parametrize(
    "text, node",
    [
        ("town:荫田镇", Filter("town", "荫田镇")),
        ("section:存在问题", Filter("section", "存在问题")),
        ("year:2021", Filter("year", "2021")),
        ("year:[2019 TO 2021]", YearRange(2019, 2021)),
        ("year:2021..2019", YearRange(2019, 2021)),
        ("YEAR:[2019 to 2021]", YearRange(2019, 2021)),
    ],
)
def test_filters(text: str, node) -> None:  # type: ignore[no-untyped-def]
    assert parse(text) == node


def test_unknown_field_and_whoosh_syntax_are_plain_text() -> None:
    assert parse("http://x") == Term("http://x", False)
    assert parse("a*b?~^{}[]") == Term("a*b?~^{}[]", False)
    assert parse('"（一）"') == Term("（一）", True)


def test_what_a_chinese_keyboard_types_is_syntax() -> None:
    assert parse("“屋场恳谈会”") == parse("「屋场恳谈会」") == parse("『屋场恳谈会』") == Term("屋场恳谈会", True)
    assert parse("河长制，巡河、厕所；革命") == parse("河长制 巡河 厕所 革命")
    assert parse("乡村振兴 （河长制 OR 厕所革命）") == parse("乡村振兴 (河长制 OR 厕所革命)")
    assert parse("“河长，巡河（一）”") == Term("河长，巡河（一）", True)


def test_filters_are_lifted_out_of_the_query() -> None:
    rest, required, excluded = split_filters(parse("屋场恳谈会 town:泉溪 OR town:铁丝塘 NOT section:计划"))
    assert rest == Term("屋场恳谈会", False)
    assert required == [Filter("town", "泉溪"), Filter("town", "铁丝塘")]
    assert excluded == [Filter("section", "计划")]


@pytest.mark.parametrize("text, years", [("2021..", (2021, 9999)), ("..2021", (1000, 2021)),
                                         ("2021..2019", (2019, 2021)), ("2021", None), ("..", None)])
def test_open_year_ranges(text: str, years) -> None:  # type: ignore[no-untyped-def]
    assert year_range(text) == years


def test_zero_hit_hints_name_what_was_text() -> None:
    hints = " ".join(zero_hit_hints(parse("河长 or 巡河 -疫情 河*")))
    assert "OR" in hints and "NOT 疫情" in hints and "'*'" in hints


@pytest.mark.parametrize(
    "text, message",
    [
        ('"屋场', "unbalanced quote"),
        ("(河长", "unbalanced parenthesis"),
        ("河长)", "unexpected"),
        ("河长 AND", "ends where a term was expected"),
        ("OR 河长", "needs a term"),
        ("()", "empty parentheses"),
        ("year:[2019 TO", r"unbalanced \["),
        ("镇" * 10_001, "too long"),
    ],
)
def test_malformed(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse(text)


def test_empty_and_invisible_only_queries_parse_to_nothing() -> None:
    assert parse("") is None
    assert parse("  \u200b\x07 ") is None


def test_control_and_zero_width_characters_are_dropped() -> None:
    assert clean_query("屋场\u200b恳谈会\x1b") == "屋场恳谈会"


def test_positive_terms_skip_negated_ones_and_filters() -> None:
    tree = parse('河长 NOT 疫情 town:荫田 "2020年"')
    assert positive_terms(tree) == [Term("河长", False), Term("2020年", True)]
    assert not has_text(parse("NOT 疫情 town:荫田"))


def test_nesting_is_bounded_with_a_usage_error() -> None:
    assert parse("(" * 100 + "脱贫" + ")" * 100) == Term("脱贫", False)
    for deep in ("(" * 101 + "脱贫" + ")" * 101, "NOT " * 101 + "脱贫", "(" * 4999 + "脱贫" + ")" * 4999):
        with pytest.raises(UsageError, match="nested too deeply"):
            parse(deep)
