"""What a corpus of published files can do wrong: nothing readable in it, every file skipped, a
file still being written, and each kind of bad input as one line."""

from __future__ import annotations

import json
import random
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_formats_doc import compound_file
from typer.testing import CliRunner

from search.cli.commands import app
from search.errors import CorpusError
from search.index.build import build_index
from search.ingest import corpus
from search.ingest.corpus import load
from search.ingest.document import build_document
from search.ingest.formats import READERS
from search.models import RawFile

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
REPORT = "一、2022年工作回顾\n全镇新修村组道路十五公里。\n".encode()


def test_a_corpus_with_no_report_names_every_format_it_would_have_read(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# 备忘", encoding="utf-8")
    with pytest.raises(CorpusError) as raised:
        build_index(tmp_path, tmp_path / "index")
    message = str(raised.value)
    assert "\n" not in message and message.startswith("no reports in ") and "--corpus" in message
    assert all(extension in message.split() or f"{extension};" in message or f"{extension})" in message
               for extension in (".txt", *READERS))
    assert "1 other files skipped" in message


def test_an_index_in_which_every_file_was_skipped_answers_empty(tmp_path: Path) -> None:
    source = tmp_path / "corpus"
    source.mkdir()
    (source / "a.pdf").write_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>")
    (source / "b.docx").write_bytes(b"")
    index = tmp_path / "index"
    built = runner.invoke(app, ["index", "--corpus", str(source), "--index", str(index)])
    assert built.exit_code == 0 and "0 indexed" in built.stdout and "2 skipped" in built.stdout
    for args in (["query", "油茶"], ["query", "油茶", "--json"], ["docs", "--json"], ["facets"], ["kwic", "油茶"],
                 ["trend", "油茶"], ["dupes"], ["query", "油茶", "--scope", "report"]):
        result = runner.invoke(app, [*args, "--index", str(index)])
        assert result.exit_code == 0 and result.exception is None, (args, result.output)
    assert json.loads(runner.invoke(app, ["docs", "--json", "--index", str(index)]).stdout) == []
    assert json.loads(runner.invoke(app, ["query", "油茶", "--json", "--index", str(index)]).stdout)["total"] == 0


@pytest.fixture
def moving(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The file's size and time as a read sees them, moving on the first `moves[0]` reads."""
    moves = [0]
    real = corpus._stamp
    calls = [0]

    def stamp(fd: int) -> tuple[int, int]:
        calls[0] += 1
        size, time = real(fd)
        return (size, time + calls[0]) if calls[0] <= 2 * moves[0] else (size, time)

    monkeypatch.setattr(corpus, "_stamp", stamp)
    yield moves


def test_a_file_that_changes_while_it_is_read_is_read_again_then_skipped(tmp_path: Path,
                                                                          moving: list[int]) -> None:
    (tmp_path / "a.txt").write_bytes(REPORT)
    moving[0] = 1
    again = load(tmp_path, "a.txt")
    assert isinstance(again, RawFile) and "十五公里" in again.text
    moving[0] = 5
    skipped = load(tmp_path, "a.txt")
    assert not isinstance(skipped, RawFile) and skipped.reason == corpus.CHANGING


def test_a_file_shorter_than_its_size_said_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.docx").write_bytes((FIXTURES / "report.docx").read_bytes())
    real = corpus._stamp
    monkeypatch.setattr(corpus, "_stamp", lambda fd: (real(fd)[0] + 1, real(fd)[1]))
    skipped = load(tmp_path, "a.docx")
    assert not isinstance(skipped, RawFile) and skipped.reason == corpus.CHANGING


def _encrypted_docx() -> bytes:
    """What Word writes for a DOCX with a password: an OLE container of the encrypted package."""
    return compound_file({"EncryptionInfo": struct.pack("<HHI", 4, 4, 0x40) + b"\x00" * 200,
                          "EncryptedPackage": struct.pack("<Q", 4096) + bytes(range(256)) * 4})


@pytest.mark.parametrize("name", ["report.docx", "report-lo.docx", "report.doc", "report.wps", "report.pdf"])
def test_truncated_and_empty_real_files_are_skipped_with_one_line(tmp_path: Path, name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    for cut in (0, 512, len(data) // 2, len(data) * 9 // 10):
        (tmp_path / name).write_bytes(data[:cut])
        skipped = load(tmp_path, name)
        assert not isinstance(skipped, RawFile) and "\n" not in skipped.reason, (cut, skipped)
        assert skipped.reason == "empty file" if cut == 0 else skipped.reason.startswith("not readable as "), cut


def test_a_password_protected_docx_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "locked.docx").write_bytes(_encrypted_docx())
    skipped = load(tmp_path, "locked.docx")
    assert not isinstance(skipped, RawFile) and "password-protected" in skipped.reason


@pytest.mark.parametrize("name", ["report.doc", "report.docx", "report.pdf"])
def test_real_files_damaged_at_random_are_read_or_skipped_never_raised(tmp_path: Path, name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    for seed in range(16):
        rng, damaged = random.Random(seed), bytearray(data)
        for _ in range(3):
            at = rng.randrange(len(damaged) - 64)
            damaged[at : at + 64] = rng.randbytes(64)
        (tmp_path / name).write_bytes(bytes(damaged))
        raw = load(tmp_path, name)
        if isinstance(raw, RawFile):
            build_document(raw)
        else:
            assert "\n" not in raw.reason


def test_a_report_indexed_before_keeps_its_last_version_while_a_new_one_is_being_written(
        tmp_path: Path, moving: list[int]) -> None:
    from search.engine.searcher import open_index
    from search.index.build import build_index

    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "a.txt").write_bytes(REPORT)
    build_index(corpus_dir, tmp_path / "index", procs=1)
    (corpus_dir / "a.txt").write_bytes(REPORT + "三、2024年工作计划\n修通村道五公里。\n".encode())
    moving[0] = 1000
    report = build_index(corpus_dir, tmp_path / "index", procs=1)
    assert [(k.source, k.reason) for k in report.kept] == [("a.txt", corpus.CHANGING)]
    with open_index(tmp_path / "index") as idx:
        assert idx.search('"十五公里"').total == 1 and idx.search('"村道五公里"').total == 0
