"""Copied text at index time: each paragraph's key, and the table of keys in each generation.

Near-identical paragraphs share a key: a paragraph's key is its normalised text (Simplified
script, half-width, lower case) with these removed: its own report's town name (泉溪镇 and
泉溪), the characters 镇 and 乡 (我镇 = 我乡), Arabic digits and Chinese numerals
(〇一二三四五六七八九十百千万亿两), and everything that is not a letter (punctuation, spaces).
Paragraphs whose key is shorter than MIN_KEY characters (headings, short lines) get none: they
repeat across reports without being copied.

Keys are computed while indexing by `recorded`, which the build (`index.build`) wraps around
its stream of parsed files (its one hook). They live in an SQLite file in each generation (DB: a row per
keyed paragraph, indexed by key), so rows of unchanged files carry over to the next build and a
query looks up only the keys of the hits it shows. Readers name the generation they read
(`load_groups`, `recorded_sources`): the one they have open, never the live one resolved again,
which a build may have replaced since. A reader holds the table of the generation it opened
(`hold`), so that it still answers after later builds have pruned that generation. A table
that is missing or cannot be read is `DupesDamaged`, never an empty answer. This is the only
module that speaks SQLite; it imports sqlite3 when a table is opened, so a query that folds
nothing never loads it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from search.errors import SearchError
from search.index.generations import COPIES, repair_hint
from search.models import Document, Group, Member, Skipped
from search.normalize import normalize
from search.vocabulary import DIVISION_SUFFIXES

if TYPE_CHECKING:
    import sqlite3

__all__ = ["DB", "MIN_KEY", "DupesDamaged", "Group", "Member", "document_keys", "key", "key_text", "load_groups",
           "recorded", "recorded_sources"]

VERSION = 1
MIN_KEY = 20
DB = COPIES
NUMERALS = "〇零一二三四五六七八九十百千万亿两"
DIVISION_CHARS = "".join(s for s in DIVISION_SUFFIXES if len(s) == 1)
DROP = rf"[\d{NUMERALS}{DIVISION_CHARS}_\W]+"


@lru_cache(maxsize=1)
def _drop() -> re.Pattern[str]:
    """Compiled on first use: queries that show no long paragraph never need it."""
    return re.compile(DROP)


class DupesDamaged(SearchError):
    """The copied-text table cannot be read; queries show copies unfolded, `dupes` says so."""


def key_text(text: str, town: str | None) -> str:
    """What is compared: the text without its town, suffixes, numbers and punctuation."""
    norm = normalize(text)
    if town:
        name = normalize(town)
        suffix = next((x for x in DIVISION_SUFFIXES if name.endswith(x) and len(name) > len(x) + 1), "")
        bare = name[: len(name) - len(suffix)]
        norm = norm.replace(name, "").replace(bare, "")
    return _drop().sub("", norm)


def key(text: str, town: str | None) -> str | None:
    """The paragraph's duplicate key, or None when it is too short to say it was copied."""
    kept = key_text(text, town)
    if len(kept) < MIN_KEY:
        return None
    return hashlib.blake2b(kept.encode("utf-8"), digest_size=8).hexdigest()


def document_keys(document: Document) -> list[tuple[int, str]]:
    """(line, key) for every paragraph of a Document that has a key."""
    rows: list[tuple[int, str]] = []
    for paragraph in document.paragraphs:
        found = key(paragraph.text, paragraph.town or document.town)
        if found:
            rows.append((paragraph.line, found))
    return rows


