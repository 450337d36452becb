"""The rules of rules.py that several ingest stages match with, compiled once for all of them.

rules.py stays a plain data table, cheap to import: the query path reads its suffix lists (through
the gazetteer) and never needs a compiled pattern.
"""

from __future__ import annotations

import re

from search.ingest import rules as R

SENTENCE_END_RE = re.compile(f"[{re.escape(R.SENTENCE_END)}]")
CLAUSE_BREAK_RE = re.compile(f"[{re.escape(R.CLAUSE_BREAK)}]")
HAN_RE = re.compile(f"[{R.HAN}]")
DATE_LINE_RE = re.compile(R.DATE_LINE)
REVIEW_YEAR_RE = re.compile(R.REVIEW_YEAR)
PLAN_YEAR_RE = re.compile(R.PLAN_YEAR)
ANY_YEAR_RE = re.compile(R.ANY_YEAR)
PLACEHOLDER_YEAR_RE = re.compile(R.PLACEHOLDER_YEAR)
HEADINGS_RE = tuple((level, re.compile(pattern)) for level, pattern in R.HEADING_PATTERNS)
HEADING_START_RE = re.compile("|".join(f"(?:{pattern})" for _, pattern in R.HEADING_PATTERNS))
OPENING_REVIEW_RE = re.compile(R.OPENING_REVIEW)
MULTI_YEAR_RE = re.compile(R.MULTI_YEAR)
