"""A town written without its suffix, and names that must not become a town."""

from __future__ import annotations

from search.ingest.document import build_document
from search.models import Document, RawFile


def document(text: str) -> Document:
    return build_document(RawFile("x.txt", text, "utf-8", "0"))


def test_a_bare_place_name_repeated_with_the_texts_division_words_is_the_town() -> None:
    doc = document("\n".join([
        "乡政府工作汇报",
        "尊敬的各位领导:",
        "蒲洼是山区的一个小乡,全乡共有十个村。",
        "今年以来,乡党委带领干部群众真抓实干,来到蒲洼的客商逐年增多。",
        "一、主要工作",
        "全乡粮食产量稳定。",
    ]))
    assert (doc.town, doc.town_checked) == ("蒲洼乡", True)


def test_listed_or_quoted_or_common_names_are_no_town() -> None:
    """Villages are listed, brands quoted, and a common word (团结) is no bare place name."""
    doc = document("\n".join([
        "乡政府工作汇报",
        "全乡在蒲洼、南窖、香营三个村建成茶园,打造“蒲洼”品牌。",
        "乡党委团结带领全乡干部,团结是我们最大的力量。",
        "一、主要工作",
        "全乡粮食产量稳定,蒲洼、南窖两村增收明显。",
    ]))
    assert doc.town == ""
