"""Copied text among results and reports: folding copies under the first hit that shows them,
and listing the texts several reports share.

Which paragraphs are copies is decided at index time (`search.index.copies`, its key and its
table); the groups come from the generation the caller has open (`SearchIndex.copied_groups`),
so they always match the paragraphs shown beside them. This module only chooses and orders.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from search.models import CopiesOf, Group, Hit, Member
from search.normalize import normalize

if TYPE_CHECKING:
    from search.research.reports import Report
    from search.research.tables import Table

__all__ = ["IDENTICAL", "LISTED", "NEAR", "SHARED_COLUMNS", "Collapsed", "Copies", "Copy", "Shared", "char_diff",
           "collapse", "merge", "other_towns", "shared", "table"]

IDENTICAL, NEAR = "identical", "near"
DIGIT_RUN = re.compile(r"\d+|.", re.S)
Change = tuple[str, str]
"""(what the first text has, what the other has instead) at one place where they differ."""


@dataclass(frozen=True)
class Collapsed:
    """A hit shown, with the paragraphs of other reports identical to it (folded under it), the
    near-copies of it in other reports (counted, not folded), and, when it nearly copies a hit
    shown above it, that hit and what changed."""

    hit: Hit
    identical: tuple[Member, ...]
    near: tuple[Member, ...] = ()
    near_of: Hit | None = None
    changes: tuple[Change, ...] = ()
    names: tuple[str, ...] = ()
    identical_total: int = 0
    near_total: int = 0
    """How many copies of each kind there are: `identical` and `near` list the first LISTED."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "identical_total", max(self.identical_total, len(self.identical)))
        object.__setattr__(self, "near_total", max(self.near_total, len(self.near)))


def char_diff(first: str, other: str) -> tuple[Change, ...]:
    """Where `other` differs from `first`, character by character, a run of digits counting as
    one character (30 → 120, not 3 → 12). Compared after normalisation, which keeps offsets,
    so a change of script alone is no change."""
    a, b = _runs(normalize(first)), _runs(normalize(other))
    left, right = [t for t, _ in a], [t for t, _ in b]
    head = _common(left, right)
    tail = _common(left[head:][::-1], right[head:][::-1])
    matcher = difflib.SequenceMatcher(None, left[head:len(left) - tail], right[head:len(right) - tail],
                                      autojunk=False)
    return tuple((_cut(first, a, head + i1, head + i2), _cut(other, b, head + j1, head + j2))
                 for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")


def _common(a: list[str], b: list[str]) -> int:
    """How many tokens `a` and `b` share from their start: left out of the comparison, whose
    cost grows with the square of what it compares."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


@lru_cache(maxsize=1024)
def _runs(norm: str) -> tuple[tuple[str, int], ...]:
    """(token, offset): each digit run, and each other character."""
    return tuple((m.group(), m.start()) for m in DIGIT_RUN.finditer(norm))


def _cut(text: str, tokens: tuple[tuple[str, int], ...], start: int, end: int) -> str:
    """The characters of tokens start..end."""
    def at(index: int) -> int:
        return tokens[index][1] if index < len(tokens) else len(text)

    return text[at(start):at(end)]


def other_towns(text: str, own: str | None, towns: Iterable[str]) -> tuple[str, ...]:
    """Which of `towns` other than `own` the text names, in order of first mention: a copy
    that still names the town it was copied from."""
    return _known(frozenset(towns)).named(text, own)


@dataclass(frozen=True)
class _Towns:
    """An index's towns, normalised once (a page asks for every hit it shows, an index has
    thousands of towns) and looked up by the text's substrings rather than searched for one by one."""

    written: Mapping[str, tuple[str, ...]]
    """Each normalised name: the towns written so."""
    lengths: tuple[int, ...]
    starts: frozenset[str]
    """The characters a name starts with: other places of a text are passed over at once."""

    def named(self, text: str, own: str | None) -> tuple[str, ...]:
        norm, mine = normalize(text), normalize(own) if own else None
        found: dict[str, None] = {}
        get, starts = self.written.get, self.starts
        for start, char in enumerate(norm):
            if char not in starts:
                continue
            here = [t for size in self.lengths if (piece := norm[start:start + size]) != mine
                    for t in get(piece, ())]
            found.update(dict.fromkeys(sorted(here) if len(here) > 1 else here))
        return tuple(found)


@lru_cache(maxsize=4)
def _known(towns: frozenset[str]) -> _Towns:
    written: dict[str, list[str]] = {}
    for town in sorted(t for t in towns if t):
        written.setdefault(normalize(town), []).append(town)
    return _Towns({k: tuple(v) for k, v in written.items()}, tuple(sorted({len(k) for k in written})),
                  frozenset(k[0] for k in written))


class Copies(Protocol):
    """Where a page of results finds its hits' copies: the open index they come from."""

    def copy_keys(self, members: Sequence[Member]) -> dict[Member, dict[str, str]]: ...

    def copies_of(self, member: Member, keys: Mapping[str, str], cap: int) -> CopiesOf: ...


LISTED = 30
"""Copies of each kind a shown hit lists (the page links them, the terminal names as many as fit);
how many there are is counted in full."""