def recorded(items: Iterable[object], generation: Path, unchanged: Iterable[str], corpus: Path) -> Iterator[object]:
    """Pass parsed files through unchanged, recording their keys; when the stream ends, the
    generation's DB holds the keys of every parsed file and of every `unchanged` one.

    The previous generation's DB (hard-linked into this one) is copied, never changed in place;
    rows of files parsed again or gone are replaced or dropped. A file the build keeps as it
    was (skipped for a broken sidecar or a failed read) keeps its rows. Items are parsed files (with a
    `document`), or batches that workers indexed themselves (with `files`, by source, and their
    `keys`); a file with no keys given is read from `corpus` again without segmenting, and so is
    an unchanged file without rows (an index from before, or keys of another VERSION)."""
    import sqlite3

    try:
        yield from _record(items, generation, set(unchanged), corpus)
    except sqlite3.Error as exc:  # a full disk, above all: as any other failed write of the build
        code = errno.ENOSPC if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc) else errno.EIO
        raise OSError(code, str(exc), str(generation / DB)) from None


def _record(items: Iterable[object], generation: Path, keep: set[str], corpus: Path) -> Iterator[object]:
    path = generation / DB
    fresh = generation / f".{DB}.{os.getpid()}.tmp"
    if path.exists():
        shutil.copyfile(path, fresh)
    db = _connect(fresh)
    try:
        for item in items:
            document, files = getattr(item, "document", None), getattr(item, "files", None)
            if isinstance(document, Document):
                _store(db, document.source, document_keys(document))
            elif isinstance(item, Skipped) and item.keeps_previous:
                keep.add(item.source)
            elif isinstance(files, Mapping):
                known = getattr(item, "keys", None) or {}
                for source in files:
                    _store(db, source, known[source] if source in known else _reread(corpus, source))
            yield item
        db.execute("CREATE TEMP TABLE keep(source TEXT PRIMARY KEY)")
        db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((s,) for s in keep))
        parsed = {row[0] for row in db.execute("SELECT source FROM files WHERE fresh = 1")}
        db.execute("DELETE FROM keys WHERE source NOT IN (SELECT source FROM keep) AND source NOT IN "
                   "(SELECT source FROM files WHERE fresh = 1)")
        db.execute("DELETE FROM files WHERE source NOT IN (SELECT source FROM keep) AND fresh = 0")
        known = {row[0] for row in db.execute("SELECT source FROM files")}
        for source in sorted(keep - known - parsed):
            _store(db, source, _reread(corpus, source))
        db.execute("UPDATE files SET fresh = 0")
        db.commit()
    finally:
        db.close()
    os.replace(fresh, path)


def _connect(path: Path) -> sqlite3.Connection:
    """The keys DB at `path`, emptied if it holds keys of another VERSION, started afresh if it
    is not a database (its files' keys are then read again)."""
    import sqlite3

    db = sqlite3.connect(path)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        db.close()
        path.unlink()
        db = sqlite3.connect(path)
        version = None
    if version != VERSION:
        db.executescript(
            "DROP TABLE IF EXISTS keys; DROP TABLE IF EXISTS files;"
            "CREATE TABLE keys(source TEXT NOT NULL, line INTEGER NOT NULL, key TEXT NOT NULL);"
            "CREATE INDEX keys_key ON keys(key); CREATE INDEX keys_source ON keys(source);"
            "CREATE TABLE files(source TEXT PRIMARY KEY, fresh INTEGER NOT NULL);"
            f"PRAGMA user_version = {VERSION};")
    return db


def _store(db: sqlite3.Connection, source: str, rows: list[tuple[int, str]]) -> None:
    db.execute("DELETE FROM keys WHERE source = ?", (source,))
    db.executemany("INSERT INTO keys VALUES (?, ?, ?)", ((source, line, k) for line, k in rows))
    db.execute("INSERT OR REPLACE INTO files VALUES (?, 1)", (source,))


def _reread(corpus: Path, source: str) -> list[tuple[int, str]]:
    from search.ingest import read_document

    document = read_document(corpus, source)
    return [] if isinstance(document, Skipped) else document_keys(document)


@dataclass(frozen=True, eq=False)
class Held:
    """A reader's hold on a generation's table: its open descriptor, or what is wrong with it."""

    fd: int | None
    damage: str | None = None


