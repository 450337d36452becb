"""Open indexes kept between requests, one request at a time each.

Opening the live generation for every request read and checked its record again (a tenth of a
search page's CPU at 10,000 reports) and threw away what the open index had learnt (the literal
matches of a term, the lexicon's words), so a query asked twice cost twice. The pool keeps a few
opened indexes of the live generation; a request takes an idle one or opens another, and gives
it back. An index is never shared by two requests at once (its caches are its own), and one of
a generation that is no longer live is closed instead of kept: a new `search index` is read on
the next request. An error while a request reads is passed to the index's own context, which
turns a damaged file into the one line naming the repair, and that index is closed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from search.engine.searcher import SearchIndex

IDLE = 4
"""Opened indexes kept idle at most (each holds its segments' caches)."""
BUSY = 2
"""Requests reading at once; the others wait their turn. Searching is CPU work, mostly under one
interpreter lock, so more at once only opened more indexes (cold caches, and memory) without
answering sooner: 20 clients for 30 s at 10,000 reports got 955-999 answers with two (p95 1.0 s,
0.9 GB) against 666-709 with four (p95 1.5-1.7 s, 1.5 GB), and took 3.6 GB with twenty. Two still
lets a quick page pass while a slow one reads."""


@dataclass(frozen=True, eq=False)
class _Open:
    stack: ExitStack
    idx: SearchIndex


class Pool:
    """The opened indexes of the index at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._idle: list[_Open] = []
        self._lock = threading.Lock()
        self._turns = threading.BoundedSemaphore(BUSY)

    @contextmanager
    def opened(self) -> Iterator[SearchIndex]:
        """An opened index of the live generation, for this request alone (waiting while BUSY
        others read)."""
        with self._turns:
            entry = self._take()
            try:
                yield entry.idx
            except BaseException as exc:
                entry.stack.__exit__(type(exc), exc, exc.__traceback__)
                raise
            self._give_back(entry)

    def _take(self) -> _Open:
        from search.engine.searcher import live_stamp, open_index

        live = live_stamp(self.path)
        with self._lock:
            stale = [e for e in self._idle if e.idx.stamp != live]
            self._idle = [e for e in self._idle if e.idx.stamp == live]
            entry = self._idle.pop() if self._idle else None
        for old in stale:
            old.stack.close()
        if entry is not None:
            return entry
        stack = ExitStack()
        try:
            idx = stack.enter_context(open_index(self.path))
        except BaseException:
            stack.close()
            raise
        return _Open(stack, idx)

    def _give_back(self, entry: _Open) -> None:
        from search.engine.searcher import live_stamp

        with self._lock:
            keep = entry.idx.stamp == live_stamp(self.path) and len(self._idle) < IDLE
            if keep:
                self._idle.append(entry)
        if not keep:
            entry.stack.close()

    def close(self) -> None:
        """Close every idle index (the app's shutdown)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for entry in idle:
            entry.stack.close()
