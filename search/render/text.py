"""Results as terminal text: hit headers and snippets, facet lines, report tables, summaries.

Built on style.py (colour, display width, wrapping); what data output looks like is data.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from search.models import Hit, IndexReport, SearchResult, Skipped, TermSplit
from search.render.style import BOLD, DIM, ELLIPSIS, INDENT, Style, columns, truncate, visible, wrap_hanging
from search.vocabulary import HEADING_JOIN, UNKNOWN

SENTENCE_END = "。！？；!?;"


FRAGMENTS = 3


FRAGMENT_MAX = 160


WINDOW = 60


SEPARATOR = " … "


CLAUSE_MARKS = "，,、；;：:"


FACET_VALUES = 10


def fragments(text: str, spans: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Ranges of `text` to show: whole sentences around matches, trimmed when very long."""
    if not spans:
        end = _sentence_end(text, 0)
        return [(0, min(end, FRAGMENT_MAX))]
    chosen: list[tuple[int, int]] = []
    for start, end in spans:
        s, e = _sentence_start(text, start), _sentence_end(text, end)
        if e - s > FRAGMENT_MAX:
            s, e = _cut_left(text, max(s, start - WINDOW), start), _cut_right(text, min(e, end + WINDOW), end)
        if chosen and s <= chosen[-1][1]:
            chosen[-1] = (chosen[-1][0], max(chosen[-1][1], e))
        else:
            if len(chosen) == FRAGMENTS:
                break
            chosen.append((s, e))
    return chosen


def _cut_left(text: str, pos: int, limit: int) -> int:
    """A start at or after `pos` (before `limit`) that begins a clause, else one that does not
    split a run of letters or digits."""
    for i in range(pos, limit):
        if i > 0 and text[i - 1] in CLAUSE_MARKS:
            return i
    while 0 < pos < limit and _word_char(text[pos - 1]) and _word_char(text[pos]):
        pos += 1
    return pos


def _word_char(ch: str) -> bool:
    """An ASCII letter or digit: a cut between two of them would split a word or a number."""
    return ch.isascii() and ch.isalnum()


def _cut_right(text: str, pos: int, limit: int) -> int:
    """An end at or before `pos` (after `limit`) that closes a clause, else one that does not
    split a run of letters or digits."""
    for i in range(pos, limit, -1):
        if text[i - 1] in CLAUSE_MARKS:
            return i
    while limit < pos < len(text) and _word_char(text[pos - 1]) and _word_char(text[pos]):
        pos -= 1
    return pos


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


def snippet_pieces(hit: Hit, style: Style, whole: bool = False) -> list[tuple[str, str]]:
    """The snippet as (shown, raw) pieces: fragments around the matches (the whole paragraph if
    `whole`), one separator between fragments, and a count of the matches no fragment shows."""
    pieces: list[tuple[str, str]] = []
    frags = [(0, len(hit.text))] if whole else fragments(hit.text, hit.highlights)
    for number, (start, end) in enumerate(frags):
        pieces.append((SEPARATOR, SEPARATOR) if number else (ELLIPSIS, ELLIPSIS) if start > 0 else ("", ""))
        pos = start
        for h_start, h_end in hit.highlights:
            if h_end <= start or h_start >= end:
                continue
            h_start, h_end = max(h_start, start), min(h_end, end)
            pieces.extend((ch, ch) for ch in visible(hit.text[pos:h_start]))
            marked = visible(hit.text[h_start:h_end])
            pieces.append((f"【{marked}】" if style.marks else marked, style.match(marked)))
            pos = h_end
        pieces.extend((ch, ch) for ch in visible(hit.text[pos:end]))
    if frags and frags[-1][1] < len(hit.text):
        pieces.append((ELLIPSIS, ELLIPSIS))
    hidden = sum(1 for h in hit.highlights if not any(s <= h[0] < e for s, e in frags))
    if hidden:
        more = f" (+{hidden} more {'match' if hidden == 1 else 'matches'})"
        pieces.append((more, style.wrap(more, DIM)))
    return [p for p in pieces if p[0]]


def snippet(hit: Hit, style: Style) -> str:
    return "".join(raw for _, raw in snippet_pieces(hit, style))


def place(hit: Hit) -> str:
    return " · ".join([visible(hit.town or UNKNOWN), str(hit.year or UNKNOWN), visible(hit.section)])


