"""The `search` command: Typer only, options → one library call → render."""

from search.cli.commands import main

__all__ = ["main"]
