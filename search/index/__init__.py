"""Where do reports live on disk? Documents become a generation of files, published atomically.

The only home of Whoosh, and the only writer of an index. A generation is a plain Whoosh index
(one document per paragraph) with the project's own files beside its segments; generations.py
lists them all. The engine reads a generation through reader.py, schema.py, analyzers.py,
generations.py and copies.py; everything above the engine comes through this face.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from search.lazy import exports

if TYPE_CHECKING:
    from search.index.build import (
        build_index as build_index,
        recorded_corpus as recorded_corpus,
        rollback as rollback,
    )
    from search.index.copies import (
        DB as DB,
        DupesDamaged as DupesDamaged,
        jaccard as jaccard,
        places_named as places_named,
    )
    from search.index.generations import (
        CORPUS_ENV as CORPUS_ENV,
        DEFAULT_CORPUS as DEFAULT_CORPUS,
        Generation as Generation,
        current_generation as current_generation,
        index_dir as index_dir,
        live_meta as live_meta,
    )
    from search.index.integrity import (
        check_index as check_index,
    )

_EXPORTS = {
    "build_index": "search.index.build",
    "recorded_corpus": "search.index.build",
    "rollback": "search.index.build",
    "DB": "search.index.copies",
    "DupesDamaged": "search.index.copies",
    "jaccard": "search.index.copies",
    "places_named": "search.index.copies",
    "CORPUS_ENV": "search.index.generations",
    "DEFAULT_CORPUS": "search.index.generations",
    "Generation": "search.index.generations",
    "current_generation": "search.index.generations",
    "index_dir": "search.index.generations",
    "live_meta": "search.index.generations",
    "check_index": "search.index.integrity",
}
__all__ = sorted(_EXPORTS)
__getattr__ = exports(__name__, _EXPORTS)