def header(hit: Hit, style: Style) -> str:
    """`source:line` first (what a citation and an editor need), then town · year · section and
    the heading path. Too wide for the terminal, the path goes on an indented line of its own,
    its upper levels shortened to … first."""
    cite = visible(hit.citation)
    title = place(hit)
    path = [visible(h) for h in hit.heading]
    full = HEADING_JOIN.join([title, *path])
    if style.width is None or columns(cite) + 2 + columns(full) <= style.width:
        return f"{style.wrap(cite, DIM)}  {style.wrap(full, BOLD)}"
    first = f"{style.wrap(cite, DIM)}  {style.wrap(truncate(title, max(style.width - columns(cite) - 2, 10)), BOLD)}"
    if not path:
        return first
    room = max(style.width - columns(INDENT), 10)
    shown, cut = HEADING_JOIN.join(path), 0
    while columns(shown) > room and cut < len(path) - 1:
        cut += 1
        shown = HEADING_JOIN.join([ELLIPSIS, *path[cut:]])
    return f"{first}\n{INDENT}{style.wrap(truncate(shown, room), BOLD)}"


def facets_text(facets: dict[str, dict[str, int]], limit: int | None = FACET_VALUES) -> list[str]:
    lines = []
    for name, counts in facets.items():
        if not counts:
            continue
        items = list(counts.items())
        shown = items if limit is None else items[:limit]
        line = f"{visible(name)}: " + "  ".join(f"{visible(str(value))} {count}" for value, count in shown)
        if len(items) > len(shown):
            line += f"  … {len(items) - len(shown)} more"
        lines.append(line)
    return lines


def splits_text(splits: tuple[TermSplit, ...]) -> list[str]:
    """What --explain prints: how each term was split and which rule found its paragraphs."""
    lines = []
    for split in splits:
        if split.quoted:
            lines.append(f'"{visible(split.term)}": quoted, matched literally in {split.literal} paragraphs')
            continue
        parts = visible(" + ".join(split.pieces))
        rule = f"literally in {split.literal} paragraphs"
        if len(split.pieces) > 1:
            rule += f", its pieces {parts} apart in {split.apart} more"
        lines.append(f"{visible(split.term)}: split as {parts}; matched {rule}")
    return lines


def result_text(result: SearchResult, style: Style, whole: bool = False) -> str:
    lines = []
    for hit in result.hits:
        lines.append(header(hit, style))
        lines.append(wrap_hanging(snippet_pieces(hit, style, whole), style.width))
        lines.append("")
    lines.append(style.wrap(result_summary(result, len(result.hits)), BOLD))
    lines.extend(facets_text(result.facets))
    return "\n".join(lines)


def result_summary(result: SearchResult, shown: int, folded: bool = False) -> str:
    """How many paragraphs matched and how many are shown; --all is advised only to a page."""
    noun = "paragraph" if result.total == 1 else "paragraphs"
    if shown >= result.total:
        return f"{result.total} {noun}"
    why = "; identical copies folded" if folded else ""
    advice = f"--limit N or --all for more{why}" if result.limit is not None else why.lstrip("; ")
    return f"{result.total} {noun}, showing {shown} ({advice})"


def neighbours_text(result: SearchResult, shown: Sequence[tuple[str | None, list[Hit]]], style: Style) -> str:
    """`query -C N`: each hit's whole paragraph among its neighbours, as `show -C N` prints them."""
    blocks = [paragraphs_text(hits, focus, style) for focus, hits in shown]
    summary = style.wrap(result_summary(result, len(shown)), BOLD)
    return "\n\n".join([*blocks, summary])


def facet_lines(facets: Mapping[str, Mapping[str, int]]) -> str:
    """`search facets`: each field, then one value a line with its count aligned, so a long
    list of towns reads down the terminal instead of across it."""
    lines = []
    for name, counts in facets.items():
        if not counts:
            continue
        labels = [visible(str(value)) for value in counts]
        width = max(map(columns, labels))
        lines.append(f"{name}:")
        lines += [f"  {label}{' ' * (width - columns(label))}  {count:>6}"
                  for label, count in zip(labels, counts.values(), strict=True)]
    return "\n".join(lines)


def dropped_count(row: Mapping[str, Any]) -> int:
    """How many lines a row's report lost as boilerplate, listed or recorded by number."""
    if "boilerplate" in row:
        return len(row["boilerplate"])
    return len([n for n in str(row.get("dropped_lines") or "").split(",") if n])


GONE_LINE = "(no longer in the file: it was shortened since it was indexed; `search index` updates it)"


