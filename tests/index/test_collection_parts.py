"""The reports of a collection page in the index: named name#2, cited by file line, kept, updated and
removed with their file, read back for their dropped lines, and no copies of one another."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.engine.filters import Filters
from search.engine.searcher import open_index
from search.index.build import build_index, rollback
from search.ingest import read_dropped
from search.research import dupes, workflows

ITEMS = (
    ("泉溪镇2021年工作总结", "2021年,泉溪镇党委政府团结带领全镇干部群众,扎实推进各项工作。", "全镇新修村道十二公里。"),
    ("蒲洼乡2022年工作总结", "2022年,我乡围绕乡村振兴目标,稳步推进各项工作。", "全乡新建茶园三百亩。"),
    ("大盂镇2023年工作总结", "2023年,大盂镇围绕年初目标,各项工作有序推进。", "全镇完成植树造林八百亩。"),
)
SHARED = "会议要求,各级干部要切实转变作风,把各项工作落到实处,确保全年目标任务圆满完成。"


def page(items: int = 3) -> str:
    lines = ["乡镇年度工作总结范文(精选多篇)", "发布时间:2024-01-05 阅读:321"]
    for number, (title, opening, body) in enumerate(ITEMS[:items], start=1):
        lines += [f"范文{'一二三'[number - 1]}", title, opening, "一、主要工作完成情况", body, SHARED]
    return "\n".join(lines) + "\n"


LONE = "泉溪镇2020年工作总结\n2020年,全镇稳步推进各项工作。\n一、主要工作\n全镇新修水渠三公里。\n"


def build(corpus: Path, index: Path) -> None:
    build_index(corpus, index, procs=1)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "farm.txt").write_text(page(), encoding="utf-8")
    (folder / "lone.txt").write_text(LONE, encoding="utf-8")
    return folder


def reports(index: Path) -> dict[str, tuple[object, object, object]]:
    with open_index(index) as idx:
        return {row["source"]: (row["town"], row["year"], row["title"]) for row in idx.documents()}


def test_each_item_is_a_report_named_by_its_file_and_number(corpus: Path, tmp_path: Path) -> None:
    build(corpus, tmp_path / "index")
    assert reports(tmp_path / "index") == {
        "farm.txt": ("泉溪镇", 2021, "泉溪镇2021年工作总结"),
        "farm.txt#2": ("蒲洼乡", 2022, "蒲洼乡2022年工作总结"),
        "farm.txt#3": ("大盂镇", 2023, "大盂镇2023年工作总结"),
        "lone.txt": ("泉溪镇", 2020, "泉溪镇2020年工作总结"),
    }


def test_a_hit_cites_its_item_and_the_files_own_line(corpus: Path, tmp_path: Path) -> None:
    build(corpus, tmp_path / "index")
    lines = page().split("\n")
    with open_index(tmp_path / "index") as idx:
        (hit,) = idx.search("茶园三百亩").hits
        assert (hit.citation, hit.town, hit.year) == ("farm.txt#2:13", "蒲洼乡", 2022)
        assert "茶园三百亩" in lines[hit.line - 1]
        assert idx.paragraph("farm.txt#2:13")[0] == "farm.txt#2:13"
        assert idx.paragraph("farm.txt:13:")[0] == "farm.txt#2:13"  # as grep -n prints the file's line
        assert idx.paragraph("farm.txt:5")[0] == "farm.txt:5"
        assert [h.source for h in idx.paragraph("farm.txt#3")[1]] == ["farm.txt#3"] * 5


def test_the_dropped_lines_of_every_item_are_read_from_its_file(corpus: Path, tmp_path: Path) -> None:
    build(corpus, tmp_path / "index")
    with open_index(tmp_path / "index") as idx:
        rows = {row["source"]: row for row in idx.documents()}
        root = idx.corpus_root(list(rows))  # name#2 is a report of a file inside the corpus
    assert [d["text"] for d in read_dropped(root, rows["farm.txt#2"])] == ["范文二"]
    assert [d["line"] for d in read_dropped(root, rows["farm.txt"])] == [1, 2, 3]


def test_an_update_keeps_replaces_and_removes_items_with_their_file(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build(corpus, index)
    before = reports(index)
    (corpus / "other.txt").write_text(LONE.replace("泉溪镇", "大盂镇"), encoding="utf-8")
    build(corpus, index)
    assert {k: v for k, v in reports(index).items() if k != "other.txt"} == before
    with open_index(index) as idx:
        assert idx.search("植树造林").total == 1

    (corpus / "farm.txt").write_text(page(items=2), encoding="utf-8")
    build(corpus, index)
    assert "farm.txt#3" not in reports(index) and "farm.txt#2" in reports(index)
    with open_index(index) as idx:
        assert idx.search("植树造林").total == 0 and idx.search("茶园").total == 1

    (corpus / "farm.txt").unlink()
    build(corpus, index)
    assert sorted(reports(index)) == ["lone.txt", "other.txt"]
    with open_index(index) as idx:
        assert idx.search("茶园").total == 0

    rollback(index)
    assert "farm.txt#2" in reports(index)


def test_items_of_one_page_are_not_copies_of_one_another(corpus: Path, tmp_path: Path) -> None:
    """The items share a closing sentence the page repeats: the page's, not a copy between reports;
    the same sentence in another file is one."""
    build(corpus, tmp_path / "index")
    with open_index(tmp_path / "index") as idx:
        assert workflows.shared_texts(idx, Filters())[0] == 0
        assert idx.copied_groups() == []
    (corpus / "lone.txt").write_text(LONE + SHARED + "\n", encoding="utf-8")
    build(corpus, tmp_path / "index")
    with open_index(tmp_path / "index") as idx:
        count, (group,) = workflows.shared_texts(idx, Filters())
    assert count == 1 and {m.source for m in group.group.members} >= {"farm.txt", "lone.txt"}


def test_a_folded_hit_counts_copies_in_other_files_only(corpus: Path, tmp_path: Path) -> None:
    (corpus / "lone.txt").write_text(LONE + SHARED + "\n", encoding="utf-8")
    build(corpus, tmp_path / "index")
    with open_index(tmp_path / "index") as idx:
        hits = idx.search('"切实转变作风"', limit=None).hits
        shown = dupes.collapse(hits, idx)
    first = shown[0]
    assert {m.source for m in first.identical} == ({"lone.txt"} if first.hit.source != "lone.txt"
                                                   else {"farm.txt", "farm.txt#2", "farm.txt#3"})
