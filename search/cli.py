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
from collections.abc import Callable, Sequence
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
CountyOpt = typer.Option([], "--county", help="Only towns of this county (repeatable; 衡南 = 衡南县).")
CityOpt = typer.Option([], "--city", help="Only towns of this city (repeatable; 衡阳 = 衡阳市).")
ProvinceOpt = typer.Option([], "--province", help="Only towns of this province (repeatable; 湖南 = 湖南省).")
KindOpt = typer.Option([], "--kind", help="Only this kind of report (repeatable; 年度总结 工作计划 政府工作报告 阶段总结 信息公开年报 其他).")
AboutYearOpt = typer.Option(None, "--about-year", help="Paragraphs about this year (the reviewed or the planned one), or a range.")
ColorOpt = typer.Option("auto", "--color", help="auto (on a terminal), always or never.")
PagerOpt = typer.Option(False, "--no-pager", help="Print straight to the terminal, without less.")
FormatOpt = typer.Option("text", "--format", "-f", help="text, csv (UTF-8 with BOM, for spreadsheets), tsv, jsonl or json.")
OutputOpt = typer.Option(None, "--output", "-o", help="Write to this file instead of the terminal.")
NoVariantsOpt = typer.Option(False, "--no-variants", help="Search the terms alone, not their variants (search/data/variants.txt).")
ExplainOpt = typer.Option(False, "--explain", help="Say how each term was expanded, split and matched.")

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


def _years(value: Optional[str], option: str = "--year") -> Optional[tuple[int, int]]:
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
    raise UsageError(f"{option} takes a year or a range like 2019..2021, 2019.. or ..2021, not {value!r}")


def _filters(town: list[str], year: Optional[str], section: list[str], county: Sequence[str] = (),
             city: Sequence[str] = (), province: Sequence[str] = (), kind: Sequence[str] = (),
             about_year: Optional[str] = None):  # type: ignore[no-untyped-def]
    from search.searcher import Filters

    return Filters(towns=tuple(town), years=_years(year), sections=tuple(section), counties=tuple(county),
                   cities=tuple(city), provinces=tuple(province), kinds=tuple(kind),
                   about_years=_years(about_year, "--about-year"))


