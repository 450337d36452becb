"""Reports as they are published: one reader per format, chosen by the file's extension.

A reader takes a file's bytes and name and returns an `Extracted` record: the report's lines
(what citations number), the page of each line for a PDF, what the file says of itself (title,
date, web address, publisher) and how many lines of page furniture it left out. What it cannot
read raises `FormatError` with a one-line reason; the file is then skipped and named. Each
reader's library is imported only when a file of its format is read.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import PurePosixPath

from search.ingest.formats.base import Extracted, FormatError

READERS: dict[str, tuple[str, str]] = {
    ".html": ("html", "search.ingest.formats.html"),
    ".htm": ("html", "search.ingest.formats.html"),
    ".shtml": ("html", "search.ingest.formats.html"),
    ".docx": ("docx", "search.ingest.formats.docx"),
    ".pdf": ("pdf", "search.ingest.formats.pdf"),
    ".doc": ("doc", "search.ingest.formats.doc"),
    ".wps": ("doc", "search.ingest.formats.doc"),
}
"""Extension → (format name, module whose `read(data, name)` extracts it)."""

__all__ = ["READERS", "Extracted", "FormatError", "format_of", "extract", "readable"]


def format_of(name: str) -> str | None:
    """The format a file's extension names, None for text and for what no reader reads."""
    entry = READERS.get(PurePosixPath(name).suffix.lower())
    return entry[0] if entry else None


def readable(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in READERS


def extract(data: bytes, name: str) -> Extracted:
    _, module = READERS[PurePosixPath(name).suffix.lower()]
    try:
        result: Extracted = import_module(module).read(data, name)
    except FormatError:
        raise
    except (ValueError, KeyError, IndexError, OSError, RecursionError, MemoryError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else ""
        raise FormatError(f"unreadable ({type(exc).__name__}{': ' + detail if detail else ''})") from None
    return result
