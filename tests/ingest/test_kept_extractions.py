"""A build extracts each published file once, though it reads every file twice (the corpus-wide
count of margin lines, then the parse); outside a build nothing is kept."""

from __future__ import annotations

import tempfile
from pathlib import Path

import docx
import pytest

from search.engine.searcher import open_index
from search.index.build import build_index
from search.ingest import formats, kept
from search.ingest.corpus import load

PARAGRAPHS = ("青石镇2022年工作总结", "一、2022年工作总结", "全镇新建产业路八公里,茶叶基地扩至两千亩。",
              "二、存在问题", "集体经济底子仍然薄弱。")


def make_docx(path: Path) -> None:
    document = docx.Document()
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    document.save(str(path))


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = formats.extract

    def extract(data: bytes, name: str) -> formats.Extracted:
        calls.append(name)
        return original(data, name)

    monkeypatch.setattr(formats, "extract", extract)
    return calls


def test_a_build_extracts_each_published_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_docx(corpus / "青石镇.docx")
    (corpus / "泉溪镇.txt").write_text("泉溪镇2021年工作总结\n一、2021年工作总结\n全镇召开屋场恳谈会十二场。\n",
                                       encoding="utf-8")
    calls = counting(monkeypatch)
    before = set(Path(tempfile.gettempdir()).glob("search-extracted-*"))
    build_index(corpus, tmp_path / "index", procs=1)
    assert calls == ["青石镇.docx"]
    assert set(Path(tempfile.gettempdir()).glob("search-extracted-*")) == before
    with open_index(tmp_path / "index") as idx:
        [hit] = idx.search('"茶叶基地"').hits
    assert (hit.source, hit.line, hit.section) == ("青石镇.docx", 3, "工作总结")


def test_a_file_changed_between_the_passes_is_extracted_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_docx(tmp_path / "a.docx")
    calls = counting(monkeypatch)
    with kept.kept_between_passes():
        first = load(tmp_path, "a.docx")
        again = load(tmp_path, "a.docx")
        document = docx.Document(str(tmp_path / "a.docx"))
        document.add_paragraph("三、2023年工作计划")
        document.save(str(tmp_path / "a.docx"))
        changed = load(tmp_path, "a.docx")
    assert first == again and changed != first and calls == ["a.docx", "a.docx"]
    load(tmp_path, "a.docx")
    assert len(calls) == 3
