"""One measured step in a fresh process: `python -m bench.worker build|update|query SYSTEM ...`.

A fresh interpreter per step keeps every system's imports, caches and garbage out of the others'
numbers, and lets the harness measure a build's memory as the process tree it really is. The last
line printed is a JSON object with the in-process timings and this process's rusage.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import resource
import sys
import time
from pathlib import Path
from types import ModuleType

from bench.common import BenchQuery

SYSTEMS = {"project": "bench.project", "previous": "bench.project", "naive": "bench.naive", "sqlite": "bench.fts"}
"""The previous design runs through the project's driver, from its own export (bench.previous)."""


def system(name: str) -> ModuleType:
    return importlib.import_module(SYSTEMS[name])


def _rusage() -> dict:
    """ru_maxrss in kB: this process, and the largest single child it waited for (pool workers)."""
    return {"maxrss_self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "maxrss_children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}


def build(name: str, corpus: Path, index: Path, procs: int) -> dict:
    module = system(name)
    start = time.perf_counter()
    module.build(corpus, index, procs)
    return {"seconds": time.perf_counter() - start, **_rusage()}


def update(name: str, corpus: Path, index: Path, changed: list[str], procs: int) -> dict:
    module = system(name)
    start = time.perf_counter()
    module.update(corpus, index, changed, procs)
    return {"seconds": time.perf_counter() - start, **_rusage()}


PRIMER = BenchQuery("primer", "☃☃☃")  # a miss of three characters: cheap for every system


def query(name: str, index: Path, queries: list[BenchQuery], rounds: int) -> dict:
    """Round 0 warms imports and the OS cache and records hits and errors; rounds 1.. are timed.

    Every round opens the index afresh and runs one untimed miss first, so lazy loading is timed
    separately (`open_seconds`, `first_seconds`) and no round reuses a cache filled by an earlier
    one; within a round, later queries may profit from earlier ones, as in one session.
    """
    module = system(name)
    hits: list[int | None] = []
    errors: list[str | None] = []
    times: list[list[float | None]] = []
    opens: list[float] = []
    firsts: list[float] = []
    for round_number in range(rounds + 1):
        gc.collect()
        start = time.perf_counter()
        with module.querier(index) as run:
            opened = time.perf_counter()
            run(PRIMER)
            primed = time.perf_counter()
            opens.append(opened - start)
            firsts.append(primed - opened)
            if round_number == 0:
                for q in queries:
                    try:
                        hits.append(run(q)[0])
                        errors.append(None)
                    except Exception as exc:  # a peer that cannot run a query is still timed on the rest
                        hits.append(None)
                        errors.append(f"{type(exc).__name__}: {exc}")
                continue
            row: list[float | None] = []
            for q, error in zip(queries, errors):
                if error:
                    row.append(None)
                    continue
                t0 = time.perf_counter()
                run(q)
                row.append(time.perf_counter() - t0)
            times.append(row)
    timed_opens, timed_firsts = opens[1:] or opens, firsts[1:] or firsts
    return {"open_seconds": sorted(timed_opens)[len(timed_opens) // 2],
            "first_seconds": sorted(timed_firsts)[len(timed_firsts) // 2],
            "hits": hits, "errors": errors, "times": times, **_rusage()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("step", choices=("build", "update", "query"))
    parser.add_argument("system", choices=sorted(SYSTEMS))
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--procs", type=int, default=1)
    parser.add_argument("--changed", action="append", default=[])
    parser.add_argument("--queries", type=Path, help="JSON list of BenchQuery rows")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if args.step == "build":
        result = build(args.system, args.corpus, args.index, args.procs)
    elif args.step == "update":
        result = update(args.system, args.corpus, args.index, args.changed, args.procs)
    else:
        rows = json.loads(args.queries.read_text(encoding="utf-8"))
        result = query(args.system, args.index, [BenchQuery.from_json(r) for r in rows], args.rounds)
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
