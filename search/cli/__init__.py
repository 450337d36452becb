"""How does a user ask? The `search` command: Typer options become one library call, then render.

Typer through its public API only; streams, the pager, exit codes and one-line errors live here
and nowhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from search.lazy import exports

if TYPE_CHECKING:
    from search.cli.commands import (
        main as main,
    )

_EXPORTS = {
    "main": "search.cli.commands",
}
__all__ = sorted(_EXPORTS)
__getattr__ = exports(__name__, _EXPORTS)
