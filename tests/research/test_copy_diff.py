"""A copy's changes in place: the pieces rebuild both texts, and the pieces that differ are the
changes `search dupes` lists."""

from __future__ import annotations

import pytest

from search.research.copy_diff import DELETED, INSERTED, SAME, pieces
from search.research.dupes import char_diff

PAIRS = [
    ("本镇2021年修建村道30公里，群众出行更方便。", "我乡2022年修建村道120公里，群众出行更加方便。"),
    ("全镇開展環境整治行动。", "全镇开展环境整治行动，清理垃圾五百吨。"),
    ("一样的文字。", "一样的文字。"),
    ("", "新增一段。"),
]


@pytest.mark.parametrize(("first", "other"), PAIRS)
def test_pieces_rebuild_both_texts(first: str, other: str) -> None:
    found = pieces(first, other)
    assert "".join(text for kind, text in found if kind != DELETED) == other
    assert all(text for _kind, text in found)


def test_changed_pieces_are_the_listed_changes() -> None:
    first, other = PAIRS[0]
    found = pieces(first, other)
    changed = [text for kind, text in found if kind != SAME]
    listed = [text for old, new in char_diff(first, other) for text in (old, new) if text]
    assert changed == listed
    assert (DELETED, "30") in found and (INSERTED, "120") in found


def test_a_change_of_script_alone_is_kept_text() -> None:
    assert pieces("全镇開展環境整治行动。", "全镇开展环境整治行动。") == ((SAME, "全镇开展环境整治行动。"),)
