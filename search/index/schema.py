"""The Whoosh schema: one document per paragraph, and the versions an index must match.

`words` holds jieba's words with ordinal positions (phrase queries work for a Whoosh user) and is
the query side's dictionary; `grams` holds character bigrams, frequencies only, and generates the
candidates of literal matching. Each facet field is indexed as one exact term (a filter is a
posting lookup) and stored; normalised texts and per-paragraph columns live beside each segment
(`search.index.textstore`), not in Whoosh.
"""

from __future__ import annotations

from whoosh.fields import ID, STORED, FieldType, Schema
from whoosh.formats import Frequency

from search.index.analyzers import BigramTokenizer, WordsField, WordTokenizer
from search.vocabulary import FACET_FIELDS

ANALYZER_VERSION = "7"
SCHEMA_VERSION = 12


def make_schema() -> Schema:
    fields: dict[str, FieldType] = {
        "id": ID(stored=True, unique=True),
        "source": ID(stored=True),
        "line": STORED(),
        "heading": STORED(),
        "end_line": STORED(),
        "page": STORED(),
        "text": STORED(),
        "words": WordsField(analyzer=WordTokenizer(), phrase=True),
        "grams": FieldType(format=Frequency(), analyzer=BigramTokenizer()),
    }
    for name in FACET_FIELDS:
        fields[name] = ID(stored=True)
    return Schema(**fields)


def analyzer_version() -> str:
    from search.normalize import version

    return f"{ANALYZER_VERSION}-{version()}"


def expected_versions() -> dict[str, int | str]:
    """What an index must have been built with to be read by this code."""
    from search.ingest.wordcut import dictionary_hash

    return {"schema": SCHEMA_VERSION, "analyzer": analyzer_version(), "dictionary": dictionary_hash()}
