"""The research commands: keyword in context, trends, copied text and plan against review.

Each parses its options, calls one function of `search.research.workflows`, and renders the answer as
text or hands its records to the one writer (csv, tsv, jsonl, json, through `output.respond`); the
logic lives in the library modules they name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

from search import index as indexes, render
from search.cli.app import reported
from search.cli.options import (
    FILTERS,
    OUTPUT,
    ColorOpt,
    ExplainOpt,
    IndexOpt,
    NoVariantsOpt,
    PagerOpt,
    choice,
    filter_notes,
    index_towns,
    with_filters,
    with_output,
)
from search.cli.output import Origin, OutputSpec, origin, respond, say, style_for, warn
from search.errors import UsageError

if TYPE_CHECKING:
    from search.engine.filters import Filters
    from search.research.counted import Counted
    from search.research.workflows import Prepared

ApartOpt = typer.Option(False, "--apart", help="Also count a term's pieces standing apart, as `query` finds them "
                                               "(by default a term is counted as written).")
VariantsOpt = typer.Option(False, "--variants", help="Also count the term's variants (search/data/variants.txt); "
                                                     "by default only the term as written is counted.")


def _counted(prepared: Prepared) -> Counted:
    if prepared.counted is None:
        raise AssertionError("a counting command's query says what it counts")
    return prepared.counted


def _respond_counted(spec: OutputSpec, no_pager: bool, prepared: Prepared, explain: bool, source: Origin,
                     records: Callable[[Counted], render.Records], body: Callable[[], str],
                     width: int | None) -> None:
    """A counting command's answer (kwic, trend): its records saying what they count, or its text
    with the variants explained above and the `counted:` footer below; the explanation goes to
    stderr beside data."""
    from search.render import research as views

    explained = views.expansions_text(prepared.expansions) if explain else []
    counted = _counted(prepared)
    if spec.data:
        warn(explained)
    respond(spec, no_pager, lambda: records(counted),
            lambda: "\n".join([*explained, body(), views.counted_text(counted, width)]), source)


T = TypeVar("T")


@reported
@with_output()
@with_filters()
def kwic(
    words: list[str] = typer.Argument(..., metavar="TERM...",
                                      help="What to find (query syntax); several words are one query."),
    filters: Filters = FILTERS,
    width: int = typer.Option(15, "--width", "-w", min=1, max=200, help="Characters of context on each side."),
    sort: str = typer.Option("source", "--sort", help="source (document order), left or right (by the context)."),
    spec: OutputSpec = OUTPUT,
    no_variants: bool = NoVariantsOpt,
    explain: bool = ExplainOpt,
    color: str = ColorOpt,
    no_pager: bool = PagerOpt,
    index: Path | None = IndexOpt,
    apart: bool = ApartOpt,
    with_variants: bool = VariantsOpt,
) -> None:
    """Keyword in context: one line per occurrence, aligned, with source:line.

    \b
    Examples:
      search kwic 屋场恳谈会
      search kwic 河长制 --width 10 --sort right -y 2020..
      search kwic 屋场恳谈会 --format csv -o kwic.csv
    """
    from search.engine.searcher import open_index
    from search.render import research as views, research_data as answers
    from search.research import kwic as concordance, workflows

    choice("--sort", sort, concordance.SORTS)
    style = style_for(color)
    with open_index(indexes.index_dir(index)) as idx:
        prepared, found = workflows.kwic_lines(idx, " ".join(words), filters, width, sort,
                                               with_variants and not no_variants, apart)
        filter_notes(idx, filters)
        source = origin(idx, prepared.typed, prepared.expansions)
    _respond_counted(spec, no_pager, prepared, explain, source, lambda counted: answers.kwic_records(found, counted),
                     lambda: views.kwic_text(found, width, style), style.width)


@reported
@with_output()
@with_filters()
def trend(
    words: list[str] | None = typer.Argument(None, metavar="[TERM]...",
                                             help="What to count (query syntax); several words are one query."),
    filters: Filters = FILTERS,
    by: str = typer.Option("year", "--by", "-b",
                           help="year, town, county, city, province or kind; two crossed: year,county."),
    per: str = typer.Option("report", "--per", help="Count each report once, each paragraph, or each occurrence."),
    share: bool = typer.Option(False, "--share", help="Divide by the number of reports in each group."),
    spec: OutputSpec = OUTPUT,
    no_variants: bool = NoVariantsOpt,
    explain: bool = ExplainOpt,
    color: str = ColorOpt,
    index: Path | None = IndexOpt,
    terms: Path | None = typer.Option(None, "--terms", metavar="FILE",
                                      help="Count every term of FILE (one a line, or `name = query`) "
                                           "instead: a term by year table."),
    apart: bool = ApartOpt,
    with_variants: bool = VariantsOpt,
) -> None:
    """Counts of a term by year (or town, county, kind …), as a table with a bar chart.

    \b
    Examples:
      search trend 屋场恳谈会
      search trend 河长制 --per occurrence --share
      search trend 屋场恳谈会 --by year,town --format csv -o trend.csv
      search trend --terms terms.txt --by year,county -f csv -o terms.csv
    """
    from search.engine.searcher import open_index
    from search.render import research as views, research_data as answers
    from search.research import trend as trends, workflows

    try:
        dimensions = trends.parse_by(by)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    choice("--per", per, trends.UNITS)
    if terms is not None:
        _term_trends(terms, words or [], filters, dimensions, per, share, spec, with_variants and not no_variants,
                     color, index)
        return
    with open_index(indexes.index_dir(index)) as idx:
        prepared, result = workflows.trend_of(idx, " ".join(words or []), filters, dimensions, per,
                                              with_variants and not no_variants, apart)
        filter_notes(idx, filters)
        source = origin(idx, prepared.typed, prepared.expansions)
    style = style_for(color)
    _respond_counted(spec, True, prepared, explain, source, lambda counted: answers.trend_records(result, counted),
                     lambda: views.trend_text(result, share, style), style.width)


def _term_trends(path: Path, words: list[str], filters: Filters, by: tuple[str, ...], per: str, share: bool,
                 spec: OutputSpec, variants: bool, color: str, index: Path | None) -> None:
    """`trend --terms FILE`: every term of the file counted in one run, as one table."""
    from search.engine.searcher import open_index
    from search.render import research_data as answers
    from search.render.term_lists import term_trends_text
    from search.research import term_lists

    if words:
        raise UsageError(f"trend counts the terms given or those of --terms {path}, not both")
    with open_index(indexes.index_dir(index)) as idx:
        result = term_lists.term_trends(idx, path, filters, by, per, variants)
        filter_notes(idx, filters)
        source = origin(idx, f"--terms {path}")
    if spec.data:
        say(f"Note: {result.provenance()}")
    respond(spec, True, lambda: answers.term_trend_records(result),
            lambda: term_trends_text(result, share, style_for(color)), source)


@reported
@with_output()
@with_filters(without=("section", "about_year"))
def dupes(
    filters: Filters = FILTERS,
    min_reports: int = typer.Option(2, "--min-reports", "-m", min=2,
                                    help="List texts shared by at least this many reports."),
    same_town: bool = typer.Option(False, "--same-town", help="Also texts that one town repeats in its own reports."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many texts to show (data formats give all)."),
    show_all: bool = typer.Option(False, "--all", help="Show every text."),
    spec: OutputSpec = OUTPUT,
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
    from search.render import research as views, research_data as answers
    from search.research import workflows

    with open_index(indexes.index_dir(index)) as idx:
        total, found = workflows.shared_texts(idx, filters, min_reports, same_town,
                                              None if show_all or spec.data else limit,
                                              None if spec.data else views.MEMBERS_SHOWN)
        reports = workflows.reports(idx)
        filter_notes(idx, filters)
        source = origin(idx)
    respond(spec, no_pager, lambda: answers.copies_records(found, reports),
            lambda: views.shared_text(found, total, reports, style_for(color)), source)


@reported
@with_output()
def compare(
    words: list[str] | None = typer.Argument(None, metavar="[TERM]...",
                                             help="Only paragraphs matching this (query syntax)."),
    towns: list[str] = typer.Option(..., "--town", "-t", help="The town.", autocompletion=index_towns),
    years: list[int] = typer.Option(..., "--year", "-y",
                                    help="The year: its plans (from the report before) beside its review."),
    spec: OutputSpec = OUTPUT,
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
    from search.render import research as views, research_data as answers
    from search.research import workflows

    town, year = _one("--town", towns), _one("--year", years)
    with open_index(indexes.index_dir(index)) as idx:
        name = workflows.town_named(idx, town)
        result = workflows.compare_town(idx, name, year, " ".join(words or []), not no_variants)
        source = origin(idx, " ".join(words or []) or None)
    respond(spec, no_pager, lambda: answers.pairs_records(result),
            lambda: views.compare_text(result, name, style_for(color)), source)


def _one(option: str, values: Sequence[T]) -> T:
    """The single value of an option that compares one thing: a repeated one is an error, never
    the last value silently."""
    if len(values) > 1:
        given = ", ".join(map(str, values))
        raise UsageError(f"compare takes one {option} (given {given}); run it once for each")
    return values[0]
