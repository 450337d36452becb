"""Structure: the title, the headings, and which section each paragraph of a report is in.

`document.build_document` calls it with what the other stages found (kind, years, town). Rules
come from `search.ingest.rules`; nothing here knows a particular report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.ingest import patterns as P, rules as R
from search.ingest.metadata import Years, arabic_years, year_view
from search.models import Line, Overrides, Paragraph
from search.normalize import normalize, without_pinyin
from search.vocabulary import year_spoken_of

_NOT_HEADING = re.compile("|".join(f"(?:{p})" for p in R.NOT_HEADING))
_SECTIONS = [(name, re.compile(p)) for name, p in R.SECTION_KEYWORDS]
_PROBLEM = re.compile("|".join(f"(?:{p})" for p in R.PROBLEM_CUES))
_PLAN = re.compile("|".join(f"(?:{p})" for p in R.PLAN_CUES))
_REQUEST = re.compile("|".join(f"(?:{p})" for p in R.REQUEST_CUES))
_NEXT_YEAR = re.compile(R.NEXT_YEAR_CUE)
_NEXT_ITEM = re.compile(R.NEXT_ITEM_MARKER)
_TITLE_WORDS = re.compile(R.TITLE_WORDS)
_STRONG_REVIEW = re.compile(R.STRONG_REVIEW)
_YEARLESS_TITLE = re.compile(R.YEARLESS_TITLE)
_FILE_TITLE = re.compile(R.FILE_TITLE, re.IGNORECASE)
_FRONT_MATTER = re.compile("|".join(f"(?:{p})" for p in R.FRONT_MATTER))
_SIGNATURE = re.compile(R.SIGNATURE)
_BLANK_DATE = re.compile(R.BLANK_DATE)
_LABELS = [(section, re.compile(p)) for section, p in R.SECTION_LABELS]
_SUB_LABELS = [(section, re.compile(p)) for section, p in R.SUB_HEADING_LABELS]
_BODY = ("工作总结", "存在问题", "工作计划")
_TITLE_ISSUER = re.compile(R.TITLE_ISSUER)
_OPENS_TEXT = re.compile(R.OPENS_TEXT)


@dataclass(frozen=True)
class Heading:
    level: int
    label: str
    norm_label: str


def heading_of(text: str) -> Heading | None:
    """The heading a line opens, if any: numbered at any level, or a short unnumbered line."""
    norm = normalize(text)
    for level, pattern in P.HEADINGS_RE:
        match = pattern.match(norm)
        if match:
            return Heading(level, *_label(text, norm, match.end()))
    if _is_unnumbered_heading(norm):
        return Heading(0, text, norm)
    return None


def _label(text: str, norm: str, marker_end: int) -> tuple[str, str]:
    """The heading's words: up to the first sentence end, or the next 一是-style item."""
    end = len(norm)
    stop = P.SENTENCE_END_RE.search(norm, marker_end)
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
        and not P.SENTENCE_END_RE.search(norm)
        and not (len(norm) >= R.CLAUSE_LINE_MIN and P.CLAUSE_BREAK_RE.search(norm))
        and len(P.HAN_RE.findall(norm)) >= R.UNNUMBERED_HEADING_MIN_HAN
        and not _NOT_HEADING.search(norm)
    )


def section_of(norm_heading: str) -> str | None:
    norm_heading = without_pinyin(norm_heading)
    for name, pattern in _SECTIONS:
        if pattern.search(norm_heading):
            return name
    return None


def _section_by_year(norm_heading: str, year: int | None) -> str | None:
    if year is None:
        return None
    match = P.ANY_YEAR_RE.search(arabic_years(norm_heading))
    if not match:
        return None
    found = int(match.group(1))
    if found > year:
        return "工作计划"
    if found == year:
        return "工作总结"
    return None


def _heading_section(norm_heading: str, year: int | None) -> str | None:
    """A heading naming a year after the reviewed one opens the plan, whatever its words
    (2021年主要工作 in a report reviewing 2020); otherwise its words decide."""
    by_year = _section_by_year(norm_heading, year)
    words = section_of(norm_heading)
    if by_year == "工作计划" and not (words == "工作总结" and _STRONG_REVIEW.search(norm_heading)):
        return by_year
    return words or by_year


