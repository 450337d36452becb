"""The on-disk layout of an index: generations, CURRENT, meta.json, pruning and the writer lock."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from search.errors import IndexBusy, IndexIncompatible, IndexMissing, SearchError
from search.index import generations as store


def make_generation(root: Path, name: str, meta: dict | None = None, files: dict[str, bytes] | None = None) -> Path:
    path = root / name
    path.mkdir(parents=True)
    if meta is not None:
        (path / store.META).write_text(json.dumps(meta), encoding="utf-8")
    for file_name, data in (files or {}).items():
        (path / file_name).write_bytes(data)
    return path


def set_current(root: Path, name: str) -> None:
    (root / store.CURRENT).write_text(name + "\n", encoding="utf-8")


META = {"schema": 1, "analyzer": "a", "dictionary": "d", "files": {}}


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert "\n" not in text and text
    return text


# ---------------------------------------------------------------- resolving the live generation


def test_no_index_yet_says_so_and_how_to_build_one(tmp_path: Path) -> None:
    for root in (tmp_path / "absent", tmp_path):  # a missing directory, and an empty one
        with pytest.raises(IndexMissing) as info:
            store.current_generation(root)
        message = one_line(info.value)
        assert "no index at" in message and f"`search index --index {root.resolve()}`" in message


def test_current_resolves_to_generation_and_meta(tmp_path: Path) -> None:
    make_generation(tmp_path, "gen-000001", META)
    make_generation(tmp_path, "gen-000002", dict(META, files={"a.txt": {"sha256": "x"}}))
    set_current(tmp_path, "gen-000002")
    generation = store.current_generation(tmp_path)
    assert generation.path == tmp_path / "gen-000002"
    assert generation.meta["files"] == {"a.txt": {"sha256": "x"}}


@pytest.mark.parametrize("current", ["", "garbage", "../../etc", "gen-1", "\x00\x01"])
def test_damaged_current_is_refused_in_one_line_with_rebuild_hint(tmp_path: Path, current: str) -> None:
    make_generation(tmp_path, "gen-000001", META)
    (tmp_path / store.CURRENT).write_text(current, encoding="utf-8")
    with pytest.raises(IndexIncompatible) as info:
        store.current_generation(tmp_path)
    assert "damaged" in one_line(info.value) and "search index --full --index /" in str(info.value)


def test_current_naming_a_missing_generation_is_damaged(tmp_path: Path) -> None:
    set_current(tmp_path, "gen-000007")
    with pytest.raises(IndexIncompatible) as info:
        store.current_generation(tmp_path)
    assert "gen-000007" in one_line(info.value) and "search index --full --index /" in str(info.value)


@pytest.mark.parametrize("text", ["{not json", "[]", '{"schema": 1}', '{"files": []}', ""])
def test_unreadable_meta_is_damaged(tmp_path: Path, text: str) -> None:
    path = make_generation(tmp_path, "gen-000001")
    (path / store.META).write_text(text, encoding="utf-8")
    set_current(tmp_path, "gen-000001")
    with pytest.raises(IndexIncompatible) as info:
        store.current_generation(tmp_path)
    assert "damaged" in one_line(info.value) and "search index --full --index /" in str(info.value)


def test_generation_pruned_between_reading_current_and_meta_is_resolved_again(tmp_path: Path, monkeypatch) -> None:
    """A reader that loses the race with a publish + prune reads CURRENT again, not 'no index'."""
    make_generation(tmp_path, "gen-000003", META)
    set_current(tmp_path, "gen-000003")
    answers = iter(["gen-000002", "gen-000003", "gen-000003"])  # 2 was live, then pruned
    monkeypatch.setattr(store, "_read_current", lambda root: next(answers))
    assert store.current_generation(tmp_path).path.name == "gen-000003"


def test_index_path_that_is_a_file_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(SearchError) as info:
        store.current_generation(path)
    one_line(info.value)
    with pytest.raises(SearchError) as info:
        with store.writer_lock(path, 0):
            pass
    assert "cannot write the index" in one_line(info.value)


# ---------------------------------------------------------------- versions


@pytest.mark.parametrize("key", ["schema", "analyzer", "dictionary"])
def test_any_version_mismatch_is_refused_naming_it(key: str) -> None:
    expected = {"schema": 1, "analyzer": "a", "dictionary": "d"}
    store.check_compatible(dict(expected, files={}), expected)
    with pytest.raises(IndexIncompatible) as info:
        store.check_compatible(dict(expected, **{key: "other"}, files={}), expected)
    message = one_line(info.value)
    assert key in message and "search index" in message
    with pytest.raises(IndexIncompatible):
        store.check_compatible({k: v for k, v in expected.items() if k != key}, expected)


# ---------------------------------------------------------------- generations and pruning


def test_new_generation_numbers_after_every_existing_one(tmp_path: Path) -> None:
    root = tmp_path / "index"
    assert store.new_generation(root).name == "gen-000001"
    make_generation(root, "gen-000009")
    (root / "gen-junk").mkdir()
    (root / "gen-000010.tmp").mkdir()
    assert store.new_generation(root).name == "gen-000010"
    assert store.generations(root) == ["gen-000001", "gen-000009", "gen-000010"]


def test_prune_keeps_live_and_previous_and_removes_leftovers(tmp_path: Path) -> None:
    for number in (1, 2, 3):
        make_generation(tmp_path, f"gen-{number:06d}", META)
    make_generation(tmp_path, "gen-000004")  # unfinished, older than live: a killed build's
    make_generation(tmp_path, "gen-000005", META)  # live
    make_generation(tmp_path, "gen-000006", META)  # finished but never published
    make_generation(tmp_path, "gen-000007", files={"MAIN.tmp": b""})  # half-written
    set_current(tmp_path, "gen-000005")
    (tmp_path / ".CURRENT.123.tmp").write_text("gen-000006")
    (tmp_path / store.LOCK).touch()
    store.prune(tmp_path)
    assert store.generations(tmp_path) == ["gen-000003", "gen-000005"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [store.CURRENT, store.LOCK, "gen-000003", "gen-000005"]


def test_prune_without_any_previous_keeps_only_live(tmp_path: Path) -> None:
    make_generation(tmp_path, "gen-000001")
    make_generation(tmp_path, "gen-000002", META)
    set_current(tmp_path, "gen-000002")
    store.prune(tmp_path)
    assert store.generations(tmp_path) == ["gen-000002"]


def test_publish_switches_current_and_leaves_live_plus_previous(tmp_path: Path) -> None:
    for number in (1, 2):
        make_generation(tmp_path, f"gen-{number:06d}", META)
    set_current(tmp_path, "gen-000002")
    new = store.new_generation(tmp_path)
    (new / "segment").write_bytes(b"data")
    store.publish(tmp_path, new, dict(META, files={"a.txt": {"sha256": "1"}}))
    assert (tmp_path / store.CURRENT).read_text() == "gen-000003\n"
    assert store.current_generation(tmp_path).meta["files"] == {"a.txt": {"sha256": "1"}}
    assert store.generations(tmp_path) == ["gen-000002", "gen-000003"]
    assert not list(tmp_path.glob(".*.tmp")) and not list(new.glob(".*.tmp"))


def test_link_copy_shares_files_but_not_meta_or_locks(tmp_path: Path) -> None:
    old = make_generation(tmp_path, "gen-000001", META, {"_MAIN_1.toc": b"toc", "MAIN_x.seg": b"seg",
                                                         "MAIN_WRITELOCK": b""})
    (old / "MAIN.tmp").mkdir()
    new = store.new_generation(tmp_path)
    store.link_copy(old, new)
    assert sorted(p.name for p in new.iterdir()) == ["MAIN_x.seg", "_MAIN_1.toc"]
    assert (new / "MAIN_x.seg").stat().st_ino == (old / "MAIN_x.seg").stat().st_ino


def test_discard_removes_an_unpublished_generation(tmp_path: Path) -> None:
    new = store.new_generation(tmp_path)
    (new / "x").write_text("x")
    store.discard(new)
    assert store.generations(tmp_path) == []


# ---------------------------------------------------------------- the writer lock


def test_second_writer_waits_then_gives_up_in_one_line(tmp_path: Path) -> None:
    with store.writer_lock(tmp_path, 0):
        started = time.monotonic()
        with pytest.raises(IndexBusy) as info:
            with store.writer_lock(tmp_path, 0.3):
                pytest.fail("two writers held the lock")
        elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 2
    message = one_line(info.value)
    assert "another `search index`" in message and "0.3 s" in message
    assert info.value.exit_code == 1
    with store.writer_lock(tmp_path, 0):  # released by the first writer
        pass


def test_waiting_writer_gets_the_lock_when_the_first_ends(tmp_path: Path) -> None:
    held = threading.Event()

    def first() -> None:
        with store.writer_lock(tmp_path, 0):
            held.set()
            time.sleep(0.4)

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(5)
    started = time.monotonic()
    with store.writer_lock(tmp_path, 10):
        waited = time.monotonic() - started
    thread.join()
    assert 0.1 < waited < 5


def test_lock_is_released_when_its_holder_is_killed(tmp_path: Path) -> None:
    pid = os.fork()
    if pid == 0:  # the child takes the lock and is killed while holding it
        try:
            with store.writer_lock(tmp_path, 0):
                os.kill(os.getpid(), 9)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9
    with store.writer_lock(tmp_path, 0):
        pass


def test_every_file_of_a_built_generation_is_listed_once(tmp_path: Path) -> None:
    from fnmatch import fnmatch

    from support import build_seeds_index

    index = build_seeds_index(tmp_path / "index")
    live = store.current_generation(index).path
    patterns = [entry.pattern for entry in store.GENERATION_FILES]
    assert len(set(patterns)) == len(patterns)
    for path in live.iterdir():
        assert len([p for p in patterns if fnmatch(path.name, p)]) == 1, f"{path.name}: listed other than once"
    present = {p for p in patterns if any(fnmatch(f.name, p) for f in live.iterdir())}
    assert present == set(patterns)
