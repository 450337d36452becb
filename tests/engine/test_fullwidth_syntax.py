"""A Chinese keyboard in full-width mode: its operators, colons and digits are the query syntax
they look like, while full-width text stays text."""

from __future__ import annotations

import pytest

from search.engine import syntax as q


@pytest.mark.parametrize(("typed", "meant"), [
    ("党建 ＯＲ 巡河", "党建 OR 巡河"),
    ("党建 ＮＯＴ 党委", "党建 NOT 党委"),
    ("党建 ＡＮＤ 巡河", "党建 AND 巡河"),
    ("党建 town：荫田", "党建 town:荫田"),
    ("党建 ｔｏｗｎ：荫田", "党建 town:荫田"),
    ("党建 year：２０２１", "党建 year:2021"),
    ("党建 year：２０１９．．２０２１", "党建 year:2019..2021"),
    ("「党建」 ＯＲ “巡河”", '"党建" OR "巡河"'),
])
def test_full_width_syntax_parses_as_half_width(typed: str, meant: str) -> None:
    assert q.parse(typed) == q.parse(meant)


@pytest.mark.parametrize("text", ["ＯＲＧ", "ＡＢＣ", "比例：３０％", "５Ｇ"])
def test_full_width_text_stays_text(text: str) -> None:
    assert q.parse(text) == q.Term(text, False)
