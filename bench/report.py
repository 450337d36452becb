"""What a benchmark run found: the per-system records, the targets checked, the printed report."""

from __future__ import annotations

from dataclasses import dataclass, field

SYSTEMS = ("project", "previous", "naive", "sqlite")
PEERS = ("previous", "naive", "sqlite")
CLI_QUERY = "屋场恳谈会"
DENSE_KIND = "single"
PROCESS_RATIO = 0.3
DENSE_RATIO = 0.6
PROCESS_PEAK_MB = 200


@dataclass
class SystemResult:
    name: str
    build_wall: float = 0.0
    build_call: float = 0.0
    build_peak_mb: float = 0.0
    build_rusage: dict = field(default_factory=dict)
    index_bytes: int = 0
    update_wall: float = 0.0
    update_call: float = 0.0
    update_peak_mb: float = 0.0
    open_ms: float = 0.0
    first_ms: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    zero_hits: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    per_query: list[dict] = field(default_factory=list)
    cli_ms: float = 0.0
    cli_times_ms: list[float] = field(default_factory=list)
    cli_corpus_ms: float = 0.0
    process: dict[str, dict] = field(default_factory=dict)
    """Whole-process `search query` per kind of query on the benchmark corpus's index:
    {kind: {"query", "ms", "peak_mb"}}."""


@dataclass
class TargetCheck:
    name: str
    measured: str
    limit: str
    met: bool


@dataclass
class Results:
    machine: dict
    corpus: dict
    queries: int
    systems: dict[str, SystemResult]
    targets: list[TargetCheck]
    notes: list[str]


# ---------------------------------------------------------------- targets


def evaluate_targets(n: int, systems: dict[str, SystemResult]) -> list[TargetCheck]:
    """The benchmark targets that apply to a corpus of `n` reports and to the systems measured."""
    checks: list[TargetCheck] = []
    project, naive = systems.get("project"), systems.get("naive")
    if project and naive and project.cli_ms and naive.cli_ms:
        ratio = project.cli_ms / naive.cli_ms
        checks.append(TargetCheck(f"`search query {CLI_QUERY}` on seeds, whole process, vs naive",
                                  f"{ratio:.3f}× ({project.cli_ms:.0f} / {naive.cli_ms:.0f} ms)", "≤ 0.15×", ratio <= 0.15))
    if project and n == 1000 and project.build_wall:
        if naive:
            ratio = project.build_wall / naive.build_wall
            checks.append(TargetCheck("full build of 1,000 reports vs naive", f"{ratio:.2f}× "
                                      f"({project.build_wall:.1f} / {naive.build_wall:.1f} s)", "≤ 0.7×", ratio <= 0.7))
        checks.append(TargetCheck("update after one changed file, whole process", f"{project.update_wall:.2f} s "
                                  f"(in call {project.update_call:.2f} s)", "< 2 s", project.update_wall < 2))
        checks.append(TargetCheck("query p95, in process, with snippets and facets", f"{project.p95_ms:.1f} ms",
                                  "< 30 ms", project.p95_ms < 30))
    checks += _engine_targets(n, project, systems.get("previous"))
    if project and n == 10000 and project.build_wall:
        checks.append(TargetCheck("full build of 10,000 reports", f"{project.build_wall:.0f} s", "< 600 s",
                                  project.build_wall < 600))
        checks.append(TargetCheck("full build peak memory (process tree PSS)", f"{project.build_peak_mb:.0f} MB",
                                  "< 2048 MB", project.build_peak_mb < 2048))
        checks.append(TargetCheck("query p95, in process, with snippets and facets", f"{project.p95_ms:.1f} ms",
                                  "< 150 ms", project.p95_ms < 150))
    return checks


def _engine_targets(n: int, project: SystemResult | None, previous: SystemResult | None) -> list[TargetCheck]:
    """Whole-process queries against the previous design at 10,000 reports, updates and builds."""
    checks: list[TargetCheck] = []
    if project and previous and n == 10000:
        for kind, mine in project.process.items():
            theirs = previous.process.get(kind)
            if not theirs:
                continue
            ratio, limit = mine["ms"] / theirs["ms"], DENSE_RATIO if kind == DENSE_KIND else PROCESS_RATIO
            checks.append(TargetCheck(f"whole-process `query {mine['query']}` ({kind}) vs previous design",
                                      f"{ratio:.2f}× ({mine['ms']:.0f} / {theirs['ms']:.0f} ms)", f"≤ {limit}×",
                                      ratio <= limit))
            checks.append(TargetCheck(f"whole-process `query {mine['query']}` ({kind}) peak memory",
                                      f"{mine['peak_mb']:.0f} MiB", f"≤ {PROCESS_PEAK_MB} MiB",
                                      mine["peak_mb"] <= PROCESS_PEAK_MB))
    if project and n >= 10000 and project.update_wall:
        checks.append(TargetCheck(f"update after one changed file, {n:,} reports, whole process",
                                  f"{project.update_wall:.2f} s", "≤ 1.0 s", project.update_wall <= 1.0))
    if project and n == 10000 and project.build_wall:
        checks.append(TargetCheck("full build of 10,000 reports, time and peak memory",
                                  f"{project.build_wall:.0f} s, {project.build_peak_mb:.0f} MB", "< 360 s, < 1536 MB",
                                  project.build_wall < 360 and project.build_peak_mb < 1536))
    return checks


# ---------------------------------------------------------------- output


