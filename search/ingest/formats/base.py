"""What every format reader returns, the one error it raises, and helpers they share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from search.models import Hints


class FormatError(Exception):
    """A file a reader cannot read; its message is the one-line reason shown with the file."""


@dataclass(frozen=True)
class Extracted:
    lines: tuple[str, ...]
    encoding: str
    pages: tuple[int, ...] = ()
    """The page of each line (PDF); empty for formats without pages."""
    page_count: int = 0
    hints: Hints = Hints()
    furniture: int = 0
    full_rows: frozenset[int] | None = None
    """The 1-based lines a PDF's geometry shows wrapped at the right margin; None when unknown."""


_PDF_DATE = re.compile(r"^(?:D:)?((?:19|20)\d\d)(\d\d)(\d\d)")
_PRODUCER_TITLE = re.compile(r"^\s*Microsoft\s+(?:Office\s+)?Word\s*-\s*|\.(?:docx?|wps|pdf|txt|html?)\s*$", re.I)
TITLE_MIN_CJK = 4
"""A title in a file's properties with fewer Chinese characters than this is a producer's
placeholder (Untitled, 文档1), not the report's title."""
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


def iso_date(text: str | None) -> str | None:
    """The first date in a metadata value (`2023-12-06 10:30`, `2023年12月6日`) as ISO."""
    found = _DATE.search(text or "")
    if not found:
        return None
    year, month, day = (int(g) for g in found.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def compact_date(text: str | None) -> str | None:
    """A PDF date (`D:20240112093000+08'00'`) as ISO."""
    found = _PDF_DATE.match((text or "").strip())
    return iso_date("-".join(found.groups())) if found else None


def property_title(value: str | None) -> str | None:
    """A file's own title property when it reads as a report's: what Word's PDF export adds
    around it (`Microsoft Word - ….doc`) taken off."""
    title = tidy(_PRODUCER_TITLE.sub("", value or ""))
    return title if cjk_count(title) >= TITLE_MIN_CJK else None


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def has_cjk(text: str, least: int) -> bool:
    """Whether `text` holds at least `least` Chinese characters, without counting them all."""
    return sum(1 for _ in islice(_CJK.finditer(text), least)) >= least


def tidy(line: str) -> str:
    """A line with runs of spaces as one, and none at its ends."""
    return _SPACES.sub(" ", line).strip()


def nonempty(lines: list[str]) -> tuple[str, ...]:
    out = tuple(tidy(line) for line in lines)
    return tuple(line for line in out if line)


def needs_text(lines: tuple[str, ...]) -> tuple[str, ...]:
    if not lines:
        raise FormatError("no text in it")
    return lines
