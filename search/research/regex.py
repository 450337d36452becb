"""Regular expressions with captures over the normalised text of paragraphs.

`召开屋场恳谈会(\\d+)场` finds the paragraphs that report meetings and captures the number of each.
The pattern runs over normalised text (Simplified script, half-width digits and Latin,
lower-case), so one pattern covers both scripts: its non-ASCII characters are normalised and
taken literally, its ASCII is regular-expression syntax, and letters ignore case.

Bounded: the longest run of literal characters that every match must contain is searched
through the index first, and only those paragraphs are scanned. A pattern without such a run
(of MIN_LITERAL characters or more) would scan everything, and is refused unless a query
narrows it.

Bounded in time too: Python's `re` holds the GIL inside one match and never looks at signals,
so a pattern that backtracks without end (`工作(.|.)*@@`) would ignore both a deadline and Ctrl-C.
The scan runs in a forked worker process that the caller kills when TIMEOUT seconds have passed
or when Ctrl-C reaches it; the `regex` package's own `timeout=` was measured and rejected: a
1 s limit stopped after 4 s, a 30 s one after 124 s, and Ctrl-C was ignored throughout.
"""

from __future__ import annotations

import multiprocessing
import re
import signal
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from re import _parser as sre  # type: ignore[attr-defined]  # private (3.11+); typeshed has only sre_parse
from typing import Any

from search.errors import SearchError, UsageError
from search.models import Hit
from search.normalize import normalize

MIN_LITERAL = 2
MAX_PATTERN = 1_000
TIMEOUT = 10.0
"""Seconds a scan may take (`--regex-timeout`, 0 for no limit): an ordinary pattern scans the
paragraphs its literal text narrowed it to in well under a second."""


class RegexTimeout(SearchError):
    """The scan ran past its time limit; exit code 1, as every error that is not a usage error."""


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


Span = tuple[int, int, int, tuple[str | None, ...]]
"""A match as the worker sends it: the paragraph's number in the scan, start, end, captures."""


def matches(hits: Iterable[Hit], pattern: Pattern, timeout: float = TIMEOUT) -> list[PatternMatch]:
    """Every match in the hits' normalised text, in document order; spans index the original
    text too. RegexTimeout after `timeout` seconds (0: none); Ctrl-C stops it at once."""
    ordered = sorted(hits, key=lambda h: (h.source, h.line))
    spans = _scan_in_worker(ordered, pattern, timeout) if ordered else []
    return [PatternMatch(ordered[n], start, end, ordered[n].text[start:end], groups)
            for n, start, end, groups in spans]


def _spans(texts: Sequence[str], regex: re.Pattern[str], progress: Any) -> list[Span]:
    found: list[Span] = []
    for number, text in enumerate(texts):
        progress.value = number
        found.extend((number, m.start(), m.end(), m.groups()) for m in regex.finditer(normalize(text)))
    return found


def _worker(texts: Sequence[str], regex: re.Pattern[str], progress: Any, send: Any) -> None:
    """The scan in the forked process: Ctrl-C is the parent's to act on (it kills this one; the
    signal stays blocked here from the fork on), and an error is sent back as text rather than
    printed as a traceback."""
    try:
        send.send(("ok", _spans(texts, regex, progress)))
    except Exception as exc:  # any failure of the scan becomes the parent's one-line error
        send.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


def _scan_in_worker(hits: Sequence[Hit], pattern: Pattern, timeout: float) -> list[Span]:
    """`_spans` over the hits in a forked process (the texts are inherited, not copied), killed
    when `timeout` passes (RegexTimeout naming what was scanned) or the wait is interrupted."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    progress = context.RawValue("q", 0)
    worker = context.Process(target=_worker, args=([h.text for h in hits], pattern.regex, progress, send),
                             daemon=True)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # what the parent has buffered must not be written twice, by the child too
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # the worker is born with it blocked
    try:
        worker.start()
        send.close()
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl-C pressed meanwhile arrives now
        if not receive.poll(timeout if timeout > 0 else None):
            raise _timed_out(pattern, hits, int(progress.value), timeout)
        status, found = receive.recv()
    except EOFError:
        raise SearchError(f"--regex {pattern.source!r}: the scanning process ended without an answer "
                          "(out of memory?); narrow the scan with a query or filters") from None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        if worker.pid is not None:
            worker.kill()
            worker.join()
        send.close()
        receive.close()
    if status != "ok":
        raise SearchError(f"--regex {pattern.source!r} failed: {found}")
    spans: list[Span] = found
    return spans


def _timed_out(pattern: Pattern, hits: Sequence[Hit], at: int, timeout: float) -> RegexTimeout:
    hit = hits[at]
    return RegexTimeout(f"--regex {pattern.source!r} stopped at its {timeout:g} s limit while scanning "
                        f"{hit.source}:{hit.line} (paragraph {at + 1} of {len(hits)}); raise the limit with "
                        "--regex-timeout SECONDS (0 for none), or narrow the scan with a query or filters")
