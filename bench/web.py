"""`make bench`'s web part: the search page over HTTP, served by `search serve` on a generated corpus.

    python -m bench.web                         10,000 reports, 20 clients for 30 s
    python -m bench.web --n 1000 --seconds 5    smaller and shorter

The server is the real one (`python -m search serve`: uvicorn, one process), started on a free
port over an index of bench-corpus/N (kept in bench-corpus/web-index-N and brought up to date with
`search index`, so a second run reuses it). The client is this process, over keep-alive HTTP/1.1.

Three things are measured, each against the target BENCHMARKS.md names:
- warm latency: every query of the fixed mix (bench.queries) as a search page, one request at a
  time, after one unmeasured round; p50 and p95 over all requests, and the server's CPU time per
  request (from /proc), which the machine's other load does not inflate;
- load: CLIENTS threads each sending the mix in its own order for SECONDS; requests that fail or
  answer anything but 200 are counted as errors, none is allowed;
- size: the bytes of the search page with results, largest over the mix.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlencode

from bench.common import BenchQuery, file_meta
from bench.measure import percentile
from bench.queries import query_mix

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
STARTUP_SECONDS = 120.0
REQUEST_TIMEOUT = 30.0
TICKS = os.sysconf("SC_CLK_TCK")

TARGETS = {
    "p50_ms": 30.0,
    "p95_ms": 100.0,
    "errors": 0,
    "page_kb": 300.0,
}
"""Upper bounds: warm p50 and p95 of the search page, errors under load, the largest page (KB)."""


@dataclass
class WebResults:
    n: int
    requests: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    server_cpu_ms: float = 0.0
    load_clients: int = 0
    load_seconds: float = 0.0
    load_requests: int = 0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    load_p50_ms: float = 0.0
    load_p95_ms: float = 0.0
    load_server_cpu_ms: float = 0.0
    page_kb: float = 0.0
    page_query: str = ""
    peak_rss_mb: float = 0.0
    slowest: list[tuple[str, float]] = field(default_factory=list)
    machine: dict[str, object] = field(default_factory=dict)


def search_path(query: BenchQuery) -> str:
    """The search page's URL for a query of the mix, with the CLI's option names as parameters."""
    params: list[tuple[str, str]] = []
    if query.text:
        params.append(("q", query.text))
    params += [("town", town) for town in query.towns]
    if query.years:
        low, high = query.years
        params.append(("year", str(low) if low == high else f"{low}..{high}"))
    params += [("section", section) for section in query.sections]
    return "/?" + urlencode(params)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def ensure_index(corpus: Path, index: Path) -> None:
    """`search index` of the corpus into `index`: a full build the first time, a no-op after."""
    print(f"indexing {corpus} into {index} ...", file=sys.stderr)
    command = [sys.executable, "-m", "search", "index", "--corpus", str(corpus), "--index", str(index)]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


class Server:
    """`search serve` in a child process, stopped on exit."""

    def __init__(self, index: Path) -> None:
        self.port = free_port()
        command = [sys.executable, "-m", "search", "serve", "--index", str(index), "--port", str(self.port)]
        self.log = tempfile.TemporaryFile()  # never a pipe: a server that logs much would block on it
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)

    def __enter__(self) -> Server:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"search serve exited ({self.process.returncode}): {self.log.read()[-2000:].decode()}")
            probe = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
            try:
                status, _, _ = fetch(probe, "/")
            except OSError:
                time.sleep(0.2)
                continue
            finally:
                probe.close()
            if status == 200:
                return self
        raise SystemExit(f"search serve did not answer on port {self.port} within {STARTUP_SECONDS:.0f} s")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def cpu_seconds(self) -> float:
        """User plus system CPU of the server process so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def peak_rss_mb(self) -> float:
        for row in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if row.startswith("VmHWM:"):
                return int(row.split()[1]) / 1024
        return 0.0


def fetch(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes, float]:
    """Status, body and seconds of one GET on a kept-alive connection."""
    start = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    return response.status, body, time.perf_counter() - start


def warm_latency(server: Server, paths: list[str], rounds: int, results: WebResults) -> None:
    """One unmeasured round (also the page sizes), then `rounds` measured ones, one request at a time."""
    connection = http.client.HTTPConnection(HOST, server.port, timeout=REQUEST_TIMEOUT)
    for path in paths:
        status, body, _ = fetch(connection, path)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}: {body[:300]!r}")
        if len(body) / 1024 > results.page_kb:
            results.page_kb, results.page_query = round(len(body) / 1024, 1), path
    times: dict[str, list[float]] = {path: [] for path in paths}
    cpu_before = server.cpu_seconds()
    for _ in range(rounds):
        for path in paths:
            _, _, seconds = fetch(connection, path)
            times[path].append(seconds)
    cpu = server.cpu_seconds() - cpu_before
    every = [t for per_path in times.values() for t in per_path]
    results.requests = len(every)
    results.p50_ms = round(percentile(every, 0.5) * 1000, 1)
    results.p95_ms = round(percentile(every, 0.95) * 1000, 1)
    results.max_ms = round(max(every) * 1000, 1)
    results.server_cpu_ms = round(cpu / len(every) * 1000, 1)
    medians = sorted(((path, percentile(t, 0.5) * 1000) for path, t in times.items()), key=lambda pt: -pt[1])
    results.slowest = [(path, round(ms, 1)) for path, ms in medians[:5]]


