"""Layout repair: one-line reports cut at their headings, hard-wrapped text joined again."""

from __future__ import annotations

from pathlib import Path

from search.ingest.corpus import read_file
from search.ingest.document import build_document
from search.ingest.layout import repair
from search.models import Document, Line, RawFile
from support import FIXTURES

FIXTURES = FIXTURES / "reports"


def fixture(name: str) -> Document:
    raw = read_file(FIXTURES / name, name)
    assert isinstance(raw, RawFile)
    return build_document(raw)


def test_a_report_on_one_line_is_cut_at_its_headings() -> None:
    doc = fixture("one_line.txt")
    assert doc.title == "白沙镇2021年工作总结" and (doc.town, doc.year, doc.kind) == ("白沙镇", 2021, "年度总结")
    pieces = [(p.id, p.section, p.text[:6]) for p in doc.paragraphs]
    assert pieces[0] == ("one_line.txt:1", "前言", "白沙镇202")
    assert pieces[2] == ("one_line.txt:1.2", "工作总结", "一、2021")
    assert [s for _, s, t in pieces if t.startswith("二、")] == ["存在问题"]
    assert [s for _, s, t in pieces][-3:] == ["工作计划"] * 3
    assert len({p.id for p in doc.paragraphs}) == len(doc.paragraphs)
    text = (FIXTURES / "one_line.txt").read_text(encoding="utf-8").strip()
    assert "".join(p.text for p in doc.paragraphs).replace(" ", "") == text.replace(" ", "")


def test_hard_wrapped_lines_are_joined_and_cite_their_line_range() -> None:
    doc = fixture("pdf_wrapped.txt")
    spans = {(p.line, p.end_line): p.section for p in doc.paragraphs}
    assert spans == {(1, None): "前言", (3, 5): "前言", (6, None): "工作总结", (7, 9): "工作总结",
                     (10, None): "存在问题", (11, 13): "存在问题", (14, None): "工作计划", (15, 17): "工作计划"}
    review = next(p for p in doc.paragraphs if p.line == 7)
    assert "流转土地一万二千亩" in review.text


def test_one_word_per_line_is_joined_but_a_few_short_lines_are_not() -> None:
    words = [Line(n, w) for n, w in enumerate(["全镇", "完成", "造林", "三千", "亩", "。"], start=1)]
    assert repair(tuple(words)) == (Line(1, "全镇完成造林三千亩。", end=6),)
    short = (Line(1, "附件:"), Line(2, "1."), Line(3, "名单"))
    assert repair(short) == short


def test_ordinary_lines_are_left_alone(seed) -> None:
    lines = tuple(Line(n, text.strip()) for n, text in enumerate(seed.lines, start=1) if text.strip())
    assert repair(lines) == lines


def test_page_chunks_that_cut_sentences_are_joined_and_cut_at_headings() -> None:
    text = (
        "1、2022年x镇政府工作报告各位代表:现在,我代表镇人民政府向大会报告工作,请予审议。一、2021年工作回顾"
        "2021年,全镇各项事业实现新发展,较好地完成了全年目标任务。预计2021年全镇可实现地区生产总值\n"
        "2、7.1亿元,地方财政收入完成1525万元。(一)经济发展更加强劲。外出招商7批次,签订过亿元项目3个,"
        "到位资金2.05亿元。(二)民生保障更加有力。新建幼儿园一所,改造农村公路二十公里。\n"
    )
    doc = build_document(RawFile("chunks.txt", text, "utf-8", "0" * 64))
    assert (doc.kind, doc.year) == ("政府工作报告", 2021)
    assert any("地区生产总值7.1亿元" in p.text for p in doc.paragraphs)
    sections = {p.text[:6]: p.section for p in doc.paragraphs}
    assert sections == {"2022年x": "前言", "各位代表:现": "前言", "一、2021": "工作总结", "(一)经济发": "工作总结",
                        "(二)民生保": "工作总结"}
    assert [p.id for p in doc.paragraphs][:2] == ["chunks.txt:1", "chunks.txt:1.1"]


def test_a_file_name_names_the_report_when_no_line_does() -> None:
    text = ("2022年x镇政府工作报告.docx\n上传时间:2023-04-08\n各位代表:现在,我代表镇人民政府向大会报告工作。\n"
            "一、2021年工作回顾\n全年完成各项任务。")
    doc = build_document(RawFile("f.txt", text, "utf-8", "0" * 64))
    assert (doc.title, doc.kind, doc.year) == ("2022年x镇政府工作报告", "政府工作报告", 2021)


def test_the_pieces_of_a_cut_line_are_indexed_and_shown_by_their_ids(tmp_path: Path) -> None:
    from search.engine.searcher import open_index
    from search.index.build import build_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one_line.txt").write_bytes((FIXTURES / "one_line.txt").read_bytes())
    build_index(corpus, tmp_path / "index", procs=1)
    with open_index(tmp_path / "index") as idx:
        focus, hits = idx.paragraph("one_line.txt:1.2")
        assert focus == "one_line.txt:1.2" and hits[0].text.startswith("一、2021年工作开展情况")
        first, _ = idx.paragraph("one_line.txt:1")
        assert first == "one_line.txt:1"
        found = idx.search("冷库", limit=None)
        assert [(h.id, h.section, h.county) for h in found.hits] == [("one_line.txt:1.3", "工作总结", "中牟县")]


def test_text_extracted_a_few_words_per_line_is_joined_into_sentences_and_cut_at_headings() -> None:
    lines = ["XX", "镇", "2023", "年政府工作报告", "各位代表:", "现在,我代表", "XX", "镇人民政府向大会报告工作,请",
             "予审", "议。", "一、2023年工作回顾", "今年以来,", "XX", "镇各项事业稳步发展。", "(一)经济运行稳中有升",
             "完成地区生产总值", "XX", "亿元,增长", "5%", ";", "1.", "特色农业提", "质扩量", "。"]
    doc = build_document(RawFile("f.txt", "\n".join(lines), "utf-8", "0" * 64))
    assert (doc.title, doc.kind, doc.year, doc.dropped) == ("XX镇2023年政府工作报告", "政府工作报告", 2023, ())
    assert [(p.id, p.end_line, p.section) for p in doc.paragraphs] == [
        ("f.txt:1", 5, "前言"), ("f.txt:1.1", 5, "前言"), ("f.txt:6", 10, "前言"), ("f.txt:11", 14, "工作总结"),
        ("f.txt:15", 20, "工作总结"), ("f.txt:21", 24, "工作总结")]
    assert doc.paragraphs[-1].text == "1.特色农业提质扩量。"


def test_a_short_report_of_short_headings_and_sentences_is_not_fragmented_text() -> None:
    lines = tuple(Line(n, t) for n, t in enumerate(
        ["2022年工作总结", "一、工作回顾", "一年来,坚持河长制。", "二、存在问题", "人手不足。", "三、下步打算",
         "补齐人手。"], start=1))
    assert repair(lines) == lines
