"""Copied text: paragraphs that appear near-identically in several reports.

Near-identical means the same key, where a paragraph's key is its normalised text (Simplified
script, half-width, lower case) with these removed: its own report's town name (泉溪镇 and
泉溪), the characters 镇 and 乡 (我镇 = 我乡), Arabic digits and Chinese numerals
(〇一二三四五六七八九十百千万亿两), and everything that is not a letter (punctuation, spaces).
Paragraphs whose key is shorter than MIN_KEY characters (headings, short lines) are never
grouped: they repeat across reports without being copied.

Keys are computed at index time by `recorded`, which the indexer wraps around its stream of
parsed files (its one hook). They live in an SQLite file in each generation (DB: a row per
keyed paragraph, indexed by key), so rows of unchanged files carry over to the next build and a
query looks up only the keys of the hits it shows.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from search.index import generations as store
from search.errors import SearchError
from search.normalize import normalize
from search.vocabulary import DIVISION_SUFFIXES

if TYPE_CHECKING:
    import sqlite3

    from search.research.tables import Table

VERSION = 1
MIN_KEY = 20
DB = "dupes.sqlite"
NUMERALS = "〇零一二三四五六七八九十百千万亿两"
DIVISION_CHARS = "".join(s for s in DIVISION_SUFFIXES if len(s) == 1)
DROP = rf"[\d{NUMERALS}{DIVISION_CHARS}_\W]+"


@lru_cache(maxsize=1)
def _drop() -> re.Pattern[str]:
    """Compiled on first use: queries that show no long paragraph never need it."""
    return re.compile(DROP)


class DupesDamaged(SearchError):
    """The copied-text table cannot be read; queries show copies unfolded, `dupes` says so."""


@dataclass(frozen=True)
class Member:
    source: str
    line: int


@dataclass(frozen=True)
class Group:
    key: str
    members: tuple[Member, ...]

    def reports(self) -> int:
        return len({m.source for m in self.members})


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


def document_keys(document: object) -> list[tuple[int, str]]:
    """(line, key) for every paragraph of a Document that has a key."""
    town = getattr(document, "town", None)
    rows: list[tuple[int, str]] = []
    for paragraph in getattr(document, "paragraphs"):
        found = key(paragraph.text, getattr(paragraph, "town", None) or town)
        if found:
            rows.append((paragraph.line, found))
    return rows


def recorded(items: Iterable[object], generation: Path, unchanged: Iterable[str], corpus: Path) -> Iterator[object]:
    """Pass parsed files through unchanged, recording their keys; when the stream ends, the
    generation's DB holds the keys of every parsed file and of every `unchanged` one.

    The previous generation's DB (hard-linked into this one) is copied, never changed in place;
    rows of files parsed again or gone are replaced or dropped. A file the indexer keeps as it
    was (skipped for a broken sidecar) keeps its rows. Items are parsed files (with a
    `document`), or batches that workers indexed themselves (with `files`, by source, and their
    `keys`); a file with no keys given is read from `corpus` again without segmenting, and so is
    an unchanged file without rows (an index from before, or keys of another VERSION)."""
    keep = set(unchanged)
    path = generation / DB
    fresh = generation / f".{DB}.{os.getpid()}.tmp"
    if path.exists():
        shutil.copyfile(path, fresh)
    db = _connect(fresh)
    try:
        for item in items:
            document = getattr(item, "document", None)
            if document is not None:
                _store(db, document.source, document_keys(document))
            elif getattr(item, "sidecar", False):
                keep.add(getattr(item, "source"))
            elif isinstance(getattr(item, "files", None), Mapping):
                known = getattr(item, "keys", None) or {}
                for source in getattr(item, "files"):
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
    from search.ingest.corpus import load
    from search.models import Skipped
    from search.ingest.document import build_document

    try:
        raw = load(corpus, source)
        return [] if isinstance(raw, Skipped) else document_keys(build_document(raw))
    except Exception:  # noqa: BLE001 - a file that cannot be read again simply has no keys
        return []


@contextmanager
def _reader(index: Path, generation: Path | None = None) -> Iterator[sqlite3.Connection | None]:
    """The DB of `generation` (a reader's own), else of the live one, read-only; None when it
    has none."""
    import sqlite3

    path = (generation or store.current_generation(index).path) / DB
    if not path.exists():
        yield None
        return
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield db
    except sqlite3.Error as exc:
        raise DupesDamaged(f"the copied-text table of the index at {index.resolve()} is damaged ({exc}); "
                           f"rebuild it with `search index --full --index {index.resolve()}`") from None
    finally:
        db.close()


def recorded_sources(index: Path) -> set[str]:
    """Files the live generation holds keys for."""
    with _reader(index) as db:
        return set() if db is None else {row[0] for row in db.execute("SELECT source FROM files")}


def load_groups(index: Path, keys: Iterable[str] | None = None, generation: Path | None = None) -> list[Group]:
    """Groups shared by 2+ reports in `generation` (default: the live one); only those of
    `keys` when given (what a page of results needs, looked up through the DB's index)."""
    with _reader(index, generation) as db:
        if db is None:
            return []
        if keys is None:
            rows = db.execute("SELECT key, source, line FROM keys WHERE key IN (SELECT key FROM keys GROUP BY key "
                              "HAVING COUNT(DISTINCT source) > 1) ORDER BY key, source, line").fetchall()
        else:
            wanted = sorted(set(keys))
            rows = []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows += db.execute(f"SELECT key, source, line FROM keys WHERE key IN ({marks}) "
                                   "ORDER BY key, source, line", chunk).fetchall()
    members: dict[str, list[Member]] = {}
    for found, source, line in rows:
        members.setdefault(found, []).append(Member(source, line))
    return [Group(k, tuple(v)) for k, v in members.items() if len({m.source for m in v}) > 1]


@dataclass(frozen=True)
class Collapsed:
    hit: object
    identical: tuple[Member, ...]


def collapse(hits: Iterable[object], groups: Iterable[Group]) -> list[Collapsed]:
    """Hits in order, each with the paragraphs of other reports identical to it; a later hit
    that is one of those copies is folded into the first (`+N identical in other reports`)."""
    group_of = {(m.source, m.line): g for g in groups for m in g.members}
    shown: list[Collapsed] = []
    folded: set[str] = set()
    for hit in hits:
        source = getattr(hit, "source")
        group = group_of.get((source, getattr(hit, "line")))
        if group is None:
            shown.append(Collapsed(hit, ()))
        elif group.key not in folded:
            folded.add(group.key)
            shown.append(Collapsed(hit, tuple(m for m in group.members if m.source != source)))
    return shown


def shared(groups: Iterable[Group], reports: Mapping[str, object], min_reports: int = 2,
           within: set[str] | None = None, same_town: bool = False) -> list[Group]:
    """Groups shared by `min_reports` reports or more, with a member in `within` (all if None),
    their members in date order (year, date, source: the earliest first), the widest first.

    Unless `same_town`, a group must span two towns or more: a town repeating its own text year
    after year is not a copy from another (a report with no town counts as a town of its own)."""
    chosen = []
    for group in groups:
        if group.reports() < min_reports or (within is not None and not any(m.source in within for m in group.members)):
            continue
        towns = {getattr(reports.get(m.source), "town", None) or m.source for m in group.members}
        if len(towns) < 2 and not same_town:
            continue
        chosen.append(Group(group.key, tuple(sorted(group.members, key=lambda m: _when(reports.get(m.source), m)))))
    return sorted(chosen, key=lambda g: (-g.reports(), _when(reports.get(g.members[0].source), g.members[0])))


def _when(report: object, member: Member) -> tuple[int, str, str, int]:
    return (getattr(report, "year", None) or 9999, getattr(report, "date", None) or "", member.source, member.line)


SHARED_COLUMNS = ("group", "reports", "order", "id", "source", "line", "town", "year", "date", "text")


def table(found: Sequence[tuple[Group, str]], reports: Mapping[str, object]) -> Table:
    """One row per member of each group, in date order within the group; `text` is the
    earliest member's paragraph, on its first row only."""
    from search.research.tables import Table

    rows = []
    for number, (group, text) in enumerate(found, start=1):
        for order, member in enumerate(group.members, start=1):
            report = reports.get(member.source)
            rows.append((number, group.reports(), order, f"{member.source}:{member.line}", member.source, member.line,
                         getattr(report, "town", None), getattr(report, "year", None), getattr(report, "date", None),
                         text if order == 1 else None))
    return Table(SHARED_COLUMNS, tuple(rows))
