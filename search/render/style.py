"""How terminal output looks: colour, marks, display width and wrapping, control characters made
visible.

Paragraph text is shown literally: control characters (ANSI escapes included) become visible
symbols of the same length, so highlight offsets stay valid and nothing reaches the terminal as a
command. No markup language is involved, so `[bold]` is just text.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"


INDENT = "  "


BOLD_RED, DIM, BOLD, RESET = "\x1b[1;31m", "\x1b[2m", "\x1b[1m", "\x1b[0m"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Control characters as their visible Unicode pictures (␛ for ESC); same length."""
    return _CONTROL.sub(lambda m: chr(0x2400 + ord(m.group())) if m.group() < " "
                        else "\u2421" if m.group() == "\x7f" else "\ufffd", text)


class Style:
    """How output looks: ANSI colour, or 【】 around matches where colour is off on a terminal,
    or neither (pipes); `width` is the terminal's, None where lines are never wrapped."""

    def __init__(self, color: bool, marks: bool = False, width: int | None = None) -> None:
        self.color = color
        self.marks = marks and not color
        self.width = width

    def wrap(self, text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if self.color else text

    def match(self, text: str) -> str:
        if self.color:
            return self.wrap(text, BOLD_RED)
        return f"【{text}】" if self.marks else text


def columns(text: str) -> int:
    """Display width: CJK and full-width characters take two terminal columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def truncate(text: str, width: int) -> str:
    """`text` cut to `width` columns, ending in … when cut."""
    if columns(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = columns(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + ELLIPSIS


def wrap_hanging(pieces: list[tuple[str, str]], width: int | None, indent: str = INDENT) -> str:
    """Lay out (shown text, raw text) pieces in lines of `width` columns, each line indented;
    raw text may carry colour codes, shown text is what takes room. An ellipsis never starts a
    line on its own. None: one line."""
    if width is None:
        return indent + "".join(raw for _, raw in pieces)
    room = max(width - columns(indent), 10)
    lines: list[str] = []
    current: list[str] = []
    used = 0
    for shown, raw in pieces:
        w = columns(shown)
        if used + w > room and current and not shown.startswith(ELLIPSIS):
            lines.append(indent + "".join(current))
            current, used = [], 0
        current.append(raw)
        used += w
    if current:
        lines.append(indent + "".join(current))
    return "\n".join(lines)
