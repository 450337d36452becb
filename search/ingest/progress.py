"""How far the read of a long file has come, for whoever waits on it.

A reader that goes page by page calls `page_read` after each page: a PDF of a thousand pages
takes seconds to read, and a build that listens (`reporting_pages`) can show that it moves.
With nobody listening a page costs one context lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

PageListener = Callable[[int, int], None]
"""Called with the pages read so far and the pages the file has."""

_LISTENER: ContextVar[PageListener | None] = ContextVar("page_listener", default=None)


@contextmanager
def reporting_pages(listener: PageListener) -> Iterator[None]:
    """Files read within tell `listener` each page they have read."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def page_read(page: int, pages: int) -> None:
    """In a reader: `page` of the file's `pages` is read."""
    listener = _LISTENER.get()
    if listener is not None:
        listener(page, pages)
