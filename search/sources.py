"""How a report is named when one corpus file holds several.

A page that collects several reports (篇1, 范文二, 【第三篇】) is indexed as one report per item.
The first item keeps the file's own name, so a file of one report and the first report of a
collection are named alike, and the later items are `name#2`, `name#3`: a citation stays
`name.html#2:40`, whose line number is the FILE's line (grep -n finds it). Every stage that goes
from a report back to its file (reading it again, the corpus guard, incremental builds) asks
`file_of`; corpus files never end in `#` and digits (they end in a known extension), so the
suffix cannot be mistaken for part of a file's name.
"""

from __future__ import annotations

import re

PART_MARK = "#"
_PART = re.compile(rf"{PART_MARK}(\d+)$")


def part_source(file: str, item: int) -> str:
    """The source of a collection's `item` (1-based): the file itself for the first."""
    return file if item <= 1 else f"{file}{PART_MARK}{item}"


def file_of(source: str) -> str:
    """The corpus file a report's source comes from."""
    match = _PART.search(source)
    return source[: match.start()] if match else source


def item_of(source: str) -> int:
    """Which item of its file a report is (1 for a file's only or first report)."""
    match = _PART.search(source)
    return int(match.group(1)) if match else 1
