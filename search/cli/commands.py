"""The `search` command: each command parses its options, calls one library function and renders
the result; the app and how a run ends are in `search.cli.app`, the shared options in
`search.cli.options`, output plumbing in `search.cli.output`, the research commands in
`search.cli.research`.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from search import index as indexes, render
from search.cli import research as research_commands
from search.cli.app import app, main, reported
from search.cli.options import (
    FILTERS,
    ColorOpt,
    CorpusOpt,
    ExplainOpt,
    IndexOpt,
    JsonOpt,
    NoVariantsOpt,
    OutputOpt,
    PagerOpt,
    choice,
    with_filters,
)
from search.cli.output import emit, emit_table, out, say, style_for, warn, write

if TYPE_CHECKING:
    from search.engine.filters import Filters
    from search.engine.searcher import SearchIndex
    from search.research.dupes import Collapsed
    from search.research.reports import Report

__all__ = ["app", "main"]


@app.command()
@reported
@with_filters(only=("town", "year"))
def docs(
    filters: Filters = FILTERS,
    corpus: Path | None = typer.Option(None, "--corpus", help="Read this corpus directly instead of the index."),
    as_json: bool = JsonOpt,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list each line dropped as boilerplate."),
    index: Path | None = IndexOpt,
) -> None:
    """List the indexed reports: town with its county, city, province and code, kind, year, date,
    paragraphs, lines dropped as boilerplate, and title.

    \b
    Examples:
      search docs
      search docs --town 泉溪 --json
    """
    if corpus is not None:
        from search.ingest import parse_corpus
        from search.models import Skipped

        rows = []
        for item in parse_corpus(corpus):
            if isinstance(item, Skipped):
                say(render.skipped_line(item))
            else:
                rows.append(render.document_row(item))
    else:
        from search.engine.searcher import open_index

        with open_index(indexes.index_dir(index)) as idx:
            rows = idx.documents(filters)
            root = idx.corpus_root([row["source"] for row in rows]) if as_json or verbose else Path(".")
        if as_json or verbose:
            from search.ingest import read_dropped

            rows = [{k: v for k, v in row.items() if k != "dropped_lines"} | {"boilerplate": read_dropped(root, row)}
                    for row in rows]
    if as_json:
        out(render.documents_json(rows))
    else:
        dropped = render.dropped_lines(rows) if verbose else []
        out("\n".join([render.documents_table(rows, style_for("auto").width), *dropped]))


@app.command()
@reported
def index(
    corpus: Path | None = CorpusOpt,
    index: Path | None = IndexOpt,
    full: bool = typer.Option(False, "--full", help="Rebuild everything, not only changed files."),
    force: bool = typer.Option(False, "--force",
                               help="Build even if it switches corpus or removes over half the reports."),
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
    where = indexes.index_dir(index)
    if rollback:
        was, now = indexes.rollback(where, wait)
        out(f"Rolled back {where.resolve()}: {now} is live again (was {was})")
        return
    source = corpus or (Path(os.environ[indexes.CORPUS_ENV]) if os.environ.get(indexes.CORPUS_ENV) else None)
    source = source or indexes.recorded_corpus(where) or Path(indexes.DEFAULT_CORPUS)
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        report = indexes.build_index(source, where, full=full, wait=wait, progress=progress, force=force)
    finally:
        if progress:
            progress.close()
    warn(render.index_warnings(report))
    out(render.report_text(report))
    if report.kept:
        raise typer.Exit(1)


REDRAW = 0.1


class _Progress:
    """Phase, files done, rate and time left, on one line of stderr rewritten in place."""

    def __init__(self) -> None:
        self.started = self.drawn = time.monotonic()
        self.phase = ""
        self.shown = False

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase != self.phase:
            self.phase, self.started, self.drawn = phase, now, 0.0
        elif done < total and now - self.drawn < REDRAW:
            return
        self.drawn = now
        elapsed = now - self.started
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
@reported
@with_filters()
def query(
    words: list[str] | None = typer.Argument(None, metavar="[QUERY]...",
                                             help="What to find; several words are one query."),
    filters: Filters = FILTERS,
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="How many hits to show."),
    show_all: bool = typer.Option(False, "--all", help="Show every hit."),
    explain: bool = ExplainOpt,
    as_json: bool = JsonOpt,
    jsonl: bool = typer.Option(False, "--jsonl", help="Stream every hit as one JSON object per line."),
    fmt: str = typer.Option("text", "--format", "-f",
                            help="text, or every hit as data: csv (UTF-8 with BOM), tsv or jsonl."),
    output: Path | None = OutputOpt,
    scope: str = typer.Option("paragraph", "--scope",
                              help="paragraph, or report: reports whose paragraphs together match."),
    pattern: str | None = typer.Option(None, "--regex", "-e",
                                       help="A regular expression over the normalised text; "
                                            "its groups become columns."),
    regex_timeout: float | None = typer.Option(None, "--regex-timeout", min=0, show_default=False,
                                               help="Seconds a --regex scan may take before it stops "
                                                    "(default 10; 0: no limit)."),
    no_variants: bool = NoVariantsOpt,
    color: str = ColorOpt,
    no_pager: bool = PagerOpt,
    index: Path | None = IndexOpt,
) -> None:
    from search.engine.searcher import open_index
    from search.render import research as views
    from search.research import tables, workflows

    text = " ".join(words or [])
    style = style_for(color)
    choice("--format", fmt, ("text", "csv", "tsv", "jsonl"))
    choice("--scope", scope, ("paragraph", "report"))
    prepared = workflows.prepare(text, not no_variants)
    explained = views.expansions_text(prepared.expansions) if explain else []
    where = indexes.index_dir(index)
    with open_index(where) as idx:
        if pattern is not None:
            _research_query(idx, text, filters, pattern, not no_variants, fmt, output, style, no_pager,
                            regex_timeout)
            return
        if scope == "report":
            _, groups = workflows.report_scope(idx, text, filters, not no_variants)
            if fmt == "text":
                emit("\n".join([*explained, views.report_groups_text(groups, style)]), output, no_pager)
            else:
                emit_table(tables.table([h for g in groups for h in g.hits], workflows.reports(idx)), fmt, output)
            return
        if fmt != "text":
            emit_table(workflows.rows(idx, text, filters, not no_variants), fmt, output)
            return
        if as_json or jsonl:
            result = workflows.search_all(idx, prepared, filters) if jsonl else \
                idx.search(prepared.text, filters, limit=None if show_all else limit)
            shown: list[Collapsed] = []
            reports: dict[str, Report] = {}
        else:
            result, shown = workflows.folded_page(idx, prepared, filters, None if show_all else limit)
            reports = workflows.reports(idx) if any(item.identical for item in shown) else {}
    warn([f"Note: {render.visible(h)}" for h in result.hints])
    if jsonl:
        for hit in result.hits:
            write(render.hit_jsonl(hit) + "\n")
        return
    if as_json:
        from dataclasses import replace

        emit(render.result_json(replace(result, query=text)), output, True)
        return
    explained += render.splits_text(result.segments) if explain else []
    body = views.collapsed_text(result, shown, reports, style) if reports else render.result_text(result, style)
    emit("\n".join([*explained, *([""] if explained else []), body]), output, no_pager)


def _research_query(idx: SearchIndex, text: str, filters: Filters, pattern: str, variants: bool, fmt: str,
                    output: Path | None, style: render.Style, no_pager: bool, timeout: float | None) -> None:
    """`query --regex`: one row per match with its captures; as text, one line per match."""
    from search.render import research as views
    from search.research import workflows

    data = workflows.rows(idx, text, filters, variants, pattern, timeout)
    if fmt != "text":
        emit_table(data, fmt, output)
        return
    emit(views.regex_text(data, style), output, no_pager)


@app.command()
@reported
def facets(as_json: bool = JsonOpt, index: Path | None = IndexOpt) -> None:
    """Every town, year and section in the index with its paragraph count."""
    from search.engine.searcher import open_index

    with open_index(indexes.index_dir(index)) as idx:
        counts = idx.all_facets()
    out(render.facets_json(counts) if as_json else "\n".join(render.facets_text(counts, limit=None)))


@app.command()
@reported
def show(
    pid: str = typer.Argument(..., metavar="ID",
                              help="source:line as results or grep print it; a source alone for the whole report."),
    context: int = typer.Option(0, "--context", "-C", min=0, help="Neighbouring paragraphs to show on each side."),
    as_json: bool = JsonOpt,
    color: str = ColorOpt,
    no_pager: bool = PagerOpt,
    index: Path | None = IndexOpt,
) -> None:
    """One paragraph with its heading path and neighbours, or a whole report.

    \b
    Examples:
      search show 003_192b9e4ae9fa5ec2.txt:41 -C 2
      search show seeds/003_192b9e4ae9fa5ec2.txt:40
      search show 003_192b9e4ae9fa5ec2.txt
    """
    from search.engine.searcher import open_index

    with open_index(indexes.index_dir(index)) as idx:
        focus, hits = idx.paragraph(pid, context)
    text = render.hits_json(hits) if as_json else render.paragraphs_text(hits, focus, style_for(color))
    out(text, pager=not no_pager)


for command in (research_commands.kwic, research_commands.trend, research_commands.dupes, research_commands.compare):
    app.command()(command)

