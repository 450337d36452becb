"""A mapping that keeps only its most recently used entries.

The read side remembers what it looked up once per distinct query term (a leaf's literal matches
and counts, a field's document frequencies, the lexicon's words and splits): right for one
command, unbounded for a process that answers queries for days (the web app). Every such cache
is an `Lru` of a documented size; an entry evicted is only looked up again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Lru(Generic[K, V]):
    """At most `size` entries; reading or writing one makes it the last to go."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"an Lru holds at least one entry, not {size}")
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:  # the web app's threads share the caches kept across requests
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def __setitem__(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            if len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
