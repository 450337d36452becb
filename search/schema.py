"""The Whoosh schema: one document per paragraph, and the versions an index must match.

`norm` is the paragraph's normalised text as a column, read whole by the searcher for literal
(Ctrl+F) matching and ranking; `year` and `order` are columns only, filtered and sorted in
memory, since Whoosh's numeric fields index a dozen terms per value. No field needs a custom analyzer, so opening an index imports
nothing of the project's but this schema's field types.
"""

from __future__ import annotations

from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, STORED, Schema

ANALYZER_VERSION = "5"
SCHEMA_VERSION = 10
HEADING_JOIN = " › "
NO_YEAR = 0


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        source=ID(stored=True, sortable=True),
        line=STORED(),
        order=COLUMN(NumericColumn("I")),
        town=ID(stored=True, sortable=True),
        year=COLUMN(NumericColumn("H")),
        section=ID(stored=True, sortable=True),
        county=ID(stored=True, sortable=True),
        city=ID(stored=True, sortable=True),
        province=ID(stored=True, sortable=True),
        kind=ID(stored=True, sortable=True),
        about_year=COLUMN(NumericColumn("H")),
        end_line=STORED(),
        heading=STORED(),
        heading_only=COLUMN(NumericColumn("B")),
        text=STORED(),
        norm=COLUMN(VarBytesColumn()),
    )


def analyzer_version() -> str:
    from search.normalize import version

    return f"{ANALYZER_VERSION}-{version()}"


def expected_versions() -> dict:
    """What an index must have been built with to be read by this code."""
    from search.segment import dictionary_hash

    return {"schema": SCHEMA_VERSION, "analyzer": analyzer_version(), "dictionary": dictionary_hash()}
