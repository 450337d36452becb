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
from pickle import UnpicklingError
from typing import TYPE_CHECKING, Any

from search.errors import SearchError, UnsafeIndex
from search.index import generations as store, safepickle
from search.index.postings import Postings
from search.index.safepickle import Refused
from search.index.textstore import TextStore

if TYPE_CHECKING:
    from whoosh.reading import SegmentReader

OPEN_RETRIES = 3
INDEX_NAME = "MAIN"

safepickle.install()


@contextmanager
def open_generation(path: Path) -> Iterator[tuple[store.Generation, list[Leaf]]]:
    """The live generation of the index at `path` and its leaves, checked for compatibility; a
    build that publishes while this opens is retried, a damaged one is one line, and a pickle
    naming code outside the allow-list is one line naming its file."""
    from whoosh.index import IndexError as WhooshIndexError

    from search.index.schema import expected_versions

    for attempt in range(OPEN_RETRIES):
        generation = store.current_generation(path)
        store.check_compatible(generation.meta, expected_versions(), path)
        try:
            leaves = _open_leaves(generation.path)
            break
        except FileNotFoundError:
            if attempt == OPEN_RETRIES - 1:
                raise SearchError(f"the index at {path} changed while opening it; try again") from None
        except (WhooshIndexError, EOFError, ValueError, OSError, UnpicklingError) as exc:
            raise SearchError(f"the index at {path.resolve()} is damaged ({exc}); {store.rebuild_hint(path)}") from exc
    try:
        yield generation, leaves
    finally:
        for leaf in leaves:
            leaf.close()


def _open_leaves(folder: Path) -> list[Leaf]:
    """One leaf per segment of the generation in `folder`, each segment opened on its own so that
    a refused pickle is named with the file that holds it."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC
    from whoosh.reading import SegmentReader

    storage = FileStorage(str(folder), supports_mmap=False)
    toc = folder / TOC._filename(INDEX_NAME, TOC._latest_generation(storage, INDEX_NAME))
    try:
        ix = storage.open_index(INDEX_NAME)
    except Refused as exc:
        raise safepickle.refused(toc, exc) from None
    leaves: list[Leaf] = []
    try:
        for segment in ix._segments():
            file = folder / segment.make_filename(segment.COMPOUND_EXT)
            try:
                leaves.append(Leaf(SegmentReader(storage, ix.schema, segment, generation=ix.latest_generation()),
                                   folder, file))
            except Refused as exc:
                raise safepickle.refused(file, exc) from None
    except BaseException:
        for leaf in leaves:
            leaf.close()
        raise
    return leaves


def check_pickles(folder: Path) -> None:
    """Open the table of contents and every segment of the generation in `folder`, as a query
    would, and close them: a pickle refused there is `UnsafeIndex` naming its file. Any other
    failure is left to the caller's own reading, which meets and reports it as it always did."""
    try:
        leaves = _open_leaves(folder)
    except UnsafeIndex:
        raise
    except Exception:  # noqa: BLE001 - damage is reported where the caller reads, not here
        return
    for leaf in leaves:
        leaf.close()


class Leaf:
    def __init__(self, reader: SegmentReader, folder: Path, file: Path) -> None:
        self.reader = reader
        self.file = file
        """The segment's file, named when one of its pickles is refused."""
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
            found = self._postings[field] = Postings(self.reader, field, self.file)
        return found

    def term_docs(self, field: str, value: str) -> list[int]:
        """Documents whose exact-term field `field` is `value` (a facet or an id), deleted too."""
        return self.postings(field).doc_ids(value)

    def term_frequency(self, field: str, value: str) -> int:
        return self.postings(field).doc_frequency(value)

    def stored(self, docnum: int) -> dict[str, Any]:
        try:
            fields: dict[str, Any] = self.reader.stored_fields(docnum)
        except Refused as exc:
            raise safepickle.refused(self.file, exc) from None
        return fields

    def close(self) -> None:
        self.store.close()
        self.reader.close()
