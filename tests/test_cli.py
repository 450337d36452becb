"""The `search` command driven through Typer's runner: output, JSON shapes, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli import app
from support import SEEDS

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("cli") / "index"
    result = run("index", "--corpus", str(SEEDS), "--index", str(path))
    assert result.exit_code == 0, result.output
    assert "5 indexed" in result.stdout
    return path


def test_second_index_run_is_incremental(index_dir: Path) -> None:
    result = run("index", "--corpus", str(SEEDS), "--index", str(index_dir))
    assert result.exit_code == 0
    assert "0 indexed" in result.stdout and "5 unchanged" in result.stdout


def test_query_text_output_names_place_and_highlights_original_script(index_dir: Path) -> None:
    result = run("query", "屋场恳谈会", "--index", str(index_dir))
    assert result.exit_code == 0, result.output
    out = result.stdout
    for place in ("000_38d5ad9ee7bf6a4c.txt:3", "002_d141e86c5727c802.txt:5", "002_d141e86c5727c802.txt:11"):
        assert place in out
    assert "【屋場懇談會】" in out and "\x1b" not in out
    assert "3 paragraphs" in out
    assert "town: 铁丝塘镇 2  泉溪镇 1" in out
    assert "section: 工作总结 3" in out


def test_query_json_has_the_documented_shape(index_dir: Path) -> None:
    result = run("query", "屋場懇談會", "--json", "--index", str(index_dir))
    data = json.loads(result.stdout)
    assert set(data) >= {"query", "total", "hits", "facets"}
    assert data["total"] == 3 and len(data["hits"]) == 3
    for hit in data["hits"]:
        assert set(hit) >= {"id", "source", "line", "town", "year", "section", "heading", "score", "text", "highlights"}
        line = (SEEDS / hit["source"]).read_text(encoding="utf-8").splitlines()[hit["line"] - 1]
        assert hit["text"] == line.strip().replace("关键词2", "")
        assert [hit["text"][s:e] for s, e in hit["highlights"]] == ["屋場懇談會"] * len(hit["highlights"])
    assert set(data["facets"]) == {"town", "year", "section", "county", "city", "province", "kind", "about_year"}


def test_limit_and_all(index_dir: Path) -> None:
    limited = json.loads(run("query", '"镇"', "--limit", "3", "--json", "--index", str(index_dir)).stdout)
    everything = json.loads(run("query", '"镇"', "--all", "--json", "--index", str(index_dir)).stdout)
    assert len(limited["hits"]) == 3 and limited["total"] == everything["total"] == len(everything["hits"])


def test_browse_by_section_and_year(index_dir: Path) -> None:
    result = run("query", "--section", "問題", "--year", "2020", "--all", "--json", "--index", str(index_dir))
    data = json.loads(result.stdout)
    assert data["total"] > 0
    assert {h["section"] for h in data["hits"]} == {"存在问题"}
    assert {h["year"] for h in data["hits"]} == {2020}
    assert set(data["facets"]["town"]) == {"泉溪镇", "晓坪乡"}


def test_year_range_option(index_dir: Path) -> None:
    data = json.loads(run("query", "脱贫", "--year", "2019..2020", "--all", "--json", "--index", str(index_dir)).stdout)
    assert data["total"] > 0 and {h["year"] for h in data["hits"]} <= {2019, 2020}


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["query", "(河长"], 2, "Error: unbalanced parenthesis"),
        (["query", '"河长'], 2, "Error: unbalanced quote"),
        (["query"], 2, "Error: give a query"),
        (["query", "x", "--town", "北京"], 2, "valid: 晓坪乡, 泉溪镇, 洪山镇, 荫田镇, 铁丝塘镇"),
        (["query", "x", "--section", "结论"], 2, "Error: unknown section"),
        (["query", "x", "--year", "20x"], 2, "Error: --year takes a year"),
        (["show", "nope.txt:1"], 2, "Error: no paragraph"),
    ],
)
def test_user_errors_are_one_line_with_exit_code(index_dir: Path, args: list[str], code: int, message: str) -> None:
    result = run(*args, "--index", str(index_dir))
    assert result.exit_code == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    result = run("query", "河长制", "--index", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert "no index" in result.stderr and "make index" in result.stderr


def test_index_path_from_environment(index_dir: Path) -> None:
    result = run("query", "河长制", "--json", env={"SEARCH_INDEX": str(index_dir)})
    assert result.exit_code == 0 and json.loads(result.stdout)["total"] > 0


def test_docs_json_has_exactly_the_documented_keys() -> None:
    data = json.loads(run("docs", "--corpus", str(SEEDS), "--json").stdout)
    assert [d["town"] for d in data] == ["泉溪镇", "晓坪乡", "铁丝塘镇", "洪山镇", "荫田镇"]
    assert [d["year"] for d in data] == [2020, 2020, 2023, 2019, 2021]
    assert [d["date"] for d in data] == [None, None, "2023-12-06", None, "2021-12-06"]
    for row in data:
        assert set(row) == {"source", "town", "year", "title", "date", "encoding", "paragraphs", "sections", "county",
                            "city", "province", "division_code", "town_checked", "kind", "year_doubt", "boilerplate"}
        assert sum(row["sections"].values()) == row["paragraphs"]
    assert [d["county"] for d in data] == ["衡南县", "芷江侗族自治县", "衡南县", "衡南县", "常宁市"]
    assert [d["division_code"] for d in data] == ["430422109", "431228223", "430422108", "430422110", "430482104"]
    assert data[3]["boilerplate"][0]["line"] == 1 and "首頁" in data[3]["boilerplate"][0]["text"]


def test_docs_text_and_missing_corpus(tmp_path: Path) -> None:
    assert "洪山鎮2019年工作總結及2020年工作規劃" in run("docs", "--corpus", str(SEEDS)).stdout
    result = run("docs", "--corpus", str(tmp_path / "none"))
    assert result.exit_code == 1 and "corpus directory not found" in result.stderr


def test_facets_and_show(index_dir: Path) -> None:
    facets = json.loads(run("facets", "--json", "--index", str(index_dir)).stdout)
    assert set(facets["town"]) == {"泉溪镇", "晓坪乡", "铁丝塘镇", "洪山镇", "荫田镇"}
    assert set(facets["section"]) >= {"前言", "工作总结", "存在问题", "工作计划", "意见建议"}
    shown = run("show", "003_192b9e4ae9fa5ec2.txt:41", "--context", "1", "--index", str(index_dir)).stdout
    assert "2020年政府工作打算" in shown and ">   41" in shown and "    39" in shown and "    43" in shown


def test_markup_and_control_characters_are_shown_literally(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "004_788a321da40b58ee.txt", corpus)
    (corpus / "odd.txt").write_text("荫田镇2021年工作总结\n[bold]河长制[/bold]\x1b[31m红色\x1b[0m巡河\x07。\n", encoding="utf-8")
    index = tmp_path / "index"
    assert run("index", "--corpus", str(corpus), "--index", str(index)).exit_code == 0
    result = run("query", "巡河", "--index", str(index), "--all", env={"NO_COLOR": "1"})
    assert "[bold]" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "␛[31m红色" in result.stdout


def test_the_query_path_never_imports_jieba(index_dir: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from search.cli import main\n"
        f"sys.argv = ['search', 'query', '屋场恳谈会', '--index', {str(index_dir)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('JIEBA' if 'jieba' in sys.modules else 'NO-JIEBA')\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert "屋場懇談會" in out
    assert out.strip().endswith("NO-JIEBA")


def _towns(*args: str, index_dir: Path) -> set[str]:
    result = run("query", *args, "--all", "--json", "--index", str(index_dir))
    assert result.exit_code == 0, result.output
    return {hit["town"] for hit in json.loads(result.stdout)["hits"]}


def test_place_kind_and_about_year_filters(index_dir: Path) -> None:
    assert _towns("--county", "衡南", index_dir=index_dir) == {"泉溪镇", "铁丝塘镇", "洪山镇"}
    assert _towns("--county", "衡南縣", index_dir=index_dir) == {"泉溪镇", "铁丝塘镇", "洪山镇"}
    assert _towns("--city", "衡阳", index_dir=index_dir) == {"泉溪镇", "铁丝塘镇", "洪山镇", "荫田镇"}
    assert _towns("--province", "湖南省", "--county", "芷江", index_dir=index_dir) == {"晓坪乡"}
    assert _towns("--kind", "年度总结", "--town", "荫田", index_dir=index_dir) == {"荫田镇"}
    assert _towns("--about-year", "2022", "--section", "计划", index_dir=index_dir) == {"荫田镇"}
    assert _towns("county:常宁 脱贫", index_dir=index_dir) <= {"荫田镇"}
    hits = json.loads(run("query", "--about-year", "2020", "--section", "总结", "--all", "--json",
                          "--index", str(index_dir)).stdout)["hits"]
    assert {h["town"] for h in hits} == {"泉溪镇", "晓坪乡"} and {h["about_year"] for h in hits} == {2020}
    assert {h["county"] for h in hits} == {"衡南县", "芷江侗族自治县"}


def test_unknown_place_or_kind_is_a_usage_error(index_dir: Path) -> None:
    for option, value in (("--county", "沈丘"), ("--kind", "通知")):
        result = run("query", "脱贫", option, value, "--index", str(index_dir))
        assert result.exit_code == 2 and "Error: unknown" in result.output


def test_docs_shows_place_kind_and_dropped_lines() -> None:
    out = run("docs", "--corpus", str(SEEDS), "--verbose").stdout
    assert "衡南县 衡阳市 湖南省 430422110  年度总结  4 boilerplate lines dropped" in out
    assert "dropped    1  當前頁麵: 首頁" in out
