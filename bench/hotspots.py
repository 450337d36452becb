"""cProfile of the project's build and query mix, to find what to optimise.

    python -m bench.hotspots build --n 1000      full build with one process (so parsing shows)
    python -m bench.hotspots query --n 1000      the benchmark's query mix, searched and rendered
    python -m bench.hotspots both --n 1000 --top 30 --out bench-corpus/profile

A one-process build puts the workers' parsing and segmenting in the same profile as the writer;
the real build runs parsing on every core, so weigh the parse share by 1/cores. Profiles are saved
as .prof files (open with `python -m pstats` or snakeviz) next to the printed top entries.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.common import file_meta
from bench.queries import query_mix
from bench.run import ROOT, Config, ensure_corpus
from bench.worker import PRIMER


def profile_build(corpus: Path, out: Path, top: int) -> str:
    from search.index.build import build_index

    scratch = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    try:
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.runcall(build_index, corpus, scratch / "index", full=True, procs=1)
        wall = time.perf_counter() - start
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return _summary(profiler, out / "build.prof", f"full build, one process: {wall:.1f} s", top)


def profile_query(corpus: Path, out: Path, top: int, rounds: int) -> str:
    """The mix as the harness times it: each round on a freshly opened, primed index."""
    from search import render
    from search.index.build import build_index
    from search.engine.searcher import Filters, open_index

    meta = file_meta(corpus)
    queries = query_mix([t for t, _ in meta.values()], [y for _, y in meta.values()])
    style = render.Style(color=False)

    def mix(idx) -> None:  # type: ignore[no-untyped-def]
        for q in queries:
            render.result_text(idx.search(q.text, Filters(q.towns, q.years, q.sections), limit=10), style)

    scratch = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    try:
        build_index(corpus, scratch / "index", full=True)
        first, mixes = cProfile.Profile(), cProfile.Profile()
        first_wall = mix_wall = 0.0
        for round_number in range(rounds + 1):
            start = time.perf_counter()
            with open_index(scratch / "index") as idx:
                if round_number:
                    first.runcall(idx.search, PRIMER.text)
                else:
                    idx.search(PRIMER.text)
                middle = time.perf_counter()
                if round_number:
                    mixes.runcall(mix, idx)
                else:
                    mix(idx)  # warm-up: imports, OS page cache
            if round_number:
                first_wall += middle - start
                mix_wall += time.perf_counter() - middle
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    per_query = mix_wall / (rounds * len(queries)) * 1000
    return "\n".join([
        _summary(first, out / "first-query.prof",
                 f"open and first query (a miss): {first_wall / rounds * 1000:.0f} ms under the profiler", top),
        _summary(mixes, out / "query.prof",
                 f"query mix: {rounds} × {len(queries)} queries, {per_query:.1f} ms per query under the profiler", top),
    ])


def _summary(profiler: cProfile.Profile, path: Path, title: str, top: int) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(str(path))
    parts = [f"== {title} (saved {path})"]
    for order in ("tottime", "cumulative"):
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        body = buffer.getvalue()
        parts.append(f"-- by {order}\n" + body[body.find("   ncalls"):].rstrip())
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hotspots")
    parser.add_argument("what", choices=("build", "query", "both"))
    parser.add_argument("--n", type=int, default=1000, help="corpus size (bench-corpus/N, generated if missing)")
    parser.add_argument("--corpus", type=Path, help="an already generated corpus instead")
    parser.add_argument("--top", type=int, default=25, help="entries to print per ordering")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the query mix")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-corpus" / "profile", help="where .prof files go")
    args = parser.parse_args(argv)
    corpus = ensure_corpus(Config(n=args.n, corpus=args.corpus))
    if args.what in ("build", "both"):
        print(profile_build(corpus, args.out, args.top))
    if args.what in ("query", "both"):
        print(profile_query(corpus, args.out, args.top, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
