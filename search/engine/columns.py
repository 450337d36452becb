"""Per-paragraph work done in bulk: a result as arrays, and counting, scoring and ordering over them.

A one-character query matches half the paragraphs of 10,000 reports; counting its facets, scoring
it and ordering it one Python operation per paragraph took most of a page. Here a result is a
sorted array of paragraph numbers per leaf, turned into one once, and a leaf's columns are NumPy
arrays, copied once per opened leaf (copies, not views of the text store's memory map, so that
closing a generation never finds its map still exported). What holds for every leaf of an open
index together (facet values numbered once for all of them, each paragraph's place in document
order) is kept by its `Bulk`. The only module that speaks NumPy.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from search.index.reader import Leaf

Codes = npt.NDArray[np.uint32]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Docs = Ints
"""A leaf's paragraphs, ascending."""
Ranked = tuple[int, int, float]
"""(leaf number, document number, score)."""

ORDER_SHIFT = 32
"""A paragraph's place in document order is its file's rank by name, shifted by this, plus its order
in the file (a uint32 column)."""


@dataclass(frozen=True)
class _Arrays:
    codes: dict[str, Codes]
    """Each facet field's code per paragraph."""
    length: Ints
    """Each paragraph's length in characters (BM25's length norm)."""
    heading: npt.NDArray[np.bool_]
    """Whether each paragraph is only a heading."""
    file: Ints
    """Each paragraph's file, a number into the store's files."""


_arrays: WeakKeyDictionary[Leaf, _Arrays] = WeakKeyDictionary()
_lock = threading.Lock()


def _columns(leaf: Leaf) -> _Arrays:
    """The leaf's columns as arrays, made on first use and dropped with the leaf."""
    with _lock:
        found = _arrays.get(leaf)
        if found is None:
            store = leaf.store
            found = _arrays[leaf] = _Arrays({name: np.array(column, dtype=np.uint32) for name, column in
                                             store.codes.items()}, np.array(store.length, dtype=np.int64),
                                            np.array(store.heading_only, dtype=np.bool_),
                                            np.array(store.file, dtype=np.int64))
        return found


def docs(found: Collection[int]) -> Docs:
    """A leaf's paragraphs as the functions here take them."""
    array = np.fromiter(found, dtype=np.int64, count=len(found))
    array.sort()
    return array


def per_file(leaf: Leaf, found: Docs) -> list[tuple[int, int]]:
    """(file number, paragraphs) of each of the leaf's files holding some of `found`."""
    counts = np.bincount(_columns(leaf).file[found])
    files = np.flatnonzero(counts)
    return list(zip(files.tolist(), counts[files].tolist(), strict=True))


def without(every: Docs, some: Docs) -> Docs:
    """The paragraphs of `every` not in `some` (a subset of it)."""
    return every[~np.isin(every, some, assume_unique=True)]


def by_heading(leaf: Leaf, found: Docs) -> tuple[Docs, Docs]:
    """`found` split: the paragraphs that are more than a heading, and those that are only one."""
    heading = _columns(leaf).heading[found]
    return found[~heading], found[heading]


class Scores:
    """A leaf's matching paragraphs, ascending, and each one's score so far (BM25 adds to it)."""

    def __init__(self, found: Docs) -> None:
        self.docs = found
        self.values: Floats = np.zeros(len(found))

    def add(self, leaf: Leaf, chosen: Collection[int] | None, frequencies: Callable[[list[int]], Iterable[int]],
            weight: float, base: float, scale: float) -> None:
        """weight · f / (f + base + scale · length) added to each of `chosen` (all when None), f
        being what `frequencies` gives for them in the order given; the same arithmetic, in the
        same order, as one paragraph at a time."""
        where: slice | npt.NDArray[np.intp] = slice(None)
        if chosen is not None:
            where = np.searchsorted(self.docs, np.fromiter(chosen, dtype=np.int64, count=len(chosen)))
        picked = self.docs[where]
        found = np.fromiter(frequencies(picked.tolist()), dtype=np.int64, count=len(picked))
        length = _columns(leaf).length[picked]
        self.values[where] += weight * found / (found + base + scale * length)


