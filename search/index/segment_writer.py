"""Writing Whoosh segments together with their text stores, and the merge policy.

A segment is written whole by one process (a build's worker, or the build itself when serial):
documents go to a Whoosh segment writer that never touches the table of contents, and the rows
of the text store are collected alongside, in the same document order. Only the build process
publishes segments, by writing a new table of contents (`commit`).
"""

from __future__ import annotations

from array import array
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from search.index import safepickle, textstore
from search.vocabulary import FACET_FIELDS

if TYPE_CHECKING:
    from whoosh.codec.base import FieldWriter, Segment
    from whoosh.fields import FieldType
    from whoosh.index import FileIndex
    from whoosh.reading import SegmentReader
    from whoosh.writing import SegmentWriter

SEGMENT_LIMIT_MB = 64
SMALL_SEGMENT = 5_000
MAX_SMALL_SEGMENTS = 6
DELETED_SHARE = 0.5

safepickle.install()


def open_storage(generation: Path) -> FileIndex:
    """The generation's Whoosh index, with files read through the OS, never copied into memory."""
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(generation), supports_mmap=False).open_index()


class SegmentBuilder:
    """One new segment: stored fields through Whoosh's per-document writer, postings collected in
    compact per-term arrays and handed to Whoosh's block writer sorted, once, at the end.

    This skips Whoosh's analyzers and its external posting sort (pickled runs on disk), which
    cost most of a normal writer's time; the memory it takes instead is bounded by the chunk of
    files a builder is given (`build.CHUNK_FILES`)."""

    def __init__(self, generation: Path) -> None:
        from whoosh.codec import default_codec

        ix = open_storage(generation)
        self.generation = generation
        self._storage = ix.storage
        self._schema = ix.schema
        self._codec = default_codec()
        self._segment = self._codec.new_segment(self._storage, ix.indexname)
        self._perdoc = self._codec.per_document_writer(self._storage, self._segment)
        self._terms: dict[str, dict[str, array[int]]] = {}
        self._word_lengths = array("I")
        self.rows: list[textstore.Row] = []

    def add(self, row: textstore.Row, stored: dict[str, object], terms: dict[str, str],
            words: list[tuple[str, int]], grams: list[str]) -> None:
        """One paragraph: stored fields, one exact term per `terms` field, positioned words, and
        bigrams (with repeats: their counts are the frequencies)."""
        docnum = len(self.rows)
        perdoc = self._perdoc
        perdoc.start_doc(docnum)
        for name, value in stored.items():
            perdoc.add_field(name, None, value, 0)
        for name, value in terms.items():
            self._terms.setdefault(name, {}).setdefault(value, array("I")).append(docnum)
        perdoc.add_field("words", None, None, len(words))
        perdoc.finish_doc()
        self._word_lengths.append(len(words))
        positions: dict[str, list[int]] = {}
        for word, position in words:
            positions.setdefault(word, []).append(position)
        table = self._terms.setdefault("words", {})
        for word, found in positions.items():
            postings = table.get(word)
            if postings is None:
                postings = table[word] = array("I")
            postings.append(docnum)
            postings.append(len(found))
            postings.extend(found)
        table = self._terms.setdefault("grams", {})
        for gram, frequency in Counter(grams).items():
            postings = table.get(gram)
            if postings is None:
                postings = table[gram] = array("I")
            postings.append(docnum)
            postings.append(frequency)
        self.rows.append(row)

    def finish(self) -> Segment | None:
        """The finished segment (files written, not yet in any table of contents), or None if empty."""
        self._perdoc.close()
        if not self.rows:
            return None
        segment = self._segment
        segment.set_doc_count(len(self.rows))
        writer = self._codec.field_writer(self._storage, segment)
        for field in sorted(self._terms):
            _write_field(writer, field, self._schema[field], self._terms[field], self._word_lengths)
        writer.close()
        self._terms.clear()
        if segment.should_assemble():
            segment.create_compound_file(self._storage)
            segment.compound = True
        textstore.write(self.generation, segment.segment_id(), FACET_FIELDS, self.rows)
        return segment

    def cancel(self) -> None:
        if not self._perdoc.is_closed:
            self._perdoc.close()


