"""Fault injection in the spirit of SQLite's: every kind of file of a generation truncated, with a
byte flipped, or deleted; and the disk filled at every write step of a build.

What must hold after each fault: no traceback, no wrong answer with exit 0, an error that names
the command that repairs the index, and that command, run, repairs it.
"""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
from search.errors import SearchError
from search.index import generations as store
from search.index.build import build_index
from search.testing import write_reports

runner = CliRunner()

SHARED = ("全面推行河长制，组织干部群众清理河道垃圾，治理沿河排污口，"
          "建立巡河台账并落实专人管护，使辖区水质明显好转。")
REPORTS = {
    "东岭镇2020年工作总结.txt": "东岭镇2020年工作总结\n一、主要工作\n" + SHARED + "\n"
    "新修村组道路八公里，改造危房二十户，茶叶产业带动农户增收。\n二、存在问题\n集体经济薄弱，人才外流。\n",
    "西河乡2021年工作总结.txt": "西河乡2021年工作总结\n一、主要工作\n" + SHARED + "\n"
    "开展屋场恳谈会十二场，收集群众意见并逐条办理，茶叶加工厂投产。\n二、存在问题\n基础设施欠账较多。\n",
    "南坪镇2022年工作计划.txt": "南坪镇2022年工作计划\n一、工作思路\n"
    "继续发展茶叶产业，推进河道治理，办好民生实事，抓好安全生产。\n二、具体措施\n"
    "新建冷链仓库一座，培训致富带头人五十名，完善乡村治理体系。\n",
}
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("query", "茶叶"), ("query", "河道", "--json"), ("query", "屋场恳谈会 OR 冷链"), ("docs", "--json"),
    ("dupes",), ("facets", "--json"),
)
KINDS = ("meta.json", "stats.json", ".toc", ".seg", ".texts", ".cols", ".docs.json", store.COPIES,
         store.CHECKSUMS)
DAMAGES = ("truncate", "flip", "delete")
HINT = re.compile(r"`search (index [^`]*--full[^`]*)`")


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def answers(index: Path) -> list[tuple[int, str]]:
    """Exit code and output of every command, comparable across indexes: JSON without its
    provenance, which names the generation and the time."""
    return [(result.exit_code, _comparable(result.stdout))
            for result in (run(*c, "--index", str(index)) for c in COMMANDS)]


def _comparable(stdout: str) -> str:
    try:
        data = json.loads(stdout)
    except ValueError:
        return stdout
    if isinstance(data, dict):
        data.pop("provenance", None)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[tuple[int, str]]]:
    root = tmp_path_factory.mktemp("faults")
    corpus = write_reports(root / "corpus", REPORTS)
    index = root / "index"
    build_index(corpus, index, procs=1)
    build_index(corpus, index, procs=1, full=True)  # a previous generation too, as after any rebuild
    expected = answers(index)
    assert all(code == 0 for code, _ in expected) and SHARED[:12] in expected[4][1]
    return corpus, index, expected


@pytest.fixture(scope="module")
def unfolded(pristine, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[int, str]]:
    """The answers with a copied-text table that cannot be read: what queries fall back to (copies
    shown unfolded), while `dupes` fails in one line."""
    index = tmp_path_factory.mktemp("unfolded") / "index"
    shutil.copytree(pristine[1], index)
    table = index / store.live_name(index) / store.COPIES
    table.write_bytes(b"\0" * table.stat().st_size)
    found = answers(index)
    assert found[4][0] == 1 and found != pristine[2]
    return found


def victim(generation: Path, kind: str) -> Path:
    found = sorted(p for p in generation.iterdir()
                   if p.name == kind or (kind.startswith(".") and p.name.endswith(kind)))
    assert found, f"no {kind} in {generation}"
    return found[0]


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flip":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x5A]) + data[middle + 1 :])
    else:
        path.unlink()


