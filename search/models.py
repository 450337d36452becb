"""Plain frozen records passed between pipeline stages; no stage-specific logic lives here."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.sources import file_of
from search.vocabulary import SECTIONS


@dataclass(frozen=True)
class Overrides:
    """Corrections from a sidecar NAME.meta.toml."""

    town: str | None = None
    year: int | None = None
    title: str | None = None
    date: str | None = None
    sections: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Hints:
    """What a published file says of itself beside its text (an HTML page's metadata, a DOCX's
    core properties): weaker than a sidecar, stronger than what the text suggests."""

    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class RawFile:
    """A decoded corpus file, before any cleaning. `text` is what citations number: the file's
    own lines for text, the extracted lines for other formats (`format`), with the page of each
    line in `pages` for a PDF."""

    source: str
    text: str
    encoding: str
    sha256: str
    overrides: Overrides = Overrides()
    format: str = "txt"
    pages: tuple[int, ...] = ()
    hints: Hints = Hints()
    furniture: int = 0
    """Lines a reader dropped as page furniture (navigation, running headers) before the text."""
    full_rows: frozenset[int] | None = None
    """Lines a reader saw reach the text's right margin and run on (a PDF's wrapped rows); None
    when the format has no such geometry, and layout repair guesses from the text."""


@dataclass(frozen=True)
class Skipped:
    """A corpus file that was not indexed, and why. `sidecar` marks a file whose sidecar is
    broken, `unreadable` one (or a folder, its source ending in /) that could not be read: the
    last good version stays indexed until it is mended, and the run fails."""

    source: str
    reason: str
    sidecar: bool = False
    unreadable: bool = False

    @property
    def keeps_previous(self) -> bool:
        return self.sidecar or self.unreadable


@dataclass(frozen=True)
class Line:
    """A content line that survived cleaning, with its 1-based line number in the file."""

    number: int
    text: str
    end: int | None = None
    """The last line of a paragraph reflowed from several lines."""
    part: int = 0
    """Which piece of a line cut at its heading markers (0 for a whole line)."""


@dataclass(frozen=True)
class Paragraph:
    source: str
    line: int
    order: int
    text: str
    section: str
    heading: tuple[str, ...]
    town: str | None
    year: int | None
    about_year: int | None = None
    """The year this paragraph's content is about: the reviewed year, or the planned year."""
    end_line: int | None = None
    """The last file line a reflowed paragraph came from; None when it is one line."""
    part: int = 0

    @property
    def id(self) -> str:
        """`source:line`, and `source:line.part` for the later pieces of a cut line."""
        return f"{self.source}:{self.line}" + (f".{self.part}" if self.part else "")


@dataclass(frozen=True)
class Document:
    source: str
    encoding: str
    sha256: str
    town: str | None
    year: int | None
    title: str | None
    date: str | None
    paragraphs: tuple[Paragraph, ...]
    county: str = ""
    city: str = ""
    province: str = ""
    division_code: str = ""
    town_checked: bool = False
    """True when the town is an official name from the gazetteer."""
    kind: str = "其他"
    year_doubt: str | None = None
    dropped: tuple[Line, ...] = ()
    """Lines dropped as boilerplate, with their line numbers."""
    format: str = "txt"
    url: str | None = None
    """Where the report was published, from the file's own metadata."""
    pages: int = 0
    """A PDF's page count; 0 for formats without pages."""
    publisher: str | None = None
    page_of: tuple[int, ...] = ()
    """The page of each line of the extracted text (PDF only)."""

    def section_counts(self) -> dict[str, int]:
        counts = {name: 0 for name in SECTIONS}
        for paragraph in self.paragraphs:
            counts[paragraph.section] += 1
        return {name: n for name, n in counts.items() if n}


@dataclass(frozen=True)
class Hit:
    id: str
    source: str
    line: int
    town: str | None
    year: int | None
    section: str
    heading: tuple[str, ...]
    score: float
    text: str
    highlights: tuple[tuple[int, int], ...]
    county: str = ""
    city: str = ""
    province: str = ""
    kind: str = ""
    about_year: int | None = None
    end_line: int | None = None
    page: int | None = None
    """The PDF page the paragraph starts on; None for formats without pages."""

    @property
    def citation(self) -> str:
        """Where the paragraph is, as `search show` resolves it and grep would number it:
        `source:41`, `source:22-24` for a paragraph reflowed from several file lines, and
        `source:1.3` for a later piece of a line cut at its heading markers."""
        lines = f"{self.line}-{self.end_line}" if self.end_line and self.end_line != self.line else str(self.line)
        part = self.id[len(f"{self.source}:{self.line}"):]
        return f"{self.source}:{lines}{part}"


@dataclass(frozen=True)
class TermSplit:
    """How one unquoted or quoted term of a query was matched: shown by `--explain`."""

    term: str
    quoted: bool
    pieces: tuple[str, ...]
    literal: int
    apart: int


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    limit: int | None = None
    segments: tuple[TermSplit, ...] = ()
    hints: tuple[str, ...] = ()

    @property
    def truncated(self) -> bool:
        return len(self.hits) < self.total


@dataclass(frozen=True)
class IndexReport:
    """What one `search index` run did. `kept` are files whose sidecar broke: their previous
    version is still indexed. `published` is False when nothing changed (no new generation)."""

    indexed: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    paragraphs: int
    full: bool
    corpus: str = ""
    index: str = ""
    seconds: float = 0.0
    kept: tuple[Skipped, ...] = ()
    townless: tuple[str, ...] = ()
    published: bool = True


@dataclass(frozen=True)
class Member:
    """One paragraph of a group of copies, as `source:line` names it."""

    source: str
    line: int


@dataclass(frozen=True)
class Group:
    """Paragraphs with the same copied-text key (`search.index.copies`), one per member."""

    key: str
    members: tuple[Member, ...]

    def reports(self) -> int:
        """The files the members come from: the items of one collection page share the page's
        own text, which is no copy from one report to another."""
        return len({file_of(m.source) for m in self.members})


@dataclass(frozen=True)
class Listed:
    """Paragraphs of other reports, as a page shows them: the first few in source order, and how
    many there are in all (a template paragraph of a big corpus has thousands of copies)."""

    members: tuple[Member, ...] = ()
    total: int = 0


@dataclass(frozen=True)
class CopiesOf:
    """One paragraph's copies in the files other than its own: identical ones, near ones that
    are not identical, and whether any paragraph elsewhere shares its near key at all."""

    identical: Listed = Listed()
    near: Listed = Listed()
    templated: bool = False