def _write_field(writer: FieldWriter, field: str, fieldobj: FieldType, table: dict[str, array[int]],
                 lengths: array[int]) -> None:
    """One field's postings in term order; each posting of `table` is (docnum) for exact terms,
    (docnum, frequency) for bigrams, (docnum, count, positions…) for words."""
    from whoosh.system import emptybytes, pack_uint

    writer.start_field(field, fieldobj)
    for term in sorted(table):
        data = table[term]
        writer.start_term(term.encode("utf-8"))
        add = writer.add
        if field == "words":
            encode = fieldobj.format.encode
            i = 0
            while i < len(data):
                docnum, count = data[i], data[i + 1]
                add(docnum, float(count), encode(data[i + 2 : i + 2 + count].tolist()), lengths[docnum])
                i += 2 + count
        elif field == "grams":
            for i in range(0, len(data), 2):
                add(data[i], float(data[i + 1]), pack_uint(data[i + 1]), None)
        else:
            for docnum in data:
                add(docnum, 1.0, emptybytes, None)
        writer.finish_term()
    writer.finish_field()


class SegmentMerger:
    """A new segment made of the live documents of existing ones, postings copied by Whoosh."""

    def __init__(self, generation: Path) -> None:
        from whoosh.writing import SegmentWriter

        self.generation = generation
        self._writer = SegmentWriter(open_storage(generation), _lk=False, limitmb=SEGMENT_LIMIT_MB)
        self.rows: list[textstore.Row] = []

    def add_segment(self, reader: SegmentReader, store: textstore.TextStore) -> None:
        self._writer.add_reader(reader)
        deleted = reader.deleted_docs_set
        live = [d for d in range(store.count) if d not in deleted]
        self.rows.extend(store.rows(live, FACET_FIELDS))

    def finish(self) -> Segment | None:
        if not self.rows:
            self._writer._close_segment()
            return None
        segment = self._writer._finalize_segment()
        textstore.write(self.generation, segment.segment_id(), FACET_FIELDS, self.rows)
        return segment

    def cancel(self) -> None:
        self._writer._close_segment()


def to_merge(segments: list[Segment]) -> list[Segment]:
    """The merge policy: small segments once there are more than MAX_SMALL_SEGMENTS of them, and
    any segment that is mostly deleted paragraphs. Large segments from full builds stay as they
    are, so an update's cost follows the change, and the segment count stays bounded."""
    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT]
    chosen = small if len(small) > MAX_SMALL_SEGMENTS else []
    stale = [s for s in segments if s not in chosen and s.doc_count_all()
             and s.deleted_count() > DELETED_SHARE * s.doc_count_all()]
    chosen = chosen + stale
    return chosen if len(chosen) > 1 or stale else []


def commit(writer: SegmentWriter, generation: Path, added: list[Segment]) -> None:
    """Publish `added` with the writer's segments (where its deletions are marked) in a new table
    of contents, merging as `to_merge` says; the writer adds no documents of its own."""
    from whoosh.reading import SegmentReader

    segments = [s for s in writer.segments if s.doc_count()] + added
    merging = to_merge(segments)
    if merging:
        builder = SegmentMerger(generation)
        try:
            for segment in merging:
                reader = SegmentReader(writer.storage, writer.schema, segment)
                store = textstore.TextStore(generation, segment.segment_id())
                try:
                    builder.add_segment(reader, store)
                finally:
                    store.close()
                    reader.close()
            merged = builder.finish()
        except BaseException:
            builder.cancel()
            raise
        segments = [s for s in segments if s not in merging] + ([merged] if merged else [])
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()
