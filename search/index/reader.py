"""One Whoosh segment as the query path sees it: its postings, its text store, its deletions.

Every stage of a query works on one leaf at a time with the leaf's own document numbers; only
ranking and facets combine leaves. Whoosh objects stay inside the engine modules.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from search.index.postings import Postings
from search.index.textstore import TextStore

if TYPE_CHECKING:
    from whoosh.reading import SegmentReader


class Leaf:
    def __init__(self, reader: SegmentReader, folder: Path) -> None:
        self.reader = reader
        self.store = TextStore(folder, reader.segment().segment_id())
        self.deleted: frozenset[int] = frozenset(reader.deleted_docs_set) if reader.has_deletions() else frozenset()
        self._postings: dict[str, Postings] = {}
        self.grams = self.postings("grams")
        self.words = self.postings("words")
        self.literal_cache: dict[str, frozenset[int]] = {}
        self.count_cache: dict[str, dict[int, int]] = {}

    @property
    def size(self) -> int:
        """Documents in the segment, deleted ones included: the range of its document numbers."""
        return self.store.count

    @cached_property
    def live(self) -> frozenset[int]:
        everything = frozenset(range(self.store.count))
        return everything - self.deleted if self.deleted else everything

    @cached_property
    def live_count(self) -> int:
        return self.store.count - len(self.deleted)

    @cached_property
    def live_chars(self) -> int:
        length = self.store.length
        return self.store.chars - sum(length[d] for d in self.deleted)

    def postings(self, field: str) -> Postings:
        found = self._postings.get(field)
        if found is None:
            found = self._postings[field] = Postings(self.reader, field)
        return found

    def term_docs(self, field: str, value: str) -> list[int]:
        """Documents whose exact-term field `field` is `value` (a facet or an id), deleted too."""
        return self.postings(field).doc_ids(value)

    def term_frequency(self, field: str, value: str) -> int:
        return self.postings(field).doc_frequency(value)

    def stored(self, docnum: int) -> dict[str, Any]:
        fields: dict[str, Any] = self.reader.stored_fields(docnum)
        return fields

    def close(self) -> None:
        self.store.close()
