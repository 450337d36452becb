"""The research commands and query options through Typer's runner, on the seeds and the
constructed reports: output shapes, files, formats and one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from constructed import build_research_index
from typer.testing import CliRunner

from search.cli.commands import app
from search.render import columns
from search.research.tables import COLUMNS
from support import SEEDS

runner = CliRunner()


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return build_research_index(tmp_path_factory.mktemp("research-cli"))


def run(index: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, "--index", str(index)])


def ok(index: Path, *args: str) -> str:
    result = run(index, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_query_csv_opens_with_its_bom_and_every_hit(index: Path, tmp_path: Path) -> None:
    target = tmp_path / "hits.csv"
    result = run(index, "query", "屋场恳谈会", "--format", "csv", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == "" and f"Wrote {target}" in result.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,source,line,")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(COLUMNS)
    total = json.loads(ok(index, "query", "屋场恳谈会", "--json"))["total"]
    assert len(rows) == total == 7
    assert {r["town"] for r in rows} == {"泉溪镇", "铁丝塘镇", "青石镇", "白沙乡"}


def test_query_tsv_and_jsonl(index: Path) -> None:
    tsv = ok(index, "query", "柑橘", "-f", "tsv").splitlines()
    assert tsv[0].split("\t") == list(COLUMNS) and len(tsv) == 1 + 5
    rows = [json.loads(line) for line in ok(index, "query", "柑橘", "-f", "jsonl").splitlines()]
    assert {r["matched"][0] for r in rows} >= {"柑橘", "柑桔"}


def test_variants_expand_unless_quoted_or_switched_off(index: Path) -> None:
    expanded = json.loads(ok(index, "query", "屋场会", "--json", "--all"))
    plain = json.loads(ok(index, "query", '"屋场会"', "--json", "--all"))
    off = json.loads(ok(index, "query", "屋场会", "--json", "--all", "--no-variants"))
    assert expanded["query"] == "屋场会"
    assert {h["id"] for h in plain["hits"]} == {"002_d141e86c5727c802.txt:5", "qs2021.txt:4"}
    def marked(result: dict) -> set[str]:
        return {h["text"][s:e] for h in result["hits"] for s, e in h["highlights"]}

    assert "屋場懇談會" in marked(expanded) and "屋場懇談會" not in marked(off)
    assert expanded["total"] >= off["total"] >= plain["total"]
    explained = ok(index, "query", "屋场会", "--explain")
    assert explained.startswith('variants: 屋场会 → 屋场会 OR "屋场恳谈会"')


def test_query_marks_near_copies_of_other_reports(index: Path) -> None:
    out = ok(index, "query", '"屋场恳谈会制度"')
    assert out.count("≈2 near-copies in other reports (numbers or place names differ): ") == 1
    assert "青石镇 2021, 白沙乡 2022" in out or "泉溪镇 2021" in out
    assert out.count("≈ near-copy of ") == 2 and "identical" not in out.replace("identical copies folded", "")
    assert "4 paragraphs" in out


def test_query_scope_report(index: Path) -> None:
    out = ok(index, "query", "屋场恳谈会", "网格", "--scope", "report")
    heads = [line.split()[0] for line in out.splitlines() if line and not line.startswith(" ") and "·" in line]
    assert heads == ["000_38d5ad9ee7bf6a4c.txt", "002_d141e86c5727c802.txt", "bs2022.txt"]
    assert out.rstrip().endswith("3 reports")
    rows = ok(index, "query", "屋场恳谈会", "网格", "--scope", "report", "-f", "jsonl").splitlines()
    assert {json.loads(r)["source"] for r in rows} == set(heads)


def test_query_regex_captures(index: Path) -> None:
    out = ok(index, "query", "--regex", r"召开屋场恳谈会(\d+)场")
    assert "000_38d5ad9ee7bf6a4c.txt:3  泉溪镇 · 2020  召開屋場懇談會46場  group1=46" in out
    assert out.rstrip().endswith("4 matches")
    data = ok(index, "query", "-e", r"召开屋场恳谈会(?P<n>\d+)场", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(data.lstrip("\ufeff"))))
    assert sorted(int(r["n"]) for r in rows) == [7, 18, 40, 46]
    assert all(r["match"].endswith("场") or r["match"].endswith("場") for r in rows)


@pytest.mark.parametrize(("args", "message"), [
    (["query", "--regex", r"(\d+)场"], "Error: --regex '(\\\\d+)场' has no literal text"),
    (["query", "--regex", "召开(("], "Error: --regex '召开((' is not a valid regular expression"),
    (["query", "x", "--scope", "town"], "Error: --scope takes paragraph or report"),
    (["query", "--scope", "report", "-t", "泉溪"], "Error: --scope report needs a query"),
    (["query", "x", "--format", "xlsx"], "Error: --format takes text, csv, tsv, jsonl or json"),
    (["kwic", "x", "--sort", "up"], "Error: --sort takes source, left or right"),
    (["trend", "x", "--by", "decade"], "Error: --by takes one or two of year, town"),
    (["trend", "x", "--per", "word"], "Error: --per takes report, paragraph or occurrence"),
    (["compare", "--town", "北京", "--year", "2021"], "Error: no town '北京' in the index; `search facets`"),
    (["kwic", "--town", "泉溪"], "Error: Missing argument"),
])
def test_user_errors_are_one_line_with_exit_code_2(index: Path, args: list[str], message: str) -> None:
    result = run(index, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr


def test_kwic_lines_align_the_match(index: Path) -> None:
    out = ok(index, "kwic", "屋场恳谈会", "--no-variants", "-t", "泉溪", "-t", "铁丝塘").splitlines()
    assert out[-2] == "6 occurrences in 4 paragraphs"
    assert out[-1].startswith("counted: 屋场恳谈会 as written")
    starts = {columns(line[:line.index("  屋")]) for line in out[:-2]}
    assert len(starts) == 1 and all("屋場懇談會" in line or "屋场恳谈会" in line for line in out[:-2])
    assert out[0].endswith("000_38d5ad9ee7bf6a4c.txt:3") and out[1].endswith("000_38d5ad9ee7bf6a4c.txt:3")
    data = ok(index, "kwic", "屋场会", "--variants", "-f", "csv", "-w", "5")
    rows = list(csv.DictReader(io.StringIO(data.lstrip("\ufeff"))))
    assert {r["match"] for r in rows} == {"屋場懇談會", "屋場會", "屋场恳谈会", "屋场会"}
    assert all(len(r["left"]) <= 5 and len(r["right"]) <= 5 for r in rows)


def test_trend_chart_in_date_order_and_its_csv(index: Path) -> None:
    out = ok(index, "trend", "屋场恳谈会").splitlines()
    rows = [line.split() for line in out[1:-2]]
    assert [r[0] for r in rows] == ["2019", "2020", "2021", "2022", "2023"]
    assert [int(r[1]) for r in rows] == [0, 1, 2, 1, 1]
    assert len(rows[2]) == 5 and set(rows[2][4]) <= set("█▏▎▍▌▋▊▉") and len(rows[0]) == 4
    data = ok(index, "trend", "屋场恳谈会", "--share", "--format", "csv")
    first = [",".join(line.split(",")[:4]) for line in data.lstrip("\ufeff").splitlines()[:3]]
    assert first == ["year,matching_reports,reports,share", "2019,0,1,0.0", "2020,1,2,0.5"]
    crossed = ok(index, "trend", "屋场恳谈会", "--by", "year,town", "--per", "occurrence")
    assert crossed.splitlines()[0].split()[:3] == ["year", "\\", "town"]
    assert "2021" in crossed and "· no reports" in crossed


def test_compare_with_and_without_reviews(index: Path, tmp_path: Path) -> None:
    seeds_only = tmp_path / "seeds-index"
    assert runner.invoke(app, ["index", "--corpus", str(SEEDS),
                               "--index", str(seeds_only)]).exit_code == 0
    alone = ok(seeds_only, "compare", "--town", "泉溪", "--year", "2021")
    assert "no review paragraphs about 2021" in alone and alone.count("plan    ") == 6
    assert "0 of 6 plan items have a matching review item" in alone
    both = ok(index, "compare", "-t", "泉溪镇", "-y", "2021")
    assert "3 of 6 plan items have a matching review item (4 review items;" in both
    rows = [json.loads(line) for line in ok(index, "compare", "-t", "泉溪", "-y", "2021", "-f", "jsonl").splitlines()]
    assert sum(1 for r in rows if r["plan_id"] and r["met"]) == 3 and len(rows) == 6 + 1


def test_dupes_lists_shared_texts_earliest_first(index: Path) -> None:
    out = ok(index, "dupes", "--min-reports", "3")
    lines = out.splitlines()
    assert lines[0].startswith("3 reports  泉溪镇深入推进基层治理")
    assert [line.split()[0] for line in lines[1:] if line.startswith("  20")] == ["2021", "2021", "2022"]
    assert lines[-1] == "1 shared text"
    assert ok(index, "dupes", "-m", "4").strip() == "0 shared texts"
    assert ok(index, "dupes", "--town", "荫田").strip() == "0 shared texts"
    rows = json.loads(ok(index, "dupes", "--format", "json"))["copies"]
    assert [r["town"] for r in rows] == ["泉溪镇", "青石镇", "白沙乡"]
    assert rows[0]["text"] and rows[1]["text"].startswith("青石镇")


@pytest.mark.parametrize("command", ["kwic", "trend", "dupes", "compare", "query"])
def test_help_has_examples(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Examples:" in result.stdout and "--format" in result.stdout


def test_a_damaged_copied_text_table_leaves_queries_working(tmp_path: Path) -> None:
    import shutil

    from search.index import DB as COPIES_DB, current_generation

    index = tmp_path / "index"
    shutil.copytree(build_research_index(tmp_path / "build"), index)
    (current_generation(index).path / COPIES_DB).write_bytes(b"not a database" * 100)
    out = ok(index, "query", '"屋场恳谈会制度"')
    assert "4 paragraphs" in out and "identical" not in out
    result = run(index, "dupes")
    assert result.exit_code == 1 and result.stderr.startswith("Error: the copied-text table of the index")
    assert result.stderr.count("\n") == 1 and "`search index --full --index " in result.stderr


def test_place_filters_apply_to_kwic_trend_and_dupes(index: Path) -> None:
    kwic_rows = [json.loads(r) for r in ok(index, "kwic", "屋场恳谈会", "--county", "衡南", "-f", "jsonl").splitlines()]
    assert {(r["source"][:3], r["line"]) for r in kwic_rows} == {("000", 3), ("002", 5), ("002", 11)}
    trend = ok(index, "trend", "屋场恳谈会", "--county", "衡南县", "-f", "csv").lstrip("\ufeff").splitlines()
    assert [",".join(line.split(",")[:4]) for line in trend[1:]] == ["2019,0,1,0.0", "2020,1,1,1.0", "2023,1,1,1.0"]
    assert ok(index, "dupes", "--county", "普安").splitlines()[-1] == "1 shared text"
    assert ok(index, "dupes", "--county", "衡南").strip() == "0 shared texts"
