"""Document metadata read from a report's words: its date, kind, the year it reviews and the
year it plans, and the doubt a careful reader would note about them.

`year` is the year a report reviews (a 2021年政府工作报告 reviews 2020); a plan-only report has
no review year, only a plan year. Years in Chinese numerals count; template placeholders
(20xx年, 二00*年) give no year rather than a wrong one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from search.ingest import patterns as P, rules as R
from search.models import Line
from search.normalize import normalize, without_pinyin

_CN_YEAR = re.compile(R.CN_YEAR)
_KINDS = [(kind, re.compile(p)) for kind, p in R.KIND_RULES]
_FRAMES = [(kind, re.compile(p)) for kind, p in R.FRAME_KIND_RULES]
_FRAME_OPENINGS = [(kind, re.compile(p)) for kind, p in R.FRAME_OPENING_RULES]
FRAME_KINDS = frozenset(kind for kind, _ in R.FRAME_KIND_RULES + R.FRAME_OPENING_RULES)
REPORTS_TO_CONGRESS = frozenset({"政府工作报告", "信息公开年报"})
"""Kinds a title names so plainly that no line under it reframes the text."""
_NEWS_YEAR = re.compile(R.NEWS_YEAR)
_SPEECH = re.compile(R.SPEECH_FRONT)
_MEETING = re.compile(R.MEETING_DATE)


@dataclass(frozen=True)
class Years:
    year: int | None
    plan_year: int | None
    doubt: str | None = None


def arabic_years(norm: str) -> str:
    """Chinese-numeral years as digits, character for character, so offsets are unchanged."""
    return _CN_YEAR.sub(lambda m: "".join(R.CN_DIGITS[c] for c in m.group()), norm)


def year_view(text: str) -> str:
    return arabic_years(without_pinyin(normalize(text)))


def find_date(lines: tuple[Line, ...]) -> str | None:
    candidates = list(lines[:4]) + list(lines[-4:])
    for line in candidates:
        match = P.DATE_LINE_RE.match(year_view(line.text))
        if match:
            year, month, day = (int(g) for g in match.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def find_kind(title: str | None, opening: list[str], sections: set[str]) -> str:
    """The text's kind: a frame (news, 解读, 述职 …) its title or its first lines show, else the
    report's kind from its title; without one, from its front matter and its sections."""
    norm = without_pinyin(normalize(title)).strip() if title else ""
    framed = _first_match(_FRAMES, norm)
    if framed:
        return framed
    kind = _first_match(_KINDS, norm)
    if kind not in REPORTS_TO_CONGRESS:
        for line in opening[: R.FRAME_OPENING_LINES]:
            framed = _first_match(_FRAME_OPENINGS, normalize(line).strip())
            if framed:
                return framed
    if kind:
        return kind
    if any(_SPEECH.search(normalize(line)) for line in opening):
        return "政府工作报告"
    if "工作总结" in sections:
        return "年度总结"
    if "工作计划" in sections:
        return "工作计划"
    return "其他"


def _first_match(rules: list[tuple[str, re.Pattern[str]]], norm: str) -> str | None:
    return next((kind for kind, pattern in rules if norm and pattern.search(norm)), None)


def framed_kind(title: str | None, framing: str = "") -> str:
    """The kind of the report a framing text speaks of, from the title's other words (the 政府工作报告
    of 2023年政府工作报告解读); a title naming none reads like an annual review."""
    if framing in R.FRAME_YEARS_AS:
        return R.FRAME_YEARS_AS[framing]
    norm = without_pinyin(normalize(title)).strip() if title else ""
    kind = _first_match(_KINDS, norm)
    return kind if kind in ("工作计划", "阶段总结", "政府工作报告", "信息公开年报") else "年度总结"


def find_years(
    kind: str,
    title: str | None,
    level1: list[tuple[str, str | None]],
    date: str | None,
    opening: str,
    body: list[str],
    title_in_text: bool = True,
) -> Years:
    """The reviewed and planned years, as a careful reader would tell them. A title that is not
    a line of the report (a file name, a content farm's label) yields to a review heading. A
    framing text (news, 解读, 讲话 …) takes the years of the report it speaks of."""
    framing = kind
    if kind in FRAME_KINDS:
        kind = framed_kind(title, kind)
    if title and P.PLACEHOLDER_YEAR_RE.search(normalize(title)) and not P.ANY_YEAR_RE.search(year_view(title)):
        return Years(None, None, "the title's year is a template placeholder")
    year = _title_year(kind, year_view(title)) if title else None
    from_title = year is not None
    if (kind == "政府工作报告" or not title_in_text) and _heading_year(level1, kind, review_only=True):
        year, from_title = _heading_year(level1, kind, review_only=True), False
    if year is None:
        year = (_heading_year(level1, kind) or _date_year(date, kind) or _meeting_year(body, kind)
                or _opening_year(opening, kind) or _news_year(body, framing))
        doubt = None
    else:
        year, doubt = _checked_against_body(year, body)
    if from_title and year is not None and kind == "政府工作报告" and doubt is None:
        year, doubt = _review_of_the_title_year(year, body)
    doubt = doubt or _multi_year(title, level1) or (None if year else _placeholder_only(body))
    if kind == "工作计划":
        plan = year
        return Years(None, plan, doubt)
    if year is None:
        return Years(None, None, doubt)
    return Years(year, year if kind == "阶段总结" else year + 1, doubt)


