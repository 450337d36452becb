"""Site furniture told by recurrence: a line a site prints around every report it hosts.

A line whose shape (digits and place names masked, spaces squeezed) stands in the margins of many
reports of one corpus is the site's, not an author's, as boilerplate detection in web crawling
has it: 扫一扫在手机打开当前页, 主办单位:某某县人民政府, 【打印】【关闭】. Authors repeat
themselves too (headings such as 一、2023年工作总结, closing slogans, signatures and dates in a
town's yearly series), so only lines that are neither sentences, headings, titles, signatures,
dates nor prose are counted at all.

A build counts shapes across the whole corpus (`corpus_shapes`, `recurring`) and parses each
report with the recurring ones in force (`recurring_in`); each report's shapes are recorded with
it, so that an update recounts without reading unchanged reports again and re-parses just those
whose dropped lines the new counts change (`changed_by`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from search.ingest import patterns as P, rules as R
from search.models import Line, RawFile
from search.normalize import normalize

SHAPE_LINE_MAX = 40
PROSE_RUN_MIN = 15
"""A run of this many Chinese characters without a break reads as an author's prose."""
RECUR_MIN_REPORTS = 5
RECUR_MIN_SHARE = 0.02
SHAPE_MIN_HAN = 3
SHAPE_CHARS = 12
"""Hex digits of a shape's hash: 48 bits, so that shapes of different lines do not meet."""

_MASKS = (
    (re.compile(r"\d+"), "0"),
    (re.compile(rf"[{R.HAN}]{{1,8}}?(省|市|县|区|旗|镇|乡|街道|苏木|村|社区)"), "@"),
    (re.compile(r"\s+"), " "),
)
# What an author writes and repeats: titles and headings, signatures, dates, salutations.
_AUTHORS = re.compile("|".join(f"(?:{p})" for p in (
    R.TITLE_WORDS, R.SIGNATURE, R.DATE_LINE, R.BLANK_DATE, *R.FRONT_MATTER,
    r"^[(]?[一二三四五六七八九十\d]+[)、.]", r"^[(][一二三四五六七八九十\d]+[)]", r"^(一|二|三|四|五)是",
)))
_CLOSING = re.compile(f"{R.SIGNATURE}|{R.DATE_LINE}|{R.BLANK_DATE}")
_PROSE = re.compile(rf"[{R.HAN}]{{{PROSE_RUN_MIN},}}")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""Lines as the cleaning numbers them (an editor's lines)."""
_RECURRING: ContextVar[frozenset[str]] = ContextVar("recurring", default=frozenset())


def shape(norm: str) -> str:
    """A line as its site prints it on every page: numbers, dates and places masked, hashed."""
    return hashlib.blake2b(_masked(norm).encode("utf-8"), digest_size=SHAPE_CHARS // 2).hexdigest()


def _masked(norm: str) -> str:
    for pattern, mask in _MASKS:
        norm = pattern.sub(mask, norm)
    return norm.strip()


def is_candidate(norm: str) -> bool:
    """A line recurrence may make the site's: short, nothing an author writes, and more than a
    year, a number or a place name (a title's pieces, one per line, recur across a series)."""
    return (len(norm) <= SHAPE_LINE_MAX and not P.SENTENCE_END_RE.search(norm)
            and not _AUTHORS.search(norm) and not _PROSE.search(norm)
            and len(P.HAN_RE.findall(_masked(norm))) >= SHAPE_MIN_HAN)


def margins(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The (number, normalised text) lines before a report's first sentence and after its end
    (its last sentence, or the signature or date under it), where a site puts its furniture; a
    text without sentences has no margins."""
    sentences = [i for i, (_, norm) in enumerate(lines) if P.SENTENCE_END_RE.search(norm)]
    if not sentences:
        return []
    closing = [i for i, (_, norm) in enumerate(lines) if i > sentences[-1] and _CLOSING.search(norm)]
    return lines[: sentences[0]] + lines[max(sentences[-1:] + closing) + 1 :]


def report_shapes(text: str) -> frozenset[str]:
    """The shapes of the candidate lines in a report's margins: what its record keeps."""
    lines = [Line(number, line.strip().lstrip("\ufeff")) for number, line in enumerate(_LINE_BREAK.split(text), 1)]
    return frozenset(found for _, found in _shaped(tuple(line for line in lines if line.text)))


def _shaped(lines: tuple[Line, ...]) -> list[tuple[int, str]]:
    """(number, shape) of each candidate line in the margins of a report's non-blank lines. The
    margins are found on the lines as written (a sentence end is one in either script): only the
    short lines in them are normalised."""
    numbered = [(line.number, line.text) for line in lines]
    shaped = []
    for number, text in margins(numbered):
        norm = normalize(text) if len(text) <= SHAPE_LINE_MAX else ""
        if norm and is_candidate(norm):
            shaped.append((number, shape(norm)))
    return shaped


def recurring(shape_sets: Iterable[Iterable[str]]) -> frozenset[str]:
    """The shapes found in at least RECUR_MIN_REPORTS reports and RECUR_MIN_SHARE of them."""
    counts: Counter[str] = Counter()
    reports = 0
    for shapes in shape_sets:
        counts.update(set(shapes))
        reports += 1
    least = max(RECUR_MIN_REPORTS, RECUR_MIN_SHARE * reports)
    return frozenset(found for found, count in counts.items() if count >= least)


def changed_by(shapes: Mapping[str, frozenset[str]], before: frozenset[str], after: frozenset[str]) -> list[str]:
    """The reports whose lines dropped by recurrence differ between two recurring sets."""
    return sorted(source for source, own in shapes.items() if own & before != own & after)


@contextmanager
def recurring_in(shapes: frozenset[str]) -> Iterator[None]:
    """Reports parsed within drop the lines of these recurring shapes (a build's, or a corpus's)."""
    token = _RECURRING.set(shapes)
    try:
        yield
    finally:
        _RECURRING.reset(token)


def by_recurrence(lines: tuple[Line, ...]) -> frozenset[int]:
    """Numbers of the lines (in file order) whose shape recurs across the corpus being parsed."""
    found = _RECURRING.get()
    if not found:
        return frozenset()
    return frozenset(number for number, found_shape in _shaped(lines) if found_shape in found)


def file_shapes(root: Path, sources: list[str], follow: bool = False) -> dict[str, frozenset[str]]:
    """Each readable report's shapes (a file that cannot be read has none: it is skipped later)."""
    from search.ingest.corpus import load

    found: dict[str, frozenset[str]] = {}
    for source in sources:
        try:
            raw = load(root, source, follow)
        except Exception:  # noqa: BLE001 - the parse that follows names the failure
            raw = None
        found[source] = report_shapes(raw.text) if isinstance(raw, RawFile) else frozenset()
    return found
