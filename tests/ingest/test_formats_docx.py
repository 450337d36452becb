"""DOCX reports: automatic numbering rendered as the reader sees it, tables by row, bombs refused."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from search.ingest.corpus import load
from search.ingest.document import build_document
from search.ingest.formats import FormatError, extract
from search.ingest.formats.docx import chinese
from search.models import RawFile
from search.testing import temporary_index

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ABSTRACT = f"""<w:abstractNum {W_NS} w:abstractNumId="90">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""
NUM = f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
BODY: list[tuple[int | None, str]] = [
    (None, "泉溪镇2022年政府工作报告"),
    (None, "各位代表："),
    (0, "2022年工作回顾"),
    (1, "产业发展"),
    (2, "新建高标准农田两千亩，油茶低产林改造一千亩。"),
    (2, "引进农产品加工企业两家。"),
    (1, "民生保障"),
    (2, "完成农村危房改造三十户。"),
    (0, "存在的问题"),
    (None, "产业链条短，油茶精深加工能力不足。"),
    (0, "2023年工作安排"),
    (1, "做强特色产业"),
    (2, "扩大油茶种植规模，培育本地品牌。"),
]


def make_docx(body: list[tuple[int | None, str]] = BODY) -> bytes:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))
    numbering.append(parse_xml(NUM))
    document.sections[0].header.paragraphs[0].text = "泉溪镇人民政府文件 页眉"
    document.sections[0].footer.paragraphs[0].text = "第 1 页"
    for level, text in body:
        paragraph = document.add_paragraph(text)
        if level is not None:
            p_pr = paragraph._p.get_or_add_pPr()
            p_pr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    table = document.add_table(rows=2, cols=2)
    for row, (item, amount) in zip(table.rows, (("指标", "完成值"), ("农田", "两千亩")), strict=True):
        row.cells[0].text, row.cells[1].text = item, amount
    document.core_properties.title = "泉溪镇2022年政府工作报告"
    document.core_properties.created = datetime.datetime(2023, 1, 9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_numbering_is_rendered_from_the_numbering_definitions() -> None:
    lines = extract(make_docx(), "a.docx").lines
    assert lines[2:8] == ("一、2022年工作回顾", "（一）产业发展", "1.新建高标准农田两千亩，油茶低产林改造一千亩。",
                          "2.引进农产品加工企业两家。", "（二）民生保障", "1.完成农村危房改造三十户。")
    assert "二、存在的问题" in lines and "三、2023年工作安排" in lines
    assert lines[-1] == "农田 两千亩" and lines[-2] == "指标 完成值"
    assert not any("页眉" in line or "第 1 页" in line for line in lines)
    assert [chinese(n) for n in (10, 11, 20, 105)] == ["十", "十一", "二十", "一百零五"]


def test_a_docx_report_is_indexed_with_its_sections_and_citations(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "report.docx").write_bytes(make_docx())
    raw = load(root, "report.docx")
    assert isinstance(raw, RawFile) and raw.format == "docx"
    doc = build_document(raw)
    assert (doc.title, doc.town, doc.year, doc.format) == ("泉溪镇2022年政府工作报告", "泉溪镇", 2022, "docx")
    lines = raw.text.split("\n")
    section = {p.line: p.section for p in doc.paragraphs}
    assert section[lines.index("产业链条短，油茶精深加工能力不足。") + 1] == "存在问题"
    assert section[lines.index("1.扩大油茶种植规模，培育本地品牌。") + 1] == "工作计划"
    with temporary_index(root) as idx:
        hits = idx.search('"油茶"', limit=None).hits
        assert sorted(h.line for h in hits) == [n for n, line in enumerate(lines, start=1) if "油茶" in line]
        assert {h.citation for h in hits} == {f"report.docx:{h.line}" for h in hits}
        assert idx.documents()[0]["format"] == "docx"


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<" + b" " * (20 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(("data", "reason"), [
    (b"PK\x03\x04 truncated", "not a DOCX package"),
    (make_docx()[:2000], "not a DOCX package"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "not a DOCX package"),
])
def test_broken_docx_files_raise_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(FormatError, match=reason):
        extract(data, "x.docx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "bomb.docx").write_bytes(_bomb())
    skipped = load(root, "bomb.docx")
    assert not isinstance(skipped, RawFile) and "zip bomb" in skipped.reason


def test_a_heading_style_numbers_its_paragraphs_through_its_list() -> None:
    document = docx.Document(io.BytesIO(make_docx()))
    heading = document.styles["Heading 1"].element.get_or_add_pPr()
    heading.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    document.add_paragraph("保障措施", style="Heading 1")
    out = io.BytesIO()
    document.save(out)
    assert extract(out.getvalue(), "a.docx").lines[-1] == "四、保障措施"
