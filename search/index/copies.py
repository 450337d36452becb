"""Copied text at index time: each paragraph's two keys, and the table of keys in each generation.

Two notions, kept apart:

- **identical copy**: the same text after the documented normalisation (`normalize`: script
  folding, half-width forms, lower case) with whitespace left out. Only identical copies are
  folded in query results (`+N identical`).
- **near-copy** (a template reused): the same *masked* text, or one similar to it (see
  `NEAR_SIMILARITY`). Masking takes out what a town changes when it reuses another's paragraph:
  its own town name (泉溪镇 and 泉溪), every official place name the gazetteer knows
  (`search.ingest.places`: the town it was copied from, counties, cities), the characters 镇
  and 乡 (我镇 = 我乡), placeholders (XX镇, 某乡), Arabic digits and Chinese numerals
  (〇一二三四五六七八九十百千万亿两), and everything that is not a letter (punctuation, spaces).

Paragraphs whose masked text is shorter than MIN_KEY characters (headings, short lines) get no
key: they repeat across reports without being copied. Similarity is the Jaccard index of the
sets of SHINGLE-character shingles of two masked texts; each paragraph also records SKETCH of
its shingles (the ones with the smallest CRC-32), so that paragraphs likely to be similar are
found without comparing every pair; the build finds them once (`near_pairs`) and keeps them in
the table, since joining the sketches at every `dupes` call took seconds.

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
import heapq
import os
import re
import shutil
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from search.errors import SearchError
from search.index import near_pairs
from search.index.generations import COPIES, repair_hint
from search.lru import Lru
from search.models import CopiesOf, Document, Group, Listed, Member, Skipped
from search.normalize import normalize
from search.sources import file_of
from search.vocabulary import DIVISION_SUFFIXES

if TYPE_CHECKING:
    import sqlite3

__all__ = ["DB", "MIN_KEY", "NEAR_SIMILARITY", "DupesDamaged", "Group", "KeyRow", "Member", "Table", "copies_of",
           "document_keys", "identical_key", "identical_text", "jaccard", "key", "key_text", "keys_of", "load_groups",
           "places_named", "recorded", "recorded_sources", "shingles", "similar_pairs", "similarity"]

VERSION = 3
MIN_KEY = 20
SHINGLE = 5
SKETCH = 4
NEAR_SIMILARITY = 0.8
"""Jaccard of 5-character shingles of masked texts at or above which two paragraphs are
near-copies. Measured (README, "Who copied whom"): paragraphs of different templates stay below
0.5, a template reused with a clause added or changed lies at 0.8 or above."""
DB = COPIES
NUMERALS = "〇零一二三四五六七八九十百千万亿两"
DIVISION_CHARS = "".join(s for s in DIVISION_SUFFIXES if len(s) == 1)
PLACEHOLDERS = "x某"
"""What a template writes for the town a report fills in (XX镇, x乡, 某镇), after lower-casing."""
DROP = rf"[\d{NUMERALS}{DIVISION_CHARS}{PLACEHOLDERS}_\W]+"
SPACE = r"\s+"
KIND_COLUMNS = {"identical": "identical", "near": "near"}

KEY_INDEXES = (
    "DROP INDEX IF EXISTS keys_identical; DROP INDEX IF EXISTS keys_near; DROP INDEX IF EXISTS keys_by_near;"
    "CREATE INDEX IF NOT EXISTS keys_by_identical ON keys(identical, source, line);"
    "CREATE INDEX IF NOT EXISTS keys_near_by_source ON keys(near, source, line, identical);"
)
"""A key's rows in source order, read from the index alone: a page counts a template's thousands
of copies and lists the first few (near-copies skipping the identical ones as they go) without
touching the table or sorting. A table built before these indexes gets them at the next build
(the indexes it has still answer until then, more slowly)."""

KeyRow = tuple[int, str, str, str, tuple[int, ...]]
"""(line, identical key, near key, masked text, sketch) of one paragraph."""


@lru_cache(maxsize=2)
def _compiled(pattern: str) -> re.Pattern[str]:
    """Compiled on first use: queries that show no long paragraph never need it."""
    return re.compile(pattern)


class DupesDamaged(SearchError):
    """The copied-text table cannot be read; queries show copies unfolded, `dupes` says so."""


def identical_text(text: str) -> str:
    """What an identical copy shares: the normalised text without whitespace."""
    return _compiled(SPACE).sub("", normalize(text))


def identical_key(text: str) -> str:
    return _digest(identical_text(text))


@lru_cache(maxsize=4096)
def key_text(text: str, town: str | None) -> str:
    """What a near-copy shares: the text without its town, place names, suffixes, numbers and
    punctuation."""
    norm = normalize(text)
    if town:
        name = normalize(town)
        suffix = next((x for x in DIVISION_SUFFIXES if name.endswith(x) and len(name) > len(x) + 1), "")
        bare = name[: len(name) - len(suffix)]
        norm = norm.replace(name, "").replace(bare, "")
    return _compiled(DROP).sub("", _unplaced(norm))


def _unplaced(norm: str) -> str:
    """The text without the official place names it holds; the gazetteer is read only when a
    suffix character that ends one is present."""
    from search.ingest.places import place_names

    names = place_names()
    if not any(char in names.ends for char in norm):
        return norm
    pieces, start = [], 0
    for begin, end, _name in names.spans(norm):
        pieces.append(norm[start:begin])
        start = end
    return "".join(pieces) + norm[start:]


def key(text: str, town: str | None) -> str | None:
    """The paragraph's near-copy key, or None when it is too short to say it was copied."""
    kept = key_text(text, town)
    return _digest(kept) if len(kept) >= MIN_KEY else None


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


