"""Naive peer: jieba's own Whoosh analyzer over raw lines, as in jieba's Whoosh example.

    Schema(content=TEXT(stored=True, analyzer=ChineseAnalyzer()))   one document per non-empty line

plus the file name and line number (needed to update a file and to cite a hit) and the manifest's
town and year (for filtered queries). Queries go through Whoosh's QueryParser; snippets are Whoosh
highlights. This module is also the peer's whole-process query script:

    python bench/naive.py INDEX QUERY

so it imports only what that script needs: jieba's analyzer and Whoosh.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from jieba.analyse import ChineseAnalyzer
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.qparser import QueryParser

if TYPE_CHECKING:
    from bench.common import BenchQuery

NAME = "naive"
LIMIT = 10


def make_schema() -> Schema:
    return Schema(content=TEXT(stored=True, analyzer=ChineseAnalyzer()), source=ID(stored=True),
                  line=STORED(), town=ID(), year=ID())


def _add_file(writer, corpus: Path, source: str, meta: dict[str, tuple[str, int]]) -> None:  # type: ignore[no-untyped-def]
    from bench.common import read_lines

    town, year = meta.get(source, ("", 0))
    for number, line in read_lines(corpus, source):
        writer.add_document(content=line, source=source, line=number, town=town, year=str(year))


def build(corpus: Path, index: Path, procs: int) -> None:
    """One writer with Whoosh's defaults, as the example does; `procs` is not used."""
    from bench.common import corpus_sources, file_meta

    index.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index), make_schema())
    meta = file_meta(corpus)
    writer = ix.writer()
    for source in corpus_sources(corpus):
        _add_file(writer, corpus, source, meta)
    writer.commit()


def update(corpus: Path, index: Path, changed: list[str], procs: int) -> None:
    """The natural update: delete the changed file's lines by term, add them again, commit."""
    from bench.common import file_meta

    ix = whoosh_index.open_dir(str(index))
    meta = file_meta(corpus)
    writer = ix.writer()
    for source in changed:
        writer.delete_by_term("source", source)
        if (corpus / source).is_file():
            _add_file(writer, corpus, source, meta)
    writer.commit()


def _filter(towns: tuple[str, ...], years: tuple[int, int] | None) -> wq.Query | None:
    parts: list[wq.Query] = []
    if towns:
        parts.append(wq.Or([wq.Term("town", t) for t in towns]))
    if years:
        parts.append(wq.Or([wq.Term("year", str(y)) for y in range(years[0], years[1] + 1)]))
    return wq.And(parts) if parts else None


def search(searcher, parser: QueryParser, text: str, towns: tuple[str, ...] = (),  # type: ignore[no-untyped-def]
           years: tuple[int, int] | None = None) -> tuple[int, str]:
    """Total hits and the printed page: file:line and Whoosh's highlighted fragment per hit."""
    parsed = parser.parse(text) if text.strip() else wq.Every()
    restriction = _filter(towns, years)
    if restriction is not None:  # not `filter=`: with a limit, a filter matching nothing lets all through
        parsed = wq.And([parsed, restriction])
    results = searcher.search(parsed, limit=LIMIT)
    lines = []
    for hit in results:
        fragment = hit.highlights("content") or hit["content"][:80]
        lines.append(f"{hit['source']}:{hit['line']}\n  {fragment}")
    lines.append(f"{len(results)} lines")
    return len(results), "\n".join(lines)


@contextmanager
def querier(index: Path) -> Iterator[Callable[[BenchQuery], tuple[int, str]]]:
    """Sections are unknown to this peer: a section filter is ignored."""
    ix = whoosh_index.open_dir(str(index))
    with ix.searcher() as searcher:
        parser = QueryParser("content", schema=ix.schema)
        yield lambda q: search(searcher, parser, q.text, q.towns, q.years)


def main(argv: list[str]) -> int:
    index, text = argv
    ix = whoosh_index.open_dir(index)
    with ix.searcher() as searcher:
        _, page = search(searcher, QueryParser("content", schema=ix.schema), text)
    sys.stdout.write(page + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
