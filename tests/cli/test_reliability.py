"""Robustness of the whole tool: kill -9 during a build, readers and writers at the same time,
fuzzed and hostile queries, hostile text on the terminal, and one-line errors with exit codes.

Real processes run the real entry point (`python -m search`, i.e. `search.cli:main`) where the
behaviour depends on a process: being killed, holding the writer lock, exit codes.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from bench import hostile
from search.cli.commands import app
from search.engine.searcher import Filters, open_index
from search.errors import SearchError
from search.index import build as indexer, generations as store
from search.index.build import build_index
from support import SEEDS

SEARCH = [sys.executable, "-m", "search"]
runner = CliRunner()
FIXED_QUERIES = ("脱贫", '"工作总结"', "屋场恳谈会 OR 河长制")
MARKER = "甲乙丙丁戊己庚辛标记段落"


# ---------------------------------------------------------------- helpers


def seed_corpus(path: Path, copies: int = 1, head: int | None = None) -> Path:
    """The seeds, `copies` times under different names; only their first `head` lines if given."""
    path.mkdir(parents=True, exist_ok=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        if head is not None:
            text = "\n".join(text.splitlines()[:head]) + "\n"
        for copy in range(copies):
            (path / f"{seed.stem}_{copy:02d}.txt").write_text(text, encoding="utf-8")
    return path


def answers(index: Path) -> tuple:
    """What the fixed queries return: totals, ranked ids and scores. Must not change across a kill."""
    with open_index(index) as idx:
        out = []
        for text in FIXED_QUERIES:
            result = idx.search(text, limit=20)
            out.append((text, result.total, tuple((h.id, h.score) for h in result.hits)))
        return tuple(out)


def matches(index: Path) -> tuple:
    """Totals and the sets of matching ids: equal for an index updated incrementally and one built
    afresh from the same corpus (scores may differ slightly while deletions are not merged away)."""
    with open_index(index) as idx:
        return tuple((text, (r := idx.search(text, limit=None)).total, frozenset(h.id for h in r.hits))
                     for text in FIXED_QUERIES + (f'"{MARKER}"',))


def cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1", SEARCH_INDEX=str(cwd / "default-index"))
    return subprocess.run(SEARCH + list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def popen(*args: str, cwd: Path) -> subprocess.Popen:
    env = dict(os.environ, NO_COLOR="1", SEARCH_INDEX=str(cwd / "default-index"))
    return subprocess.Popen(SEARCH + list(args), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes in a process group, from /proc."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] not in "ZX":
            members.append(int(entry))
    return members


def assert_group_exits(pgid: int, within: float = 5.0) -> None:
    """Pool workers of a killed build notice and exit (else they would hold the lock forever)."""
    if not Path("/proc/self/stat").exists():
        return
    deadline = time.monotonic() + within
    while (members := group_members(pgid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in members:  # clean up after a failure: these are the test's own processes
        os.kill(pid, signal.SIGKILL)
    assert not members, f"workers {members} of killed build {pgid} are still running"


def assert_clean(index: Path) -> None:
    """The live generation and at most the one before it, complete, and nothing else (a build
    that changed nothing publishes no generation)."""
    generations = store.generations(index)
    assert 1 <= len(generations) <= 2, generations
    assert store.current_generation(index).path.name == generations[-1]
    assert all((index / g / store.META).is_file() for g in generations)
    assert sorted(p.name for p in index.iterdir()) == sorted([store.CURRENT, store.LOCK, *generations])


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


# ---------------------------------------------------------------- kill -9 during `search index`


def test_kill_9_at_random_moments_leaves_the_previous_index_usable(tmp_path: Path) -> None:
    corpus = seed_corpus(tmp_path / "corpus", copies=6)  # 30 reports: a full build takes a second or two
    index = tmp_path / "index"
    started = time.monotonic()
    first = cli("index", "--full", "--corpus", str(corpus), "--index", str(index), cwd=tmp_path)
    duration = time.monotonic() - started
    assert first.returncode == 0, first.stderr
    baseline = answers(index)
    rng = random.Random(4004)
    killed = attempts = 0
    while killed < 10 and attempts < 30:  # a build outrunning its moment (a loaded first build) is no kill
        attempts += 1
        proc = popen("index", "--full", "--corpus", str(corpus), "--index", str(index), cwd=tmp_path)
        time.sleep(rng.uniform(0.0, duration))
        if proc.poll() is None:
            killed += 1
        proc.kill()
        proc.wait()
        assert_group_exits(proc.pid)
        proc.communicate(timeout=10)  # EOF only once no worker holds the pipes
        assert answers(index) == baseline
        assert len(store.generations(index)) <= 3  # live, previous, and what the killed build left
    assert killed >= 10
    done = cli("index", "--corpus", str(corpus), "--index", str(index), "--wait", "5", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert_clean(index)
    assert answers(index) == baseline
    shown = cli("query", "脱贫", "--index", str(index), cwd=tmp_path)
    assert shown.returncode == 0 and shown.stderr == ""


def _steps() -> list[tuple[object, str]]:
    """Every step of a build that touches the disk; a build is killed before each in turn."""
    import shutil

    import whoosh.writing

    from search.index import segment_writer as segwriter, textstore

    candidates = [(store, "prune"), (store, "new_generation"), (store, "link_copy"), (indexer, "_add"),
                  (whoosh.writing.SegmentWriter, "_finalize_segment"), (segwriter.SegmentBuilder, "finish"),
                  (textstore, "write"), (segwriter, "commit"),
                  (store, "publish"), (store, "_write_atomic"), (store, "_fsync_tree"), (store, "_fsync_dir"),
                  (os, "replace"), (shutil, "rmtree"), (store, "discard")]
    return [(owner, name) for owner, name in candidates if hasattr(owner, name)]


def _instrument(on_step) -> list:  # type: ignore[no-untyped-def]
    """Wrap every step so that `on_step(label)` runs before it; returns what to undo."""
    undo = []
    for owner, name in _steps():
        real = getattr(owner, name)

        def wrapper(*args, _real=real, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            target = args[1] if _name == "replace" else args[0] if args else None
            on_step(f"{_name}({Path(target).name})" if isinstance(target, (str, Path)) else _name)
            return _real(*args, **kwargs)

        undo.append((owner, name, real))
        setattr(owner, name, wrapper)
    return undo


def _build_killed_before_step(corpus: Path, index: Path, kill_at: int, full: bool) -> None:
    """Fork a build that SIGKILLs itself just before its `kill_at`-th disk step (0-based)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        try:
            count = [0]

            def maybe_die(label: str) -> None:
                if count[0] == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
                count[0] += 1

            _instrument(maybe_die)
            build_index(corpus, index, procs=1, full=full)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"step {kill_at} never reached"


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
def test_kill_9_before_every_step_of_a_build(tmp_path: Path, full: bool) -> None:
    """A build is killed just before each of its disk steps in turn (new generation, link copy,
    adding documents, writing a segment and its text store, the table of contents, meta.json,
    fsyncs, the CURRENT rename, pruning). After each kill the index answers exactly as before the
    build or, once CURRENT has been renamed, exactly as after it, never a mixture and never an
    error; the next build then leaves exactly the live and the previous generation."""
    import shutil

    corpus = seed_corpus(tmp_path / "corpus", head=6)
    pristine, reference = tmp_path / "pristine", tmp_path / "reference"
    build_index(corpus, pristine, procs=1)
    build_index(corpus, pristine, procs=1, full=True)  # two generations, so a publish has one to prune
    (pristine / ".CURRENT.99999.tmp").write_text("gen-000009")  # litter from an earlier killed publish
    old = matches(pristine)
    changed = sorted(corpus.iterdir())[0]
    with open(changed, "a", encoding="utf-8") as handle:
        handle.write(f"新增：{MARKER}，推进脱贫成果巩固。\n")
    shutil.copytree(pristine, reference)
    steps: list[str] = []
    undo = _instrument(steps.append)
    try:
        build_index(corpus, reference, procs=1, full=full)  # what the killed builds would have published
    finally:
        for owner, name, real in undo:
            setattr(owner, name, real)
    new = matches(reference)
    assert new != old
    switch = steps.index(f"replace({store.CURRENT})")
    assert steps.index(f"_write_atomic({store.META})") < switch, "meta.json must be complete before CURRENT"
    assert steps[switch + 1:] and steps[0].startswith("prune"), steps
    for kill_at in range(len(steps)):
        index = tmp_path / f"killed-{kill_at}"
        shutil.copytree(pristine, index)
        _build_killed_before_step(corpus, index, kill_at, full)
        switched = kill_at > switch
        assert matches(index) == (new if switched else old), f"killed before {steps[kill_at]}"
        assert len(store.generations(index)) <= 3
        report = build_index(corpus, index, procs=1)
        assert report.indexed == (() if switched else (changed.name,)), f"killed before {steps[kill_at]}"
        assert_clean(index)
        assert matches(index) == new
        shutil.rmtree(index)


