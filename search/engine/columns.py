"""Per-paragraph work done in bulk: a leaf's columns as arrays, and counting and scoring over them.

A one-character query matches half the paragraphs of 10,000 reports; counting its facets and
scoring it one Python operation per paragraph took most of a page. Here the columns are NumPy
arrays, copied once per opened leaf (copies, not views of the text store's memory map, so that
closing a generation never finds its map still exported): a result's codes are counted with one
`bincount` per field, and BM25 is array arithmetic. The only module that speaks NumPy.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from search.index.reader import Leaf

Codes = npt.NDArray[np.uint32]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class _Arrays:
    codes: dict[str, Codes]
    """Each facet field's code per paragraph."""
    length: npt.NDArray[np.int64]
    """Each paragraph's length in characters (BM25's length norm)."""


_arrays: WeakKeyDictionary[Leaf, _Arrays] = WeakKeyDictionary()
_lock = threading.Lock()


def _columns(leaf: Leaf) -> _Arrays:
    """The leaf's columns as arrays, made on first use and dropped with the leaf."""
    with _lock:
        found = _arrays.get(leaf)
        if found is None:
            store = leaf.store
            found = _arrays[leaf] = _Arrays({name: np.array(column, dtype=np.uint32) for name, column in
                                             store.codes.items()}, np.array(store.length, dtype=np.int64))
        return found


def counted(leaf: Leaf, docs: Collection[int], fields: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """For each of `fields` the leaf holds, (code, paragraphs) of every code among `docs`."""
    columns = _columns(leaf).codes
    wanted = np.fromiter(docs, dtype=np.int64, count=len(docs))
    found: dict[str, list[tuple[int, int]]] = {}
    for name in fields:
        column = columns.get(name)
        if column is None:
            continue
        counts = np.bincount(column[wanted])
        codes = np.flatnonzero(counts)
        found[name] = list(zip(codes.tolist(), counts[codes].tolist(), strict=True))
    return found


class Scores:
    """A leaf's matching paragraphs, ascending, and each one's score so far (BM25 adds to it)."""

    def __init__(self, docs: Collection[int]) -> None:
        self.docs = np.fromiter(docs, dtype=np.int64, count=len(docs))
        self.docs.sort()
        self.values: Floats = np.zeros(len(self.docs))

    def add(self, leaf: Leaf, docs: Collection[int] | None, frequencies: Callable[[list[int]], Iterable[int]],
            weight: float, base: float, scale: float) -> None:
        """weight · f / (f + base + scale · length) added to each of `docs` (all when None), f
        being what `frequencies` gives for them in the order given; the same arithmetic, in the
        same order, as one paragraph at a time."""
        where: slice | npt.NDArray[np.intp] = slice(None)
        if docs is not None:
            where = np.searchsorted(self.docs, np.fromiter(docs, dtype=np.int64, count=len(docs)))
        chosen = self.docs[where]
        found = np.fromiter(frequencies(chosen.tolist()), dtype=np.int64, count=len(chosen))
        length = _columns(leaf).length[chosen]
        self.values[where] += weight * found / (found + base + scale * length)


def above_floor(scored: Sequence[Scores], tier: Sequence[Collection[int]],
                want: int | None) -> list[tuple[int, int, float]]:
    """(leaf number, paragraph, score) of the tier's paragraphs scoring at least its `want`-th
    best (every one when `want` is None), chosen over arrays: a one-character query matches half
    the corpus, and only the few above the floor become Python values."""
    found = []
    for scores, docs in zip(scored, tier, strict=True):
        wanted = np.fromiter(docs, dtype=np.int64, count=len(docs))
        found.append((wanted, scores.values[np.searchsorted(scores.docs, wanted)]))
    every = sum(len(docs) for docs, _ in found)
    if want is not None and every > want:
        values = np.concatenate([v for _, v in found])
        least = np.partition(values, every - want)[every - want]
        found = [(docs[kept >= least], kept[kept >= least]) for docs, kept in found]
    return [(i, d, v) for i, (docs, values) in enumerate(found)
            for d, v in zip(docs.tolist(), values.tolist(), strict=True)]
