"""Paths an index records are followed only inside its corpus, and a corpus file that changed
since indexing is reported, not crashed on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
from search.index import generations as store, integrity

runner = CliRunner()

REPORT = ("网页导航：首页 > 政务公开\n一、2021年工作总结\n全镇召开屋场恳谈会十二场，推进河长制。\n"
          "二、存在问题\n人手不足。\n扫一扫在手机打开当前页\n")


def build(tmp_path: Path) -> tuple[Path, Path]:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "甲镇.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("机密第一行\n机密第二行\n", encoding="utf-8")
    result = runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(index)])
    assert result.exit_code == 0, result.output
    return corpus, index


def alter_record(index: Path, source: str) -> None:
    """The live generation's record, edited by hand to name `source` as a report, and its
    checksums recomputed, as whoever alters an index on purpose would: the checksums find
    damage, not intent, so the corpus bound must hold on its own."""
    generation = store.current_generation(index).path
    meta_path = generation / store.META
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["files"][source] = dict(meta["files"]["甲镇.txt"], dropped_lines="1,2")
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    (generation / store.CHECKSUMS).write_text(integrity.manifest(generation, None, meta.get("corpus")),
                                              encoding="utf-8")


@pytest.mark.parametrize("source", ["../secret.txt", "sub/../../secret.txt", "{tmp}/secret.txt"])
@pytest.mark.parametrize("flag", ["--verbose", "--json"])
def test_a_recorded_path_outside_the_corpus_is_a_damaged_index(tmp_path: Path, source: str, flag: str) -> None:
    _, index = build(tmp_path)
    alter_record(index, source.format(tmp=tmp_path))
    result = runner.invoke(app, ["docs", flag, "--index", str(index)])
    assert result.exit_code == 1 and "机密" not in result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "is damaged" in result.stderr and "search index --full" in result.stderr


def test_a_path_that_stays_inside_the_corpus_is_read(tmp_path: Path) -> None:
    corpus, index = build(tmp_path)
    (corpus / "sub").mkdir()
    alter_record(index, "sub/../甲镇.txt")
    result = runner.invoke(app, ["docs", "--verbose", "--index", str(index)])
    assert result.exit_code == 0 and "sub/../甲镇.txt:1  dropped  网页导航" in result.stdout


def test_a_report_shortened_after_indexing_is_reported_not_crashed_on(tmp_path: Path) -> None:
    corpus, index = build(tmp_path)
    verbose = runner.invoke(app, ["docs", "--verbose", "--index", str(index)]).stdout
    last = [line for line in verbose.splitlines() if "dropped  扫一扫" in line]
    assert last, verbose
    (corpus / "甲镇.txt").write_text("网页导航：首页 > 政务公开\n", encoding="utf-8")
    result = runner.invoke(app, ["docs", "--verbose", "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert "甲镇.txt:1  dropped  网页导航" in result.stdout
    assert "甲镇.txt:6  dropped  (no longer in the file" in result.stdout and "search index" in result.stdout
    data = json.loads(runner.invoke(app, ["docs", "--json", "--index", str(index)]).stdout)
    assert {"line": 6, "text": None} in data[0]["boilerplate"]
    shown = runner.invoke(app, ["show", "甲镇.txt:3", "--index", str(index)])
    assert shown.exit_code == 0 and "屋场恳谈会" in shown.stdout
