"""Each research command's records, assembled once, so that the command line and the web pages
answer a request with the same object (`--json` and `?format=json`, `-f csv` and `?format=csv`).

A face runs the command's workflow, then hands its answer here; what these records hold, and
under which name JSON puts them, is decided in this module alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from search.render.data import Records, counted_object, with_counted

if TYPE_CHECKING:
    from search.research.compare import Comparison
    from search.research.counted import Counted
    from search.research.dupes import Shared
    from search.research.kwic import Occurrence
    from search.research.reports import Report
    from search.research.tables import Table
    from search.research.term_lists import TermTrends
    from search.research.trend import Trend

OCCURRENCES = "occurrences"
CELLS = "cells"
COPIES = "copies"
PAIRS = "pairs"


def counted_records(name: str, data: Table, counted: Counted) -> Records:
    """A counting command's rows, saying what they count: a `counted` column on every row (CSV,
    TSV and JSON Lines have no other place for it) and a `counted` object beside them in JSON."""
    return Records(name, with_counted(data, counted), head={"counted": counted_object(counted)})


def kwic_records(found: Sequence[Occurrence], counted: Counted) -> Records:
    from search.research import kwic

    return counted_records(OCCURRENCES, kwic.table(found), counted)


def trend_records(result: Trend, counted: Counted) -> Records:
    from search.research import trend

    return counted_records(CELLS, trend.table(result), counted)


def term_trend_records(result: TermTrends) -> Records:
    from search.research import term_lists

    return Records(CELLS, term_lists.table(result))


def copies_records(found: Sequence[Shared], reports: Mapping[str, Report]) -> Records:
    from search.research import dupes

    return Records(COPIES, dupes.table(found, reports))


def pairs_records(result: Comparison) -> Records:
    from search.research import compare

    return Records(PAIRS, compare.table(result))
