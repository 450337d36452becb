"""Pages that are not one report: a collection of several, and a site's list of titles.

A content farm puts several reports on one page, each opened by an item marker (篇1, 范文二,
【第三篇】, 第二篇:, or its own title ending in 篇2 / 范文二). Markers of one style numbered 1, 2, …
in order, each followed by a body, start the items: each item is a report of its own, from its
marker to the next. One marker alone splits nothing, but still says whose the lines above it are:
the page's (its title, its notices), not the report's. A marker followed by no body before the
next one is an entry in the collection's own list of contents.

A site also lists titles of other reports above a report (related articles, a compilation's table
of contents). Three or more title-like lines in a row, before the report's first sentence, are
that list; so is one line enumerating three titles or more (1.某镇…报告 2.某镇…报告 …). The
towns and years those titles name are other reports', so the lines are set aside before any
stage reads them, and counted as dropped.

Every signal is a kind of token (an ordinal, a report word, a sentence end), never a site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.ingest import patterns as P, rules as R
from search.ingest.clean import is_boilerplate
from search.ingest.furniture import is_furniture
from search.models import Line
from search.normalize import normalize, without_pinyin

ORDINAL = r"(?P<n>[一二三四五六七八九十]{1,3}|\d{1,2})"
REPORT_WORDS = r"总结|计划|报告|要点|汇报|年报|述职|小结|规划|材料"
SEPARATOR = r"\s*[:.、]\s*|\s+|$"
ITEM_MARKERS: tuple[tuple[str, str], ...] = (
    ("篇N", rf"^[【\[]?篇\s*{ORDINAL}(?:[】\]]\s*[:]?\s*|{SEPARATOR})(?P<title>.*)$"),
    ("第N篇", rf"^[【\[]?第{ORDINAL}篇(?:[】\]]\s*[:]?\s*|{SEPARATOR})(?P<title>.*)$"),
    ("范文N", rf"^[【\[]?(?:精选)?范文\s*{ORDINAL}(?:[】\]]\s*[:]?\s*|{SEPARATOR})(?P<title>.*)$"),
    ("…篇N", rf"^(?P<title>.{{2,}}?)[【\[]?篇\s*{ORDINAL}[】\]]?$"),
    ("…【第N篇】", rf"^(?P<title>.{{2,}}?)[【\[(]第{ORDINAL}篇[】\])]$"),
    ("…范文N", rf"^(?P<title>.{{2,}}?)[【\[]?(?:精选)?范文\s*{ORDINAL}[】\]]?$"),
    ("…N", rf"^(?P<title>.{{2,}}?(?:{REPORT_WORDS}))\s*[(]?{ORDINAL}[)]?$"),
)
"""Item markers by style, matched on a normalised line: `n` is the item's number, `title` what the
line says besides its marker (the item's title, or nothing)."""
SAME_TITLE_STYLES = frozenset({"…N"})
"""Styles that are items only when every marker repeats one title (乡镇工作总结1, 乡镇工作总结2):
a title ending in a number is otherwise too common."""
WEAK_ALONE = frozenset({"…N"})
"""Styles that say nothing of the lines above them when they occur once."""
PART_WORDS_STYLES = frozenset({"第N篇"})
"""Styles a report also uses for its own parts (第一篇 回顾): a title after them must name a report."""
TITLE_AFTER_STYLES = frozenset({"篇N", "第N篇", "范文N"})
"""Styles whose marker line goes on with the item's own title; the others end a title the page
repeats for every item."""
MARKER_MAX = R.TITLE_MAX
HEAD_LINES = 12
"""How far down a page a lone first marker may stand for the lines above it to be the page's."""
MAX_ITEM = 99
_CN_ORDINAL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

LISTED_WORDS = REPORT_WORDS + r"|方案|预案|讲话|发言|心得|体会|通知|意见|办法|制度|简报|调研|致辞|演讲|范文"
"""What ends the title of any document a site lists beside a report (a plan of action, a speech)."""
TOC_MIN = 3
"""Title-like lines in a row that make a list of other reports' titles."""
TOC_LINES = 40
"""How far down a page a list of titles is looked for (it stands before the report)."""
TOC_ENTRY = rf"(?:^|(?<=[\s。)]))(?P<n>\d{{1,2}})\s*[.、]\s*[^\s。;]{{4,40}}?(?:{REPORT_WORDS})"
TOC_ENTRY_MIN = 3
TOC_COVER = 0.6
"""Share of a line that enumerated titles must cover for the line to be a list of them."""
_LIST_DECORATION = re.compile(
    r"^[\s\-•·*>\[【]*(\d{1,2}\s*[.、)]\s*)?|[\]】]?\s*(\d{2,4}[-/.]\d{1,2}([-/.]\d{1,2})?)?\s*$")

_MARKERS = tuple((style, re.compile(pattern)) for style, pattern in ITEM_MARKERS)
_REPORT_WORDS = re.compile(REPORT_WORDS)
_LISTED_WORDS = re.compile(LISTED_WORDS)
_TOC_ENTRY = re.compile(TOC_ENTRY)
_MARKER_HINT = re.compile(r"[篇範范]|[\d一二三四五六七八九十][)）]?\s*$")


@dataclass(frozen=True)
class Marker:
    line: int
    style: str
    number: int
    title: str


@dataclass(frozen=True)
class Survey:
    """What a page holds besides one report: where each item starts (empty unless two or more),
    the lines that are the page's own (above the first item), and a list of other titles."""

    starts: tuple[int, ...] = ()
    page: frozenset[int] = frozenset()
    toc: tuple[Line, ...] = ()
    cuts: tuple[tuple[int, int], ...] = ()
    """(line, offset): a line whose first `offset` characters end a list of titles the line
    before began (a list cut across lines); the report starts after them."""
    titles: tuple[tuple[int, str], ...] = ()
    """(line, title): the title an item's marker line gives after its marker (篇二:某乡…总结)."""

    @property
    def split(self) -> bool:
        return len(self.starts) >= 2


def survey(lines: list[str]) -> Survey:
    """The collection items and the site's title list of a file's lines (as `clean.file_lines`)."""
    norms = [_view(line) for line in lines]
    markers = [m for m in (_marker(n, norm) for n, norm in enumerate(norms, start=1) if norm) if m]
    items = _items(markers, norms)
    if not items:
        lone = _lone_first(markers, norms)
        items = [lone] if lone else []
    page = frozenset(range(1, items[0].line)) if items else frozenset()
    titles = tuple((m.line, m.title) for m in items if m.title and m.style in TITLE_AFTER_STYLES)
    toc = _toc(lines, norms, set(page) | {m.line for m in markers})
    cuts = _continued(lines, toc)
    starts = tuple(m.line for m in items) if len(items) >= 2 else ()
    return Survey(starts, page - set(toc), tuple(Line(n, lines[n - 1].strip()) for n in sorted(toc)), cuts, titles)


def _view(line: str) -> str:
    text = line.strip()
    return without_pinyin(normalize(text)) if text else ""


def _marker(number: int, norm: str) -> Marker | None:
    if len(norm) > MARKER_MAX or P.SENTENCE_END_RE.search(norm) or not _MARKER_HINT.search(norm):
        return None
    for style, pattern in _MARKERS:
        match = pattern.match(norm)
        if match is None:
            continue
        item = _number(match.group("n"))
        title = match.group("title").strip()
        if item and (style not in PART_WORDS_STYLES or not title or _REPORT_WORDS.search(title)):
            return Marker(number, style, item, title)
    return None


def _number(ordinal: str) -> int:
    """1-99 from 3, 十二, 二十一; 0 for what is not an item number."""
    if ordinal.isdigit():
        value = int(ordinal)
    elif ordinal in _CN_ORDINAL:
        value = _CN_ORDINAL[ordinal]
    elif ordinal.startswith("十"):
        value = 10 + _CN_ORDINAL.get(ordinal[1:], 100)
    elif len(ordinal) == 2 and ordinal.endswith("十"):
        value = 10 * _CN_ORDINAL.get(ordinal[0], 100)
    elif len(ordinal) == 3 and ordinal[1] == "十":
        value = 10 * _CN_ORDINAL.get(ordinal[0], 100) + _CN_ORDINAL.get(ordinal[2], 100)
    else:
        value = 0
    return value if 1 <= value <= MAX_ITEM else 0


def _items(markers: list[Marker], norms: list[str]) -> list[Marker]:
    """The longest run 1, 2, 3 … of one style's markers that each open a body."""
    best: list[Marker] = []
    for style in dict.fromkeys(m.style for m in markers):
        own = [m for m in markers if m.style == style]
        ends: list[int | None] = [m.line for m in own[1:]] + [None]
        bodied = [m for m, end in zip(own, ends, strict=True) if _has_body(norms, m.line, end)]
        run: list[Marker] = []
        for marker in bodied:
            if marker.number == len(run) + 1:
                run.append(marker)
        if style in SAME_TITLE_STYLES and len({m.title for m in run}) > 1:
            continue
        if len(run) > len(best):
            best = run
    return best if len(best) >= 2 else []


def _has_body(norms: list[str], line: int, end: int | None) -> bool:
    """Whether a sentence or a paragraph-long line follows `line` before `end` (1-based lines)."""
    for norm in norms[line : (end - 1) if end else None]:
        if norm and (P.SENTENCE_END_RE.search(norm) or len(norm) > R.TITLE_MAX):
            return True
    return False


def _lone_first(markers: list[Marker], norms: list[str]) -> Marker | None:
    """The first item's marker of a page whose other items are cut off: item 1, near the top,
    below no heading, opening a body."""
    first = next((m for m in markers if m.number == 1 and m.style not in WEAK_ALONE), None)
    if first is None:
        return None
    above = [norm for norm in norms[: first.line - 1] if norm]
    if len(above) > HEAD_LINES or any(P.HEADING_START_RE.match(norm) for norm in above):
        return None
    return first if _has_body(norms, first.line, None) else None


def _toc(lines: list[str], norms: list[str], skip: set[int]) -> set[int]:
    """Lines of a list of other reports' titles above the report (1-based line numbers): runs of
    three different titles or more before the report's first sentence, less the lines that
    repeat the report's own title (the last title line above its first sentence, unless it is
    printed as an entry like every line of its run: the report then has no title line). Lines the site
    wrote anyway (cleaning drops them) and `skip` (a collection's page and markers) are passed over."""
    found: set[int] = set()
    runs: list[list[int]] = [[]]
    for number, norm in enumerate(norms[:TOC_LINES], start=1):
        if not norm or number in skip:
            continue
        if _enumerates_titles(norm):
            found.add(number)
        elif _title_entry(norm):
            if not (is_boilerplate(lines[number - 1].strip()) or is_furniture(norm)):
                runs[-1].append(number)
        elif P.SENTENCE_END_RE.search(norm) or len(norm) > R.TITLE_MAX:
            break
        elif runs[-1]:
            runs.append([])
    runs = [run for run in runs if run]
    if not runs:
        return found
    last = runs[-1][-1]
    own = _LIST_DECORATION.sub("", norms[last - 1])
    listed = all(_decorated(norms[n - 1]) for n in runs[-1])  # the last line is an entry like the others
    for run in runs:
        titles = {_LIST_DECORATION.sub("", norms[n - 1]) for n in run}
        if len(titles) >= TOC_MIN:
            found |= {n for n in run if listed or _LIST_DECORATION.sub("", norms[n - 1]) != own}
    return found


def _decorated(norm: str) -> bool:
    """A line printed as an entry of a list: a bullet or number before it, or a date after it."""
    return _LIST_DECORATION.sub("", norm) != norm.strip()


def _title_entry(norm: str) -> bool:
    """A line that is one document's title, as a list prints it (bullet, number, date around it)."""
    title = _LIST_DECORATION.sub("", norm)
    return (len(title) <= R.TITLE_MAX and len(P.HAN_RE.findall(title)) >= 4 and not P.SENTENCE_END_RE.search(title)
            and not P.HEADING_START_RE.match(title) and not title.startswith("——")
            and bool(_LISTED_WORDS.search(title)))


def _enumerates_titles(norm: str) -> bool:
    """One line holding a numbered list of three report titles or more, and hardly anything else."""
    entries = [m.span() for m in _TOC_ENTRY.finditer(norm)]
    return len(entries) >= TOC_ENTRY_MIN and sum(e - s for s, e in entries) >= TOC_COVER * len(norm)


def _continued(lines: list[str], toc: set[int]) -> tuple[tuple[int, int], ...]:
    """Where the report starts on a line that goes on with the numbered list the line before it
    ended with (…33.某镇政府工作报告 / 34.某镇…报告 35.某镇…报告 2023年某镇政府工作报告 各位代表:…)."""
    cuts = []
    for number in sorted(toc):
        following = next((n for n in range(number + 1, min(len(lines), number + 3) + 1) if lines[n - 1].strip()), None)
        if following is None or following in toc:
            continue
        previous = [int(m.group("n")) for m in _TOC_ENTRY.finditer(normalize(lines[number - 1].strip()))]
        if not previous:
            continue
        text = lines[following - 1]
        last, cut = max(previous), 0
        for match in _TOC_ENTRY.finditer(normalize(text)):
            item = int(match.group("n"))
            if item == last + 1 or (not cut and last < item <= last + 2):  # the entry cut in two is not seen
                last, cut = item, match.end()
        if cut:
            cuts.append((following, cut))
    return tuple(cuts)
