"""Measuring a subprocess: wall time, peak memory of its whole process tree, size on disk.

Peak memory is the largest sum, over one sample, of the proportional set size (PSS) of the child
and all of its descendants, sampled from /proc: every FIRST_INTERVAL at first, then every 1% of the
time elapsed (at most MAX_INTERVAL), because reading smaps_rollup of a large process costs real CPU
and a long build must not be slowed by its own measurement. PSS splits pages shared by
forked workers among them, so the sum is the memory the build really holds at that moment; summing
RSS would count copy-on-write pages once per worker, and `ru_maxrss` of RUSAGE_CHILDREN is the
maximum of one process, not the sum of concurrent ones (the worker still reports both).
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

FIRST_INTERVAL = 0.02
MAX_INTERVAL = 0.5


@dataclass(frozen=True)
class Measured:
    wall: float
    peak_mb: float
    result: dict


class TreeSampler(threading.Thread):
    """Polls the process tree under `pid` until stopped; keeps the largest total PSS in kB."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self._halt = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self._halt.is_set():
            total = sum(_pss_kb(p) for p in _tree(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            self._halt.wait(min(MAX_INTERVAL, max(FIRST_INTERVAL, (time.monotonic() - start) / 100)))

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for row in handle:
                if row.startswith("Pss:"):
                    return int(row.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/status") as handle:
            for row in handle:
                if row.startswith("VmRSS:"):
                    return int(row.split()[1])
    except OSError:
        pass
    return 0


def run_worker(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Run `python -m bench.worker ARGS`; its last stdout line is a JSON result."""
    command = [sys.executable, "-m", "bench.worker", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    try:
        out, err = proc.communicate()
    except BaseException:  # interrupted or terminated: take the measured build down too
        proc.kill()
        proc.wait()
        raise
    finally:
        sampler.stop()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}):\n{err[-4000:]}")
    lines = out.strip().splitlines()
    return Measured(wall, sampler.peak_kb / 1024, json.loads(lines[-1]) if lines else {})


def time_command(command: list[str], runs: int, cwd: Path, env: dict[str, str] | None = None) -> list[float]:
    """Wall times of `runs` executions after one unmeasured warm-up; output must be non-empty."""
    times = []
    for attempt in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0 or not done.stdout.strip():
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-4000:]}")
        if attempt:
            times.append(elapsed)
    return times


def peak_command(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MiB) of one run of `command`, from its own rusage
    (output goes to temporary files, so the process is reaped here, by wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0 or not out.read().strip():
            raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}):\n{err.read().decode()[-4000:]}")
    return elapsed, usage.ru_maxrss / 1024


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `fraction` of values at or below."""
    ordered = sorted(values)
    rank = max(1, math.ceil(round(fraction * len(ordered), 9)))
    return ordered[min(rank, len(ordered)) - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)


def disk_bytes(path: Path) -> int:
    """Apparent size of every distinct file under `path` (hard links counted once)."""
    if path.is_file():
        return path.stat().st_size
    seen: set[tuple[int, int]] = set()
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            stat = os.lstat(os.path.join(folder, name))
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                total += stat.st_size
    return total
