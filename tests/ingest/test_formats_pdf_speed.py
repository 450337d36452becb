"""PDFs whose CJK font is not embedded: read with the project's box face, the same text as with
the machine's own CJK font, and never less of it."""

from __future__ import annotations

import ctypes
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from search.ingest.formats import extract
from search.ingest.formats.pdf_face import face
from tests.ingest.test_formats_pdf import PAGES, make_pdf

ROOT = Path(__file__).resolve().parents[2]
FONTS = ("STSong-Light", "MSung-Light", "HYSMyeongJo-Medium")
"""Not embedded, as reportlab writes them: the GB1, CNS1 and Korea1 collections."""
for _font in FONTS:
    pdfmetrics.registerFont(UnicodeCIDFont(_font))
LONE = ("。", "一", "㐀")
ROWS = ("一、二〇二三年工作回顾", "全鎮經濟平穩增長，完成了年度目標任務。", "。", "（一）", "3", "下一步工作打算：",
        "人口约1.2万人，面积45.6平方公里", "①②③", "ＡＢＣ１２３", "……", "·", "一", "丨", "〇")
READ = """
import json, sys
import search.ingest.formats.pdf as pdf
from search.ingest.formats import extract

mode, paths = sys.argv[1], sys.argv[2:]
if mode == "machine":
    pdf._cjk_fonts_as_boxes = lambda: ()
if mode == "no-fonts":
    import ctypes
    import pypdfium2.raw as c
    kinds = dict(c.FPDF_SYSFONTINFO._fields_)
    nothing = {"Release": None, "EnumFonts": None, "MapFont": None, "GetFont": None, "GetFontData": 0,
               "GetFaceName": 0, "GetFontCharset": 0, "DeleteFont": None}
    calls = {field: kinds[field](lambda *args, answer=answer: answer) for field, answer in nothing.items()}
    info = c.FPDF_SYSFONTINFO(version=1, **calls)
    c.FPDF_SetSystemFontInfo(ctypes.byref(info))
found = {}
for path in paths:
    read = extract(open(path, "rb").read(), path)
    found[path] = [list(read.lines), list(read.pages or ()), read.furniture]
print(json.dumps(found, ensure_ascii=False))
"""


def read_apart(mode: str, paths: list[Path]) -> dict[str, list[object]]:
    """Each file's lines, pages and furniture as a fresh process reads them: pdfium's fonts are
    the process's, set once."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", READ, mode, *map(str, paths)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    found: dict[str, list[object]] = json.loads(done.stdout)
    return found


def rows_pdf(font: str, rows: tuple[str, ...] = ROWS, decorated: bool = False) -> bytes:
    """Rows in two sizes; if decorated, a small Latin note beside every fourth row and a last row
    with a raised figure in it."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, 842))
    y = 790.0
    for number, row in enumerate(rows):
        page.setFont(font, 11 if number % 3 else 14)
        page.drawString(72 + number % 2 * 3, y, row)
        if decorated and number % 4 == 0:
            page.setFont("Helvetica", 7)
            page.drawString(300, y + 3, "No. 12")
        y -= 20
    if decorated:
        text = page.beginText(72, y)
        text.setFont(font, 11)
        text.textOut("面积")
        text.setRise(4)
        text.textOut("2")
        text.setRise(0)
        text.textOut("以内")
        page.drawText(text)
    page.showPage()
    page.save()
    return out.getvalue()


def test_a_one_character_row_is_kept_whatever_fonts_the_machine_has(tmp_path: Path) -> None:
    """With no CJK font to substitute, pdfium gives a lone character an empty box and leaves its
    run out of the text; the box face gives it one on every machine."""
    path = tmp_path / "lone.pdf"
    path.write_bytes(rows_pdf("STSong-Light", ("全镇完成了年度目标任务", *LONE, "下一步工作打算")))
    found = read_apart("no-fonts", [path])
    assert found[str(path)][0] == ["全镇完成了年度目标任务", *LONE, "下一步工作打算"]


def test_reports_read_the_same_with_the_box_face_as_with_the_machines_cjk_font(tmp_path: Path) -> None:
    paths = [tmp_path / "pages.pdf"]
    paths[0].write_bytes(make_pdf())
    for font in FONTS:
        paths.append(tmp_path / f"{font}.pdf")
        paths[-1].write_bytes(rows_pdf(font, decorated=True))
    machine, project = read_apart("machine", paths), read_apart("project", paths)
    if "。" not in machine[str(paths[1])][0]:
        pytest.skip("this machine has no CJK font to compare with")
    assert project == machine
    assert project[str(paths[0])][0] == [line.replace("|", "") for page in PAGES for line in page]


def test_a_cjk_font_named_but_not_embedded_is_read_with_the_box_face() -> None:
    """The face pdfium substituted, as it reports it: the project's, not a font of the machine."""
    data = rows_pdf("STSong-Light", ("全镇完成了年度目标任务",))
    assert extract(data, "a.pdf").lines[0] == "全镇完成了年度目标任务"
    document = pdfium.PdfDocument(data)
    try:
        textpage = document[0].get_textpage()
        used = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(textpage.raw, 0))
        size = ctypes.c_size_t()
        pdfium_c.FPDFFont_GetFontData(used, None, 0, ctypes.byref(size))
        buffer = (ctypes.c_uint8 * size.value)()
        pdfium_c.FPDFFont_GetFontData(used, buffer, size.value, ctypes.byref(size))
        textpage.close()
    finally:
        document.close()
    assert size.value == len(face()) and bytes(buffer) == face()
