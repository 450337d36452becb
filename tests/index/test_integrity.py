"""Checksums of a generation, damage reported in one line with the command that repairs it, and
derived files (the copied-text table) that are rebuilt or reported, never read as empty."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
from search.engine.searcher import open_index
from search.errors import IndexDamaged
from search.index import copies, generations as store, integrity
from search.index.build import build_index
from search.testing import write_reports

runner = CliRunner()

COPIED = "推进农村人居环境整治，拆除违章建筑，清运陈年垃圾，新建公厕三座并配备保洁人员长期管护。"
REPORTS = {
    "青石镇2021年工作总结.txt": "青石镇2021年工作总结\n一、工作成效\n" + COPIED + "\n"
    "举办农民丰收节，特色板栗销往省外。\n二、存在问题\n产业链条短。\n",
    "白沙乡2022年工作总结.txt": "白沙乡2022年工作总结\n一、工作成效\n" + COPIED + "\n"
    "建成光伏电站一座，村集体年增收五万元。\n二、存在问题\n资金缺口大。\n",
}
EXTRA = ("红岩镇2023年工作计划.txt",
         "红岩镇2023年工作计划\n一、工作目标\n新建游客服务中心，发展乡村旅游，带动群众就业。\n")


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def one_error(result) -> str:  # type: ignore[no-untyped-def]
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error:"), result.output
    return lines[0]


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, Path]:
    corpus = write_reports(tmp_path / "corpus", REPORTS)
    index = tmp_path / "index"
    build_index(corpus, index, procs=1)
    return corpus, index


def live(index: Path) -> Path:
    return index / store.live_name(index)


def segment(index: Path) -> Path:
    return next(live(index).glob("*.seg"))


def test_every_file_of_a_generation_has_a_recorded_size_and_checksum(built: tuple[Path, Path]) -> None:
    corpus, index = built
    manifest = json.loads((live(index) / store.CHECKSUMS).read_text(encoding="utf-8"))
    on_disk = {p.name for p in live(index).iterdir()} - {store.CHECKSUMS}
    assert set(manifest["files"]) == on_disk and manifest["corpus"] == str(corpus.resolve())
    for name, (size, crc) in manifest["files"].items():
        assert (live(index) / name).stat().st_size == size and integrity.crc(live(index) / name) == crc


def test_check_finds_every_byte_flipped_in_a_segment(built: tuple[Path, Path]) -> None:
    _, index = built
    path = segment(index)
    pristine = path.read_bytes()
    assert run("index", "--check", "--index", str(index)).exit_code == 0
    for position in range(0, len(pristine), max(1, len(pristine) // 35)):
        path.write_bytes(pristine[:position] + bytes([pristine[position] ^ 0x01]) + pristine[position + 1 :])
        line = one_error(run("index", "--check", "--index", str(index)))
        assert path.name in line and "--full" in line
    path.write_bytes(pristine)
    assert run("index", "--check", "--index", str(index)).exit_code == 0


def test_meta_that_is_not_utf8_is_damage_and_full_rebuilds_from_the_same_corpus(built: tuple[Path, Path]) -> None:
    corpus, index = built
    (live(index) / store.META).write_bytes(b"\xff\xfe" + (live(index) / store.META).read_bytes())
    for args in (("query", "板栗"), ("docs",), ("index", "--check")):
        line = one_error(run(*args, "--index", str(index)))
        assert "meta.json" in line or "damaged" in line
    line = one_error(run("query", "板栗", "--index", str(index)))
    assert f"--corpus {corpus.resolve()}" in line and "`search index --full --index" in line
    assert run("index", "--full", "--index", str(index)).exit_code == 0  # the corpus from the manifest
    assert "板栗" in run("query", "板栗", "--index", str(index)).stdout


def test_a_missing_segment_file_is_damage_not_a_change_while_opening(built: tuple[Path, Path]) -> None:
    _, index = built
    segment(index).unlink()
    with pytest.raises(IndexDamaged) as info:
        with open_index(index):
            pass
    assert "missing" in str(info.value) and "try again" not in str(info.value) and "--full" in str(info.value)


def test_a_truncated_file_is_found_on_open_and_a_plain_build_rebuilds_it(built: tuple[Path, Path]) -> None:
    corpus, index = built
    texts = next(live(index).glob("*.texts"))
    texts.write_bytes(texts.read_bytes()[:-7])
    line = one_error(run("query", "光伏", "--index", str(index)))
    assert texts.name in line and "bytes, not" in line
    rebuilt = run("index", "--index", str(index))
    assert rebuilt.exit_code == 0 and "full build" in rebuilt.stdout
    assert "光伏" in run("query", "光伏", "--index", str(index)).stdout


def test_a_missing_copied_text_table_is_reported_and_rebuilt_not_read_as_empty(built: tuple[Path, Path]) -> None:
    corpus, index = built
    assert "2 reports" in run("dupes", "--index", str(index)).stdout
    (live(index) / store.COPIES).unlink()
    line = one_error(run("dupes", "--index", str(index)))
    assert store.COPIES in line and "missing" in line
    rebuilt = run("index", "--index", str(index))
    assert rebuilt.exit_code == 0 and "nothing changed" not in rebuilt.stdout.lower()
    assert "2 reports" in run("dupes", "--index", str(index)).stdout


def test_a_table_without_its_manifest_check_is_still_missing_not_empty(built: tuple[Path, Path]) -> None:
    _, index = built
    generation = live(index)
    (generation / store.COPIES).unlink()
    with pytest.raises(copies.DupesDamaged, match="missing"):
        copies.load_groups(generation)


def test_a_reader_held_open_across_builds_keeps_its_copied_text_table(built: tuple[Path, Path]) -> None:
    corpus, index = built
    with open_index(index) as idx:
        assert len(idx.copied_groups()) == 1
        for name, text in (EXTRA, ("红岩镇2024年工作计划.txt", EXTRA[1].replace("游客", "研学"))):
            write_reports(corpus, {name: text})
            build_index(corpus, index, procs=1)
        assert not idx.path.exists()  # pruned: two generations were published since
        assert len(idx.copied_groups()) == 1


def test_damage_to_a_file_shared_by_hard_link_shows_in_both_generations(built: tuple[Path, Path]) -> None:
    corpus, index = built
    old = live(index)
    write_reports(corpus, dict([EXTRA]))
    build_index(corpus, index, procs=1)
    shared = [p for p in old.glob("*.seg") if (live(index) / p.name).exists()]
    assert shared and (live(index) / shared[0].name).samefile(shared[0])
    data = shared[0].read_bytes()
    shared[0].write_bytes(data[:100] + bytes([data[100] ^ 0x01]) + data[101:])
    for generation in (old, live(index)):
        assert any(shared[0].name in d for d in integrity.verify(generation, None).damaged)
    line = one_error(run("index", "--rollback", "--index", str(index)))
    assert shared[0].name in line and "--full" in line
    assert run("index", "--full", "--index", str(index)).exit_code == 0
    assert run("index", "--check", "--index", str(index)).exit_code == 0


def test_check_warns_when_the_previous_generation_is_damaged(built: tuple[Path, Path]) -> None:
    corpus, index = built
    build_index(corpus, index, procs=1, full=True)
    previous = index / store.previous_name(index, store.live_name(index))
    next(previous.glob("*.cols")).unlink()
    result = run("index", "--check", "--index", str(index))
    assert result.exit_code == 0 and "every checksum matches" in result.stdout
    assert "Warning" in result.stderr and "--rollback` would not help" in result.stderr


def test_an_index_copied_elsewhere_keeps_its_checksums(built: tuple[Path, Path], tmp_path: Path) -> None:
    _, index = built
    moved = tmp_path / "moved"
    shutil.copytree(index, moved)
    assert run("index", "--check", "--index", str(moved)).exit_code == 0
    assert "板栗" in run("query", "板栗", "--index", str(moved)).stdout


@pytest.mark.parametrize("current", [b"gen-000042\n", b"\xff\xfe", b""])
def test_a_damaged_current_names_the_corpus_to_rebuild_from(built: tuple[Path, Path], current: bytes) -> None:
    corpus, index = built
    (index / store.CURRENT).write_bytes(current)
    line = one_error(run("query", "板栗", "--index", str(index)))
    assert f"`search index --full --index {index.resolve()} --corpus {corpus.resolve()}`" in line
    assert run("index", "--index", str(index), "--full", "--corpus", str(corpus.resolve())).exit_code == 0
    assert "板栗" in run("query", "板栗", "--index", str(index)).stdout
