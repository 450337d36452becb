"""Turning results into terminal text or JSON; the only place that knows how output looks.

Paragraph text is shown literally: control characters (ANSI escapes included) become visible
symbols of the same length, so highlight offsets stay valid and nothing reaches the terminal
as a command. No markup language is involved, so `[bold]` is just text.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict

from search.models import Document, Hit, IndexReport, SearchResult, Skipped

SENTENCE_END = "。！？；!?;"
FRAGMENTS = 3
FRAGMENT_MAX = 160
WINDOW = 60
ELLIPSIS = "…"
BOLD_RED, DIM, BOLD, RESET = "\x1b[1;31m", "\x1b[2m", "\x1b[1m", "\x1b[0m"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f]")


def visible(text: str) -> str:
    """Control characters as their visible Unicode pictures (␛ for ESC); same length."""
    return _CONTROL.sub(lambda m: chr(0x2400 + ord(m.group())) if m.group() < " " else "\u2421" if m.group() == "\x7f" else "\ufffd", text)


class Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def wrap(self, text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if self.color else text


def fragments(text: str, spans: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Ranges of `text` to show: whole sentences around matches, trimmed when very long."""
    if not spans:
        end = _sentence_end(text, 0)
        return [(0, min(end, FRAGMENT_MAX))]
    chosen: list[tuple[int, int]] = []
    for start, end in spans:
        s, e = _sentence_start(text, start), _sentence_end(text, end)
        if e - s > FRAGMENT_MAX:
            s, e = max(s, start - WINDOW), min(e, end + WINDOW)
        if chosen and s <= chosen[-1][1]:
            chosen[-1] = (chosen[-1][0], max(chosen[-1][1], e))
        else:
            if len(chosen) == FRAGMENTS:
                break
            chosen.append((s, e))
    return chosen


def _sentence_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and text[i - 1] not in SENTENCE_END:
        i -= 1
    return i


def _sentence_end(text: str, pos: int) -> int:
    if 0 < pos and text[pos - 1] in SENTENCE_END:
        return pos
    i = pos
    while i < len(text):
        i += 1
        if text[i - 1] in SENTENCE_END:
            break
    return i


def snippet(hit: Hit, style: Style) -> str:
    parts = []
    frags = fragments(hit.text, hit.highlights)
    for start, end in frags:
        out, pos = [], start
        for h_start, h_end in hit.highlights:
            if h_end <= start or h_start >= end:
                continue
            h_start, h_end = max(h_start, start), min(h_end, end)
            out.append(visible(hit.text[pos:h_start]))
            marked = visible(hit.text[h_start:h_end])
            out.append(style.wrap(marked, BOLD_RED) if style.color else f"【{marked}】")
            pos = h_end
        out.append(visible(hit.text[pos:end]))
        prefix = ELLIPSIS if start > 0 else ""
        suffix = ELLIPSIS if end < len(hit.text) else ""
        parts.append(prefix + "".join(out) + suffix)
    return " ".join(parts)


def header(hit: Hit, style: Style) -> str:
    place = " · ".join([hit.town or "?", str(hit.year or "?"), hit.section])
    path = " › ".join(visible(h) for h in hit.heading)
    title = f"{place} › {path}" if path else place
    return f"{style.wrap(title, BOLD)}  {style.wrap(f'{visible(hit.source)}:{hit.line}', DIM)}"


def facets_text(facets: dict[str, dict[str, int]]) -> list[str]:
    return [f"{name}: " + "  ".join(f"{value} {count}" for value, count in counts.items())
            for name, counts in facets.items() if counts]


def result_text(result: SearchResult, style: Style) -> str:
    lines = []
    for hit in result.hits:
        lines.append(header(hit, style))
        lines.append("  " + snippet(hit, style))
        lines.append("")
    shown = len(result.hits)
    noun = "paragraph" if result.total == 1 else "paragraphs"
    summary = f"{result.total} {noun}" + (f", showing {shown} (--limit N or --all for more)" if shown < result.total else "")
    lines.append(style.wrap(summary, BOLD))
    lines.extend(facets_text(result.facets))
    return "\n".join(lines)


