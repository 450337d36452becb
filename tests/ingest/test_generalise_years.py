"""Years as a careful reader tells them: a half-year plan, a congress report dated by its meeting."""

from __future__ import annotations

from search.ingest.document import build_document
from search.models import Document, RawFile


def document(text: str) -> Document:
    return build_document(RawFile("x.txt", text, "utf-8", "0"))


def test_a_second_half_plan_has_a_plan_year_and_no_reviewed_year() -> None:
    doc = document("\n".join([
        "2021年青禾镇下半年工作计划", "2021年下半年,我镇将重点抓好以下工作。", "一、抓好秋收秋种", "确保粮食丰收。",
    ]))
    assert (doc.kind, doc.year) == ("工作计划", None)
    assert {p.about_year for p in doc.paragraphs[1:]} == {2021}


def test_a_congress_report_reviews_the_year_before_its_meeting() -> None:
    doc = document("\n".join([
        "政府工作报告",
        "政 府 工 作 报 告",
        "青禾镇镇长 李明",
        "(2022年3月2日在青禾镇第八届人民代表大会第一次会议上)",
        "各位代表:",
        "现在,我代表镇人民政府向大会报告工作,请予审议。",
        "一、过去一年的工作回顾",
        "全镇生产总值稳步增长。",
    ]))
    assert (doc.kind, doc.year) == ("政府工作报告", 2021)