_held: dict[Path, list[Held]] = {}
"""The holds of readers of this process, by generation folder: what keeps a table readable once a
build has pruned its generation, and damage found when the generation was opened."""


def hold(generation: Path, damage: str | None = None) -> Held:
    """Keep `generation`'s table readable for as long as the caller reads it (until `release`);
    `damage` (from the generation's manifest) is reported instead of reading it."""
    fd = None
    if damage is None:
        try:
            fd = os.open(generation / DB, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            pass  # missing: reading it will say so
    held = Held(fd, damage)
    _held.setdefault(generation, []).append(held)
    return held


def release(generation: Path, held: Held) -> None:
    holds = _held.get(generation, [])
    if held in holds:
        holds.remove(held)
        if not holds:
            del _held[generation]
    if held.fd is not None:
        os.close(held.fd)


@contextmanager
def _reader(generation: Path) -> Iterator[sqlite3.Connection]:
    """The DB of `generation`, read-only: the file, or, when a build has since removed or
    replaced it, the copy a reader holds (read into memory). Missing or unreadable → DupesDamaged."""
    import sqlite3

    index = generation.parent.resolve()
    try:
        db = _open(generation)
    except (OSError, sqlite3.Error) as exc:
        reason = "missing" if isinstance(exc, FileNotFoundError) else str(exc)
        raise DupesDamaged(f"the copied-text table of the index at {index} is damaged ({DB} {reason}); "
                           f"{_hint(generation)}") from None
    try:
        yield db
    except sqlite3.Error as exc:
        raise DupesDamaged(f"the copied-text table of the index at {index} is damaged ({exc}); "
                           f"{_hint(generation)}") from None
    finally:
        db.close()


def _open(generation: Path) -> sqlite3.Connection:
    import sqlite3

    path = generation / DB
    holds = _held.get(generation)
    if holds and holds[-1].damage:
        raise sqlite3.DatabaseError(holds[-1].damage)
    if holds and holds[-1].fd is not None:
        fd = holds[-1].fd
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        if current is None or not os.path.samestat(current, os.fstat(fd)):
            db = sqlite3.connect(":memory:")
            db.deserialize(os.pread(fd, os.fstat(fd).st_size, 0))
            return db
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, "missing", str(path))
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _hint(generation: Path) -> str:
    from search.index.integrity import recorded_corpus

    return repair_hint(generation.parent, recorded_corpus(generation.parent))


def recorded_sources(generation: Path) -> set[str]:
    """Files `generation` holds keys for."""
    with _reader(generation) as db:
        return {row[0] for row in db.execute("SELECT source FROM files")}


def load_groups(generation: Path, keys: Iterable[str] | None = None) -> list[Group]:
    """Groups shared by 2+ reports in `generation`; only those of `keys` when given (what a
    page of results needs, looked up through the DB's index)."""
    with _reader(generation) as db:
        rows = _all_shared(db) if keys is None else _of_keys(db, sorted(set(keys)))
    members: dict[str, list[Member]] = {}
    for found, source, line in rows:
        members.setdefault(found, []).append(Member(source, line))
    return [Group(k, tuple(v)) for k, v in members.items() if len({m.source for m in v}) > 1]


def _all_shared(db: sqlite3.Connection) -> list[tuple[str, str, int]]:
    return db.execute("SELECT key, source, line FROM keys WHERE key IN (SELECT key FROM keys GROUP BY key "
                      "HAVING COUNT(DISTINCT source) > 1) ORDER BY key, source, line").fetchall()


def _of_keys(db: sqlite3.Connection, wanted: list[str]) -> list[tuple[str, str, int]]:
    """Rows of `wanted` keys, in chunks that stay under SQLite's limit on bound parameters."""
    rows: list[tuple[str, str, int]] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows += db.execute(f"SELECT key, source, line FROM keys WHERE key IN ({marks}) "
                           "ORDER BY key, source, line", chunk).fetchall()
    return rows