def _review_of_the_title_year(year: int, body: list[str]) -> tuple[int, str | None]:
    """A congress report whose opening reviews its title's own year (2023年政府工作报告: 2023年是…
    之年。一年来…) reviews that year, unlike the custom; the reader hesitates."""
    for line in body[: R.FRONT_MATTER_LINES]:
        match = P.OPENING_REVIEW_RE.search(year_view(line))
        if match:
            said = int(next(group for group in match.groups() if group))
            if said == year + 1:
                return said, f"the title names a {said} report, whose review speaks of {said}"
            return year, None
    return year, None


def _multi_year(title: str | None, level1: list[tuple[str, str | None]]) -> str | None:
    """A review of several years at once (2016-2020年, 五年来工作回顾) has no one reviewed year."""
    for text in [year_view(title) if title else ""] + [arabic_years(label) for label, _ in level1]:
        match = P.MULTI_YEAR_RE.search(text)
        if match:
            return f"a review of several years ({match.group()})"
    return None


def _placeholder_only(body: list[str]) -> str | None:
    """A template whose years are placeholders (20xx年) names none a reader could give."""
    if any(P.PLACEHOLDER_YEAR_RE.search(normalize(line)) for line in body[: R.FRONT_MATTER_LINES]):
        return "the only years are template placeholders"
    return None


def _title_year(kind: str, norm: str) -> int | None:
    """For a plan-only report the year returned is the plan year; else the reviewed year."""
    review, plan, first = P.REVIEW_YEAR_RE.search(norm), P.PLAN_YEAR_RE.search(norm), P.ANY_YEAR_RE.search(norm)
    if kind == "工作计划":
        found = plan or first
        return int(found.group(1)) if found else None
    if kind == "政府工作报告":
        return int(first.group(1)) - 1 if first else None
    if review:
        return int(review.group(1))
    if plan:
        return int(plan.group(1)) - 1
    return int(first.group(1)) if first else None


def _heading_year(level1: list[tuple[str, str | None]], kind: str, review_only: bool = False) -> int | None:
    """The year a review heading names (一、2020年工作回顾); else the year before a plan
    heading's, unless only a review heading will do."""
    for norm_heading, section in level1:
        match = P.ANY_YEAR_RE.search(arabic_years(norm_heading))
        if match and section == "工作总结":
            return int(match.group(1))
    if review_only:
        return None
    for norm_heading, section in level1:
        match = P.ANY_YEAR_RE.search(arabic_years(norm_heading))
        if match and section == "工作计划":
            return int(match.group(1)) - (0 if kind in ("工作计划", "阶段总结") else 1)
    return None


def _date_year(date: str | None, kind: str) -> int | None:
    if not date:
        return None
    year, month = int(date[:4]), int(date[5:7])
    if kind == "工作计划":
        return year if month < 10 else year + 1
    return year if month >= 6 else year - 1


def _meeting_year(body: list[str], kind: str) -> int | None:
    """A congress report reviews the year before the meeting its subtitle dates."""
    if kind != "政府工作报告":
        return None
    for line in body[: R.FRONT_MATTER_LINES]:
        match = _MEETING.search(year_view(line))
        if match:
            return int(match.group(1)) - 1
    return None


def _opening_year(opening: str, kind: str) -> int | None:
    match = P.ANY_YEAR_RE.search(year_view(opening))
    if not match:
        return None
    year = int(match.group(1))
    return year - 1 if kind == "政府工作报告" else year


def _news_year(body: list[str], framing: str) -> int | None:
    """A news item about a report retells its review under the dateline (2017年,某镇…)."""
    if framing != "新闻报道":
        return None
    for line in body[: R.NEWS_YEAR_LINES]:
        match = _NEWS_YEAR.match(year_view(line).strip())
        if match:
            return int(match.group(1))
    return None


def _checked_against_body(year: int, body: list[str]) -> tuple[int, str | None]:
    """A template's title year that the body never mentions, while the body keeps naming another
    year, yields to the body (title 二0一二年, body 2023年 throughout); the doubt is recorded."""
    counts = Counter(int(m.group(1)) for line in body for m in P.ANY_YEAR_RE.finditer(year_view(line)))
    near = any(counts[y] for y in (year - 1, year, year + 1))
    if not near and any(P.PLACEHOLDER_YEAR_RE.search(normalize(line)) for line in body):
        return year, f"the title says {year}, the body writes its years as placeholders"
    if not counts or near:
        return year, None
    top, count = counts.most_common(1)[0]
    if count < R.YEAR_DOUBT_MIN:
        return year, f"the body never mentions the title's year {year}"
    return top, f"the title says {year}, the body {top}"
