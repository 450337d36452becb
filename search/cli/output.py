"""How output reaches the terminal, a pipe or a file: colour, width, the pager, stderr, and the
output options every record-returning command shares, resolved once into an `OutputSpec`.

Conventions are those of grep, ripgrep and git: colour only on a terminal (`--color`), long output
paged through `less -FRX` on a terminal, warnings and hints on stderr. Every byte of stdout goes
through `write`, so a reader that stops reading (`search query … | head -1`) is noticed in one place
and ends the run quietly with exit code 0. A file is written whole or not at all: to a temporary
file beside it, then renamed over it, so a full disk leaves the previous export as it was.
"""

from __future__ import annotations

import os
import select
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from search import render
from search.errors import SearchError, UsageError
from search.render.answer import Origin as Origin, answer, inline, made, origin as origin

FORMATS = ("text", "csv", "tsv", "jsonl", "json")

EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".json": "json"}
"""The format a file's name asks for when -f does not say."""

PROVENANCE_SUFFIX = ".provenance.json"
"""Beside a CSV, TSV or JSON Lines file, which cannot hold it: `hits.csv.provenance.json`."""

if TYPE_CHECKING:
    from search.render.data import Records


@dataclass(frozen=True)
class OutputSpec:
    """Where a command's records go and in what format, resolved once from --json, --jsonl, -f
    and -o; `options` are the command's options as typed, for the export's provenance."""

    fmt: str = "text"
    path: Path | None = None
    command: str = ""
    options: Mapping[str, object] = field(default_factory=dict)

    @property
    def data(self) -> bool:
        return self.fmt != "text"

    @property
    def export(self) -> bool:
        """A data file: it holds every record, not a terminal's page."""
        return self.data and self.path is not None


def resolve(command: str, formats: Sequence[str], as_json: bool, jsonl: bool, fmt: str | None,
            path: Path | None, options: Mapping[str, object]) -> OutputSpec:
    """The one format the options ask for: -f, --json or --jsonl, else -o's extension, else text.
    Two that disagree, or a file whose name says no format, are a usage error."""
    asked = [(flag, name) for flag, name, on in (("--json", "json", as_json), ("--jsonl", "jsonl", jsonl)) if on]
    if fmt is not None:
        if fmt not in formats:
            raise UsageError(f"--format takes {', '.join(formats[:-1])} or {formats[-1]}, not {fmt!r}")
        asked.append((f"-f {fmt}", fmt))
    if path is not None:
        named = EXTENSIONS.get(path.suffix.lower())
        if named is not None:
            asked.append((f"-o {path.name}", named))
        elif not asked:
            raise UsageError(f"-o {path.name}: its extension names no format; end it in "
                             f"{', '.join(list(EXTENSIONS)[:-1])} or {list(EXTENSIONS)[-1]}, "
                             f"or add -f {'|'.join(formats)}")
    chosen = dict.fromkeys(name for _, name in asked)
    if len(chosen) > 1:
        first, format_ = asked[0]
        second = next(flag for flag, name in asked if name != format_)
        raise UsageError(f"{first} and {second} ask for different formats; give one")
    return OutputSpec(next(iter(chosen), "text"), path, command, options)


def deliver(spec: OutputSpec, records: Records, source: Origin) -> None:
    """The records in the spec's format, to its file or stdout; a file gets its provenance (in
    JSON itself, beside the file otherwise)."""
    text = answer(records, spec.fmt, spec.command, spec.options, source)
    if spec.path is None:
        write(text)
        return
    write_file(spec.path, text)
    if not inline(records, spec.fmt):
        beside = spec.path.with_name(spec.path.name + PROVENANCE_SUFFIX)
        write_file(beside, render.dumps(made(spec.command, spec.options, source)) + "\n", quiet=True)


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


def write_file(output: Path, text: str, quiet: bool = False) -> None:
    """`text` as the whole of `output`, or `output` untouched: written beside it, then renamed."""
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, output)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise SearchError(f"cannot write {output}: {exc.strerror or exc}; it was left as it was") from None
    if not quiet:
        say(f"Wrote {output}")


def respond(spec: OutputSpec, no_pager: bool, records: Callable[[], Records], text: Callable[[], str],
            source: Origin) -> None:
    """A command's answer: its records in a data format, or its text."""
    if spec.data:
        deliver(spec, records(), source)
    else:
        emit(text(), spec.path, no_pager)