def assert_clean_failure(result: Any) -> str:
    """A run that failed as a user error does: one `Error:` line, no traceback; its repair command."""
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def repair(line: str, index: Path) -> None:
    """Run the command `line` names, exactly as a user would type it (without `search`)."""
    found = HINT.search(line)
    assert found, f"no repairing command named in: {line}"
    args = found.group(1).split()
    if "--index" not in args:
        args += ["--index", str(index)]
    result = run(*args)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("how", DAMAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_damaged_file_is_an_error_naming_the_repair_which_repairs(pristine, unfolded, tmp_path: Path, kind: str,
                                                                  how: str) -> None:
    """Files no answer is read from (the copied-text table, the corpus stats) do not stop queries;
    without the table they show copies unfolded, as documented, and `dupes` fails."""
    corpus, source, expected = pristine
    index = tmp_path / "index"
    shutil.copytree(source, index)
    live = index / store.live_name(index)
    path = victim(live, kind)
    damage(path, how)

    hints = []
    for command, right, degraded in zip(COMMANDS, expected, unfolded, strict=True):
        result = run(*command, "--index", str(index))
        if result.exit_code == 0:
            allowed = (right, degraded) if kind == store.COPIES else (right,)
            assert (result.exit_code, _comparable(result.stdout)) in allowed, f"{command}: a wrong answer with exit 0"
        else:
            hints.append(assert_clean_failure(result))
    if how != "flip" and kind != store.STATS:
        assert hints, "a truncated or missing file went unnoticed"
    check = run("index", "--check", "--index", str(index))
    line = assert_clean_failure(check)
    # A flipped byte can leave the manifest valid JSON recording another size or CRC: the check
    # then names the file whose record no longer matches, which is as far as anyone can tell.
    named = path.name in line or (path.name == store.CHECKSUMS and how == "flip" and " is damaged (" in line)
    assert check.exit_code == 1 and named, line
    repair(line, index)
    assert answers(index) == expected
    assert run("index", "--check", "--index", str(index)).exit_code == 0
    for hint in hints:
        assert HINT.search(hint), hint


# ---------------------------------------------------------------- a full disk at every write step


class Disk:
    """A disk that fills: writes into the index folder fail with ENOSPC once `budget` bytes are
    written, or from the `fail_at`-th file opened for writing on."""

    def __init__(self, root: Path, budget: int | None = None, fail_at: int | None = None) -> None:
        self.root = str(root.resolve())
        self.budget = budget
        self.fail_at = fail_at
        self.written = 0
        self.opened = 0

    def full(self, size: int) -> bool:
        return self.budget is not None and self.written + size > self.budget

    def wrap(self, handle: Any) -> Any:
        disk = self
        self.opened += 1
        number = self.opened
        write = handle.write

        def limited(data: Any) -> int:
            size = len(data) if not isinstance(data, memoryview) else data.nbytes
            if disk.full(size) or (disk.fail_at is not None and number >= disk.fail_at):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), getattr(handle, "name", None))
            disk.written += size
            return int(write(data))

        try:
            handle.write = limited
        except AttributeError:
            return _Proxy(handle, limited)
        return handle


class _Proxy:
    def __init__(self, handle: Any, write: Callable[[Any], int]) -> None:
        self._handle = handle
        self.write = write

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _Proxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._handle)


@contextmanager
def filling(monkeypatch: pytest.MonkeyPatch, disk: Disk) -> Iterator[Disk]:
    real_open = builtins.open
    real_connect = sqlite3.connect

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        writing = any(c in mode for c in "wax+")
        if writing and isinstance(file, (str, os.PathLike)) and os.path.abspath(file).startswith(disk.root):
            return disk.wrap(handle)
        return handle

    def fake_connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = real_connect(database, *args, **kwargs)
        if str(database).startswith(disk.root) and "mode=ro" not in str(database):
            disk.opened += 1
            page = db.execute("PRAGMA page_size").fetchone()[0]
            if disk.fail_at is not None and disk.opened >= disk.fail_at:
                pages = 1
            elif disk.budget is not None:
                pages = max(1, (disk.budget - disk.written) // page)
            else:
                return db
            db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(sqlite3, "connect", fake_connect)
    monkeypatch.setattr(shutil, "_USE_CP_SENDFILE", False, raising=False)
    monkeypatch.setattr(shutil, "_fastcopy_sendfile", None, raising=False)
    yield disk


def state(index: Path) -> list[str]:
    return sorted(p.name for p in index.iterdir())


def build_filling(corpus: Path, index: Path, monkeypatch: pytest.MonkeyPatch, disk: Disk) -> bool:
    """One full build on the filling disk: True if it published; a failure must be one line."""
    with monkeypatch.context() as patch, filling(patch, disk):
        try:
            build_index(corpus, index, procs=1, full=True)
        except SearchError as exc:
            assert "\n" not in str(exc) and "unchanged" in str(exc), str(exc)
            return False
    return True


FILL_LEVELS = 16


def test_a_full_disk_at_every_step_fails_in_one_line_and_leaves_the_index(pristine, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, source, expected = pristine
    index = tmp_path / "index"
    shutil.copytree(source, index)
    before = state(index)
    counting = Disk(index)
    assert build_filling(corpus, index, monkeypatch, counting)
    shutil.rmtree(index)
    shutil.copytree(source, index)
    steps = [Disk(index, fail_at=n) for n in range(1, counting.opened + 1)]
    levels = [Disk(index, budget=counting.written * n // FILL_LEVELS) for n in range(FILL_LEVELS)]
    for disk in steps + levels:
        published = build_filling(corpus, index, monkeypatch, disk)
        assert not published, (disk.fail_at, disk.budget)
        assert state(index) == before, (disk.fail_at, disk.budget, disk.opened)
        assert answers(index) == expected
    assert run("index", "--check", "--index", str(index)).exit_code == 0
