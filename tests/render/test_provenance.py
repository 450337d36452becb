"""Every export records what produced it: one function builds the object, JSON carries it and a
CSV, TSV or JSON Lines file gets it beside it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
from search.index import current_generation
from search.render import provenance
from support import SEEDS, build_seeds_index

runner = CliRunner()

KEYS = {"command", "query", "options", "variants", "generation", "corpus", "version", "time"}


def test_provenance_names_query_options_variants_generation_corpus_version_and_time() -> None:
    made = provenance("query", "屋场会", {"town": ["泉溪"], "index": Path("idx")}, ['屋场会 → 屋场会 OR "屋场恳谈会"'],
                      "gen-000007", "/data/reports", now=datetime(2024, 5, 1, 8, 30, tzinfo=UTC))
    assert set(made) == KEYS
    assert made["options"] == {"town": ["泉溪"], "index": "idx"}
    assert made["generation"] == "gen-000007" and made["time"] == "2024-05-01T08:30:00Z"
    assert json.loads(json.dumps(made, ensure_ascii=False)) == made


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seeds_index(tmp_path_factory.mktemp("provenance") / "index")


def test_a_csv_export_has_its_provenance_beside_it(index: Path, tmp_path: Path) -> None:
    target = tmp_path / "hits.csv"
    result = runner.invoke(app, ["query", "屋场会", "-t", "铁丝塘", "-o", str(target), "--index", str(index)])
    assert result.exit_code == 0, result.output
    made = json.loads((tmp_path / "hits.csv.provenance.json").read_text(encoding="utf-8"))
    assert set(made) == KEYS and made["command"] == "query" and made["query"] == "屋场会"
    assert made["options"]["town"] == ["铁丝塘"] and made["options"]["index"] == str(index)
    assert made["variants"] == ['屋场会 → 屋场会 OR "屋场恳谈会"']
    assert made["generation"] == current_generation(index).path.name
    assert Path(made["corpus"]).resolve() == SEEDS.resolve()
    assert made["time"].endswith("Z")


def test_json_carries_its_provenance(index: Path, tmp_path: Path) -> None:
    out = runner.invoke(app, ["kwic", "屋场恳谈会", "--json", "--index", str(index)]).stdout
    assert json.loads(out)["provenance"]["query"] == "屋场恳谈会"
    target = tmp_path / "trend.json"
    assert runner.invoke(app, ["trend", "屋场恳谈会", "-o", str(target), "--index", str(index)]).exit_code == 0
    assert set(json.loads(target.read_text(encoding="utf-8"))["provenance"]) == KEYS
    assert not (tmp_path / "trend.json.provenance.json").exists()
