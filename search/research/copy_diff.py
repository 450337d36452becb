"""A copy's whole text against the earliest of its group, as pieces kept, deleted and inserted,
so that a page can show the changes in place rather than as a list of `old→new`.

The comparison is `dupes.char_diff`'s own (after normalisation, a run of digits as one
character), so the pieces that differ are exactly the changes `search dupes` lists; the kept
pieces come from the copy's own characters.
"""

from __future__ import annotations

import difflib
from typing import Literal

from search.normalize import normalize
from search.research.dupes import DIGIT_RUN

Kind = Literal["same", "deleted", "inserted"]
SAME: Kind = "same"
DELETED: Kind = "deleted"
INSERTED: Kind = "inserted"

Piece = tuple[Kind, str]


def pieces(first: str, other: str) -> tuple[Piece, ...]:
    """`other` as `first` became it: each run kept, each run of `first` deleted (before what
    replaced it) and each run inserted, in reading order; empty runs are left out."""
    a, b = _tokens(first), _tokens(other)
    matcher = difflib.SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
    found: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            found.append((SAME, _cut(other, b, j1, j2)))
            continue
        found.append((DELETED, _cut(first, a, i1, i2)))
        found.append((INSERTED, _cut(other, b, j1, j2)))
    return tuple((kind, text) for kind, text in found if text)


def _tokens(text: str) -> tuple[tuple[str, int], ...]:
    return tuple((m.group(), m.start()) for m in DIGIT_RUN.finditer(normalize(text)))


def _cut(text: str, tokens: tuple[tuple[str, int], ...], start: int, end: int) -> str:
    def at(index: int) -> int:
        return tokens[index][1] if index < len(tokens) else len(text)

    return text[at(start):at(end)]
