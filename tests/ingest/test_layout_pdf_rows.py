"""PDF rows joined back into paragraphs by where they end on the page, not by how many
characters they hold: a row that reaches the right margin wrapped, a shorter one ended."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from search.ingest.corpus import load
from search.ingest.document import build_document
from search.ingest.formats import extract
from search.ingest.layout import repair
from search.models import Document, Line, RawFile

FONT, SIZE = "STSong-Light", 11.0
PAGE_WIDTH, PAGE_HEIGHT, MARGIN, LEADING = 595.0, 842.0, 72.0, 18.0
COLUMN = PAGE_WIDTH - 2 * MARGIN
NO_ROW_START = frozenset("。，、；：？！）”,.;:?!)")
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = "青石镇2023年工作总结"
PLAIN = ("这一年，全镇干部群众在镇党委的坚强领导下，围绕年初确定的目标任务，真抓实干，攻坚克难，"
         "经济社会各项事业都取得了新的进展，人民群众的获得感和幸福感不断增强，为今后的发展打下了"
         "坚实的基础，也积累了许多宝贵的经验。")
LATIN = ("全镇引进OEM和ODM代工企业各两家，铺设HDPE给水管道和PE燃气管道，建成WMS智能仓储平台和"
         "MES生产管理系统，农产品通过O2O和B2C渠道销往全国各地，带动周边群众稳定就业。")
AFTER_STOP = ("全镇上下齐心协力攻坚克难抢抓机遇推动产业转型升级取得明显成效全年经济运行稳中向好。"
              "另外镇里新建了一座文化广场和两处村级卫生室，方便了周边群众就医和休闲。")
ROUNDS_OFF = "对照年初目标和群众期盼，我们的工作还存在一些不足，需要在新的一年里认真解决的主要有"
PLAN = ("新的一年，我们将扩大茶叶种植规模，改造提升集镇老街，办好十件民生实事。各位代表，"
        "让我们团结一心，埋头苦干，为建设宜居宜业的美丽青石而努力奋斗，向全镇人民交出一份满意的答卷。")
REPORT: list[str | tuple[str, ...]] = [
    TITLE, "一、2023年工作回顾", PLAIN, PLAIN, LATIN, AFTER_STOP, "二、存在的问题", ROUNDS_OFF,
    "第一、产业基础仍然薄弱", PLAIN, ROUNDS_OFF, "（二）群众增收渠道还不宽", PLAIN, "三、2024年工作打算", PLAN,
]


def width(text: str) -> float:
    return float(pdfmetrics.stringWidth(text, FONT, SIZE))


def columns(text: str) -> int:
    """A row's length as plain text counts it: two columns a Chinese character, one a Latin."""
    return 2 * len(text) - len(text.encode("ascii", "ignore"))


def rows_of(paragraph: str, first: float) -> list[str]:
    """Rows as a word processor wraps Chinese: by drawn width, never starting a row with closing
    punctuation (which then hangs past the margin)."""
    rows, row, room = [], "", first
    for char in paragraph:
        if row and width(row + char) > room and char not in NO_ROW_START:
            rows.append(row)
            row, room = "", COLUMN
        row += char
    return [*rows, row]


def make_pdf(blocks: list[str | tuple[str, ...]], indent: float = 0.0) -> tuple[bytes, list[str]]:
    """Each paragraph wrapped at the column (its first row `indent` characters in), each tuple a
    table row of cells spread over the column; a page number under each page. Returns the PDF
    and its rows as drawn."""
    drawn: list[tuple[float, str] | tuple[str, ...]] = []
    for block in blocks:
        if isinstance(block, tuple):
            drawn.append(block)
            continue
        rows = rows_of(block, COLUMN - indent * SIZE)
        drawn.extend([(indent * SIZE, rows[0]), *((0.0, row) for row in rows[1:])])
    per_page = int((PAGE_HEIGHT - 2 * MARGIN) // LEADING)
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1)
    for number, start in enumerate(range(0, len(drawn), per_page), start=1):
        page.setFont(FONT, 9)
        page.drawCentredString(PAGE_WIDTH / 2, MARGIN / 2, f"- {number} -")
        page.setFont(FONT, SIZE)
        for index, item in enumerate(drawn[start : start + per_page]):
            y = PAGE_HEIGHT - MARGIN - LEADING * index
            if isinstance(item[0], float):
                page.drawString(MARGIN + item[0], y, str(item[1]))
            else:
                for cell, text in enumerate(item):
                    page.drawRightString(MARGIN + COLUMN * (cell + 1) / len(item), y, str(text))
        page.showPage()
    page.save()
    texts = [str(item[1]) if isinstance(item[0], float) else "".join(map(str, item)) for item in drawn]
    return out.getvalue(), texts


