"""Terminal text for the research commands: keyword-in-context lines, trend tables with bar
charts, plans beside reviews, shared texts, reports with their paragraphs, and query results
with copies folded. Built on style.py (display width, colour) and text.py (headers, snippets),
so corpus text is shown literally and safely as everywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from search.engine.variants import Expansion, explain
from search.models import Group, Hit, Member, SearchResult
from search.render.style import BOLD, DIM, Style, columns, truncate, visible, wrap_hanging
from search.render.text import facets_text, header, snippet_pieces
from search.research.tables import COLUMNS, Table
from search.vocabulary import UNKNOWN

if TYPE_CHECKING:
    # Records named only in signatures: `search query` prints through this module and must not
    # load every analysis to do so.
    from search.research.compare import Comparison
    from search.research.dupes import Collapsed
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
    """One occurrence a line: left context right-aligned, the match, right context, source:line."""
    room = 2 * width
    lines = []
    for o in found:
        left, right = visible(o.left), visible(o.right)
        cite = style.wrap(f"{visible(o.source)}:{o.line}", DIM)
        lines.append(f"{_pad_left(left, room)}  {style.match(visible(o.match))}  {_pad_right(right, room)}  {cite}")
    paragraphs = len({o.id for o in found})
    noun = "occurrence" if len(found) == 1 else "occurrences"
    lines.append(style.wrap(f"{len(found)} {noun} in {paragraphs} paragraph{'s' if paragraphs != 1 else ''}", BOLD))
    return "\n".join(lines)


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
    lines = [style.wrap(head, BOLD)]
    for label, cell, value in zip(labels, result.cells, values, strict=True):
        lines.append(f"{_pad_right(label, key_width)}  {cell.count:>10}  {cell.reports:>7}  {cell.share:>6.2f}  "
                     f"{bar(value, top)}".rstrip())
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
    head = _pad_right(f"{result.by[0]} \\ {result.by[1]}", first) + "".join(
        "  " + _pad_left(_label(c), w) for c, w in zip(cols, widths, strict=True))
    lines = [style.wrap(head, BOLD)]
    for row, label in zip(rows, labels, strict=True):
        cells_of_row = "".join("  " + _pad_left(value(row, c), w) for c, w in zip(cols, widths, strict=True))
        lines.append(_pad_right(label, first) + cells_of_row)
    what = f"{result.per}s" if result.per != "report" else "matching reports"
    shown = "share of reports" if share else what
    lines.append(f"{result.total} {what} in all; cells show the {shown} (· no reports)")
    return "\n".join(lines)


def compare_text(result: Comparison, town: str, style: Style) -> str:
    """Each plan item with the review item it matches; with no review at all, the plans and a
    line that says so."""
    year = result.year
    lines = [style.wrap(f"{visible(town)}: plans for {year} beside reviews of {year}", BOLD), ""]
    if not result.plans:
        lines.append(f"no plan paragraphs about {year} (工作计划 of the {year - 1} report) in the index")
    for pair in result.pairs:
        lines.append(f"plan    {_cite(pair.plan, style)}  {_short(pair.plan)}")
        if pair.review is not None:
            lines.append(f"review  {_cite(pair.review, style)}  {_short(pair.review)}")
            lines.append(style.wrap(f"        shared: {visible('、'.join(pair.shared))}", DIM))
        elif result.reviews:
            lines.append("review  (none matches)")
        if result.reviews:
            lines.append("")
    if not result.reviews:
        lines += ["", f"no review paragraphs about {year} (工作总结 of the {year} report) in the index", ""]
    lines.append(style.wrap(f"{result.matched} of {len(result.plans)} plan items have a matching review item "
                            f"({len(result.reviews)} review items)", BOLD))
    return "\n".join(lines)


def _cite(record: Hit | Member, style: Style) -> str:
    return _cite_id(f"{record.source}:{record.line}", style)


def _short(record: Hit, width: int = 60) -> str:
    return truncate(visible(record.text), width)


def shared_text(found: Sequence[tuple[Group, str]], total: int, reports: Mapping[str, Report], style: Style) -> str:
    """Each shared text: how many reports, the text, then its reports earliest first."""
    lines = []
    for group, text in found:
        lines.append(style.wrap(f"{group.reports()} reports", BOLD) + f"  {truncate(visible(text), 80)}")
        for member in group.members:
            report = reports.get(member.source)
            when = _label(report.year if report else None)
            town = _label(report.town if report else None)
            lines.append(f"  {when}  {_pad_right(town, 10)}  {_cite(member, style)}")
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
                   style: Style) -> str:
    """Query results with the copies of a paragraph in other reports folded under it."""
    lines = []
    for item in shown:
        lines.append(header(item.hit, style))
        lines.append(wrap_hanging(snippet_pieces(item.hit, style), style.width))
        if item.identical:
            where = []
            for member in item.identical:
                report = reports.get(member.source)
                where.append(f"{_label(report.town if report else None)} {_label(report.year if report else None)}")
            lines.append(style.wrap(f"  +{len(item.identical)} identical in other reports: {', '.join(where)}", DIM))
        lines.append("")
    noun = "paragraph" if result.total == 1 else "paragraphs"
    summary = f"{result.total} {noun}"
    if len(shown) < result.total:
        summary += f", showing {len(shown)} (--limit N or --all for more; copies folded)"
    lines.append(style.wrap(summary, BOLD))
    lines.extend(facets_text(result.facets))
    return "\n".join(lines)


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