class Bulk:
    """The leaves of an open index seen together: each facet field's values numbered once for all
    of them, so that a result's values are counted with one `bincount`; each paragraph's place in
    document order (file name, then order in the file), so that ties are broken over arrays."""

    def __init__(self, leaves: Sequence[Leaf], fields: Sequence[str]) -> None:
        self._leaves = list(leaves)
        self._fields = tuple(fields)

    @cached_property
    def _numbered(self) -> dict[str, tuple[list[object], list[Ints]]]:
        """For each field: a value per number (values with the same text share one, as do all
        empty ones), and each leaf's codes as those numbers."""
        numbered: dict[str, tuple[list[object], list[Ints]]] = {}
        for name in self._fields:
            every: list[object] = []
            number: dict[str, int] = {}
            maps: list[Ints] = []
            for leaf in self._leaves:
                local = []
                for value in leaf.store.values.get(name, ()):
                    label = str(value) if value else ""
                    if label not in number:
                        number[label] = len(every)
                        every.append(value)
                    local.append(number[label])
                maps.append(np.array(local, dtype=np.int64))
            numbered[name] = every, maps
        return numbered

    @cached_property
    def _texts(self) -> dict[str, tuple[Ints, npt.NDArray[np.bool_]]]:
        """For each field: each number's rank by its value's text, and whether it is the empty one."""
        ranks = {}
        for name, (every, _maps) in self._numbered.items():
            labels = [str(v) if v else "" for v in every]
            rank = np.empty(len(every), dtype=np.int64)
            rank[np.argsort(np.array(labels, dtype=object), kind="stable")] = np.arange(len(every))
            ranks[name] = rank, np.array([not v for v in every], dtype=np.bool_)
        return ranks

    def counted(self, found: Sequence[Docs]) -> dict[str, list[tuple[object, int]]]:
        """For each field, every value among `found` (one array per leaf) with its paragraphs: by
        count, most first, then by text; the empty value last."""
        result: dict[str, list[tuple[object, int]]] = {}
        for name, (every, maps) in self._numbered.items():
            columns = [_columns(leaf).codes.get(name) for leaf in self._leaves]
            numbers = [local[column[docs]] for local, column, docs in zip(maps, columns, found, strict=True)
                       if column is not None and len(docs)]
            counts = np.bincount(np.concatenate(numbers), minlength=len(every)) if numbers else np.zeros(0, np.int64)
            present = np.flatnonzero(counts)
            rank, empty = self._texts[name]
            present = present[np.lexsort((rank[present], -counts[present], empty[present]))]
            result[name] = [(every[i], n) for i, n in zip(present.tolist(), counts[present].tolist(), strict=True)]
        return result

    @cached_property
    def _order(self) -> list[Ints]:
        """Each leaf's paragraphs' places in document order."""
        names = sorted({source for leaf in self._leaves for source, _first, _count in leaf.store.files})
        rank = {name: number for number, name in enumerate(names)}
        places = []
        for leaf in self._leaves:
            store = leaf.store
            files = np.array([rank[source] for source, _first, _count in store.files], dtype=np.int64)
            file = _columns(leaf).file
            places.append((files[file] << ORDER_SHIFT) | np.array(store.order, dtype=np.int64))
        return places

    def best(self, scored: Sequence[Scores], tier: Sequence[Docs], want: int | None) -> list[Ranked]:
        """The tier's `want` best paragraphs (every one when None) by score, ties in document order.
        Chosen over arrays: a one-character query matches half the corpus, and only the few kept
        become Python values."""
        leaf_of, chosen, values = self._gathered(tier, [s.values[np.searchsorted(s.docs, d)]
                                                        for s, d in zip(scored, tier, strict=True)])
        if want is not None and len(values) > want:
            least = np.partition(values, len(values) - want)[len(values) - want]
            above = values >= least
            leaf_of, chosen, values = leaf_of[above], chosen[above], values[above]
        order = np.lexsort((self._places(leaf_of, chosen), -values))[:want]
        return list(zip(leaf_of[order].tolist(), chosen[order].tolist(), values[order].tolist(), strict=True))

    def in_order(self, found: Sequence[Docs], limit: int | None) -> list[Ranked]:
        """The first `limit` of `found` (every one when None) in document order, scored 0."""
        leaf_of, chosen, _values = self._gathered(found, [np.zeros(len(d)) for d in found])
        order = np.argsort(self._places(leaf_of, chosen), kind="stable")[:limit]
        return [(i, d, 0.0) for i, d in zip(leaf_of[order].tolist(), chosen[order].tolist(), strict=True)]

    @staticmethod
    def _gathered(found: Sequence[Docs], values: Sequence[Floats]) -> tuple[Ints, Docs, Floats]:
        """Every leaf's paragraphs and values in one array each, with each one's leaf number."""
        leaf_of = np.repeat(np.arange(len(found), dtype=np.int64), [len(d) for d in found])
        empty = np.zeros(0, np.int64)
        return leaf_of, np.concatenate([*found, empty]), np.concatenate([*values, np.zeros(0)])

    def _places(self, leaf_of: Ints, chosen: Docs) -> Ints:
        places = np.zeros(len(chosen), dtype=np.int64)
        for number, order in enumerate(self._order):
            mine = leaf_of == number
            places[mine] = order[chosen[mine]]
        return places
