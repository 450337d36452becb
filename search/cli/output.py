"""The command line's shared parts: the Typer app, the options commands share, and how output
reaches the terminal, a pipe or a file.

Conventions are those of grep, ripgrep and git: colour only on a terminal (`--color`), long
output paged through `less -FRX` on a terminal, warnings and hints on stderr, every user error
one `Error:` line with exit code 2 (usage) or 1 (anything else), Click's own included.
"""


import functools
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Optional, TypeVar

from typer import _click as click
import typer
from typer.core import TyperGroup

from search import render
from search.index import generations as store
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


def index_towns(incomplete: str) -> list[str]:
    """Town names from the default index, for shell completion."""
    meta = store.live_meta(store.index_dir(None)) or {}
    towns = sorted({f.get("town") for f in meta.get("files", {}).values() if f.get("town")})
    return [t for t in towns if t.startswith(incomplete)]


def section_names(incomplete: str) -> list[str]:
    from search.engine.searcher import SECTION_ALIASES

    return [s for s in SECTION_ALIASES if s.startswith(incomplete)]


CorpusOpt = typer.Option(None, "--corpus", help="Corpus directory [env SEARCH_CORPUS; default: the index's own, else seeds/]")
IndexOpt = typer.Option(None, "--index", help="Index directory [env SEARCH_INDEX; default index/]")
JsonOpt = typer.Option(False, "--json", help="Print JSON instead of text.")
TownOpt = typer.Option([], "--town", "-t", help="Only this town (repeatable; 荫田 = 荫田镇; 'unknown' for none found).",
                       autocompletion=index_towns)
YearOpt = typer.Option(None, "--year", "-y", help="A year, or a range: 2019..2021, 2019.., ..2021; 'unknown'.")
SectionOpt = typer.Option([], "--section", "-s", help="Only this section (repeatable; 总结 问题 计划 建议 前言 其他).",
                          autocompletion=section_names)
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


def reported(command: F) -> F:
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


def warn(lines: list[str]) -> None:
    for line in lines:
        typer.echo(line, err=True)


def years_option(value: Optional[str], option: str = "--year") -> Optional[tuple[int, int]]:
    from search.engine.syntax import year_range
    from search.vocabulary import NO_YEAR

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


def filters_from(town: list[str], year: Optional[str], section: list[str], county: Sequence[str] = (),
             city: Sequence[str] = (), province: Sequence[str] = (), kind: Sequence[str] = (),
             about_year: Optional[str] = None):  # type: ignore[no-untyped-def]
    from search.engine.searcher import Filters

    return Filters(towns=tuple(town), years=years_option(year), sections=tuple(section), counties=tuple(county),
                   cities=tuple(city), provinces=tuple(province), kinds=tuple(kind),
                   about_years=years_option(about_year, "--about-year"))



FORMATS = ("text", "csv", "tsv", "jsonl", "json")


def views_module():  # type: ignore[no-untyped-def]
    """The research views, imported only by the commands and options that print them."""
    from search.render import research as views

    return views


def export_module():  # type: ignore[no-untyped-def]
    from search.research import tables as export

    return export


def choice(option: str, value: str, valid: tuple[str, ...]) -> None:
    if value not in valid:
        raise UsageError(f"{option} takes {', '.join(valid[:-1])} or {valid[-1]}, not {value!r}")


def emit(text: str, output: Optional[Path], no_pager: bool = False) -> None:
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
    typer.echo(f"Wrote {output}", err=True)


def respond(fmt: str, output: Optional[Path], no_pager: bool, table: Callable[[], Any], text: Callable[[], str]) -> None:
    """A research command's answer: the table in a data format, or the text."""
    if fmt == "text":
        emit(text(), output, no_pager)
    else:
        emit_table(table(), fmt, output)


def emit_table(data, fmt: str, output: Optional[Path]) -> None:  # type: ignore[no-untyped-def]
    """A table as csv, tsv, jsonl or json (a list of objects), to `output` or stdout."""
    text = render.dumps(data.dicts()) + "\n" if fmt == "json" else render.write_table(data, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        write_file(output, text)
