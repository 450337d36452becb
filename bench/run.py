"""`make bench`: the project against the naive and SQLite peers, on one corpus, in one run.

    python -m bench.run --n 1000            generate bench-corpus/1000 if needed, measure, print
    python -m bench.run --n 100 --per-query also show every query's median time and hit count

For each system: full build (wall time and peak memory of its process tree), an update after one
file changed, in-process query latency over a fixed mix of queries (the project's time includes
rendering snippets and facet counts, as `search query` prints them), the size of the index, and
the whole-process time of one CLI query on an index of the seeds. Ratios against each peer come
from the same run on the same machine, and the latency targets in BENCHMARKS.md are checked where they apply.

Everything runs on a hard-linked copy of the corpus in a scratch directory, so changing a file for
the update step never touches the generated corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.common import BenchQuery, corpus_sources, file_meta, read_lines
from bench import previous
from bench.measure import disk_bytes, median, peak_command, percentile, run_worker, time_command
from bench.queries import process_kinds, query_mix
from bench.report import CLI_QUERY, SYSTEMS, Results, SystemResult, evaluate_targets, report

DEFAULT_SYSTEMS = ("project", "naive", "sqlite")

ROOT = Path(__file__).resolve().parents[1]
CHANGE = "另外,本年度新建村级文化广场一座,惠及群众三千余人。"


@dataclass
class Config:
    n: int = 1000
    corpus: Path | None = None
    seeds: Path = ROOT / "seeds"
    seed: int = 0
    work: Path | None = None
    keep: bool = False
    systems: tuple[str, ...] = DEFAULT_SYSTEMS
    rounds: int = 3
    cli_runs: int = 7
    cli_corpus: Path | None = None
    procs: int = os.cpu_count() or 1
    compile: bool = True
    repeats: int = 3
    cli_only: bool = False
    previous: str | None = None
    """A git revision whose `search` package is measured as the system "previous"."""
    process_runs: int = 0
    """Whole-process runs per kind of query on the benchmark corpus (0: none)."""


# ---------------------------------------------------------------- setup


def machine_info() -> dict:
    model = "unknown"
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                model = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sqlite3

    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform(),
            "pythondontwritebytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
            "date": time.strftime("%Y-%m-%d %H:%M"), "project": project_revision()}


def project_revision() -> str:
    """HEAD of the repository; with uncommitted changes in search/, also a hash of its files, so
    that two different dirty states never look alike (read-only git)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    if not git("status", "--porcelain", "--", "search"):
        return head
    digest = hashlib.sha256()
    for path in sorted((ROOT / "search").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{head}+dirty:{digest.hexdigest()[:8]}"


def ensure_corpus(config: Config) -> Path:
    """The corpus to measure: the one given, or bench-corpus/N, generated unless already there."""
    if config.corpus:
        if not (config.corpus / ".manifest.json").is_file():
            raise SystemExit(f"{config.corpus} has no .manifest.json: generate it with python -m bench.generate")
        return config.corpus
    from bench.generate import fingerprint, generate

    path = ROOT / "bench-corpus" / str(config.n)
    manifest = path / ".manifest.json"
    if manifest.is_file():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if (data.get("fingerprint"), data.get("seed"), data.get("n")) == (fingerprint(config.seeds), config.seed, config.n):
            return path
    print(f"generating {config.n} reports into {path} ...", file=sys.stderr)
    generate(config.seeds, path, config.n, config.seed)
    return path


def link_tree(source: Path, target: Path) -> None:
    """Hard-link every file of `source` into `target` (copy across file systems)."""
    for folder, _, files in os.walk(source):
        relative = Path(folder).relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in files:
            try:
                os.link(Path(folder, name), target / relative / name)
            except OSError:
                shutil.copy2(Path(folder, name), target / relative / name)


def change_one_file(corpus: Path, source: str | None = None) -> str:
    """Append a sentence to the longest line of the middle file; a new inode, never the original's.

    Each call appends once more, so every repeat of the update step sees a genuinely changed file.
    """
    if source is None:
        sources = corpus_sources(corpus)
        source = sources[len(sources) // 2]
    path = corpus / source
    lines = path.read_bytes().decode("utf-8").split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[longest] += CHANGE
    path.unlink()
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return source


def warm_cache(corpus: Path) -> None:
    for source in corpus_sources(corpus):
        (corpus / source).read_bytes()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


# ---------------------------------------------------------------- measuring


def measure_build(name: str, corpus: Path, work: Path, config: Config, result: SystemResult) -> None:
    """Full build from nothing: wall time, peak memory of the process tree, size on disk."""
    index = work / f"index-{name}"
    if index.exists():
        shutil.rmtree(index)
    built = run_worker(["build", name, "--corpus", str(corpus), "--index", str(index),
                        "--procs", str(config.procs)], _cwd(name, work), _env())
    result.build_wall, result.build_peak_mb = built.wall, built.peak_mb
    result.build_call, result.build_rusage = built.result["seconds"], built.result
    result.index_bytes = disk_bytes(index)


def measure_update(name: str, corpus: Path, work: Path, changed: str, config: Config, result: SystemResult) -> None:
    """Fastest of `config.repeats` updates; before each repeat the file changes once more."""
    index = work / f"index-{name}"
    result.update_wall = result.update_call = math.inf
    for attempt in range(config.repeats):
        if attempt:
            change_one_file(corpus, changed)
        updated = run_worker(["update", name, "--corpus", str(corpus), "--index", str(index),
                              "--procs", str(config.procs), "--changed", changed], _cwd(name, work), _env())
        if updated.wall < result.update_wall:
            result.update_wall, result.update_call = updated.wall, updated.result["seconds"]
            result.update_peak_mb = updated.peak_mb


def measure_queries(name: str, work: Path, queries_file: Path, queries: list[BenchQuery], config: Config,
                    result: SystemResult) -> None:
    """Latency percentiles over every timed run of every query, plus per-query medians and hits."""
    answered = run_worker(["query", name, "--index", str(work / f"index-{name}"), "--queries", str(queries_file),
                           "--rounds", str(config.rounds)], _cwd(name, work), _env()).result
    result.open_ms = answered["open_seconds"] * 1000
    result.first_ms = answered["first_seconds"] * 1000
    timed = [t * 1000 for row in answered["times"] for t in row if t is not None]
    if timed:
        result.p50_ms, result.p95_ms, result.max_ms = percentile(timed, 0.5), percentile(timed, 0.95), max(timed)
    result.zero_hits = sum(1 for h in answered["hits"] if h == 0)
    result.errors = {q.label: e for q, e in zip(queries, answered["errors"]) if e}
    for i, q in enumerate(queries):
        column = [row[i] * 1000 for row in answered["times"] if row[i] is not None]
        result.per_query.append({"kind": q.kind, "query": q.label, "hits": answered["hits"][i],
                                 "median_ms": median(column) if column else None})


def measure_cli(name: str, cli_corpus: Path, work: Path, config: Config, result: SystemResult,
                reuse: bool) -> None:
    """Median wall time of the system's whole-process query on an index of `cli_corpus`
    (`reuse`: that is the benchmark corpus, whose index is already built)."""
    index = work / f"index-{name}"
    if not reuse:
        index = work / f"cli-{name}"
        run_worker(["build", name, "--corpus", str(cli_corpus), "--index", str(index), "--procs", str(config.procs)],
                   _cwd(name, work), _env())
    times = time_command(cli_command(name, index), config.cli_runs, _cwd(name, work), _env())
    result.cli_times_ms = [t * 1000 for t in times]
    result.cli_ms = median(result.cli_times_ms)
    if not reuse and not config.cli_only:  # the same query on the benchmark corpus's index: lazy loading at scale
        result.cli_corpus_ms = median(time_command(cli_command(name, work / f"index-{name}"), config.cli_runs,
                                                   _cwd(name, work), _env())) * 1000


def _cwd(name: str, work: Path) -> Path:
    """Where a system's processes run: the previous design's export, else the repository."""
    return work / previous.NAME if name == previous.NAME else ROOT


def cli_command(name: str, index: Path, text: str = CLI_QUERY, *options: str) -> list[str]:
    """The command line of one query; built here so that the harness never imports jieba or opencc."""
    if name == "project":
        from bench.project import cli_command as project_command

        return project_command(index, text, *options)
    if name == previous.NAME:
        return previous.cli_command(index, text, *options)
    script, target = ("naive.py", index) if name == "naive" else ("fts.py", index / "fts.db")
    return [sys.executable, str(ROOT / "bench" / script), str(target), text]


def measure_process(name: str, work: Path, kinds: dict[str, tuple[str, tuple[str, ...]]], config: Config,
                    result: SystemResult) -> None:
    """Whole-process `search query` per kind on the benchmark corpus's index: median wall time
    and the largest peak RSS over `config.process_runs` runs after one warm-up."""
    index = work / f"index-{name}"
    for kind, (text, options) in kinds.items():
        runs = [peak_command(cli_command(name, index, text, *options), _cwd(name, work), _env())
                for _ in range(config.process_runs + 1)][1:]
        result.process[kind] = {"query": " ".join([text, *options]).strip(), "ms": median([r[0] for r in runs]) * 1000,
                                "peak_mb": max(r[1] for r in runs)}


def compile_bytecode() -> None:
    """What `make install` does: an environment with PYTHONDONTWRITEBYTECODE=1 otherwise starts
    every CLI process from source (~0.4 s more), which would measure the environment, not the code."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "search", "bench"], cwd=ROOT, check=False,
                   stdout=subprocess.DEVNULL)


# ---------------------------------------------------------------- the run


def run(config: Config) -> Results:
    corpus = ensure_corpus(config)
    scratch = Path(tempfile.mkdtemp(prefix="bench-", dir=config.work))
    try:
        return _run(config, corpus, scratch)
    finally:
        if config.keep:
            print(f"kept scratch directory {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def _run(config: Config, source_corpus: Path, work: Path) -> Results:
    load_before = round(os.getloadavg()[0], 2)
    revision_before = project_revision()
    corpus = work / "corpus"
    link_tree(source_corpus, corpus)
    sources = corpus_sources(corpus)
    meta = file_meta(corpus)
    queries = query_mix([t for t, _ in meta.values()], [y for _, y in meta.values()])
    queries_file = work / "queries.json"
    queries_file.write_text(json.dumps([q.to_json() for q in queries], ensure_ascii=False), encoding="utf-8")
    corpus_info = {"path": str(source_corpus), "reports": len(sources),
                   "mb": sum((corpus / s).stat().st_size for s in sources) / 1e6,
                   "lines": sum(len(read_lines(corpus, s)) for s in sources)}
    if previous.NAME in config.systems:
        previous.export(ROOT, config.previous or "HEAD", work / previous.NAME)
    results = {name: SystemResult(name) for name in config.systems}
    if not config.cli_only:
        warm_cache(corpus)
        for name in config.systems:
            _log(f"{name}: full build of {len(sources)} reports")
            measure_build(name, corpus, work, config, results[name])
        changed = change_one_file(corpus)
        for name in config.systems:
            _log(f"{name}: update of {changed} × {config.repeats}, then {len(queries)} queries × {config.rounds}")
            measure_update(name, corpus, work, changed, config, results[name])
            measure_queries(name, work, queries_file, queries, config, results[name])
            if config.process_runs and name in ("project", previous.NAME):
                _log(f"{name}: whole-process queries, {config.process_runs} runs per kind")
                measure_process(name, work, process_kinds(meta), config, results[name])
    notes = []
    if config.cli_runs:
        if config.compile:
            compile_bytecode()
        cli_corpus = config.cli_corpus or config.seeds
        for name in config.systems:
            _log(f"{name}: whole-process query, {config.cli_runs} runs")
            reuse = cli_corpus.resolve() == source_corpus.resolve() and not config.cli_only
            measure_cli(name, cli_corpus, work, config, results[name], reuse=reuse)
        notes.append(f"CLI query on an index of {cli_corpus} ({len(corpus_sources(cli_corpus))} files); "
                     f"median of {config.cli_runs} runs after one warm-up" + ("; bytecode compiled first" if config.compile else ""))
    machine = machine_info()
    machine["load_after"] = round(os.getloadavg()[0], 2)
    machine["load_before"] = load_before
    if machine["project"] != revision_before:
        notes.append(f"the project changed during the run ({revision_before} → {machine['project']}): "
                     "numbers mix two versions; run again")
        machine["project"] = f"{revision_before} → {machine['project']}"
    if max(load_before, machine["load_after"]) > 0.5 * (os.cpu_count() or 1):
        notes.append(f"the machine was busy (1-minute load {load_before} before, {machine['load_after']} after, "
                     f"{os.cpu_count()} cores): times include other processes' interference")
    return Results(machine, corpus_info, len(queries), results, evaluate_targets(len(sources), results), notes)


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl+C: the running worker is killed and the scratch copy removed."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="Benchmark the project against two peers.")
    parser.add_argument("--n", type=int, default=1000, help="reports to generate (default 1000; try 100 or 10000)")
    parser.add_argument("--corpus", type=Path, help="an already generated corpus instead of bench-corpus/N")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS),
                        help="comma-separated subset of project,naive,sqlite (previous: see --previous)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the query mix (default 3)")
    parser.add_argument("--cli-runs", type=int, default=7, help="whole-process query runs; 0 skips them (default 7)")
    parser.add_argument("--repeats", type=int, default=3, help="update runs per system; the fastest counts (default 3)")
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1, help="worker processes for the project's build")
    parser.add_argument("--work", type=Path, help="parent directory for the scratch copy (default: system temp)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--no-compile", action="store_true", help="do not compile bytecode before the CLI runs")
    parser.add_argument("--cli-only", action="store_true",
                        help="only the whole-process query on the seeds (use a large --cli-runs)")
    parser.add_argument("--per-query", action="store_true", help="also print each query's median time and hits")
    parser.add_argument("--previous", metavar="REV",
                        help="also measure the `search` package of git revision REV as the system previous")
    parser.add_argument("--process-runs", type=int, default=5,
                        help="whole-process queries per kind on the benchmark corpus (default 5; 0 skips them)")
    parser.add_argument("--json", type=Path, help="write all numbers here (default bench-corpus/results-N.json)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    systems = tuple(s for s in args.systems.split(",") if s)
    if args.previous and previous.NAME not in systems:
        systems = tuple(n for n in SYSTEMS if n in systems or n == previous.NAME)
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown systems: {', '.join(sorted(unknown))}")
    config = Config(n=args.n, corpus=args.corpus, seed=args.seed, systems=systems, rounds=args.rounds,
                    cli_runs=args.cli_runs, procs=args.procs, repeats=args.repeats, cli_only=args.cli_only, work=args.work, keep=args.keep, compile=not args.no_compile,
                    previous=args.previous, process_runs=args.process_runs)
    results = run(config)
    print(report(results, args.per_query))
    destination = args.json or ROOT / "bench-corpus" / f"results-{results.corpus['reports']}.json"
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(json.dumps(asdict(results), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nAll numbers: {destination}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
