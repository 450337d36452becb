"""Copied text read from the generation a reader has open, whatever a build publishes meanwhile."""

from __future__ import annotations

from pathlib import Path

from constructed import build_research_index

from search.engine.searcher import Filters, open_index
from search.index.build import build_index
from search.index.generations import current_generation
from search.research import workflows


def republish_with_other_copies(corpus: Path, index: Path) -> None:
    """A build whose copies differ from the open generation's: 白沙乡 no longer holds the copied
    paragraph, and a new first line moves 泉溪镇's copy from line 6 to line 7."""
    (corpus / "bs2022.txt").write_text("白沙乡2022年工作总结\n一、2022年工作总结\n(一)网格化管理全覆盖。\n",
                                       encoding="utf-8")
    report = corpus / "q2021.txt"
    report.write_text("泉溪镇人民政府\n" + report.read_text(encoding="utf-8"), encoding="utf-8")
    build_index(corpus, index, procs=1)


def test_shared_texts_and_folded_copies_come_from_the_open_generation(tmp_path: Path) -> None:
    index = build_research_index(tmp_path, with_seeds=False)
    with open_index(index) as idx:
        opened = idx.path
        republish_with_other_copies(tmp_path / "corpus", index)
        assert current_generation(index).path != opened
        total, [item] = workflows.shared_texts(idx, Filters())
        group, text = item.group, item.text
        prepared = workflows.prepare('"屋场恳谈会制度"')
        _result, shown = workflows.folded_page(idx, prepared, Filters(), None)
    assert total == 1
    assert [(m.source, m.line) for m in group.members] == [("q2021.txt", 6), ("qs2021.txt", 3), ("bs2022.txt", 3)]
    assert text.startswith("泉溪镇深入推进基层治理")
    folded, *others = shown
    assert {(m.source, m.line) for m in folded.near} | {(folded.hit.source, folded.hit.line)} == \
        {("q2021.txt", 6), ("qs2021.txt", 3), ("bs2022.txt", 3)}
    assert folded.identical == () and [o.near_of for o in others] == [folded.hit, folded.hit]


def test_the_live_generation_has_the_copies_the_build_left(tmp_path: Path) -> None:
    index = build_research_index(tmp_path, with_seeds=False)
    republish_with_other_copies(tmp_path / "corpus", index)
    with open_index(index) as idx:
        total, [item] = workflows.shared_texts(idx, Filters())
        group, text = item.group, item.text
    assert total == 1 and [(m.source, m.line) for m in group.members] == [("q2021.txt", 7), ("qs2021.txt", 3)]
    assert text.startswith("泉溪镇深入推进基层治理")
