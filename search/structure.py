"""Structure: headings, sections and document metadata (town, year, title, date).

A pure function of a decoded file: `build_document(raw)` returns the Document with every
paragraph's section and heading path. Rules come from `search.rules`; nothing here knows a
particular report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from search.clean import Cleaned, clean
from search.models import Document, Line, Overrides, Paragraph, RawFile
from search.normalize import normalize
from search import rules as R

_HEADINGS = [(level, re.compile(p)) for level, p in R.HEADING_PATTERNS]
_NOT_HEADING = re.compile("|".join(f"(?:{p})" for p in R.NOT_HEADING))
_SECTIONS = [(name, re.compile(p)) for name, p in R.SECTION_KEYWORDS]
_PROBLEM = re.compile("|".join(f"(?:{p})" for p in R.PROBLEM_CUES))
_PLAN = re.compile("|".join(f"(?:{p})" for p in R.PLAN_CUES))
_NEXT_YEAR = re.compile(R.NEXT_YEAR_CUE)
_SENTENCE_END = re.compile(f"[{re.escape(R.SENTENCE_END)}]")
_NEXT_ITEM = re.compile(R.NEXT_ITEM_MARKER)
_HAN = re.compile(f"[{R.HAN}]")
_TITLE_WORDS = re.compile(R.TITLE_WORDS)
_DATE_LINE = re.compile(R.DATE_LINE)
_REVIEW_YEAR = re.compile(R.REVIEW_YEAR)
_PLAN_YEAR = re.compile(R.PLAN_YEAR)
_ANY_YEAR = re.compile(R.ANY_YEAR)
_TOWN_BREADCRUMB = re.compile(R.TOWN_BREADCRUMB)
_TOWN_SIGNATURE = re.compile(R.TOWN_SIGNATURE)
_TITLE_ISSUER = re.compile(R.TITLE_ISSUER)


@dataclass(frozen=True)
class Heading:
    level: int
    label: str
    norm_label: str


def heading_of(text: str) -> Heading | None:
    """The heading a line opens, if any: numbered at any level, or a short unnumbered line."""
    norm = normalize(text)
    for level, pattern in _HEADINGS:
        match = pattern.match(norm)
        if match:
            return Heading(level, *_label(text, norm, match.end()))
    if _is_unnumbered_heading(norm):
        return Heading(0, text, norm)
    return None


def _label(text: str, norm: str, marker_end: int) -> tuple[str, str]:
    """The heading's words: up to the first sentence end, or the next 一是-style item."""
    end = len(norm)
    stop = _SENTENCE_END.search(norm, marker_end)
    if stop:
        end = stop.start()
    item = _NEXT_ITEM.search(norm, marker_end + 1)
    if item and item.start() < end:
        end = item.start()
    if end > marker_end + R.HEADING_LABEL_MAX:
        comma = norm.find(",", marker_end, marker_end + R.HEADING_LABEL_MAX)
        end = comma if comma > marker_end else marker_end + R.HEADING_LABEL_MAX
    label = norm[:end].rstrip(",、 ")
    return text[: len(label)], label


def _is_unnumbered_heading(norm: str) -> bool:
    return (
        len(norm) <= R.UNNUMBERED_HEADING_MAX
        and not _SENTENCE_END.search(norm)
        and len(_HAN.findall(norm)) >= R.UNNUMBERED_HEADING_MIN_HAN
        and not _NOT_HEADING.search(norm)
    )


def section_of(norm_heading: str) -> str | None:
    for name, pattern in _SECTIONS:
        if pattern.search(norm_heading):
            return name
    return None


def _section_by_year(norm_heading: str, year: int | None) -> str | None:
    if year is None:
        return None
    match = _ANY_YEAR.search(norm_heading)
    if not match:
        return None
    found = int(match.group(1))
    if found > year:
        return "工作计划"
    if found == year:
        return "工作总结"
    return None


def _glued_heading(norm: str) -> str | None:
    """A section heading stuck onto the end of a paragraph (…加以解决。2020年政府工作打算)."""
    parts = _SENTENCE_END.split(norm)
    tail = parts[-1].strip() if len(parts) > 1 else ""
    if not tail or len(tail) > R.UNNUMBERED_HEADING_MAX or not _ANY_YEAR.search(tail):
        return None
    return section_of(tail) and tail


