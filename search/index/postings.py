"""Reading a segment's postings straight from Whoosh's blocks: document numbers, no scoring.

A Whoosh matcher walks postings one call per document; literal matching only needs the numbers,
so this reads each block's id array whole (2-3 times faster). It relies on the block layout of
whoosh-reloaded's W3 codec, which is why that version is pinned exactly and tests compare this
reader with Whoosh's own matcher on every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh.reading import TermNotFound

from search.index.safepickle import Refused, refused
from search.lru import Lru

if TYPE_CHECKING:
    from whoosh.codec.whoosh3 import W3TermInfo
    from whoosh.reading import SegmentReader


FREQUENCY_CACHE = 4096
"""Terms whose document frequency a field remembers, the most recently used: a query's bigrams
are looked up several times each, a long-running process stays bounded."""


class Postings:
    """The terms and postings of one field in one Whoosh segment."""

    def __init__(self, segment_reader: SegmentReader, field: str, file: Path | None = None) -> None:
        self._terms = segment_reader._terms
        self._file = file or Path(segment_reader.segment().make_filename(".seg"))
        self._field = field
        self._format = segment_reader.schema[field].format
        self._frequencies: Lru[str, int] = Lru(FREQUENCY_CACHE)

    def _info(self, term: str) -> W3TermInfo | None:
        try:
            return self._terms.term_info(self._field, term.encode("utf-8"))
        except TermNotFound:
            return None
        except Refused as exc:  # an inlined posting list is a pickle
            raise refused(self._file, exc) from None

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and (self._field, term.encode("utf-8")) in self._terms

    def doc_frequency(self, term: str) -> int:
        """Documents holding `term`, deleted ones included (Whoosh keeps them until a merge)."""
        frequency = self._frequencies.get(term)
        if frequency is None:
            info = self._info(term)
            frequency = self._frequencies[term] = 0 if info is None else info.doc_frequency()
        return frequency

    def doc_ids(self, term: str) -> list[int]:
        """Document numbers holding `term`, ascending, deleted ones included."""
        return [docnum for docnum, _ in self._postings(term, weights=False)]

    def doc_counts(self, term: str) -> dict[int, int]:
        """Each document holding `term` with the term's frequency in it (its posting weight)."""
        return {docnum: int(weight) for docnum, weight in self._postings(term, weights=True)}

    def _postings(self, term: str, weights: bool) -> list[tuple[int, float]]:
        try:
            return self._read(term, weights)
        except Refused as exc:  # a block's header and its data are pickles
            raise refused(self._file, exc) from None

    def _read(self, term: str, weights: bool) -> list[tuple[int, float]]:
        info = self._info(term)
        if info is None:
            return []
        if info.is_inlined():
            ids, found, _ = info.inlined_postings()
            return list(zip(ids, found if weights else ids, strict=True))
        matcher = self._terms.matcher(self._field, term.encode("utf-8"), self._format)
        postings: list[tuple[int, float]] = []
        while True:
            matcher._read_ids()
            if weights:
                matcher._read_weights()
            postings.extend(zip(matcher._ids, matcher._weights if weights else matcher._ids, strict=True))
            if matcher._lastblock:
                return postings
            matcher._goto(matcher._nextoffset)

    def with_prefix(self, prefix: str) -> Iterator[str]:
        """Terms of this field that start with `prefix`, in order."""
        for field, raw in self._terms.terms_from(self._field, prefix.encode("utf-8")):
            term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if field != self._field or not term.startswith(prefix):
                return
            yield term