def load(server: Server, paths: list[str], clients: int, seconds: float, results: WebResults) -> None:
    """`clients` threads, each on its own connection, cycling through the mix from its own offset."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(HOST, server.port, timeout=REQUEST_TIMEOUT)
        mine: list[float] = []
        failed: dict[str, int] = {}
        turn = offset
        while time.monotonic() < stop:
            path = paths[turn % len(paths)]
            turn += 1
            try:
                status, _, elapsed = fetch(connection, path)
            except (OSError, http.client.HTTPException) as error:
                failed[type(error).__name__] = failed.get(type(error).__name__, 0) + 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, server.port, timeout=REQUEST_TIMEOUT)
                continue
            if status != 200:
                failed[f"HTTP {status}"] = failed.get(f"HTTP {status}", 0) + 1
            mine.append(elapsed)
        with lock:
            latencies.extend(mine)
            for kind, count in failed.items():
                errors[kind] = errors.get(kind, 0) + count

    cpu_before = server.cpu_seconds()
    threads = [threading.Thread(target=client, args=(k * len(paths) // clients,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu = server.cpu_seconds() - cpu_before
    results.load_clients, results.load_seconds = clients, seconds
    results.load_requests = len(latencies) + sum(errors.values())
    results.errors, results.error_kinds = sum(errors.values()), errors
    if latencies:
        results.load_p50_ms = round(percentile(latencies, 0.5) * 1000, 1)
        results.load_p95_ms = round(percentile(latencies, 0.95) * 1000, 1)
        results.load_server_cpu_ms = round(cpu / len(latencies) * 1000, 1)


def verdicts(results: WebResults) -> list[tuple[str, float, float, bool]]:
    """(what, measured, target, met) for each target."""
    return [(name, float(getattr(results, name)), bound, getattr(results, name) <= bound)
            for name, bound in TARGETS.items()]


def report(results: WebResults) -> str:
    load = results.machine.get("load_before"), results.machine.get("load_after")
    rows = [
        f"web app, {results.n:,} reports (project {results.machine.get('project')}, load {load[0]} -> {load[1]})",
        f"  warm search page, {results.requests} requests one at a time: p50 {results.p50_ms} ms, "
        f"p95 {results.p95_ms} ms, max {results.max_ms} ms; server CPU {results.server_cpu_ms} ms a request",
        f"  {results.load_clients} clients for {results.load_seconds:.0f} s: {results.load_requests} requests, "
        f"{results.errors} errors {results.error_kinds or ''}, p50 {results.load_p50_ms} ms, "
        f"p95 {results.load_p95_ms} ms; server CPU {results.load_server_cpu_ms} ms a request",
        f"  largest search page {results.page_kb} KB ({unquote(results.page_query)}); "
        f"server peak RSS {results.peak_rss_mb:.0f} MB",
        "  slowest queries (median ms): " + ", ".join(f"{unquote(path)} {ms}" for path, ms in results.slowest),
    ]
    for name, measured, bound, met in verdicts(results):
        rows.append(f"  target {name} <= {bound:g}: {measured:g} {'met' if met else 'MISSED'}")
    return "\n".join(rows)


def run(n: int, clients: int, seconds: float, rounds: int) -> WebResults:
    from bench.run import Config, ensure_corpus, project_revision

    corpus = ensure_corpus(Config(n=n))
    index = ROOT / "bench-corpus" / f"web-index-{n}"
    ensure_index(corpus, index)
    meta = file_meta(corpus)
    paths = [search_path(q) for q in query_mix([t for t, _ in meta.values()], [y for _, y in meta.values()])]
    results = WebResults(n, machine={"project": project_revision(), "nproc": os.cpu_count(),
                                     "load_before": round(os.getloadavg()[0], 2)})
    with Server(index) as server:
        warm_latency(server, paths, rounds, results)
        load(server, paths, clients, seconds, results)
        results.peak_rss_mb = round(server.peak_rss_mb(), 1)
    results.machine["load_after"] = round(os.getloadavg()[0], 2)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="reports in the generated corpus (default 10000)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients under load (default 20)")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the load run (default 30)")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds of the query mix (default 5)")
    args = parser.parse_args(argv)
    results = run(args.n, args.clients, args.seconds, args.rounds)
    print(report(results))
    out = ROOT / "bench-corpus" / f"results-web-{args.n}.json"
    out.write_text(json.dumps(asdict(results), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