def collapse(hits: Sequence[Hit], index: Copies | None, towns: Iterable[str] = (),
             limit: int | None = None) -> list[Collapsed]:
    """Hits in order, each with the paragraphs of other reports identical to it; a later hit
    that is one of those copies is folded into the first (`+N identical in other reports`).
    A later hit that only nearly copies one shown above (same template, other numbers or
    place names) stays, marked as a near-copy with what changed. With `limit`, the first `limit`
    items only: the hits fetched beyond a page are there to fill it, not to be compared. Only
    the keys of the hits are read for folding, and copies only for the hits shown."""
    known = _known(frozenset(towns))
    keys: dict[Member, dict[str, str]] = {}
    read = 0
    shown: list[Collapsed] = []
    folded: set[str] = set()
    first_of: dict[str, Hit] = {}
    for position, hit in enumerate(hits):
        if limit is not None and len(shown) >= limit:
            break
        if index is not None and position == read:  # the keys of as many hits as are still to show
            read = position + (limit - len(shown) if limit is not None else len(hits))
            keys.update(index.copy_keys([Member(h.source, h.line) for h in hits[position:read]]))
        spot = Member(hit.source, hit.line)
        found = keys.get(spot)
        if found is not None and found["identical"] in folded:
            continue
        copies = CopiesOf() if found is None or index is None else index.copies_of(spot, found, LISTED)
        if found is not None and copies.identical.total:
            folded.add(found["identical"])
        template = found["near"] if found is not None and copies.templated else None
        earlier = first_of.setdefault(template, hit) if template else hit
        before = earlier if earlier is not hit else None
        names = known.named(hit.text, hit.town) if copies.identical.total or template else ()
        shown.append(Collapsed(hit, copies.identical.members, copies.near.members, before,
                               char_diff(before.text, hit.text) if before else (), names,
                               copies.identical.total, copies.near.total))
    return shown


def merge(groups: Iterable[Group], linked: Iterable[tuple[Member, Member]]) -> list[Group]:
    """Groups joined where a pair of their paragraphs is similar enough (`linked`): a paragraph
    of no group joins its partner's, or forms a group with it. A group keeps its first key."""
    parent: dict[Member, Member] = {}

    def find(member: Member) -> Member:
        parent.setdefault(member, member)
        while parent[member] != member:
            parent[member] = parent[parent[member]]
            member = parent[member]
        return member

    def union(a: Member, b: Member) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    groups = list(groups)
    for group in groups:
        for member in group.members[1:]:
            union(group.members[0], member)
    for a, b in linked:
        union(a, b)
    keys: dict[Member, str] = {}
    for group in groups:
        keys.setdefault(find(group.members[0]), group.key)
    members: dict[Member, list[Member]] = {}
    for member in list(parent):
        members.setdefault(find(member), []).append(member)
    return [Group(keys.get(r, f"~{r.source}:{r.line}"), tuple(sorted(v, key=lambda m: (m.source, m.line))))
            for r, v in members.items()]


def shared(groups: Iterable[Group], reports: Mapping[str, Report], min_reports: int = 2,
           within: set[str] | None = None, same_town: bool = False) -> list[Group]:
    """Groups shared by `min_reports` reports or more, with a member in `within` (all if None),
    their members in date order (year, date, source: the earliest first), the widest first.

    Unless `same_town`, a group must span two towns or more: a town repeating its own text year
    after year is not a copy from another (a report with no town counts as a town of its own)."""
    chosen = []
    for group in groups:
        if group.reports() < min_reports or (within is not None and not any(m.source in within for m in group.members)):
            continue
        towns = {_town(reports.get(m.source)) or m.source for m in group.members}
        if len(towns) < 2 and not same_town:
            continue
        chosen.append(Group(group.key, tuple(sorted(group.members, key=lambda m: _when(reports.get(m.source), m)))))
    return sorted(chosen, key=lambda g: (-g.reports(), _when(reports.get(g.members[0].source), g.members[0])))


def _town(report: Report | None) -> str | None:
    return report.town if report else None


def _when(report: Report | None, member: Member) -> tuple[int, str, str, int]:
    year, date = (report.year, report.date) if report else (None, None)
    return (year or 9999, date or "", member.source, member.line)


@dataclass(frozen=True)
class Copy:
    """One paragraph of a shared text, compared with the group's earliest: identical (the same
    after normalisation) or near (what changed, and how similar), and the other towns it names."""

    member: Member
    text: str
    kind: str
    similarity: float
    changes: tuple[Change, ...]
    names: tuple[str, ...]


@dataclass(frozen=True)
class Shared:
    group: Group
    copies: tuple[Copy, ...]

    @property
    def text(self) -> str:
        return self.copies[0].text if self.copies else ""


SHARED_COLUMNS = ("group", "reports", "order", "id", "source", "line", "town", "year", "date", "kind", "similarity",
                  "changes", "names_other_town", "text")


def table(found: Sequence[Shared], reports: Mapping[str, Report]) -> Table:
    """One row per member of each group, in date order within the group, each with its own
    text; `kind` says whether it is identical to the group's earliest paragraph or a near-copy,
    `changes` what changed (earliest → this), `names_other_town` the other towns it names. The
    data formats (CSV, TSV, JSONL) are written from it by `search.render.data.write_table`,
    like every other table (the record is imported here: a query that folds copies never needs it)."""
    from search.research.tables import Table

    rows = []
    for number, item in enumerate(found, start=1):
        for order, copy in enumerate(item.copies, start=1):
            member, report = copy.member, reports.get(copy.member.source)
            town, year, date = (report.town, report.year, report.date) if report else (None, None, None)
            changes = "; ".join(f"{old}→{new}" for old, new in copy.changes) or None
            rows.append((number, item.group.reports(), order, f"{member.source}:{member.line}", member.source,
                         member.line, town, year, date, copy.kind, round(copy.similarity, 3), changes,
                         ", ".join(copy.names) or None, copy.text))
    return Table(SHARED_COLUMNS, tuple(rows))
