"""Building and updating the index; the only stage that writes it.

Files are fingerprinted first; only new or changed ones are parsed and segmented, on every
core, and the result is written into a new generation that `search.store` publishes atomically.
A build that fails or is interrupted publishes nothing: the live index stays as it was, and the
half-written generation is removed (by this build if it can, else by the next one).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from search import store
from search.corpus import find_files, fingerprint, load
from search.errors import IndexIncompatible, IndexMissing, SearchError
from search.models import Document, IndexReport, Skipped
from search.normalize import normalize
from search.schema import expected_versions

Progress = Callable[[int, int], None]
PARALLEL_MIN_FILES = 8
CHUNK_FILES = 2_000
DEFAULT_WAIT = 30.0
ORPHAN_POLL = 0.1


@dataclass(frozen=True)
class Parsed:
    document: Document
    norms: tuple[str, ...]
    words: tuple[list[tuple[str, int]], ...]


@dataclass(frozen=True)
class Chunk:
    """What one worker wrote: finished segments, and the files it indexed or skipped."""

    segments: tuple
    files: dict
    skipped: tuple[Skipped, ...]
    paragraphs: int


def parse(root: Path, source: str) -> Parsed | Skipped:
    """Decode, structure and segment one file; runs in worker processes.

    A file that makes the pipeline fail is skipped with the reason, so that one odd file never
    stops the others from being indexed.
    """
    from search.segment import word_positions

    document = _document(root, source)
    if isinstance(document, Skipped):
        return document
    try:
        norms = tuple(normalize(p.text) for p in document.paragraphs)
        return Parsed(document, norms, tuple(word_positions(norm) for norm in norms))
    except Exception as exc:  # noqa: BLE001 - reported per file, see docstring
        return _failed(source, exc)


def _document(root: Path, source: str) -> Document | Skipped:
    from search.structure import build_document

    try:
        raw = load(root, source)
        return raw if isinstance(raw, Skipped) else build_document(raw)
    except Exception as exc:  # noqa: BLE001 - reported per file
        return _failed(source, exc)


def _failed(source: str, exc: Exception) -> Skipped:
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return Skipped(source, f"could not be processed ({type(exc).__name__}{': ' + detail if detail else ''})")


def _watch_parent(parent: int) -> None:
    """In a worker: exit as soon as the build process is gone (e.g. killed with -9).

    A pool worker otherwise waits for work forever once its parent dies, and keeps holding the
    writer lock it inherited, so the next `search index` could never start.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def index_chunk(generation: Path, root: Path, sources: list[str], progress: Progress | None = None) -> Chunk:
    """Parse `sources` and write them as one new segment of `generation`; runs in a worker.

    The segment is not yet part of the index: the build publishes it with the others."""
    from search.segwriter import SegmentBuilder

    builder = SegmentBuilder(generation)
    files: dict = {}
    skipped: list[Skipped] = []
    paragraphs = 0
    try:
        for done, source in enumerate(sources, start=1):
            result = parse(root, source)
            if isinstance(result, Skipped):
                skipped.append(result)
            else:
                paragraphs += _add(builder, result)
                files[result.document.source] = _file_meta(result.document)
            if progress:
                progress(done, len(sources))
        segment = builder.finish()
    except BaseException:
        builder.cancel()
        raise
    return Chunk((segment,) if segment else (), files, tuple(skipped), paragraphs)


