"""The `search` command: each command parses its options, calls one library function and renders
the result; the app and how a run ends are in `search.cli.app`, the shared options in
`search.cli.options`, output plumbing in `search.cli.output`, the research commands in
`search.cli.research`.
"""

from __future__ import annotations

import os
import shutil
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
    OUTPUT,
    ColorOpt,
    CorpusOpt,
    ExplainOpt,
    IndexOpt,
    NoVariantsOpt,
    PagerOpt,
    choice,
    filter_notes,
    with_filters,
    with_output,
)
from search.cli.output import Origin, OutputSpec, deliver, emit, origin, out, respond, say, style_for, warn
from search.errors import UsageError

if TYPE_CHECKING:
    from search.engine.filters import Filters
    from search.engine.searcher import SearchIndex
    from search.research.dupes import Collapsed
    from search.research.reports import Report
    from search.research.workflows import Prepared

__all__ = ["app", "main"]


@app.command()
@reported
@with_output()
@with_filters(only=("town", "year"))
def docs(
    filters: Filters = FILTERS,
    corpus: Path | None = typer.Option(None, "--corpus", help="Read this corpus directly instead of the index."),
    spec: OutputSpec = OUTPUT,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list each line dropped as boilerplate."),
    index: Path | None = IndexOpt,
) -> None:
    """List the indexed reports: town with its county, city, province and code, kind, year, date,
    paragraphs, lines dropped as boilerplate, and title.

    \b
    Examples:
      search docs
      search docs --town 泉溪 --json
      search docs -f csv -o reports.csv
    """
    from search.research import tables

    if spec.fmt in ("csv", "tsv", "jsonl") and corpus is None:
        _documents_table(filters, spec, index)
        return
    if corpus is not None:
        from search.ingest import parse_corpus
        from search.models import Skipped

        rows = []
        for item in parse_corpus(corpus):
            if isinstance(item, Skipped):
                say(render.skipped_line(item))
            else:
                rows.append(render.document_row(item))
        source = origin(None)
    else:
        from search.engine.searcher import open_index

        with open_index(indexes.index_dir(index)) as idx:
            rows = idx.documents(filters)
            root = idx.corpus_root([row["source"] for row in rows]) if spec.data or verbose else Path(".")
            filter_notes(idx, filters)
            source = origin(idx)
        if spec.data or verbose:
            from search.ingest import read_dropped

            rows = [{k: v for k, v in row.items() if k != "dropped_lines"} | {"boilerplate": read_dropped(root, row)}
                    for row in rows]
    dropped = render.dropped_lines(rows) if verbose else []
    respond(spec, True, lambda: render.Records("reports", tables.documents(rows), bare=True),
            lambda: "\n".join([render.documents_table(rows, style_for("auto").width), *dropped]), source)


def _documents_table(filters: Filters, spec: OutputSpec, index: Path | None) -> None:
    """`docs -f csv|tsv|jsonl`: the reports table of `search export` (flat columns, the dropped
    lines counted), for the reports the filters keep."""
    from search.engine.searcher import open_index
    from search.research import export as dataset

    with open_index(indexes.index_dir(index)) as idx:
        reports = dataset.reports_table(idx)
        wanted = idx.sources(filters) if filters else None
        filter_notes(idx, filters)
        source = origin(idx)
    kept = tuple(row for row in reports.rows if wanted is None or row[0] in wanted)
    deliver(spec, render.Records("reports", dataset.DataTable(reports.name, reports.columns, kept).table()), source)


