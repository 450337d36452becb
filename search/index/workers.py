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

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.queues import SimpleQueue

T = TypeVar("T")

ORPHAN_POLL = 0.1
PROGRESS_POLL = 0.1
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


_progress_queue: SimpleQueue[int] | None = None


def _start_worker(parent: int, queue: SimpleQueue[int]) -> None:
    global _progress_queue
    _progress_queue = queue
    watch_parent(parent)


def worker_progress(phase: str, done: int, total: int) -> None:
    """In a pool worker: tell the build process that one more file is done."""
    if _progress_queue is not None:
        _progress_queue.put(1)


def pool_run(function: Callable[..., T], procs: int, calls: Sequence[tuple[object, ...]],
             progress: Callable[[int], None] | None) -> list[T]:
    """`function(*call)` for every call on up to `procs` worker processes, results in order;
    `progress(files)` as workers report files done (`worker_progress`)."""
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
                    queue.get()
                    done += 1
                if progress:
                    progress(done)
            return [future.result() for future in futures]
        except BrokenProcessPool:
            raise SearchError(DIED) from None


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def _serve(connection: Connection, parent: int) -> None:
    watch_parent(parent)
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

    def run(self, function: Callable[..., T], *arguments: object) -> T:
        try:
            self._connection.send((function, arguments))
            result: T | _Failed = self._connection.recv()
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
