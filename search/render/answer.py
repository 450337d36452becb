"""A command's records as the data it answers with, the same whichever face asked: the CLI's
`--json`/`-f csv` and the web app's `?format=json|csv` are this one text, provenance included.

`Origin` is what the records were read from and asked with; `answer` writes the records in a
format with the provenance JSON carries inline (a bare record list and the flat formats have no
place for it, and a file gets it beside itself).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from search.render.data import Records, provenance, write_records

if TYPE_CHECKING:
    from search.engine.searcher import SearchIndex
    from search.engine.variants import Expansion


@dataclass(frozen=True)
class Origin:
    """What the records were read from and asked with, for provenance."""

    query: str | None = None
    variants: tuple[str, ...] = ()
    generation: str | None = None
    corpus: str | None = None


def origin(idx: SearchIndex | None, query: str | None = None, expansions: Sequence[Expansion] = ()) -> Origin:
    """The origin of records read from `idx` for `query`, expanded by `expansions`."""
    from search.engine.variants import explain

    corpus = idx.meta.get("corpus") if idx is not None else None
    return Origin(query, tuple(explain(list(expansions))), idx.path.name if idx is not None else None,
                  str(corpus) if corpus else None)


def made(command: str, options: Mapping[str, object], source: Origin) -> dict[str, object]:
    """The provenance of records `command` read from `source` with `options`."""
    return provenance(command, source.query, options, source.variants, source.generation, source.corpus)


def inline(records: Records, fmt: str) -> bool:
    """Whether the provenance goes inside the text (JSON objects) rather than beside it."""
    return fmt == "json" and not records.bare


def answer(records: Records, fmt: str, command: str, options: Mapping[str, object], source: Origin) -> str:
    """The records as text in `fmt`, JSON objects with their provenance."""
    return write_records(records, fmt, made(command, options, source) if inline(records, fmt) else None)