@app.command()
@reported
def export(
    target: Path = typer.Argument(..., metavar="FILE.sqlite", help="The SQLite file to write (replaced whole)."),
    index: Path | None = IndexOpt,
) -> None:
    """Write the index as a dataset for R, pandas and Datasette: tables reports, paragraphs and
    copies, with indexes, and a provenance table, in one SQLite file.

    \b
    Examples:
      search export reports.sqlite
      datasette reports.sqlite
    """
    from importlib.metadata import PackageNotFoundError, version

    from search.engine.searcher import open_index
    from search.render.dataset import write_sqlite
    from search.research import export as dataset

    try:
        ours = version("township-search")
    except PackageNotFoundError:
        ours = "(not installed)"
    with open_index(indexes.index_dir(index)) as idx:
        data = dataset.dataset(idx, ours)
    write_sqlite(data, target)
    counts = ", ".join(f"{len(t.rows)} {t.name}" for t in data.tables)
    say(f"Wrote {target}: {counts}")


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
    follow: bool = typer.Option(False, "--follow",
                                help="Follow symbolic links (by default they are named and skipped)."),
    check: bool = typer.Option(False, "--check",
                               help="Verify every file's checksum, name any damaged one, and stop."),
) -> None:
    """Build or update the index (only added, changed and removed files unless --full).

    \b
    Examples:
      search index                      (the corpus the index was built from, else seeds/)
      search index --corpus reports/ --index reports-index/
      search index --rollback
      search index --check
    """
    where = indexes.index_dir(index)
    if check:
        _check(where)
        return
    if rollback:
        was, now = indexes.rollback(where, wait)
        out(f"Rolled back {where.resolve()}: {now} is live again (was {was})")
        return
    source = corpus or (Path(os.environ[indexes.CORPUS_ENV]) if os.environ.get(indexes.CORPUS_ENV) else None)
    source = source or indexes.recorded_corpus(where) or Path(indexes.DEFAULT_CORPUS)
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        report = indexes.build_index(source, where, full=full, wait=wait, progress=progress, force=force,
                                     follow=follow, reading=progress.reading if progress else None)
    finally:
        if progress:
            progress.close()
    warn(render.index_warnings(report))
    out(render.report_text(report))
    if report.kept or any(item.unreadable for item in report.skipped):
        raise typer.Exit(1)


def _check(where: Path) -> None:
    """The live generation's damage is an error (exit 1); the previous one's a warning, since a
    rollback is the only thing that would read it."""
    live, previous = indexes.check_index(where)
    out(f"Checked {where.resolve()}: {live.generation}, {live.files} files, {live.size / 1e6:.1f} MB, "
        "every checksum matches")
    if previous and previous.damaged:
        warn([f"Warning: the previous generation {previous.generation} is damaged ({'; '.join(previous.damaged)}): "
              "`search index --rollback` would not help"])


REDRAW = 0.1
BAR, MIN_BAR = 30, 5
"""The progress bar's width, narrowed to what the terminal leaves and left out below MIN_BAR."""


class _Progress:
    """Phase, files done, rate and time left, on one line of stderr rewritten in place; while a
    file is slow to read (a PDF of many pages), how far its read has come instead of the rate."""

    def __init__(self) -> None:
        self.started = self.drawn = time.monotonic()
        self.phase = ""
        self.shown = False
        self.done = self.total = 0
        self.reads: dict[str, tuple[int, int]] = {}

    def __call__(self, phase: str, done: int, total: int, *, now: bool = False) -> None:
        at = time.monotonic()
        if phase != self.phase:
            self.phase, self.started, self.drawn = phase, at, 0.0
        elif done < total and at - self.drawn < REDRAW and not now:
            return
        self.drawn, self.done, self.total = at, done, total
        elapsed = at - self.started
        room = _stderr_columns() - 1
        if total:
            rate = done / elapsed if elapsed > 0 else 0.0
            left = (total - done) / rate if rate else 0.0
            counts = f"{done}/{total} files  " + (self._read() or f"{rate:.0f}/s  ETA {left:.0f} s")
            size = min(BAR, room - render.columns(f"{phase:<8} [] {counts}"))
            bar = f"[{'#' * (size * done // total):.<{size}}] " if size >= MIN_BAR else ""
            line = f"{phase:<8} {bar}{counts}"
        else:
            line = f"{phase:<8} …"
        sys.stderr.write("\r" + render.truncate(line, room) + "\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def reading(self, source: str, page: int, pages: int) -> None:
        """A slow read's pages (`build_index`'s `reading`), shown until its file is done."""
        if pages:
            self.reads[source] = (page, pages)
        else:
            self.reads.pop(source, None)
        self(self.phase, self.done, self.total, now=page == pages)

    def _read(self) -> str:
        """The slow read that began first of those still going (several workers may each have one)."""
        if not self.reads:
            return ""
        source, (page, pages) = next(iter(self.reads.items()))
        name = render.visible(source)
        return f"{name}: {pages} pages read" if page == pages else f"reading {name}: page {page} of {pages}"

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _stderr_columns() -> int:
    """The width of the terminal stderr is on: a line one column wider wraps, and every redraw
    after it lands on a new line instead of over the last."""
    try:
        width = os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError):
        width = 0
    return width if width > 0 else shutil.get_terminal_size().columns


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


