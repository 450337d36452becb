"""The read side of a generation: the live one opened, and each Whoosh segment as a leaf.

Every stage of a query works on one leaf at a time with the leaf's own document numbers; only
ranking and facets combine leaves. Whoosh objects stay inside this package: a leaf hands the
engine document numbers, postings and the text store, never a Whoosh reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from search.errors import SearchError
from search.index import generations as store
from search.index.postings import Postings
from search.index.textstore import TextStore
from search.lru import Lru

if TYPE_CHECKING:
    from whoosh.reading import IndexReader, SegmentReader

OPEN_RETRIES = 3
LITERAL_CACHE = 256
"""Strings whose matching paragraphs (and counts of occurrences) a leaf remembers, the most
recently used: a query needs a few dozen at most; a long-running process stays bounded."""


@contextmanager
def open_generation(path: Path) -> Iterator[tuple[store.Generation, list[Leaf]]]:
    """The live generation of the index at `path` and its leaves, checked for compatibility; a
    build that publishes while this opens is retried, a damaged one is one line."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import IndexError as WhooshIndexError

    from search.index.schema import expected_versions

    for attempt in range(OPEN_RETRIES):
        generation = store.current_generation(path)
        store.check_compatible(generation.meta, expected_versions(), path)
        reader: IndexReader | None = None
        try:
            reader = FileStorage(str(generation.path), supports_mmap=False).open_index().reader()
            leaves = [Leaf(leaf, generation.path) for leaf, _ in reader.leaf_readers() if hasattr(leaf, "segment")]
            break
        except FileNotFoundError:
            if reader is not None:
                reader.close()
            if attempt == OPEN_RETRIES - 1:
                raise SearchError(f"the index at {path} changed while opening it; try again") from None
        except (WhooshIndexError, EOFError, ValueError, OSError) as exc:
            if reader is not None:
                reader.close()
            raise SearchError(f"the index at {path.resolve()} is damaged ({exc}); {store.rebuild_hint(path)}") from exc
    assert reader is not None  # the loop either broke with a reader or raised
    try:
        yield generation, leaves
    finally:
        for leaf in leaves:
            leaf.close()
        reader.close()


class Leaf:
    def __init__(self, reader: SegmentReader, folder: Path) -> None:
        self.reader = reader
        self.store = TextStore(folder, reader.segment().segment_id())
        self.deleted: frozenset[int] = frozenset(reader.deleted_docs_set) if reader.has_deletions() else frozenset()
        self._postings: dict[str, Postings] = {}
        self.grams = self.postings("grams")
        self.words = self.postings("words")
        self.literal_cache: Lru[str, frozenset[int]] = Lru(LITERAL_CACHE)
        self.count_cache: Lru[str, dict[int, int]] = Lru(LITERAL_CACHE)

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
