"""Terminal text for the research commands: keyword-in-context lines, trend tables with bar
charts, plans beside reviews, shared texts, reports with their paragraphs, and query results
with copies folded. Built on style.py (display width, colour) and text.py (headers, snippets),
so corpus text is shown literally and safely as everywhere else.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from search.engine.variants import Expansion, explain
from search.models import Hit, Member, SearchResult
from search.render.style import BOLD, DIM, Style, columns, truncate, visible, wrap_hanging
from search.render.text import facets_text, header, result_summary, snippet_pieces
from search.research.tables import COLUMNS, Table
from search.vocabulary import UNKNOWN

if TYPE_CHECKING:
    # Records named only in signatures: `search query` prints through this module and must not
    # load every analysis to do so.
    from search.research.compare import Comparison, Mention, Pair
    from search.research.counted import Counted
    from search.research.dupes import Collapsed, Shared
    from search.research.kwic import Occurrence
    from search.research.reports import Report
    from search.research.scope import ReportGroup
    from search.research.trend import Trend

BAR_WIDTH = 40
BLOCKS = " ▏▎▍▌▋▊▉█"
HEADS = {"report": "matching", "paragraph": "paragraphs", "occurrence": "occurrences"}


def expansions_text(found: Sequence[Expansion]) -> list[str]:
    """What --explain says about variants (nothing when none applied)."""
    return [f"variants: {visible(line)}" for line in explain(list(found))]


def _pad_left(text: str, width: int) -> str:
    return " " * max(width - columns(text), 0) + text


def _pad_right(text: str, width: int) -> str:
    return text + " " * max(width - columns(text), 0)


def kwic_text(found: Sequence[Occurrence], width: int, style: Style) -> str:
    """One occurrence a line: left context right-aligned, the match, right context, source:line;
    the contexts narrowed so that every line fits the terminal's width."""
    room = _kwic_room(found, width, style.width)
    lines = []
    for o in found:
        left, right = _tail(visible(o.left), room), truncate(visible(o.right), room) if room else ""
        cite = style.wrap(visible(o.citation or f"{o.source}:{o.line}"), DIM)
        lines.append(f"{_pad_left(left, room)}  {style.match(visible(o.match))}  {_pad_right(right, room)}  {cite}")
    lines.append(style.wrap(kwic_summary(found), BOLD))
    return "\n".join(lines)


def kwic_summary(found: Sequence[Occurrence]) -> str:
    """`6 occurrences in 4 paragraphs`: the line under a concordance."""
    paragraphs = len({o.id for o in found})
    noun = "occurrence" if len(found) == 1 else "occurrences"
    return f"{len(found)} {noun} in {paragraphs} paragraph{'s' if paragraphs != 1 else ''}"


