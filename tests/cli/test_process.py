"""How a real `search` process ends: a reader that closes the pipe, Ctrl-C, shell completion, and
the filter options built from the facet fields.

Processes run the installed entry point (`search`, else `python -m search`) of the test's Python.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from search.cli import options
from search.cli.app import reported
from search.engine.filters import Filters
from support import SEEDS

SCRIPT = Path(sys.executable).with_name("search")
SEARCH = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "search"]


def corpus_of(path: Path, copies: int) -> Path:
    """The seed reports, `copies` times under different names."""
    path.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        for copy in range(copies):
            shutil.copy(seed, path / f"{seed.stem}_{copy:02d}.txt")
    return path


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("process")
    index = root / "index"
    built = subprocess.run([*SEARCH, "index", "--corpus", str(corpus_of(root / "corpus", 3)), "--index", str(index)],
                           capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    return index


def environment(index: Path, **extra: str) -> dict[str, str]:
    return dict(os.environ, NO_COLOR="1", SEARCH_INDEX=str(index), **extra)


@pytest.mark.parametrize("args", [
    ["query", "发展", "--jsonl"],
    ["query", "发展", "--all"],
    ["kwic", "发展", "--format", "csv"],
    ["docs"],
    ["--version"],
    ["query", "--help"],
    [],
])
def test_a_pipe_closed_before_the_first_line_ends_quietly_with_0(index_dir: Path, args: list[str]) -> None:
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run([*SEARCH, *args], stdout=writer, stderr=subprocess.PIPE, text=True,
                              env=environment(index_dir), timeout=60)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (0, "")


def test_a_reader_that_stops_after_one_line_ends_the_command_quietly(index_dir: Path) -> None:
    """`search query 发展 --jsonl | head -1`, with more output than a pipe holds."""
    proc = subprocess.Popen([*SEARCH, "query", "发展", "--jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=environment(index_dir))
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 0
    assert first.startswith(b'{"id": ') and stderr == ""


def test_ctrl_c_during_a_build_ends_with_130_and_a_newline(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "corpus", 12)
    index = tmp_path / "index"
    proc = subprocess.Popen([*SEARCH, "index", "--corpus", str(corpus), "--index", str(index)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 30
    while not (index / "LOCK").exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr.decode("utf-8") == "\n"


def test_tab_completes_a_town_of_the_index(index_dir: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip("completion is keyed to the installed `search` command")
    env = environment(index_dir, _SEARCH_COMPLETE="complete_bash", COMP_WORDS="search query -t 泉", COMP_CWORD="3")
    done = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr, done.stdout.split()) == (0, "", ["泉溪镇"])


def test_install_completion_writes_the_bash_script(tmp_path: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip("completion is keyed to the installed `search` command")
    env = dict(os.environ, HOME=str(tmp_path), SHELL="/bin/bash")
    done = subprocess.run([str(SCRIPT), "--install-completion", "bash"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "_SEARCH_COMPLETE" in (tmp_path / ".bash_completions" / "search.sh").read_text(encoding="utf-8")
    assert ".bash_completions/search.sh" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_every_facet_field_is_an_option_and_arrives_as_one_filters(monkeypatch: pytest.MonkeyPatch) -> None:
    """A facet field without an entry of its own still becomes a repeatable option."""
    monkeypatch.setattr(options, "FACET_FIELDS", (*options.FACET_FIELDS, "village"))
    received: list[Filters] = []
    app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)

    @app.command()
    @reported
    @options.with_filters()
    def probe(words: list[str] = typer.Argument(None), filters: Filters = options.FILTERS,
              limit: int = typer.Option(1, "--limit")) -> None:
        received.append(filters)

    helped = CliRunner().invoke(app, ["--help"])
    for flag in ("-t, --town", "-y, --year", "-s, --section", "--county", "--city", "--province", "--kind",
                 "--about-year", "--village", "Only this village (repeatable)."):
        assert flag in helped.stdout
    args = ["甲", "-t", "泉溪", "-t", "荫田", "-y", "2020..2021", "--county", "衡南", "--kind", "年度总结",
            "--about-year", "2022", "--village", "甲村", "--limit", "3"]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert received == [Filters(towns=("泉溪", "荫田"), years=(2020, 2021), counties=("衡南",), kinds=("年度总结",),
                                about_years=(2022, 2022), fields=(("village", ("甲村",)),))]
    wrong = CliRunner().invoke(app, ["--year", "明年"])
    assert wrong.exit_code == 2 and "Error: --year takes a year" in wrong.stderr
