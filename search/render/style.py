"""How terminal output looks: colour, marks, display width and wrapping, control characters made
visible.

Every string a corpus or an index supplies (paragraph text, a sidecar's town, a file name, a
reason naming a sidecar key) is shown literally through `visible`: C0 controls (ESC, so ANSI and
OSC 8 sequences, and line breaks) become their Unicode pictures (␛, ␊), C1 controls the
replacement character, and the characters that reorder or break a line without being controls
(bidi overrides and isolates, line and paragraph separators) an escape such as `\\u202e`. So a
field can neither act on the terminal nor forge a line, a link or a reversed word, while CJK and
ordinary text are untouched.
No markup language is involved, so `[bold]` is just text; the project's own colour codes are
added after `visible`, around text it has already made safe.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"


INDENT = "  "


BOLD_RED, DIM, BOLD, RESET = "\x1b[1;31m", "\x1b[2m", "\x1b[1m", "\x1b[0m"


INVISIBLE = "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
"""Not controls, yet they act on a line: the Arabic letter mark, left-to-right and right-to-left
marks, the bidi embeddings, overrides and isolates (which can show a word reversed), and the line
and paragraph separators (which some terminals and every `splitlines` take for a line break)."""


_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{INVISIBLE}]")


def _shown(char: str) -> str:
    if char < " ":
        return chr(0x2400 + ord(char))
    if char == "\x7f":
        return "\u2421"
    if char <= "\x9f":
        return "\ufffd"
    return f"\\u{ord(char):04x}"


def visible(text: str) -> str:
    """`text` safe to print: controls as their pictures (␛ for ESC, ␊ for a line feed, the same
    length, so offsets into paragraph text stay valid), bidi and line-separator characters as
    `\\u202e`-style escapes. Idempotent, so text made safe twice reads the same."""
    return _UNSAFE.sub(lambda m: _shown(m.group()), text)


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
