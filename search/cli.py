"""The `search` command: parses options, calls one library function, renders the result.

Conventions are those of grep, ripgrep and git: colour only on a terminal (`--color`), long
output paged through `less -FRX` on a terminal, warnings and hints on stderr, every user error
one `Error:` line with exit code 2 (usage) or 1 (anything else), Click's own included.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional, TypeVar

from typer import _click as click
import typer
from typer.core import TyperGroup

from search import render, store
from search.errors import SearchError, UsageError


class _Group(TyperGroup):
    """Click's usage errors in one line, like the project's own; Ctrl-C ends with a newline."""

    def main(self, args: Any = None, prog_name: Any = None, complete_var: Any = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else "")
            code = 0
        except click.ClickException as exc:
            click.echo(f"Error: {render.visible(exc.format_message())}", err=True)
            code = exc.exit_code
        except click.exceptions.Abort:
            click.echo("", err=True)
            code = 130
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(cls=_Group, no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="Full-text search over Chinese township government work reports.")


def _index_towns(incomplete: str) -> list[str]:
    """Town names from the default index, for shell completion."""
    meta = store.live_meta(store.index_dir(None)) or {}
    towns = sorted({f.get("town") for f in meta.get("files", {}).values() if f.get("town")})
    return [t for t in towns if t.startswith(incomplete)]


def _section_names(incomplete: str) -> list[str]:
    from search.searcher import SECTION_ALIASES

    return [s for s in SECTION_ALIASES if s.startswith(incomplete)]


CorpusOpt = typer.Option(None, "--corpus", help="Corpus directory [env SEARCH_CORPUS; default: the index's own, else seeds/]")
IndexOpt = typer.Option(None, "--index", help="Index directory [env SEARCH_INDEX; default index/]")
JsonOpt = typer.Option(False, "--json", help="Print JSON instead of text.")
TownOpt = typer.Option([], "--town", "-t", help="Only this town (repeatable; 荫田 = 荫田镇; 'unknown' for none found).",
                       autocompletion=_index_towns)
YearOpt = typer.Option(None, "--year", "-y", help="A year, or a range: 2019..2021, 2019.., ..2021; 'unknown'.")
SectionOpt = typer.Option([], "--section", "-s", help="Only this section (repeatable; 总结 问题 计划 建议 前言 其他).",
                          autocompletion=_section_names)
ColorOpt = typer.Option("auto", "--color", help="auto (on a terminal), always or never.")
PagerOpt = typer.Option(False, "--no-pager", help="Print straight to the terminal, without less.")

F = TypeVar("F", bound=Callable[..., Any])


def _errors(command: F) -> F:
    """Domain errors become one `Error:` line on stderr and the error's exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SearchError as exc:
            typer.echo(f"Error: {render.visible(str(exc))}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"search {version('township-search')}")
        except PackageNotFoundError:
            typer.echo("search (not installed)")
        raise typer.Exit(0)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Full-text search over Chinese township government work reports."""


def _style(color: str) -> render.Style:
    if color not in ("auto", "always", "never"):
        raise UsageError(f"--color takes auto, always or never, not {color!r}")
    tty = sys.stdout.isatty()
    plain = bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
    on = color == "always" or (color == "auto" and tty and not plain)
    width = shutil.get_terminal_size().columns if tty else _env_columns()
    return render.Style(color=on, marks=color == "auto" and tty, width=width)


def _env_columns() -> int | None:
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def _out(text: str, pager: bool = False) -> None:
    """Print; on a terminal, text longer than the screen goes through the pager, as git does."""
    if pager and sys.stdout.isatty() and text.count("\n") + 1 > shutil.get_terminal_size().lines:
        command = os.environ.get("PAGER") or "less"
        env = dict(os.environ, LESS=os.environ.get("LESS", "FRX"))
        try:
            proc = subprocess.Popen(shlex.split(command), stdin=subprocess.PIPE, env=env)
        except (OSError, ValueError):
            proc = None
        if proc is not None and proc.stdin is not None:
            try:
                proc.stdin.write((text + "\n").encode("utf-8"))
                proc.stdin.close()
            except BrokenPipeError:
                pass
            proc.wait()
            return
    sys.stdout.write(text + "\n")


def _warn(lines: list[str]) -> None:
    for line in lines:
        typer.echo(line, err=True)


def _years(value: Optional[str]) -> Optional[tuple[int, int]]:
    from search.query import year_range
    from search.schema import NO_YEAR

    if not value:
        return None
    if value.strip().lower() in ("unknown", "(unknown)"):
        return NO_YEAR, NO_YEAR
    text = value.strip()
    years = year_range(text)
    if years:
        return years
    if len(text) == 4 and text.isdigit():
        return int(text), int(text)
    raise UsageError(f"--year takes a year or a range like 2019..2021, 2019.. or ..2021, not {value!r}")


def _filters(town: list[str], year: Optional[str], section: list[str]):  # type: ignore[no-untyped-def]
    from search.searcher import Filters

    return Filters(towns=tuple(town), years=_years(year), sections=tuple(section))


@app.command()
@_errors
def docs(
    town: list[str] = TownOpt,
    year: Optional[str] = YearOpt,
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Read this corpus directly instead of the index."),
    as_json: bool = JsonOpt,
    index: Optional[Path] = IndexOpt,
) -> None:
    """List the indexed reports: town, year, date, paragraphs and title.

    \b
    Examples:
      search docs
      search docs --town 泉溪 --json
    """
    if corpus is not None:
        from search.indexer import parse_corpus
        from search.models import Skipped

        rows = []
        for item in parse_corpus(corpus):
            if isinstance(item, Skipped):
                typer.echo(render.skipped_line(item), err=True)
            else:
                rows.append(render.document_row(item))
    else:
        from search.searcher import open_index

        with open_index(store.index_dir(index)) as idx:
            rows = idx.documents(_filters(town, year, []))
    _out(render.documents_json(rows) if as_json else render.documents_table(rows, _style("auto").width))


@app.command()
@_errors
def index(
    corpus: Optional[Path] = CorpusOpt,
    index: Optional[Path] = IndexOpt,
    full: bool = typer.Option(False, "--full", help="Rebuild everything, not only changed files."),
    force: bool = typer.Option(False, "--force", help="Build even if it switches corpus or removes over half the reports."),
    rollback: bool = typer.Option(False, "--rollback", help="Make the previous generation live again, and stop."),
    wait: float = typer.Option(30.0, "--wait", help="Seconds to wait for another running build."),
) -> None:
    """Build or update the index (only added, changed and removed files unless --full).

    \b
    Examples:
      search index                      (the corpus the index was built from, else seeds/)
      search index --corpus reports/ --index reports-index/
      search index --rollback
    """
    from search import indexer

    where = store.index_dir(index)
    if rollback:
        was, now = indexer.rollback(where, wait)
        _out(f"Rolled back {where.resolve()}: {now} is live again (was {was})")
        return
    source = corpus or (Path(os.environ[store.CORPUS_ENV]) if os.environ.get(store.CORPUS_ENV) else None)
    source = source or indexer.recorded_corpus(where) or Path(store.DEFAULT_CORPUS)
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        report = indexer.build_index(source, where, full=full, wait=wait, progress=progress, force=force)
    finally:
        if progress:
            progress.close()
    _warn(render.index_warnings(report))
    _out(render.report_text(report))
    if report.kept:
        raise typer.Exit(1)


class _Progress:
    """Phase, files done, rate and time left, on one line of stderr rewritten in place."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.phase = ""
        self.shown = False

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase != self.phase:
            self.phase, self.started = phase, time.monotonic()
        elapsed = time.monotonic() - self.started
        if total:
            rate = done / elapsed if elapsed > 0 else 0.0
            left = (total - done) / rate if rate else 0.0
            bar = "#" * (30 * done // total)
            line = f"{phase:<8} [{bar:.<30}] {done}/{total} files  {rate:.0f}/s  ETA {left:.0f} s"
        else:
            line = f"{phase:<8} …"
        sys.stderr.write("\r" + line + "\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


QUERY_HELP = """Search paragraphs; with only filters, list them in document order.

\b
Syntax:
  屋场恳谈会            literally (either script), or its words apart; literal first
  河长制 巡河           both terms (AND is implied; ，、； separate terms too)
  "2020年" “5G”        exactly this text, as Ctrl+F finds it (also 「」『』)
  A OR B, A NOT B, (A OR B) C   operators in capitals; ( ) or （ ） group
  town:荫田 year:2019..2021 section:问题   filters; they restrict the whole query
\b
Examples:
  search query 屋场恳谈会
  search query 河长制 巡河 -t 荫田 -y 2021..
  search query '"厕所革命" OR 改厕' --section 总结 --json
  search query --section 问题 --year 2020 -n 5
"""


@app.command(help=QUERY_HELP)
@_errors
def query(
    words: Optional[list[str]] = typer.Argument(None, metavar="[QUERY]...", help="What to find; several words are one query."),
    town: list[str] = TownOpt,
    year: Optional[str] = YearOpt,
    section: list[str] = SectionOpt,
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="How many hits to show."),
    show_all: bool = typer.Option(False, "--all", help="Show every hit."),
    explain: bool = typer.Option(False, "--explain", help="Say how each term was split and matched."),
    as_json: bool = JsonOpt,
    jsonl: bool = typer.Option(False, "--jsonl", help="Stream every hit as one JSON object per line."),
    color: str = ColorOpt,
    no_pager: bool = PagerOpt,
    index: Optional[Path] = IndexOpt,
) -> None:
    from search.searcher import open_index

    text = " ".join(words or [])
    filters = _filters(town, year, section)
    style = _style(color)
    with open_index(store.index_dir(index)) as idx:
        result = idx.search(text, filters, limit=None if show_all or jsonl else limit)
    _warn([f"Note: {render.visible(h)}" for h in result.hints])
    if jsonl:
        for hit in result.hits:
            sys.stdout.write(render.hit_jsonl(hit) + "\n")
        return
    if as_json:
        _out(render.result_json(result))
        return
    explained = render.splits_text(result.segments) if explain else []
    _out("\n".join([*explained, *([""] if explained else []), render.result_text(result, style)]), pager=not no_pager)


@app.command()
@_errors
def facets(as_json: bool = JsonOpt, index: Optional[Path] = IndexOpt) -> None:
    """Every town, year and section in the index with its paragraph count."""
    from search.searcher import open_index

    with open_index(store.index_dir(index)) as idx:
        counts = idx.all_facets()
    _out(render.facets_json(counts) if as_json else "\n".join(render.facets_text(counts, limit=None)))


@app.command()
@_errors
def show(
    pid: str = typer.Argument(..., metavar="ID", help="source:line as results or grep print it; a source alone for the whole report."),
    context: int = typer.Option(0, "--context", "-C", min=0, help="Neighbouring paragraphs to show on each side."),
    as_json: bool = JsonOpt,
    color: str = ColorOpt,
    no_pager: bool = PagerOpt,
    index: Optional[Path] = IndexOpt,
) -> None:
    """One paragraph with its heading path and neighbours, or a whole report.

    \b
    Examples:
      search show 003_192b9e4ae9fa5ec2.txt:41 -C 2
      search show seeds/003_192b9e4ae9fa5ec2.txt:40
      search show 003_192b9e4ae9fa5ec2.txt
    """
    from search.searcher import open_index

    with open_index(store.index_dir(index)) as idx:
        focus, hits = idx.paragraph(pid, context)
    _out(render.hits_json(hits) if as_json else render.paragraphs_text(hits, focus, _style(color)), pager=not no_pager)


def main() -> None:
    """Entry point; an interrupted or piped-away run ends quietly with a conventional code."""
    try:
        app()
    except KeyboardInterrupt:
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
