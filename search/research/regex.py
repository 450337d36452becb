"""Regular expressions with captures over the normalised text of paragraphs.

`召开屋场恳谈会(\\d+)场` finds the paragraphs that report meetings and captures the number of each.
The pattern runs over normalised text (Simplified script, half-width digits and Latin,
lower-case), so one pattern covers both scripts: its non-ASCII characters are normalised and
taken literally, its ASCII is regular-expression syntax, and letters ignore case.

Bounded: the longest run of literal characters that every match must contain is searched
through the index first, and only those paragraphs are scanned. A pattern without such a run
(of MIN_LITERAL characters or more) would scan everything, and is refused unless a query
narrows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from re import _parser as sre  # type: ignore[attr-defined]  # private (3.11+); typeshed has only sre_parse
from typing import Any

from search.errors import UsageError
from search.models import Hit
from search.normalize import normalize

MIN_LITERAL = 2
MAX_PATTERN = 1_000


@dataclass(frozen=True)
class Pattern:
    source: str
    regex: re.Pattern[str]
    literal: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class PatternMatch:
    hit: Hit
    start: int
    end: int
    match: str
    captures: tuple[str | None, ...]


def compile_pattern(text: str) -> Pattern:
    """The pattern ready to run; UsageError in one line for a malformed one."""
    if len(text) > MAX_PATTERN:
        raise UsageError(f"--regex pattern too long ({len(text)} characters; the limit is {MAX_PATTERN})")
    prepared = "".join(re.escape(normalize(ch)) if ord(ch) > 127 else ch for ch in text)
    try:
        regex = re.compile(prepared, re.IGNORECASE)
    except (re.error, OverflowError, RecursionError) as exc:
        raise UsageError(f"--regex {text!r} is not a valid regular expression: {exc}") from None
    names = {number: name for name, number in regex.groupindex.items()}
    columns = tuple(names.get(n, f"group{n}") for n in range(1, regex.groups + 1))
    return Pattern(text, regex, longest_literal(prepared), columns)


def longest_literal(pattern: str) -> str:
    """The longest run of characters that every match contains in sequence ('' if none)."""
    try:
        parsed = sre.parse(pattern, re.IGNORECASE)
    except re.error:
        return ""
    runs = [""]
    _collect(parsed, runs)
    return max(runs, key=len)


def _collect(items: Iterable[tuple[Any, Any]], runs: list[str]) -> None:
    """Literal runs of a parsed sequence; capturing groups without a quantifier are walked into.
    Items are (opcode, argument) pairs whose argument's type depends on the opcode."""
    for op, arg in items:
        if op == sre.LITERAL:
            runs[-1] += chr(arg)
        elif op == sre.SUBPATTERN and not (arg[1] or arg[2]):
            _collect(arg[-1], runs)
        elif op in (sre.AT,):
            continue
        else:
            runs.append("")


def narrowing_query(pattern: Pattern, query: str = "") -> str:
    """The index query whose hits are the paragraphs the pattern can match in."""
    literal = max(pattern.literal.split('"'), key=len)
    if len(normalize(literal).strip()) < MIN_LITERAL and not query.strip():
        raise UsageError(f"--regex {pattern.source!r} has no literal text of {MIN_LITERAL}+ characters "
                         "that every match contains, so it would scan every paragraph; add some "
                         "(召开(\\d+)场) or give a query to narrow it")
    parts = [f"({query})" if query.strip() else "", f'"{literal}"' if len(literal.strip()) >= MIN_LITERAL else ""]
    return " ".join(p for p in parts if p)


def matches(hits: Iterable[Hit], pattern: Pattern) -> list[PatternMatch]:
    """Every match in the hits' normalised text, in document order; spans index the original
    text too."""
    found: list[PatternMatch] = []
    for hit in sorted(hits, key=lambda h: (h.source, h.line)):
        text = hit.text
        for m in pattern.regex.finditer(normalize(text)):
            found.append(PatternMatch(hit, m.start(), m.end(), text[m.start():m.end()], m.groups()))
    return found