# ---------------------------------------------------------------- metadata


def find_title(lines: tuple[Line, ...]) -> Line | None:
    for index, line in enumerate(lines[:3]):
        norm = normalize(line.text)
        if (
            len(norm) <= R.TITLE_MAX
            and not _SENTENCE_END.search(norm)
            and _TITLE_WORDS.search(norm)
            and _ANY_YEAR.search(norm)
            and not _DATE_LINE.match(norm)
            and not any(pattern.match(norm) for _, pattern in _HEADINGS)
            and not _is_part_heading(norm, lines[index + 1 :])
        ):
            return line
    return None


def _is_part_heading(norm: str, later: tuple[Line, ...]) -> bool:
    """A year line naming no town whose unnumbered sibling opens another section later on
    (2019年政府工作回顾 … 2020年政府工作打算) opens the report's first part; it is not the title."""
    if _TITLE_ISSUER.search(norm):
        return False
    own = section_of(norm)
    for line in later:
        heading = heading_of(line.text)
        sibling = heading.norm_label if heading and heading.level == 0 else _glued_heading(normalize(line.text))
        if sibling and _ANY_YEAR.search(sibling) and section_of(sibling) not in (None, own):
            return True
    return False


def find_date(lines: tuple[Line, ...]) -> str | None:
    candidates = list(lines[:4]) + list(lines[-4:])
    for line in candidates:
        match = _DATE_LINE.match(normalize(line.text))
        if match:
            year, month, day = (int(g) for g in match.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def find_year(title: str | None, level1: list[tuple[str, str | None]], date: str | None, opening: str) -> int | None:
    """The year the report reviews: a 2019年总结及2020年规划 title reviews 2019."""
    if title:
        norm = normalize(title)
        review = _REVIEW_YEAR.search(norm)
        if review:
            return int(review.group(1))
        plan = _PLAN_YEAR.search(norm)
        if plan:
            return int(plan.group(1)) - 1
        any_year = _ANY_YEAR.search(norm)
        if any_year:
            return int(any_year.group(1))
    for norm_heading, section in level1:
        match = _ANY_YEAR.search(norm_heading)
        if match and section == "工作总结":
            return int(match.group(1))
    for norm_heading, section in level1:
        match = _ANY_YEAR.search(norm_heading)
        if match and section == "工作计划":
            return int(match.group(1)) - 1
    if date:
        year, month = int(date[:4]), int(date[5:7])
        return year if month >= 6 else year - 1
    match = _ANY_YEAR.search(normalize(opening))
    return int(match.group(1)) if match else None


def find_town(cleaned: Cleaned, title: str | None) -> str:
    """Canonical Simplified town name, from breadcrumb, signature, title or the text itself."""
    for line in cleaned.boilerplate:
        for part in normalize(line.text).split(">"):
            part = part.strip()
            if _TOWN_BREADCRUMB.match(part) and part[-2] not in R.TOWN_STOP_CHARS:
                return part
    for line in cleaned.content[-4:]:
        match = _TOWN_SIGNATURE.match(normalize(line.text))
        if match and match.group(1)[-2] not in R.TOWN_STOP_CHARS:
            return match.group(1)
    text = "\n".join(normalize(line.text) for line in cleaned.content)
    prominent = normalize((title or "") + "\n" + "\n".join(l.text for l in cleaned.content[:2]))
    return _town_by_frequency(text, prominent)


def _town_by_frequency(text: str, prominent: str) -> str:
    scores: Counter[str] = Counter()
    for match in re.finditer(f"[{R.TOWN_SUFFIXES}]", text):
        i = match.start()
        name = text[max(0, i - 2) : i]
        if len(name) < 2 or not all(_HAN.match(ch) for ch in name) or name[-1] in R.TOWN_STOP_CHARS:
            continue
        if text[i + 1 : i + 2] in R.TOWN_NOT_FOLLOWED_BY:
            continue
        count = text.count(name + match.group(0))
        while i - len(name) - 1 >= 0:
            longer = text[i - len(name) - 1 : i]
            first = longer[0]
            if not _HAN.match(first) or first in R.TOWN_STOP_CHARS or text.count(longer) < 0.8 * count:
                break
            name = longer
            if len(name) >= 4:
                break
        candidate = name + match.group(0)
        scores[candidate] = count + (3 if candidate in prominent else 0)
    return scores.most_common(1)[0][0] if scores else ""


# ---------------------------------------------------------------- sections


def build_document(raw: RawFile) -> Document:
    cleaned = clean(raw.text)
    overrides = raw.overrides
    title_line = find_title(cleaned.content)
    title = overrides.title or (title_line.text if title_line else None)
    date = overrides.date or find_date(cleaned.content)
    headings = [(line, heading_of(line.text)) for line in cleaned.content]
    level1 = [
        (h.norm_label, section_of(h.norm_label))
        for line, h in headings
        if h and (h.level == 1 or (h.level == 0 and section_of(h.norm_label))) and line is not title_line
    ]
    opening = " ".join(line.text for line in cleaned.content[:2])
    year = overrides.year if overrides.year is not None else find_year(title, level1, date, opening)
    town = normalize(overrides.town) if overrides.town else find_town(cleaned, title)
    paragraphs = _sectioned(raw.source, headings, title_line, year, town, overrides)
    return Document(raw.source, raw.encoding, raw.sha256, town, year, title, date, tuple(paragraphs))


def _default_section(title: str | None) -> str:
    if title:
        section = section_of(normalize(title))
        if section in ("工作总结", "工作计划"):
            return section
    return "工作总结"


def _sectioned(
    source: str,
    headings: list[tuple[Line, Heading | None]],
    title_line: Line | None,
    year: int | None,
    town: str,
    overrides: Overrides,
) -> list[Paragraph]:
    """Each paragraph's section and heading path. A sidecar entry applies from the first content
    line at or after its line, so one that names a blank or boilerplate line still takes effect."""
    any_level1_keyword = any(
        h and h.level in (0, 1) and line is not title_line and (section_of(h.norm_label) or _section_by_year(h.norm_label, year))
        for line, h in headings
    )
    default = _default_section(title_line.text if title_line else None)
    section = "前言"
    path: list[str] = []
    pending: tuple[str, str] | None = None
    forced = list(overrides.sections)
    next_forced = 0
    paragraphs: list[Paragraph] = []
    for order, (line, heading) in enumerate(headings):
        norm = normalize(line.text)
        if pending:
            section, path = pending[0], [pending[1]]
            pending = None
        if line is title_line:
            heading = None
        elif heading and heading.level == 0:
            found = section_of(heading.norm_label) or _section_by_year(heading.norm_label, year)
            heading = Heading(1 if found else 2, heading.label, heading.norm_label)
        if heading:
            if heading.level == 1:
                found = section_of(heading.norm_label) or _section_by_year(heading.norm_label, year)
                if any_level1_keyword:
                    section, path = found or "其他", [heading.label]
                else:
                    if section == "前言":
                        section = default
                    path = [heading.label]
            else:
                if section == "前言":
                    section = default
                depth = heading.level - 1
                path = path[:depth] + [""] * (depth - len(path)) + [heading.label]
        elif section == "工作总结" and _PROBLEM.search(norm):
            section, path = "存在问题", path[:1]
        elif section in ("工作总结", "存在问题") and _plan_cue(norm, year):
            section, path = "工作计划", path[:1]
        while next_forced < len(forced) and forced[next_forced][0] <= line.number:
            section = forced[next_forced][1]
            next_forced += 1
        paragraphs.append(
            Paragraph(
                source=source,
                line=line.number,
                order=order,
                text=line.text,
                section=section,
                heading=tuple(p for p in path if p),
                town=town,
                year=year,
            )
        )
        glued = None if heading else _glued_heading(norm)
        if glued:
            label = line.text[len(norm) - len(glued) :]
            pending = (section_of(glued) or section, label)
    return paragraphs


def _plan_cue(norm: str, year: int | None) -> bool:
    if _PLAN.search(norm):
        return True
    match = _NEXT_YEAR.match(norm)
    return bool(match and year is not None and int(match.group(1)) > year)
