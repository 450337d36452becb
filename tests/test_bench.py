"""Smoke run of the corpus generator and the benchmark harness, so that neither rots.

Tiny sizes only; no test asserts a timing. The harness lives in bench/ at the repository root,
which is not part of the installed package, hence the path insert.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import run as bench_run, scaling as bench_scaling  # noqa: E402
from bench.common import BenchQuery  # noqa: E402
from bench.generate import check, generate, read_manifest  # noqa: E402
from bench.measure import percentile  # noqa: E402
from bench.queries import query_mix  # noqa: E402

SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(SEEDS, out, 6, seed=0)
    return out


def test_generator_is_deterministic_and_prefix_stable(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(SEEDS, again, 3, seed=0)
    for report in read_manifest(again):
        assert (again / report.source).read_bytes() == (corpus / report.source).read_bytes()


def test_generated_reports_parse_to_their_town_and_year(corpus: Path) -> None:
    reports = read_manifest(corpus)
    assert len(reports) == 6
    assert all(r.town[-1] in "镇乡" for r in reports)
    assert {r.script for r in reports} <= {"simplified", "traditional"}
    assert check(corpus) == []


def test_generator_refuses_a_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        generate(SEEDS, tmp_path, 1)


def test_query_mix_is_large_and_varied() -> None:
    mix = query_mix(["青石镇", "白沙乡", "龙泉镇", "金山镇"], [2019, 2020, 2021])
    kinds = {q.kind for q in mix}
    assert len(mix) >= 50
    assert {"common", "rare", "phrase", "single", "traditional", "filtered"} <= kinds
    assert all(BenchQuery.from_json(q.to_json()) == q for q in mix)


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 0.5) == 10.0
    assert percentile(values, 0.95) == 19.0
    assert percentile([3.0], 0.95) == 3.0


def test_harness_measures_all_three_systems(corpus: Path, tmp_path: Path,
                                            tmp_path_factory: pytest.TempPathFactory) -> None:
    config = bench_run.Config(corpus=corpus, cli_corpus=corpus, rounds=1, cli_runs=1, repeats=1, procs=1,
                              work=tmp_path, compile=False)
    results = bench_run.run(config)
    assert set(results.systems) == {"project", "naive", "sqlite"}
    for result in results.systems.values():
        for value in (result.build_wall, result.update_wall, result.p50_ms, result.p95_ms, result.cli_ms):
            assert math.isfinite(value) and value > 0
        assert result.p50_ms <= result.p95_ms <= result.max_ms
        assert result.open_ms > 0 and result.first_ms > 0
        assert result.index_bytes > 0
        assert result.build_peak_mb > 0
        assert len(result.per_query) == results.queries
    assert not results.systems["project"].errors
    assert results.systems["project"].zero_hits < results.queries
    text = bench_run.report(results)
    header = next(line for line in text.splitlines() if line.startswith("| metric"))
    assert all(name in header for name in ("project", "naive", "sqlite", "project/naive", "project/sqlite"))
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| metric")]
    labels = [row.split(" | ")[0].lstrip("| ") for row in rows]
    for wanted in ("full build, wall (s)", "query p95, in process (ms)", "index size on disk (MB)"):
        assert wanted in labels
    assert any(label.startswith("CLI") for label in labels)
    assert all(len(row.split(" | ")) == 6 for row in rows)  # metric, three systems, two ratios
    assert list(tmp_path.iterdir()) == []  # the scratch copy is removed
    saved = tmp_path_factory.mktemp("results") / "results-6.json"
    saved.write_text(json.dumps(asdict(results), ensure_ascii=False), encoding="utf-8")
    scaling = bench_scaling.table(bench_scaling.load([saved], "project"))
    assert "| metric | 6 reports |" in scaling and "full build, wall (s)" in scaling
