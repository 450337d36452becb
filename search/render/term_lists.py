"""A term list's trends as text: a table of terms by the last dimension asked for, and where the
counts came from."""

from __future__ import annotations

from search.render.style import BOLD, Style, columns, visible
from search.research.term_lists import TermTrends
from search.vocabulary import UNKNOWN

MIN_WIDTH = 4


def term_trends_text(result: TermTrends, share: bool, style: Style) -> str:
    """One row per term (per term and first dimension when two are asked for), one column per
    value of the last dimension; · where a group has no reports. The provenance ends it."""
    combined = result.combined()
    cells = {c.key: c for c in combined.cells}
    rows = list(dict.fromkeys(c.key[:-1] for c in combined.cells))
    cols = sorted({c.key[-1] for c in combined.cells}, key=lambda v: (v is None, str(v)))
    labels = [" · ".join(_label(v) for v in row) for row in rows]
    corner = f"{' · '.join(combined.by[:-1])} \\ {combined.by[-1]}"
    first = max([columns(corner), *map(columns, labels)])
    widths = [max(columns(_label(c)), MIN_WIDTH) for c in cols]

    def value(row: tuple[object, ...], col: object) -> str:
        cell = cells.get((*row, col))
        if cell is None or not cell.reports:
            return "·"
        return f"{cell.share:.2f}" if share else str(cell.count)

    head = _right(corner, first) + "".join("  " + _left(_label(c), w) for c, w in zip(cols, widths, strict=True))
    lines = [style.wrap(head, BOLD)]
    for row, label in zip(rows, labels, strict=True):
        lines.append(_right(label, first) + "".join("  " + _left(value(row, c), w)
                                                    for c, w in zip(cols, widths, strict=True)))
    unit = "share of reports" if share else f"{result.per}s" if result.per != "report" else "matching reports"
    lines.append(f"cells show the {unit}; {visible(result.provenance())}")
    return "\n".join(lines)


def _label(value: object) -> str:
    return UNKNOWN if value is None else visible(str(value))


def _left(text: str, width: int) -> str:
    return " " * max(width - columns(text), 0) + text


def _right(text: str, width: int) -> str:
    return text + " " * max(width - columns(text), 0)
