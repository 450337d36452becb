"""Hostile queries timed: ten-thousand-character and deeply nested queries on a small index.

    python -m bench.hostile [--runs 5]

A query must answer or be refused in well under a second however it is written; the tests check
that each of these answers or is refused with one line, and this table gives the time each takes
(median of `--runs`, in process, after one warm-up query), on the seeds' first reports.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

LONG: dict[str, Callable[[str], str]] = {
    "unquoted-cjk": lambda seed: seed[:10_000],
    "quoted-cjk": lambda seed: '"' + seed[:9_998] + '"',
    "repeated-word": lambda seed: "脱贫攻坚" * 2_500,
    "many-terms": lambda seed: " ".join(seed[i:i + 2] for i in range(0, 6_666, 2)),
    "same-term-repeated": lambda seed: " ".join(["脱贫"] * 3_333),
    "whoosh-syntax": lambda seed: ("*?~^:[]{}" * 1_112)[:10_000],
    "emoji": lambda seed: "😀" * 10_000,
    "zero-width": lambda seed: "\u200b" * 10_000,
    "too-long": lambda seed: "脱" * 10_001,
}
NESTED = {
    "deep-parentheses": "(" * 4_999 + "脱贫" + ")" * 4_999,
    "long-not-chain": "NOT " * 2_499 + "脱贫",
    "parentheses-300": "(" * 300 + "脱贫" + ")" * 300,
    "not-chain-1000": "NOT " * 1_000 + "脱贫",
}


def seed_text() -> str:
    """Every seed report run together without whitespace: the source of the long queries."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    return "".join(ch for ch in text if not ch.isspace())


def queries() -> dict[str, str]:
    seed = seed_text()
    return {**{name: make(seed) for name, make in LONG.items()}, **NESTED}


def measure(index: Path, runs: int) -> dict[str, float]:
    """Median seconds per query name; a refused query counts the time to refuse it."""
    from search.engine import open_index
    from search.errors import SearchError

    times: dict[str, float] = {}
    with open_index(index) as idx:
        idx.search("脱贫")
        for name, text in queries().items():
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                try:
                    idx.search(text, limit=10)
                except SearchError:
                    pass
                samples.append(time.perf_counter() - started)
            times[name] = statistics.median(samples)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query; the median counts (default 5)")
    args = parser.parse_args(argv)
    from search.index import build_index

    with tempfile.TemporaryDirectory() as work:
        corpus = Path(work) / "corpus"
        corpus.mkdir()
        for path in sorted(SEEDS.glob("*.txt")):
            (corpus / path.name).write_bytes(path.read_bytes())
        build_index(corpus, Path(work) / "index", procs=1)
        times = measure(Path(work) / "index", args.runs)
    print(f"{'query':<20} {'ms':>8}")
    for name, seconds in times.items():
        print(f"{name:<20} {seconds * 1000:>8.1f}")
    print(f"slowest: {max(times, key=lambda n: times[n])} {max(times.values()) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
