"""The per-segment text store: texts and columns written, then read back through memory maps."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from search.index import generations as store, textstore
from search.index.build import build_index
from search.index.textstore import Row, TextStore
from support import SEEDS, seed_paragraphs

FIELDS = ("town", "year", "section")
ROWS = [
    Row("召开屋场恳谈会,哈哈哈。", "a.txt", 0, ("荫田镇", 2020, "工作总结")),
    Row("河长制巡河", "a.txt", 1, ("荫田镇", 2020, "存在问题")),
    Row("屋场恳谈会", "b.txt", 0, ("泉溪镇", 0, "工作总结"), heading_only=True),
    Row("", "b.txt", 1, ("泉溪镇", 0, "其他")),
]


@pytest.fixture()
def texts(tmp_path: Path):  # type: ignore[no-untyped-def]
    assert textstore.write(tmp_path, "MAIN_abc", FIELDS, ROWS) == len(ROWS)
    opened = TextStore(tmp_path, "MAIN_abc")
    yield opened
    opened.close()


def test_rows_come_back_as_written(texts: TextStore) -> None:
    assert texts.count == 4 and texts.chars == sum(len(r.norm) for r in ROWS)
    assert list(texts.rows(range(4), FIELDS)) == ROWS
    assert texts.files == [("a.txt", 0, 2), ("b.txt", 2, 2)]
    assert [texts.length[d] for d in range(4)] == [len(r.norm) for r in ROWS]


def test_byte_search_finds_what_str_find_finds(texts: TextStore) -> None:
    for needle in ("屋场恳谈会", "哈哈", "河", "。", "场恳", "☃"):
        data = needle.encode("utf-8")
        expected = {d: r.norm.count(needle) for d, r in enumerate(ROWS) if needle in r.norm}
        assert texts.scan(data) == expected
        assert {d for d in range(4) if texts.contains(d, data)} == set(expected)
        assert {d: texts.occurrences(d, data) for d in expected} == expected


def test_a_needle_never_spans_two_paragraphs(texts: TextStore) -> None:
    assert texts.scan("巡河屋场".encode()) == {}
    assert texts.scan("。河长".encode()) == {}


def test_index_files_of_the_project_are_no_pickles(tmp_path: Path) -> None:
    build_index(SEEDS, tmp_path / "index", procs=1)
    generation = store.current_generation(tmp_path / "index").path
    ours = [p for p in generation.iterdir() if p.name.endswith((textstore.TEXTS, textstore.COLUMNS, textstore.HEADER))]
    assert len(ours) == 3
    for path in ours:
        with pytest.raises(Exception):  # noqa: B017 - unpickling foreign bytes fails with many unrelated types
            pickle.loads(path.read_bytes())
    header = json.loads(next(p for p in ours if p.name.endswith(textstore.HEADER)).read_text(encoding="utf-8"))
    assert header["count"] == len(seed_paragraphs())
    assert not list(generation.glob("*.pickle")) and not (generation / "vocabulary.txt").exists()


@pytest.mark.parametrize("header", ["{}", '{"format": 2}', "not json", "[]"])
def test_a_damaged_text_store_is_refused_in_one_line(tmp_path: Path, header: str) -> None:
    from search.engine.searcher import open_index
    from search.errors import SearchError

    build_index(SEEDS, tmp_path / "index", procs=1)
    generation = store.current_generation(tmp_path / "index").path
    target = next(generation.glob(f"*{textstore.HEADER}"))
    target.unlink()
    target.write_text(header, encoding="utf-8")
    with pytest.raises(SearchError) as info:
        with open_index(tmp_path / "index"):
            pass
    assert "damaged" in str(info.value) and "\n" not in str(info.value)
