"""The scaling table: one run's figures per corpus size side by side, from the results files.

    python -m bench.scaling bench-corpus/results-1000.json bench-corpus/results-10000.json …

Each results file is what `python -m bench.run` wrote; the table shows the project's build,
update, in-process latency and whole-process queries per size, and how a whole-process query's
time grows from the smallest size.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROWS: tuple[tuple[str, str, str], ...] = (
    ("full build, wall (s)", "build_wall", "{:.1f}"),
    ("full build, peak memory of process tree (MB)", "build_peak_mb", "{:.0f}"),
    ("index size on disk (MB)", "index_bytes", "mb"),
    ("update one changed file, whole process (s)", "update_wall", "{:.2f}"),
    ("query p50, in process (ms)", "p50_ms", "{:.1f}"),
    ("query p95, in process (ms)", "p95_ms", "{:.1f}"),
)


def load(paths: list[Path], system: str) -> list[tuple[int, dict, dict]]:
    """(reports, machine, the system's figures) per results file that measured `system`, by size."""
    runs = []
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        if system in data["systems"]:
            runs.append((data["corpus"]["reports"], data["machine"], data["systems"][system]))
    return sorted(runs, key=lambda run: run[0])


def _cell(value: float, fmt: str) -> str:
    if not value:
        return "—"
    return f"{value / 1e6:.0f}" if fmt == "mb" else fmt.format(value)


def table(runs: list[tuple[int, dict, dict]]) -> str:
    head = ["metric", *[f"{n:,} reports" for n, _, _ in runs]]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for label, key, fmt in ROWS:
        lines.append("| " + " | ".join([label, *[_cell(r.get(key, 0), fmt) for _, _, r in runs]]) + " |")
    kinds = list(dict.fromkeys(kind for _, _, r in runs for kind in r.get("process", {})))
    first = runs[0][2].get("process", {}) if runs else {}
    for kind in kinds:
        cells = []
        for _, _, r in runs:
            row = r.get("process", {}).get(kind)
            if not row:
                cells.append("—")
                continue
            growth = f", {row['ms'] / first[kind]['ms']:.2f}× the smallest" if kind in first and r is not runs[0][2] else ""
            cells.append(f"{row['ms']:.0f} ms, {row['peak_mb']:.0f} MiB{growth}")
        query = next(r["process"][kind]["query"] for _, _, r in runs if kind in r.get("process", {}))
        lines.append("| " + " | ".join([f"whole process, {kind}: `{query}`", *cells]) + " |")
    loads = [f"{m.get('load_before')} → {m.get('load_after')}" for _, m, _ in runs]
    lines.append("| " + " | ".join(["1-minute load average, before → after", *loads]) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scaling", description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, nargs="+")
    parser.add_argument("--system", default="project")
    args = parser.parse_args(argv)
    print(table(load(args.results, args.system)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
