"""PDF reports: the text layer rebuilt into lines, running headers and page numbers left out."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from search.ingest.corpus import load
from search.ingest.document import build_document
from search.ingest.formats import FormatError, extract
from search.models import RawFile
from search.testing import temporary_index

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
REVIEW = ("过去一年，全镇新修村组道路十五公里，油茶林改造面积达到三千亩，"
          "新建农产品冷链仓储中心一座，带动周边农户增收，群众满意度明显提高。")
PROBLEMS = ("油茶产业链条较短，精深加工能力不足，品牌影响力有待提升，"
            "基础设施短板依然存在，部分村组道路年久失修。")
PLANS = ("新的一年，我们将扩大油茶种植规模，办好群众关心的民生实事，"
         "持续改善农村人居环境，推动乡村全面振兴。")


def wrapped(text: str, width: int = 20) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


PAGES = [
    ["泉溪镇2023年政府工作报告", "各位代表：", "一、|2023|年工作回顾", *wrapped(REVIEW), "二、存在的问题",
     *wrapped(PROBLEMS)[:2]],
    [*wrapped(PROBLEMS)[2:], "三、2024年工作安排", *wrapped(PLANS)],
]


def make_pdf(pages: list[list[str]] = PAGES, encrypt: str | None = None) -> bytes:
    """Each line drawn at the left margin, pieces split at | drawn as separate runs (as exports
    do with numbers), under a running header and above a page number."""
    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=encrypt)
    for number, lines in enumerate(pages, start=1):
        page.setFont(FONT, 9)
        page.drawString(72, 800, "衡南县泉溪镇人民政府文件")
        page.drawCentredString(300, 40, f"- {number} -")
        page.setFont(FONT, 12)
        for row, line in enumerate(lines):
            x = 72.0
            for piece in line.split("|"):
                page.drawString(x, 760 - 20 * row, piece)
                x += pdfmetrics.stringWidth(piece, FONT, 12) + 3
        page.showPage()
    page.save()
    return out.getvalue()


def test_lines_come_from_the_text_layer_without_headers_page_numbers_or_stray_spaces() -> None:
    found = extract(make_pdf(), "a.pdf")
    assert found.lines[2] == "一、2023年工作回顾"
    assert list(found.lines) == [line.replace("|", "") for page in PAGES for line in page]
    assert not any("人民政府文件" in line or "-" in line for line in found.lines)
    assert found.furniture == 4 and found.page_count == 2
    assert found.pages == (1,) * len(PAGES[0]) + (2,) * len(PAGES[1])


def test_a_pdf_report_is_indexed_with_pages_sections_and_citations(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "泉溪镇.pdf").write_bytes(make_pdf())
    (root / "泉溪镇.meta.toml").write_text('date = "2024-01-12"\n', encoding="utf-8")
    raw = load(root, "泉溪镇.pdf")
    assert isinstance(raw, RawFile) and raw.format == "pdf" and raw.overrides.date == "2024-01-12"
    doc = build_document(raw)
    assert (doc.title, doc.town, doc.year, doc.pages, doc.date) == ("泉溪镇2023年政府工作报告", "泉溪镇", 2023, 2,
                                                                    "2024-01-12")
    across = next(p for p in doc.paragraphs if p.text.startswith("油茶产业链条较短"))
    assert (across.text, across.section) == (PROBLEMS, "存在问题")
    assert across.end_line is not None and (raw.pages[across.line - 1], raw.pages[across.end_line - 1]) == (1, 2)
    lines = raw.text.split("\n")
    with temporary_index(root) as idx:
        hits = idx.search('"油茶"', limit=None).hits
        scanned = [n for n, line in enumerate(lines, start=1) if "油茶" in line]
        assert len(hits) == 3 and f"泉溪镇.pdf:{across.line}-{across.end_line}" in {h.citation for h in hits}
        assert all(any(h.line <= n <= (h.end_line or h.line) for h in hits) for n in scanned)
        assert all(any(h.line <= n <= (h.end_line or h.line) for n in scanned) for h in hits)
        assert sorted(h.page for h in hits) == sorted(raw.pages[h.line - 1] for h in hits) == [1, 1, 2]
        row = idx.documents()[0]
    assert (row["format"], row["pages"]) == ("pdf", 2)


def _blank_pdf() -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.rect(100, 100, 200, 200, fill=1)
    page.showPage()
    page.save()
    return out.getvalue()


@pytest.mark.parametrize(("data", "reason"), [
    (b"<!DOCTYPE html><html><body>404 Not Found</body></html>", "not a PDF: it holds an HTML page"),
    (make_pdf()[:300], "corrupt or truncated"),
    (make_pdf(encrypt="secret"), "password-protected"),
    (_blank_pdf(), "no text layer: a scanned image\\? OCR it first"),
])
def test_unreadable_pdfs_are_skipped_with_one_line(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(FormatError, match=reason):
        extract(data, "x.pdf")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "x.pdf").write_bytes(data)
    skipped = load(root, "x.pdf")
    assert not isinstance(skipped, RawFile) and skipped.reason.startswith("not readable as PDF: ")
    assert "\n" not in skipped.reason
