"""Building and updating the index; the only stage that writes it.

Files are fingerprinted first; only new or changed ones are parsed and segmented, on every
core, and the result is written into a new generation that `search.store` publishes atomically.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from search import store
from search.corpus import find_files, fingerprint, load
from search.errors import IndexIncompatible, IndexMissing
from search.models import Document, IndexReport, Skipped
from search.normalize import normalize

Progress = Callable[[int, int], None]
PARALLEL_MIN_FILES = 8
DEFAULT_WAIT = 30.0


@dataclass(frozen=True)
class Parsed:
    document: Document
    words: tuple[str, ...]


def expected_versions() -> dict:
    from search.schema import SCHEMA_VERSION, analyzer_version
    from search.segment import dictionary_hash

    return {"schema": SCHEMA_VERSION, "analyzer": analyzer_version(), "dictionary": dictionary_hash()}


def parse(root: Path, source: str) -> Parsed | Skipped:
    """Decode, structure and segment one file; runs in worker processes."""
    from search.segment import presplit
    from search.structure import build_document

    raw = load(root, source)
    if isinstance(raw, Skipped):
        return raw
    document = build_document(raw)
    return Parsed(document, tuple(presplit(normalize(p.text)) for p in document.paragraphs))


def _parse_all(root: Path, sources: list[str], procs: int) -> Iterator[Parsed | Skipped]:
    if procs <= 1 or len(sources) < PARALLEL_MIN_FILES:
        for source in sources:
            yield parse(root, source)
        return
    with ProcessPoolExecutor(max_workers=procs) as pool:
        yield from pool.map(parse, [root] * len(sources), sources, chunksize=4)


def build_index(
    corpus: Path,
    index: Path,
    *,
    full: bool = False,
    procs: int | None = None,
    wait: float = DEFAULT_WAIT,
    progress: Progress | None = None,
) -> IndexReport:
    from whoosh import index as whoosh_index

    from search.schema import make_schema

    procs = procs or os.cpu_count() or 1
    found = find_files(corpus)
    with store.writer_lock(index, wait):
        versions = expected_versions()
        previous = _previous(index, versions, full)
        old_files: dict = previous.meta["files"] if previous else {}
        skipped = [item for item in found if isinstance(item, Skipped)]
        sources = [item for item in found if isinstance(item, str)]
        hashes = {source: fingerprint(corpus, source) for source in sources}
        unchanged = [s for s in sources if s in old_files and old_files[s]["sha256"] == hashes[s]]
        todo = [s for s in sources if s not in unchanged]
        removed = [s for s in old_files if s not in hashes]

        store.prune(index, keep=set())
        generation = store.new_generation(index)
        if previous:
            store.link_copy(previous.path, generation)
            ix = whoosh_index.open_dir(str(generation))
        else:
            ix = whoosh_index.create_in(str(generation), make_schema())
        writer = ix.writer(limitmb=256)
        try:
            for source in removed + [s for s in todo if s in old_files]:
                writer.delete_by_term("source", source)
            files = {s: old_files[s] for s in unchanged}
            indexed: list[str] = []
            paragraphs = 0
            for done, result in enumerate(_parse_all(corpus, todo, procs), start=1):
                if isinstance(result, Skipped):
                    skipped.append(result)
                else:
                    paragraphs += _add(writer, result)
                    files[result.document.source] = _file_meta(result.document)
                    indexed.append(result.document.source)
                if progress:
                    progress(done, len(todo))
            writer.commit(optimize=False)
        except BaseException:
            writer.cancel()
            raise
        meta = dict(versions, files=files, corpus=str(corpus.resolve()))
        store.publish(index, generation, meta)
    return IndexReport(
        indexed=tuple(indexed),
        unchanged=tuple(unchanged),
        removed=tuple(removed),
        skipped=tuple(sorted(skipped, key=lambda s: s.source)),
        paragraphs=paragraphs,
        full=previous is None,
    )


def _previous(index: Path, versions: dict, full: bool) -> store.Generation | None:
    if full:
        return None
    try:
        generation = store.current_generation(index)
        store.check_compatible(generation.meta, versions)
    except (IndexMissing, IndexIncompatible):
        return None
    return generation


def _add(writer, parsed: Parsed) -> int:  # type: ignore[no-untyped-def]
    from search.schema import HEADING_JOIN, NO_YEAR

    document = parsed.document
    for paragraph, words in zip(document.paragraphs, parsed.words):
        writer.add_document(
            id=paragraph.id,
            source=paragraph.source,
            line=paragraph.line,
            order=paragraph.order,
            town=paragraph.town,
            year=paragraph.year if paragraph.year is not None else NO_YEAR,
            section=paragraph.section,
            heading=HEADING_JOIN.join(paragraph.heading),
            text=paragraph.text,
            lit=paragraph.text,
            words=words,
        )
    return len(document.paragraphs)


def _file_meta(document: Document) -> dict:
    return {
        "sha256": document.sha256,
        "encoding": document.encoding,
        "town": document.town,
        "year": document.year,
        "title": document.title,
        "date": document.date,
        "paragraphs": len(document.paragraphs),
        "sections": document.section_counts(),
    }


def parse_corpus(corpus: Path) -> Iterable[Document | Skipped]:
    """Every document of a corpus, structured but not segmented: what `search docs` lists."""
    from search.structure import build_document

    for item in find_files(corpus):
        raw = item if isinstance(item, Skipped) else load(corpus, item)
        yield raw if isinstance(raw, Skipped) else build_document(raw)
