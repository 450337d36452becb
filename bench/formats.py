"""The same reports as published formats: does a corpus of PDF, DOCX and HTML build like text?

    python -m bench.formats --n 1000              corpus once into bench-corpus/formats-1000, then measure
    python -m bench.formats --n 1000 --runs 3 --sample 30

Each report of the generated text corpus (`bench.generate`, bench-corpus/N) is written again, in
turn, as a PDF (reportlab, STSong-Light, lines wrapped at the page's width, a page number under
each page), a DOCX (python-docx, one paragraph a line, the title in its core properties) and an
HTML page (a government site's article template with its navigation and footer): a third each.

Measured:
- the whole `search index --full` of either corpus, CPU time of the process tree (the build and
  its pool workers, from `getrusage(RUSAGE_CHILDREN)`), text and formats alternating, `--runs`
  each; the ratio is formats over text, the target 1.5x;
- each reader on a sample of files per format, CPU time of `formats.extract`, the median of 5
  runs per file and then the median over files (PDF also per page); the DOC reader on the Word
  97 and WPS files in tests/fixtures/, made with LibreOffice;
- whether every formatted report parses to the town and year of its text twin.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.common import MANIFEST, corpus_sources

ROOT = Path(__file__).resolve().parents[1]
VERSION = 2
STAMP = ".formats.json"
FORMATS = ("pdf", "docx", "html")
DOC_FIXTURES = ROOT / "tests" / "fixtures" / "formats"
FONT = "STSong-Light"
FONT_SIZE = 11.0
PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0
MARGIN = 72.0
LEADING = 18.0
NO_ROW_START = frozenset("。，、；：？！）》」』”’,.;:?!)")
TITLE_MAX = 40
LINES_PER_PAGE = int((PAGE_HEIGHT - 2 * MARGIN) // LEADING)
TARGET_RATIO = 1.5
TARGET_MS = {"html": 10.0, "docx": 15.0, "doc": 15.0, "pdf": 15.0}
"""Milliseconds per file (per page for PDF) each reader should stay within."""
HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title} - 政务公开</title>
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{date}">
<link rel="canonical" href="https://www.example.gov.cn/xxgk/{stem}.html"></head>
<body><div class="header"><a href="/">首页</a> <a href="/xxgk/">政务公开</a> <a href="/hdjl/">互动交流</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; 计划总结</div>
<div class="article"><h1>{title}</h1>
<div class="info">发布日期：{date}　来源：{town}人民政府</div>
<div id="zoom">
{paragraphs}
</div>
<div class="share">分享到：微信 微博</div></div>
<div class="footer">主办单位：{town}人民政府　版权所有　网站标识码：0000000000</div>
</body></html>
"""


@dataclass(frozen=True)
class Twin:
    source: str
    text_source: str
    format: str
    town: str
    year: int


def pick_format(index: int) -> str:
    return FORMATS[index % len(FORMATS)]


def wrapped(line: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """A line cut into rows that fill `width`, as a word processor wraps Chinese: by the drawn
    width (digits and Latin letters are narrower), never starting a row with closing punctuation."""
    rows, row = [], ""
    for char in line:
        if row and measure(row + char) > width and char not in NO_ROW_START:
            rows.append(row)
            row = ""
        row += char
    return [*rows, row]


def write_pdf(lines: list[str], path: Path) -> None:
    """Lines wrapped at the text width as a PDF export wraps them, a page number under each page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))

    def measure(text: str) -> float:
        return float(pdfmetrics.stringWidth(text, FONT, FONT_SIZE))

    rows = [row for line in lines for row in wrapped(line, PAGE_WIDTH - 2 * MARGIN, measure)]
    pages = [rows[i : i + LINES_PER_PAGE] for i in range(0, len(rows), LINES_PER_PAGE)] or [[]]
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1)
    for number, rows_on_page in enumerate(pages, start=1):
        page.setFont(FONT, 9)
        page.drawCentredString(PAGE_WIDTH / 2, MARGIN / 2, f"- {number} -")
        page.setFont(FONT, FONT_SIZE)
        for row, text in enumerate(rows_on_page):
            page.drawString(MARGIN, PAGE_HEIGHT - MARGIN - LEADING * row, text)
        page.showPage()
    page.save()
    path.write_bytes(out.getvalue())


def title_of(lines: list[str]) -> str | None:
    """The report's first line when it reads as a title (short, not a sentence), else none: a
    generated report may open with its first paragraph."""
    first = lines[0] if lines else ""
    return first if 0 < len(first) <= TITLE_MAX and first[-1] not in "。：:；;，," else None


def write_docx(lines: list[str], path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = title_of(lines) or ""
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))


def write_html(lines: list[str], path: Path, twin: Twin) -> None:
    """The title, when the report has one, in the page's heading and metadata outside the article."""
    title = title_of(lines)
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in (lines[1:] if title else lines))
    page = HTML_PAGE.format(title=html.escape(title or ""), date=f"{twin.year + 1}-01-15", stem=Path(twin.source).stem,
                            town=html.escape(twin.town), paragraphs=body)
    if title is None:
        page = page.replace('<meta name="ArticleTitle" content="">', "")
    path.write_text(page, encoding="utf-8")


