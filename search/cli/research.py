"""The research commands: keyword in context, trends, copied text and plan against review.

Each parses its options, calls one function of `search.research.workflows`, and renders the answer as
text or as a table (csv, tsv, jsonl, json); the logic lives in the library modules they name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from search import index as indexes
from search.cli.app import reported
from search.cli.options import (
    FILTERS,
    ColorOpt,
    ExplainOpt,
    FormatOpt,
    IndexOpt,
    NoVariantsOpt,
    OutputOpt,
    PagerOpt,
    choice,
    index_towns,
    with_filters,
)
from search.cli.output import FORMATS, respond, style_for
from search.errors import UsageError

if TYPE_CHECKING:
    from search.engine.filters import Filters


@reported
@with_filters()
def kwic(
    words: list[str] = typer.Argument(..., metavar="TERM...",
                                      help="What to find (query syntax); several words are one query."),
    filters: Filters = FILTERS,
    width: int = typer.Option(15, "--width", "-w", min=1, max=200, help="Characters of context on each side."),
    sort: str = typer.Option("source", "--sort", help="source (document order), left or right (by the context)."),
    fmt: str = FormatOpt,
    output: Path | None = OutputOpt,
    no_variants: bool = NoVariantsOpt,
    explain: bool = ExplainOpt,
    color: str = ColorOpt,
    no_pager: bool = PagerOpt,
    index: Path | None = IndexOpt,
) -> None:
    """Keyword in context: one line per occurrence, aligned, with source:line.

    \b
    Examples:
      search kwic 屋场恳谈会
      search kwic 河长制 --width 10 --sort right -y 2020..
      search kwic 屋场恳谈会 --format csv -o kwic.csv
    """
    from search.engine.searcher import open_index
    from search.render import research as views
    from search.research import kwic as concordance, workflows

    choice("--sort", sort, concordance.SORTS)
    choice("--format", fmt, FORMATS)
    style = style_for(color)
    with open_index(indexes.index_dir(index)) as idx:
        prepared, found = workflows.kwic_lines(idx, " ".join(words), filters, width, sort, not no_variants)
    explained = views.expansions_text(prepared.expansions) if explain else []
    respond(fmt, output, no_pager, lambda: concordance.table(found),
             lambda: "\n".join([*explained, views.kwic_text(found, width, style)]))


@reported
@with_filters()
def trend(
    words: list[str] = typer.Argument(..., metavar="TERM...",
                                      help="What to count (query syntax); several words are one query."),
    filters: Filters = FILTERS,
    by: str = typer.Option("year", "--by", "-b",
                           help="year, town, county, city, province or kind; two crossed: year,county."),
    per: str = typer.Option("report", "--per", help="Count each report once, each paragraph, or each occurrence."),
    share: bool = typer.Option(False, "--share", help="Divide by the number of reports in each group."),
    fmt: str = FormatOpt,
    output: Path | None = OutputOpt,
    no_variants: bool = NoVariantsOpt,
    explain: bool = ExplainOpt,
    color: str = ColorOpt,
    index: Path | None = IndexOpt,
) -> None:
    """Counts of a term by year (or town, county, kind …), as a table with a bar chart.

    \b
    Examples:
      search trend 屋场恳谈会
      search trend 河长制 --per occurrence --share
      search trend 屋场恳谈会 --by year,town --format csv -o trend.csv
    """
    from search.engine.searcher import open_index
    from search.render import research as views
    from search.research import trend as trends, workflows

    try:
        dimensions = trends.parse_by(by)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    choice("--per", per, trends.UNITS)
    choice("--format", fmt, FORMATS)
    with open_index(indexes.index_dir(index)) as idx:
        prepared, result = workflows.trend_of(idx, " ".join(words), filters, dimensions, per, not no_variants)
    explained = views.expansions_text(prepared.expansions) if explain else []
    respond(fmt, output, True, lambda: trends.table(result),
             lambda: "\n".join([*explained, views.trend_text(result, share, style_for(color))]))


@reported
@with_filters(without=("section", "about_year"))
def dupes(
    filters: Filters = FILTERS,
    min_reports: int = typer.Option(2, "--min-reports", "-m", min=2,
                                    help="List texts shared by at least this many reports."),
    same_town: bool = typer.Option(False, "--same-town", help="Also texts that one town repeats in its own reports."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many texts to show (data formats give all)."),
    show_all: bool = typer.Option(False, "--all", help="Show every text."),
    fmt: str = FormatOpt,
    output: Path | None = OutputOpt,
    color: str = ColorOpt,
    no_pager: bool = PagerOpt,
    index: Path | None = IndexOpt,
) -> None:
    """Paragraphs shared by several reports, earliest report first: each identical to the
    earliest (the same after script folding and without whitespace) or a near-copy (the same
    once numbers, 镇/乡, punctuation, the report's town and every official place name are left
    out, or 80% alike by 5-character shingles), with what changed and any other town it names.

    Only texts of two towns or more, unless --same-town. Filters keep the texts that one of the
    given towns or years shares (-t unknown: reports with no town).

    \b
    Examples:
      search dupes
      search dupes --min-reports 3 -y 2020..
      search dupes --town 泉溪 --format csv -o shared.csv
      search dupes -t unknown
    """
    from search.engine.searcher import open_index
    from search.render import research as views
    from search.research import dupes as copied, workflows

    choice("--format", fmt, FORMATS)
    with open_index(indexes.index_dir(index)) as idx:
        text = fmt == "text"
        total, found = workflows.shared_texts(idx, filters, min_reports, same_town,
                                              None if show_all or not text else limit,
                                              views.MEMBERS_SHOWN if text else None)
        reports = workflows.reports(idx)
    respond(fmt, output, no_pager, lambda: copied.table(found, reports),
             lambda: views.shared_text(found, total, reports, style_for(color)))


@reported
def compare(
    words: list[str] | None = typer.Argument(None, metavar="[TERM]...",
                                             help="Only paragraphs matching this (query syntax)."),
    town: str = typer.Option(..., "--town", "-t", help="The town.", autocompletion=index_towns),
    year: int = typer.Option(..., "--year", "-y",
                             help="The year: its plans (from the report before) beside its review."),
    fmt: str = FormatOpt,
    output: Path | None = OutputOpt,
    no_variants: bool = NoVariantsOpt,
    color: str = ColorOpt,
    no_pager: bool = PagerOpt,
    index: Path | None = IndexOpt,
) -> None:
    """Did they do what they planned? The plans for a year beside the review of that year.

    Plan paragraphs (工作计划) about the year, whichever report holds them, are aligned with the
    review paragraphs (工作总结) about it by shared topic words.

    \b
    Examples:
      search compare --town 泉溪 --year 2021
      search compare -t 荫田 -y 2022 河长制 --format csv -o plans.csv
    """
    from search.engine.searcher import open_index
    from search.render import research as views
    from search.research import compare as comparing, workflows

    choice("--format", fmt, FORMATS)
    with open_index(indexes.index_dir(index)) as idx:
        name = idx.resolve_town(town)
        if not name:
            raise UsageError(f"unknown town {town!r}; valid: {', '.join(idx.towns) or '(none indexed)'}")
        result = workflows.compare_town(idx, name, year, " ".join(words or []), not no_variants)
    respond(fmt, output, no_pager, lambda: comparing.table(result),
             lambda: views.compare_text(result, name, style_for(color)))
