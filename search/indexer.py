"""Building and updating the index; the only stage that writes it.

Files are fingerprinted first; only new or changed ones are parsed and segmented, on every
core, and the result is written into a new generation that `search.store` publishes atomically.
A build that fails or is interrupted publishes nothing: the live index stays as it was, and the
half-written generation is removed (by this build if it can, else by the next one).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from search import dupes, store
from search.corpus import find_files, fingerprint, load
from search.errors import CorpusError, IndexIncompatible, IndexMissing, SearchError
from search.models import Document, IndexReport, Skipped
from search.normalize import matching_view
from search.schema import expected_versions

Progress = Callable[[str, int, int], None]
"""Called with a phase (scanning, parsing, writing), files done and files in that phase."""
PARALLEL_MIN_FILES = 8
DEFAULT_WAIT = 30.0
ORPHAN_POLL = 0.1


@dataclass(frozen=True)
class Parsed:
    document: Document
    norms: tuple[str, ...]
    vocabulary: frozenset[str]


def parse(root: Path, source: str) -> Parsed | Skipped:
    """Decode, structure and segment one file; runs in worker processes.

    A file that makes the pipeline fail is skipped with the reason, so that one odd file never
    stops the others from being indexed.
    """
    from search.segment import vocabulary

    document = _document(root, source)
    if isinstance(document, Skipped):
        return document
    try:
        norms = tuple(matching_view(p.text)[0] for p in document.paragraphs)
        return Parsed(document, norms, vocabulary(norms))
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
    writer lock it inherited, so the next `search index` could never start. Ctrl-C is the
    parent's to handle: a worker interrupted while holding the task queue's lock would leave
    the parent and the other workers waiting on it forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def _parse_all(root: Path, sources: list[str], procs: int) -> Iterator[Parsed | Skipped]:
    if procs <= 1 or len(sources) < PARALLEL_MIN_FILES:
        for source in sources:
            yield parse(root, source)
        return
    with ProcessPoolExecutor(max_workers=min(procs, len(sources)), initializer=_watch_parent,
                             initargs=(os.getpid(),)) as pool:
        try:
            yield from pool.map(parse, [root] * len(sources), sources, chunksize=4)
        except KeyboardInterrupt:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
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
    force: bool = False,
) -> IndexReport:
    """Index `corpus` into `index`: only added, changed and removed files unless `full`.

    Runs under the writer lock (waiting up to `wait` seconds for another build) and publishes a
    new generation atomically, or none when nothing changed. A build that would switch the
    index to another corpus, or remove more than half of its reports, is refused unless
    `force`: both are what a mistyped path or environment variable does. Raises SearchError
    subclasses for whatever the user can fix.
    """
    started = time.monotonic()
    procs = procs or os.cpu_count() or 1
    found = find_files(corpus)
    sources = [item for item in found if isinstance(item, str)]
    if not sources:
        others = len(found)
        raise CorpusError(f"no .txt reports in {corpus.resolve()}" + (f" ({others} other files skipped)" if others else ""))
    with store.writer_lock(index, wait):
        _guard(corpus, index, sources, force)
        try:
            report = _build(corpus, index, found, full, procs, progress)
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            raise SearchError(f"cannot write the index at {index.resolve()}: {exc.strerror or exc}{where}; "
                              "the previous index is unchanged") from None
    return replace(report, corpus=str(corpus.resolve()), index=str(index.resolve()),
                   seconds=time.monotonic() - started)


def recorded_corpus(index: Path) -> Path | None:
    """The corpus the live index was built from, if there is an index that says."""
    meta = store.live_meta(index)
    corpus = meta.get("corpus") if meta else None
    return Path(corpus) if isinstance(corpus, str) and corpus else None


def _guard(corpus: Path, index: Path, sources: list[str], force: bool) -> None:
    meta = store.live_meta(index)
    if force or not meta:
        return
    old, new = meta.get("corpus"), str(corpus.resolve())
    if isinstance(old, str) and old and old != new:
        raise SearchError(f"the index at {index.resolve()} was built from {old}, not {new}; "
                          "add --force to rebuild it from the new corpus")
    files = meta.get("files") or {}
    gone = len(set(files) - set(sources))
    if files and gone * 2 > len(files):
        raise SearchError(f"this build would remove {gone} of the {len(files)} reports indexed at {index.resolve()} "
                          f"(they are not in {new}); add --force if that is intended")


def rollback(index: Path, wait: float = DEFAULT_WAIT) -> tuple[str, str]:
    """Make the generation before the live one live again; returns (was live, now live)."""
    with store.writer_lock(index, wait):
        return store.rollback(index, expected_versions())


def _build(corpus: Path, index: Path, found: list[str | Skipped], full: bool, procs: int,
           progress: Progress | None) -> IndexReport:
    from whoosh import index as whoosh_index

    from search.schema import make_schema

    versions = expected_versions()
    previous = _previous(index, versions, full)
    old_files: dict = previous.meta["files"] if previous else {}
    skipped = [item for item in found if isinstance(item, Skipped)]
    sources = [item for item in found if isinstance(item, str)]
    hashes = {}
    for done, source in enumerate(sources, start=1):
        hashes[source] = fingerprint(corpus, source)
        if progress:
            progress("scanning", done, len(sources))
    unchanged = [s for s in sources
                 if hashes[s] is not None and s in old_files and old_files[s].get("sha256") == hashes[s]]
    keep = set(unchanged)
    todo = [s for s in sources if s not in keep]
    removed = [s for s in old_files if s not in hashes]

    store.prune(index)
    generation = store.new_generation(index)
    published = False
    kept: list[Skipped] = []
    indexed: list[str] = []
    townless: list[str] = []
    paragraphs = 0
    try:
        if previous:
            store.link_copy(previous.path, generation)
            ix = whoosh_index.open_dir(str(generation))
        else:
            ix = whoosh_index.create_in(str(generation), make_schema())
        writer = ix.writer(limitmb=256)
        finished = False
        try:
            for source in removed:
                writer.delete_by_term("source", source)
            files = {s: old_files[s] for s in unchanged}
            words = set(store.read_vocabulary(previous.path)) if previous else set()
            for done, result in enumerate(dupes.recorded(_parse_all(corpus, todo, procs), generation, unchanged, corpus), start=1):
                if isinstance(result, Skipped):
                    if result.sidecar and result.source in old_files:
                        kept.append(result)
                        files[result.source] = old_files[result.source]
                    else:
                        skipped.append(result)
                        if result.source in old_files:
                            writer.delete_by_term("source", result.source)
                            removed.append(result.source)
                else:
                    document = result.document
                    if document.source in old_files:
                        writer.delete_by_term("source", document.source)
                    paragraphs += _add(writer, result)
                    words |= result.vocabulary
                    files[document.source] = _file_meta(document)
                    indexed.append(document.source)
                    if not document.town:
                        townless.append(document.source)
                if progress:
                    progress("parsing", done, len(todo))
            finished = True
            if previous and not indexed and not removed:
                writer.cancel()
            else:
                if progress:
                    progress("writing", 0, 0)
                writer.commit(optimize=False)
                store.write_vocabulary(generation, words)
                store.write_table(generation, paragraph_table(generation))
                meta = dict(versions, files=files, corpus=str(corpus.resolve()))
                store.publish(index, generation, meta)
                published = True
        except BaseException:
            if not finished:
                writer.cancel()
            raise
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
        kept=tuple(kept),
        townless=tuple(townless),
        published=published,
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
    for paragraph, norm in zip(document.paragraphs, parsed.norms):
        writer.add_document(
            id=paragraph.id,
            source=paragraph.source,
            line=paragraph.line,
            order=paragraph.order,
            town=paragraph.town,
            year=paragraph.year if paragraph.year is not None else NO_YEAR,
            section=paragraph.section,
            county=document.county,
            city=document.city,
            province=document.province,
            kind=document.kind,
            about_year=paragraph.about_year if paragraph.about_year is not None else NO_YEAR,
            end_line=paragraph.end_line,
            heading=HEADING_JOIN.join(paragraph.heading),
            heading_only=int(heading_only(paragraph.text, paragraph.heading)),
            text=paragraph.text,
            norm=norm.encode("utf-8"),
        )
    return len(document.paragraphs)


def heading_only(text: str, heading: tuple[str, ...]) -> bool:
    """Whether a paragraph is just the heading it opens (no discussion after it), give or take
    the punctuation that ends it."""
    return bool(heading) and len(text.rstrip("。.,,:：;；!！ ")) <= len(heading[-1]) and text.startswith(heading[-1])


TABLE_COLUMNS = ("town", "year", "section", "source", "order", "heading_only", "county", "city", "province", "kind", "about_year")


def paragraph_table(generation: Path) -> dict:
    """The committed index's columns by docnum, read back so docnums match after any merge."""
    from whoosh import index as whoosh_index

    reader = whoosh_index.open_dir(str(generation)).reader()
    try:
        table: dict = {name: list(reader.column_reader(name)) for name in TABLE_COLUMNS}
        table["norm"] = [raw.decode("utf-8") for raw in reader.column_reader("norm")]
        count = len(table["norm"])
        table["deleted"] = [d for d in range(count) if reader.is_deleted(d)] if reader.has_deletions() else []
        by_position = sorted(range(count), key=lambda d: (table["source"][d], table["order"][d]))
        rank = [0] * count
        for position, docnum in enumerate(by_position):
            rank[docnum] = position
        table["rank"] = rank
        table["length_norms"] = length_norms([len(t) for t in table["norm"]], table["deleted"])
    finally:
        reader.close()
    return table


def length_norms(lengths: list[int], deleted: list[int]) -> list[float]:
    """BM25's per-paragraph denominator term, K1 * (1 - B + B * length / average length)."""
    from search.analysis import B, K1

    live = len(lengths) - len(deleted)
    average = (sum(lengths) - sum(lengths[d] for d in deleted)) / live if live else 1.0
    scale = K1 * B / (average or 1.0)
    return [K1 * (1 - B) + scale * length for length in lengths]


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
        "county": document.county,
        "city": document.city,
        "province": document.province,
        "division_code": document.division_code,
        "town_checked": document.town_checked,
        "kind": document.kind,
        "year_doubt": document.year_doubt,
        "dropped_lines": ",".join(str(line.number) for line in document.dropped),
    }


def parse_corpus(corpus: Path) -> Iterable[Document | Skipped]:
    """Every document of a corpus, structured but not segmented: what `search docs` lists."""
    for item in find_files(corpus):
        yield item if isinstance(item, Skipped) else _document(corpus, item)
