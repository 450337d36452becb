"""One answer to "where does this paragraph hold the term": `query` highlights, kwic lines and
trend's count per occurrence agree, even where a report writes pinyin after its characters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
from search.engine.highlight import occurrences
from search.engine.plan import Needle
from search.engine.searcher import Filters, open_index
from search.research import workflows

REPORT = "\n".join([
    "清河镇2022年工作总结",
    "一、2022年工作总结",
    "(一)全力推进鄉(xiāng)村振興,打好乡村振兴组合拳,全镇新建柑橘基地两处,带动农户增收。",
    "(二)鄉村振興戰略落地見效,村集體經濟收入穩步增長,人居環境持續改善。",
    "(三)乡村面貌焕然一新,产业振兴势头良好,网格化管理实现全覆盖。",
    "二、2023年工作计划",
    "(一)持续推进乡村振兴乡村振兴示范村再添两个,完善基层治理体系。",
])

QUERIES = ('"乡村振兴"', "乡村振兴", "乡村 振兴", '"振兴"')


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    from search.index.build import build_index

    root = tmp_path_factory.mktemp("occurrences")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "qh2022.txt").write_text(REPORT + "\n", encoding="utf-8")
    build_index(corpus, root / "index", procs=1)
    return root / "index"


def counts_in_library(index: Path, query: str) -> tuple[int, int, int]:
    with open_index(index) as idx:
        result = idx.search(query, Filters(), limit=None)
        _, lines = workflows.kwic_lines(idx, query, Filters())
        _, counted = workflows.trend_of(idx, query, Filters(), per="occurrence")
    return sum(len(h.highlights) for h in result.hits), len(lines), counted.total


@pytest.mark.parametrize("query", QUERIES)
def test_highlights_kwic_and_trend_agree(index: Path, query: str) -> None:
    highlighted, lines, counted = counts_in_library(index, query)
    assert highlighted == lines == counted > 0


def test_pinyin_does_not_hide_an_occurrence(index: Path) -> None:
    assert counts_in_library(index, '"乡村振兴"') == (5, 5, 5)
    with open_index(index) as idx:
        _, lines = workflows.kwic_lines(idx, '"乡村振兴"', Filters(), width=4)
    assert [(o.line, o.match) for o in lines] == [
        (3, "鄉(xiāng)村振興"), (3, "乡村振兴"), (4, "鄉村振興"), (7, "乡村振兴"), (7, "乡村振兴")]
    first = lines[0]
    assert first.left == "全力推进" and first.right == ",打好乡"
    assert REPORT.splitlines()[2][first.start:first.end] == first.match


def test_the_cli_gives_the_same_count(index: Path) -> None:
    runner = CliRunner()

    def out(*args: str) -> str:
        result = runner.invoke(app, [*args, "--index", str(index)])
        assert result.exit_code == 0, result.output
        return result.stdout

    hits = json.loads(out("query", '"乡村振兴"', "--json", "--all"))["hits"]
    marked = [h["text"][s:e] for h in hits for s, e in h["highlights"]]
    rows = [json.loads(r) for r in out("kwic", '"乡村振兴"', "-f", "jsonl").splitlines()]
    data = out("trend", '"乡村振兴"', "--per", "occurrence", "-f", "csv")
    table = list(csv.DictReader(io.StringIO(data.lstrip("\ufeff"))))
    assert len(marked) == len(rows) == sum(int(r["occurrences"]) for r in table) == 5
    assert sorted(r["match"] for r in rows) == sorted(marked)
    assert "鄉(xiāng)村振興" in marked and "鄉村振興" in marked


def test_overlaps_join_and_neighbours_stay_apart() -> None:
    assert occurrences("哈哈哈", ["哈哈"]) == [(0, 3)]
    assert occurrences("乡村振兴乡村振兴", ["乡村振兴"]) == [(0, 4), (4, 8)]
    assert occurrences("乡村振兴战略", ["乡村振兴", "振兴战略"]) == [(0, 6)]
    assert occurrences("乡村振兴", ["乡村", "振兴"]) == [(0, 2), (2, 4)]


def test_an_unquoted_term_found_only_apart_marks_its_pieces() -> None:
    term = Needle("乡村振兴", False, ("乡村", "振兴"), ("乡村", "振兴"))
    text = "乡村面貌一新,产业振兴"
    assert [text[s:e] for s, e in occurrences(text, [term])] == ["乡村", "振兴"]
    assert occurrences(text, [Needle("乡村振兴", True, ("乡村", "振兴"), ())]) == []
    pinyin = "鄉(xiāng)村振興"
    assert [pinyin[s:e] for s, e in occurrences(pinyin, [term])] == [pinyin]