def parsed(tmp_path: Path, data: bytes) -> Document:
    (tmp_path / "report.pdf").write_bytes(data)
    raw = load(tmp_path, "report.pdf")
    assert isinstance(raw, RawFile)
    return build_document(raw)


def test_a_full_row_narrowed_by_latin_letters_is_a_wrap_and_a_row_wrapped_after_a_stop_runs_on(
        tmp_path: Path) -> None:
    data, rows = make_pdf(REPORT)
    latin_first = next(row for row in rows if LATIN.startswith(row))
    assert width(latin_first) > COLUMN - SIZE and columns(latin_first) < columns(rows[2]) - 4
    assert any(row.endswith("。") and AFTER_STOP.startswith(row) for row in rows)
    doc = parsed(tmp_path, data)
    texts = [p.text for p in doc.paragraphs]
    assert LATIN in texts and AFTER_STOP in texts
    assert texts.count(PLAIN) == 4
    assert {p.text: p.section for p in doc.paragraphs}[LATIN] == "工作总结"


def test_headings_are_never_joined_to_the_row_before_or_after_even_when_that_row_is_full(tmp_path: Path) -> None:
    data, rows = make_pdf(REPORT)
    assert ROUNDS_OFF in rows and width(ROUNDS_OFF) > COLUMN - SIZE
    doc = parsed(tmp_path, data)
    texts = [p.text for p in doc.paragraphs]
    at = texts.index(ROUNDS_OFF)
    assert texts[at - 1 : at + 6] == ["二、存在的问题", ROUNDS_OFF, "第一、产业基础仍然薄弱", PLAIN, ROUNDS_OFF,
                                      "（二）群众增收渠道还不宽", PLAIN]
    assert [p.section for p in doc.paragraphs[at - 1 : at + 6]] == ["存在问题"] * 7


def test_a_paragraph_its_rows_show_whole_is_cut_only_where_a_line_of_text_would_be(tmp_path: Path) -> None:
    doc = parsed(tmp_path, make_pdf(REPORT)[0])
    plan = [p for p in doc.paragraphs if p.section == "工作计划"]
    assert [p.text for p in plan] == ["三、2024年工作打算", PLAN]


def test_an_indented_row_opens_a_paragraph_after_a_full_row(tmp_path: Path) -> None:
    quoted = ("全镇开展“清洁家园”行动，发动群众清理房前屋后的垃圾杂物，整治乱堆乱放，村容村貌焕然一新，"
              "家家户户的院落都变得干净整洁，群众纷纷称赞说“这样的日子才叫舒心”。”")
    data, rows = make_pdf([TITLE, "一、主要工作", PLAIN, quoted, PLAIN, PLAIN], indent=2)
    last = next(row for row in rows if row.endswith("”。”"))
    assert width(last) > COLUMN - SIZE
    texts = [p.text for p in parsed(tmp_path, data).paragraphs]
    assert texts[2:] == [PLAIN, quoted, PLAIN, PLAIN]


def test_table_rows_and_narrow_columns_are_not_full_rows() -> None:
    table = [("指标", "2022年", "2023年"), ("茶叶种植面积（亩）", "4100", "5200"), ("村组道路硬化（公里）", "9", "14")]
    found = extract(make_pdf([TITLE, PLAIN, PLAIN, *table, PLAIN, PLAIN])[0], "t.pdf")
    assert found.full_rows is not None and found.full_rows
    tables = {n for n, line in enumerate(found.lines, start=1) if line.startswith(("指标", "茶叶", "村组"))}
    assert len(tables) == 3 and not tables & found.full_rows
    narrow = [f"第{n}项工作已经按期完成" for n in range(1, 30)]
    assert extract(make_pdf(narrow)[0], "n.pdf").full_rows is None


def test_the_layout_repair_joins_rows_it_is_told_are_full_and_guesses_without() -> None:
    rows = (Line(1, "全镇完成造林三千亩。"), Line(2, "另外新修道路两条。"), Line(3, "二、存在的问题"))
    assert repair(rows, frozenset({1, 2})) == (Line(1, "全镇完成造林三千亩。另外新修道路两条。", end=2), rows[2])
    assert repair(rows) == rows
