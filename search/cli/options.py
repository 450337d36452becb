"""The options commands share: the filter options and the output options, each defined once.

The filter options are `search.vocabulary.FACET_FIELDS`: each field is one option, its flags, help
text and whether it repeats from `FILTER_OPTIONS` (a field missing there still gets `--field`,
repeatable). `with_filters` adds them to a command's signature and hands the command one `Filters`
argument, built in `filters_of`, the one place option values become `Filters`. `with_output`
does the same for the output options (`OUTPUT_OPTIONS`: --json, --jsonl, -f, -o), handing the
command one `OutputSpec` resolved by `output.resolve`, the one place they become a format.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import typer

from search import index as indexes
from search.cli.output import FORMATS, resolve
from search.errors import UsageError
from search.vocabulary import FACET_FIELDS, KINDS, SECTION_ALIASES

if TYPE_CHECKING:
    from search.engine.filters import Filters
    from search.engine.searcher import SearchIndex


def index_towns(incomplete: str) -> list[str]:
    """Town names from the default index, for shell completion."""
    meta = indexes.live_meta(indexes.index_dir(None)) or {}
    towns = sorted({f.get("town") for f in meta.get("files", {}).values() if f.get("town")})
    return [t for t in towns if t.startswith(incomplete)]


def section_names(incomplete: str) -> list[str]:
    return [s for s in SECTION_ALIASES if s.startswith(incomplete)]


CorpusOpt = typer.Option(None, "--corpus",
                         help="Corpus directory [env SEARCH_CORPUS; default: the index's own, else seeds/]")
IndexOpt = typer.Option(None, "--index", help="Index directory [env SEARCH_INDEX; default index/]")
ColorOpt = typer.Option("auto", "--color", help="auto (on a terminal), always or never.")
PagerOpt = typer.Option(False, "--no-pager", help="Print straight to the terminal, without less.")
NoVariantsOpt = typer.Option(False, "--no-variants",
                             help="Search the terms alone, not their variants (search/data/variants.txt).")
ExplainOpt = typer.Option(False, "--explain", help="Say how each term was expanded, split and matched.")


def choice(option: str, value: str, valid: tuple[str, ...]) -> None:
    if value not in valid:
        raise UsageError(f"{option} takes {', '.join(valid[:-1])} or {valid[-1]}, not {value!r}")


@dataclass(frozen=True)
class FilterOption:
    """How one facet field is typed on the command line, and where it goes in `Filters`."""

    attribute: str
    flags: tuple[str, ...]
    help: str
    complete: Callable[[str], list[str]] | None = None


FILTER_OPTIONS: dict[str, FilterOption] = {
    "town": FilterOption("towns", ("--town", "-t"),
                         "Only this town (repeatable; 荫田 = 荫田镇; 'unknown' for none found).", index_towns),
    "year": FilterOption("years", ("--year", "-y"),
                         "A year, or a range: 2019..2021, 2019.., ..2021; 'unknown' (repeatable: -y 2020 -y 2023)."),
    "section": FilterOption("sections", ("--section", "-s"),
                            "Only this section (repeatable; 总结 问题 计划 建议 前言 其他).", section_names),
    "county": FilterOption("counties", ("--county",), "Only towns of this county (repeatable; 衡南 = 衡南县)."),
    "city": FilterOption("cities", ("--city",), "Only towns of this city (repeatable; 衡阳 = 衡阳市)."),
    "province": FilterOption("provinces", ("--province",), "Only towns of this province (repeatable; 湖南 = 湖南省)."),
    "kind": FilterOption("kinds", ("--kind",),
                         f"Only this kind of report (repeatable; {' '.join(KINDS)})."),
    "about_year": FilterOption("about_years", ("--about-year",),
                               "Paragraphs about this year (the reviewed or the planned one), or a range; repeatable."),
}
"""Every filter option repeats, its values being alternatives; numeric fields (`vocabulary.NUMERIC_FACETS`)
take a year or a range each time."""


def filter_option(field: str) -> FilterOption:
    """The option of a facet field; one without an entry in FILTER_OPTIONS filters by exact value."""
    return FILTER_OPTIONS.get(field) or FilterOption("", (f"--{field.replace('_', '-')}",),
                                                     f"Only this {field.replace('_', ' ')} (repeatable).")


def years_option(value: str | None, option: str = "--year") -> tuple[int, int] | None:
    from search.engine.given import year_span

    return year_span(value, option)


def filters_of(values: Mapping[str, Any]) -> Filters:
    """The filter options' values, keyed by facet field, as one `Filters`."""
    from search.engine.given import filters_from

    return filters_from(values, lambda field: filter_option(field).flags[0])


