"""The `search` command: parses options, calls one library function, renders the result."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional, TypeVar

import typer

from search import render, store
from search.errors import SearchError, UsageError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Full-text search over Chinese township government work reports.")

CorpusOpt = typer.Option(None, "--corpus", help="Corpus directory [env SEARCH_CORPUS; default seeds/]")
IndexOpt = typer.Option(None, "--index", help="Index directory [env SEARCH_INDEX; default index/]")
JsonOpt = typer.Option(False, "--json", help="Print JSON instead of text.")


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


def _style() -> render.Style:
    return render.Style(color=sys.stdout.isatty() and not os.environ.get("NO_COLOR"))


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


@app.command()
@_errors
def docs(
    corpus: Optional[Path] = CorpusOpt,
    as_json: bool = JsonOpt,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list each line dropped as boilerplate."),
) -> None:
    """List the corpus's documents with town and its place, kind, year, title, date, encoding and sections."""
    from search.indexer import parse_corpus
    from search.models import Skipped

    documents = []
    for item in parse_corpus(store.corpus_dir(corpus)):
        if isinstance(item, Skipped):
            typer.echo(render.skipped_line(item), err=True)
        else:
            documents.append(item)
    if as_json:
        _out(render.documents_json(documents))
    else:
        _out(render.documents_text(documents, verbose=verbose))


@app.command()
@_errors
def index(
    corpus: Optional[Path] = CorpusOpt,
    index: Optional[Path] = IndexOpt,
    full: bool = typer.Option(False, "--full", help="Rebuild everything, not only changed files."),
    wait: float = typer.Option(30.0, "--wait", help="Seconds to wait for another running build."),
) -> None:
    """Build or update the index (only added, changed and removed files unless --full)."""
    from search.indexer import build_index

    progress = _progress_bar() if sys.stderr.isatty() else None
    report = build_index(store.corpus_dir(corpus), store.index_dir(index), full=full, wait=wait, progress=progress)
    if progress:
        sys.stderr.write("\n")
    _out(render.report_text(report))


def _progress_bar():  # type: ignore[no-untyped-def]
    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        sys.stderr.flush()

    return show


def _years(value: Optional[str], option: str = "--year") -> Optional[tuple[int, int]]:
    if not value:
        return None
    low, _, high = value.partition("..")
    try:
        years = (int(low), int(high or low))
    except ValueError:
        raise UsageError(f"{option} takes a year or a range like 2019..2021, not {value!r}") from None
    return min(years), max(years)


@app.command()
@_errors
def query(
    text: Optional[str] = typer.Argument(None, metavar="[QUERY]", help="What to find; see README for the syntax."),
    town: list[str] = typer.Option([], "--town", help="Only this town (repeatable; 荫田 = 荫田镇)."),
    year: Optional[str] = typer.Option(None, "--year", help="A year, or a range 2019..2021."),
    section: list[str] = typer.Option([], "--section", help="Only this section (repeatable; 总结 问题 计划 建议 前言)."),
    county: list[str] = typer.Option([], "--county", help="Only towns of this county (repeatable; 衡南 = 衡南县)."),
    city: list[str] = typer.Option([], "--city", help="Only towns of this city (repeatable; 衡阳 = 衡阳市)."),
    province: list[str] = typer.Option([], "--province", help="Only towns of this province (repeatable; 湖南 = 湖南省)."),
    kind: list[str] = typer.Option([], "--kind", help="Only this kind of report (repeatable; 年度总结 工作计划 政府工作报告 …)."),
    about_year: Optional[str] = typer.Option(None, "--about-year", help="Paragraphs about this year (reviewed or planned), or a range."),
    limit: int = typer.Option(10, "--limit", min=1, help="How many hits to show."),
    show_all: bool = typer.Option(False, "--all", help="Show every hit."),
    as_json: bool = JsonOpt,
    index: Optional[Path] = IndexOpt,
) -> None:
    """Search paragraphs; with only filters, list the matching paragraphs in document order."""
    from search.searcher import Filters, open_index

    filters = Filters(
        towns=tuple(town), years=_years(year), sections=tuple(section), counties=tuple(county),
        cities=tuple(city), provinces=tuple(province), kinds=tuple(kind), about_years=_years(about_year, "--about-year"),
    )
    with open_index(store.index_dir(index)) as idx:
        result = idx.search(text or "", filters, limit=None if show_all else limit)
    _out(render.result_json(result) if as_json else render.result_text(result, _style()))


@app.command()
@_errors
def facets(as_json: bool = JsonOpt, index: Optional[Path] = IndexOpt) -> None:
    """Every town, year and section in the index with its paragraph count."""
    from search.searcher import open_index

    with open_index(store.index_dir(index)) as idx:
        counts = idx.all_facets()
    _out(render.facets_json(counts) if as_json else "\n".join(render.facets_text(counts)))


@app.command()
@_errors
def show(
    pid: str = typer.Argument(..., metavar="ID", help="A paragraph id, source:line (as in query output)."),
    context: int = typer.Option(0, "--context", min=0, help="Neighbouring paragraphs to show on each side."),
    as_json: bool = JsonOpt,
    index: Optional[Path] = IndexOpt,
) -> None:
    """One paragraph with its heading path and neighbours."""
    from search.searcher import open_index

    with open_index(store.index_dir(index)) as idx:
        hits = idx.paragraph(pid, context)
    _out(render.hits_json(hits) if as_json else render.paragraphs_text(hits, pid, _style()))


def main() -> None:
    """Entry point; an interrupted or piped-away run ends quietly with a conventional code."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
