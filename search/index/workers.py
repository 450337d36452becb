"""The worker processes of a build: a pool for many files, an early helper for a few.

Loading jieba's dictionary takes half a second. An update of a few files would wait for it after
scanning the corpus; instead a helper process is forked as the build starts and loads jieba while
the build scans, then parses and writes those files when told. Every worker exits on its own
when the build process is gone (killed with -9, it cannot tell them) and quietly on Ctrl+C.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from search.errors import SearchError
from search.ingest import reporting_pages

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.queues import SimpleQueue

T = TypeVar("T")

ORPHAN_POLL = 0.1
PROGRESS_POLL = 0.1
READING_AFTER = 1.0
"""Seconds a file is read before its pages are told: most files are read long before."""
READING_EVERY = 0.2
"""Seconds between two tellings of one file's pages."""
DIED = ("a worker process died while indexing (out of memory?); "
        "nothing was changed, try again (or with fewer processes)")


def watch_parent(parent: int) -> None:
    """In a worker: exit as soon as the build process is gone (e.g. killed with -9).

    A pool worker otherwise waits for work forever once its parent dies, and keeps holding the
    writer lock it inherited, so the next `search index` could never start.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()
    signal.signal(signal.SIGINT, _interrupted)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _forking() -> Iterator[None]:
    """Ctrl+C held back while workers are forked: a child inherits the blocked signal and takes
    it only once `watch_parent` has put its own handler in place, so an interrupt arriving
    mid-fork ends the child quietly instead of with Python's KeyboardInterrupt traceback. The
    parent takes it as soon as the forks are done."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _interrupted(signum: int, frame: object) -> None:
    """In a worker: Ctrl+C (sent to the whole process group) ends it at once and quietly; the
    build process reports the interruption, and discards the unfinished generation."""
    os._exit(128 + signum)


Reading = Callable[[str, int, int], None]
"""Told how far the read of a slow file has come: its source, the pages read and its pages; then
(source, 0, 0) once the file is done."""
Told = int | tuple[str, int, int]
"""What a worker tells the build process: files done, or a `Reading`'s arguments."""

_tell: Callable[[Told], None] | None = None
"""In a worker: the way to the build process (the pool's queue, or the helper's pipe)."""


def _start_worker(parent: int, queue: SimpleQueue[Told]) -> None:
    global _tell
    _tell = queue.put
    watch_parent(parent)


def worker_progress(phase: str, done: int, total: int) -> None:
    """In a pool worker: tell the build process that one more file is done."""
    if _tell is not None:
        _tell(1)


def worker_reading(source: str, page: int, pages: int) -> None:
    """In a worker: tell the build process how far the read of a slow file has come."""
    if _tell is not None:
        _tell((source, page, pages))


def _heard(told: Told, reading: Reading | None) -> int:
    """The files done a worker told of; how far a read has come goes to `reading`."""
    if isinstance(told, int):
        return told
    if reading:
        reading(*told)
    return 0


class _SlowRead:
    """One file's pages, passed on to `reading` once the file has been read READING_AFTER
    seconds (a thousand-page PDF takes many), at most every READING_EVERY seconds; a file read
    quicker costs a clock reading a page."""

    def __init__(self, source: str, reading: Reading) -> None:
        self.source, self.reading = source, reading
        self.started = time.monotonic()
        self.told: float | None = None

    def __call__(self, page: int, pages: int) -> None:
        now = time.monotonic()
        if now - self.started < READING_AFTER:
            return
        if self.told is not None and now - self.told < READING_EVERY and page < pages:
            return
        self.told = now
        self.reading(self.source, page, pages)


@contextmanager
def reading_of(source: str, reading: Reading | None) -> Iterator[None]:
    """Within: the pages `source` is read to are told to `reading` if the read is slow, and the
    file's end once it is done."""
    if reading is None:
        yield
        return
    slow = _SlowRead(source, reading)
    with reporting_pages(slow):
        yield
    if slow.told is not None:
        reading(source, 0, 0)


def pool_run(function: Callable[..., T], procs: int, calls: Sequence[tuple[object, ...]],
             progress: Callable[[int], None] | None, reading: Reading | None = None) -> list[T]:
    """`function(*call)` for every call on up to `procs` worker processes, results in order;
    `progress(files)` as workers report files done (`worker_progress`), `reading` as they tell
    how far a slow read has come (`worker_reading`)."""
    context = multiprocessing.get_context("fork")
    queue = context.SimpleQueue()
    with ProcessPoolExecutor(max_workers=min(procs, len(calls)), mp_context=context, initializer=_start_worker,
                             initargs=(os.getpid(), queue)) as pool:
        try:
            with _forking():
                futures = [pool.submit(function, *call) for call in calls]
            done = 0
            pending = set(futures)
            while pending:
                _, pending = wait(pending, timeout=PROGRESS_POLL, return_when=FIRST_COMPLETED)
                while not queue.empty():
                    done += _heard(queue.get(), reading)
                if progress:
                    progress(done)
            return [future.result() for future in futures]
        except BrokenProcessPool:
            raise SearchError(DIED) from None


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


class _Told:
    """What the helper tells while it works, apart from its result on the same pipe."""

    def __init__(self, told: Told) -> None:
        self.told = told


def _serve(connection: Connection, parent: int) -> None:
    global _tell
    watch_parent(parent)

    def tell(told: Told) -> None:
        connection.send(_Told(told))

    _tell = tell
    from search.ingest.wordcut import warm_up

    warm_up()
    try:
        function, arguments = connection.recv()
    except EOFError:
        os._exit(0)
    try:
        result = function(*arguments)
    except BaseException as exc:  # noqa: BLE001 - handed back to the build, which raises it
        result = _Failed(exc)
    connection.send(result)
    os._exit(0)


class Helper:
    """One process, forked now, with jieba loaded by the time it is given work (once)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, os.getpid()), daemon=True)
        with _forking():
            self._process.start()
        child.close()

    def run(self, function: Callable[..., T], *arguments: object, reading: Reading | None = None) -> T:
        """`function(*arguments)` in the helper; `reading` as it tells how far a slow read has
        come (`worker_reading`)."""
        try:
            self._connection.send((function, arguments))
            result: T | _Failed | _Told = self._connection.recv()
            while isinstance(result, _Told):
                _heard(result.told, reading)
                result = self._connection.recv()
        except (EOFError, OSError):
            raise SearchError(DIED) from None
        if isinstance(result, _Failed):
            raise result.error
        return result

    def close(self) -> None:
        """End the helper, whether or not it was used."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._connection.close()
