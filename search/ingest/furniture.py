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

# A line listing other reports' titles by number (目录1.某镇2023年工作报告 2.… 3.…): a collection's
# table of contents, when its numbered titles cover most of the line.
_LISTED_TITLE = re.compile(r"\d{1,3}\s*[.、]\s*[^\s.。,、]{2,40}?(?:报告|总结|计划|要点|汇报)")
LISTED_TITLES_MIN = 3
LISTED_SHARE_MIN = 0.6


def is_furniture(norm: str) -> bool:
    """A normalised line the site wrote rather than the report's author."""
    if P.SENTENCE_END_RE.search(norm):
        return bool(_READER_NOTICE.search(norm)) and len(norm) <= R.FACT_LINE_MAX * 4
    compact = _SPACES.sub("", norm)
    return (_is_fact_line(norm) or _is_label_line(compact) or bool(_BARE_LABEL.match(compact))
            or bool(_READER_NOTICE.search(norm)) or is_collection_title(norm) or bool(_TRAIL.match(norm))
            or is_title_list(norm))


def title_list_prefix(norm: str) -> int:
    """How many leading characters of a line are a table of contents run into the report that
    follows it on the same line (… 34.某镇2023年政府工作报告 35.某乡2023年政府工作报告 各位代表:…)."""
    end = count = 0
    for match in _LISTED_TITLE.finditer(norm):
        if norm[end : match.start()].strip():
            break
        end, count = match.end(), count + 1
    return end if count >= LISTED_TITLES_MIN and norm[end:].strip() else 0


def is_title_list(norm: str) -> bool:
    """A table of contents of a collection: numbered titles of other reports, and little else;
    an unnumbered title after them is the report's own, run into the list (title_list_prefix)."""
    found = list(_LISTED_TITLE.finditer(norm))
    covered = sum(match.end() - match.start() for match in found)
    return (len(found) >= LISTED_TITLES_MIN and covered >= LISTED_SHARE_MIN * len(norm)
            and not _TITLE_WORDS.search(norm[found[-1].end():]))


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


# Furniture by position. A collection page puts its own title, site name and intro before the
# marker of its first item (篇1, 第一篇:, 范文一, 【第一篇】, …总结1; a later item's marker follows report
# text); a tag list precedes the title it was cut from (2023 / 乡镇 / 上半年 / 工作总结, then
# 2023年乡镇上半年工作总结).
_FIRST_ITEM = re.compile(
    r"^(篇\s*[一1]|第[一1]篇)\s*([:]|$)|[【\[]第[一1]篇[】\]]|(篇|范文|范例)\s*[一1]$"
    r"|(总结|计划|报告|汇报|要点|材料)\s*1$"
)
_ABOUT_COLLECTION = re.compile(r"范文|范例|篇|小编|合集|大全")
FRONT_LINES = 12
SITE_LINE_MAX = 40
TAG_MAX = 8
TAGS_MIN = 3
TAG_TITLE_GAP = 3


# A news page around a report narrates its meeting in the third person, at the page's edges
# (…镇第十届人民代表大会第二次会议召开 / 近日,…会议召开。 / 会议听取审议了…报告。 / 会议还…).
NEWS_FRAME = (
    r"^[^。,]{2,40}(会议|大会)(胜利|隆重|顺利)?(召开|举行|开幕|闭幕)$",
    r"^(近日|日前|\d{1,2}月\d{1,2}日(上午|下午)?)[,]?[^。]{0,40}(会议|大会)[^。]{0,10}(召开|举行|开幕|闭幕)",
    r"^(会议|大会|会上|与会代表|代表们)(还|分别|认真)?(听取|审议|表决|选举)",
)
_NEWS_FRAME = re.compile("|".join(f"(?:{p})" for p in NEWS_FRAME))
FRAME_HEAD_LINES = 3
FRAME_TAIL_LINES = 2
FRAME_LINE_MAX = 100


def by_position(lines: tuple[Line, ...]) -> frozenset[int]:
    """Numbers of the lines (non-blank, in file order) that are the site's by where they stand."""
    return _before_first_item(lines) | _title_tags(lines) | _news_frame(lines)


def is_news_frame(text: str) -> bool:
    """A line that narrates a meeting as a news page does (what `_news_frame` drops at the edges)."""
    return bool(_NEWS_FRAME.search(normalize(text).strip()))


def _news_frame(lines: tuple[Line, ...]) -> frozenset[int]:
    """A news page's narration of the meeting a report was given at, in its first and last lines;
    a report's own account of a meeting stands inside it and stays."""
    edges = lines[:FRAME_HEAD_LINES] + lines[max(FRAME_HEAD_LINES, len(lines) - FRAME_TAIL_LINES):]
    return frozenset(line.number for line in edges
                     if len(line.text) <= FRAME_LINE_MAX and _NEWS_FRAME.search(normalize(line.text).strip()))


def _before_first_item(lines: tuple[Line, ...]) -> frozenset[int]:
    """On a collection page, what precedes the first item is the page's: short lines without a
    clause, and sentences about the collection (its intro)."""
    norms = [normalize(line.text).strip() for line in lines[:FRONT_LINES]]
    first = next((i for i, norm in enumerate(norms)
                  if _FIRST_ITEM.search(norm) and len(norm) <= R.COLLECTION_TITLE_MAX), None)
    if first is None:
        return frozenset()
    return frozenset(line.number for line, norm in zip(lines[:first], norms, strict=False)
                     if _is_page_line(norm) or _ABOUT_COLLECTION.search(norm))


def _is_page_line(norm: str) -> bool:
    """Short and not a sentence: a page title, a site name, a label."""
    return len(norm) <= SITE_LINE_MAX and not P.SENTENCE_END_RE.search(norm)


def _title_tags(lines: tuple[Line, ...]) -> frozenset[int]:
    """A run of tags (short lines, no punctuation) near the top, followed closely by a line that
    holds most of them: the title the site cut its tags from. A title a PDF split into short
    lines is not repeated whole after its pieces, and stays."""
    norms = [normalize(line.text).strip() for line in lines[:FRONT_LINES + TAG_TITLE_GAP]]
    dropped: set[int] = set()
    start = 0
    while start < len(norms):
        end = start
        while end < len(norms) and _is_tag(norms[end]):
            end += 1
        run = norms[start:end]
        after = norms[end : end + TAG_TITLE_GAP]
        if len(run) >= TAGS_MIN and any(2 * sum(tag in title for tag in run) >= len(run) for title in after):
            dropped.update(line.number for line in lines[start:end])
        start = end + 1
    return frozenset(dropped)


def _is_tag(norm: str) -> bool:
    return 0 < len(norm) <= TAG_MAX and not _PUNCTUATION_ANY.search(norm)


_PUNCTUATION_ANY = re.compile(r"[^\w]")
