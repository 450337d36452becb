"""Building the index: incremental updates, versions in meta.json, and bad corpus input."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from search.engine.searcher import open_index
from search.errors import CorpusError, IndexBusy, IndexIncompatible, SearchError
from search.index import build as indexer, generations as store
from search.index.build import build_index
from search.index.schema import expected_versions
from search.ingest import parse_corpus
from support import SEEDS

QUERIES = ("脱贫", "工作", '"2020年"', "镇 NOT 乡", "屋场恳谈会")
HEAD_LINES = 8


def tiny_corpus(path: Path, copies: int = 1) -> Path:
    """The first lines of every seed (enough for town, year and a few sections): fast to index."""
    path.mkdir(parents=True, exist_ok=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        head = "\n".join(seed.read_text(encoding="utf-8").splitlines()[:HEAD_LINES]) + "\n"
        for copy in range(copies):
            name = seed.name if copy == 0 else f"{seed.stem}_{copy}.txt"
            (path / name).write_text(head, encoding="utf-8")
    return path


def answers(index: Path) -> dict[str, tuple]:
    """What the fixed queries return, comparable across indexes."""
    with open_index(index) as idx:
        out: dict[str, tuple] = {}
        for text in QUERIES:
            result = idx.search(text, limit=None)
            out[text] = (result.total, tuple(sorted(h.id for h in result.hits)), json.dumps(result.facets))
        out["facets"] = (json.dumps(idx.all_facets()),)
    return out


def build(corpus: Path, index: Path, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("procs", 1)
    return build_index(corpus, index, **kwargs)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return tiny_corpus(tmp_path / "corpus")


# ---------------------------------------------------------------- incremental by default


def test_second_build_reindexes_nothing(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = build(corpus, index)
    assert first.full and len(first.indexed) == 5 and first.paragraphs > 0
    again = build(corpus, index)
    assert not again.full and again.indexed == () and again.removed == () and again.skipped == ()
    assert sorted(again.unchanged) == sorted(p.name for p in corpus.iterdir())
    assert again.paragraphs == 0


def test_only_added_changed_and_removed_files_are_reindexed(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build(corpus, index)
    names = sorted(p.name for p in corpus.iterdir())
    changed, removed, sided = names[0], names[1], names[2]
    with open(corpus / changed, "a", encoding="utf-8") as handle:
        handle.write("新增一段关于屋场恳谈会的工作内容。\n")
    (corpus / removed).unlink()
    shutil.copy(corpus / names[3], corpus / "added.txt")
    calls: list[tuple[str, int, int]] = []
    report = build(corpus, index, progress=lambda phase, done, total: calls.append((phase, done, total)))
    assert sorted(report.indexed) == sorted([changed, "added.txt"])
    assert report.removed == (removed,)
    assert sorted(report.unchanged) == sorted([names[2], names[3], names[4]])
    assert [c for c in calls if c[0] == "parsing"] == [("parsing", 1, 2), ("parsing", 2, 2)]
    assert [c for c in calls if c[0] == "scanning"][-1] == ("scanning", 5, 5)
    assert calls[-1] == ("writing", 0, 0)

    (corpus / sided.replace(".txt", ".meta.toml")).write_text('town = "测试镇"\n', encoding="utf-8")
    report = build(corpus, index)
    assert report.indexed == (sided,), "adding a sidecar re-indexes its file"
    (corpus / sided.replace(".txt", ".meta.toml")).write_text('town = "另一镇"\n', encoding="utf-8")
    assert build(corpus, index).indexed == (sided,), "editing a sidecar re-indexes its file"
    with open_index(index) as idx:
        assert "另一镇" in idx.towns and "测试镇" not in idx.towns

    full = build(corpus, index, full=True)
    assert full.full and len(full.indexed) == 5 and full.unchanged == ()


def test_incremental_index_answers_like_a_full_rebuild(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build(corpus, index)
    names = sorted(p.name for p in corpus.iterdir())
    (corpus / names[0]).write_text((corpus / names[0]).read_text(encoding="utf-8").replace("工作", "工做"),
                                   encoding="utf-8")
    (corpus / names[1]).unlink()
    shutil.copy(corpus / names[2], corpus / "zz_copy.txt")
    build(corpus, index)
    fresh = tmp_path / "fresh"
    build(corpus, fresh, full=True)
    assert answers(index) == answers(fresh)
    incremental_meta = store.current_generation(index).meta
    assert incremental_meta["files"] == store.current_generation(fresh).meta["files"]


def test_incremental_build_never_changes_the_previous_generation(corpus: Path, tmp_path: Path) -> None:
    """Generations share files by hard links; Whoosh must never write into a shared file."""
    index = tmp_path / "index"
    build(corpus, index)
    old = store.current_generation(index).path
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in old.iterdir() if p.is_file()}
    old_answers = answers(index)
    for path in sorted(corpus.iterdir())[:2]:
        path.write_text(path.read_text(encoding="utf-8") + "补充内容。\n", encoding="utf-8")
    (sorted(corpus.iterdir())[-1]).unlink()
    build(corpus, index)
    assert store.current_generation(index).path != old and old.is_dir()
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in old.iterdir() if p.is_file()}
    assert after == before
    (index / store.CURRENT).write_text(old.name + "\n")  # the previous generation still answers as before
    assert answers(index) == old_answers


def test_generations_do_not_pile_up(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    for _ in range(4):
        build(corpus, index, full=True)
    assert len(store.generations(index)) == 2
    assert sorted(p.name for p in index.iterdir()) == sorted([store.CURRENT, store.LOCK, *store.generations(index)])


# ---------------------------------------------------------------- versions


def test_meta_records_versions_and_file_hashes(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build(corpus, index)
    meta = store.current_generation(index).meta
    assert {k: meta[k] for k in ("schema", "analyzer", "dictionary")} == expected_versions()
    assert meta["corpus"] == str(corpus.resolve())
    assert set(meta["files"]) == {p.name for p in corpus.iterdir()}
    for name, entry in meta["files"].items():
        assert entry["sha256"] == hashlib.sha256((corpus / name).read_bytes()).hexdigest()
        assert entry["paragraphs"] > 0


@pytest.mark.parametrize("key", ["schema", "analyzer", "dictionary"])
def test_incompatible_index_is_refused_then_rebuilt_fully(corpus: Path, tmp_path: Path, key: str) -> None:
    index = tmp_path / "index"
    build(corpus, index)
    meta_path = store.current_generation(index).path / store.META
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta[key] = "built-by-another-version"
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexIncompatible) as info:
        with open_index(index):
            pass
    message = str(info.value)
    assert "\n" not in message and key in message and f"search index --index {index.resolve()}" in message
    report = build(corpus, index)  # not --full: rebuilds everything anyway
    assert report.full and len(report.indexed) == 5 and report.unchanged == ()
    with open_index(index) as idx:
        assert idx.search("工作").total > 0


def test_damaged_index_is_rebuilt_by_the_next_build(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build(corpus, index)
    (store.current_generation(index).path / store.META).write_text("{", encoding="utf-8")
    with pytest.raises(IndexIncompatible):
        with open_index(index):
            pass
    assert build(corpus, index).full
    assert answers(index)


# ---------------------------------------------------------------- bad corpus input


def test_bad_files_are_skipped_with_a_reason_and_good_ones_indexed(corpus: Path, tmp_path: Path) -> None:
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blank.txt").write_bytes(b" \n\t\n")
    (corpus / "undecodable.txt").write_bytes(b"\x80\x81\xff" * 50)
    (corpus / "one_line.txt").write_text("脱贫攻坚" * 875_000, encoding="utf-8")  # 10.5 MB, one line
    (corpus / "notes.md").write_text("脱贫\n", encoding="utf-8")
    (corpus / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    shutil.copy(next(iter(sorted(corpus.glob("0*.txt")))), corpus / "bad_sidecar.txt")
    (corpus / "bad_sidecar.meta.toml").write_text("town = [\n", encoding="utf-8")
    report = build(corpus, tmp_path / "index")
    reasons = {s.source: s.reason for s in report.skipped}
    assert set(reasons) == {"binary.txt", "empty.txt", "blank.txt", "undecodable.txt", "one_line.txt",
                            "notes.md", "picture.png", "bad_sidecar.txt"}
    for reason in reasons.values():
        assert reason and "\n" not in reason
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.txt"]
    assert "not text" in reasons["binary.txt"] and "not text" in reasons["undecodable.txt"]
    assert "line" in reasons["one_line.txt"]
    assert ".txt" in reasons["notes.md"]
    assert "sidecar" in reasons["bad_sidecar.txt"]
    assert sorted(report.indexed) == sorted(p.name for p in corpus.glob("0*.txt"))
    assert answers(tmp_path / "index") == answers(_clean_index(corpus, tmp_path))


def _clean_index(corpus: Path, tmp_path: Path) -> Path:
    clean = tmp_path / "clean-corpus"
    clean.mkdir()
    for path in corpus.glob("0*.txt"):
        shutil.copy(path, clean / path.name)
    build(clean, tmp_path / "clean-index")
    return tmp_path / "clean-index"


def test_ten_megabyte_single_line_file_is_skipped_quickly(corpus: Path, tmp_path: Path) -> None:
    import time

    (corpus / "huge.txt").write_bytes(b"a" * (10 * 1024 * 1024))
    started = time.monotonic()
    report = build(corpus, tmp_path / "index")
    assert time.monotonic() - started < 10
    assert [s.source for s in report.skipped] == ["huge.txt"] and len(report.indexed) == 5


@pytest.mark.parametrize("procs", [1, 2])
def test_file_removed_while_indexing_is_skipped_and_the_rest_indexed(tmp_path: Path, monkeypatch, procs: int) -> None:
    corpus = tiny_corpus(tmp_path / "corpus", copies=2)  # 10 files: enough for the process pool
    index = tmp_path / "index"
    build(corpus, index)
    victims = {"001_51484330ba6a2c91.txt", "002_d141e86c5727c802_1.txt"}
    real = indexer.fingerprint

    def fingerprint_then_delete(root: Path, source: str) -> str | None:
        sha = real(root, source)
        if source in victims:
            (root / source).unlink()  # gone after fingerprinting, before parsing
        return sha

    for path in corpus.iterdir():  # every file changed, so every file is parsed again
        path.write_text(path.read_text(encoding="utf-8") + "补充。\n", encoding="utf-8")
    monkeypatch.setattr(indexer, "fingerprint", fingerprint_then_delete)
    report = build(corpus, index, procs=procs)
    assert {s.source for s in report.skipped} == victims
    assert all("could not be read" in s.reason and "\n" not in s.reason for s in report.skipped)
    assert len(report.indexed) == 8
    meta = store.current_generation(index).meta
    assert set(meta["files"]) == {p.name for p in corpus.iterdir()}
    with open_index(index) as idx:
        sources = {h.source for h in idx.search("工作", limit=None).hits}
    assert sources and not sources & victims


def test_missing_corpus_is_one_line_error_and_index_untouched(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build(corpus, index)
    before = sorted(p.name for p in index.iterdir())
    with pytest.raises(CorpusError) as info:
        build(tmp_path / "no-such-corpus", index)
    assert "\n" not in str(info.value) and "no-such-corpus" in str(info.value) and info.value.exit_code == 1
    assert sorted(p.name for p in index.iterdir()) == before


def test_file_the_pipeline_chokes_on_is_skipped_not_fatal(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    import search.ingest.document

    real = search.ingest.document.build_document

    def choke(raw):  # type: ignore[no-untyped-def]
        if raw.source.startswith("003"):
            raise RecursionError("maximum recursion depth exceeded\nwith a second line")
        return real(raw)

    monkeypatch.setattr(search.ingest.document, "build_document", choke)
    report = build(corpus, tmp_path / "index")
    assert [(s.source, s.reason) for s in report.skipped] == [
        ("003_192b9e4ae9fa5ec2.txt", "could not be processed (RecursionError: maximum recursion depth exceeded)")]
    assert len(report.indexed) == 4
    docs = list(parse_corpus(corpus))  # `search docs` is just as tolerant
    assert sum(1 for d in docs if getattr(d, "reason", "").startswith("could not be processed")) == 1


def test_parallel_and_serial_builds_agree(tmp_path: Path) -> None:
    corpus = tiny_corpus(tmp_path / "corpus", copies=2)
    build(corpus, tmp_path / "serial", procs=1)
    build(corpus, tmp_path / "parallel", procs=2)
    assert answers(tmp_path / "serial") == answers(tmp_path / "parallel")


# ---------------------------------------------------------------- failures leave the live index alone


def test_failed_build_publishes_nothing_and_leaves_no_generation(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    index = tmp_path / "index"
    build(corpus, index)
    build(corpus, index, full=True)
    before, state = answers(index), sorted(p.name for p in index.iterdir())

    def boom(writer, parsed):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(indexer, "_add", boom)
    with pytest.raises(RuntimeError):
        build(corpus, index, full=True)
    assert sorted(p.name for p in index.iterdir()) == state
    assert answers(index) == before


def test_disk_errors_become_one_line_and_leave_the_index(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    index = tmp_path / "index"
    build(corpus, index)
    before, state = answers(index), sorted(p.name for p in index.iterdir())

    def full_disk(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(index / "gen-000002" / "meta.json"))

    monkeypatch.setattr(store, "publish", full_disk)
    with pytest.raises(SearchError) as info:
        build(corpus, index, full=True)
    message = str(info.value)
    assert "\n" not in message and "No space left on device" in message and "unchanged" in message
    assert sorted(p.name for p in index.iterdir()) == state
    assert answers(index) == before


_REAL_PARSE = indexer.parse


def _worker_dies_on_003(root: Path, source: str, follow: bool = False):  # type: ignore[no-untyped-def]
    if source.startswith("003"):
        os._exit(1)  # as if the kernel's OOM killer took the worker
    return _REAL_PARSE(root, source, follow)


def test_a_worker_dying_fails_the_build_in_one_line(tmp_path: Path, monkeypatch) -> None:
    corpus = tiny_corpus(tmp_path / "corpus", copies=2)
    index = tmp_path / "index"
    build(corpus, index)
    before, state = answers(index), sorted(p.name for p in index.iterdir())
    monkeypatch.setattr(indexer, "parse", _worker_dies_on_003)
    with pytest.raises(SearchError) as info:
        build(corpus, index, full=True, procs=2)
    assert "\n" not in str(info.value) and "worker" in str(info.value)
    assert sorted(p.name for p in index.iterdir()) == state
    assert answers(index) == before


def test_build_while_another_writes_waits_then_fails(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build(corpus, index)
    before = sorted(p.name for p in index.iterdir())
    with store.writer_lock(index, 0):
        with pytest.raises(IndexBusy) as info:
            build(corpus, index, full=True, wait=0.2)
    assert "\n" not in str(info.value) and info.value.exit_code == 1
    assert sorted(p.name for p in index.iterdir()) == before


# ---------------------------------------------------------------- segments


def segment_files(index: Path) -> dict[str, int]:
    """Every file of the live generation with its inode."""
    live = store.current_generation(index).path
    return {p.name: p.stat().st_ino for p in live.iterdir() if p.is_file()}


def segment_ids(index: Path) -> set[str]:
    return {name.split(".")[0] for name in segment_files(index) if name.endswith(".texts")}


def test_a_build_with_nothing_changed_writes_no_generation(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build(corpus, index)
    before = (store.live_name(index), segment_files(index))
    report = build(corpus, index)
    assert report.indexed == () and report.removed == ()
    assert (store.live_name(index), segment_files(index)) == before
    assert store.generations(index) == [before[0]]


def test_an_update_adds_a_segment_and_shares_the_unchanged_ones_by_hard_link(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    build(corpus, index)
    old = segment_files(index)
    changed = sorted(corpus.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "补充内容。\n", encoding="utf-8")
    assert build(corpus, index).indexed == (changed.name,)
    new = segment_files(index)
    kept = segment_ids(tmp_path / "index") & {name.split(".")[0] for name in old}
    assert len(kept) == 1 and len(segment_ids(index)) == 2
    for name, inode in new.items():
        if name.split(".")[0] in kept:
            assert old[name] == inode, f"{name} was copied, not linked"


def test_many_updates_keep_the_segment_count_bounded_and_answers_right(corpus: Path, tmp_path: Path) -> None:
    from search.index.segment_writer import MAX_SMALL_SEGMENTS

    index = tmp_path / "index"
    build(corpus, index)
    seeds = sorted(corpus.iterdir())
    counts = []
    for round_number in range(MAX_SMALL_SEGMENTS + 3):
        source = seeds[round_number % len(seeds)]
        text = source.read_text(encoding="utf-8") + f"第{round_number}次补充。\n"
        (corpus / f"added_{round_number:02d}.txt").write_text(text, encoding="utf-8")
        assert build(corpus, index).indexed == (f"added_{round_number:02d}.txt",)
        counts.append(len(segment_ids(index)))
    assert max(counts) == MAX_SMALL_SEGMENTS, counts
    assert counts[-1] < max(counts), "small segments were merged"
    build(corpus, tmp_path / "fresh", full=True)
    assert answers(index) == answers(tmp_path / "fresh")


def test_a_file_changed_behind_an_old_modification_time_is_still_reindexed(corpus: Path, tmp_path: Path) -> None:
    """Unchanged files are recognised by size, times and inode, not hashed again; a same-size
    edit whose modification time was set back still changes the inode's change time."""
    index = tmp_path / "index"
    build(corpus, index)
    path = sorted(corpus.iterdir())[0]
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("工作", "工做", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert build(corpus, index).indexed == (path.name,)
    assert build(corpus, index).indexed == ()
