"""Copied paragraphs: the key, its computation at index time (incremental), collapsing, listing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from constructed import COPIED, build_research_index

from search.engine.searcher import Filters, open_index
from search.index import copies
from search.index.build import build_index
from search.index.generations import current_generation
from search.models import Group, Member
from search.research import dupes, workflows
from search.research.reports import Report


def live_groups(index: Path) -> list[Group]:
    with open_index(index) as idx:
        return idx.copied_groups()


def live_sources(index: Path) -> set[str]:
    return copies.recorded_sources(current_generation(index).path)


def test_town_names_numbers_and_punctuation_do_not_count() -> None:
    a = COPIED.format(town="泉溪镇", n=40, m=120)
    b = COPIED.format(town="青石镇", n=18, m=64).replace(",", "，")
    c = COPIED.format(town="白沙乡", n=7, m=30)
    assert copies.key(a, "泉溪镇") == copies.key(b, "青石镇") == copies.key(c, "白沙乡") is not None
    assert copies.key_text("泉溪镇召开会议3次,泉溪群众满意。", "泉溪镇") == "召开会议次群众满意"
    assert copies.key_text("城东街道召开会议,城东群众满意。", "城东街道") == "召开会议群众满意"
    assert copies.key("泉溪鎮召開會議三次,全鎮群眾滿意度持續提升,收集意見建議一百二十條。", "泉溪镇") == \
        copies.key("青石镇召开会议5次,全乡群众满意度持续提升,收集意见建议64条。", "青石镇")


def test_a_changed_word_or_a_short_line_is_not_a_copy() -> None:
    a = COPIED.format(town="泉溪镇", n=40, m=120)
    assert copies.key(a.replace("制度", "机制"), "泉溪镇") != copies.key(a, "泉溪镇")
    assert copies.key("一、2020年工作总结", "泉溪镇") is None


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return build_research_index(tmp_path_factory.mktemp("dupes"))


def test_groups_are_recorded_at_index_time(index: Path) -> None:
    groups = live_groups(index)
    assert [sorted(m.source for m in g.members) for g in groups] == [["bs2022.txt", "q2021.txt", "qs2021.txt"]]


def test_listing_is_in_date_order_and_filtered(index: Path) -> None:
    with open_index(index) as idx:
        total, found = workflows.shared_texts(idx, Filters(), min_reports=3)
        _, none = workflows.shared_texts(idx, Filters(), min_reports=4)
        _, other_town = workflows.shared_texts(idx, Filters(towns=("洪山",)))
        counted, page = workflows.shared_texts(idx, Filters(), limit=0)
    assert total == 1 and (counted, page) == (1, [])
    [item] = found
    group, text = item.group, item.text
    assert [(m.source, m.line) for m in group.members] == [("q2021.txt", 6), ("qs2021.txt", 3), ("bs2022.txt", 3)]
    assert text.startswith("泉溪镇深入推进基层治理")
    assert none == [] and other_town == []


def test_query_results_mark_near_copies_of_other_reports(index: Path) -> None:
    with open_index(index) as idx:
        result = idx.search('"屋场恳谈会制度"', Filters(), limit=None)
        of_hits = idx.copied_groups(result.hits)
        seed = [h for h in result.hits if h.source.startswith("000")]
        assert of_hits == idx.copied_groups() and seed and idx.copied_groups(seed) == []
        shown = dupes.collapse(result.hits, idx, idx.towns)
        page = dupes.collapse(result.hits[:1], idx)
    keys = [copies.key(h.text, h.town) for h in result.hits]
    assert copies.load_groups(current_generation(index).path, [k for k in keys if k]) == of_hits
    assert len(result.hits) == 4 and len(shown) == 4 and not any(c.identical for c in shown)
    first, *later = [c for c in shown if not c.hit.source.startswith("000")]
    assert first.near_of is None and first.near_total == 2
    assert {m.source for m in first.near} | {first.hit.source} == {"q2021.txt", "qs2021.txt", "bs2022.txt"}
    assert all(c.near_of == first.hit and ("白沙乡", c.hit.town) in c.changes for c in later)
    assert len(page) == 1 and page[0].near == first.near


def test_keys_of_unchanged_files_are_carried_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = build_research_index(tmp_path, with_seeds=False)
    corpus = tmp_path / "corpus"
    computed: list[str] = []
    original = copies.document_keys
    monkeypatch.setattr(copies, "document_keys", lambda d: computed.append(d.source) or original(d))
    (corpus / "bs2022.txt").write_text("白沙乡2022年工作总结\n一、2022年工作总结\n(一)网格化管理全覆盖。\n",
                                       encoding="utf-8")
    build_index(corpus, index, procs=1)
    assert computed == ["bs2022.txt"]
    assert live_sources(index) == {"q2021.txt", "qs2021.txt", "bs2022.txt"}
    assert [sorted(m.source for m in g.members) for g in live_groups(index)] == [["q2021.txt", "qs2021.txt"]]
    (corpus / "qs2021.txt").unlink()
    build_index(corpus, index, procs=1)
    assert live_groups(index) == [] and live_sources(index) == {"q2021.txt", "bs2022.txt"}


def test_an_index_without_keys_gets_them_on_the_next_update(tmp_path: Path) -> None:
    index = build_research_index(tmp_path, with_seeds=False)
    (current_generation(index).path / copies.DB).unlink()
    for read in (live_groups, live_sources):  # reported as missing, never read as no copies
        with pytest.raises(copies.DupesDamaged, match="missing"):
            read(index)
    changed = tmp_path / "corpus" / "qs2021.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "(三)新增一段。\n", encoding="utf-8")
    build_index(tmp_path / "corpus", index, procs=1)
    assert [g.reports() for g in live_groups(index)] == [3]


def test_a_town_repeating_its_own_text_is_listed_only_when_asked() -> None:
    copies = (Member("a2020.txt", 3), Member("a2021.txt", 4))
    group = Group("k", copies)
    reports = {"a2020.txt": Report("a2020.txt", town="泉溪镇", year=2020),
               "a2021.txt": Report("a2021.txt", town="泉溪镇", year=2021)}
    assert dupes.shared([group], reports) == []
    assert dupes.shared([group], reports, same_town=True) == [group]
    unknown = {"a2020.txt": Report("a2020.txt"), "a2021.txt": Report("a2021.txt")}
    assert dupes.shared([group], unknown) == [group]


def test_batches_indexed_by_workers_are_read_again_for_their_keys(tmp_path: Path) -> None:
    from dataclasses import dataclass

    from constructed import write_corpus

    @dataclass(frozen=True)
    class Batch:
        files: dict

    corpus = write_corpus(tmp_path / "corpus", with_seeds=False)
    generation = tmp_path / "gen-000001"
    generation.mkdir()
    items = [Batch({"q2021.txt": {}, "qs2021.txt": {}}), Batch({"bs2022.txt": {}})]
    assert list(copies.recorded(iter(items), generation, [], corpus)) == items
    db = sqlite3.connect(generation / copies.DB)
    copied = copies.key(COPIED.format(town="白沙乡", n=1, m=1), "白沙乡")
    rows = db.execute("SELECT source, line FROM keys WHERE near = ?", (copied,))
    assert sorted(rows) == [("bs2022.txt", 3), ("q2021.txt", 6), ("qs2021.txt", 3)]
    db.close()


def test_a_damaged_table_is_rebuilt_by_the_next_update(tmp_path: Path) -> None:
    index = build_research_index(tmp_path, with_seeds=False)
    (current_generation(index).path / copies.DB).write_bytes(b"not a database" * 100)
    changed = tmp_path / "corpus" / "bs2022.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "(三)新增一段。\n", encoding="utf-8")
    build_index(tmp_path / "corpus", index, procs=1)
    assert [g.reports() for g in live_groups(index)] == [3]


def test_files_a_worker_indexed_are_not_read_again_for_their_keys(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    index = build_research_index(tmp_path, with_seeds=False)
    corpus = tmp_path / "corpus"

    def reread(_corpus: Path, source: str) -> list:
        raise AssertionError(f"{source} was read again")

    monkeypatch.setattr(copies, "_reread", reread)
    changed = corpus / "qs2021.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "(三)新增一段。\n", encoding="utf-8")
    build_index(corpus, index, procs=1)
    assert [sorted(m.source for m in g.members) for g in live_groups(index)] == \
        [["bs2022.txt", "q2021.txt", "qs2021.txt"]]
