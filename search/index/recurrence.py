"""The corpus-wide count of a build: which short margin lines recur across the corpus's reports
(`search.ingest.boilerplate`), and so are the site's.

Each report's shapes are kept in the generation (`generations.SHAPES`). An update reads only the
added and changed files for their shapes, recounts with the recorded shapes of the others, and
re-parses an unchanged report only when the new count changes which of its lines recur. A
generation written before the count was kept has no record: every report's shapes are read once,
and a report is re-parsed when any of its lines recurs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from search.index import generations as store
from search.index.workers import Reading, pool_run, reading_of, worker_reading
from search.ingest import changed_by, file_shapes, recurring

PARALLEL_MIN_FILES = 8


@dataclass(frozen=True)
class Recount:
    shapes: dict[str, frozenset[str]]
    recurring: frozenset[str]
    reparse: frozenset[str]
    """Unchanged reports whose lines dropped by recurrence the new count changes."""


def recount(corpus: Path, todo: list[str], unchanged: list[str], previous: Path | None, procs: int,
            follow: bool = False, reading: Reading | None = None) -> Recount:
    recorded = read(previous) if previous is not None else {}
    before = recurring(recorded.values())
    shapes = {source: recorded[source] for source in unchanged if source in recorded}
    shapes.update(_read_files(corpus, todo + [s for s in unchanged if s not in recorded], procs, follow, reading))
    after = recurring(shapes.values())
    reparse = changed_by({source: shapes[source] for source in unchanged}, before, after)
    return Recount(shapes, after, frozenset(reparse))


def _read_files(corpus: Path, sources: list[str], procs: int, follow: bool,
                reading: Reading | None = None) -> dict[str, frozenset[str]]:
    if procs <= 1 or len(sources) < PARALLEL_MIN_FILES:
        return _shapes(corpus, sources, follow, reading)
    size = -(-len(sources) // procs)
    told = None if reading is None else worker_reading
    calls = [(corpus, sources[i : i + size], follow, told) for i in range(0, len(sources), size)]
    found: dict[str, frozenset[str]] = {}
    for part in pool_run(_shapes, procs, calls, None, reading):
        found.update(part)
    return found


def _shapes(corpus: Path, sources: list[str], follow: bool, reading: Reading | None) -> dict[str, frozenset[str]]:
    """`file_shapes`, file by file when someone is told how far a slow read has come."""
    if reading is None:
        return file_shapes(corpus, sources, follow)
    found: dict[str, frozenset[str]] = {}
    for source in sources:
        with reading_of(source, reading):
            found.update(file_shapes(corpus, [source], follow))
    return found


def read(generation: Path) -> dict[str, frozenset[str]]:
    """The shapes a generation records per report; empty when it records none (or is damaged)."""
    try:
        found = json.loads((generation / store.SHAPES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(source): frozenset(str(s) for s in shapes) for source, shapes in found.items()
            if isinstance(shapes, list)}


def write(generation: Path, shapes: dict[str, frozenset[str]]) -> None:
    text = json.dumps({source: sorted(found) for source, found in sorted(shapes.items())}, separators=(",", ":"))
    store.write_file(generation / store.SHAPES, text)