PAGE = 10
"""Hits a page shows unless -n or --all says otherwise."""


@app.command(help=QUERY_HELP)
@reported
@with_output()
@with_filters()
def query(
    words: list[str] | None = typer.Argument(None, metavar="[QUERY]...",
                                             help="What to find; several words are one query."),
    filters: Filters = FILTERS,
    limit: int | None = typer.Option(None, "--limit", "-n", min=1,
                                     help=f"How many hits to show [default: {PAGE}; a data file has every hit]."),
    show_all: bool = typer.Option(False, "--all", help="Show every hit."),
    full: bool = typer.Option(False, "--full", help="Show each hit's whole paragraph, not a snippet."),
    context: int = typer.Option(0, "--context", "-C", min=0,
                                help="Show each hit's whole paragraph with this many neighbours on each side."),
    explain: bool = ExplainOpt,
    spec: OutputSpec = OUTPUT,
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
    no_fold: bool = typer.Option(False, "--no-fold",
                                 help="List every paragraph: no identical copies folded, no near-copies marked."),
) -> None:
    from search.engine.searcher import open_index
    from search.render import research as views
    from search.research import workflows

    text = " ".join(words or [])
    style = style_for(color)
    choice("--scope", scope, ("paragraph", "report"))
    _every_match_mode(pattern, scope, limit, full, context)
    prepared = workflows.prepare(text, not no_variants)
    explained = views.expansions_text(prepared.expansions) if explain else []
    with open_index(indexes.index_dir(index)) as idx:
        source = origin(idx, text, prepared.expansions)
        if pattern is not None:
            _regex_query(idx, prepared, filters, pattern, not no_variants, spec, style, no_pager, explained, source,
                         regex_timeout)
            return
        if scope == "report":
            _report_query(idx, prepared, filters, not no_variants, spec, style, no_pager, explained, source)
            return
        if spec.data:
            page = limit or PAGE if spec.fmt == "json" and not spec.export and not show_all else None
            result = workflows.query_page(idx, prepared, filters, page)
            warn([f"Note: {render.visible(h)}" for h in result.hints])
            warn([*explained, *(render.splits_text(result.segments) if explain else [])])
            deliver(spec, render.result_records(result, workflows.reports(idx)), source)
            return
        if no_fold:
            result = idx.search(prepared.text, filters, limit=None if show_all else limit or PAGE)
            shown: list[Collapsed] = []
            reports: dict[str, Report] = {}
        else:
            result, shown = workflows.folded_page(idx, prepared, filters, None if show_all else limit or PAGE)
            reports = workflows.reports(idx) if any(item.identical or item.near or item.near_of or item.names
                                                    for item in shown) else {}
        neighbours = [idx.paragraph(hit.id, context) for hit in result.hits] if context else []
    warn([f"Note: {render.visible(h)}" for h in result.hints])
    explained += render.splits_text(result.segments) if explain else []
    if neighbours:
        body = render.neighbours_text(result, neighbours, style)
    elif reports:
        body = views.collapsed_text(result, shown, reports, style, full)
    else:
        body = render.result_text(result, style, full)
    emit("\n".join([*explained, *([""] if explained else []), body]), spec.path, no_pager)


def _every_match_mode(pattern: str | None, scope: str, limit: int | None, full: bool, context: int) -> None:
    """--regex and --scope report list every match in their own layout: options of a page of
    hits are refused there in one line rather than ignored."""
    mode = "--regex" if pattern is not None else "--scope report" if scope == "report" else None
    if mode is None:
        return
    given = [flag for flag, on in (("-n/--limit", limit is not None), ("--full", full), ("-C/--context", context))
             if on]
    if given:
        raise UsageError(f"{given[0]} does not apply to {mode}, which lists every match; "
                         "pipe to head, or use -f jsonl for data")


