"""The project under test, driven through its public functions exactly as the CLI drives them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import BenchQuery

NAME = "project"


def build(corpus: Path, index: Path, procs: int) -> None:
    from search import build_index

    build_index(corpus, index, full=True, procs=procs)


def update(corpus: Path, index: Path, changed: list[str], procs: int) -> None:
    """The project finds the changed file itself (by fingerprint); `changed` is for the peers."""
    from search import build_index

    build_index(corpus, index, full=False, procs=procs)


@contextmanager
def querier(index: Path) -> Iterator[Callable[[BenchQuery], tuple[int, str]]]:
    """Search plus rendering (snippets and facet counts), as `search query` prints them."""
    from search import Filters, Style, open_index, result_text

    style = Style(color=False)
    with open_index(index) as idx:
        def run(query: BenchQuery) -> tuple[int, str]:
            filters = Filters(towns=query.towns, years=query.years, sections=query.sections)
            result = idx.search(query.text, filters, limit=10)
            return result.total, result_text(result, style)

        yield run


def cli_command(index: Path, text: str, *options: str) -> list[str]:
    """The installed `search` entry point next to this interpreter (the venv's)."""
    script = Path(sys.executable).with_name("search")
    return [str(script), "query", text, *options, "--index", str(index)]
