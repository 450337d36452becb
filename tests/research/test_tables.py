"""Export rows: documented column order, CSV with BOM that reads back, TSV, JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from constructed import build_research_index

from search.engine.searcher import Filters, open_index
from search.models import Hit
from search.render import write_table
from search.research import tables as export, workflows
from search.research.reports import Report
from support import ROOT


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return build_research_index(tmp_path_factory.mktemp("export"))


def test_columns_are_in_the_documented_order() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`" + "`, `".join(export.COLUMNS) + "`" in readme


def test_csv_has_bom_header_and_reads_back_the_chinese_text(index: Path) -> None:
    with open_index(index) as idx:
        data = workflows.rows(idx, "屋场恳谈会", Filters(), use_variants=False)
    text = write_table(data, "csv")
    assert text.startswith("\ufeffid,source,line,town,")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    by_id = {r["id"]: r for r in rows}
    row = by_id["000_38d5ad9ee7bf6a4c.txt:3"]
    assert row["town"] == "泉溪镇" and row["year"] == "2020" and row["section"] == "工作总结"
    assert row["heading"] == "一、2020年工作總結 › (一)堅持黨建引領,全麵築牢戰鬥堡壘"
    assert row["matched"] == "屋場懇談會;屋場懇談會"
    start, end = map(int, row["spans"].split(";")[0].split("-"))
    assert row["text"][start:end] == "屋場懇談會"
    assert by_id["002_d141e86c5727c802.txt:5"]["date"] == "2023-12-06"
    assert by_id["q2021.txt:6"]["title"] == "泉溪镇2021年工作总结及2022年工作计划"


def test_plan_paragraphs_are_about_the_next_year(index: Path) -> None:
    with open_index(index) as idx:
        data = workflows.rows(idx, "柑橘", Filters(towns=("泉溪",)), use_variants=False)
    [row] = data.dicts()
    assert row["section"] == "工作计划" and row["year"] == 2021 and row["about_year"] == 2022


def test_tsv_flattens_tabs_and_has_no_bom() -> None:
    hit = Hit("a.txt:1", "a.txt", 1, "泉溪镇", 2020, "工作总结", ("一、总结",), 1.5, "召开\t屋场恳谈会\n两场",
              ((3, 8),))
    text = write_table(export.table([hit], {"a.txt": Report("a.txt", county="衡南县")}), "tsv")
    header, line, end = text.split("\n")
    assert end == "" and header.split("\t") == list(export.COLUMNS)
    values = dict(zip(export.COLUMNS, line.split("\t"), strict=True))
    assert values["text"] == "召开 屋场恳谈会 两场" and values["county"] == "衡南县"
    assert values["matched"] == "屋场恳谈会" and values["spans"] == "3-8"


def test_jsonl_keeps_lists_and_types(index: Path) -> None:
    with open_index(index) as idx:
        data = workflows.rows(idx, '"屋场会"', Filters())
    lines = write_table(data, "jsonl").splitlines()
    rows = [json.loads(line) for line in lines]
    assert list(rows[0]) == list(export.COLUMNS)
    assert {r["id"] for r in rows} == {"002_d141e86c5727c802.txt:5", "qs2021.txt:4"}
    for row in rows:
        assert isinstance(row["line"], int) and isinstance(row["heading"], list)
        assert all(row["text"][s:e] in ("屋場會", "屋场会") for s, e in row["spans"])


def test_regex_rows_append_the_match_and_captures(index: Path) -> None:
    with open_index(index) as idx:
        data = workflows.rows(idx, "", Filters(), pattern=r"召开屋场恳谈会(?P<meetings>\d+)场")
    assert data.columns == export.COLUMNS + ("match", "meetings")
    got = {(d["town"], d["year"], d["meetings"]) for d in data.dicts()}
    assert got == {("泉溪镇", 2020, "46"), ("泉溪镇", 2021, "40"), ("青石镇", 2021, "18"), ("白沙乡", 2022, "7")}


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        write_table(export.Table(export.COLUMNS, ()), "xlsx")
