"""A file slow to read (a PDF of many pages) is seen to move: the build tells how far its read has
come, from whichever process reads it, and the progress line shows it.

The threshold after which a read is told is a constant the tests set to nothing (or to an hour),
so that no test depends on how fast the machine reads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from search.index import workers
from search.index.build import build_index

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PAGES = 12
OPENING = ["石桥镇2024年政府工作报告", "一、2023年工作回顾"]
LINE = "第{page}页：全镇修缮山塘水渠{page}处，新栽茶苗{page}百亩，村村通上了自来水。"
SMALL = "一、2023年工作回顾\n石桥镇新建便民服务点{n}个，整治河道{n}公里。\n"


def many_pages(pages: int = PAGES) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    for number in range(1, pages + 1):
        page.setFont(FONT, 12)
        lines = (OPENING if number == 1 else []) + [LINE.format(page=number)]
        for row, line in enumerate(lines):
            page.drawString(72, 760 - 20 * row, line)
        page.showPage()
    page.save()
    return out.getvalue()


@pytest.fixture
def told_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "READING_AFTER", 0.0)
    monkeypatch.setattr(workers, "READING_EVERY", 0.0)


def corpus_with(tmp_path: Path, small_files: int) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "厚报告.pdf").write_bytes(many_pages())
    for n in range(small_files):
        (corpus / f"small{n}.txt").write_text(SMALL.format(n=n + 1), encoding="utf-8")
    return corpus


def reads(told: list[tuple[str, int, int]]) -> list[list[int]]:
    """The pages of each read told, a read ending where its file is told done (0 of 0)."""
    runs: list[list[int]] = [[]]
    for _, page, pages in told:
        if pages:
            assert pages == PAGES
            runs[-1].append(page)
        else:
            runs.append([])
    assert runs[-1] == [], "every read is told done"
    return runs[:-1]


@pytest.mark.parametrize(("procs", "small_files"), [(1, 0), (2, 0), (2, 8)], ids=["in-process", "helper", "pool"])
def test_the_pages_of_a_slow_read_are_told_from_every_process_that_reads(
        tmp_path: Path, told_at_once: None, procs: int, small_files: int) -> None:
    told: list[tuple[str, int, int]] = []
    report = build_index(corpus_with(tmp_path, small_files), tmp_path / "index", procs=procs,
                         reading=lambda source, page, pages: told.append((source, page, pages)))
    assert "厚报告.pdf" in report.indexed and len(report.indexed) == 1 + small_files
    assert {source for source, _, _ in told} == {"厚报告.pdf"}, "text files have no pages to tell"
    runs = reads(told)
    assert runs and all(run == list(range(1, PAGES + 1)) for run in runs)


def test_a_read_quicker_than_the_threshold_is_not_told(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "READING_AFTER", 3600.0)
    told: list[tuple[str, int, int]] = []
    build_index(corpus_with(tmp_path, 0), tmp_path / "index", procs=1,
                reading=lambda source, page, pages: told.append((source, page, pages)))
    assert told == []


def test_the_progress_line_shows_how_far_a_slow_read_has_come(tmp_path: Path, told_at_once: None,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from search.cli import commands
    from search.cli.commands import _Progress

    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr(commands, "REDRAW", 0.0)
    progress = _Progress()
    build_index(corpus_with(tmp_path, 0), tmp_path / "index", procs=2, progress=progress, reading=progress.reading)
    progress.close()
    drawn = [line.replace("\x1b[K", "") for line in capsys.readouterr().err.split("\r")]
    told = [number for number, line in enumerate(drawn) if "厚报告.pdf" in line]
    assert any(drawn[n].endswith("files  reading 厚报告.pdf: page 5 of 12") for n in told)
    assert any(drawn[n].endswith(f"files  厚报告.pdf: {PAGES} pages read") for n in told)
    after = drawn[told[-1] + 1]
    assert "厚报告.pdf" not in after and after.rstrip().endswith("ETA 0 s"), "gone once it is done"
    assert not any("厚报告.pdf" in line for line in drawn if line.startswith("parsing")), "extracted once a build"