def _glued_heading(norm: str) -> str | None:
    """A section heading stuck onto the end of a paragraph (…加以解决。2020年政府工作打算)."""
    parts = P.SENTENCE_END_RE.split(norm)
    tail = parts[-1].strip() if len(parts) > 1 else ""
    if not tail or len(tail) > R.UNNUMBERED_HEADING_MAX or not P.ANY_YEAR_RE.search(tail):
        return None
    return section_of(tail) and tail


# ---------------------------------------------------------------- metadata


def find_title(lines: tuple[Line, ...]) -> Line | None:
    """A short title line naming a year (or a template's placeholder year) among the first
    lines; failing that, a first line worded like a title (…工作情况汇报, 政府工作报告)."""
    for index, line in enumerate(lines[:3]):
        norm = year_view(line.text)
        named = _YEARLESS_TITLE.search(norm) or _TITLE_ISSUER.search(norm)
        if _title_like(norm) and named and (P.ANY_YEAR_RE.search(norm) or P.PLACEHOLDER_YEAR_RE.search(norm)):
            if not _is_part_heading(norm, lines[index + 1 :]):
                return line
    if lines:
        norm = year_view(lines[0].text)
        if _title_like(norm) and _YEARLESS_TITLE.search(norm):
            return lines[0]
    return None


def file_title(dropped: tuple[Line, ...]) -> str | None:
    """A document-sharing page's file name (2022年x镇政府工作报告.docx), or the title a content
    farm's intro names, when no line is a title."""
    for line in dropped[: R.FRONT_MATTER_LINES]:
        match = _FILE_TITLE.search(line.text.strip())
        name = match and (match.group(1) or match.group(4))
        if name and _title_like(year_view(name)):
            return name
    return None


def _title_like(norm: str) -> bool:
    return bool(
        len(norm) <= R.TITLE_MAX
        and not P.SENTENCE_END_RE.search(norm)
        and _TITLE_WORDS.search(norm)
        and not P.DATE_LINE_RE.match(norm)
        and not any(pattern.match(norm) for _, pattern in P.HEADINGS_RE)
    )


def _is_part_heading(norm: str, later: tuple[Line, ...]) -> bool:
    """A year line naming no town whose unnumbered sibling opens another section later on
    (2019年政府工作回顾 … 2020年政府工作打算) opens the report's first part; it is not the title."""
    if _TITLE_ISSUER.search(norm):
        return False
    own = section_of(norm)
    for line in later:
        heading = heading_of(line.text)
        sibling = heading.norm_label if heading and heading.level == 0 else _glued_heading(normalize(line.text))
        if sibling and P.ANY_YEAR_RE.search(sibling) and section_of(sibling) not in (None, own):
            return True
    return False


# ---------------------------------------------------------------- sections


@dataclass(frozen=True)
class Context:
    title_line: Line | None
    years: Years
    kind: str
    town: str

    def about(self, section: str, heading: tuple[str, ...]) -> int | None:
        """A plan paragraph is about the planned year, anything else about the reviewed one; a
        year in its top heading (2022年工作思路) says so directly."""
        if heading:
            match = P.ANY_YEAR_RE.search(arabic_years(normalize(heading[0])))
            if match:
                return int(match.group(1))
        return year_spoken_of(section, self.years.year, self.years.plan_year)


def _default_section(title: str | None, kind: str) -> str:
    if kind == "工作计划":
        return "工作计划"
    if title:
        section = section_of(normalize(title))
        if section in ("工作总结", "工作计划"):
            return section
    return "工作总结"


