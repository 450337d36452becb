"""A hit's copies as a page shows them (`copies_of`): counted in full, listed up to a cap, and the
same paragraphs the full groups of the copied-text table hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.engine.searcher import open_index
from search.index.build import build_index
from search.index.copies import Member
from search.models import Group
from search.research import dupes
from search.sources import file_of

TOWNS = ("泉溪镇", "青石镇", "白沙乡", "蒲洼乡", "大盂镇")
SAME = "全镇组织群众议事会十二场,当场解决群众反映的道路、用水问题三十件,群众满意度明显提升。"
TEMPLATE = "{town}今年新建高标准农田{n}亩,完成土地流转{m}亩,带动农户增收致富,农业基础更加牢固。"
ITEM = ("范文{number}", "{town}2022年工作总结", "2022年,{town}稳步推进各项工作。", "一、主要工作完成情况")


def report(town: str, n: int) -> str:
    return "\n".join([f"{town}2021年工作总结", "一、2021年工作总结", SAME,
                      TEMPLATE.format(town=town, n=100 + 7 * n, m=30 + n), ""])


def collection() -> str:
    """A page of two reports that share both paragraphs with the others (and with each other)."""
    lines = ["乡镇年度工作总结范文(精选多篇)"]
    for number, town in enumerate(("石门乡", "柳林镇"), start=1):
        lines += [line.format(number="一二"[number - 1], town=town) for line in ITEM]
        lines += [SAME, TEMPLATE.format(town=town, n=500 + number, m=90 + number)]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("listed")
    corpus = root / "corpus"
    corpus.mkdir()
    for n, town in enumerate(TOWNS):
        (corpus / f"r{n}.txt").write_text(report(town, n), encoding="utf-8")
    (corpus / "farm.txt").write_text(collection(), encoding="utf-8")
    build_index(corpus, root / "index", procs=1)
    return root / "index"


def elsewhere(group: Group | None, member: Member, besides: set[Member] = frozenset()) -> list[Member]:
    if group is None:
        return []
    return [m for m in group.members if file_of(m.source) != file_of(member.source) and m not in besides]


@pytest.mark.parametrize("cap", [1, 3, 100])
def test_each_paragraph_lists_the_members_of_its_groups_in_other_files(index: Path, cap: int) -> None:
    with open_index(index) as idx:
        identical = {m: g for g in idx.copied_groups(kind=dupes.IDENTICAL) for m in g.members}
        near = {m: g for g in idx.copied_groups(kind=dupes.NEAR) for m in g.members}
        members = sorted(set(identical) | set(near), key=lambda m: (m.source, m.line))
        keys = idx.copy_keys(members)
        listed = {m: idx.copies_of(m, keys[m], cap) for m in members}
    assert len(members) == 14 and {m.source for m in members} >= {"farm.txt", "farm.txt#2"}
    for member, found in listed.items():
        same = elsewhere(identical.get(member), member)
        alike = elsewhere(near.get(member), member, set(same))
        assert found.identical.total == len(same) and list(found.identical.members) == same[:cap]
        assert found.near.total == len(alike) and list(found.near.members) == alike[:cap]
        assert found.templated == bool(elsewhere(near.get(member), member))


def test_a_page_counts_every_copy_and_folds_the_items_of_one_page_together(index: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dupes, "LISTED", 2)
    with open_index(index) as idx:
        hits = idx.search('"群众议事会十二场"', limit=None).hits
        shown = dupes.collapse(hits, idx, idx.towns)
    [first] = shown
    assert len(hits) == 7 and first.identical_total == 5 and len(first.identical) == 2
    assert file_of(first.hit.source) not in {file_of(m.source) for m in first.identical}