ROWS: tuple[tuple[str, str, str], ...] = (
    ("full build, wall (s)", "build_wall", "{:.2f}"),
    ("full build, inside the call (s)", "build_call", "{:.2f}"),
    ("full build, peak memory of process tree (MB)", "build_peak_mb", "{:.0f}"),
    ("index size on disk (MB)", "index_bytes", "mb"),
    ("update one changed file, whole process, best run (s)", "update_wall", "{:.2f}"),
    ("update one changed file, inside the call (s)", "update_call", "{:.3f}"),
    ("open index (ms)", "open_ms", "{:.1f}"),
    ("first query after opening, a miss (ms)", "first_ms", "{:.1f}"),
    ("query p50, in process (ms)", "p50_ms", "{:.2f}"),
    ("query p95, in process (ms)", "p95_ms", "{:.2f}"),
    ("query max, in process (ms)", "max_ms", "{:.1f}"),
    ("queries with no hit", "zero_hits", "{:d}"),
    (f"CLI `query {CLI_QUERY}` on seeds, median (ms)", "cli_ms", "{:.0f}"),
    (f"CLI `query {CLI_QUERY}` on this corpus, median (ms)", "cli_corpus_ms", "{:.0f}"),
)


def _cell(value: float | int, fmt: str) -> str:
    if fmt == "mb":
        return f"{value / 1e6:.1f}"
    return fmt.format(value)


def _measured(results: Results, attr: str, names: list[str]) -> bool:
    """Zero means "not measured" for every metric but the no-hit count, which goes with the queries."""
    attr = "p50_ms" if attr == "zero_hits" else attr
    return any(getattr(results.systems[n], attr) for n in names)


def table(results: Results) -> str:
    """Markdown table: one row per metric, one column per system, then the project's ratios."""
    names = [n for n in SYSTEMS if n in results.systems]
    peers = [n for n in PEERS if n in results.systems and "project" in results.systems]
    head = ["metric", *names, *[f"project/{p}" for p in peers]]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for label, attr, fmt in ROWS:
        values = {n: getattr(results.systems[n], attr) for n in names}
        if not _measured(results, attr, names):
            continue  # not measured in this run (--cli-only, or no corpus index for the CLI)
        cells = [label, *[_cell(values[n], fmt) for n in names]]
        for p in peers:
            ratio = values["project"] / values[p] if values[p] and attr != "zero_hits" else None
            cells.append(f"{ratio:.2f}×" if ratio is not None else "—")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(results: Results, per_query: bool = False) -> str:
    m, c = results.machine, results.corpus
    corpus_line = (f"Corpus: {c['reports']} reports, {c['mb']:.1f} MB, {c['lines']} non-empty lines ({c['path']}); "
                   f"{results.queries} queries") if _measured(results, "build_wall", list(results.systems)) \
        else "Corpus: not measured (--cli-only)"
    out = [f"Machine: {m['nproc']} cores, {m['cpu']}, Python {m['python']}, SQLite {m['sqlite']}, {m['date']}, "
           f"load {m['load_before']} → {m['load_after']}, project at {m['project']}",
           corpus_line, "", table(results), ""]
    if any(r.process for r in results.systems.values()):
        out += [process_table(results), ""]
    if results.targets:
        out.append("Targets:")
        out += [f"  [{'met' if t.met else 'MISSED'}] {t.name}: {t.measured} (target {t.limit})" for t in results.targets]
    else:
        out.append("Targets: none apply at this corpus size (they are stated for 1,000 and 10,000 reports)")
    for note in results.notes:
        out.append(f"Note: {note}")
    for name, result in results.systems.items():
        for query, error in result.errors.items():
            out.append(f"Error: {name} could not run {query}: {error}")
    if per_query and any(r.per_query for r in results.systems.values()):
        out += ["", per_query_table(results)]
    return "\n".join(out)


def per_query_table(results: Results) -> str:
    names = [n for n in SYSTEMS if n in results.systems]
    head = ["kind", "query", *[f"{n} ms" for n in names], *[f"{n} hits" for n in names]]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    first = results.systems[names[0]].per_query
    for i, row in enumerate(first):
        times = [results.systems[n].per_query[i]["median_ms"] for n in names]
        hits = [results.systems[n].per_query[i]["hits"] for n in names]
        lines.append("| " + " | ".join([row["kind"], row["query"].replace("|", "\\|"),
                                        *["err" if t is None else f"{t:.1f}" for t in times],
                                        *["err" if h is None else str(h) for h in hits]]) + " |")
    return "\n".join(lines)




def process_table(results: Results) -> str:
    """Whole-process query time and peak memory per kind, with the project's ratio to the others."""
    names = [n for n in SYSTEMS if n in results.systems and results.systems[n].process]
    head = ["kind", "query", *[f"{n} ms (MiB)" for n in names], *[f"project/{n}" for n in names if n != "project"]]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    project = results.systems["project"].process if "project" in names else {}
    for kind, row in (project or results.systems[names[0]].process).items():
        cells = [kind, row["query"].replace("|", "\\|")]
        for n in names:
            found = results.systems[n].process.get(kind)
            cells.append(f"{found['ms']:.0f} ({found['peak_mb']:.0f})" if found else "—")
        for n in names:
            if n != "project":
                theirs = results.systems[n].process.get(kind)
                cells.append(f"{row['ms'] / theirs['ms']:.2f}×" if project and theirs else "—")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
