"""Where an index lives on disk, and how it is swapped atomically.

An index directory holds generations (`gen-000001/`, each a Whoosh index plus `meta.json`), a
`CURRENT` file naming the live one, and a `LOCK` file for the single writer. A build writes a new
generation beside the live one and publishes it by atomically replacing `CURRENT`; a reader
resolves `CURRENT` once and reads that generation, so a crash at any moment leaves the previous
index intact and a query during a rebuild sees the old or the new index, never a mixture.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from search.errors import IndexBusy, IndexIncompatible, IndexMissing

CURRENT = "CURRENT"
LOCK = "LOCK"
META = "meta.json"
GEN_PREFIX = "gen-"
INDEX_ENV = "SEARCH_INDEX"
CORPUS_ENV = "SEARCH_CORPUS"
DEFAULT_INDEX = "index"
DEFAULT_CORPUS = "seeds"
REBUILD_HINT = "run `make index` (or `search index`) to rebuild it"


def index_dir(option: Path | None) -> Path:
    return option or Path(os.environ.get(INDEX_ENV) or DEFAULT_INDEX)


def corpus_dir(option: Path | None) -> Path:
    return option or Path(os.environ.get(CORPUS_ENV) or DEFAULT_CORPUS)


@dataclass(frozen=True)
class Generation:
    path: Path
    meta: dict


def current_generation(root: Path) -> Generation:
    """The live generation, or IndexMissing in one line that says how to build one."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
        meta = json.loads((root / name / META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        if isinstance(exc, OSError) and exc.errno not in (errno.ENOENT, errno.ENOTDIR):
            raise IndexMissing(f"cannot read the index at {root}: {exc.strerror}") from exc
        raise IndexMissing(f"no index at {root}; build one with `make index` or `search index`") from exc
    return Generation(root / name, meta)


def check_compatible(meta: dict, expected: dict) -> None:
    for key, value in expected.items():
        if meta.get(key) != value:
            raise IndexIncompatible(f"the index was built with a different {key}; {REBUILD_HINT}")


def new_generation(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name[len(GEN_PREFIX):].split(".")[0]) for p in root.glob(GEN_PREFIX + "*")
               if p.name[len(GEN_PREFIX):].split(".")[0].isdigit()]
    path = root / f"{GEN_PREFIX}{max(numbers, default=0) + 1:06d}"
    path.mkdir()
    return path


def link_copy(source: Path, target: Path) -> None:
    """Hard-link a generation's files: Whoosh never rewrites a file, so sharing them is safe."""
    for item in source.iterdir():
        if item.is_file() and item.name != META and not item.name.endswith("WRITELOCK"):
            try:
                os.link(item, target / item.name)
            except OSError:
                shutil.copy2(item, target / item.name)


def publish(root: Path, generation: Path, meta: dict) -> None:
    """Make `generation` live in one atomic rename; then drop generations nobody can be reading."""
    _write_atomic(generation / META, json.dumps(meta, ensure_ascii=False, sort_keys=True))
    _fsync_dir(generation)
    _write_atomic(root / CURRENT, generation.name + "\n")
    _fsync_dir(root)
    prune(root, keep={generation.name, _previous_name(root, generation.name)})


def _previous_name(root: Path, live: str) -> str:
    older = sorted(p.name for p in root.glob(GEN_PREFIX + "*") if p.name < live and (p / META).is_file())
    return older[-1] if older else ""


def prune(root: Path, keep: set[str]) -> None:
    """Remove generations that are neither kept nor live, including those a crash left behind."""
    try:
        live = (root / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        live = ""
    for path in root.glob(GEN_PREFIX + "*"):
        if path.name not in keep and path.name != live:
            shutil.rmtree(path, ignore_errors=True)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def writer_lock(root: Path, wait: float) -> Iterator[None]:
    """One writer per index; a second waits up to `wait` seconds, then gives up in one line."""
    root.mkdir(parents=True, exist_ok=True)
    handle = open(root / LOCK, "a+")
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"another `search index` is writing {root}; waited {wait:g} s, try again when it ends"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        handle.close()
