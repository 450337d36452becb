"""`search docs` and `search query` on the real binaries of one report: each report's format,
page count, web address and date, and the page of every hit from the PDF."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from search.cli.commands import app
from search.ingest.formats import extract

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
BINARIES = ("report.doc", "report.docx", "report.pdf", "report.wps")
URL = "https://www.example.gov.cn/zwgk/zsz/2023/report.html"


def _page(lines: tuple[str, ...]) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return (f'<html><head><meta charset="utf-8"><link rel="canonical" href="{URL}">'
            f'<meta name="PubDate" content="2023-01-16 10:00"></head>'
            f'<body><div class="nav">首页</div><div id="zoom">{paragraphs}</div></body></html>')


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("formats-docs")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in BINARIES:
        shutil.copy(FIXTURES / name, corpus / name)
    lines = extract((FIXTURES / "report.docx").read_bytes(), "report.docx").lines
    (corpus / "report.html").write_text(_page(lines), encoding="utf-8")
    result = runner.invoke(app, ["index", "--corpus", str(corpus), "--index", str(root / "index")])
    assert result.exit_code == 0, result.output
    return root / "index"


def test_docs_shows_each_reports_format_pages_url_and_date(index: Path) -> None:
    listed = runner.invoke(app, ["docs", "--json", "--index", str(index)]).stdout
    rows = {row["source"]: row for row in json.loads(listed)}
    assert {name: (row["format"], row["pages"], row["url"]) for name, row in rows.items()} == {
        "report.doc": ("doc", 0, None), "report.docx": ("docx", 0, None), "report.html": ("html", 0, URL),
        "report.pdf": ("pdf", 2, None), "report.wps": ("doc", 0, None)}
    assert {name: row["date"] for name, row in rows.items() if name != "report.pdf"} == {
        "report.doc": "2023-01-12", "report.docx": "2023-01-12", "report.html": "2023-01-16",
        "report.wps": "2023-01-12"}
    assert rows["report.pdf"]["date"] == extract((FIXTURES / "report.pdf").read_bytes(), "report.pdf").hints.date
    table = runner.invoke(app, ["docs", "--index", str(index)]).stdout.splitlines()
    header = table[0].split()
    cells = {line.split()[0]: line.split() for line in table[1:-1]}
    assert [cells[name][header.index("PAGES")] for name in sorted(cells)] == ["-", "-", "-", "2", "-"]
    assert [cells[name][header.index("FORMAT")] for name in sorted(cells)] == ["doc", "docx", "html", "pdf", "doc"]
    verbose = runner.invoke(app, ["docs", "-v", "--index", str(index)]).stdout
    assert f"report.html  url  {URL}" in verbose


def test_every_hit_from_the_pdf_carries_its_page(index: Path) -> None:
    result = runner.invoke(app, ["query", '"幸福食堂"', "--all", "--json", "--index", str(index)])
    hits = json.loads(result.stdout)["hits"]
    pages = {h["source"]: set() for h in hits}
    for hit in hits:
        pages[hit["source"]].add(hit["page"])
    assert pages["report.pdf"] == {1, 2} and all(pages[name] == {None} for name in pages if name != "report.pdf")