@lru_cache(maxsize=4096)
def shingles(masked: str) -> frozenset[str]:
    """The SHINGLE-character pieces of a masked text (the text itself when shorter)."""
    return frozenset(masked[i:i + SHINGLE] for i in range(max(len(masked) - SHINGLE + 1, 1)))


def similarity(a: str, b: str, town_a: str | None = None, town_b: str | None = None) -> float:
    """Jaccard of the shingles of two paragraphs' masked texts (1.0 for the same masked text)."""
    return jaccard(key_text(a, town_a), key_text(b, town_b))


def jaccard(masked_a: str, masked_b: str) -> float:
    """Jaccard of the shingles of two masked texts."""
    first, second = shingles(masked_a), shingles(masked_b)
    return len(first & second) / len(first | second) if first or second else 1.0


def _sketch(masked: str) -> tuple[int, ...]:
    """The SKETCH smallest CRC-32 values of the shingles: similar texts share most of them.
    Shingles are hashed as slices of one fixed-width encoding (four bytes a character)."""
    data, crc, width = masked.encode("utf-32-le"), zlib.crc32, 4 * SHINGLE
    values = {crc(data[i:i + width]) for i in range(0, 4 * max(len(masked) - SHINGLE + 1, 1), 4)}
    return tuple(heapq.nsmallest(SKETCH, values))


def places_named(text: str, also: frozenset[str] = frozenset()) -> list[str]:
    """Township names the text holds (official ones, and `also`, normalised, e.g. the towns an
    index holds), in order of first mention."""
    from search.ingest.places import place_names_with

    return place_names_with(also).towns_in(normalize(text))


