"""Copied text read from the generation a reader has open, whatever a build publishes meanwhile."""

from __future__ import annotations

from pathlib import Path

from constructed import build_research_index

from search.engine.searcher import Filters, SearchIndex, open_index
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


def test_an_open_index_reads_its_copies_from_any_thread_and_after_a_build(tmp_path: Path) -> None:
    """The server lends an open index to one request at a time, each on a thread of its own, and
    the index keeps its table open between them: a later request, on another thread and after a
    build has published, still reads the copies of the generation it has open."""
    from concurrent.futures import ThreadPoolExecutor

    index = build_research_index(tmp_path, with_seeds=False)
    prepared = workflows.prepare('"屋场恳谈会制度"')

    def copies_shown(idx: SearchIndex) -> set[tuple[str, int]]:
        _result, [first, *_] = workflows.folded_page(idx, prepared, Filters(), 10)
        return {(m.source, m.line) for m in first.near} | {(first.hit.source, first.hit.line)}

    with open_index(index) as idx:
        with ThreadPoolExecutor(1) as one:
            before = one.submit(copies_shown, idx).result()
        republish_with_other_copies(tmp_path / "corpus", index)
        with ThreadPoolExecutor(1) as another:
            after = another.submit(copies_shown, idx).result()
    assert before == after == {("q2021.txt", 6), ("qs2021.txt", 3), ("bs2022.txt", 3)}