def _parameter(field: str) -> inspect.Parameter:
    option = filter_option(field)
    info = typer.Option([], *option.flags, help=option.help, autocompletion=option.complete)
    return inspect.Parameter(field, inspect.Parameter.KEYWORD_ONLY, default=info, annotation=list[str])


F = TypeVar("F", bound=Callable[..., Any])

FILTERS: Any = ...
"""The default of a command's `filters` parameter, which `with_filters` replaces by the filter options."""


def _spliced(command: Callable[..., Any], name: str, added: list[inspect.Parameter]
             ) -> tuple[inspect.Signature, list[inspect.Parameter], list[inspect.Parameter]]:
    """The command's signature, its own parameters (keyword-only), and those with `added` standing
    where its parameter `name` stood: how a decorator gives a command shared options."""
    signature = inspect.signature(command)
    names = list(signature.parameters)
    if name not in names:
        raise TypeError(f"{command.__name__} takes no `{name}` parameter")
    own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in signature.parameters.values()]
    at = names.index(name)
    return signature, own, [*own[:at], *added, *own[at + 1:]]


def _signed(command: F, wrapper: Callable[..., Any], signature: inspect.Signature,
            parameters: list[inspect.Parameter]) -> F:
    """`wrapper` of `command` showing `parameters` to inspect (and so to Typer), called as the command was."""
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]  # read by inspect
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters if p.annotation is not p.empty}
    return cast(F, wrapper)


def with_filters(*, only: Collection[str] | None = None, without: Collection[str] = ()) -> Callable[[F], F]:
    """Puts the filter options where the command's `filters` parameter stands, and calls the command
    with them made into one `Filters`; `only` (default all) and `without` choose among FACET_FIELDS."""
    fields = [field for field in FACET_FIELDS if (only is None or field in only) and field not in without]

    def decorate(command: F) -> F:
        signature, _, parameters = _spliced(command, "filters", [_parameter(field) for field in fields])

        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            values = {field: kwargs.pop(field) for field in fields if field in kwargs}
            return command(*args, filters=filters_of(values), **kwargs)

        return _signed(command, wrapper, signature, parameters)

    return decorate


def filter_notes(idx: SearchIndex, filters: Filters) -> None:
    """A `Note:` on stderr for each filter value the index does not hold, as `query` prints them,
    for the commands that list or count without a query's result."""
    from search.cli.output import warn
    from search.render.style import visible

    if filters:
        warn([f"Note: {visible(hint)}" for hint in idx.filter_hints(filters)])


OUTPUT_OPTIONS: dict[str, tuple[object, type | object, tuple[str, ...], str]] = {
    "as_json": (False, bool, ("--json",), "Print the records as one JSON object (with its provenance)."),
    "jsonl": (False, bool, ("--jsonl",), "Print every record as one JSON object per line."),
    "fmt": (None, str | None, ("--format", "-f"),
            "text, csv (UTF-8 with BOM, for spreadsheets), tsv, jsonl or json; "
            "default: from -o's extension, else text."),
    "output": (None, Path | None, ("--output", "-o"),
               "Write to this file instead of the terminal: every record, in the format its extension "
               "(.csv .tsv .jsonl .json) names, with its provenance."),
}
"""The output options: parameter name → (default, type, flags, help), attached by `with_output`."""

QUERY_PARAMETERS = ("words",)
"""Parameters that are the query itself, recorded in provenance as `query` rather than as options."""

OUTPUT: Any = ...
"""The default of a command's `spec` parameter, which `with_output` replaces by the output options."""


def with_output(formats: tuple[str, ...] = FORMATS) -> Callable[[F], F]:
    """Puts the output options where the command's `spec` parameter stands, and calls the command
    with them resolved into one `OutputSpec`, which also records the options given, for provenance."""

    def decorate(command: F) -> F:
        added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind,
                                   default=typer.Option(default, *flags, help=help_))
                 for name, (default, kind, flags, help_) in OUTPUT_OPTIONS.items()]
        signature, own, parameters = _spliced(command, "spec", added)
        defaults = {p.name: getattr(p.default, "default", p.default) for p in own}

        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            given = {name: kwargs.pop(name) for name in OUTPUT_OPTIONS}
            options = {name: value for name, value in kwargs.items()
                       if name not in QUERY_PARAMETERS and value not in (None, False, [], ())
                       and value != defaults.get(name)}
            spec = resolve(command.__name__, formats, given["as_json"], given["jsonl"], given["fmt"],
                           given["output"], options)
            return command(*args, spec=spec, **kwargs)

        return _signed(command, wrapper, signature, parameters)

    return decorate
