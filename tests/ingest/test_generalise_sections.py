"""Front matter as real pages write it: a page heading repeating the document's title, a title
followed by a line wrapped at the page width, a short unnumbered line before the first section."""

from __future__ import annotations

from search.ingest.document import build_document
from search.models import Document, RawFile


def document(text: str) -> Document:
    return build_document(RawFile("x.txt", text, "utf-8", "0"))


def sections(doc: Document) -> dict[int, str]:
    return {p.line: p.section for p in doc.paragraphs}


def test_a_repeated_title_is_front_matter_and_opens_no_section() -> None:
    doc = document("\n".join([
        "青禾镇2021年工作总结暨2022年工作打算",
        "青禾镇2021年工作总结暨2022年工作打算",
        "2021年,我镇在县委的领导下稳步推进各项工作。",
        "一、2021年工作回顾",
        "全年新修道路十二公里。",
    ]))
    assert sections(doc) == {1: "前言", 2: "前言", 3: "前言", 4: "工作总结", 5: "工作总结"}
    assert doc.year == 2021


def test_a_line_broken_at_the_page_width_is_no_heading() -> None:
    """A wrapped sentence naming the reviewed year once read as a review heading."""
    doc = document("\n".join([
        "青禾镇农业办年度工作总结",
        "2021 年,镇农业办在镇党委、政府的坚强领导下,在",
        "县农业农村局的悉心指导下,围绕全镇中心工作,现将",
        "一年来的工作情况总结如下。",
        "一、抓好春耕生产",
        "全年推广良种八千亩。",
    ]))
    assert [sections(doc)[n] for n in (2, 3, 4, 5)] == ["前言", "前言", "前言", "工作总结"]


def test_an_unnamed_short_line_before_the_first_section_stays_front_matter() -> None:
    """Only a heading that names a section, or a numbered one, ends the preface."""
    doc = document("\n".join([
        "青禾镇政府工作报告",
        "政 府 工 作 报 告",
        "——在青禾镇第五届人民代表大会第三次会议上",
        "各位代表:",
        "现在,我代表镇人民政府向大会报告工作,请予审议。",
        "一、过去一年的工作回顾",
        "全镇生产总值增长百分之六。",
    ]))
    assert [sections(doc)[n] for n in range(1, 8)] == ["前言"] * 5 + ["工作总结"] * 2