def _chunks(sources: list[str], procs: int) -> list[list[str]]:
    """Runs of sorted sources, one segment each: as many as the workers, and none over
    CHUNK_FILES files, so that a worker's memory stays bounded whatever the corpus size."""
    ordered = sorted(sources)
    size = max(1, min(CHUNK_FILES, -(-len(ordered) // max(procs, 1))))
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def _index_all(generation: Path, root: Path, sources: list[str], procs: int,
               progress: Progress | None) -> Iterator[Chunk]:
    if procs <= 1 or len(sources) < PARALLEL_MIN_FILES:
        base = 0
        for chunk in _chunks(sources, 1):
            step = None if progress is None else (lambda done, _total, base=base: progress(base + done, len(sources)))
            yield index_chunk(generation, root, chunk, step)
            base += len(chunk)
        return
    chunks = _chunks(sources, procs)
    with ProcessPoolExecutor(max_workers=min(procs, len(chunks)), initializer=_watch_parent,
                             initargs=(os.getpid(),)) as pool:
        try:
            done = 0
            for chunk, result in zip(chunks, pool.map(index_chunk, [generation] * len(chunks), [root] * len(chunks),
                                                      chunks)):
                done += len(chunk)
                if progress:
                    progress(done, len(sources))
                yield result
        except BrokenProcessPool:
            raise SearchError("a worker process died while indexing (out of memory?); "
                              "nothing was changed, try again (or with fewer processes)") from None


def build_index(
    corpus: Path,
    index: Path,
    *,
    full: bool = False,
    procs: int | None = None,
    wait: float = DEFAULT_WAIT,
    progress: Progress | None = None,
) -> IndexReport:
    """Index `corpus` into `index`: only added, changed and removed files unless `full`.

    Runs under the writer lock (waiting up to `wait` seconds for another build) and publishes a
    new generation atomically. Raises SearchError subclasses for whatever the user can fix.
    """
    procs = procs or os.cpu_count() or 1
    found = find_files(corpus)
    with store.writer_lock(index, wait):
        try:
            return _build(corpus, index, found, full, procs, progress)
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            raise SearchError(f"cannot write the index at {index}: {exc.strerror or exc}{where}; "
                              "the previous index is unchanged") from None


def _build(corpus: Path, index: Path, found: list[str | Skipped], full: bool, procs: int,
           progress: Progress | None) -> IndexReport:
    from whoosh.filedb.filestore import FileStorage

    from search.schema import make_schema
    from search.segwriter import commit, open_storage

    versions = expected_versions()
    previous = _previous(index, versions, full)
    old_files: dict = previous.meta["files"] if previous else {}
    skipped = [item for item in found if isinstance(item, Skipped)]
    sources = [item for item in found if isinstance(item, str)]
    hashes = {source: fingerprint(corpus, source) for source in sources}
    unchanged = [s for s in sources
                 if hashes[s] is not None and s in old_files and old_files[s].get("sha256") == hashes[s]]
    keep = set(unchanged)
    todo = [s for s in sources if s not in keep]
    removed = [s for s in old_files if s not in hashes]

    store.prune(index)
    if previous and not todo and not removed and previous.meta.get("corpus") == str(corpus.resolve()):
        return IndexReport(indexed=(), unchanged=tuple(unchanged), removed=(),
                           skipped=tuple(sorted(skipped, key=lambda s: s.source)), paragraphs=0, full=False)
    generation = store.new_generation(index)
    published = False
    try:
        if previous:
            store.link_copy(previous.path, generation)
            ix = open_storage(generation)
        else:
            ix = FileStorage(str(generation)).create_index(make_schema())
        writer = ix.writer()
        try:
            for source in removed + [s for s in todo if s in old_files]:
                writer.delete_by_term("source", source)
            files = {s: old_files[s] for s in unchanged}
            segments: list = []
            paragraphs = 0
            for chunk in _index_all(generation, corpus, todo, procs, progress):
                segments.extend(chunk.segments)
                files.update(chunk.files)
                skipped.extend(chunk.skipped)
                paragraphs += chunk.paragraphs
            commit(writer, generation, segments)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        indexed = [s for s in todo if s in files]
        meta = dict(versions, files=files, corpus=str(corpus.resolve()))
        store.publish(index, generation, meta)
        published = True
    finally:
        if not published:
            store.discard(generation)
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


def _add(builder, parsed: Parsed) -> int:  # type: ignore[no-untyped-def]
    """One file's paragraphs into the segment being written: Whoosh fields and text-store rows."""
    from search.fields import bigrams
    from search.schema import FACET_FIELDS, HEADING_JOIN, NO_YEAR
    from search.textstore import Row

    document = parsed.document
    for paragraph, norm, words in zip(document.paragraphs, parsed.norms, parsed.words):
        values = {name: getattr(paragraph, name) for name in FACET_FIELDS}
        if values.get("year", NO_YEAR) is None:
            values["year"] = NO_YEAR
        terms = {name: str(value) for name, value in values.items() if value not in (None, "", NO_YEAR)}
        stored = {"id": paragraph.id, "source": paragraph.source, "line": paragraph.line,
                  "heading": HEADING_JOIN.join(paragraph.heading), "text": paragraph.text, **terms}
        builder.add(Row(norm, paragraph.source, paragraph.order, tuple(values[name] for name in FACET_FIELDS)),
                    stored, dict(terms, id=paragraph.id, source=paragraph.source), words, bigrams(norm))
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
    for item in find_files(corpus):
        yield item if isinstance(item, Skipped) else _document(corpus, item)
