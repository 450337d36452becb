"""The `search` command driven through Typer's runner: output, JSON shapes, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
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
    assert "屋場懇談會" in out and "【" not in out and "\x1b" not in out  # a pipe: no marks, no colour
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
        assert {hit["text"][s:e] for s, e in hit["highlights"]} <= {"屋場懇談會", "屋場會"}  # the term or its variant
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
        (["query", "x", "--year", "20x"], 2, "Error: --year takes a year"),
        (["show", "nope.txt:1"], 2, "Error: no report 'nope.txt'"),
        (["query", "x", "--bogus"], 2, "Error: No such option: --bogus"),
        (["query", "x", "--limit", "zero"], 2, "Error: Invalid value for '--limit'"),
        (["nope"], 2, "Error: No such command 'nope'"),
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
    assert "no index" in result.stderr and f"`search index --index {(tmp_path / 'none').resolve()}`" in result.stderr


def test_index_path_from_environment(index_dir: Path) -> None:
    result = run("query", "河长制", "--json", env={"SEARCH_INDEX": str(index_dir)})
    assert result.exit_code == 0 and json.loads(result.stdout)["total"] > 0


@pytest.mark.parametrize("source", ["corpus", "index"])
def test_docs_json_has_exactly_the_documented_keys(index_dir: Path, source: str) -> None:
    where = ["--corpus", str(SEEDS)] if source == "corpus" else ["--index", str(index_dir)]
    data = json.loads(run("docs", *where, "--json").stdout)
    data.sort(key=lambda row: row["source"])
    assert [d["town"] for d in data] == ["泉溪镇", "晓坪乡", "铁丝塘镇", "洪山镇", "荫田镇"]
    assert [d["year"] for d in data] == [2020, 2020, 2023, 2019, 2021]
    assert [d["date"] for d in data] == [None, None, "2023-12-06", None, "2021-12-06"]
    for row in data:
        assert set(row) == {"source", "town", "year", "title", "date", "encoding", "paragraphs", "sections", "county",
                            "city", "province", "division_code", "town_checked", "kind", "year_doubt", "boilerplate",
                            "format", "url", "pages"}
        assert sum(row["sections"].values()) == row["paragraphs"]
    assert [d["county"] for d in data] == ["衡南县", "芷江侗族自治县", "衡南县", "衡南县", "常宁市"]
    assert [d["division_code"] for d in data] == ["430422109", "431228223", "430422108", "430422110", "430482104"]
    assert data[3]["boilerplate"][0]["line"] == 1 and "首頁" in data[3]["boilerplate"][0]["text"]


def test_docs_text_and_missing_corpus(tmp_path: Path) -> None:
    assert "洪山鎮2019年工作總結及2020年工作規劃" in run("docs", "--corpus", str(SEEDS)).stdout
    result = run("docs", "--corpus", str(tmp_path / "none"))
    assert result.exit_code == 1 and "corpus directory not found" in result.stderr


def test_facets_and_show(index_dir: Path) -> None:
    facets = json.loads(run("facets", "--json", "--index", str(index_dir)).stdout)["facets"]
    assert set(facets["town"]) == {"泉溪镇", "晓坪乡", "铁丝塘镇", "洪山镇", "荫田镇"}
    assert set(facets["section"]) >= {"前言", "工作总结", "存在问题", "工作计划", "意见建议"}
    shown = run("show", "003_192b9e4ae9fa5ec2.txt:41", "--context", "1", "--index", str(index_dir)).stdout
    assert "2020年政府工作打算" in shown and ">   41" in shown and "    39" in shown and "    43" in shown


def test_markup_and_control_characters_are_shown_literally(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "004_788a321da40b58ee.txt", corpus)
    (corpus / "odd.txt").write_text("荫田镇2021年工作总结\n[bold]河长制[/bold]\x1b[31m红色\x1b[0m巡河\x07。\n",
                                    encoding="utf-8")
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
        "from search.cli.commands import main\n"
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


def test_unknown_place_or_kind_is_an_empty_result_with_a_note(index_dir: Path) -> None:
    for option, value in (("--county", "沈丘"), ("--kind", "通知")):
        result = run("query", "脱贫", option, value, "--index", str(index_dir))
        assert result.exit_code == 0 and f"Note: no {option[2:]} '{value}' in the index" in result.stderr


def test_docs_shows_place_kind_and_dropped_lines(index_dir: Path) -> None:
    for source, verbose in ((("--corpus", str(SEEDS)), "--verbose"), (("--index", str(index_dir)), "--verbose"),
                            (("--index", str(index_dir)), "--json")):
        out = run("docs", *source, verbose).stdout
        if verbose == "--json":
            indexed = {r["source"]: r["boilerplate"] for r in json.loads(out)}
            listed = json.loads(run("docs", "--corpus", str(SEEDS), "--json").stdout)
            direct = {r["source"]: r["boilerplate"] for r in listed}
            assert indexed == direct and [d["line"] for d in indexed["003_192b9e4ae9fa5ec2.txt"]] == [1, 55, 56]
            assert "dropped_lines" not in out
            continue
        row = next(line for line in out.splitlines() if line.startswith("003_"))
        assert row.split()[1:9] == ["洪山镇", "衡南县", "衡阳市", "湖南省", "430422110", "年度总结", "2019", "-"]
        assert row.split()[10] == "3"
        assert "003_192b9e4ae9fa5ec2.txt:1  dropped  當前頁麵: 首頁" in out
    plain = run("docs", "--index", str(index_dir)).stdout
    assert next(line for line in plain.splitlines() if line.startswith("003_")).split()[10] == "3"


# ---------------------------------------------------------------- a CLI researchers can trust


def index_of(corpus: Path, index: Path, *extra: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return run("index", "--corpus", str(corpus), "--index", str(index), *extra, env=env)


def test_index_defaults_to_its_own_corpus_and_refuses_to_switch_or_gut_it(tmp_path: Path) -> None:
    from search.index import generations as store

    big = tmp_path / "big"
    shutil.copytree(SEEDS, big)
    index = tmp_path / "index"
    assert index_of(big, index).exit_code == 0
    again = run("index", "--index", str(index), "--full")  # no --corpus: the one it was built from
    assert again.exit_code == 0 and f"corpus: {big.resolve()}" in again.stdout and "5 indexed" in again.stdout
    switched = index_of(SEEDS, index, "--full")
    assert switched.exit_code == 1 and str(big.resolve()) in switched.stderr and str(SEEDS.resolve()) in switched.stderr
    assert "--force" in switched.stderr and len(switched.stderr.strip().splitlines()) == 1
    for name in sorted(p.name for p in big.iterdir())[:3]:
        (big / name).unlink()
    gutted = run("index", "--index", str(index))
    assert gutted.exit_code == 1 and "remove 3 of the 5 reports" in gutted.stderr
    before = store.live_name(index)
    assert run("index", "--index", str(index), "--force").exit_code == 0
    towns = json.loads(run("facets", "--json", "--index", str(index)).stdout)["facets"]["town"]
    assert towns.keys() == {"洪山镇", "荫田镇"}
    rolled = run("index", "--index", str(index), "--rollback")
    assert rolled.exit_code == 0 and store.live_name(index) == before
    assert len(json.loads(run("facets", "--json", "--index", str(index)).stdout)["facets"]["town"]) == 5


def test_an_unchanged_corpus_writes_no_new_generation(tmp_path: Path) -> None:
    from search.index import generations as store

    index = tmp_path / "index"
    assert index_of(SEEDS, index).exit_code == 0
    before = store.generations(index)
    result = index_of(SEEDS, index)
    assert result.exit_code == 0 and "nothing changed" in result.stdout
    assert store.generations(index) == before


def test_a_broken_sidecar_keeps_the_last_good_version_and_fails_the_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index"
    assert index_of(corpus, index).exit_code == 0
    (corpus / "004_788a321da40b58ee.meta.toml").write_text('town = "荫田镇\n', encoding="utf-8")
    result = index_of(corpus, index)
    assert result.exit_code == 1
    assert "004_788a321da40b58ee.meta.toml" in result.stderr and "previous version stays indexed" in result.stderr
    assert "0 removed" in result.stdout and "1 kept" in result.stdout
    assert json.loads(run("query", "河长制", "--json", "--town", "荫田", "--index", str(index)).stdout)["total"] > 0


def test_an_empty_corpus_is_one_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.md").write_bytes(b"# notes")
    result = index_of(corpus, tmp_path / "index")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1].startswith("Error: no reports in")


def test_several_words_are_one_query_and_chinese_punctuation_is_syntax(index_dir: Path) -> None:
    def ids(*args: str) -> list[str]:
        result = run("query", *args, "--all", "--json", "--index", str(index_dir))
        assert result.exit_code == 0, result.output
        return [h["id"] for h in json.loads(result.stdout)["hits"]]

    assert ids("河长制", "巡河") == ids("河长制 巡河") == ids("河长制，巡河") == ids("河长制、巡河") != []
    assert ids("“屋场恳谈会”") == ids("「屋场恳谈会」") == ids('"屋场恳谈会"') != []
    assert ids("乡村振兴 （河长制 OR 厕所革命）") == ids("乡村振兴 (河长制 OR 厕所革命)")


def test_words_apart_and_explain(index_dir: Path) -> None:
    data = json.loads(run("query", "河长巡河", "--json", "--index", str(index_dir)).stdout)
    assert data["total"] == 2
    assert data["segments"] == [
        {"term": "河长巡河", "quoted": False, "pieces": ["河长", "巡河"], "literal": 0, "apart": 2}]
    explained = run("query", "河长巡河", "--explain", "--index", str(index_dir)).stdout
    assert explained.splitlines()[0].startswith("河长巡河: split as ") and "apart in 2 more" in explained


def test_json_says_when_it_is_a_page_and_jsonl_streams_everything(index_dir: Path) -> None:
    page = json.loads(run("query", '"镇"', "--json", "-n", "3", "--index", str(index_dir)).stdout)
    assert page["limit"] == 3 and page["truncated"] is True and len(page["hits"]) == 3
    whole = json.loads(run("query", "屋场恳谈会", "--json", "--index", str(index_dir)).stdout)
    assert whole["truncated"] is False
    lines = run("query", '"镇"', "--jsonl", "--index", str(index_dir)).stdout.splitlines()
    assert len(lines) == page["total"] and all(json.loads(line)["id"] for line in lines)


@pytest.mark.parametrize("year, years",
                         [("2021..", {2021, 2023}), ("..2020", {2019, 2020}), ("2020..2021", {2020, 2021})])
def test_open_year_ranges_on_the_command_line(index_dir: Path, year: str, years: set[int]) -> None:
    data = json.loads(run("query", "--section", "总结", "-y", year, "--all", "--json",
                          "--index", str(index_dir)).stdout)
    assert {h["year"] for h in data["hits"]} == years


def test_a_year_or_town_with_no_reports_is_an_empty_result_with_a_reason(index_dir: Path) -> None:
    empty = run("query", "河长制", "--year", "2022", "--index", str(index_dir))
    assert empty.exit_code == 0 and "0 paragraphs" in empty.stdout
    assert "no report of 2022" in empty.stderr
    town = run("query", "河长制", "--town", "阴田", "--index", str(index_dir))
    assert town.exit_code == 0 and "did you mean 荫田镇?" in town.stderr


@pytest.mark.parametrize("query, hint", [("河长 or 巡河", "operators are capitals: OR"),
                                         ("河长 -巡河", "write NOT 巡河"),
                                         ("河长* 巡河", "'*' and '?' are text here"),
                                         ("town:泉溪 year:2023", "the filters exclude each other")])
def test_zero_hits_say_why_they_may_have(index_dir: Path, query: str, hint: str) -> None:
    result = run("query", query, "--index", str(index_dir))
    assert result.exit_code == 0 and "0 paragraphs" in result.stdout
    assert hint in result.stderr and result.stderr.startswith("Note: ")


def test_filters_in_a_query_restrict_all_of_it(index_dir: Path) -> None:
    data = json.loads(run("query", "屋场恳谈会 town:泉溪 OR town:铁丝塘", "--json", "--index", str(index_dir)).stdout)
    assert data["total"] == 3


def test_reports_with_no_town_are_a_visible_bucket_and_a_warning(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "004_788a321da40b58ee.txt", corpus)
    (corpus / "template.txt").write_text(
        "2022年工作总结\n一、工作回顾\n一年来，我们坚持河长制，开展巡河工作。\n"
        "二、存在问题\n人手不足。\n", encoding="utf-8")
    index = tmp_path / "index"
    built = index_of(corpus, index)
    assert built.exit_code == 0 and "no town found in template.txt; add template.meta.toml" in built.stderr
    facets = json.loads(run("facets", "--json", "--index", str(index)).stdout)["facets"]
    assert facets["town"]["(unknown)"] == 5 and "" not in facets["town"]
    data = json.loads(run("query", "--town", "unknown", "--all", "--json", "--index", str(index)).stdout)
    assert data["total"] == 5 and {h["town"] for h in data["hits"]} == {None}
    assert "(unknown) · 2022" in run("query", "巡河", "--town", "unknown", "--index", str(index)).stdout


def test_a_bare_heading_ranks_after_the_paragraphs_that_discuss_the_term(index_dir: Path) -> None:
    hits = json.loads(run("query", "乡村振兴", "--all", "--json", "--index", str(index_dir)).stdout)["hits"]
    bare = [h["text"].rstrip("。,:：") == h["heading"][-1] if h["heading"] else False for h in hits]
    assert any(bare) and bare == sorted(bare)


def test_narrow_terminal_output_starts_with_the_citation_and_wraps_cleanly(index_dir: Path) -> None:
    out = run("query", "乡村振兴", "--index", str(index_dir), env={"COLUMNS": "60"}).stdout
    from search.render import columns

    blocks = [b for b in out.split("\n\n") if ".txt:" in b]
    assert blocks and all(b.split("\n")[0].split("  ")[0].endswith(tuple("0123456789")) for b in blocks)
    body = [line for b in blocks for line in b.split("\n")]
    assert all(columns(line) <= 60 for line in body)
    assert not any(line.strip() == "…" for line in body)


def test_facet_lines_show_ten_values_and_years_in_date_order(tmp_path: Path) -> None:
    from search.render import facets_text

    towns = {f"{n}镇": 20 - n for n in range(1, 13)}
    [line] = facets_text({"town": towns})
    assert line.endswith("… 2 more") and "10镇 10" in line and "11镇" not in line
    years = json.loads(run("query", '"镇"', "--json", "--index", str(make_index(tmp_path))).stdout)["facets"]["year"]
    assert list(years) == sorted(years)


def make_index(tmp_path: Path) -> Path:
    index = tmp_path / "index"
    assert index_of(SEEDS, index).exit_code == 0
    return index


@pytest.mark.parametrize("color, env, marked", [("always", {}, "\x1b[1;31m屋場懇談會\x1b[0m"),
                                                ("never", {}, None), ("auto", {}, None),
                                                ("auto", {"TERM": "dumb"}, None)])
def test_colour_only_when_asked_or_on_a_terminal(index_dir: Path, color: str, env: dict[str, str],
                                                marked: str | None) -> None:
    out = run("query", "屋场恳谈会", "--color", color, "--index", str(index_dir), env=env).stdout
    assert "【" not in out
    if marked:
        assert marked in out
    else:
        assert "\x1b" not in out


def test_help_version_completion_and_short_flags(index_dir: Path) -> None:
    helped = run("query", "-h")
    assert helped.exit_code == 0
    for text in ("Syntax:", "Examples:", "search query 屋场恳谈会", "-n, --limit", "-t, --town", "-y, --year",
                 "-s, --section"):
        assert text in helped.stdout
    assert "-C, --context" in run("show", "--help").stdout
    version = run("--version")
    assert version.exit_code == 0 and version.stdout.startswith("search ")
    assert "--show-completion" in run("--help").stdout
    short = json.loads(run("query", "-t", "泉溪", "-y", "2020", "-s", "问题", "-n", "2", "--json",
                           "--index", str(index_dir)).stdout)
    assert len(short["hits"]) == 2 and {h["town"] for h in short["hits"]} == {"泉溪镇"}


def test_town_and_section_completion(index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from search.cli.options import index_towns as _index_towns, section_names as _section_names

    monkeypatch.setenv("SEARCH_INDEX", str(index_dir))
    assert _index_towns("泉") == ["泉溪镇"] and len(_index_towns("")) == 5
    assert "存在问题" in _section_names("存")


def test_docs_lists_the_index_as_a_headed_table_with_filters(index_dir: Path) -> None:
    out = run("docs", "--index", str(index_dir)).stdout.splitlines()
    assert out[0].split() == ["SOURCE", "TOWN", "COUNTY", "CITY", "PROVINCE", "CODE", "KIND", "YEAR", "DATE", "PARAS",
                              "DROPPED", "FORMAT", "PAGES", "TITLE"]
    assert out[-1] == "5 reports"
    only = json.loads(run("docs", "--town", "泉溪", "--json", "--index", str(index_dir)).stdout)
    assert [row["town"] for row in only] == ["泉溪镇"]


def test_show_accepts_grep_paths_and_whole_reports(index_dir: Path) -> None:
    grep_style = run("show", "seeds/003_192b9e4ae9fa5ec2.txt:40", "--index", str(index_dir)).stdout
    assert ">   39" in grep_style
    whole = run("show", "003_192b9e4ae9fa5ec2.txt", "--index", str(index_dir)).stdout
    assert "2020年政府工作打算" in whole and ">" not in "".join(line[:1] for line in whole.splitlines()[1:])


def test_a_damaged_previous_generation_is_not_made_live(tmp_path: Path) -> None:
    from search.index import generations as store

    index = tmp_path / "index"
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    assert index_of(corpus, index).exit_code == 0
    (corpus / "004_788a321da40b58ee.txt").unlink()
    assert index_of(corpus, index).exit_code == 0
    live, previous = store.generations(index)[-1], store.generations(index)[0]
    (index / previous / store.META).write_text("{not json", encoding="utf-8")
    result = run("index", "--index", str(index), "--rollback")
    assert result.exit_code == 1 and "damaged" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert store.live_name(index) == live


def test_a_report_that_became_a_broken_link_is_removed_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    index = tmp_path / "index"
    assert index_of(corpus, index).exit_code == 0
    victim = corpus / "004_788a321da40b58ee.txt"
    victim.unlink()
    victim.symlink_to(tmp_path / "nowhere.txt")
    result = index_of(corpus, index)
    assert result.exit_code == 0 and "1 removed" in result.stdout
    assert result.stdout.count("removed 004_788a321da40b58ee.txt") == 1
