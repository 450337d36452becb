"""The read side of a generation: the live one opened, and each Whoosh segment as a leaf.

Every stage of a query works on one leaf at a time with the leaf's own document numbers; only
ranking and facets combine leaves. Whoosh objects stay inside this package: a leaf hands the
engine document numbers, postings and the text store, never a Whoosh reader.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from search.errors import IndexDamaged, SearchError, UnsafeIndex
from search.index import copies, generations as store, integrity, safepickle
from search.index.postings import Postings
from search.index.safepickle import Refused
from search.index.textstore import TextStore
from search.lru import Lru

if TYPE_CHECKING:
    from whoosh.reading import SegmentReader

OPEN_RETRIES = 3
INDEX_NAME = "MAIN"

safepickle.install()
LITERAL_CACHE = 1024
"""Strings whose matching paragraphs (and counts of occurrences) a leaf remembers, the most
recently used: a query needs a few dozen at most; a long-running process stays bounded."""


@contextmanager
def open_generation(path: Path) -> Iterator[tuple[store.Generation, list[Leaf]]]:
    """The live generation of the index at `path` and its leaves, checked for compatibility and
    against its manifest (`integrity`); a build that publishes while this opens is retried.

    Damage is one line naming the damaged files and the repairing command, whether it shows when
    the files are opened or later, while a query reads them: an error a damaged file can cause is
    then followed by a full check of the generation, and reported as damage if that finds any. A
    pickle naming code outside the allow-list is one line naming its file (`safepickle`)."""
    from search.index.schema import expected_versions

    for attempt in range(OPEN_RETRIES):
        generation = store.current_generation(path)
        store.check_compatible(generation.meta, expected_versions(), path)
        try:
            derived = integrity.check_on_open(path, generation)
            leaves = _open_leaves(generation.path)
            break
        except Exception as exc:
            if store.live_name(path) != generation.path.name and attempt < OPEN_RETRIES - 1:
                continue  # a build published and pruned while this opened: open the new one
            damage = None if isinstance(exc, SearchError) else _damage(path, generation, exc, _open_symptoms())
            if damage is None:
                raise
            raise damage from exc
    table = copies.hold(generation.path, derived.get(store.COPIES))
    try:
        yield generation, leaves
    except _READ_SYMPTOMS as exc:
        damage = _damage(path, generation, exc, ())
        if damage is None:
            raise
        raise damage from exc
    finally:
        for leaf in leaves:
            leaf.close()
        copies.release(generation.path, table)


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


_READ_SYMPTOMS = (ValueError, IndexError, KeyError, EOFError, TypeError, OverflowError, struct.error,
                  pickle.UnpicklingError, zlib.error)
"""What damaged files make Whoosh, the unpickler or the text store raise while a query reads them."""


def _open_symptoms() -> tuple[type[BaseException], ...]:
    """What they raise when the generation is opened: those, and files that cannot be read at
    all, or that Whoosh does not recognise as an index."""
    from whoosh.index import IndexError as WhooshIndexError

    return (*_READ_SYMPTOMS, OSError, AttributeError, WhooshIndexError)


def _damage(path: Path, generation: store.Generation, exc: BaseException,
            symptoms: tuple[type[BaseException], ...]) -> IndexDamaged | None:
    """`IndexDamaged` naming the files a full check finds damaged; failing that, a generic
    damage line for an error that only damage explains (`symptoms`), else None: `exc` is a bug."""
    checked = integrity.verify(generation.path, generation.meta)
    corpus = generation.meta.get("corpus")
    corpus = corpus if isinstance(corpus, str) else None
    if checked.damaged:
        return integrity.damage_error(path, checked.generation, checked.damaged, corpus)
    if isinstance(exc, symptoms):
        return integrity.damage_error(path, checked.generation, [f"cannot be read: {exc}"], corpus)
    return None


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
        self.literal_cache: Lru[str, frozenset[int]] = Lru(LITERAL_CACHE)
        self.count_cache: Lru[str, dict[int, int]] = Lru(LITERAL_CACHE)
        self.apart_cache: Lru[tuple[str, ...], frozenset[int]] = Lru(LITERAL_CACHE)

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