def _regex_query(idx: SearchIndex, prepared: Prepared, filters: Filters, pattern: str, variants: bool,
                 spec: OutputSpec, style: render.Style, no_pager: bool, explained: list[str], source: Origin,
                 timeout: float | None) -> None:
    """`query --regex`: one row per match with its captures and its span; as text, one line per match."""
    from search.render import research as views
    from search.research import workflows

    data = workflows.rows(idx, prepared.typed, filters, variants, pattern, timeout)
    respond(spec, no_pager, lambda: render.Records("matches", data),
            lambda: "\n".join([*explained, views.regex_text(data, style)]), source)
    if spec.data:
        warn(explained)


def _report_query(idx: SearchIndex, prepared: Prepared, filters: Filters, variants: bool, spec: OutputSpec,
                  style: render.Style, no_pager: bool, explained: list[str], source: Origin) -> None:
    """`query --scope report`: the matching reports with the paragraphs that match a term."""
    from search.render import research as views
    from search.research import tables, workflows

    _, groups = workflows.report_scope(idx, prepared.typed, filters, variants)
    respond(spec, no_pager, lambda: render.Records("hits", tables.table([h for g in groups for h in g.hits],
                                                                         workflows.reports(idx))),
            lambda: "\n".join([*explained, views.report_groups_text(groups, style)]), source)
    if spec.data:
        warn(explained)


@app.command()
@reported
@with_output()
def facets(spec: OutputSpec = OUTPUT, index: Path | None = IndexOpt) -> None:
    """Every town, year and section in the index with its paragraph count, one value a line."""
    from search.engine.searcher import open_index
    from search.research import tables

    with open_index(indexes.index_dir(index)) as idx:
        counts = idx.all_facets()
        source = origin(idx)
    respond(spec, True, lambda: render.Records("facets", tables.facets(counts), nested=counts),
            lambda: render.facet_lines(counts), source)


@app.command()
@reported
@with_output()
def show(
    pid: str = typer.Argument(..., metavar="ID",
                              help="source:line as results or grep print it; a source alone for the whole report."),
    context: int = typer.Option(0, "--context", "-C", min=0, help="Neighbouring paragraphs to show on each side."),
    spec: OutputSpec = OUTPUT,
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
    from search.research import tables, workflows

    with open_index(indexes.index_dir(index)) as idx:
        focus, hits = idx.paragraph(pid, context)
        past = _past_the_end(idx, pid, focus)
        reports = workflows.reports(idx)
        source = origin(idx)
    if past:
        say(past)
    respond(spec, no_pager, lambda: render.Records("hits", tables.table(hits, reports)),
            lambda: render.paragraphs_text(hits, focus, style_for(color)), source)


def _past_the_end(idx: SearchIndex, pid: str, focus: str | None) -> str | None:
    """A note when the line asked for lies past the report's last paragraph, which is shown instead."""
    line = pid.rpartition(":")[2].partition(".")[0]
    if focus is None or not line.isdigit():
        return None
    source = focus.rpartition(":")[0]
    last = idx.paragraph(source)[1][-1]
    end = last.end_line or last.line
    if last.id != focus or int(line) <= end:
        return None
    return f"Note: {render.visible(source)} ends at line {end}; showing its last paragraph"


for command in (research_commands.kwic, research_commands.trend, research_commands.dupes, research_commands.compare):
    app.command()(command)



@app.command()
@reported
def serve(
    index: Path | None = IndexOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; only this machine by default."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    open_browser: bool = typer.Option(False, "--open", help="Open the search page in a browser."),
) -> None:
    """Serve the search, report and research pages in a browser (read-only; Ctrl-C stops).

    \b
    Every page answers ?format=json with what the command's --json prints.
    Examples:
      search serve
      search serve --port 8080 --open
    """
    from search import web

    if host not in web.LOOPBACK:
        say(f"Warning: --host {host} lets other machines read every indexed report; "
            "the default 127.0.0.1 keeps it to this one")
    sock = web.bind(host, port)
    say(f"Serving {indexes.index_dir(index)} at {web.serve_url(host, port)} (Ctrl-C to stop)")
    web.run(sock, index, host, port, open_browser)
