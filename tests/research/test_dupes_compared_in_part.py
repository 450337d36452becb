"""What changed between two near-copies, compared without their common start and end, and the
towns a copy still names, looked up by its substrings: each as the whole comparison would say."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

import pytest

from search.models import CopiesOf, Hit, Member
from search.normalize import normalize
from search.research import dupes

PAIRS = [
    ("泉溪镇召开屋场恳谈会3次,收集意见120条。", "青石镇召开屋场恳谈会12次,收集意见64条。"),
    ("全镇新建茶园两千亩。", "全镇新建茶园两千亩,带动农户增收。"),
    ("带动农户增收。全镇新建茶园。", "全镇新建茶园。"),
    ("甲乙甲乙甲乙", "甲乙甲乙"),
    ("相同的一句话", "相同的一句话"),
    ("", "新增一句"),
    ("白沙乡2021年投入资金300万元,白沙乡群众满意", "白沙乡2022年投入资金450万元,洪山镇群众满意"),
]


def whole(first: str, other: str) -> tuple[tuple[str, str], ...]:
    a, b = dupes._runs(normalize(first)), dupes._runs(normalize(other))
    matcher = difflib.SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
    return tuple((dupes._cut(first, a, i1, i2), dupes._cut(other, b, j1, j2))
                 for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")


@pytest.mark.parametrize(("first", "other"), PAIRS)
def test_a_diff_without_the_common_ends_is_the_whole_diff(first: str, other: str) -> None:
    assert dupes.char_diff(first, other) == whole(first, other)
    assert dupes.char_diff(other, first) == whole(other, first)


def test_the_towns_a_copy_names_are_found_in_order_of_mention() -> None:
    towns = ["泉溪镇", "泉溪", "青石镇", "白沙乡", "洪山镇"]
    text = "学习青石镇和泉溪镇的做法,白沙乡也来取经。"
    assert dupes.other_towns(text, "白沙乡", towns) == ("青石镇", "泉溪", "泉溪镇")
    assert dupes.other_towns(text, "青石镇", towns) == ("泉溪", "泉溪镇", "白沙乡")
    assert dupes.other_towns("没有提到别处", None, towns) == ()


class Recording:
    """An index with no copies that records which paragraphs' keys a page asked for."""

    def __init__(self) -> None:
        self.asked: list[Member] = []

    def copy_keys(self, members: Sequence[Member]) -> dict[Member, dict[str, str]]:
        self.asked.extend(members)
        return {m: {"identical": f"i{m.line}", "near": f"n{m.line}", "masked": ""} for m in members}

    def copies_of(self, member: Member, keys: Mapping[str, str], cap: int) -> CopiesOf:
        return CopiesOf()


def test_a_page_reads_the_keys_of_the_hits_it_shows_not_of_those_fetched_to_fill_it() -> None:
    hits = [Hit(f"r{n}.txt:3", f"r{n}.txt", 3, "泉溪镇", 2020, "工作总结", (), 1.0, f"第{n}段", ()) for n in range(8)]
    index = Recording()
    shown = dupes.collapse(hits, index, ["泉溪镇"], limit=3)
    assert [c.hit.source for c in shown] == ["r0.txt", "r1.txt", "r2.txt"]
    assert [m.source for m in index.asked] == ["r0.txt", "r1.txt", "r2.txt"]