@app.command()
@_errors
def docs(
    town: list[str] = TownOpt,
    year: Optional[str] = YearOpt,
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Read this corpus directly instead of the index."),
    as_json: bool = JsonOpt,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list each line dropped as boilerplate."),
    index: Optional[Path] = IndexOpt,
) -> None:
    """List the indexed reports: town with its county, city, province and code, kind, year, date,
    paragraphs, lines dropped as boilerplate, and title.

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
            root = Path(idx.meta.get("corpus") or ".")
        if as_json or verbose:
            from search.corpus import dropped_rows

            rows = [{k: v for k, v in row.items() if k != "dropped_lines"} | {"boilerplate": dropped_rows(root, row)}
                    for row in rows]
    if as_json:
        _out(render.documents_json(rows))
    else:
        dropped = render.dropped_lines(rows) if verbose else []
        _out("\n".join([render.documents_table(rows, _style("auto").width), *dropped]))


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
@_errors
def query(
    words: Optional[list[str]] = typer.Argument(None, metavar="[QUERY]...", help="What to find; several words are one query."),
    town: list[str] = TownOpt,
    year: Optional[str] = YearOpt,
    section: list[str] = SectionOpt,
    county: list[str] = CountyOpt,
    city: list[str] = CityOpt,
    province: list[str] = ProvinceOpt,
    kind: list[str] = KindOpt,
    about_year: Optional[str] = AboutYearOpt,
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="How many hits to show."),
    show_all: bool = typer.Option(False, "--all", help="Show every hit."),
    explain: bool = ExplainOpt,
    as_json: bool = JsonOpt,
    jsonl: bool = typer.Option(False, "--jsonl", help="Stream every hit as one JSON object per line."),
    fmt: str = typer.Option("text", "--format", "-f", help="text, or every hit as data: csv (UTF-8 with BOM), tsv or jsonl."),
    output: Optional[Path] = OutputOpt,
    scope: str = typer.Option("paragraph", "--scope", help="paragraph, or report: reports whose paragraphs together match."),
    pattern: Optional[str] = typer.Option(None, "--regex", "-e", help="A regular expression over the normalised text; its groups become columns."),
    no_variants: bool = NoVariantsOpt,
    color: str = ColorOpt,
    no_pager: bool = PagerOpt,
    index: Optional[Path] = IndexOpt,
) -> None:
    from search import workflows
    from search.searcher import open_index

    text = " ".join(words or [])
    filters = _filters(town, year, section, county, city, province, kind, about_year)
    style = _style(color)
    _choice("--format", fmt, ("text", "csv", "tsv", "jsonl"))
    _choice("--scope", scope, ("paragraph", "report"))
    prepared = workflows.prepare(text, not no_variants)
    explained = _views().expansions_text(prepared.expansions) if explain else []
    where = store.index_dir(index)
    with open_index(where) as idx:
        if pattern is not None:
            _research_query(idx, text, filters, pattern, not no_variants, fmt, output, style, no_pager)
            return
        if scope == "report":
            _, groups = workflows.report_scope(idx, text, filters, not no_variants)
            if fmt == "text":
                _emit("\n".join([*explained, _views().report_groups_text(groups, style)]), output, no_pager)
            else:
                _emit_table(_export().table([h for g in groups for h in g.hits], workflows.reports(idx)), fmt, output)
            return
        if fmt != "text":
            _emit_table(workflows.rows(idx, text, filters, not no_variants), fmt, output)
            return
        if as_json or jsonl:
            result = workflows.search_all(idx, prepared, filters) if jsonl else \
                idx.search(prepared.text, filters, limit=None if show_all else limit)
            shown, reports = [], {}
        else:
            result, shown = workflows.folded_page(idx, where, prepared, filters, None if show_all else limit)
            reports = workflows.reports(idx) if any(item.identical for item in shown) else {}
    _warn([f"Note: {render.visible(h)}" for h in result.hints])
    if jsonl:
        for hit in result.hits:
            sys.stdout.write(render.hit_jsonl(hit) + "\n")
        return
    if as_json:
        from dataclasses import replace

        _emit(render.result_json(replace(result, query=text)), output, True)
        return
    explained += render.splits_text(result.segments) if explain else []
    body = _views().collapsed_text(result, shown, reports, style) if reports else render.result_text(result, style)
    _emit("\n".join([*explained, *([""] if explained else []), body]), output, no_pager)


def _research_query(idx, text: str, filters, pattern: str, variants: bool, fmt: str,  # type: ignore[no-untyped-def]
                    output: Optional[Path], style: render.Style, no_pager: bool) -> None:
    """`query --regex`: one row per match with its captures; as text, one line per match."""
    from search import views, workflows

    data = workflows.rows(idx, text, filters, variants, pattern)
    if fmt != "text":
        _emit_table(data, fmt, output)
        return
    _emit(views.regex_text(data, style), output, no_pager)


def _views():  # type: ignore[no-untyped-def]
    """The research views, imported only by the commands and options that print them."""
    from search import views

    return views


def _export():  # type: ignore[no-untyped-def]
    from search import export

    return export


def _choice(option: str, value: str, valid: tuple[str, ...]) -> None:
    if value not in valid:
        raise UsageError(f"{option} takes {', '.join(valid[:-1])} or {valid[-1]}, not {value!r}")


def _emit(text: str, output: Optional[Path], no_pager: bool = False) -> None:
    """To `output` when given (and one line on stderr saying so), else to the terminal."""
    if output is None:
        _out(text, pager=not no_pager)
        return
    _write_file(output, text + "\n")


def _write_file(output: Path, text: str) -> None:
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SearchError(f"cannot write {output}: {exc.strerror or exc}") from None
    typer.echo(f"Wrote {output}", err=True)


def _respond(fmt: str, output: Optional[Path], no_pager: bool, table: Callable[[], Any], text: Callable[[], str]) -> None:
    """A research command's answer: the table in a data format, or the text."""
    if fmt == "text":
        _emit(text(), output, no_pager)
    else:
        _emit_table(table(), fmt, output)


