"""The previous design of the project, kept runnable for same-run ratios.

`--previous REV` exports the `search` package of git revision REV (read-only `git archive`) into
the scratch directory; its build, update and queries then run through the same driver as the
project (`bench.project`: the public API did not change), in processes whose working directory
is that export, so `import search` finds the old package before the installed one.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
from pathlib import Path

NAME = "previous"


def export(root: Path, revision: str, target: Path) -> Path:
    """The package `search` at `revision`, extracted under `target`, bytecode compiled."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "search"], cwd=root,
                             capture_output=True, check=True).stdout
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    subprocess.run([sys.executable, "-m", "compileall", "-q", "search"], cwd=target, check=False,
                   stdout=subprocess.DEVNULL)
    return target


def cli_command(index: Path, text: str, *options: str) -> list[str]:
    """`search query` of the exported package (run with the export as working directory)."""
    return [sys.executable, "-m", "search", "query", text, *options, "--index", str(index)]