def _text_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _stamp(text_corpus: Path) -> dict[str, object]:
    manifest = (text_corpus / MANIFEST).read_bytes()
    return {"version": VERSION, "manifest": hashlib.sha256(manifest).hexdigest()}


def ensure_corpus(text_corpus: Path, out: Path) -> list[Twin]:
    """The formatted twins of `text_corpus` in `out`, written once: kept while the text corpus's
    manifest and this module's VERSION are unchanged."""
    stamp = _stamp(text_corpus)
    stamp_path = out / STAMP
    if stamp_path.is_file() and json.loads(stamp_path.read_text(encoding="utf-8")).get("stamp") == stamp:
        return [Twin(**row) for row in json.loads(stamp_path.read_text(encoding="utf-8"))["twins"]]
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    meta = {row["source"]: row for row in json.loads((text_corpus / MANIFEST).read_text(encoding="utf-8"))["reports"]}
    twins: list[Twin] = []
    started = time.perf_counter()
    for index, text_source in enumerate(corpus_sources(text_corpus)):
        kind = pick_format(index)
        source = f"{Path(text_source).stem}.{kind}"
        row = meta[text_source]
        twin = Twin(source, text_source, kind, row["town"], int(row["year"]))
        lines = _text_lines(text_corpus / text_source)
        if kind == "pdf":
            write_pdf(lines, out / source)
        elif kind == "docx":
            write_docx(lines, out / source)
        else:
            write_html(lines, out / source, twin)
        twins.append(twin)
    _log(f"wrote {len(twins)} reports as {', '.join(FORMATS)} in {time.perf_counter() - started:.0f} s")
    stamp_path.write_text(json.dumps({"stamp": stamp, "twins": [asdict(t) for t in twins]}, ensure_ascii=False),
                          encoding="utf-8")
    return twins


def build_cpu(corpus: Path, work: Path) -> tuple[float, float]:
    """CPU seconds (user + system) of a whole `search index --full` and its pool, and its wall time."""
    index = work / "index"
    shutil.rmtree(index, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "search", "index", "--corpus", str(corpus), "--index", str(index),
                    "--full", "--force"], cwd=ROOT, env=_env(), check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def alternate_builds(text_corpus: Path, formats_corpus: Path, runs: int) -> dict[str, list[float]]:
    """Text, formats, text, formats …: the machine's load falls on both alike."""
    cpu: dict[str, list[float]] = {"txt": [], "formats": [], "txt_wall": [], "formats_wall": []}
    with tempfile.TemporaryDirectory(prefix="bench-formats-") as scratch:
        for run in range(runs):
            for name, corpus in (("txt", text_corpus), ("formats", formats_corpus)):
                seconds, wall = build_cpu(corpus, Path(scratch))
                cpu[name].append(seconds)
                cpu[f"{name}_wall"].append(wall)
                _log(f"build {run + 1}/{runs} {name}: {seconds:.1f} s CPU, {wall:.1f} s wall")
    return cpu