def sectioned(
    source: str,
    headings: list[tuple[Line, Heading | None]],
    ctx: Context,
    overrides: Overrides,
) -> list[Paragraph]:
    """Each paragraph's section and heading path. A sidecar entry applies from the first content
    line at or after its line, so one that names a blank or boilerplate line still takes effect."""
    year = ctx.years.year
    headings = _without_front_matter(headings, ctx.title_line)
    tail = _closing_lines(headings)
    default = _default_section(ctx.title_line.text if ctx.title_line else None, ctx.kind)
    section = "前言"
    headless = ctx.title_line is None and not any(
        _opens_section(h) or _FRONT_MATTER.search(normalize(line.text)) for line, h in headings)
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
        if heading and heading.level == 0:
            found = _heading_section(heading.norm_label, year)
            heading = None if not found and section == "前言" else Heading(1 if found else 2, heading.label,
                                                                              heading.norm_label)
        label = _label_section(norm)
        if headless and section == "前言" and not (_OPENS_TEXT.search(norm) or _FRONT_MATTER.search(norm)):
            section = default
        if order in tail:
            section, path = "其他", []
        elif heading and heading.level == 1:
            found = _heading_section(heading.norm_label, year)
            section = found or (default if section in ("前言", "其他") else section)
            path = [heading.label]
        elif heading:
            if section == "前言":
                section = default
            depth = heading.level - 1
            path = path[:depth] + [""] * (depth - len(path)) + [heading.label]
            section = _sub_heading_section(heading.norm_label, norm, section)
        elif label and section != "前言":
            section, path = label, path[:1]
        elif section in _BODY and _REQUEST.search(norm):
            section, path = "意见建议", path[:1]
        elif section == "工作总结" and _PROBLEM.search(norm):
            section, path = "存在问题", path[:1]
        elif section in ("工作总结", "存在问题") and _plan_cue(norm, year):
            section, path = "工作计划", path[:1]
        while next_forced < len(forced) and forced[next_forced][0] <= line.number:
            section = forced[next_forced][1]
            next_forced += 1
        shown = tuple(p for p in path if p)
        paragraphs.append(
            Paragraph(
                source=source,
                line=line.number,
                order=order,
                text=line.text,
                section=section,
                heading=shown,
                town=ctx.town,
                year=year,
                about_year=ctx.about(section, shown),
                end_line=line.end,
                part=line.part,
            )
        )
        glued = None if heading else _glued_heading(norm)
        if glued:
            glued_label = line.text[len(norm) - len(glued) :]
            pending = (section_of(glued) or section, glued_label)
    return paragraphs


def _opens_section(heading: Heading | None) -> bool:
    return bool(heading and (heading.level > 0 or section_of(heading.norm_label)))


def _without_front_matter(headings: list[tuple[Line, Heading | None]],
                          title_line: Line | None) -> list[tuple[Line, Heading | None]]:
    """The title (and its repeats: a page heading, then the document's own), page titles above it
    and a speech's front matter (——在…会议上, the speaker, 各位代表:) open no section."""
    result = []
    opening = True
    before_title = title_line is not None
    title = normalize(title_line.text) if title_line else None
    for line, heading in headings:
        norm = normalize(line.text)
        front = opening and (_FRONT_MATTER.search(norm) or norm == title
                             or (title_line and _is_subtitle(norm, heading)))
        if before_title or line is title_line or front:
            before_title = before_title and line is not title_line
            heading = None
        elif heading and (heading.level != 0 or section_of(heading.norm_label)):
            opening = False
        result.append((line, heading))
    return result


def _is_subtitle(norm: str, heading: Heading | None) -> bool:
    """A second title under the title (镇人代会政府工作报告, the title without the site's prefix):
    worded like a title, and naming its issuer when it names a year (else it opens a part)."""
    if heading and heading.level != 0:
        return False
    view = arabic_years(norm)
    return bool(_title_like(view) and _YEARLESS_TITLE.search(view)
                and (not P.ANY_YEAR_RE.search(view) or _TITLE_ISSUER.search(view)))


def _closing_lines(headings: list[tuple[Line, Heading | None]]) -> set[int]:
    """Orders of the signature and date lines that close a report; they belong to no plan."""
    tail: set[int] = set()
    for order in range(len(headings) - 1, max(-1, len(headings) - 1 - R.SIGNATURE_LINES), -1):
        norm = without_pinyin(normalize(headings[order][0].text)).strip()
        if P.DATE_LINE_RE.match(arabic_years(norm)) or _SIGNATURE.match(norm) or _BLANK_DATE.match(norm):
            tail.add(order)
        else:
            break
    return tail


def _sub_heading_section(norm_label: str, norm: str, section: str) -> str:
    """Inside a part, a numbered sub-heading that is a section label ((二)改进措施) switches the
    section, and so does a numbered item that asks higher levels for help ((三)恳请县委…)."""
    if section not in _BODY + ("意见建议",):
        return section
    marker = P.HEADING_START_RE.match(norm_label)
    words = norm_label[marker.end():].strip() if marker else norm_label
    for name, pattern in _SUB_LABELS:
        if pattern.match(words):
            return name
    return "意见建议" if _REQUEST.search(norm) else section


def _label_section(norm: str) -> str | None:
    for section, pattern in _LABELS:
        if pattern.match(norm):
            return section
    return None


def _plan_cue(norm: str, year: int | None) -> bool:
    if _PLAN.search(norm):
        return True
    match = _NEXT_YEAR.match(norm)
    return bool(match and year is not None and int(match.group(1)) > year)
