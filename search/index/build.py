"""Building and updating the index; the only stage that writes it.

Files are fingerprinted first; only new or changed ones are parsed and segmented, on every
core, and the result is written into a new generation that `search.index.generations` publishes atomically.
A build that fails or is interrupted publishes nothing: the live index stays as it was, and the
half-written generation is removed (by this build if it can, else by the next one).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from search.errors import CorpusError, IndexIncompatible, IndexMissing, SearchError
from search.index import copies, generations as store, integrity, recurrence, safepickle
from search.index.schema import expected_versions
from search.index.workers import Helper, Reading, pool_run, reading_of, worker_progress, worker_reading
from search.ingest import (
    SIDECAR_SUFFIX,
    failed,
    find_files,
    fingerprint,
    kept_between_passes,
    no_reports,
    read_documents,
    recurring_in,
)
from search.models import Document, IndexReport, Skipped
from search.normalize import matching_view
from search.sources import file_of

if TYPE_CHECKING:
    from whoosh.codec.base import Segment

    from search.index.segment_writer import SegmentBuilder

Progress = Callable[[str, int, int], None]
"""Called with a phase (scanning, parsing, writing), files done and files in that phase."""
PARALLEL_MIN_FILES = 8
CHUNK_FILES = 2_000
DEFAULT_WAIT = 30.0


@dataclass(frozen=True)
class Parsed:
    document: Document
    norms: tuple[str, ...]
    words: tuple[list[tuple[str, int]], ...]


@dataclass(frozen=True)
class Chunk:
    """What one worker wrote: finished segments, the files it indexed or skipped, and the
    copied-text keys of the files it indexed (`copies.document_keys`), computed while the
    document was at hand rather than by reading the file again."""

    segments: tuple[Segment, ...]
    files: dict[str, dict[str, Any]]
    skipped: tuple[Skipped, ...]
    paragraphs: int
    keys: dict[str, list[copies.KeyRow]] = field(default_factory=dict)


def parse(root: Path, source: str, follow: bool = False) -> tuple[Parsed, ...] | Skipped:
    """Decode, structure and segment one file, one Parsed per report it holds (a collection page
    holds several); runs in worker processes.

    A file that makes the pipeline fail is skipped with the reason, so that one odd file never
    stops the others from being indexed.
    """
    from search.ingest.wordcut import word_positions

    documents = read_documents(root, source, follow)
    if isinstance(documents, Skipped):
        return documents
    try:
        parsed = []
        for document in documents:
            norms = tuple(matching_view(p.text)[0] for p in document.paragraphs)
            parsed.append(Parsed(document, norms, tuple(word_positions(norm) for norm in norms)))
        return tuple(parsed)
    except Exception as exc:  # noqa: BLE001 - reported per file, see docstring
        return failed(source, exc)


def index_chunk(generation: Path, root: Path, sources: list[str], progress: Progress | None = None,
                follow: bool = False, recurring: frozenset[str] = frozenset(),
                reading: Reading | None = None) -> Chunk:
    """Parse `sources` and write them as one new segment of `generation`; runs in a worker.

    The segment is not yet part of the index: the build publishes it with the others. Lines of
    the `recurring` shapes (the corpus's own furniture, `recurrence`) are dropped."""
    with recurring_in(recurring):
        return _index_chunk(generation, root, sources, progress, follow, reading)


def _index_chunk(generation: Path, root: Path, sources: list[str], progress: Progress | None,
                 follow: bool, reading: Reading | None = None) -> Chunk:
    from search.index.segment_writer import SegmentBuilder

    builder = SegmentBuilder(generation)
    files: dict[str, dict[str, Any]] = {}
    keys: dict[str, list[copies.KeyRow]] = {}
    skipped: list[Skipped] = []
    paragraphs = 0
    try:
        for done, source in enumerate(sources, start=1):
            with reading_of(source, reading):
                result = parse(root, source, follow)
            if isinstance(result, Skipped):
                skipped.append(result)
            for parsed in () if isinstance(result, Skipped) else result:
                paragraphs += _add(builder, parsed)
                files[parsed.document.source] = _file_meta(parsed.document)
                keys[parsed.document.source] = copies.document_keys(parsed.document)
            if progress:
                progress("parsing", done, len(sources))
        segment = builder.finish()
    except BaseException:
        builder.cancel()
        raise
    return Chunk((segment,) if segment else (), files, tuple(skipped), paragraphs, keys)


def _chunks(sources: list[str], procs: int) -> list[list[str]]:
    """Runs of sorted sources, one segment each: as many as the workers, and none over
    CHUNK_FILES files, so that a worker's memory stays bounded whatever the corpus size."""
    ordered = sorted(sources)
    size = max(1, min(CHUNK_FILES, -(-len(ordered) // max(procs, 1))))
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def _index_all(generation: Path, root: Path, sources: list[str], procs: int, helper: Helper | None,
               progress: Progress | None, follow: bool = False,
               recurring: frozenset[str] = frozenset(), reading: Reading | None = None) -> Iterator[Chunk]:
    """Chunks of `sources` written as segments: in this process when there is one process or no
    helper, by the helper (jieba already loaded) for a few files, else by a pool of workers."""
    told = None if reading is None else worker_reading
    if helper is not None and len(sources) < PARALLEL_MIN_FILES:
        if sources:
            if progress:
                progress("parsing", 0, len(sources))
            yield helper.run(index_chunk, generation, root, sources, None, follow, recurring, told, reading=reading)
            if progress:
                progress("parsing", len(sources), len(sources))
        return
    if procs <= 1 or len(sources) < PARALLEL_MIN_FILES:
        base = 0
        for chunk in _chunks(sources, 1):
            step = None if progress is None else (
                lambda phase, done, _total, base=base: progress(phase, base + done, len(sources)))
            yield index_chunk(generation, root, chunk, step, follow, recurring, reading)
            base += len(chunk)
        return
    calls = [(generation, root, chunk, worker_progress, follow, recurring, told) for chunk in _chunks(sources, procs)]
    yield from pool_run(index_chunk, procs, calls, None if progress is None else (
        lambda done: progress("parsing", done, len(sources))), reading)


def build_index(
    corpus: Path,
    index: Path,
    *,
    full: bool = False,
    procs: int | None = None,
    wait: float = DEFAULT_WAIT,
    progress: Progress | None = None,
    force: bool = False,
    follow: bool = False,
    reading: Reading | None = None,
) -> IndexReport:
    """Index `corpus` into `index`: only added, changed and removed files unless `full`.

    Runs under the writer lock (waiting up to `wait` seconds for another build) and publishes a
    new generation atomically, or none when nothing changed. A build that would switch the
    index to another corpus, or remove more than half of its reports, is refused unless
    `force`: both are what a mistyped path or environment variable does. Symbolic links are
    named and skipped unless `follow`. `reading` is told how far the read of a slow file (a PDF
    of many pages) has come. Raises SearchError subclasses for whatever the user can fix.
    """
    started = time.monotonic()
    procs = procs or os.cpu_count() or 1
    with kept_between_passes():  # before any fork: workers and the helper keep extracted texts too
        report = _locked_build(corpus, index, full, procs, wait, progress, force, follow, reading)
    return replace(report, corpus=str(corpus.resolve()), index=str(index.resolve()),
                   seconds=time.monotonic() - started)


def _locked_build(corpus: Path, index: Path, full: bool, procs: int, wait: float, progress: Progress | None,
                  force: bool, follow: bool, reading: Reading | None) -> IndexReport:
    helper = Helper() if procs > 1 else None  # loads jieba while the corpus is scanned
    try:
        _check_recordable(corpus)
        found = find_files(corpus, follow)
        sources = [item for item in found if isinstance(item, str)]
        if not sources:
            raise CorpusError(no_reports(corpus, len(found)))
        with store.writer_lock(index, wait):
            _guard(corpus, index, found, force)
            try:
                report = _build(corpus, index, found, full, procs, helper, progress, follow, reading)
            except OSError as exc:
                where = f" ({exc.filename})" if exc.filename else ""
                raise SearchError(f"cannot write the index at {index.resolve()}: {exc.strerror or exc}{where}; "
                                  "the previous index is unchanged") from None
    finally:
        if helper is not None:
            helper.close()
    return report


def _check_recordable(corpus: Path) -> None:
    """The index records its corpus's path (in UTF-8 JSON): one that is not UTF-8 is refused
    before anything is read, not when the new generation is published."""
    try:
        str(corpus.resolve()).encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(corpus.resolve()).decode("utf-8", "backslashreplace")
        raise CorpusError(f"the corpus path {shown} is not valid UTF-8, and the index records it; "
                          "rename the folder and run `search index` again") from None


def recorded_corpus(index: Path) -> Path | None:
    """The corpus the live index was built from, if there is an index that says: its meta.json,
    else the newest generation's manifest (a damaged index is rebuilt from its own corpus)."""
    meta = store.live_meta(index)
    corpus = meta.get("corpus") if meta else None
    if not (isinstance(corpus, str) and corpus):
        corpus = integrity.recorded_corpus(index)
    return Path(corpus) if corpus else None


def _guard(corpus: Path, index: Path, found: list[str | Skipped], force: bool) -> None:
    meta = store.live_meta(index)
    if force or not meta:
        return
    old, new = meta.get("corpus"), str(corpus.resolve())
    if isinstance(old, str) and old and old != new:
        raise SearchError(f"the index at {index.resolve()} was built from {old}, not {new}; "
                          "add --force to rebuild it from the new corpus")
    files = {file_of(source) for source in meta.get("files") or {}}
    present = {item for item in found if isinstance(item, str)} | {s.source for s in _unlisted(found, files)}
    gone = len(files - present)
    if files and gone * 2 > len(files):
        raise SearchError(f"this build would remove {gone} of the {len(files)} reports indexed at {index.resolve()} "
                          f"(they are not in {new}); add --force if that is intended")


def rollback(index: Path, wait: float = DEFAULT_WAIT) -> tuple[str, str]:
    """Make the generation before the live one live again; returns (was live, now live)."""
    with store.writer_lock(index, wait):
        return store.rollback(index, expected_versions())


def file_stat(corpus: Path, source: str) -> list[int] | None:
    """Size, modification and change times and inode of a file and of its sidecar: when they
    are what the index recorded, the file is the one indexed and need not be hashed again (the
    change time cannot be set back by copying tools, which keeps this safe)."""
    path = os.path.join(corpus, source)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    found = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
    try:
        side = os.stat(path[: -len(os.path.splitext(path)[1]) or None] + SIDECAR_SUFFIX)
        found += [side.st_size, side.st_mtime_ns, side.st_ctime_ns, side.st_ino]
    except OSError:
        pass
    return found


def _scan(corpus: Path, sources: list[str], old_files: dict[str, dict[str, Any]], old_stats: dict[str, Any],
          progress: Progress | None) -> tuple[dict[str, str | None], dict[str, list[int] | None]]:
    """Every source's hash and stat; a file whose stat is as recorded keeps its recorded hash."""
    hashes: dict[str, str | None] = {}
    stats: dict[str, list[int] | None] = {}
    for done, source in enumerate(sources, start=1):
        stats[source] = file_stat(corpus, source)
        old = old_files.get(source)
        if old and stats[source] is not None and old_stats.get(source) == stats[source]:
            hashes[source] = old.get("sha256")
        else:
            hashes[source] = fingerprint(corpus, source)
        if progress:
            progress("scanning", done, len(sources))
    return hashes, stats


def _build(corpus: Path, index: Path, found: list[str | Skipped], full: bool, procs: int, helper: Helper | None,
           progress: Progress | None, follow: bool = False, reading: Reading | None = None) -> IndexReport:
    from whoosh.filedb.filestore import FileStorage

    from search.index.schema import make_schema
    from search.index.segment_writer import commit, open_storage

    versions = expected_versions()
    previous = _previous(index, versions, full)
    old_files: dict[str, dict[str, Any]] = previous.meta["files"] if previous else {}
    parts = _parts(old_files)
    skipped = [item for item in found if isinstance(item, Skipped)]
    sources = [item for item in found if isinstance(item, str)]
    hashes, stats = _scan(corpus, sources, old_files, store.read_stats(previous.path) if previous else {}, progress)
    unchanged = [s for s in sources
                 if hashes[s] is not None and s in old_files and old_files[s].get("sha256") == hashes[s]]
    same = set(unchanged)
    counted = recurrence.recount(corpus, [s for s in sources if s not in same], unchanged,
                                 previous.path if previous else None, procs, follow, reading)
    unchanged = [s for s in unchanged if s not in counted.reparse]
    keep = set(unchanged)
    todo = [s for s in sources if s not in keep]
    held = _unlisted(found, parts)
    unseen = {h.source for h in held}
    removed = [s for s in old_files if file_of(s) not in hashes and file_of(s) not in unseen]

    store.prune(index)
    report = partial(IndexReport, unchanged=tuple(unchanged), full=previous is None)
    if previous and not todo and not removed and previous.meta.get("corpus") == str(corpus.resolve()):
        return report(indexed=(), removed=(), skipped=tuple(sorted(skipped, key=lambda s: s.source)),
                      paragraphs=0, published=False, kept=tuple(held))
    generation = store.new_generation(index)
    published = False
    kept: list[Skipped] = []
    try:
        if previous:
            store.link_copy(previous.path, generation)
            ix = open_storage(generation)
        else:
            ix = FileStorage(str(generation)).create_index(make_schema())
        writer = ix.writer()
        try:
            files = {p: old_files[p] for s in unchanged for p in parts[s]}
            segments: list[Segment] = []
            paragraphs = 0
            chunks = _index_all(generation, corpus, todo, procs, helper, progress, follow, counted.recurring, reading)
            unchanged_parts = [p for s in unchanged for p in parts[s]]
            for item in copies.recorded(_each_part(chain(held, _with_kept(chunks)), parts), generation,
                                        unchanged_parts, corpus):
                if isinstance(item, Chunk):
                    segments.extend(item.segments)
                    files.update(item.files)
                    skipped.extend(item.skipped)
                    paragraphs += item.paragraphs
            skipped.extend(held)
            for item in list(skipped):
                if item.source in old_files and item.keeps_previous:  # its last good version stays indexed
                    kept.append(item)
                    skipped.remove(item)
                    files.update((p, old_files[p]) for p in parts[item.source])
                elif item.source in old_files and item.source not in removed:
                    removed.extend(p for p in parts[item.source] if p not in removed)
            kept_sources = {k.source for k in kept}
            indexed = [s for s in todo if s in files and s not in kept_sources]
            for source in removed + [p for s in indexed for p in parts.get(s, ())]:
                writer.delete_by_term("source", source)
            if previous and not indexed and not removed:
                writer.cancel()
            else:
                if progress:
                    progress("writing", 0, 0)
                commit(writer, generation, segments)
                store.write_stats(generation, {s: stats[s] for s in files if stats.get(s) and s not in kept_sources})
                written = {file_of(part) for part in files}
                recurrence.write(generation, {s: counted.shapes[s] for s in written if s in counted.shapes})
                meta = dict(versions, files=files, corpus=str(corpus.resolve()))
                store.publish(index, generation, meta)
                published = True
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
    except safepickle.Refused as exc:  # in a posting block or stored fields the previous generation holds
        raise safepickle.refused(previous.path if previous else generation, exc) from None
    finally:
        if not published:
            store.discard(generation)
    return report(indexed=tuple(indexed), removed=tuple(removed),
                  skipped=tuple(sorted(skipped, key=lambda s: s.source)), paragraphs=paragraphs,
                  kept=tuple(kept), published=published,
                  townless=tuple(s for s in indexed if not files[s].get("town")))


def _with_kept(chunks: Iterable[Chunk]) -> Iterator[Chunk | Skipped]:
    """Each chunk, then the files of it skipped for a broken sidecar or a failed read: the
    copied-text record (`copies.recorded`) keeps what it had for those, as the index keeps their
    last good version."""
    for chunk in chunks:
        yield chunk
        yield from (item for item in chunk.skipped if item.keeps_previous)


def _parts(files: dict[str, Any]) -> dict[str, list[str]]:
    """The reports an index records of each file: the file itself, and a collection's later
    items (`search.sources`)."""
    parts: dict[str, list[str]] = {}
    for source in files:
        parts.setdefault(file_of(source), []).append(source)
    return parts


def _each_part(items: Iterable[object], parts: dict[str, list[str]]) -> Iterator[object]:
    """A file the build keeps as it was, as each of the reports indexed of it: the copied-text
    record is kept by report."""
    for item in items:
        if isinstance(item, Skipped) and item.keeps_previous and len(parts.get(item.source, ())) > 1:
            yield from (replace(item, source=p) for p in parts[item.source])
        else:
            yield item


def _unlisted(found: list[str | Skipped], files: Iterable[str]) -> list[Skipped]:
    """The indexed files of folders that could not be listed: unseen is not removed, so each
    keeps its last good version, as a file that could not be read does."""
    folders = [item.source for item in found if isinstance(item, Skipped) and item.unreadable
               and item.source.endswith("/")]
    held: list[Skipped] = []
    for source in sorted(files):
        folder = next((f for f in folders if source.startswith(f)), None)
        if folder is not None:
            held.append(Skipped(source, f"its folder {folder} could not be listed", unreadable=True))
    return held


def _previous(index: Path, versions: dict[str, int | str], full: bool) -> store.Generation | None:
    """The generation an update starts from; None (a full build) when there is none, or it is of
    another version, or its files are not those its manifest records (none of them is shared)."""
    if full:
        return None
    try:
        generation = store.current_generation(index)
        store.check_compatible(generation.meta, versions)
    except (IndexMissing, IndexIncompatible):
        return None
    if integrity.damaged_on_open(generation):
        return None
    from search.index.reader import check_pickles

    check_pickles(generation.path)
    return generation


def _add(builder: SegmentBuilder, parsed: Parsed) -> int:
    """One file's paragraphs into the segment being written: Whoosh fields and text-store rows."""
    from search.index.analyzers import bigrams
    from search.index.textstore import Row
    from search.vocabulary import FACET_FIELDS, HEADING_JOIN, NO_YEAR, NUMERIC_FACETS

    document = parsed.document
    for paragraph, norm, words in zip(document.paragraphs, parsed.norms, parsed.words, strict=True):
        values = {name: getattr(paragraph if hasattr(paragraph, name) else document, name) for name in FACET_FIELDS}
        for name in NUMERIC_FACETS:
            if values.get(name, NO_YEAR) is None:
                values[name] = NO_YEAR
        terms = {name: str(value) for name, value in values.items() if value not in (None, "", NO_YEAR)}
        stored = {"id": paragraph.id, "source": paragraph.source, "line": paragraph.line,
                  "heading": HEADING_JOIN.join(paragraph.heading), "text": paragraph.text, **terms}
        if paragraph.end_line is not None:
            stored["end_line"] = paragraph.end_line
        if 0 < paragraph.line <= len(document.page_of):
            stored["page"] = document.page_of[paragraph.line - 1]
        row = Row(norm, paragraph.source, paragraph.order, tuple(values[name] for name in FACET_FIELDS),
                  heading_only(paragraph.text, paragraph.heading))
        builder.add(row,
                    stored, dict(terms, id=paragraph.id, source=paragraph.source), words, bigrams(norm))
    return len(document.paragraphs)


def heading_only(text: str, heading: tuple[str, ...]) -> bool:
    """Whether a paragraph is just the heading it opens (no discussion after it), give or take
    the punctuation that ends it."""
    return bool(heading) and len(text.rstrip("。.,:：;；!！ ")) <= len(heading[-1]) and text.startswith(heading[-1])


def _file_meta(document: Document) -> dict[str, Any]:
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
        "format": document.format,
        "url": document.url,
        "pages": document.pages,
    }
