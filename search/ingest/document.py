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
from dataclasses import replace
from pathlib import Path

from search.ingest import rules as R
from search.ingest.boilerplate import file_shapes, recurring, recurring_in
from search.ingest.clean import Cleaned, clean, file_lines
from search.ingest.collections import Survey, survey
from search.ingest.corpus import find_files, load
from search.ingest.furniture import is_news_frame, site_titles
from search.ingest.layout import repair
from search.ingest.metadata import Years, find_date, find_kind, find_years
from search.ingest.sections import Context, file_title, find_title, heading_of, section_of, sectioned
from search.ingest.town import find_place
from search.models import Document, Hints, Line, RawFile, Skipped
from search.normalize import normalize
from search.sources import file_of, part_source

DATED_FORMATS = frozenset({"html"})
"""Formats whose metadata date is the publication date (a page's PubDate), stronger than a date
the text gives; elsewhere (a DOCX's creation date) the text's date wins."""


def build_documents(raw: RawFile) -> tuple[Document, ...]:
    """A decoded file → its reports: one, or one per item of a page that collects several
    (`collections.py`), each named by `search.sources.part_source` and numbered by the file's
    lines. A site's list of other titles is set aside before any stage reads it, and counted
    with the dropped lines."""
    lines = file_lines(raw.text)
    found = survey(lines)
    titles = dict(found.titles)
    if not found.split:
        if not (found.page or found.toc or found.cuts):
            return (build_document(raw),)
        masked = _masked(raw, lines, 1, len(lines), found)
        return (_with_toc(build_document(masked, found.page, titles.get(min(titles, default=0))), found),)
    hints = replace(raw.hints, title=None)  # the page's title, not any item's
    starts = found.starts
    documents = []
    for item, start in enumerate(starts, start=1):
        first, last = (1 if item == 1 else start), (starts[item] - 1 if item < len(starts) else len(lines))
        part = replace(_masked(raw, lines, first, last, found), source=part_source(raw.source, item), hints=hints)
        document = build_document(part, found.page, titles.get(start))
        documents.append(_with_toc(document, found) if item == 1 else document)
    return tuple(documents)


def _masked(raw: RawFile, lines: list[str], start: int, end: int, found: Survey) -> RawFile:
    """`raw` with only lines `start`-`end` left, less the title list: the others blank, so that
    every line keeps its number in the file."""
    skip = {line.number for line in found.toc}
    cuts = dict(found.cuts)
    kept = [text[cuts.get(n, 0):] if start <= n <= end and n not in skip else ""
            for n, text in enumerate(lines, start=1)]
    return replace(raw, text="\n".join(kept))


def _with_toc(document: Document, found: Survey) -> Document:
    dropped = tuple(sorted(document.dropped + found.toc, key=lambda line: line.number))
    return replace(document, dropped=dropped)


def build_document(raw: RawFile, page: frozenset[int] = frozenset(), marked: str | None = None) -> Document:
    """A decoded file → its Document: metadata, and every paragraph with its section. `page`
    are lines the page wrote around the report (above a collection's first item): dropped, but
    read as the site's evidence of town and title, as cleaning's dropped lines are. `marked` is
    the title an item marker gives (篇二:某乡…总结), weaker than a title line of the report's own."""
    cleaned = clean(raw.text)
    if page:
        dropped = tuple(sorted(cleaned.boilerplate + tuple(line for line in cleaned.content if line.number in page),
                               key=lambda line: line.number))
        cleaned = Cleaned(tuple(line for line in cleaned.content if line.number not in page), dropped)
    cleaned = Cleaned(repair(cleaned.content, raw.full_rows), cleaned.boilerplate)
    overrides = raw.overrides
    title_line = find_title(cleaned.content)
    hints = raw.hints
    from_site = site_titles(cleaned.boilerplate)
    title = (overrides.title or hints.title or (title_line.text if title_line else None) or marked
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


def read_documents(root: Path, source: str, follow: bool = False) -> tuple[Document, ...] | Skipped:
    """The reports of one corpus file, or why it was skipped (a failure named, not raised)."""
    try:
        raw = load(root, source, follow)
        return raw if isinstance(raw, Skipped) else build_documents(raw)
    except Exception as exc:  # noqa: BLE001 - reported per file
        return failed(source, exc)


def read_document(root: Path, source: str, follow: bool = False) -> Document | Skipped:
    """One report by its source (`name` or a collection's `name#2`), or why it was skipped."""
    documents = read_documents(root, file_of(source), follow)
    if isinstance(documents, Skipped):
        return documents
    found = next((d for d in documents if d.source == source), None)
    return found if found is not None else Skipped(source, "the file no longer holds this report")


def failed(source: str, exc: Exception) -> Skipped:
    detail = str(exc).splitlines()[0] if str(exc) else ""
    return Skipped(source, f"could not be processed ({type(exc).__name__}{': ' + detail if detail else ''})")


def parse_corpus(corpus: Path, follow: bool = False) -> Iterable[Document | Skipped]:
    """Every document of a corpus, structured but not segmented: what `search docs` lists (each
    item of a collection page its own); the corpus's recurring margin lines dropped as a build
    drops them."""
    found = find_files(corpus, follow)
    shapes = recurring(file_shapes(corpus, [item for item in found if isinstance(item, str)], follow).values())
    for item in found:
        if isinstance(item, Skipped):
            yield item
            continue
        with recurring_in(shapes):
            documents = read_documents(corpus, item, follow)
        yield from (documents,) if isinstance(documents, Skipped) else documents
