"""Where a paragraph holds what a query looked for: the one occurrence finder.

Highlights on hits, kwic's lines and trend's count per occurrence all come from `occurrences`,
so the three never disagree about a paragraph.

Occurrences are looked for in the text queries match (`search.normalize.matching_view`: the
normalised text without inline pinyin), so 鄉(xiāng)村振興 holds 乡村振兴 as it matches it, and
are given as spans of the original text, so they point at the characters as the report wrote
them (pinyin included when it falls inside).

The counting rule: every occurrence of every needle is found, overlapping ones included, and
occurrences that share a character are joined into one; occurrences that only touch stay
apart. So no matched character goes unmarked and none is counted twice: 乡村振兴乡村振兴 is two
occurrences of 乡村振兴, 乡村振兴战略 one of 乡村振兴 OR 振兴战略, and 哈哈哈 one of 哈哈.

A needle is a term of the query's plan or a plain string. An unquoted term of the plan that
the paragraph does not hold as written is looked for as its pieces: the paragraph matched by
holding them apart, and a highlight shows why it matched. A quoted term, or a string, is found
only as written: kwic and trend quote every term unless asked to count pieces apart
(`search.research.counted`), so their lines and occurrences are the highlights of the quoted
query. Wherever a paragraph holds the terms as written, its highlights, kwic lines and
occurrence count are the same spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from search.engine.plan import Needle
from search.normalize import matching_view, normalize, original_span

Span = tuple[int, int]

__all__ = ["Span", "occurrences"]


def occurrences(text: str, needles: Iterable[Needle | str]) -> list[Span]:
    """Spans of `text` (the original script), in order, where `needles` occur; a string needle
    is a term to find as written, like a quoted one."""
    view, offsets = matching_view(text)
    found: list[Span] = []
    for needle in needles:
        found.extend(_of_needle(view, needle))
    return [original_span(offsets, start, end) for start, end in _join_overlaps(found)]


def _of_needle(view: str, needle: Needle | str) -> list[Span]:
    if isinstance(needle, str):
        return list(_every(view, normalize(needle)))
    found = list(_every(view, needle.norm))
    if not found and not needle.quoted:
        for piece in needle.split:
            found.extend(_every(view, piece))
    return found


def _every(haystack: str, needle: str) -> Iterator[Span]:
    """Every occurrence, overlapping ones included (哈哈 twice in 哈哈哈), for joining after."""
    if not needle:
        return
    start = haystack.find(needle)
    while start >= 0:
        yield start, start + len(needle)
        start = haystack.find(needle, start + 1)


def _join_overlaps(spans: list[Span]) -> list[Span]:
    joined: list[Span] = []
    for start, end in sorted(set(spans)):
        if joined and start < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined
