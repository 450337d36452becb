"""Near-copy pairs kept at build time: an incremental build gives the pairs a full build gives,
also when a sketch value's count crosses a bound; and `dupes` reads them from the generation."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from pathlib import Path

from search.engine.searcher import open_index
from search.index import copies, near_pairs
from search.index.build import build_index
from search.models import Member

Sketches = dict[Member, list[int]]


def _near(member: Member) -> str:
    return f"{member.source}:{member.line % 3}"


def _similar(first: Member, second: Member) -> bool:
    """A stand-in for masked-text similarity: lines of the same parity."""
    return first.line % 2 == second.line % 2


def _keys(sketches: Sketches) -> dict[Member, str]:
    return {member: _near(member) for member in sketches}


def _full(sketches: Sketches, widest: int) -> frozenset[near_pairs.Pair]:
    return near_pairs.update([], {}, sketches, {m.source for m in sketches}, _keys(sketches), _similar,
                             widest=widest).added


def _counts(sketches: Sketches) -> dict[int, int]:
    return dict(Counter(value for values in sketches.values() for value in set(values)))


def _corpus(rng: random.Random, sources: list[str]) -> Sketches:
    return {Member(source, line): rng.sample(range(12), 4) for source in sources for line in range(1, 4)}


def test_an_incremental_update_gives_the_pairs_of_a_full_build() -> None:
    rng = random.Random(7)
    for round_ in range(40):
        widest = rng.choice([3, 4, 6, 200])
        old = _corpus(rng, [f"r{i}.txt" for i in range(6)])
        stored = _full(old, widest)
        new = {m: v for m, v in old.items() if m.source not in {"r1.txt", "r2.txt"}}
        new.update(_corpus(rng, ["r2.txt", "r7.txt"]))
        change = near_pairs.update(stored, _counts(old), new, {"r1.txt", "r2.txt", "r7.txt"}, _keys(new), _similar,
                                   widest=widest)
        assert (stored - change.removed) | change.added == _full(new, widest), round_


def test_a_value_that_becomes_too_common_stops_proposing_pairs_of_unchanged_reports() -> None:
    a, b, c = Member("a.txt", 2), Member("b.txt", 4), Member("c.txt", 6)
    old = {a: [1, 2], b: [1, 2]}
    stored = _full(old, widest=2)
    assert stored == {(a, b)}
    change = near_pairs.update(stored, _counts(old), {**old, c: [1]}, {"c.txt"}, _keys({**old, c: [1]}),
                                _similar, widest=2)
    assert change.removed == {(a, b)} and not change.added


PLAN = ("{town}围绕乡村振兴战略,投入资金{n}万元建设高标准农田,新修机耕道{m}公里,"
        "引导农户发展特色种植,带动村集体经济持续增收。")


def _write(folder: Path, name: str, town: str, text: str) -> None:
    (folder / name).write_text(f"{town}2022年工作总结\n\n一、工作总结\n\n{text}\n", encoding="utf-8")


def test_dupes_joins_a_reworded_copy_added_by_a_later_build(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    _write(corpus, "q2022.txt", "泉溪镇", PLAN.format(town="泉溪镇", n=300, m=12))
    build_index(corpus, index)
    with open_index(index) as idx:
        assert idx.similar_pairs() == []
    reworded = PLAN.format(town="青石镇", n=85, m=4).replace("持续增收", "稳步增收")
    _write(corpus, "s2022.txt", "青石镇", reworded)
    build_index(corpus, index)
    with open_index(index) as idx:
        pairs = idx.similar_pairs()
    assert [(a.source, b.source) for a, b in pairs] == [("q2022.txt", "s2022.txt")]
    fresh = tmp_path / "fresh"
    shutil.copytree(corpus, fresh)
    build_index(fresh, tmp_path / "full")
    with open_index(tmp_path / "full") as idx:
        assert idx.similar_pairs() == pairs
    assert copies.NEAR_SIMILARITY <= copies.similarity(PLAN.format(town="泉溪镇", n=300, m=12), reworded,
                                                       "泉溪镇", "青石镇")
