"""A `--regex` scan that backtracks without end stops at its time limit, or at Ctrl-C, with one
line; a pattern that ends gives the same matches as before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
from search.models import Hit
from search.research import regex
from search.testing import write_reports

runner = CliRunner()

ENDLESS = "工作(.|.)*@@"
"""Every `.` can be either branch: 2^n ways to fail on n characters, in one call into `re`."""
LONG = "工作" + "全镇扎实推进各项工作，" * 8


def hit(source: str, line: int, text: str) -> Hit:
    return Hit(f"{source}:{line}", source, line, "甲镇", 2021, "工作总结", (), 0.0, text, ())


def test_an_endless_scan_stops_at_its_limit_naming_what_it_scanned() -> None:
    hits = [hit("甲.txt", 2, "工作很短"), hit("甲.txt", 5, LONG), hit("乙.txt", 1, "工作")]
    with pytest.raises(regex.RegexTimeout) as caught:
        regex.matches(hits, regex.compile_pattern(ENDLESS), timeout=0.5)
    message = str(caught.value)
    assert "0.5 s limit" in message and "甲.txt:5 (paragraph 3 of 3)" in message
    assert "--regex-timeout" in message and "\n" not in message and caught.value.exit_code == 1


def test_a_scan_that_ends_gives_its_matches_in_document_order() -> None:
    hits = [hit("乙.txt", 1, "召開12場會議"), hit("甲.txt", 3, "召开3场，又召开4场")]
    found = regex.matches(hits, regex.compile_pattern(r"召开(\d+)场"), timeout=0)
    assert [(m.hit.source, m.match, m.captures) for m in found] == [
        ("乙.txt", "召開12場", ("12",)), ("甲.txt", "召开3场", ("3",)), ("甲.txt", "召开4场", ("4",))]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("regex-limit")
    corpus = write_reports(folder / "corpus", {"甲镇2021年工作总结.txt": f"一、2021年工作总结\n{LONG}\n"})
    assert runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(folder / "index")]).exit_code == 0
    return folder / "index"


def test_the_limit_is_an_option_and_its_end_one_line_with_exit_code_1(index: Path) -> None:
    result = runner.invoke(app, ["query", "--regex", ENDLESS, "--regex-timeout", "0.5", "--index", str(index)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "stopped at its 0.5 s limit" in result.stderr
    ended = runner.invoke(app, ["query", "--regex", r"工作(\w)", "--regex-timeout", "0", "--index", str(index)])
    assert ended.exit_code == 0 and "group1=全" in ended.stdout


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads a process's children from /proc")
def test_ctrl_c_ends_a_scan_without_limit_at_once(index: Path) -> None:
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(Path(regex.__file__).parents[2]))
    proc = subprocess.Popen([sys.executable, "-m", "search", "query", "--regex", ENDLESS, "--regex-timeout", "0",
                             "--index", str(index)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = children(proc.pid)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole foreground group
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130 and out == "" and "Traceback" not in err
    assert workers and not any(Path(f"/proc/{w}").exists() and "zombie" not in _state(w) for w in workers)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"
