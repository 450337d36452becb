"""Near-copy pairs found while a generation is built, so that `dupes` reads them instead of
joining every paragraph's sketch with every other at query time (which took seconds a call on a
thousand reports).

A pair is two paragraphs of different reports with different near keys whose sketches share
SHARED values or more, counting only the values held by 2 to WIDEST paragraphs (a value every
report holds, a stock phrase, proposes no pair), and whose masked texts are similar enough
(`copies.NEAR_SIMILARITY`). That definition depends on every report of the corpus, so an
incremental build must give the pairs a full build would: `update` re-examines the pairs of the
reports that changed and, for a value whose count crossed a bound (2 or WIDEST), every pair of
unchanged reports that shares it. Pure functions over plain mappings: the table they come from
is `copies`' business.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

from search.models import Member

__all__ = ["SHARED", "WIDEST", "Change", "Pair", "update"]

SHARED = 2
WIDEST = 200

Pair = tuple[Member, Member]
"""(first, second) with first < second."""


@dataclass(frozen=True)
class Change:
    """The pairs a build removes from the table and the ones it adds."""

    removed: frozenset[Pair]
    added: frozenset[Pair]


def _proposes(count: int, widest: int) -> bool:
    return 2 <= count <= widest


class _Numbered:
    """Paragraphs numbered so that the pair loops hash integers, not records (a full build
    looks at millions of pairs)."""

    def __init__(self, sketches: Mapping[Member, Iterable[int]], changed: set[str],
                 keys: Mapping[Member, str]) -> None:
        self.members = list(sketches)
        self.sources = [member.source for member in self.members]
        self.keys = [keys[member] for member in self.members]
        self.changed = [source in changed for source in self.sources]
        self.values = [set(sketches[member]) for member in self.members]
        self.holders: dict[int, list[int]] = defaultdict(list)
        for number, values in enumerate(self.values):
            for value in values:
                self.holders[value].append(number)

    def pair(self, code: int) -> Pair:
        first, second = self.members[code // len(self.members)], self.members[code % len(self.members)]
        return (first, second) if (first.source, first.line) < (second.source, second.line) else (second, first)

    def within(self, value: int, unchanged: bool = False) -> Iterator[int]:
        """The codes of the candidate pairs that share `value`: paragraphs of different reports
        with different near keys, where one of them changed (or, `unchanged`, neither did)."""
        numbers, sources, keys, changed = self.holders.get(value, []), self.sources, self.keys, self.changed
        size = len(self.members)
        for i, first in enumerate(numbers):
            for second in numbers[i + 1:]:
                if sources[first] != sources[second] and keys[first] != keys[second] and \
                        (changed[first] or changed[second]) != unchanged:
                    yield first * size + second if first < second else second * size + first


def update(stored: Collection[Pair], before: Mapping[int, int], sketches: Mapping[Member, Iterable[int]],
           changed: set[str], keys: Mapping[Member, str], similar: Callable[[Member, Member], bool],
           shared: int = SHARED, widest: int = WIDEST) -> Change:
    """The change to `stored` (the previous build's pairs) once the reports of `changed` (parsed
    again, added or removed) have their new `sketches` (every paragraph's, after the build) and
    `before` held each value's count of the previous build. Paragraphs with the same near key
    (`keys`) are never a pair; `similar` says whether two candidates are near-copies."""
    table = _Numbered(sketches, changed, keys)
    proposing = {value for value, numbers in table.holders.items() if _proposes(len(numbers), widest)}
    flipped = {value for value in set(table.holders) | set(before)
               if (value in proposing) != _proposes(before.get(value, 0), widest)}
    revisit = {code for value in flipped for code in table.within(value, unchanged=True)}
    counts: Counter[int] = Counter()
    for value in proposing:
        numbers = table.holders[value]
        if any(table.changed[number] for number in numbers):
            counts.update(table.within(value))
    found = {code for code, count in counts.items() if count >= shared}
    found |= {code for code in revisit
              if len(table.values[code // len(table.members)] & table.values[code % len(table.members)]
                     & proposing) >= shared}
    added = {pair for pair in map(table.pair, found) if similar(*pair)}
    gone = {table.pair(code) for code in revisit}
    removed = {pair for pair in stored if pair[0].source in changed or pair[1].source in changed or pair in gone}
    kept = set(stored)
    return Change(frozenset(removed - added), frozenset(added - kept))
