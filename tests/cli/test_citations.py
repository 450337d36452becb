"""Citations resolve: what results print is what `search show` finds and what grep would number,
for paragraphs joined from wrapped lines and for pieces of a line cut at its headings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
from search.engine.searcher import Filters, open_index
from search.testing import write_reports

runner = CliRunner()

WRAPPED = "\n".join([
    "石桥镇2022年工作总结",
    "",
    "2022年,石桥镇上下齐心协力,全镇经济稳步回升",
    ",一般公共预算收入比上年增长百分之六点二,民",
    "生实事件件落地,社会大局保持和谐稳定局面。",
    "一、主要工作",
    "全年整治山塘水库十二座,疏浚渠道四十公里,新",
    "建村级光伏电站三座,发展油茶基地一千五百亩,",
    "茶油加工厂顺利投产,带动脱贫户稳定增收致富。",
    "二、存在问题",
    "村级集体经济来源单一,部分项目推进速度偏慢,",
    "专业技术人才短缺,基层治理能力仍需进一步增强",
    ",这些问题我们将在今后工作中认真加以解决好。",
    "",
])
"""Wrapped at a fixed width, as a PDF export leaves a report: each paragraph is three file lines."""

ONE_LINE = ("青山乡2022年工作总结 2022年,青山乡在县委县政府的领导下,各项工作有序推进,"
            "群众满意度明显提升。一、2022年工作回顾 (一)种植业稳中有升。全年种植烤烟八百亩,"
            "新建育苗大棚六个,烟农户均增收三千元。(二)人居环境持续改善。清理垃圾死角两百处,"
            "新建公厕四座,村道沿线全部完成绿化。二、存在的问题 产业规模偏小,龙头企业带动能力弱;"
            "乡级财力紧张,民生投入仍显不足。三、2023年工作计划 (一)壮大烤烟产业。新建烤房二十座,"
            "扩大种植面积到一千亩。(二)补齐民生短板。改造乡卫生院一所,新修通组公路五公里。\n")
"""A whole report on one line, as some pages are saved: cut into pieces at its heading markers."""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("citations")
    corpus = write_reports(root / "corpus", {"wrapped.txt": WRAPPED, "oneline.txt": ONE_LINE})
    result = runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(root / "index")])
    assert result.exit_code == 0, result.output
    return root / "index"


def run(index: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, "--index", str(index)])


def grep_line(text: str, needle: str) -> int:
    """The line number grep -n would give for `needle`."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def cited(output: str) -> str:
    """The citation a result's header starts with."""
    return output.split("\n", 1)[0].split("  ", 1)[0]


def test_a_reflowed_hit_cites_the_lines_grep_finds_its_text_on(index: Path) -> None:
    result = run(index, "query", "茶油加工厂")
    assert result.exit_code == 0, result.output
    assert cited(result.stdout) == "wrapped.txt:7-9"
    assert 7 <= grep_line(WRAPPED, "茶油加工厂") <= 9


def test_a_piece_of_a_cut_line_cites_what_show_resolves(index: Path) -> None:
    result = run(index, "query", "烤房")
    citation = cited(result.stdout)
    assert citation == "oneline.txt:1.7"
    shown = run(index, "show", citation)
    focus = next(line for line in shown.stdout.splitlines() if line.startswith(">"))
    assert "新建烤房二十座" in focus


def test_every_printed_citation_resolves_to_its_own_paragraph(index: Path) -> None:
    with open_index(index) as idx:
        everything = idx.search("", Filters(years=(2022, 2022)), limit=None).hits
        assert len(everything) > 10
        for hit in everything:
            assert idx.paragraph(hit.citation)[0] == hit.id, hit.citation


@pytest.mark.parametrize("pid", ["wrapped.txt:8:", "corpus/wrapped.txt:8:", "wrapped.txt:7-9"])
def test_show_accepts_a_line_as_grep_prints_it_and_a_range(index: Path, pid: str) -> None:
    shown = run(index, "show", pid)
    assert shown.exit_code == 0, shown.output
    assert cited(shown.stdout) == "wrapped.txt:7-9"
    assert re.search(r"^>\s+7-9  全年整治山塘水库", shown.stdout, re.MULTILINE)


@pytest.mark.parametrize("pid, message", [
    ("wrapped.txt:999", "Error: wrapped.txt has no line 999: its paragraphs are on lines 1-13"),
    ("wrapped.txt:0", "Error: wrapped.txt has no line 0"),
])
def test_show_refuses_a_line_outside_the_report_in_one_line(index: Path, pid: str, message: str) -> None:
    shown = run(index, "show", pid)
    assert shown.exit_code == 2
    assert shown.stderr.startswith(message) and shown.stderr.count("\n") == 1


def test_kwic_cites_the_range_too(index: Path) -> None:
    result = run(index, "kwic", "光伏电站")
    assert result.stdout.splitlines()[0].endswith("wrapped.txt:7-9")