def document_keys(document: Document) -> list[KeyRow]:
    """(line, identical key, near key, masked text, sketch) for every paragraph of a Document
    long enough. The masked text is kept so that `dupes` compares paragraphs without reading
    them from the index or loading the gazetteer again."""
    rows: list[KeyRow] = []
    for paragraph in document.paragraphs:
        masked = key_text(paragraph.text, paragraph.town or document.town)
        if len(masked) >= MIN_KEY:
            rows.append((paragraph.line, identical_key(paragraph.text), _digest(masked), masked, _sketch(masked)))
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
        before = dict(db.execute("SELECT crc, COUNT(*) FROM sketch GROUP BY crc").fetchall())
        listed = {row[0] for row in db.execute("SELECT source FROM files")}
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
        for table in ("keys", "sketch"):
            db.execute(f"DELETE FROM {table} WHERE source NOT IN (SELECT source FROM keep) AND source NOT IN "
                       "(SELECT source FROM files WHERE fresh = 1)")
        db.execute("DELETE FROM files WHERE source NOT IN (SELECT source FROM keep) AND fresh = 0")
        known = {row[0] for row in db.execute("SELECT source FROM files")}
        for source in sorted(keep - known - parsed):
            _store(db, source, _reread(corpus, source))
        now = {row[0] for row in db.execute("SELECT source FROM files")}
        changed = {row[0] for row in db.execute("SELECT source FROM files WHERE fresh = 1")} | (listed - now)
        if changed:
            _update_pairs(db, before, changed)
        db.execute("UPDATE files SET fresh = 0")
        db.commit()
    finally:
        db.close()
    os.replace(fresh, path)


def _update_pairs(db: sqlite3.Connection, before: dict[int, int], changed: set[str]) -> None:
    """Bring the table of near-copy pairs up to date with the keys this build stored."""
    sketches: dict[Member, list[int]] = {}
    for source, line, crc in db.execute("SELECT source, line, crc FROM sketch"):
        sketches.setdefault(Member(source, line), []).append(crc)
    keys = {Member(source, line): (near, masked)
            for source, line, near, masked in db.execute("SELECT source, line, near, masked FROM keys")}
    stored = [(Member(a, i), Member(b, j)) for a, i, b, j in db.execute("SELECT * FROM pairs")]

    def similar(first: Member, second: Member) -> bool:
        return jaccard(keys[first][1], keys[second][1]) >= NEAR_SIMILARITY

    change = near_pairs.update(stored, before, sketches, changed, {m: near for m, (near, _) in keys.items()}, similar)
    db.executemany("DELETE FROM pairs WHERE a_source = ? AND a_line = ? AND b_source = ? AND b_line = ?",
                   ((a.source, a.line, b.source, b.line) for a, b in change.removed))
    db.executemany("INSERT INTO pairs VALUES (?, ?, ?, ?)",
                   ((a.source, a.line, b.source, b.line) for a, b in change.added))


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
            "DROP TABLE IF EXISTS keys; DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS sketch;"
            "DROP TABLE IF EXISTS pairs;"
            "CREATE TABLE keys(source TEXT NOT NULL, line INTEGER NOT NULL, identical TEXT NOT NULL,"
            " near TEXT NOT NULL, masked TEXT NOT NULL);"
            "CREATE INDEX keys_source ON keys(source);"
            "CREATE TABLE sketch(source TEXT NOT NULL, line INTEGER NOT NULL, crc INTEGER NOT NULL);"
            "CREATE INDEX sketch_crc ON sketch(crc); CREATE INDEX sketch_source ON sketch(source);"
            "CREATE TABLE files(source TEXT PRIMARY KEY, fresh INTEGER NOT NULL);"
            "CREATE TABLE pairs(a_source TEXT NOT NULL, a_line INTEGER NOT NULL, b_source TEXT NOT NULL,"
            " b_line INTEGER NOT NULL);"
            "CREATE INDEX pairs_a ON pairs(a_source, a_line); CREATE INDEX pairs_b ON pairs(b_source);"
            f"PRAGMA user_version = {VERSION};")
    db.executescript(KEY_INDEXES)
    return db


def _store(db: sqlite3.Connection, source: str, rows: list[KeyRow]) -> None:
    db.execute("DELETE FROM keys WHERE source = ?", (source,))
    db.execute("DELETE FROM sketch WHERE source = ?", (source,))
    db.executemany("INSERT INTO keys VALUES (?, ?, ?, ?, ?)", ((source, line, same, near, masked)
                                                               for line, same, near, masked, _ in rows))
    db.executemany("INSERT INTO sketch VALUES (?, ?, ?)", ((source, line, crc)
                                                           for line, _, _, _, sketch in rows for crc in sketch))
    db.execute("INSERT OR REPLACE INTO files VALUES (?, 1)", (source,))