def _kwic_room(found: Sequence[Occurrence], width: int, terminal: int | None) -> int:
    """Columns for each context: `width` characters' worth, or what the terminal leaves."""
    room = 2 * width
    if terminal is None or not found:
        return room
    fixed = max(columns(visible(o.match)) for o in found) + max(columns(f"{visible(o.source)}:{o.line}") for o in found)
    return max(0, min(room, (terminal - fixed - 6) // 2))


def _tail(text: str, width: int) -> str:
    """The end of `text` in `width` columns, starting with … when cut."""
    if columns(text) <= width:
        return text
    return truncate(text[::-1], width)[::-1] if width else ""


def _label(value: object) -> str:
    return UNKNOWN if value is None else visible(str(value))


def bar(value: float, top: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of `value` against `top`, in eighths of a character."""
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    return "█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")


def trend_text(result: Trend, share: bool, style: Style) -> str:
    """One dimension: a table with a bar per row. Two: a crosstab of the first by the second."""
    unit = HEADS[result.per]
    if len(result.by) == 2:
        return _crosstab(result, share, style)
    values = [c.share if share else c.count for c in result.cells]
    top = max(values, default=0)
    labels = [_label(c.key[0]) for c in result.cells]
    key_width = max([columns(result.by[0]), *map(columns, labels)])
    head = f"{_pad_right(result.by[0], key_width)}  {unit:>10}  {'reports':>7}  {'share':>6}"
    room = BAR_WIDTH if style.width is None else max(1, min(BAR_WIDTH, style.width - columns(head) - 2))
    lines = [style.wrap(head, BOLD)]
    for label, cell, value in zip(labels, result.cells, values, strict=True):
        lines.append(f"{_pad_right(label, key_width)}  {cell.count:>10}  {cell.reports:>7}  {cell.share:>6.2f}  "
                     f"{bar(value, top, room)}".rstrip())
    what = f"{result.per}s" if result.per != "report" else "matching reports"
    lines.append(f"{result.total} {what} in all; bars show {'the share of reports' if share else 'the counts'}")
    return "\n".join(lines)


def _crosstab(result: Trend, share: bool, style: Style) -> str:
    rows = list(dict.fromkeys(c.key[0] for c in result.cells))
    cols = list(dict.fromkeys(c.key[1] for c in sorted(result.cells, key=lambda c: (c.key[1] is None, str(c.key[1])))))
    cells = {c.key: c for c in result.cells}

    def value(row: object, col: object) -> str:
        cell = cells.get((row, col))
        if cell is None:
            return "·"
        return f"{cell.share:.2f}" if share else str(cell.count)

    labels = [_label(r) for r in rows]
    first = max([columns(f"{result.by[0]} \\ {result.by[1]}"), *map(columns, labels)])
    widths = [max(columns(_label(c)), 4) for c in cols]
    hidden = _columns_past(first, widths, style.width)
    if hidden:
        cols, widths = cols[:-hidden], widths[:-hidden]
    head = _pad_right(f"{result.by[0]} \\ {result.by[1]}", first) + "".join(
        "  " + _pad_left(_label(c), w) for c, w in zip(cols, widths, strict=True))
    lines = [style.wrap(head, BOLD)]
    for row, label in zip(rows, labels, strict=True):
        cells_of_row = "".join("  " + _pad_left(value(row, c), w) for c, w in zip(cols, widths, strict=True))
        lines.append(_pad_right(label, first) + cells_of_row)
    what = f"{result.per}s" if result.per != "report" else "matching reports"
    shown = "share of reports" if share else what
    lines.append(f"{result.total} {what} in all; cells show the {shown} (· no reports)")
    if hidden:
        lines.append(f"{hidden} more {result.by[1]} column{'s' if hidden != 1 else ''} past the terminal's width: "
                     "-f csv has them all")
    return "\n".join(lines)


def _columns_past(first: int, widths: Sequence[int], terminal: int | None) -> int:
    """How many of a crosstab's last columns do not fit the terminal (none without a width)."""
    if terminal is None:
        return 0
    used, fit = first, 0
    for width in widths:
        if used + 2 + width > terminal:
            break
        used, fit = used + 2 + width, fit + 1
    return len(widths) - fit


def compare_text(result: Comparison, town: str, style: Style) -> str:
    """Each plan item with the review item that meets it, or the best candidate and its score
    when none does, and the problem paragraphs that speak of an unmet plan; with no review at
    all, the plans and a line that says so."""
    year = result.year
    lines = [style.wrap(f"{visible(town)}: plans for {year} beside reviews of {year}", BOLD), ""]
    if not result.plans:
        lines.append(f"no plan paragraphs about {year} (工作计划 of the {year - 1} report) in the index")
    mentions: dict[str, list[Mention]] = {}
    for mention in result.mentions:
        mentions.setdefault(mention.plan.id, []).append(mention)
    for pair in result.pairs:
        lines.append(f"plan    {_cite(pair.plan, style)}  {_short(pair.plan)}")
        lines += _candidate_lines(pair, bool(result.reviews), style)
        for mention in mentions.get(pair.plan.id, []):
            lines.append(f"problem {_cite(mention.problem, style)}  {_short(mention.problem)}")
            shared = visible("、".join(mention.shared))
            lines.append(style.wrap(f"        shared: {shared}  score {mention.score:.2f}", DIM))
        if result.reviews:
            lines.append("")
    if not result.reviews:
        lines += ["", f"no review paragraphs about {year} (工作总结 of the {year} report) in the index", ""]
    lines.append(style.wrap(compare_summary(result), BOLD))
    return "\n".join(lines)


def compare_summary(result: Comparison) -> str:
    """The line that ends a comparison: how many plans a review meets, and the rule of a match."""
    from search.research.compare import MIN_OVERLAP, MIN_SHARED

    return (f"{result.matched} of {len(result.plans)} plan items have a matching review item "
            f"({len(result.reviews)} review items; a match shares {MIN_SHARED}+ words and "
            f"scores {MIN_OVERLAP:.2f}+)")


def _candidate_lines(pair: Pair, any_review: bool, style: Style) -> list[str]:
    if pair.candidate is None:
        return ["review  (none shares a word)"] if any_review else []
    label = "review " if pair.met else "best   "
    note = "" if pair.met else "  (below the match rule)"
    return [f"{label} {_cite(pair.candidate, style)}  {_short(pair.candidate)}",
            style.wrap(f"        shared: {visible('、'.join(pair.shared))}  score {pair.score:.2f}{note}", DIM)]


def _cite(record: Hit | Member, style: Style) -> str:
    return _cite_id(record.citation if isinstance(record, Hit) else f"{record.source}:{record.line}", style)


def _short(record: Hit, width: int = 60) -> str:
    return truncate(visible(record.text), width)


COPY_LINE = 100
"""Columns a line of copies may take where the output has no width (a pipe, a file)."""
MEMBERS_SHOWN = 12
"""Paragraphs of a shared text listed before `… and N more` (the data formats list them all)."""


def fitted(prefix: str, items: Sequence[str], width: int | None, total: int = 0) -> str:
    """`prefix` and as many `items` as fit on one line, then `… and N more`, of `total` when the
    items are the first of more."""
    limit, total = width or COPY_LINE, max(total, len(items))
    shown: list[str] = []
    for number, item in enumerate(items):
        rest = total - number - 1
        tail = f" … and {rest} more" if rest else ""
        if shown and columns(prefix + ", ".join([*shown, item]) + tail) > limit:
            return prefix + ", ".join(shown) + f" … and {total - len(shown)} more"
        shown.append(item)
    return prefix + ", ".join(shown) + (f" … and {total - len(shown)} more" if total > len(shown) else "")


def changes_text(changes: Sequence[tuple[str, str]]) -> list[str]:
    """A character diff as `old→new` pieces (∅ for nothing), each safe to print."""
    return [f"{visible(old) or '∅'}→{visible(new) or '∅'}" for old, new in changes]


def shared_text(found: Sequence[Shared], total: int, reports: Mapping[str, Report], style: Style) -> str:
    """Each shared text: how many reports, the text, then its reports earliest first, each
    identical to the first or a near-copy with what changed, and the other towns it names."""
    lines = []
    for item in found:
        group = item.group
        lines.append(style.wrap(f"{group.reports()} reports", BOLD) + f"  {truncate(visible(item.text), 80)}")
        for copy in item.copies[:MEMBERS_SHOWN]:
            report = reports.get(copy.member.source)
            when = _label(report.year if report else None)
            town = _label(report.town if report else None)
            head = f"  {when}  {_pad_right(town, 10)}  {_cite(copy.member, style)}  {copy.kind}"
            if copy.names:
                head += f"  names another town ({', '.join(map(visible, copy.names))})"
            lines.append(head)
            if copy.changes:
                alike = f"{copy.similarity:.2f} similar, " if copy.similarity < 1 else ""
                changed = fitted(f"      {alike}changed: ", changes_text(copy.changes), style.width)
                lines.append(style.wrap(changed, DIM))
        if len(group.members) > len(item.copies[:MEMBERS_SHOWN]):
            more = len(group.members) - len(item.copies[:MEMBERS_SHOWN])
            lines.append(f"  … and {more} more (--format csv lists them all)")
        lines.append("")
    summary = f"{total} shared text{'s' if total != 1 else ''}"
    if len(found) < total:
        summary += f", showing {len(found)} (--limit N or --all for more)"
    lines.append(style.wrap(summary, BOLD))
    return "\n".join(lines)


def report_groups_text(groups: Sequence[ReportGroup], style: Style) -> str:
    """--scope report: each matching report, then its matching paragraphs."""
    lines = []
    for group in groups:
        count = len(group.hits)
        head = (f"{visible(group.source)}  {_label(group.town)} · {_label(group.year)}  "
                f"({count} paragraph{'s' if count != 1 else ''})")
        lines.append(style.wrap(head, BOLD))
        for hit in group.hits:
            lines.append(f"  {header(hit, style)}")
            lines.append(wrap_hanging(snippet_pieces(hit, style), style.width, indent="    "))
        lines.append("")
    count = len(groups)
    lines.append(style.wrap(f"{count} report{'s' if count != 1 else ''}", BOLD))
    return "\n".join(lines)


def collapsed_text(result: SearchResult, shown: Sequence[Collapsed], reports: Mapping[str, Report],
                   style: Style, whole: bool = False) -> str:
    """Query results with identical copies in other reports folded under a paragraph, its
    near-copies counted, and a near-copy of a paragraph shown above marked with what changed."""
    lines = []
    for item in shown:
        lines.append(header(item.hit, style))
        lines.append(wrap_hanging(snippet_pieces(item.hit, style, whole), style.width))
        lines.extend(style.wrap(line, DIM) for line in _copies_lines(item, reports, style))
        lines.append("")
    lines.append(style.wrap(result_summary(result, len(shown), folded=True), BOLD))
    lines.extend(facets_text(result.facets))
    return "\n".join(lines)


def _copies_lines(item: Collapsed, reports: Mapping[str, Report], style: Style) -> list[str]:
    def where(members: Sequence[Member]) -> list[str]:
        found = [reports.get(m.source) for m in members]
        return [f"{_label(r.town if r else None)} {_label(r.year if r else None)}" for r in found]

    lines = []
    if item.near_of is not None:
        lines.append(fitted(f"  ≈ near-copy of {visible(item.near_of.source)}:{item.near_of.line}: ",
                            changes_text(item.changes), style.width))
    if item.identical:
        lines.append(fitted(f"  +{item.identical_total} identical in other reports: ", where(item.identical),
                            style.width, item.identical_total))
    if item.near and item.near_of is None:
        lines.append(fitted(f"  ≈{item.near_total} near-copies in other reports (numbers or place names differ): ",
                            where(item.near), style.width, item.near_total))
    if item.names:
        lines.append(f"  names another town ({', '.join(map(visible, item.names))})")
    return lines


def regex_text(data: Table, style: Style) -> str:
    """`query --regex` as text: a line per match with the paragraph, the match and its groups."""
    captured = data.columns[len(COLUMNS) + 1:]
    lines = []
    for row in data.dicts():
        groups = "  ".join(f"{name}={visible(str(row[name])) if row[name] is not None else ''}" for name in captured)
        place = f"{_label(row['town'])} · {_label(row['year'])}"
        lines.append(f"{_cite_id(str(row['id']), style)}  {place}  {style.match(visible(str(row['match'])))}  {groups}")
    count = len(data.rows)
    lines.append(style.wrap(f"{count} match{'es' if count != 1 else ''}", BOLD))
    return "\n".join(lines)


def _cite_id(pid: str, style: Style) -> str:
    return style.wrap(visible(pid), DIM)


def counted_text(counted: Counted, width: int | None = None) -> str:
    """The footer that says what a count holds: the terms as written, their pieces apart, the
    variants counted or left out, and the query that finds the same paragraphs; wrapped to
    `width` columns so that it fits the terminal as the table above it does."""
    text = f"counted: {visible(counted_summary(counted))}"
    if width is None or columns(text) <= width:
        return text
    return wrap_hanging([(ch, ch) for ch in text], width, indent="")


def counted_summary(counted: Counted) -> str:
    """One line for a footer or a CSV column: `精准扶贫 as written, script-folded; variants not
    counted (精准脱贫: --variants); the paragraphs of search query "精准扶贫"`."""
    terms = ", ".join(counted.terms)
    if counted.apart:
        pieces = "; ".join(f"{' + '.join(split)}" for _term, split in counted.pieces) or "each is one word"
        parts = [f"{terms} as written or as pieces apart ({pieces}), script-folded"]
    else:
        parts = [f"{terms} as written, script-folded"]
    if counted.variants:
        parts.append("with variants " + ", ".join(v for e in counted.variants for v in e.variants))
    if counted.uncounted:
        left = ", ".join(v for e in counted.uncounted for v in e.variants)
        parts.append(f"variants not counted ({left}: --variants)")
    switch = " --no-variants" if counted.apart and counted.uncounted else ""
    parts.append(f"the paragraphs of search query {shlex.quote(counted.query)}{switch}")
    return "; ".join(parts)
