"""Layout repair: paragraphs as the report wrote them, whatever the export did to its lines.

A whole report on one line is cut before its heading markers; text hard-wrapped at a fixed width
(PDF) and one-word-per-line extractions are joined back into paragraphs. A reader that saw where
its rows end (a PDF's) names the rows that reached the right margin: those run on whatever they
end with, and the others end, where plain text can only guess from how many characters a line
holds. A joined paragraph keeps its first line's number and records its last (`Line.end`), so
citations stay in the file; a cut line's pieces keep the line's number and count their part.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from itertools import accumulate, pairwise

from search.ingest import patterns as P, rules as R
from search.models import Line
from search.normalize import normalize

_CUT = re.compile(R.ONE_LINE_CUT)
_TITLE = re.compile(R.ONE_LINE_TITLE)
_CHUNK = re.compile(R.CHUNK_PREFIX)
_SENTENCE_END = re.compile(f"[{re.escape(R.SENTENCE_END)}:]$")
_ORDINAL_HEADING = re.compile(R.ORDINAL_HEADING)


def repair(lines: tuple[Line, ...], full_rows: frozenset[int] | None = None) -> tuple[Line, ...]:
    """Content lines regrouped into paragraphs; unchanged when the layout looks ordinary. Text
    joined from fragments is cut at its heading markers too. `full_rows`, when a reader knows
    them, are the line numbers of rows wrapped at the right margin: a paragraph joined by them is
    as sure as a line of text, and is cut as one."""
    cut = [piece for line in _unchunked(lines) for piece in split_one_line(line)]
    return tuple(piece for line in _reflow(cut, full_rows)
                 for piece in (split_one_line(line, full_rows is None) if line.end and not line.part else [line]))


def _unchunked(lines: tuple[Line, ...]) -> list[Line]:
    """Page chunks numbered 1、 2、 3、 that cut sentences in half are one text again, unnumbered.
    Numbered items of a report end their sentences; chunks mostly do not."""
    out: list[Line] = []
    run: list[Line] = []
    for line in lines + (Line(0, ""),):
        match = _CHUNK.match(line.text)
        if match and run and int(match.group(1)) == len(run) + 1:
            run.append(line)
            continue
        out.extend(_chunks_joined(run))
        run = [line] if match and int(match.group(1)) == 1 and len(line.text) >= R.CHUNK_MIN else []
        if not run and line.number:
            out.append(line)
    return out


def _chunks_joined(run: list[Line]) -> list[Line]:
    """The chunks' text joined, then cut at its heading markers; each piece cites the chunk lines
    it lies on (a piece that starts inside a line counts its part there), so a title piece on the
    first chunk does not claim the whole run."""
    cut = sum(1 for line in run[:-1] if not _ends_sentence(line.text))
    if len(run) < 2 or cut * 2 < len(run) - 1:
        return run
    texts = [_CHUNK.sub("", line.text, count=1) for line in run]
    text = "".join(texts)
    bounds = _cut_bounds(text, joined=True) or [0, len(text)]
    starts = list(accumulate((len(t) for t in texts[:-1]), initial=0))
    pieces: list[Line] = []
    for a, b in pairwise(bounds):
        piece = text[a:b]
        if not piece.strip():
            continue
        a, b = a + len(piece) - len(piece.lstrip()), b - (len(piece) - len(piece.rstrip()))
        first, last = run[bisect_right(starts, a) - 1].number, run[bisect_right(starts, b - 1) - 1].number
        part = sum(1 for earlier in pieces if (earlier.end or earlier.number) >= first)
        pieces.append(Line(first, text[a:b], last if last != first else None, part=part))
    return pieces


def _cut_bounds(text: str, joined: bool) -> list[int] | None:
    """Where a long line (or joined chunks) is cut: before its heading markers, and after a title
    at its head; None when it is not to be cut."""
    norm = normalize(text)
    cuts = [m.start() for m in _CUT.finditer(norm) if m.start() > 0]
    if len(cuts) < (1 if joined else R.ONE_LINE_MIN_CUTS):
        return None
    title = _TITLE.match(norm)
    if title and title.end() < cuts[0]:
        cuts.insert(0, title.end())
    return [0] + cuts + [len(norm)]


def split_one_line(line: Line, guessed: bool = True) -> list[Line]:
    """A long line (or a paragraph joined from fragments) cut before its heading markers; a
    paragraph `guessed` from fragments at any marker, as a join may have swallowed a heading."""
    joined = line.end is not None and guessed
    if len(line.text) < R.ONE_LINE_MIN and not joined:
        return [line]
    bounds = _cut_bounds(line.text, joined=joined)
    if bounds is None:
        return [line]
    pieces = [line.text[a:b].strip() for a, b in pairwise(bounds)]
    return [Line(line.number, text, line.end, part=k) for k, text in enumerate(p for p in pieces if p)]


def _reflow(lines: list[Line], full_rows: frozenset[int] | None) -> list[Line]:
    width = _wrap_width(lines) if full_rows is None else None
    fragmented = _fragmented(lines)
    out: list[Line] = []
    run: list[Line] = []
    for line in lines:
        if run and (_continues(run[-1], line, width, full_rows) or fragmented and _goes_on(run[-1], line)):
            run.append(line)
            continue
        out.extend(_joined(run, fragmented))
        run = [line]
    out.extend(_joined(run, fragmented))
    return out


def _fragmented(lines: list[Line]) -> bool:
    """Text extracted a few words per line, at no fixed width (XX / 镇 / 2023 / 年政府工作报告)."""
    pieces = sum(1 for line in lines if len(line.text) <= R.FRAGMENT_MAX and not _ends_sentence(line.text)
                 and not _opens_paragraph(line.text))
    return pieces >= R.WRAP_MIN_LINES and pieces >= R.FRAGMENT_SHARE * len(lines)


def _goes_on(previous: Line, line: Line) -> bool:
    """In fragmented text a paragraph runs on until a sentence ends or a heading opens."""
    return not (line.part or previous.part or _opens_paragraph(line.text) or _ends_sentence(previous.text))


def _wrap_width(lines: list[Line]) -> int | None:
    """The fixed width a file was wrapped at, if most of its lines share it."""
    lengths = Counter(_width(line.text) for line in lines if _width(line.text) >= R.WRAP_MIN_WIDTH)
    if not lengths:
        return None
    mode, _ = lengths.most_common(1)[0]
    near = sum(n for length, n in lengths.items() if abs(length - mode) <= R.WRAP_TOLERANCE)
    longer = sum(n for length, n in lengths.items() if length > mode + R.WRAP_TOLERANCE)
    if near < R.WRAP_MIN_LINES or near < R.WRAP_MIN_SHARE * len(lines) or longer > R.WRAP_MAX_LONGER * len(lines):
        return None
    return mode


def _continues(previous: Line, line: Line, width: int | None, full_rows: frozenset[int] | None) -> bool:
    """A heading is never joined to the row before it; a row the reader saw reach the right
    margin runs on even after a sentence end (a wrap fell just after 。)."""
    if line.part or previous.part or _opens_paragraph(line.text):
        return False
    if full_rows is not None and previous.end is None and previous.number in full_rows:
        return True
    if _ends_sentence(previous.text):
        return False
    if previous.text[-1:] in R.CONTINUES_AFTER and len(previous.text) + len(line.text) <= R.TITLE_MAX:
        return True
    if width and _width(previous.text) >= width - R.WRAP_TOLERANCE:
        return True
    return len(previous.text) <= R.WORD_LINE_MAX and len(line.text) <= R.WORD_LINE_MAX


def _width(text: str) -> int:
    """Display width, as a wrapping exporter counts it: ASCII one column, anything else two."""
    return 2 * len(text) - len(text.encode("ascii", "ignore"))


def _opens_paragraph(text: str) -> bool:
    head = normalize(text[:R.HEADING_PREFIX_CHARS])
    return bool(P.HEADING_START_RE.match(head) or _ORDINAL_HEADING.match(head))


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(normalize(text[-1:])))


def _joined(run: list[Line], fragmented: bool = False) -> list[Line]:
    """One paragraph from a run of lines; a few short lines in a row are left as they are,
    unless the whole text comes a few words per line."""
    short = len(run) < R.WORD_RUN_MIN and all(len(line.text) <= R.WORD_LINE_MAX for line in run)
    if len(run) <= 1 or (short and not fragmented):
        return run
    return [Line(run[0].number, "".join(line.text for line in run), end=run[-1].number)]
