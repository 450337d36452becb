"""The whole ingest pipeline as one function: a decoded file becomes a Document.

Each step is a stage module of this package, in the order a report passes through them:
clean (site furniture out, every dropped line kept by number), layout (paragraphs as the report
wrote them, whatever an export did to its lines), title and date, the headings, the kind of
report, its years, its town and place, and last the section of every paragraph. A sidecar's
values (`NAME.meta.toml`) override what the text says. `read_document` and `parse_corpus` run
the pipeline from disk and turn a file that breaks it into a named `Skipped`, so one odd file
never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from search.ingest import rules as R
from search.ingest.boilerplate import file_shapes, recurring, recurring_in
from search.ingest.clean import Cleaned, clean
from search.ingest.corpus import find_files, load
from search.ingest.furniture import is_news_frame, site_titles
from search.ingest.layout import repair
from search.ingest.metadata import Years, find_date, find_kind, find_years
from search.ingest.sections import Context, file_title, find_title, heading_of, section_of, sectioned
from search.ingest.town import find_place
from search.models import Document, Hints, Line, RawFile, Skipped
from search.normalize import normalize

DATED_FORMATS = frozenset({"html"})
"""Formats whose metadata date is the publication date (a page's PubDate), stronger than a date
the text gives; elsewhere (a DOCX's creation date) the text's date wins."""


def build_document(raw: RawFile) -> Document:
    """A decoded file → its Document: metadata, and every paragraph with its section."""
    cleaned = clean(raw.text)
    cleaned = Cleaned(repair(cleaned.content), cleaned.boilerplate)
    overrides = raw.overrides
    title_line = find_title(cleaned.content)
    hints = raw.hints
    from_site = site_titles(cleaned.boilerplate)
    title = (overrides.title or hints.title or (title_line.text if title_line else None)
             or file_title(cleaned.boilerplate) or next(iter(from_site), None))
    trusted = hints.date if raw.format in DATED_FORMATS else None
    date = overrides.date or trusted or find_date(cleaned.content) or hints.date
    headings = [(line, heading_of(line.text)) for line in cleaned.content]
    level1 = [
        (h.norm_label, section_of(h.norm_label))
        for line, h in headings
        if h and (h.level == 1 or (h.level == 0 and section_of(h.norm_label))) and line is not title_line
    ]
    title_norm = normalize(title_line.text) if title_line else None
    opening = [line.text for line in cleaned.content[: R.FRONT_MATTER_LINES] if normalize(line.text) != title_norm]
    start = cleaned.content[0].number if cleaned.content else 0
    framing = [line.text for line in cleaned.boilerplate if line.number < start and is_news_frame(line.text)]
    kind = find_kind(title, framing + opening, {section for _, section in level1 if section})
    body = [line.text for line in cleaned.content if line is not title_line]
    years = find_years(kind, title, level1, date, " ".join(opening[:2]), body,
                       title_line is not None or bool(overrides.title))
    if overrides.year is not None:
        years = Years(overrides.year, overrides.year + (0 if kind == "阶段总结" else 1), None)
    place = find_place(cleaned.content, cleaned.boilerplate + _hint_lines(hints), title, overrides.town, from_site)
    context = Context(title_line, years, kind, place.town)
    paragraphs = sectioned(raw.source, headings, context, overrides)
    return Document(
        raw.source, raw.encoding, raw.sha256, place.town, years.year, title, date, tuple(paragraphs),
        county=place.county, city=place.city, province=place.province, division_code=place.code,
        town_checked=place.checked, kind=kind, year_doubt=years.doubt, dropped=cleaned.boilerplate,
        format=raw.format, url=hints.url, pages=max(raw.pages, default=0), publisher=hints.publisher,
        page_of=raw.pages,
    )


def _hint_lines(hints: Hints) -> tuple[Line, ...]:
    """The publisher a file names, as a page's own 发布机构 line would say it: evidence of the
    town or county it speaks for (line 0: no line of the text)."""
    return (Line(0, f"发布机构：{hints.publisher}"),) if hints.publisher else ()


def read_document(root: Path, source: str, follow: bool = False) -> Document | Skipped:
    """The Document of one corpus file, or why it was skipped (a failure named, not raised)."""
    try:
        raw = load(root, source, follow)
        return raw if isinstance(raw, Skipped) else build_document(raw)
    except Exception as exc:  # noqa: BLE001 - reported per file
        return failed(source, exc)


def failed(source: str, exc: Exception) -> Skipped:
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return Skipped(source, f"could not be processed ({type(exc).__name__}{': ' + detail if detail else ''})")


def parse_corpus(corpus: Path, follow: bool = False) -> Iterable[Document | Skipped]:
    """Every document of a corpus, structured but not segmented: what `search docs` lists; the
    corpus's recurring margin lines dropped as a build drops them."""
    found = find_files(corpus, follow)
    shapes = recurring(file_shapes(corpus, [item for item in found if isinstance(item, str)], follow).values())
    for item in found:
        if isinstance(item, Skipped):
            yield item
            continue
        with recurring_in(shapes):
            document = read_document(corpus, item, follow)
        yield document
