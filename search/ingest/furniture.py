"""Site furniture told by its shape, so that a site never seen is cleaned too.

A report's author writes sentences and headings; a site writes facts about a file (dates, sizes,
page counts), labels with values, notices to its reader, and titles of the collection a report sits
in. Each signal here holds across sites: it names kinds of token, never a site or a sentence.
"""

from __future__ import annotations

import re

from search.ingest import patterns as P, rules as R
from search.models import Line
from search.normalize import normalize

_COUNT = re.compile(R.FACT_COUNT)
_DATE = re.compile(R.FACT_DATE)
_FACT_WORDS = re.compile(R.FACT_WORDS)
_PUNCTUATION = re.compile(R.FACT_PUNCTUATION)
_DIGIT = re.compile(r"\d")
_TITLE_WORDS = re.compile(R.TITLE_WORDS)
_SITE_LABEL = re.compile(rf"({R.SITE_LABELS})\s*[:|]")
_BARE_LABEL = re.compile(R.BARE_LABEL)
_READER_NOTICE = re.compile(R.READER_NOTICE)
_COLLECTION = re.compile(R.COLLECTION_TITLE)
_TRAIL = re.compile(R.TRAIL)
_SPACES = re.compile(r"\s+")
_CUT = re.compile(R.COLLECTION_CUT)
_TITLE_CELL = re.compile(R.TITLE_CELL)
_COLLECTION_NAMES = re.compile(R.COLLECTION_NAMES)
_METADATA_LABEL = re.compile(R.METADATA_LABEL_RE)


def is_furniture(norm: str) -> bool:
    """A normalised line the site wrote rather than the report's author."""
    if P.SENTENCE_END_RE.search(norm):
        return bool(_READER_NOTICE.search(norm)) and len(norm) <= R.FACT_LINE_MAX * 4
    compact = _SPACES.sub("", norm)
    return (_is_fact_line(norm) or _is_label_line(compact) or bool(_BARE_LABEL.match(compact))
            or bool(_READER_NOTICE.search(norm)) or is_collection_title(norm) or bool(_TRAIL.match(norm)))


def is_bare_label(norm: str) -> bool:
    """One site label alone on its line: the next short line is its value."""
    return bool(_BARE_LABEL.match(_SPACES.sub("", norm)))


def is_collection_title(norm: str) -> bool:
    """A collection page's title or item marker (…范文(汇总4篇), 篇1, 【第一篇】)."""
    return (len(norm) <= R.COLLECTION_TITLE_MAX and bool(_COLLECTION.search(norm))
            and bool(_COLLECTION_NAMES.search(norm)))


def site_titles(dropped: tuple[Line, ...]) -> tuple[str, ...]:
    """The report's title as the site around it names it: a collection title without its
    collection words and counters, or the title cell of a metadata table."""
    titles = []
    for line in dropped[: R.FRONT_MATTER_LINES]:
        norm = normalize(line.text)
        cell = _TITLE_CELL.search(_SPACES.sub("", norm))
        if cell:
            titles.append(cell.group(1))
        elif is_collection_title(norm):
            titles.append(_cut(norm))
    return tuple(title for title in titles if _TITLE_WORDS.search(title) and len(P.HAN_RE.findall(title)) >= 4)


def _cut(norm: str) -> str:
    previous = None
    while previous != norm:
        previous, norm = norm, _CUT.sub("", norm).strip()
    return norm


def _is_fact_line(norm: str) -> bool:
    """Dates, sizes, counts and site words with hardly any word left over (• 约 11页, 举报,
    2024-02-14 36.72KB 10 页 海报, 2026-01-22 发布于四川); a date alone is left to the date rules."""
    if len(norm) > R.FACT_LINE_MAX:
        return False
    rest, counts = _COUNT.subn(" ", norm)
    rest, dates = _DATE.subn(" ", rest)
    rest, words = _FACT_WORDS.subn(" ", rest)
    rest = _PUNCTUATION.sub("", rest)
    if _DIGIT.search(rest):
        return False
    han = len(P.HAN_RE.findall(rest))
    return (counts + dates + words >= 2 and han <= R.FACT_REST_MAX_HAN) or (counts + words >= 1 and han == 0)


def _is_label_line(compact: str) -> bool:
    labels = len(_SITE_LABEL.findall(compact))
    metadata = len(set(_METADATA_LABEL.findall(compact)))
    return labels >= R.SITE_LABEL_MIN or (labels >= 1 and "|" in compact) or metadata >= R.SITE_LABEL_MIN
