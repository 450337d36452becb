"""Filters behave alike on the command line: repeated values are alternatives (or, where a command
compares one thing, an error), and a value the index does not hold is an empty result with a note."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
from search.testing import write_reports

runner = CliRunner()

REPORTS = {
    "a2020.txt": "衡南县泉溪镇2020年工作总结\n一、2020年工作总结\n全镇召开屋场恳谈会八场。\n"
                 "二、存在的问题\n产业基础仍然薄弱。\n三、2021年工作计划\n继续开好屋场恳谈会。\n",
    "b2021.txt": "芷江侗族自治县晓坪乡2021年工作总结\n一、2021年工作总结\n全乡修缮山塘十口。\n"
                 "二、2022年工作计划\n新修机耕道两条。\n",
    "c2023.txt": "衡南县泉溪镇2023年工作总结\n一、2023年工作总结\n屋场恳谈会开到每个组。\n"
                 "二、其他需要报告的事项\n档案整理完毕。\n",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("alike")
    corpus = write_reports(root / "corpus", REPORTS)
    result = runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(root / "index")])
    assert result.exit_code == 0, result.output
    return root / "index"


def hits(index: Path, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["query", *args, "--all", "--json", "--index", str(index)])
    assert result.exit_code == 0, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)["hits"]
    return found


def test_towns_and_years_are_where_the_fixture_puts_them(index: Path) -> None:
    result = runner.invoke(app, ["docs", "--json", "--index", str(index)])
    rows = {(r["town"], r["year"], r["county"]) for r in json.loads(result.stdout)}
    assert ("泉溪镇", 2020, "衡南县") in rows and ("泉溪镇", 2023, "衡南县") in rows
    assert ("晓坪乡", 2021, "芷江侗族自治县") in rows


@pytest.mark.parametrize("option", ["--year", "-y"])
def test_repeated_years_are_alternatives_not_the_last_one(index: Path, option: str) -> None:
    both = {h["year"] for h in hits(index, "屋场恳谈会", option, "2020", option, "2023")}
    assert both == {2020, 2023}


def test_repeated_year_ranges_join(index: Path) -> None:
    assert {h["year"] for h in hits(index, "-y", "..2020", "-y", "2023..")} == {2020, 2023}


def test_repeated_about_years_are_alternatives(index: Path) -> None:
    found = {h["about_year"] for h in hits(index, "--about-year", "2021", "--about-year", "2022")}
    assert found == {2021, 2022}


@pytest.mark.parametrize("args, option", [
    (["-t", "泉溪", "-t", "晓坪", "-y", "2021"], "--town"),
    (["-t", "泉溪", "-y", "2021", "-y", "2024"], "--year"),
])
def test_compare_refuses_a_repeated_town_or_year_in_one_line(index: Path, args: list[str], option: str) -> None:
    result = runner.invoke(app, ["compare", *args, "--index", str(index)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: compare takes one {option}") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("option, value, note", [
    ("--county", "北京", "no county '北京' in the index"),
    ("--city", "长沙", "no city '长沙' in the index"),
    ("--province", "湖北", "no province '湖北' in the index"),
    ("--kind", "白皮书", "no kind '白皮书' in the index; kinds: 年度总结"),
    ("--section", "结论", "no section '结论' in the index; did you mean 工作总结?"),
    ("--town", "泉水", "no town '泉水' in the index; did you mean 泉溪镇?"),
])
def test_an_absent_value_of_any_filter_is_an_empty_result_with_a_note(index: Path, option: str, value: str,
                                                                      note: str) -> None:
    result = runner.invoke(app, ["query", "屋场恳谈会", option, value, "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert "0 paragraphs" in result.stdout
    assert f"Note: {note}" in result.stderr


def test_a_misspelt_county_names_the_nearest(index: Path) -> None:
    result = runner.invoke(app, ["query", "--county", "衡东县", "--index", str(index)])
    assert result.exit_code == 0 and "did you mean 衡南县" in result.stderr


@pytest.mark.parametrize("option, value, expected", [
    ("--county", "芷江县", {"晓坪乡"}),
    ("--county", "衡南", {"泉溪镇"}),
])
def test_county_short_forms_with_another_suffix(index: Path, option: str, value: str, expected: set[str]) -> None:
    assert {h["town"] for h in hits(index, option, value)} == expected


@pytest.mark.parametrize("spelling, section", [("存在的问题", "存在问题"), ("其它", "其他")])
def test_common_section_spellings(index: Path, spelling: str, section: str) -> None:
    found = hits(index, "--section", spelling)
    assert found and {h["section"] for h in found} == {section}


def test_compare_with_an_unknown_town_names_the_nearest_only(index: Path) -> None:
    result = runner.invoke(app, ["compare", "-t", "泉西乡", "-y", "2021", "--index", str(index)])
    assert result.exit_code == 2
    assert result.stderr == "Error: no town '泉西乡' in the index; did you mean 泉溪镇?\n"


@pytest.mark.parametrize("command", [["kwic", "屋场恳谈会"], ["trend", "屋场恳谈会"], ["dupes"], ["docs"],
                                     ["docs", "-f", "csv"]])
def test_commands_that_count_or_list_say_so_too(index: Path, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--county", "衡东县", "--index", str(index)]
                           if command[0] != "docs" else [*command, "-t", "泉水", "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert "Note: no " in result.stderr and "did you mean" in result.stderr
