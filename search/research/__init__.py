"""What do the hits say across reports? Concordances, trends, plans against reviews, copied text.

Analyses of hits and reports: kwic.py (every occurrence in its context), trend.py (counts by
year, place or kind), compare.py (a year's plans beside its review), dupes.py (text several
reports share), scope.py (report-level matching), regex.py (patterns with captures), tables.py
(the documented columns). workflows.py runs the searches each command needs through an open
index; this package reads the index only through the engine's SearchIndex (and names the
copied-text table's error through the index face).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from search.lazy import exports

if TYPE_CHECKING:
    from search.research.reports import (
        Report as Report,
    )
    from search.research.tables import (
        COLUMNS as COLUMNS,
        Table as Table,
    )

_EXPORTS = {
    "Report": "search.research.reports",
    "COLUMNS": "search.research.tables",
    "Table": "search.research.tables",
}
__all__ = sorted(_EXPORTS)
__getattr__ = exports(__name__, _EXPORTS)