def dumps(data: object) -> str:
    """JSON with Chinese kept readable; DEL and C1 controls escaped, as json escapes C0 ones."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def result_json(result: SearchResult) -> str:
    return dumps(
        {
            "query": result.query,
            "total": result.total,
            "hits": [
                {
                    "id": h.id, "source": h.source, "line": h.line, "town": h.town, "year": h.year,
                    "section": h.section, "heading": list(h.heading), "score": h.score, "text": h.text,
                    "highlights": [list(span) for span in h.highlights],
                    "county": h.county, "city": h.city, "province": h.province, "kind": h.kind,
                    "about_year": h.about_year, "end_line": h.end_line,
                }
                for h in result.hits
            ],
            "facets": result.facets,
        }
    )


def document_row(doc: Document) -> dict:
    return {
        "source": doc.source, "town": doc.town, "year": doc.year, "title": doc.title, "date": doc.date,
        "encoding": doc.encoding, "paragraphs": len(doc.paragraphs), "sections": doc.section_counts(),
        "county": doc.county, "city": doc.city, "province": doc.province, "division_code": doc.division_code,
        "town_checked": doc.town_checked, "kind": doc.kind, "year_doubt": doc.year_doubt,
        "boilerplate": [{"line": line.number, "text": line.text} for line in doc.dropped],
    }


def place_text(doc: Document) -> str:
    """衡南县 衡阳市 湖南省 430422110, or why the place is unknown."""
    if not doc.town:
        return "(no town)"
    place = " ".join(p for p in (doc.county, doc.city, doc.province, doc.division_code) if p)
    if not doc.town_checked:
        return "(not in the gazetteer)"
    return place if doc.county else f"{place} (county unresolved)".strip()


def documents_text(docs: list[Document], verbose: bool = False) -> str:
    lines = []
    for doc in docs:
        row = document_row(doc)
        sections = "  ".join(f"{k} {v}" for k, v in row["sections"].items())
        lines.append(f"{visible(doc.source)}  {doc.town or '?'}  {doc.year or '?'}  {doc.date or '-'}  {doc.encoding}  "
                     f"{row['paragraphs']} paragraphs")
        lines.append(f"  {visible(place_text(doc))}  {doc.kind}  {len(doc.dropped)} boilerplate lines dropped")
        if doc.year_doubt:
            lines.append(f"  year doubt: {visible(doc.year_doubt)}")
        if doc.title:
            lines.append(f"  {visible(doc.title)}")
        lines.append(f"  {sections}")
        if verbose:
            lines.extend(f"  dropped {line.number:>4}  {visible(line.text)}" for line in doc.dropped)
    return "\n".join(lines)


def skipped_line(item: Skipped) -> str:
    return f"Warning: skipped {visible(item.source)}: {item.reason}"


def report_text(report: IndexReport) -> str:
    kind = "full build" if report.full else "update"
    lines = [f"Index {kind}: {len(report.indexed)} indexed ({report.paragraphs} paragraphs), "
             f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, {len(report.skipped)} skipped"]
    lines += [f"  removed {visible(s)}" for s in report.removed]
    lines += [f"  skipped {visible(s.source)}: {s.reason}" for s in report.skipped]
    return "\n".join(lines)


def paragraphs_text(hits: list[Hit], focus: str, style: Style) -> str:
    """The focused paragraph's header, then it and its neighbours by line, marked with >."""
    lines = [header(hit, style) for hit in hits if hit.id == focus]
    for hit in hits:
        marker = ">" if hit.id == focus else " "
        lines.append(f"{marker} {hit.line:>4}  {visible(hit.text)}")
    return "\n".join(lines)


def facets_json(facets: dict[str, dict[str, int]]) -> str:
    return dumps(facets)


def hits_json(hits: list[Hit]) -> str:
    return dumps([asdict(h) for h in hits])


def documents_json(docs: list[Document]) -> str:
    return dumps([document_row(d) for d in docs])
