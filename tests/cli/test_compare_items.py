"""`search compare` through the CLI: whole items compared by words, the best candidate of an
unmet plan with its score, and the problems that mention an unmet plan."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from search.cli.commands import app

runner = CliRunner()

PLAN_2020 = """山桥镇2020年工作总结和2021年工作计划
一、2020年工作总结
全年完成各项目标任务。
二、2021年工作计划
(一)做大特色产业。新建标准化茶园五百亩,培育茶叶加工企业两家。
(二)硬化通组公路十公里,改造农村危桥两座。
(三)完善养老服务设施,新建村级互助养老服务站四个。
"""

REVIEW_2021 = """山桥镇2021年工作总结
一、2021年工作总结
(一)产业稳步推进。全年新建标准化茶园六百亩,引进茶叶加工企业一家。
(二)安装太阳能路灯三百盏,点亮农村夜路。
(三)民生保障有力。建成村级互助养老服务站五个,老人服务覆盖全部行政村。
二、存在问题
一是通组公路硬化任务没有完成,危桥改造资金缺口较大。
二是集体经济收入偏低。
"""


def build(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sq2020.txt").write_text(PLAN_2020, encoding="utf-8")
    (corpus / "sq2021.txt").write_text(REVIEW_2021, encoding="utf-8")
    index = tmp_path / "index"
    result = runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(index)])
    assert result.exit_code == 0, result.output
    return index


def test_compare_pairs_whole_items_and_names_the_problem_of_an_unmet_plan(tmp_path: Path) -> None:
    index = build(tmp_path)
    result = runner.invoke(app, ["compare", "-t", "山桥", "-y", "2021", "--index", str(index)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "2 of 3 plan items have a matching review item" in out
    assert "review  sq2021.txt:3" in out and "review  sq2021.txt:5" in out
    assert "best    sq2021.txt:4" in out and "(below the match rule)" in out
    assert "problem sq2021.txt:7" in out
    shared = "".join(line for line in out.splitlines() if "shared:" in line)
    assert "茶叶" in shared and "养老" in shared
    assert "叶产" not in shared and "老服" not in shared


def test_compare_rows_carry_the_candidate_its_score_and_the_problems(tmp_path: Path) -> None:
    index = build(tmp_path)
    result = runner.invoke(app, ["compare", "-t", "山桥镇", "-y", "2021", "-f", "jsonl", "--index", str(index)])
    assert result.exit_code == 0, result.output
    rows = {r["plan_id"]: r for r in map(json.loads, result.output.splitlines())}
    road = rows["sq2020.txt:6"]
    assert road["review_id"] == "sq2021.txt:4" and road["met"] is False and 0 < road["score"] < 0.2
    assert road["problem_ids"] == ["sq2021.txt:7"]
    assert rows["sq2020.txt:5"]["met"] is True and rows["sq2020.txt:7"]["met"] is True