def _emit_table(data, fmt: str, output: Optional[Path]) -> None:  # type: ignore[no-untyped-def]
    """A table as csv, tsv, jsonl or json (a list of objects), to `output` or stdout."""
    export = _export()
    text = render.dumps(data.dicts()) + "\n" if fmt == "json" else export.write(data, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        _write_file(output, text)


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


@app.command()
@_errors
def kwic(
    words: list[str] = typer.Argument(..., metavar="TERM...", help="What to find (query syntax); several words are one query."),
    town: list[str] = TownOpt,
    year: Optional[str] = YearOpt,
    section: list[str] = SectionOpt,
    county: list[str] = CountyOpt,
    city: list[str] = CityOpt,
    province: list[str] = ProvinceOpt,
    kind: list[str] = KindOpt,
    about_year: Optional[str] = AboutYearOpt,
    width: int = typer.Option(15, "--width", "-w", min=1, max=200, help="Characters of context on each side."),
    sort: str = typer.Option("source", "--sort", help="source (document order), left or right (by the context)."),
    fmt: str = FormatOpt,
    output: Optional[Path] = OutputOpt,
    no_variants: bool = NoVariantsOpt,
    explain: bool = ExplainOpt,
    color: str = ColorOpt,
    no_pager: bool = PagerOpt,
    index: Optional[Path] = IndexOpt,
) -> None:
    """Keyword in context: one line per occurrence, aligned, with source:line.

    \b
    Examples:
      search kwic 屋场恳谈会
      search kwic 河长制 --width 10 --sort right -y 2020..
      search kwic 屋场恳谈会 --format csv -o kwic.csv
    """
    from search import kwic as concordance
    from search import views, workflows
    from search.searcher import open_index

    _choice("--sort", sort, concordance.SORTS)
    _choice("--format", fmt, FORMATS)
    style = _style(color)
    filters = _filters(town, year, section, county, city, province, kind, about_year)
    with open_index(store.index_dir(index)) as idx:
        prepared, found = workflows.kwic_lines(idx, " ".join(words), filters, width, sort, not no_variants)
    explained = views.expansions_text(prepared.expansions) if explain else []
    _respond(fmt, output, no_pager, lambda: concordance.table(found),
             lambda: "\n".join([*explained, views.kwic_text(found, width, style)]))


@app.command()
@_errors
def trend(
    words: list[str] = typer.Argument(..., metavar="TERM...", help="What to count (query syntax); several words are one query."),
    town: list[str] = TownOpt,
    year: Optional[str] = YearOpt,
    section: list[str] = SectionOpt,
    county: list[str] = CountyOpt,
    city: list[str] = CityOpt,
    province: list[str] = ProvinceOpt,
    kind: list[str] = KindOpt,
    about_year: Optional[str] = AboutYearOpt,
    by: str = typer.Option("year", "--by", "-b", help="year, town, county, city, province or kind; two crossed: year,county."),
    per: str = typer.Option("report", "--per", help="Count each report once, each paragraph, or each occurrence."),
    share: bool = typer.Option(False, "--share", help="Divide by the number of reports in each group."),
    fmt: str = FormatOpt,
    output: Optional[Path] = OutputOpt,
    no_variants: bool = NoVariantsOpt,
    explain: bool = ExplainOpt,
    color: str = ColorOpt,
    index: Optional[Path] = IndexOpt,
) -> None:
    """Counts of a term by year (or town, county, kind …), as a table with a bar chart.

    \b
    Examples:
      search trend 屋场恳谈会
      search trend 河长制 --per occurrence --share
      search trend 屋场恳谈会 --by year,town --format csv -o trend.csv
    """
    from search import trend as trends
    from search import views, workflows
    from search.searcher import open_index

    try:
        dimensions = trends.parse_by(by)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    _choice("--per", per, trends.UNITS)
    _choice("--format", fmt, FORMATS)
    filters = _filters(town, year, section, county, city, province, kind, about_year)
    with open_index(store.index_dir(index)) as idx:
        prepared, result = workflows.trend_of(idx, " ".join(words), filters, dimensions, per, not no_variants)
    explained = views.expansions_text(prepared.expansions) if explain else []
    _respond(fmt, output, True, lambda: trends.table(result),
             lambda: "\n".join([*explained, views.trend_text(result, share, _style(color))]))


@app.command()
@_errors
def dupes(
    town: list[str] = TownOpt,
    year: Optional[str] = YearOpt,
    county: list[str] = CountyOpt,
    city: list[str] = CityOpt,
    province: list[str] = ProvinceOpt,
    kind: list[str] = KindOpt,
    min_reports: int = typer.Option(2, "--min-reports", "-m", min=2, help="List texts shared by at least this many reports."),
    same_town: bool = typer.Option(False, "--same-town", help="Also texts that one town repeats in its own reports."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many texts to show (data formats give all)."),
    show_all: bool = typer.Option(False, "--all", help="Show every text."),
    fmt: str = FormatOpt,
    output: Optional[Path] = OutputOpt,
    color: str = ColorOpt,
    no_pager: bool = PagerOpt,
    index: Optional[Path] = IndexOpt,
) -> None:
    """Paragraphs shared (near-)identically by several reports, earliest report first.

    Near-identical: the same once the town's name, numbers, 镇/乡 and punctuation are left out.
    Only texts of two towns or more, unless --same-town. Filters keep the texts that one of the
    given towns or years shares.

    \b
    Examples:
      search dupes
      search dupes --min-reports 3 -y 2020..
      search dupes --town 泉溪 --format csv -o shared.csv
    """
    from search import dupes as copied
    from search import views, workflows
    from search.searcher import open_index

    _choice("--format", fmt, FORMATS)
    filters = _filters(town, year, [], county, city, province, kind)
    where = store.index_dir(index)
    with open_index(where) as idx:
        total, found = workflows.shared_texts(idx, where, filters, min_reports, same_town,
                                              None if show_all or fmt != "text" else limit)
        reports = workflows.reports(idx)
    _respond(fmt, output, no_pager, lambda: copied.table(found, reports),
             lambda: views.shared_text(found, total, reports, _style(color)))


@app.command()
@_errors
def compare(
    words: Optional[list[str]] = typer.Argument(None, metavar="[TERM]...", help="Only paragraphs matching this (query syntax)."),
    town: str = typer.Option(..., "--town", "-t", help="The town.", autocompletion=_index_towns),
    year: int = typer.Option(..., "--year", "-y", help="The year: its plans (from the report before) beside its review."),
    fmt: str = FormatOpt,
    output: Optional[Path] = OutputOpt,
    no_variants: bool = NoVariantsOpt,
    color: str = ColorOpt,
    no_pager: bool = PagerOpt,
    index: Optional[Path] = IndexOpt,
) -> None:
    """Did they do what they planned? The plans for a year beside the review of that year.

    Plan paragraphs (工作计划) about the year, whichever report holds them, are aligned with the
    review paragraphs (工作总结) about it by shared topic words.

    \b
    Examples:
      search compare --town 泉溪 --year 2021
      search compare -t 荫田 -y 2022 河长制 --format csv -o plans.csv
    """
    from search import compare as comparing
    from search import views, workflows
    from search.searcher import open_index

    _choice("--format", fmt, FORMATS)
    with open_index(store.index_dir(index)) as idx:
        name = idx.resolve_town(town)
        if not name:
            raise UsageError(f"unknown town {town!r}; valid: {', '.join(idx.towns) or '(none indexed)'}")
        result = workflows.compare_town(idx, name, year, " ".join(words or []), not no_variants)
    _respond(fmt, output, no_pager, lambda: comparing.table(result),
             lambda: views.compare_text(result, name, _style(color)))


FORMATS = ("text", "csv", "tsv", "jsonl", "json")


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
