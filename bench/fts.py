"""SQLite peer: an FTS5 table with the trigram tokenizer over OpenCC-simplified lines.

One row per non-empty line: the simplified text (indexed), the original line, file, line number,
and the manifest's town and year (unindexed). A query is translated as its author would: every
term of three or more characters goes into one MATCH expression (trigram phrases, ranked by bm25);
shorter terms cannot be trigram-matched, so they become instr() conditions (a scan of every row;
`LIKE '%产业%'` is no way out: SQLite 3.40's trigram table answers a LIKE shorter than three
characters with no rows at all). Traditional
queries are converted with OpenCC t2s, like the text. This module is also the whole-process query
script (`python bench/fts.py DB QUERY`) and imports only sqlite3 and opencc at module level.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import opencc

if TYPE_CHECKING:
    from bench.common import BenchQuery

NAME = "sqlite"
LIMIT = 10
DB_NAME = "fts.db"
TRIGRAM = 3
SCHEMA = ("CREATE VIRTUAL TABLE lines USING fts5("
          "text, orig UNINDEXED, source UNINDEXED, line UNINDEXED, town UNINDEXED, year UNINDEXED, "
          "tokenize='trigram')")


def trigram_available() -> bool:
    with closing(sqlite3.connect(":memory:")) as db:
        try:
            db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
        except sqlite3.OperationalError:
            return False
    return True


def _rows(corpus: Path, source: str, meta: dict[str, tuple[str, int]], t2s: opencc.OpenCC) -> Iterator[tuple]:
    from bench.common import read_lines

    town, year = meta.get(source, ("", 0))
    for number, line in read_lines(corpus, source):
        yield t2s.convert(line), line, source, number, town, year


def build(corpus: Path, index: Path, procs: int) -> None:
    """One transaction of inserts; `procs` is not used."""
    from bench.common import corpus_sources, file_meta

    index.mkdir(parents=True, exist_ok=True)
    (index / DB_NAME).unlink(missing_ok=True)
    t2s, meta = opencc.OpenCC("t2s"), file_meta(corpus)
    with closing(sqlite3.connect(index / DB_NAME)) as db:
        db.execute(SCHEMA)
        with db:
            for source in corpus_sources(corpus):
                db.executemany("INSERT INTO lines VALUES (?, ?, ?, ?, ?, ?)", _rows(corpus, source, meta, t2s))


def update(corpus: Path, index: Path, changed: list[str], procs: int) -> None:
    """Delete the changed file's rows and insert them again, in one transaction."""
    from bench.common import file_meta

    t2s, meta = opencc.OpenCC("t2s"), file_meta(corpus)
    with closing(sqlite3.connect(index / DB_NAME)) as db, db:
        for source in changed:
            db.execute("DELETE FROM lines WHERE source = ?", (source,))
            if (corpus / source).is_file():
                db.executemany("INSERT INTO lines VALUES (?, ?, ?, ?, ?, ?)", _rows(corpus, source, meta, t2s))


def _clauses(text: str) -> list[tuple[bool, list[str]]]:
    """`a "b c" NOT d e OR f` as AND-ed clauses (negated?, alternatives); quotes keep spaces."""
    words: list[str] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
        elif text[i] == '"':
            end = text.find('"', i + 1)
            end = len(text) if end < 0 else end
            words.append("\0" + text[i + 1 : end])
            i = end + 1
        else:
            j = i
            while j < len(text) and not text[j].isspace():
                j += 1
            words.append(text[i:j])
            i = j
    clauses: list[tuple[bool, list[str]]] = []
    negate = join = False
    for word in words:
        if word in ("AND", "NOT", "OR"):
            negate, join = (word == "NOT") or negate, word == "OR"
            continue
        term = word.lstrip("\0")
        if join and clauses:
            clauses[-1][1].append(term)
        elif term:
            clauses.append((negate, [term]))
        negate = join = False
    return clauses


def compile_query(text: str, t2s: opencc.OpenCC) -> tuple[str | None, str, list[str]]:
    """(MATCH expression or None, extra SQL conditions, their parameters)."""
    positive: list[str] = []
    negative: list[str] = []
    sql: list[str] = []
    params: list[str] = []
    for negated, alternatives in _clauses(text):
        terms = [t2s.convert(t) for t in alternatives]
        if all(len(t) >= TRIGRAM for t in terms):
            expr = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
            (negative if negated else positive).append(f"({expr})")
        else:
            scans = " OR ".join("instr(text, ?) > 0" for _ in terms)
            sql.append(f"{'NOT ' if negated else ''}({scans})")
            params.extend(terms)
    if not positive and negative:  # FTS5 has no unary NOT: scan for those terms too
        for negated, alternatives in _clauses(text):
            terms = [t2s.convert(t) for t in alternatives]
            if negated and all(len(t) >= TRIGRAM for t in terms):
                sql.append("NOT (" + " OR ".join("instr(text, ?) > 0" for _ in terms) + ")")
                params.extend(terms)
        negative = []
    match = " AND ".join(positive) + "".join(f" NOT {n}" for n in negative) if positive else None
    return match, " AND ".join(sql), params


def search(db: sqlite3.Connection, t2s: opencc.OpenCC, text: str, towns: tuple[str, ...] = (),
           years: tuple[int, int] | None = None) -> tuple[int, str]:
    """Total hits and the printed page: file:line and FTS5's snippet per hit."""
    match, extra, params = compile_query(text, t2s)
    where: list[str] = []
    args: list[str | int] = []
    if match:
        where.append("lines MATCH ?")
        args.append(match)
    if extra:
        where.append(extra)
        args.extend(params)
    if towns:
        where.append(f"town IN ({', '.join('?' for _ in towns)})")
        args.extend(towns)
    if years:
        where.append("year BETWEEN ? AND ?")
        args.extend(years)
    clause = " WHERE " + " AND ".join(where) if where else ""
    shown = "snippet(lines, 0, '【', '】', '…', 24)" if match else "substr(text, 1, 80)"
    order = " ORDER BY rank" if match else ""
    rows = db.execute(f"SELECT source, line, {shown} FROM lines{clause}{order} LIMIT {LIMIT}", args).fetchall()
    total = db.execute(f"SELECT count(*) FROM lines{clause}", args).fetchone()[0]
    lines = [f"{source}:{line}\n  {fragment}" for source, line, fragment in rows]
    lines.append(f"{total} lines")
    return total, "\n".join(lines)


@contextmanager
def querier(index: Path) -> Iterator[Callable[[BenchQuery], tuple[int, str]]]:
    """Sections are unknown to this peer: a section filter is ignored."""
    t2s = opencc.OpenCC("t2s")
    with closing(sqlite3.connect(index / DB_NAME)) as db:
        yield lambda q: search(db, t2s, q.text, q.towns, q.years)


def main(argv: list[str]) -> int:
    path, text = argv
    with closing(sqlite3.connect(path)) as db:
        _, page = search(db, opencc.OpenCC("t2s"), text)
    sys.stdout.write(page + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
