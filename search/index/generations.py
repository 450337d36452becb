"""Where an index lives on disk, and how it is swapped atomically.

An index directory holds generations (`gen-000001/`, each a Whoosh index plus `meta.json`), a
`CURRENT` file naming the live one, and a `LOCK` file for the single writer. A build writes a new
generation beside the live one and publishes it by atomically replacing `CURRENT`; a reader
resolves `CURRENT` once and reads that generation, so a crash at any moment leaves the previous
index intact and a query during a rebuild sees the old or the new index, never a mixture.

Besides the live generation the one before it is kept, so that a reader which resolved `CURRENT`
just before a publish can still open what it resolved; anything else (a generation a killed build
left half-written, a stray temporary file) is removed by the next build, under the lock.

Every file a generation holds is listed once, here, in GENERATION_FILES; the modules that write
them take their names from this table.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search.errors import IndexBusy, IndexDamaged, IndexIncompatible, IndexMissing, SearchError

CURRENT = "CURRENT"
LOCK = "LOCK"
META = "meta.json"
STATS = "stats.json"
SHAPES = "shapes.json"
GEN_PREFIX = "gen-"
GEN_NAME = re.compile(r"^gen-(\d{6,})$")
TMP_SUFFIX = ".tmp"
TEXTS = ".texts"
COLUMNS = ".cols"
HEADER = ".docs.json"
COPIES = "dupes.sqlite"
CHECKSUMS = "checksums.json"


@dataclass(frozen=True)
class GenerationFile:
    """One kind of file in a generation folder: its name (a glob for per-segment files), who
    writes it, and what it holds."""

    pattern: str
    writer: str
    holds: str
    pickle: bool = False
    """Whether the file holds Python pickles (Whoosh's own formats do)."""


GENERATION_FILES: tuple[GenerationFile, ...] = (
    GenerationFile(META, "index.build", "the build's record: versions, corpus, and each report's metadata and hash"),
    GenerationFile(STATS, "index.build", "size and time of each corpus file as last read, so an update skips the rest"),
    GenerationFile(SHAPES, "index.build", "each report's short margin lines as shapes, recounted across the corpus"),
    GenerationFile("_MAIN_*.toc", "Whoosh", "the table of contents: the schema and the list of segments", pickle=True),
    GenerationFile("MAIN_*.seg", "Whoosh", "one segment: term dictionary, postings and stored fields", pickle=True),
    GenerationFile("MAIN_*" + TEXTS, "index.textstore", "each paragraph's normalised text, NUL-terminated UTF-8"),
    GenerationFile("MAIN_*" + COLUMNS, "index.textstore", "per-paragraph columns: offsets, lengths, facet codes"),
    GenerationFile("MAIN_*" + HEADER, "index.textstore", "what the columns are and the facet values their codes name"),
    GenerationFile(COPIES, "index.copies", "the copied-text keys of every paragraph long enough to be copied (SQLite)"),
    GenerationFile("MAIN_WRITELOCK", "Whoosh", "Whoosh's writer lock, empty"),
    GenerationFile(CHECKSUMS, "index.integrity", "size and CRC-32 of every other file, written last at publish"),
)
INDEX_ENV = "SEARCH_INDEX"
CORPUS_ENV = "SEARCH_CORPUS"
DEFAULT_INDEX = "index"
DEFAULT_CORPUS = "seeds"
RESOLVE_RETRIES = 5
LOCK_POLL = 0.05


def build_command(root: Path, corpus: str | None = None) -> str:
    """The exact command that builds the index at `root`: `make index` for the default one,
    else `search index` with the index's absolute path (and its corpus, when known)."""
    if _is_default(root):
        return "`make index` (or `search index`)"
    command = f"search index --index {root.resolve()}"
    if corpus:
        command += f" --corpus {corpus}"
    return f"`{command}`"


def rebuild_hint(root: Path, meta: dict[str, Any] | None = None) -> str:
    corpus = meta.get("corpus") if isinstance(meta, dict) else None
    return f"run {build_command(root, corpus if isinstance(corpus, str) else None)} to rebuild it"


def repair_hint(root: Path, corpus: str | None = None) -> str:
    """The command that rebuilds a damaged index from its corpus without reading any of its files."""
    command = "search index --full" + ("" if _is_default(root) else f" --index {root.resolve()}")
    command += f" --corpus {corpus}" if corpus else ""
    return f"run `{command}` to rebuild it"


def _is_default(root: Path) -> bool:
    return root.resolve() == Path(DEFAULT_INDEX).resolve() and not os.environ.get(INDEX_ENV)


def index_dir(option: Path | None) -> Path:
    return option or Path(os.environ.get(INDEX_ENV) or DEFAULT_INDEX)


@dataclass(frozen=True)
class Generation:
    path: Path
    meta: dict[str, Any]


def current_generation(root: Path) -> Generation:
    """The live generation with its meta, resolved once.

    No index yet → IndexMissing, in one line that says how to build one. A `CURRENT` or meta.json
    that cannot be understood → IndexDamaged (rebuild it from the corpus). If the
    generation disappears between reading `CURRENT` and its meta (a build published a newer one
    and pruned), `CURRENT` is read again.
    """
    for _ in range(RESOLVE_RETRIES):
        name = _read_current(root)
        try:
            data = (root / name / META).read_bytes()
        except FileNotFoundError:
            if _read_current(root) != name:
                continue
            raise IndexDamaged(f"the index at {root.resolve()} is damaged ({CURRENT} names {name}, "
                               f"which has no {META}); {_repair(root)}") from None
        except OSError as exc:
            raise IndexMissing(f"cannot read the index at {root}: {exc.strerror or exc}") from exc
        try:
            meta = json.loads(data.decode("utf-8"))
        except ValueError:  # UnicodeDecodeError included
            meta = None
        if not isinstance(meta, dict) or not isinstance(meta.get("files"), dict):
            raise IndexDamaged(f"the index at {root.resolve()} is damaged ({name}/{META} is not valid); "
                               f"{_repair(root)}")
        return Generation(root / name, meta)
    raise SearchError(f"the index at {root} kept changing while opening it; try again")


def _read_current(root: Path) -> str:
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise IndexMissing(f"no index at {root.resolve()}; build one with {build_command(root)}") from None
        raise IndexMissing(f"cannot read the index at {root}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        name = ""
    if not GEN_NAME.match(name):
        raise IndexDamaged(f"the index at {root.resolve()} is damaged ({CURRENT} does not name a generation); "
                           f"{_repair(root)}")
    return name


def _repair(root: Path) -> str:
    """The repair hint when the live generation cannot say its corpus: the newest manifest does."""
    from search.index.integrity import recorded_corpus

    return repair_hint(root, recorded_corpus(root))


def check_compatible(meta: dict[str, Any], expected: dict[str, Any], root: Path | None = None) -> None:
    for key, value in expected.items():
        if meta.get(key) != value:
            where = f"the index at {root.resolve()}" if root else "the index"
            raise IndexIncompatible(f"{where} was built with a different {key}; "
                                    f"{rebuild_hint(root, meta) if root else 'rebuild it with `search index`'}")


def generations(root: Path) -> list[str]:
    """Names of the generation directories under `root`, oldest first."""
    try:
        names = [p.name for p in root.iterdir() if GEN_NAME.match(p.name)]
    except OSError:
        return []
    return sorted(names, key=_number)


def _number(name: str) -> int:
    match = GEN_NAME.match(name)
    return int(match.group(1)) if match else 0


def new_generation(root: Path) -> Path:
    """A new, empty generation directory numbered after every existing one."""
    root.mkdir(parents=True, exist_ok=True)
    number = max((_number(n) for n in generations(root)), default=0) + 1
    path = root / f"{GEN_PREFIX}{number:06d}"
    path.mkdir()
    return path


def link_copy(source: Path, target: Path) -> None:
    """Hard-link a generation's files: Whoosh never rewrites a file, so sharing them is safe.

    Whoosh creates segments under fresh random names, writes its table of contents to a
    temporary name and renames it, and deletes what it no longer needs; all of these change
    the new generation's directory entries only, never a shared inode.
    """
    for item in source.iterdir():
        if item.is_file() and item.name != META and not item.name.endswith("WRITELOCK"):
            try:
                os.link(item, target / item.name)
            except OSError:
                shutil.copy2(item, target / item.name)


def publish(root: Path, generation: Path, meta: dict[str, Any]) -> None:
    """Make `generation` live in one atomic rename; then drop generations nobody can be reading.

    Everything in the generation is flushed to disk before `CURRENT` names it, so even a power
    cut leaves `CURRENT` pointing at a complete generation.
    """
    from search.index import integrity

    meta = dict(meta, checksums=CHECKSUMS)
    live = live_name(root)
    _write_atomic(generation / META, json.dumps(meta, ensure_ascii=False, sort_keys=True))
    corpus = meta.get("corpus")
    _write_atomic(generation / CHECKSUMS, integrity.manifest(generation, root / live if live else None,
                                                             corpus if isinstance(corpus, str) else None))
    _fsync_tree(generation)
    _write_atomic(root / CURRENT, generation.name + "\n")
    _fsync_dir(root)
    prune(root)


def live_meta(root: Path) -> dict[str, Any] | None:
    """The live generation's meta, whatever version built it; None if there is no readable one."""
    try:
        return current_generation(root).meta
    except SearchError:
        return None


def rollback(root: Path, expected: dict[str, Any]) -> tuple[str, str]:
    """Make the complete generation before the live one live again (under the writer lock)."""
    live = live_name(root)
    previous = previous_name(root, live) if live else ""
    if not previous:
        raise SearchError(f"no previous generation to roll back to in {root.resolve()}")
    try:
        meta = json.loads((root / previous / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = None
    if not isinstance(meta, dict):
        raise IndexIncompatible(f"the previous generation {previous} in {root.resolve()} is damaged; "
                                "it cannot be made live")
    check_compatible(meta, expected, root)
    _refuse_damaged(root, Generation(root / previous, meta))
    _write_atomic(root / CURRENT, previous + "\n")
    _fsync_dir(root)
    return live, previous


def _refuse_damaged(root: Path, generation: Generation) -> None:
    """A rollback onto damaged files (often the live generation's own, shared by hard link)
    would only make the damage live again: every checksum is compared first."""
    from search.index import integrity

    damaged = integrity.verify(generation.path, generation.meta).damaged
    if damaged:
        corpus = generation.meta.get("corpus")
        raise integrity.damage_error(root, generation.path.name, damaged, corpus if isinstance(corpus, str) else None)


def live_name(root: Path) -> str:
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return name if GEN_NAME.match(name) else ""


def previous_name(root: Path, live: str) -> str:
    older = [n for n in generations(root) if _number(n) < _number(live) and (root / n / META).is_file()]
    return older[-1] if older else ""


def prune(root: Path) -> None:
    """Keep the live generation and the complete one before it; remove everything else.

    Called by the writer only, under the lock: what it removes are generations older than the
    previous one, generations a killed build left unfinished, and temporary files of a killed
    publish.
    """
    live = live_name(root)
    keep = {live, previous_name(root, live)} if live else set()
    for name in generations(root):
        if name not in keep:
            shutil.rmtree(root / name, ignore_errors=True)
    for path in root.glob(f".*{TMP_SUFFIX}"):
        try:
            path.unlink()
        except OSError:
            pass


def discard(generation: Path) -> None:
    """Remove a generation that was never published (a build that failed)."""
    shutil.rmtree(generation, ignore_errors=True)


def _write_atomic(path: Path, text: str) -> None:
    """`text` into `path` whole or not at all; a write that fails (a full disk) leaves nothing."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_tree(path: Path) -> None:
    for folder, _dirs, files in os.walk(path):
        for name in files:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(folder))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def writer_lock(root: Path, wait: float) -> Iterator[None]:
    """One writer per index; a second waits up to `wait` seconds, then gives up in one line.

    The lock is an advisory `flock` on `LOCK`: the kernel drops it when its holder exits, however
    it exits, so a killed build never leaves the index locked.
    """
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle = open(root / LOCK, "a+")
    except OSError as exc:
        raise SearchError(f"cannot write the index at {root}: {exc.strerror or exc}") from None
    deadline = time.monotonic() + max(wait, 0.0)
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
                time.sleep(LOCK_POLL)
        yield
    finally:
        handle.close()


def read_stats(generation: Path) -> dict[str, Any]:
    """What the build that wrote `generation` saw of each corpus file (`build.file_stat`);
    empty when unknown. Kept apart from meta.json, which every query reads."""
    try:
        found = json.loads((generation / STATS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def write_file(path: Path, text: str) -> None:
    """A project file of a generation, replaced whole: it may be a hard link into the live one."""
    _write_atomic(path, text)


def write_stats(generation: Path, stats: dict[str, Any]) -> None:
    """Replaced, never written in place: the file may be a hard link into the live generation."""
    _write_atomic(generation / STATS, json.dumps(stats, separators=(",", ":")))
