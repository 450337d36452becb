"""The Typer app and every way a run of `search` ends: its exit code and what it leaves on stderr.

Conventions are those of grep, ripgrep and git: every user error is one `Error:` line with exit
code 2 (usage) or 1 (anything else), Click's own included; Ctrl-C ends with a newline and 130; a
reader that stops reading (`| head`) ends the run quietly with 0. Only Typer's public names are used:
its parsing errors are recognised by what they carry (an exit code and a message), not by class.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeGuard, TypeVar, cast

import typer
from typer.core import TyperGroup

from search.cli import output
from search.errors import SearchError
from search.render.style import visible

INTERRUPTED = 130


class Interrupted(Exception):
    """Ctrl-C inside a command, carried past Typer, which would otherwise end the run without a newline."""


class _Group(TyperGroup):
    """The command group whose `main` turns every ending into an exit code and at most one line."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]  # the base takes click's Context, private in Typer
        """`search` alone prints the help, as `--help` does, and succeeds."""
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            output.write(ctx.get_help() + "\n")
            raise typer.Exit(0)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]  # the base takes click's Context, private in Typer
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, windows_expand_args: bool = True,
             **extra: Any) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False,
                                windows_expand_args=windows_expand_args, **extra)
        except Exception as exc:
            code = _ending(exc)
        except SystemExit as exc:
            if exc.code != 1 or not output.reader_gone():
                raise
            code = 0
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def _ending(exc: Exception) -> int:
    """The exit code of a run that raised `exc`, after its one line on stderr; a bug propagates."""
    if isinstance(exc, (Interrupted, typer.Abort)):
        output.say("")
        return INTERRUPTED
    if _is_usage_error(exc):
        output.say(f"Error: {visible(exc.format_message())}")
        return int(exc.exit_code)
    raise exc


class _UsageError(Protocol):
    """What a Typer parsing error carries, whatever its class."""

    exit_code: int

    def format_message(self) -> str: ...


def _is_usage_error(exc: Exception) -> TypeGuard[_UsageError]:
    """Typer's parsing errors (unknown option, bad value, missing argument) carry an exit code and a
    message; Typer names their classes differently from one release to the next."""
    return isinstance(getattr(exc, "exit_code", None), int) and callable(getattr(exc, "format_message", None))


app = typer.Typer(cls=_Group, no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="Full-text search over Chinese township government work reports.")

F = TypeVar("F", bound=Callable[..., Any])


def reported(command: F) -> F:
    """Domain errors become one `Error:` line on stderr and the error's exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SearchError as exc:
            output.say(f"Error: {visible(str(exc))}")
            raise typer.Exit(exc.exit_code) from None

    return cast(F, wrapper)  # functools.wraps kept the signature Typer reads


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            output.write(f"search {version('township-search')}\n")
        except PackageNotFoundError:
            output.write("search (not installed)\n")
        raise typer.Exit(0)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Full-text search over Chinese township government work reports."""


def main() -> None:
    """Entry point: Ctrl-C before or after a command still ends with 130, and a closed pipe with 0."""
    try:
        app()
    except KeyboardInterrupt:
        output.say("")
        sys.exit(INTERRUPTED)
    finally:
        output.finish()
