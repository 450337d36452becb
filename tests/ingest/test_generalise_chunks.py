"""Page chunks of a document-sharing site: each piece cites the chunk lines it lies on."""

from __future__ import annotations

from search.ingest.document import build_document
from search.models import Document, RawFile

CHUNKS = "\n".join([
    "1、青禾镇2023年工作要点 2023年是实施五年规划的关键之年。全镇将坚持稳中求进,按照做强产业、做美环境的"
    "思路,全力推动高质量发展。一、做强产业 1.扩大茶叶基地。新建标准茶园五百亩,引导茶农改良品种,完成低产",
    "2、茶园改造三百亩;培育茶叶合作社两家。2.发展林下养殖。新增养鸡大户十户,养蜂大户五户。二、做美环境 "
    "3.整治村容村貌。完成三个村的污水管网建设,全面推行垃圾分类,保持场镇干净整洁,建设宜居",
    "3、乡村。4.加大绿化投入。沿主干道栽种行道树八公里。三、做实民生 5.办好民生实事。新建村级幼儿园一所,"
    "改造农村公路二十公里,为群众办好十件实事。",
])


def document(text: str) -> Document:
    return build_document(RawFile("chunks.txt", text, "utf-8", "0"))


def spans(doc: Document) -> list[tuple[int, int | None, str, str]]:
    return [(p.line, p.end_line, p.section, p.text[:4]) for p in doc.paragraphs]


def test_each_piece_of_joined_chunks_cites_the_lines_it_lies_on() -> None:
    doc = document(CHUNKS)
    assert spans(doc) == [
        (1, None, "前言", "青禾镇2"), (1, None, "前言", "2023"), (1, None, "工作计划", "一、做强"),
        (1, 2, "工作计划", "1.扩大"), (2, None, "工作计划", "2.发展"), (2, None, "工作计划", "二、做美"),
        (2, 3, "工作计划", "3.整治"), (3, None, "工作计划", "4.加大"), (3, None, "工作计划", "三、做实"),
        (3, None, "工作计划", "5.办好"),
    ]


def test_a_title_piece_on_the_first_chunk_does_not_mark_the_later_chunks_as_front_matter() -> None:
    doc = document(CHUNKS)
    front = {n for p in doc.paragraphs if p.section == "前言" for n in range(p.line, (p.end_line or p.line) + 1)}
    assert front == {1}


def test_pieces_keep_every_character_and_distinct_citations() -> None:
    doc = document(CHUNKS)
    ids = [p.id for p in doc.paragraphs]
    assert len(set(ids)) == len(ids) and ids[:5] == [
        "chunks.txt:1", "chunks.txt:1.1", "chunks.txt:1.2", "chunks.txt:1.3", "chunks.txt:2.1"]
    joined = "".join(line.split("、", 1)[1] for line in CHUNKS.split("\n"))
    assert "".join(p.text for p in doc.paragraphs) == joined.replace(" ", "")
