"""How output reaches the terminal, a pipe or a file: colour, width, the pager and stderr.

Conventions are those of grep, ripgrep and git: colour only on a terminal (`--color`), long output
paged through `less -FRX` on a terminal, warnings and hints on stderr. Every byte of stdout goes
through `write`, so a reader that stops reading (`search query … | head -1`) is noticed in one place
and ends the run quietly with exit code 0.
"""

from __future__ import annotations

import os
import select
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from search import render
from search.errors import SearchError, UsageError

FORMATS = ("text", "csv", "tsv", "jsonl", "json")

if TYPE_CHECKING:
    from search.research.tables import Table


def write(text: str) -> None:
    """Stdout, flushed at once so a closed pipe shows here, where it ends the run quietly with 0."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(0) from None


def finish() -> None:
    """The last flush, at exit: Python's own would print "Exception ignored … BrokenPipeError"."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise SystemExit(0) from None
    except (OSError, ValueError):
        pass


def reader_gone() -> bool:
    """Whether stdout is a pipe whose reader has closed it: Click's own help text meets a closed pipe
    inside Typer, which ends the run with 1 before `write` can see it."""
    try:
        stdout = sys.__stdout__
        if stdout is None:
            return False
        poller = select.poll()
        poller.register(stdout.fileno(), select.POLLOUT)
        gone = any(events & select.POLLERR for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):
        return False
    if gone:
        _silence_stdout()
    return gone


def _silence_stdout() -> None:
    """Points stdout at /dev/null, so what is still buffered has somewhere to go at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def say(line: str) -> None:
    """One line on stderr: a warning, a hint or an error. Made visible-safe here, whatever its
    caller did, since warnings quote file names, sidecar keys and values from the corpus."""
    typer.echo(render.visible(line), err=True)


def warn(lines: list[str]) -> None:
    for line in lines:
        say(line)


def style_for(color: str) -> render.Style:
    if color not in ("auto", "always", "never"):
        raise UsageError(f"--color takes auto, always or never, not {color!r}")
    tty = sys.stdout.isatty()
    plain = bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    on = color == "always" or (color == "auto" and tty and not plain)
    width = shutil.get_terminal_size().columns if tty else env_columns()
    return render.Style(color=on, marks=color == "auto" and tty, width=width)


def env_columns() -> int | None:
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def out(text: str, pager: bool = False) -> None:
    """Print; on a terminal, text longer than the screen goes through the pager, as git does."""
    if pager and sys.stdout.isatty() and text.count("\n") + 1 > shutil.get_terminal_size().lines and _paged(text):
        return
    write(text + "\n")


def _paged(text: str) -> bool:
    """Through $PAGER (less by default); False when it cannot be started."""
    command = os.environ.get("PAGER") or "less"
    env = dict(os.environ, LESS=os.environ.get("LESS", "FRX"))
    try:
        proc = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):
        return False
    if proc.stdin is None:
        return False
    try:
        proc.stdin.write((text + "\n").encode("utf-8"))
        proc.stdin.close()
    except BrokenPipeError:
        pass
    proc.wait()
    return True


def emit(text: str, output: Path | None, no_pager: bool = False) -> None:
    """To `output` when given (and one line on stderr saying so), else to the terminal."""
    if output is None:
        out(text, pager=not no_pager)
        return
    write_file(output, text + "\n")


def write_file(output: Path, text: str) -> None:
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SearchError(f"cannot write {output}: {exc.strerror or exc}") from None
    say(f"Wrote {output}")


def respond(fmt: str, output: Path | None, no_pager: bool, table: Callable[[], Table], text: Callable[[], str]) -> None:
    """A research command's answer: the table in a data format, or the text."""
    if fmt == "text":
        emit(text(), output, no_pager)
    else:
        emit_table(table(), fmt, output)


def emit_table(data: Table, fmt: str, output: Path | None) -> None:
    """A table as csv, tsv, jsonl or json (a list of objects), to `output` or stdout."""
    text = render.dumps(data.dicts()) + "\n" if fmt == "json" else render.write_table(data, fmt)
    if output is None:
        write(text)
    else:
        write_file(output, text)
