"""Cleaning: which lines of a report are content, and what inside them is not.

Boilerplate lines (breadcrumbs, download links, share prompts) are dropped, CMS placeholders are
cut out of sentences, and a title repeated at the top counts once. Nothing else of the text
changes; line numbers are kept so that citations point into the original file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.ingest import patterns as P
from search.ingest.boilerplate import by_recurrence
from search.ingest.furniture import by_position, is_bare_label, is_furniture, title_list_prefix
from search.ingest.rules import BOILERPLATE, CN_NUM, PLACEHOLDERS, TITLE_WORDS
from search.models import Line
from search.normalize import normalize

_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE))
_PLACEHOLDER = re.compile("|".join(f"(?:{p})" for p in PLACEHOLDERS))
BOILERPLATE_MAX_CHARS = 300
LABEL_VALUE_MAX = 30
LIST_BULLETS = "-•·*"
_NOT_A_VALUE = re.compile(f"{TITLE_WORDS}|^[{CN_NUM}]+[、.]|^[(][{CN_NUM}]+[)]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Cleaned:
    content: tuple[Line, ...]
    boilerplate: tuple[Line, ...]


def is_boilerplate(text: str) -> bool:
    """Site furniture; a line as long as a paragraph never is (report text is never dropped)."""
    if len(text) > BOILERPLATE_MAX_CHARS:
        return False
    norm = normalize(text.strip())
    if _BOILERPLATE.search(norm):
        return True
    compact = _SPACES.sub("", norm)
    return compact != norm and bool(_BOILERPLATE.search(compact))


def strip_placeholders(text: str) -> str:
    """Cut placeholder tokens by their offsets in the normalised text, which match the original's."""
    norm = normalize(text)
    spans = [m.span() for m in _PLACEHOLDER.finditer(norm)]
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def file_lines(text: str) -> list[str]:
    """The file's lines as an editor numbers them: only CR, LF and CRLF end a line.

    `str.splitlines` also breaks at form feeds (page breaks in text exported from Word or PDF),
    U+2028 and other separators, which would shift every later citation off its line."""
    return _LINE_BREAK.split(text)


def _is_label_value(line: str, dropped: list[Line], number: int) -> bool:
    """The value of a metadata label written on its own line (索引号: / 6107…/2024-001005):
    a short line without a sentence end right after a dropped line ending in a colon."""
    norm = normalize(line)
    if not dropped or len(line) > LABEL_VALUE_MAX or P.SENTENCE_END_RE.search(norm) or _NOT_A_VALUE.search(norm):
        return False
    previous = dropped[-1]
    return previous.number >= number - 2 and normalize(previous.text).rstrip().endswith(":")


def _is_listed_value(line: str, dropped: list[Line], number: int) -> bool:
    """The value under a site label in a metadata table written one label per line, as items of
    one bulleted list (- 发文机构 / - 某某乡人民政府): the same bullet, right after the label."""
    if not dropped or len(line) > LABEL_VALUE_MAX or P.SENTENCE_END_RE.search(normalize(line)):
        return False
    previous = dropped[-1]
    return (previous.number >= number - 2 and line[0] in LIST_BULLETS and previous.text[0] == line[0]
            and is_bare_label(normalize(previous.text)))


def clean(text: str) -> Cleaned:
    content: list[Line] = []
    dropped: list[Line] = []
    lines: list[Line] = []
    for number, raw in enumerate(file_lines(text), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        lines.append(Line(number, line))
        if (is_boilerplate(line) or is_furniture(normalize(line)) or _is_label_value(line, dropped, number)
                or _is_listed_value(line, dropped, number)):
            dropped.append(Line(number, line))
            continue
        stripped = strip_placeholders(line[title_list_prefix(normalize(line)):]).strip()
        if not stripped:
            dropped.append(Line(number, line))
            continue
        content.append(Line(number, stripped))
    return _placed(tuple(content), tuple(dropped), tuple(lines))


def _placed(content: tuple[Line, ...], dropped: tuple[Line, ...], lines: tuple[Line, ...]) -> Cleaned:
    """The furniture told by where it stands among all the lines, or by its recurring across the
    corpus being parsed, moved to the dropped ones."""
    placed = by_position(lines) | by_recurrence(lines)
    if not placed:
        return Cleaned(content, dropped)
    moved = tuple(line for line in content if line.number in placed)
    return Cleaned(tuple(line for line in content if line.number not in placed),
                   tuple(sorted(dropped + moved, key=lambda line: line.number)))