def _reread(corpus: Path, source: str) -> list[KeyRow]:
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


class Table:
    """A generation's table kept open by one reader, an open index: a page's lookups then share
    one connection instead of opening the file for each (eleven a page). One thread reads it at a
    time (the server lends an open index to one request at a time), not always the same one."""

    def __init__(self, generation: Path) -> None:
        self.generation = generation
        self._db: sqlite3.Connection | None = None

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, opened on first use. Missing or unreadable → DupesDamaged (and the
        connection is closed, to be opened again by the next read)."""
        import sqlite3

        if self._db is None:
            try:
                self._db = _open(self.generation)
            except (OSError, sqlite3.Error) as exc:
                reason = "missing" if isinstance(exc, FileNotFoundError) else str(exc)
                raise _damaged(self.generation, f"{DB} {reason}") from None
        try:
            yield self._db
        except sqlite3.Error as exc:
            self.close()
            raise _damaged(self.generation, str(exc)) from None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _damaged(generation: Path, reason: str) -> DupesDamaged:
    return DupesDamaged(f"the copied-text table of the index at {generation.parent.resolve()} is damaged "
                        f"({reason}); {_hint(generation)}")


@contextmanager
def _reader(source: Path | Table) -> Iterator[sqlite3.Connection]:
    """The DB of a generation, read-only, through the `Table` an open index keeps, or, given the
    generation's folder, a connection of its own: the file, or, when a build has since removed or
    replaced it, the copy a reader holds (read into memory). Missing or unreadable → DupesDamaged."""
    table = source if isinstance(source, Table) else Table(source)
    try:
        with table.reading() as db:
            yield db
    finally:
        if table is not source:
            table.close()


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
            db = sqlite3.connect(":memory:", check_same_thread=False)
            db.deserialize(os.pread(fd, os.fstat(fd).st_size, 0))
            return db
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, "missing", str(path))
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def _hint(generation: Path) -> str:
    from search.index.integrity import recorded_corpus

    return repair_hint(generation.parent, recorded_corpus(generation.parent))


def recorded_sources(generation: Path | Table) -> set[str]:
    """Files `generation` holds keys for."""
    with _reader(generation) as db:
        return {row[0] for row in db.execute("SELECT source FROM files")}


def load_groups(generation: Path | Table, keys: Iterable[str] | None = None, kind: str = "near") -> list[Group]:
    """Groups of `kind` (identical or near copies) shared by 2+ reports in `generation`; only
    those of `keys` when given (what a page of results needs, looked up through the DB's index)."""
    column = KIND_COLUMNS[kind]
    with _reader(generation) as db:
        rows = _all_shared(db, column) if keys is None else _of_keys(db, column, sorted(set(keys)))
    members: dict[str, list[Member]] = {}
    for found, source, line in rows:
        members.setdefault(found, []).append(Member(source, line))
    groups = (Group(k, tuple(v)) for k, v in members.items())
    return [group for group in groups if group.reports() > 1]  # a collection page's items are one file


def _all_shared(db: sqlite3.Connection, column: str) -> list[tuple[str, str, int]]:
    return db.execute(f"SELECT {column}, source, line FROM keys WHERE {column} IN (SELECT {column} FROM keys "
                      f"GROUP BY {column} HAVING COUNT(DISTINCT source) > 1) ORDER BY {column}, source, line"
                      ).fetchall()


def _of_keys(db: sqlite3.Connection, column: str, wanted: list[str]) -> list[tuple[str, str, int]]:
    """Rows of `wanted` keys, in chunks that stay under SQLite's limit on bound parameters."""
    rows: list[tuple[str, str, int]] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows += db.execute(f"SELECT {column}, source, line FROM keys WHERE {column} IN ({marks}) "
                           f"ORDER BY {column}, source, line", chunk).fetchall()
    return rows


def keys_of(generation: Path | Table, members: Iterable[Member]) -> dict[Member, dict[str, str]]:
    """The keys of each of `members` that has them, by kind: what a page of results looks up,
    so that a query never computes a key (nor reads the gazetteer masking needs)."""
    found: dict[Member, dict[str, str]] = {}
    with _reader(generation) as db:
        if db is None:
            return found
        for member in dict.fromkeys(members):
            row = db.execute("SELECT identical, near, masked FROM keys WHERE source = ? AND line = ?",
                             (member.source, member.line)).fetchone()
            if row:
                found[member] = {"identical": row[0], "near": row[1], "masked": row[2]}
    return found


OWN = ("source >= :own AND source < :own || '$' AND (source = :own OR (substr(source, length(:own) + 1, 1) = '#'"
       " AND ltrim(substr(source, length(:own) + 2), '0123456789') = ''))")
"""Rows of the file `own` and of its collection items, `own#2`, `own#3` (`sources.file_of`): one
range of the source index, the digits making it exact."""
ELSEWHERE = f"NOT ({OWN})"
Totals = Lru[tuple[str, ...], int]


def copies_of(generation: Path | Table, member: Member, keys: Mapping[str, str], cap: int,
              totals: Totals | None = None) -> CopiesOf:
    """The copies of `member` (whose keys are `keys`, from `keys_of`) in other files: the first
    `cap` of each kind in source order, and how many there are; what a page of results shows.
    `totals` keeps each key's count over every file, which does not change in a generation and
    is the costly part (a template paragraph has thousands of rows)."""
    identical, near = keys["identical"], keys["near"]
    given = {"own": file_of(member.source), "identical": identical, "near": near, "cap": cap}
    with _reader(generation) as db:
        same = _listed(db, "identical = :identical", ("identical", identical), given, totals)
        alike = _listed(db, "near = :near AND identical != :identical", ("near", near, identical), given, totals)
        templated = alike.total > 0 or _elsewhere(db, "near = :near", ("templated", near), given, totals) > 0
    return CopiesOf(same, alike, templated)


def _listed(db: sqlite3.Connection, where: str, memo: tuple[str, ...], given: Mapping[str, object],
            totals: Totals | None) -> Listed:
    total = _elsewhere(db, where, memo, given, totals)
    if not total:
        return Listed()
    rows = db.execute(f"SELECT source, line FROM keys WHERE {where} AND {ELSEWHERE} ORDER BY source, line LIMIT :cap",
                      given)
    return Listed(tuple(Member(source, line) for source, line in rows), total)


def _elsewhere(db: sqlite3.Connection, where: str, memo: tuple[str, ...], given: Mapping[str, object],
               totals: Totals | None) -> int:
    """Rows of `where` in files other than `own`: those of every file less the own file's."""
    every = totals.get(memo) if totals is not None else None
    if every is None:
        every = int(db.execute(f"SELECT COUNT(*) FROM keys WHERE {where}", given).fetchone()[0])
        if totals is not None:
            totals[memo] = every
    if not every:
        return 0
    own = db.execute(f"SELECT COUNT(*) FROM keys INDEXED BY keys_source WHERE {OWN} AND {where}", given)
    return every - int(own.fetchone()[0])


def similar_pairs(generation: Path | Table) -> list[tuple[Member, Member]]:
    """Pairs of paragraphs of different reports and different near keys that are near-copies
    by similarity (`NEAR_SIMILARITY`), as the build found them (`near_pairs`)."""
    with _reader(generation) as db:
        rows = db.execute("SELECT a_source, a_line, b_source, b_line FROM pairs ORDER BY 1, 2, 3, 4").fetchall()
    return [(Member(a, i), Member(b, j)) for a, i, b, j in rows]
