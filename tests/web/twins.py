"""What the web tests compare a page's JSON and CSV twins with: the command's own output for the
same request, and an answer without the moment it was made (the one thing two runs cannot share)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from search.cli.commands import app as cli

runner = CliRunner()


def cli_output(index: Path, args: list[str]) -> str:
    """What `search ARGS` prints over `index`, asserting that it succeeded."""
    result = runner.invoke(cli, args, env={"SEARCH_INDEX": str(index)})
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


def timeless(document: dict[str, Any]) -> dict[str, Any]:
    """The answer with its provenance's `time` left out."""
    provenance = document.get("provenance")
    assert isinstance(provenance, dict)
    return {**document, "provenance": {k: v for k, v in provenance.items() if k != "time"}}
