"""Real binaries of one report (tests/fixtures/formats, made with LibreOffice): every format reads
as the same report, and a quoted query finds in each exactly what a scan of its text finds."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from search.engine.searcher import SearchIndex
from search.ingest.corpus import load
from search.ingest.document import build_document
from search.ingest.formats import extract
from search.ingest.formats.docx import W, _all_numbered, _numbered_styles
from search.models import Document, RawFile
from search.testing import temporary_index

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
FILES = {"report.docx": "docx", "report-lo.docx": "docx", "report.doc": "doc", "report.wps": "doc", "report.pdf": "pdf"}
TITLE = "枣市镇2023年政府工作报告"
SECTIONS = {
    "各位代表：": "前言",
    "一、2022年工作回顾": "工作总结",
    "（一）产业发展稳中有进": "工作总结",
    "白茶种植面积（亩）": "工作总结",
    "二、存在的问题": "存在问题",
    "一是白茶品牌影响力不强": "存在问题",
    "三、2023年工作安排": "工作计划",
    "（三）办好民生实事": "工作计划",
}
"""The start of a line → the section of the paragraph it opens."""
PHRASES = ("白茶", "幸福食堂", "四千一百亩", "建成白茶初制", "稳住了农业生产")
"""Quoted queries; in the PDF the last two cross a wrapped line, and 一 stands among others."""


def _raw(name: str) -> RawFile:
    raw = load(FIXTURES, name)
    assert isinstance(raw, RawFile), raw
    return raw


def _line_of(raw: RawFile, start: str) -> int:
    return next(n for n, line in enumerate(raw.text.split("\n"), start=1) if line.startswith(start))


def _scan(raw: RawFile, phrase: str) -> list[tuple[int, int]]:
    """First and last line of every occurrence in the extracted text, lines read as one run (a
    PDF wraps a paragraph's lines wherever the page ends them)."""
    run, line_of = "", []
    for number, line in enumerate(raw.text.split("\n"), start=1):
        run += line
        line_of += [number] * len(line)
    found, start = [], run.find(phrase)
    while start >= 0:
        found.append((line_of[start], line_of[start + len(phrase) - 1]))
        start = run.find(phrase, start + 1)
    return found


@pytest.mark.parametrize(("name", "kind"), FILES.items())
def test_each_binary_reads_as_the_same_report(name: str, kind: str) -> None:
    raw = _raw(name)
    assert raw.format == kind and raw.hints.title == TITLE
    doc: Document = build_document(raw)
    assert (doc.title, doc.town, doc.county, doc.year, doc.kind) == (TITLE, "枣市镇", "茶陵县", 2022, "政府工作报告")
    section = {p.line: p.section for p in doc.paragraphs}
    assert {start: section[_line_of(raw, start)] for start in SECTIONS} == SECTIONS
    assert "枣市镇人民政府" not in raw.text.split("\n")[1:], "the page header is not the report's"
    assert "一、2022年工作回顾" in raw.text.split("\n") and "四千一百亩" in raw.text.replace("\n", "")


def test_the_word_97_and_pdf_exports_say_their_title_and_date() -> None:
    hints = {name: extract((FIXTURES / name).read_bytes(), name).hints for name in ("report.doc", "report.pdf")}
    assert hints["report.doc"].title == hints["report.pdf"].title == TITLE
    assert hints["report.doc"].date == "2023-01-12"
    assert hints["report.pdf"].date is not None and hints["report.pdf"].date >= "2023-01-12"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    corpus = tmp_path_factory.mktemp("binaries")
    for name in FILES:
        shutil.copy(FIXTURES / name, corpus / name)
    with temporary_index(corpus) as opened:
        yield opened


@pytest.mark.parametrize("phrase", PHRASES)
def test_a_quoted_query_finds_in_each_binary_exactly_what_a_scan_finds(index: SearchIndex, phrase: str) -> None:
    hits = index.search(f'"{phrase}"', limit=None).hits
    for name in FILES:
        spans = [(h.line, h.end_line or h.line) for h in hits if h.source == name]
        found = _scan(_raw(name), phrase)
        assert found, (name, phrase)
        assert all(any(a <= first and last <= b for a, b in spans) for first, last in found), (name, phrase)
        assert all(any(a <= first and last <= b for first, last in found) for a, b in spans), (name, phrase)
        citations = {h.citation for h in hits if h.source == name}
        assert citations == {f"{name}:{a}" if a == b else f"{name}:{a}-{b}" for a, b in spans}


def test_every_hit_of_the_pdf_carries_the_page_its_paragraph_starts_on(index: SearchIndex) -> None:
    raw = _raw("report.pdf")
    hits = [h for h in index.search('"白茶" OR "幸福食堂"', limit=None).hits if h.source == "report.pdf"]
    assert {h.page for h in hits} == {1, 2}
    assert all(h.page == raw.pages[h.line - 1] for h in hits)
    assert all(h.page is None for h in index.search('"幸福食堂"', limit=None).hits if h.source != "report.pdf")


def test_the_numbered_styles_read_alone_are_those_of_the_whole_styles_part() -> None:
    for name in ("report.docx", "report-lo.docx"):
        styles = zipfile.ZipFile(io.BytesIO((FIXTURES / name).read_bytes())).read("word/styles.xml")
        alone = [style.get(W + "styleId") for style in _numbered_styles(styles)]
        assert alone == [style.get(W + "styleId") for style in _all_numbered(styles)] and "ListNumber" in alone
