"""A dataset as one SQLite file: tables with their indexes, and a provenance table.

SQLite because Datasette, R (DBI/RSQLite) and pandas (`read_sql`) all open it without a server.
The file is written beside its target under a temporary name and renamed over it, so a reader
never opens half an export and a failed one leaves the previous file as it was. This and
`search.index.copies` are the modules that speak SQLite.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from search.errors import SearchError
from search.research.export import Dataset, DataTable


def write_sqlite(data: Dataset, target: Path) -> None:
    scratch = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        scratch.unlink(missing_ok=True)
        with closing(sqlite3.connect(scratch)) as db:
            for table in data.tables:
                _write(db, table)
            db.execute("CREATE TABLE provenance (key TEXT PRIMARY KEY, value TEXT)")
            db.executemany("INSERT INTO provenance VALUES (?, ?)", data.provenance)
            db.commit()
        os.replace(scratch, target)
    except (OSError, sqlite3.Error) as exc:
        raise SearchError(f"cannot write {target}: {getattr(exc, 'strerror', None) or exc}") from None
    finally:
        scratch.unlink(missing_ok=True)


def _write(db: sqlite3.Connection, table: DataTable) -> None:
    columns = ", ".join(f"{_name(name)} {kind}" + (" PRIMARY KEY" if name == table.key else "")
                        for name, kind in table.columns)
    db.execute(f"CREATE TABLE {_name(table.name)} ({columns})")
    marks = ", ".join("?" for _ in table.columns)
    db.executemany(f"INSERT INTO {_name(table.name)} VALUES ({marks})", table.rows)
    for column in table.indexed:
        db.execute(f"CREATE INDEX {_name(f'{table.name}_{column}')} ON {_name(table.name)} ({_name(column)})")


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