def test_kill_9_halfway_through_removing_an_old_generation(tmp_path: Path) -> None:
    corpus = seed_corpus(tmp_path / "corpus", head=6)
    index = tmp_path / "index"
    for _ in range(2):
        build_index(corpus, index, procs=1, full=True)
    oldest = store.generations(index)[0]
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        try:
            def half_rmtree(path, ignore_errors=False):  # type: ignore[no-untyped-def]
                for victim in sorted(Path(path).iterdir())[:2]:
                    victim.unlink()
                os.kill(os.getpid(), signal.SIGKILL)

            store.shutil.rmtree = half_rmtree  # type: ignore[attr-defined]
            build_index(corpus, index, procs=1, full=True)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)
    assert oldest in store.generations(index) and len(store.generations(index)) == 3
    baseline = matches(index)
    build_index(corpus, index, procs=1)
    assert_clean(index) is None and oldest not in store.generations(index)
    assert matches(index) == baseline


# ---------------------------------------------------------------- readers and writers at once

WRITER_LOOP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from search.index.build import build_index
    a, b, index, rounds = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
    for i in range(rounds):
        build_index(a if i % 2 else b, index, procs=1, full=i % 3 == 0, force=True)
""")


def test_queries_during_rebuilds_all_succeed_against_old_or_new(tmp_path: Path) -> None:
    corpus_a = seed_corpus(tmp_path / "a", head=6)
    corpus_b = seed_corpus(tmp_path / "b", head=6)
    names = sorted(p.name for p in corpus_b.iterdir())
    (corpus_b / names[0]).unlink()
    with open(corpus_b / names[1], "a", encoding="utf-8") as handle:
        handle.write(f"{MARKER}：脱贫攻坚成果同乡村振兴有效衔接。\n")
    index_a, index_b, index = tmp_path / "ia", tmp_path / "ib", tmp_path / "index"
    for corpus, target in ((corpus_a, index_a), (corpus_a, index), (corpus_b, index_b)):
        build_index(corpus, target, procs=1)
    expected = {matches(index_a), matches(index_b)}
    assert len(expected) == 2
    writer = subprocess.Popen([sys.executable, "-c", WRITER_LOOP, str(corpus_a), str(corpus_b), str(index), "12"],
                              stderr=subprocess.PIPE, text=True)
    seen_generations, seen_answers, queries = set(), set(), 0
    while writer.poll() is None:
        with open_index(index) as idx:
            seen_generations.add(store.live_name(index))
            result = idx.search("脱贫", limit=20)
            assert result.total > 0
        got = matches(index)
        assert got in expected
        seen_answers.add(got)
        queries += 1
    assert writer.returncode == 0, writer.stderr.read()
    assert queries >= 20 and len(seen_generations) >= 4 and seen_answers == expected
    assert_clean(index)


def _wait_until_locked(index: Path, proc: subprocess.Popen, within: float = 30) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and proc.poll() is None:
        if (index / store.LOCK).exists():
            with open(index / store.LOCK, "a+") as handle:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
                except BlockingIOError:
                    return
        time.sleep(0.02)
    pytest.fail("the first writer never took the lock")


def test_second_writer_waits_then_fails_cleanly_and_a_patient_one_succeeds(tmp_path: Path) -> None:
    corpus = seed_corpus(tmp_path / "corpus", copies=5)  # 25 reports: the first build runs long enough
    index = tmp_path / "index"
    first = popen("index", "--full", "--corpus", str(corpus), "--index", str(index), cwd=tmp_path)
    _wait_until_locked(index, first)
    started = time.monotonic()
    impatient = cli("index", "--corpus", str(corpus), "--index", str(index), "--wait", "0.3", cwd=tmp_path)
    waited = time.monotonic() - started
    patient = popen("index", "--corpus", str(corpus), "--index", str(index), "--wait", "60", cwd=tmp_path)
    assert first.poll() is None, "the first build ended before the second tried: use a bigger corpus"
    assert impatient.returncode == 1 and impatient.stdout == ""
    line = one_error_line(impatient.stderr)
    assert "another `search index` is writing" in line and "0.3 s" in line
    assert waited >= 0.3
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert "25 indexed" in out
    out, err = patient.communicate(timeout=120)
    assert patient.returncode == 0, err
    assert "0 indexed" in out and "25 unchanged" in out
    assert_clean(index)
    assert answers(index)


# ---------------------------------------------------------------- one-line errors and exit codes


def test_cli_errors_are_one_line_with_exit_codes(tmp_path: Path) -> None:
    """Through the real entry point: one `Error:` line on stderr, nothing on stdout, exit 1 or 2."""
    missing = cli("query", "脱贫", "--index", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert missing.returncode == 1 and missing.stdout == ""
    line = one_error_line(missing.stderr)
    assert "no index" in line and f"search index --index {(tmp_path / 'nowhere').resolve()}" in line

    no_corpus = cli("index", "--corpus", str(tmp_path / "no-corpus"), "--index", str(tmp_path / "i"), cwd=tmp_path)
    assert no_corpus.returncode == 1 and "no-corpus" in one_error_line(no_corpus.stderr)
    assert not store.generations(tmp_path / "i")

    corpus = seed_corpus(tmp_path / "corpus", head=6)
    index = tmp_path / "index"
    build_index(corpus, index, procs=1)
    bad_query = cli("query", '"脱贫', "--index", str(index), cwd=tmp_path)
    assert bad_query.returncode == 2 and bad_query.stdout == "" and "quote" in one_error_line(bad_query.stderr)

    with store.writer_lock(index, 0):
        busy = cli("index", "--corpus", str(corpus), "--index", str(index), "--wait", "0", cwd=tmp_path)
    assert busy.returncode == 1 and "another `search index`" in one_error_line(busy.stderr)

    meta_path = store.current_generation(index).path / store.META
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps(dict(meta, dictionary="another-dictionary")), encoding="utf-8")
    refused = cli("query", "脱贫", "--index", str(index), cwd=tmp_path)
    assert refused.returncode == 1 and refused.stdout == ""
    line = one_error_line(refused.stderr)
    assert "dictionary" in line and f"search index --index {index.resolve()}" in line
    for args in (("facets",), ("show", "x.txt:1")):
        result = runner.invoke(app, [*args, "--index", str(index)])
        assert result.exit_code == 1 and "search index --index /" in one_error_line(result.stderr)
    rebuilt = runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(index)])
    assert rebuilt.exit_code == 0 and "full build: 5 indexed" in rebuilt.stdout
    assert runner.invoke(app, ["query", "脱贫", "--index", str(index)]).exit_code == 0


def test_index_summary_names_every_skipped_file_in_one_line(tmp_path: Path) -> None:
    corpus = seed_corpus(tmp_path / "corpus", head=6)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "readme.md").write_text("x")
    result = runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Index full build: 5 indexed") and "3 skipped" in lines[0]
    assert lines[1:] == [f"  index:  {(tmp_path / 'index').resolve()}", f"  corpus: {corpus.resolve()}"]
    warnings = result.stderr.splitlines()  # warnings only: no progress bar when not a terminal
    assert sorted(line.split(": ")[1] for line in warnings) == [
        "skipped binary.txt", "skipped empty.txt", "skipped readme.md"]


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    import pty

    corpus = seed_corpus(tmp_path / "corpus", head=6)
    master, slave = pty.openpty()
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.Popen(SEARCH + ["index", "--corpus", str(corpus), "--index", str(tmp_path / "index")],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    out, _ = proc.communicate(timeout=60)
    terminal = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "5/5 files" in terminal and "\r" in terminal
    assert "scanning" in terminal and "parsing" in terminal and "ETA" in terminal
    assert out.decode("utf-8").startswith("Index full build: 5 indexed") and b"\r" not in out


def read_terminal(master: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_ctrl_c_during_a_build_ends_with_a_newline_and_code_130(tmp_path: Path) -> None:
    import pty

    corpus = seed_corpus(tmp_path / "corpus", copies=12)
    index = tmp_path / "index"
    build_index(corpus, index, procs=1)
    before = answers(index)
    master, slave = pty.openpty()
    proc = subprocess.Popen(SEARCH + ["index", "--full", "--corpus", str(corpus), "--index", str(index)],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=slave, start_new_session=True)
    os.close(slave)
    seen = b""
    while b"parsing" not in seen and proc.poll() is None:
        seen += os.read(master, 4096)
    os.killpg(proc.pid, signal.SIGINT)
    terminal = seen.decode("utf-8", "replace") + read_terminal(master)
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert terminal.endswith("\n") and "Traceback" not in terminal and "KeyboardInterrupt" not in terminal
    assert answers(index) == before


def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    import pty
    import struct
    import termios

    index = tmp_path / "index"
    build_index(seed_corpus(tmp_path / "corpus", head=6), index, procs=1)
    paged = tmp_path / "paged.txt"
    pager = f"{sys.executable} -c \"import sys; open({str(paged)!r}, 'w').write(sys.stdin.read())\""
    for extra, expect_paged in (([], True), (["--no-pager"], False)):
        paged.unlink(missing_ok=True)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 10, 80, 0, 0))
        proc = subprocess.Popen(SEARCH + ["query", '"镇"', "-n", "5", "--index", str(index), *extra], cwd=tmp_path,
                                stdout=slave, stderr=slave, env=dict(os.environ, PAGER=pager))
        os.close(slave)
        terminal = read_terminal(master)
        assert proc.wait(timeout=60) == 0
        assert paged.exists() == expect_paged
        if expect_paged:
            assert "paragraphs, showing 5" in paged.read_text(encoding="utf-8") and "showing 5" not in terminal
        else:
            assert "showing 5" in terminal


# ---------------------------------------------------------------- hostile queries


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("fuzz")
    corpus = seed_corpus(root / "corpus", head=12)
    build_index(corpus, root / "index", procs=1)
    return root / "index"


WORDS = ["脱贫", "攻坚", "工作", "总结", "镇", "乡", "屋场恳谈会", "河长制", "2020年", "5G", "荫田", "泉溪镇",
         "AND", "OR", "NOT", "and", "TO", "town:", "year:", "section:", "town:荫田", "year:2020", "year:2019..2021",
         "year:[2019 TO 2021]", "section:问题", "section:", "year:[", "year:abc", "(", ")", '"', '""', "*", "?", "~",
         "^", ":", "[", "]", "{", "}", "\\", "-", "+", "!", "&&", "||", "/", "。", "，", "（", "）", "“", "”",
         "\u200b", "\ufeff", "\u200d", "\x00", "\x1b[31m", "\x07", "\t", "\n", "😀", "👨‍👩‍👧", "\U0001F1E8\U0001F1F3",
         "壹", "乡鎮", "工作總結", "ＡＢＣ", "  "]
QUERY = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=12).map("".join),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from('脱贫工作镇"()*?~^:[]{} \u200bNOT'), max_size=40),
)
FILTER_VALUES = st.sampled_from(["荫田", "荫田镇", "北京", "", " ", "\x00", "问题", "总结", "nonsense", "2020", "１"])
FUZZ = settings(max_examples=1500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _check(idx, text: str, filters: Filters = Filters()) -> None:  # type: ignore[no-untyped-def]
    try:
        result = idx.search(text, filters, limit=10)
    except SearchError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert result.total >= len(result.hits)
    for hit in result.hits:
        assert all(0 <= start < end <= len(hit.text) for start, end in hit.highlights)


@FUZZ
@given(text=QUERY)
def test_fuzzed_queries_give_results_or_a_search_error(tiny_index: Path, text: str) -> None:
    with open_index(tiny_index) as idx:
        _check(idx, text)


@settings(max_examples=500, deadline=None, database=None)
@given(text=QUERY, town=FILTER_VALUES, section=FILTER_VALUES, years=st.none() | st.tuples(st.integers(1990, 2030),
                                                                                          st.integers(1990, 2030)))
def test_fuzzed_queries_with_filters(tiny_index: Path, text: str, town: str, section: str, years) -> None:  # type: ignore[no-untyped-def]
    filters = Filters(towns=(town,) if town.strip() else (), sections=(section,) if section != "2020" else (),
                      years=tuple(sorted(years)) if years else None)
    with open_index(tiny_index) as idx:
        _check(idx, text, filters)


@pytest.fixture(scope="module")
def seed_text() -> str:
    return hostile.seed_text()


@pytest.mark.parametrize("name", list(hostile.LONG))
def test_ten_thousand_character_queries_answer_or_are_refused(tiny_index: Path, seed_text: str, name: str) -> None:
    """How long they take is in `python -m bench.hostile`, run by `make bench`."""
    with open_index(tiny_index) as idx:
        _check(idx, hostile.LONG[name](seed_text))


@pytest.mark.parametrize("name", list(hostile.NESTED))
def test_deeply_nested_queries_are_refused_not_crashing(tiny_index: Path, name: str) -> None:
    with open_index(tiny_index) as idx:
        _check(idx, hostile.NESTED[name])


HOSTILE_CLI = ["", "   ", "。，、！？", '"脱贫', "(脱贫", "脱贫)", "((脱贫)", '""', "*?~^:[]{}", "脱贫*", "town:",
               "year:[2019", "\x00\x1b[31m脱贫\x07", "😀", "\u200b\u200b", "\u200b脱\u200b贫", "NOT", "AND 脱贫",
               "脱贫 OR", "section:nothing", "town:北京 脱贫"]


@pytest.mark.parametrize("text", HOSTILE_CLI)
def test_hostile_queries_through_the_cli(tiny_index: Path, text: str) -> None:
    result = runner.invoke(app, ["query", text, "--index", str(tiny_index)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert result.stdout == ""
        one_error_line(result.stderr)
    assert "\x1b" not in result.stdout + result.stderr and "\x00" not in result.stdout + result.stderr


def test_hostile_query_through_the_real_entry_point(tiny_index: Path, tmp_path: Path) -> None:
    control = cli("query", "\x1b[2J脱贫\x07", "--index", str(tiny_index), cwd=tmp_path)
    assert control.returncode == 0 and "\x1b" not in control.stdout + control.stderr


def test_deeply_nested_query_through_the_real_entry_point(tiny_index: Path, tmp_path: Path) -> None:
    deep = cli("query", hostile.NESTED["parentheses-300"], "--index", str(tiny_index), cwd=tmp_path)
    assert deep.returncode in (0, 2) and "Traceback" not in deep.stderr


# ---------------------------------------------------------------- hostile text on the terminal

HOSTILE_TEXT = ("荫田镇2020年工作总结\n"
                "一、工作总结\n"
                "\x1b[31m红色\x1b[0m推进[bold]加粗[/bold]屋场恳谈会\x1b]0;title\x07，\x1b[2J清屏[red]x[/red]。\n"
                "控制字符\x08\x0b\x0c\x7f\x9b31m测试屋场恳谈会。\n")
CONTROL = [chr(c) for c in range(32) if chr(c) != "\n"] + [chr(0x7F)] + [chr(c) for c in range(0x80, 0xA0)]


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("hostile")
    corpus = seed_corpus(root / "corpus", head=6)
    (corpus / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    report = build_index(corpus, root / "index", procs=1)
    assert "hostile.txt" in report.indexed
    return root / "index"


def test_hostile_paragraph_text_is_shown_literally(hostile_index: Path, tmp_path: Path) -> None:
    outputs = []
    for args in (("query", "屋场恳谈会", "--all"), ("query", "红色"), ("query", "--town", "荫田", "--all"),
                 ("show", "hostile.txt:3", "--context", "2"), ("facets",)):
        result = runner.invoke(app, [*args, "--index", str(hostile_index)])
        assert result.exit_code == 0, (args, result.output)
        outputs.append(result.stdout + result.stderr)
    json_out = runner.invoke(app, ["query", "屋场恳谈会", "--all", "--json", "--index", str(hostile_index)]).stdout
    assert "\x1b" not in json_out and "\\u001b[31m" in json_out
    text = "".join(outputs)
    assert not [ch for ch in text if ch in CONTROL], "a control character from the text reached the terminal"
    assert "[bold]加粗[/bold]" in text and "[red]x[/red]" in text  # markup is text, not formatting
    assert "␛[31m红色␛[0m" in text  # ESC made visible


def test_hostile_text_in_colour_mode_only_carries_our_own_escapes(hostile_index: Path) -> None:
    from search import render

    with open_index(hostile_index) as idx:
        result = idx.search("屋场恳谈会 OR 红色", limit=None)
    out = render.result_text(result, render.Style(color=True))
    for code in (render.BOLD_RED, render.DIM, render.BOLD, render.RESET):
        out = out.replace(code, "")
    assert not [ch for ch in out if ch in CONTROL and ch != "\n"]


@pytest.mark.parametrize("command", ["index", "query", "show", "docs"])
def test_hostile_file_names_are_shown_literally(tmp_path: Path, command: str) -> None:
    corpus = seed_corpus(tmp_path / "corpus", head=6)
    evil = "evil\x1b[2J\x07.txt"
    (corpus / "000_38d5ad9ee7bf6a4c_00.txt").rename(corpus / evil)
    (corpus / "skip\x1b[31m.md").write_text("x")
    index = tmp_path / "index"
    args = {
        "index": ["index", "--corpus", str(corpus), "--index", str(index)],
        "query": ["query", "泉溪", "--all", "--index", str(index)],
        "show": ["show", f"{evil}:1", "--index", str(index)],
        "docs": ["docs", "--corpus", str(corpus)],
    }[command]
    if command in ("query", "show"):
        build_index(corpus, index, procs=1)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = result.stdout + result.stderr
    assert ("skip␛[31m.md" if command == "index" else "evil␛[2J␇.txt") in text
    assert not [ch for ch in text if ch in CONTROL], "a control character from a file name reached the terminal"