def dropped_lines(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """`search docs --verbose`: each report's dropped lines with their line numbers; a line the
    file no longer has (the report was shortened after indexing) is said to be gone."""
    out = []
    for row in rows:
        for item in row.get("boilerplate") or ():
            text = GONE_LINE if item["text"] is None else visible(str(item["text"]))
            out.append(f"{visible(row['source'])}:{item['line']}  dropped  {text}")
        if row.get("url"):
            out.append(f"{visible(row['source'])}  url  {visible(str(row['url']))}")
    return out


DOC_COLUMNS = (("SOURCE", "source"), ("TOWN", "town"), ("COUNTY", "county"), ("CITY", "city"),
               ("PROVINCE", "province"), ("CODE", "division_code"), ("KIND", "kind"), ("YEAR", "year"),
               ("DATE", "date"), ("PARAS", "paragraphs"), ("DROPPED", "dropped"), ("FORMAT", "format"),
               ("PAGES", "pages"), ("TITLE", "title"))


def documents_table(rows: Sequence[Mapping[str, Any]], width: int | None = None) -> str:
    """A headed table, one report a line, columns aligned by display width; the title column
    is cut to the terminal's width."""
    def cell(row: Mapping[str, Any], key: str) -> str:
        value = dropped_count(row) if key == "dropped" else row.get(key)
        if key == "pages" and not value:
            return "-"
        return visible(str(value)) if value not in (None, "") else (UNKNOWN if key in ("town", "year") else "-")

    table = [[name for name, _ in DOC_COLUMNS]] + [[cell(r, key) for _, key in DOC_COLUMNS] for r in rows]
    sizes = [max(columns(line[i]) for line in table) for i in range(len(DOC_COLUMNS) - 1)]
    out = []
    for line in table:
        text = "  ".join(c + " " * (size - columns(c)) for c, size in zip(line, sizes, strict=False)) + "  " + line[-1]
        out.append(truncate(text, width) if width else text)
    out.append(f"{len(rows)} {'report' if len(rows) == 1 else 'reports'}")
    return "\n".join(out)


def skipped_line(item: Skipped) -> str:
    return f"{'Error' if item.unreadable else 'Warning'}: skipped {visible(item.source)}: {visible(item.reason)}"


def index_warnings(report: IndexReport) -> list[str]:
    """What `search index` says on stderr: files skipped, sidecars broken, reports with no town."""
    lines = [skipped_line(s) for s in report.skipped]
    lines += [f"Error: {visible(s.source)}: {visible(s.reason)}; its previous version stays indexed until "
              + ("the sidecar is fixed" if s.sidecar else "it can be read") for s in report.kept]
    if len(report.townless) > TOWNLESS_LISTED:
        lines.append(f"Warning: {len(report.townless)} reports with no town: search docs -t unknown lists them; "
                     "add REPORT.meta.toml with town = \"…\" beside each")
        return lines
    lines += [f"Warning: no town found in {visible(s)}; add {visible(s.rsplit('.', 1)[0])}.meta.toml with town = \"…\""
              for s in report.townless]
    return lines


TOWNLESS_LISTED = 3
"""Reports with no town named one by one; more are summarised in one line, so a large corpus's
warnings do not bury the build's summary."""


def report_text(report: IndexReport) -> str:
    kind = "full build" if report.full else "update"
    counts = (f"{len(report.indexed)} indexed ({report.paragraphs} paragraphs), {len(report.unchanged)} unchanged, "
              f"{len(report.removed)} removed, {len(report.skipped)} skipped")
    if report.kept:
        counts += f", {len(report.kept)} kept at their previous version"
    lines = [f"Index {kind}: {counts} in {report.seconds:.1f} s" + ("" if report.published else "; nothing changed")]
    lines += [f"  removed {visible(s)}" for s in report.removed]
    lines += [f"  index:  {visible(report.index)}", f"  corpus: {visible(report.corpus)}"]
    return "\n".join(lines)


def paragraphs_text(hits: list[Hit], focus: str | None, style: Style) -> str:
    """The focused paragraph's header (the report's first when there is no focus), then it
    and its neighbours by line, the focus marked with >."""
    lines = [header(hit, style) for hit in hits if hit.id == focus] or [header(hits[0], style)] if hits else []
    for hit in hits:
        marker = ">" if hit.id == focus else " "
        lines.append(f"{marker} {hit.citation[len(hit.source) + 1:]:>4}  {visible(hit.text)}")
    return "\n".join(lines)
