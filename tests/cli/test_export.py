"""`search export FILE.sqlite`: the index as tables any SQLite reader opens, checked against the
index itself; and `search docs -f csv`, the same reports table as a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
from search.research.export import COPY_COLUMNS, PARAGRAPH_COLUMNS, REPORT_EXTRA, REPORT_FIELDS
from search.testing import write_reports
from support import ROOT

runner = CliRunner()

SHARED = "坚持把群众满意作为工作的出发点和落脚点,深入开展入户走访活动,倾听群众呼声,解决群众急难愁盼问题。"

REPORTS = {
    "a.txt": "\n".join([
        "衡南县泉溪镇2021年工作总结", "一、2021年工作总结", SHARED, "全镇新修村道八公里,改造危房十五户。",
        "- 1 -", "二、2022年工作计划", "继续推进农村公路建设,年内完成三条通组道路。", "- 2 -", "",
    ]),
    "b.txt": "\n".join([
        "芷江侗族自治县晓坪乡2021年工作总结", "一、2021年工作总结", SHARED, "全乡种植油茶两千亩。",
        "本文来源于www.example-wenku.com,欢迎阅读。", "",
    ]),
    "c.txt": "常宁市荫田镇2020年工作总结\n一、2020年工作总结\n全年完成植树造林一千亩。\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("export")
    corpus = write_reports(root / "corpus", REPORTS)
    index = root / "index"
    assert runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(index)]).exit_code == 0
    target = root / "out" / "reports.sqlite"
    target.parent.mkdir()
    target.write_text("an older export")
    result = runner.invoke(app, ["export", str(target), "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Wrote {target}: 3 reports, ")
    return index, target


def query(target: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(target)) as db:
        return db.execute(sql).fetchall()


def docs(index: Path) -> list[dict[str, object]]:
    listed = runner.invoke(app, ["docs", "--json", "--index", str(index)]).stdout
    rows: list[dict[str, object]] = json.loads(listed)
    return rows


def names(columns: tuple[tuple[str, str], ...]) -> list[str]:
    return [name for name, _ in columns]


def test_the_file_replaces_the_old_one_whole_and_leaves_no_scratch(built: tuple[Path, Path]) -> None:
    _, target = built
    assert [p.name for p in target.parent.iterdir()] == ["reports.sqlite"]
    assert {t for (t,) in query(target, "SELECT name FROM sqlite_master WHERE type = 'table'")} == {
        "reports", "paragraphs", "copies", "provenance"}


def test_tables_have_the_documented_columns(built: tuple[Path, Path]) -> None:
    _, target = built
    for table, columns in (("reports", (*REPORT_FIELDS, *REPORT_EXTRA)), ("paragraphs", PARAGRAPH_COLUMNS),
                           ("copies", COPY_COLUMNS)):
        assert [row[1] for row in query(target, f"PRAGMA table_info({table})")] == names(columns)


def test_rows_match_the_index(built: tuple[Path, Path]) -> None:
    index, target = built
    listed = docs(index)
    assert sorted(query(target, "SELECT source, town, year, paragraphs FROM reports")) == sorted(
        (r["source"], r["town"] or None, r["year"], r["paragraphs"]) for r in listed)
    assert query(target, "SELECT count(*) FROM paragraphs") == [(sum(int(str(r["paragraphs"])) for r in listed),)]
    shown = json.loads(runner.invoke(app, ["show", "a.txt", "--json", "--index", str(index)]).stdout)
    shown = shown["hits"]
    assert query(target, "SELECT id, line, text FROM paragraphs WHERE report = 'a.txt' ORDER BY line") == [
        (h["id"], h["line"], h["text"]) for h in shown]


def test_copies_and_copy_groups_name_the_shared_paragraph(built: tuple[Path, Path]) -> None:
    _, target = built
    rows = query(target, "SELECT c.report, c.reports, p.text FROM copies c JOIN paragraphs p ON p.id = c.paragraph "
                         "ORDER BY c.report")
    assert rows == [("a.txt", 2, SHARED), ("b.txt", 2, SHARED)]
    grouped = query(target, "SELECT report FROM paragraphs WHERE copy_group IS NOT NULL ORDER BY report")
    assert grouped == [("a.txt",), ("b.txt",)]


def test_dropped_lines_give_the_count_the_web_address_and_pages(built: tuple[Path, Path]) -> None:
    _, target = built
    reports = dict((s, (d, u)) for s, d, u in query(target, "SELECT source, dropped, url FROM reports"))
    assert reports == {"a.txt": (2, None), "b.txt": (1, "www.example-wenku.com"), "c.txt": (0, None)}
    pages = query(target, "SELECT text, page FROM paragraphs WHERE report = 'a.txt' AND line > 2 ORDER BY line")
    assert [page for _, page in pages] == [1, 1, 2, 2]
    assert query(target, "SELECT DISTINCT page FROM paragraphs WHERE report = 'c.txt'") == [(None,)]


def test_indexes_and_provenance(built: tuple[Path, Path]) -> None:
    index, target = built
    made = {name for (name,) in query(target, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"paragraphs_report", "paragraphs_copy_group", "copies_copy_group", "reports_town"} <= made
    facts = dict(query(target, "SELECT key, value FROM provenance"))
    assert facts["index"] == str(index.resolve()) and facts["generation"].startswith("gen-")
    assert facts["rows_paragraphs"] == str(query(target, "SELECT count(*) FROM paragraphs")[0][0])
    assert facts["exported_at"] and facts["search_version"]


def test_pandas_reads_it(built: tuple[Path, Path]) -> None:
    import pandas
    _, target = built
    with closing(sqlite3.connect(target)) as db:
        frame = pandas.read_sql("SELECT * FROM paragraphs", db)
    assert list(frame.columns) == names(PARAGRAPH_COLUMNS) and len(frame) > 0


def test_an_unwritable_target_is_one_line(built: tuple[Path, Path], tmp_path: Path) -> None:
    index, _ = built
    result = runner.invoke(app, ["export", str(tmp_path / "no" / "such" / "x.sqlite"), "--index", str(index)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write") and result.stderr.count("\n") == 1


def test_docs_as_csv_is_the_reports_table(built: tuple[Path, Path]) -> None:
    index, target = built
    result = runner.invoke(app, ["docs", "-f", "csv", "--index", str(index)])
    assert result.exit_code == 0 and result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert list(rows[0]) == names((*REPORT_FIELDS, *REPORT_EXTRA))
    assert sorted((r["source"], r["url"]) for r in rows) == sorted(
        (s, u or "") for s, u in query(target, "SELECT source, url FROM reports"))
    one = runner.invoke(app, ["docs", "-f", "tsv", "-t", "泉溪", "--index", str(index)]).stdout.splitlines()
    assert len(one) == 2 and one[1].startswith("a.txt\t泉溪镇")


def test_readme_documents_every_column() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### A dataset for R, pandas and Datasette", 1)[1].split("\n## ", 1)[0]
    for name, _ in (*REPORT_FIELDS, *REPORT_EXTRA, *PARAGRAPH_COLUMNS, *COPY_COLUMNS):
        assert f"`{name}`" in section, name
