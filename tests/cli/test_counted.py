"""kwic and trend count a term as written (after script folding) and say what they counted:
pieces apart only with --apart, variants only with --variants, in text, JSON, CSV and JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app

runner = CliRunner()

REPORTS = {
    "松林镇2020年工作总结.txt": "\n".join([
        "松林镇2020年工作总结",
        "一、2020年工作总结",
        "(一)扎实做好疫情防控工作,全镇设立卡点六个。",
        "(二)疫情防控期间,各村宣传工作同步推进。",
        "(三)持续推进精准扶贫,落实帮扶责任人。",
        "(四)镇村两级河长共十二人,全年累计巡河四百余次。",
    ]),
    "竹坪乡2021年工作总结.txt": "\n".join([
        "竹坪乡2021年工作总结",
        "一、2021年工作总结",
        "(一)常態化疫情防控工作有序開展,疫情防控工作隊伍穩定。",
        "(二)鞏固精準脫貧成果,防止返貧。",
        "(三)河长巡河制度落到实处。",
    ]),
    "石门镇2021年工作总结.txt": "\n".join([
        "石门镇2021年工作总结",
        "一、2021年工作总结",
        "(一)疫情防控期间,做好物资储备和宣传工作。",
        "(二)精准脱贫户全部稳定增收。",
    ]),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from search.index.build import build_index
    from search.testing import write_reports

    root = tmp_path_factory.mktemp("counted")
    build_index(write_reports(root / "corpus", REPORTS), root / "index", procs=1)
    return root / "index"


def ok(index: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--index", str(index)])
    assert result.exit_code == 0, result.output
    return result.stdout


def total(index: Path, *args: str) -> int:
    return int(ok(index, "trend", *args).splitlines()[-2].split()[0])


def test_trend_counts_the_phrase_not_its_pieces_unless_apart(index: Path) -> None:
    assert total(index, "疫情防控工作") == 2
    assert total(index, "疫情防控工作", "--per", "paragraph") == 2
    assert total(index, "疫情防控工作", "--per", "occurrence") == 3
    assert total(index, "疫情防控工作", "--apart") == 3
    assert total(index, "河长巡河") == 1 == total(index, "河长巡河", "--per", "occurrence")
    footer = ok(index, "trend", "疫情防控工作", "--apart").splitlines()[-1]
    assert footer.startswith("counted: 疫情防控工作 as written or as pieces apart (")


def test_trend_query_and_kwic_agree_on_the_paragraphs(index: Path) -> None:
    hits = json.loads(ok(index, "query", '"疫情防控工作"', "--json", "--all"))["hits"]
    rows = [json.loads(line) for line in ok(index, "kwic", "疫情防控工作", "-f", "jsonl").splitlines()]
    assert {h["id"] for h in hits} == {r["id"] for r in rows} and len(rows) == 3
    assert total(index, "疫情防控工作", "--per", "paragraph") == len(hits)
    apart = json.loads(ok(index, "query", "疫情防控工作", "--json", "--all"))["total"]
    assert total(index, "疫情防控工作", "--apart", "--per", "paragraph") == apart == 4


def test_variants_are_counted_only_when_asked_and_the_footer_says_so(index: Path) -> None:
    out = ok(index, "trend", "精准扶贫").splitlines()
    assert out[-2].startswith("1 matching reports")
    assert out[-1] == ("counted: 精准扶贫 as written, script-folded; variants not counted (精准脱贫: --variants); "
                       "the paragraphs of search query '\"精准扶贫\"'")
    assert total(index, "精准扶贫", "--variants") == 3
    with_variants = ok(index, "kwic", "精准扶贫", "--variants").splitlines()
    assert with_variants[-2] == "3 occurrences in 3 paragraphs"
    assert "with variants 精准脱贫" in with_variants[-1]


def test_json_has_a_counted_object_and_csv_a_counted_column(index: Path) -> None:
    data = json.loads(ok(index, "trend", "精准扶贫", "--variants", "-f", "json"))
    counted = data["counted"]
    assert counted["terms"] == ["精准扶贫"] and counted["variants"] == {"精准扶贫": ["精准脱贫"]}
    assert counted["apart"] is False and counted["variants_not_counted"] == {}
    assert counted["query"] == '"精准扶贫" OR "精准脱贫"' and sum(r["matching_reports"] for r in data["cells"]) == 3
    plain = json.loads(ok(index, "kwic", "精准扶贫", "-f", "json"))["counted"]
    assert plain["variants"] == {} and plain["variants_not_counted"] == {"精准扶贫": ["精准脱贫"]}
    rows = list(csv.DictReader(io.StringIO(ok(index, "trend", "疫情防控工作", "-f", "csv").lstrip("\ufeff"))))
    assert rows and all(r["counted"].startswith("疫情防控工作 as written, script-folded") for r in rows)
    lines = [json.loads(line) for line in ok(index, "kwic", "疫情防控工作", "--apart", "-f", "jsonl").splitlines()]
    assert {r["match"] for r in lines} == {"疫情防控工作", "疫情防控", "工作"}
    assert all("as pieces apart (疫情防控 + 工作)" in r["counted"] for r in lines)