def cpu_ms(call: Callable[[], object], repeat: int) -> float:
    """Median CPU milliseconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        call()
        times.append(time.process_time() - started)
    return 1000 * statistics.median(times)


def reader_medians(corpus: Path, twins: list[Twin], sample: int, repeat: int) -> dict[str, dict[str, float]]:
    """Per format: the median over sampled files of each file's median CPU time."""
    from search.ingest.formats import extract

    files: dict[str, list[Path]] = {kind: [] for kind in (*FORMATS, "doc")}
    for kind in FORMATS:
        chosen = [t for t in twins if t.format == kind]
        step = max(1, len(chosen) // sample)
        files[kind] = [corpus / t.source for t in chosen[::step][:sample]]
    files["doc"] = sorted(p for p in DOC_FIXTURES.glob("*") if p.suffix in (".doc", ".wps"))
    medians: dict[str, dict[str, float]] = {}
    for kind, paths in files.items():
        per_file, per_page, sizes = [], [], []
        for path in paths:
            data = path.read_bytes()
            found = extract(data, path.name)
            ms = cpu_ms(lambda data=data, name=path.name: extract(data, name), repeat)  # type: ignore[misc]
            per_file.append(ms)
            per_page.append(ms / max(found.page_count, 1))
            sizes.append(len(data))
        if per_file:
            medians[kind] = {"files": len(per_file), "ms_per_file": statistics.median(per_file),
                             "ms_per_page": statistics.median(per_page), "max_ms_per_file": max(per_file),
                             "median_kb": statistics.median(sizes) / 1024}
    return medians


def twins_agree(corpus: Path, text_corpus: Path, twins: list[Twin]) -> dict[str, int]:
    """How many formatted reports parse as their text twin does (a PDF's wrapped lines joined
    back, a page's article found)."""
    agree = {kind: 0 for kind in FORMATS}
    for twin in twins:
        mine, theirs = _parsed(corpus, twin.source), _parsed(text_corpus, twin.text_source)
        if mine is not None and theirs is not None and _same(mine, theirs):
            agree[twin.format] += 1
    return agree


Parsed = tuple[tuple[str, int | None, str], dict[str, int]]


def _parsed(corpus: Path, source: str) -> Parsed | None:
    from search.ingest.corpus import load
    from search.ingest.document import build_document
    from search.models import RawFile

    raw = load(corpus, source)
    if not isinstance(raw, RawFile):
        _log(f"{source} skipped: {raw.reason}")
        return None
    try:
        doc = build_document(raw)
    except Exception as exc:  # noqa: BLE001 - the build skips such a file too; name it and go on
        _log(f"{source} could not be processed: {type(exc).__name__}: {exc}")
        return None
    sections: dict[str, int] = {}
    for paragraph in doc.paragraphs:
        sections[paragraph.section] = sections.get(paragraph.section, 0) + len(paragraph.text)
    return (doc.town, doc.year, doc.kind), sections


def _same(mine: Parsed, theirs: Parsed) -> bool:
    """Town, year and kind equal, and each section but 前言 (a page's title stands outside its
    article) within 2 % of its characters."""
    body = [section for section in theirs[1] if section != "前言"]
    if mine[0] != theirs[0] or set(mine[1]) - {"前言"} != set(body):
        return False
    return all(abs(mine[1][s] - theirs[1][s]) <= 0.02 * max(theirs[1][s], 50) for s in body)


def report(results: dict[str, object]) -> str:
    cpu = results["builds"]
    assert isinstance(cpu, dict)
    ratios = [f / t for t, f in zip(cpu["txt"], cpu["formats"], strict=True)]
    lines = [] if not ratios else [f"whole build, CPU of the process tree ({len(ratios)} alternating runs each):",
             f"  txt      {' '.join(f'{s:6.1f}' for s in cpu['txt'])} s",
             f"  formats  {' '.join(f'{s:6.1f}' for s in cpu['formats'])} s",
             f"  ratio    {' '.join(f'{r:6.2f}' for r in ratios)}  median {statistics.median(ratios):.2f}x "
             f"(target <= {TARGET_RATIO}x)"]
    lines.append("readers, CPU ms (median over files of each file's median):")
    medians = results["readers"]
    assert isinstance(medians, dict)
    for kind, row in medians.items():
        unit = "a page" if kind == "pdf" else "a file"
        value = row["ms_per_page"] if kind == "pdf" else row["ms_per_file"]
        lines.append(f"  {kind:5} {row['files']:3.0f} files  {row['ms_per_file']:6.2f} ms a file  "
                     f"{row['ms_per_page']:6.2f} ms a page  max {row['max_ms_per_file']:6.1f} ms  "
                     f"{row['median_kb']:6.1f} KB  target {unit} <= {TARGET_MS[kind]:.0f} ms: "
                     f"{'met' if value <= TARGET_MS[kind] else 'MISSED'}")
    agree = results["agree"]
    assert isinstance(agree, dict)
    if agree:
        lines.append("parsed as the text twin (town, year, kind, characters per section): " + ", ".join(
            f"{kind} {count}/{results['counts'][kind]}" for kind, count in agree.items()))  # type: ignore[index]
    return "\n".join(lines)


def _log(message: str) -> None:
    print(f"[formats] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.formats", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="reports (the text corpus bench-corpus/N)")
    parser.add_argument("--runs", type=int, default=3, help="builds of each corpus, alternating (default 3)")
    parser.add_argument("--sample", type=int, default=30, help="files per format timed alone (default 30)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per file timed alone (default 5)")
    parser.add_argument("--no-builds", action="store_true", help="only the readers and the town/year check")
    parser.add_argument("--builds-only", action="store_true", help="only the alternating builds")
    parser.add_argument("--json", type=Path, help="write the figures here (default bench-corpus/formats-N.json)")
    args = parser.parse_args(argv)
    text_corpus = ROOT / "bench-corpus" / str(args.n)
    if not (text_corpus / MANIFEST).is_file():
        from bench import generate

        generate.main(["--n", str(args.n), "--out", str(text_corpus)])
    formats_corpus = ROOT / "bench-corpus" / f"formats-{args.n}"
    twins = ensure_corpus(text_corpus, formats_corpus)
    results: dict[str, object] = {
        "reports": len(twins),
        "counts": {kind: sum(t.format == kind for t in twins) for kind in FORMATS},
        "megabytes": {kind: round(sum((formats_corpus / t.source).stat().st_size for t in twins
                                      if t.format == kind) / 2**20, 1) for kind in FORMATS},
        "readers": {} if args.builds_only else reader_medians(formats_corpus, twins, args.sample, args.repeat),
        "agree": {} if args.builds_only else twins_agree(formats_corpus, text_corpus, twins),
        "builds": {"txt": [], "formats": []} if args.no_builds else alternate_builds(text_corpus, formats_corpus,
                                                                                   args.runs),
        "load": os.getloadavg(),
    }
    destination = args.json or ROOT / "bench-corpus" / f"formats-{args.n}.json"
    destination.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
