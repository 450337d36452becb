"""The Whoosh schema: one document per paragraph, and the versions an index must match."""

from __future__ import annotations

from whoosh.analysis import Analyzer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from search.analysis import ANALYZER_VERSION, LiteralTokenizer, PresplitTokenizer

SCHEMA_VERSION = 1
HEADING_JOIN = " › "
NO_YEAR = 0


def literal_analyzer() -> Analyzer:
    return LiteralTokenizer()


def words_analyzer() -> Analyzer:
    return PresplitTokenizer()


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        source=ID(stored=True, sortable=True),
        line=NUMERIC(stored=True),
        order=NUMERIC(sortable=True),
        town=ID(stored=True, sortable=True),
        year=NUMERIC(stored=True, sortable=True),
        section=ID(stored=True, sortable=True),
        heading=STORED(),
        text=STORED(),
        lit=TEXT(analyzer=literal_analyzer(), phrase=True),
        words=TEXT(analyzer=words_analyzer(), phrase=False),
    )


def analyzer_version() -> str:
    from search.normalize import version

    return f"{ANALYZER_VERSION}-{version()}"
