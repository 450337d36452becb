"""One output scheme on every command that returns records: the format from -f, --json, --jsonl or
-o's extension, conflicts refused in one line, every record in a file, one schema per record type,
and files written whole or not at all."""

from __future__ import annotations

import csv
import io
import json
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from constructed import build_research_index
from typer.testing import CliRunner

from search.cli.commands import app
from search.normalize import normalize
from search.research.tables import COLUMNS
from search.testing import write_reports

runner = CliRunner()

SCRIPT = Path(sys.executable).with_name("search")
SEARCH = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "search"]

NAMELESS = {
    "无名报告2021.txt": "一、2021年工作总结\n全年召开屋场恳谈会12场，收集群众意见建议30条，办结率达到百分之九十。\n",
}
"""A report that names no town, county or date: its unknown fields must read as null."""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_research_index(tmp_path_factory.mktemp("output-scheme"))


def run(index: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, "--index", str(index)])


def ok(index: Path, *args: str) -> str:
    result = run(index, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def one_line_error(index: Path, *args: str) -> str:
    result = run(index, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def total(index: Path, query: str) -> int:
    return int(json.loads(ok(index, "query", query, "--json"))["total"])


# 9. A file export follows its extension and has every row.

def test_o_with_a_csv_name_writes_every_hit_as_csv(index: Path, tmp_path: Path) -> None:
    target = tmp_path / "hits.csv"
    result = run(index, "query", '"镇"', "-o", str(target))
    assert result.exit_code == 0 and f"Wrote {target}" in result.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == total(index, '"镇"') > 10


def test_o_with_a_json_name_writes_every_hit_not_a_page(index: Path, tmp_path: Path) -> None:
    target = tmp_path / "hits.json"
    assert run(index, "query", '"镇"', "-o", str(target)).exit_code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data["hits"]) == data["total"] > 10 and data["truncated"] is False and data["limit"] is None


def test_o_with_a_name_that_says_no_format_is_refused(index: Path, tmp_path: Path) -> None:
    message = one_line_error(index, "query", "屋场恳谈会", "-o", str(tmp_path / "hits.txt"))
    assert "-f" in message and not (tmp_path / "hits.txt").exists()
    assert run(index, "query", "屋场恳谈会", "-f", "text", "-o", str(tmp_path / "hits.txt")).exit_code == 0


@pytest.mark.parametrize("args", [
    ("--json", "--jsonl"),
    ("--json", "-f", "csv"),
    ("--jsonl", "-f", "tsv"),
    ("-f", "tsv", "-o", "hits.csv"),
    ("--json", "-o", "hits.csv"),
])
def test_conflicting_format_options_are_one_line_errors(index: Path, args: tuple[str, ...]) -> None:
    assert "ask for different formats" in one_line_error(index, "query", "屋场恳谈会", *args)


def test_all_never_advises_all(index: Path) -> None:
    paged = ok(index, "query", '"屋场恳谈会制度"', "-n", "1")
    assert "--all" in paged
    everything = ok(index, "query", '"屋场恳谈会制度"', "--all")
    assert "--all" not in everything and "\n4 paragraphs\n" in everything


def test_query_full_and_context_show_whole_paragraphs(index: Path) -> None:
    hit = json.loads(ok(index, "query", "网格", "--json", "-n", "1"))["hits"][0]
    assert len(hit["text"]) > 160
    snippet = ok(index, "query", "网格", "-n", "1")
    assert hit["text"] not in snippet.replace("\n  ", "")
    whole = ok(index, "query", "网格", "-n", "1", "--full")
    assert hit["text"] in whole.replace("\n  ", "")
    around = ok(index, "query", "网格", "-n", "1", "-C", "1").splitlines()
    assert f">{hit['line']:>5}  {hit['text']}" in around
    assert sum(1 for line in around if line.startswith("  ") and line[2:6].strip().isdigit()) >= 1


def _limited(size: int):  # type: ignore[no-untyped-def]
    """A child process that may write files of `size` bytes at most, as on a full disk."""
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


def test_a_failed_write_leaves_the_previous_export_whole(index: Path, tmp_path: Path) -> None:
    target = tmp_path / "hits.csv"
    target.write_text("the previous export\n", encoding="utf-8")
    done = subprocess.run([*SEARCH, "query", '"镇"', "-o", str(target), "--index", str(index)],
                          capture_output=True, text=True, timeout=120, preexec_fn=_limited(2_000))
    assert done.returncode == 1 and done.stderr.startswith("Error: cannot write ")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hits.csv"]


# 10. --regex and --scope report honour the output options and refuse what does not apply.

def test_regex_honours_json_jsonl_and_explain(index: Path) -> None:
    data = json.loads(ok(index, "query", "--regex", r"召开屋场恳谈会(\d+)场", "--json"))
    assert sorted(int(m["group1"]) for m in data["matches"]) == [7, 18, 40, 46] and "provenance" in data
    lines = ok(index, "query", "--regex", r"召开屋场恳谈会(\d+)场", "--jsonl").splitlines()
    assert [json.loads(line)["match"] for line in lines] == [m["match"] for m in data["matches"]]
    explained = ok(index, "query", "屋场会", "--regex", r"(\d+)场", "--explain")
    assert explained.startswith("variants: 屋场会 → ")


def test_report_scope_honours_json_and_jsonl(index: Path) -> None:
    data = json.loads(ok(index, "query", "屋场恳谈会", "网格", "--scope", "report", "--json"))
    sources = {h["source"] for h in data["hits"]}
    assert sources == {"000_38d5ad9ee7bf6a4c.txt", "002_d141e86c5727c802.txt", "bs2022.txt"}
    lines = ok(index, "query", "屋场恳谈会", "网格", "--scope", "report", "--jsonl").splitlines()
    assert {json.loads(line)["source"] for line in lines} == sources


@pytest.mark.parametrize("args", [
    ("--regex", r"召开屋场恳谈会(\d+)场", "-n", "2"),
    ("屋场恳谈会", "--scope", "report", "-n", "2"),
    ("屋场恳谈会", "--scope", "report", "--full"),
])
def test_page_options_where_every_match_is_listed_are_refused(index: Path, args: tuple[str, ...]) -> None:
    assert "does not apply to" in one_line_error(index, "query", *args)


# 11. One scheme on every command, one schema per record type.

def test_the_two_json_lines_shapes_of_a_hit_are_one(index: Path) -> None:
    streamed = [json.loads(line) for line in ok(index, "query", "柑橘", "--jsonl").splitlines()]
    exported = [json.loads(line) for line in ok(index, "query", "柑橘", "-f", "jsonl").splitlines()]
    paged = json.loads(ok(index, "query", "柑橘", "--json", "--all"))["hits"]
    shown = json.loads(ok(index, "show", streamed[0]["id"], "--json"))["hits"]
    assert streamed == exported and [list(h) for h in paged] == [list(COLUMNS)] * len(paged)
    assert list(shown[0]) == list(COLUMNS) and len(streamed) == 5


@pytest.mark.parametrize(("args", "name"), [
    (("kwic", "屋场恳谈会"), "occurrences"),
    (("trend", "屋场恳谈会"), "cells"),
    (("dupes",), "copies"),
    (("compare", "-t", "泉溪", "-y", "2021"), "pairs"),
    (("docs",), "reports"),
    (("facets",), "facets"),
    (("show", "000_38d5ad9ee7bf6a4c.txt:3"), "hits"),
])
def test_every_record_command_takes_json_jsonl_and_o(index: Path, tmp_path: Path, args: tuple[str, ...],
                                                     name: str) -> None:
    data = json.loads(ok(index, *args, "--json"))
    if args[0] == "docs":  # the bare list scripts have always read
        assert isinstance(data, list) and data
    else:
        assert data[name] and data["provenance"]["command"] == args[0]
    lines = [json.loads(line) for line in ok(index, *args, "--jsonl").splitlines()]
    assert lines and all(isinstance(line, dict) for line in lines)
    target = tmp_path / "out.tsv"
    assert run(index, *args, "-o", str(target)).exit_code == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == len(lines) + 1


def test_unknown_is_null_in_every_json(tmp_path: Path) -> None:
    from search.index import build_index

    index = tmp_path / "index"
    build_index(write_reports(tmp_path / "corpus", NAMELESS), index, procs=1)
    hit = json.loads(ok(index, "query", "屋场恳谈会", "--jsonl"))
    assert hit["town"] is None and hit["county"] is None and hit["kind"] is not None
    assert json.loads(ok(index, "show", hit["id"], "--json"))["hits"][0]["county"] is None
    assert "" not in json.loads(ok(index, "docs", "--json"))[0].values()


def test_regex_rows_carry_the_spans_of_the_match(index: Path) -> None:
    lines = ok(index, "query", "--regex", r"召开屋场恳谈会(\d+)场", "-f", "jsonl").splitlines()
    rows = [json.loads(line) for line in lines]
    for row in rows:
        (start, end), = row["spans"]
        assert row["text"][start:end] == row["match"] == row["matched"][0]
        assert normalize(row["match"]).startswith("召开屋场恳谈会")


@pytest.mark.parametrize(("per", "column"), [("report", "matching_reports"), ("paragraph", "matching_paragraphs"),
                                             ("occurrence", "occurrences")])
def test_trend_columns_name_their_unit(index: Path, per: str, column: str) -> None:
    header = ok(index, "trend", "屋场恳谈会", "--per", per, "-f", "csv").lstrip("\ufeff").splitlines()[0]
    assert header == f"year,{column},reports,share,counted"


# 14. Terminal fit.

def widest(text: str, skip_last: int = 0) -> int:
    from search.render import columns

    lines = text.splitlines()
    return max(columns(line) for line in lines[:len(lines) - skip_last])


def test_kwic_bars_and_crosstabs_fit_the_terminal(index: Path) -> None:
    narrow = {"COLUMNS": "60"}
    kwic = runner.invoke(app, ["kwic", "屋场恳谈会", "--index", str(index)], env=narrow).stdout
    lines = kwic.splitlines()
    assert widest(kwic) <= 60 and any(" occurrences in " in line for line in lines)
    assert next(line for line in lines if line.startswith("counted: ")).startswith("counted: 屋场恳谈会 as written")
    trend = runner.invoke(app, ["trend", "屋场恳谈会", "--index", str(index)], env={"COLUMNS": "45"}).stdout
    table, footer = trend.split(" in all;", 1)
    assert widest(table, skip_last=1) <= 45 and "█" in trend
    assert widest(footer[footer.index("counted: "):]) <= 45
    crossed = runner.invoke(app, ["trend", "屋场恳谈会", "--by", "year,town", "--index", str(index)],
                            env={"COLUMNS": "40"}).stdout
    assert widest(crossed.split(" in all;", 1)[0], skip_last=2) <= 40 and "-f csv has them all" in crossed


def test_the_progress_line_never_exceeds_the_terminal(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from search.cli.commands import _Progress
    from search.render import columns

    monkeypatch.setenv("COLUMNS", "40")
    progress = _Progress()
    for done in (1, 50, 100):
        progress("parsing", done, 100)
    drawn = capsys.readouterr().err.split("\r")[1:]
    assert drawn and all(columns(line.replace("\x1b[K", "")) < 40 for line in drawn)
    assert "1/100 files" in drawn[0]


def test_facets_prints_one_value_a_line(index: Path) -> None:
    lines = ok(index, "facets").splitlines()
    at = lines.index("town:")
    towns = json.loads(ok(index, "facets", "--json"))["facets"]["town"]
    assert [line.split() for line in lines[at + 1:at + 1 + len(towns)]] == [[t, str(n)] for t, n in towns.items()]


def test_reports_with_no_town_are_summarised_in_one_line() -> None:
    from search.models import IndexReport
    from search.render import index_warnings

    townless = tuple(f"{n:03}.txt" for n in range(67))
    lines = index_warnings(IndexReport((), (), (), (), 0, True, townless=townless))
    assert lines == ["Warning: 67 reports with no town: search docs -t unknown lists them; "
                     "add REPORT.meta.toml with town = \"…\" beside each"]
    assert len(index_warnings(IndexReport((), (), (), (), 0, True, townless=townless[:2]))) == 2


def test_show_past_the_end_of_a_report_says_so(index: Path) -> None:
    result = run(index, "show", "003_192b9e4ae9fa5ec2.txt:999")
    assert result.exit_code == 2 and result.stderr.startswith(
        "Error: 003_192b9e4ae9fa5ec2.txt has no line 999: its paragraphs are on lines ")
    assert result.stderr.count("\n") == 1
    assert run(index, "show", "003_192b9e4ae9fa5ec2.txt:53").stderr == ""


def test_docs_json_is_the_bare_list_with_its_provenance_beside_a_file(index: Path, tmp_path: Path) -> None:
    target = tmp_path / "reports.json"
    assert run(index, "docs", "-o", str(target)).exit_code == 0
    listed = json.loads(target.read_text(encoding="utf-8"))
    assert isinstance(listed, list) and {"source", "town", "year"} <= set(listed[0])
    beside = json.loads((tmp_path / "reports.json.provenance.json").read_text(encoding="utf-8"))
    assert beside["command"] == "docs" and beside["generation"]
