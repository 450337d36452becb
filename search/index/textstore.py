"""Per-segment files beside Whoosh's: normalised texts, memory-mapped, and per-paragraph columns.

For each Whoosh segment `MAIN_<id>` the index holds (names from `generations.GENERATION_FILES`)
  MAIN_<id>.texts      every paragraph's normalised text in UTF-8, each followed by a NUL;
  MAIN_<id>.cols       fixed-width arrays in native byte order: byte offsets into .texts, lengths
                       in characters, order in the report, file number, a code per facet field,
                       and whether the paragraph is only a heading;
  MAIN_<id>.docs.json  what the arrays are, the facet values the codes stand for, and the files
                       (source, first paragraph, paragraph count).
Opening maps the files and reads the small JSON; nothing proportional to the corpus is copied.
Nothing here is a pickle, so a shared index cannot run code. The names follow Whoosh's segment
pattern, so Whoosh deletes them with their segment. UTF-8 is self-synchronising: a byte search
for a UTF-8 needle finds exactly the character matches, so texts are searched without decoding.
"""

from __future__ import annotations

import json
import mmap
import os
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from search.index.generations import COLUMNS, HEADER, TEXTS

FORMAT = 2
SEPARATOR = b"\x00"
FIXED_COLUMNS: tuple[tuple[str, str], ...] = (("length", "I"), ("order", "I"), ("file", "I"))


@dataclass(frozen=True)
class Row:
    """One paragraph as the store keeps it; `facets` follows the store's facet field order."""

    norm: str
    source: str
    order: int
    facets: tuple[object, ...]
    heading_only: bool = False


def write(folder: Path, segment_id: str, facet_fields: tuple[str, ...], rows: Iterable[Row]) -> int:
    """Write the three files of a segment whose documents are `rows`, in document order."""
    starts = array("Q", [0])
    fixed = {name: array(code) for name, code in FIXED_COLUMNS}
    codes = {name: array("I") for name in facet_fields}
    flags = array("B")
    values: dict[str, dict[object, int]] = {name: {} for name in facet_fields}
    files: list[tuple[str, int, int]] = []
    chars = 0
    with open(folder / f"{segment_id}{TEXTS}", "wb") as texts:
        for number, row in enumerate(rows):
            data = row.norm.encode("utf-8") + SEPARATOR
            texts.write(data)
            starts.append(starts[-1] + len(data))
            if files and files[-1][0] == row.source:
                source, first, count = files[-1]
                files[-1] = (source, first, count + 1)
            else:
                files.append((row.source, number, 1))
            fixed["length"].append(len(row.norm))
            fixed["order"].append(row.order)
            fixed["file"].append(len(files) - 1)
            chars += len(row.norm)
            flags.append(row.heading_only)
            for name, value in zip(facet_fields, row.facets, strict=True):
                codes[name].append(values[name].setdefault(value, len(values[name])))
    columns: list[tuple[str, str, int, int]] = []
    position = 0
    with open(folder / f"{segment_id}{COLUMNS}", "wb") as handle:
        for name, column in [("start", starts), *fixed.items(), *codes.items(), ("heading_only", flags)]:
            columns.append((name, column.typecode, position, len(column)))
            column.tofile(handle)
            position += len(column) * column.itemsize
    header = {"format": FORMAT, "byteorder": sys.byteorder, "count": len(starts) - 1, "chars": chars,
              "files": files, "columns": columns,
              "values": {name: list(found) for name, found in values.items()}}
    (folder / f"{segment_id}{HEADER}").write_text(json.dumps(header, ensure_ascii=False), encoding="utf-8")
    return len(starts) - 1


def _map(handle: BinaryIO) -> mmap.mmap | bytes:
    try:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except ValueError:  # an empty file cannot be mapped
        return b""


def _map_path(path: Path) -> mmap.mmap | bytes:
    with open(path, "rb") as handle:
        return _map(handle)


class TextStore:
    """The texts and columns of one segment, read through memory maps."""

    def __init__(self, folder: Path, segment_id: str) -> None:
        header = json.loads((folder / f"{segment_id}{HEADER}").read_text(encoding="utf-8"))
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("byteorder") != sys.byteorder:
            raise ValueError(f"{segment_id}{HEADER} is of another format")
        self._texts = open(folder / f"{segment_id}{TEXTS}", "rb")
        self._data = _map(self._texts)
        self._columns_map = _map_path(folder / f"{segment_id}{COLUMNS}")
        view = memoryview(self._columns_map)
        self._views = [view]
        try:
            self.count: int = header["count"]
            self.chars: int = header["chars"]
            self.files: list[tuple[str, int, int]] = [tuple(f) for f in header["files"]]
            self.values: dict[str, list[object]] = header["values"]
            columns: dict[str, memoryview] = {}
            for name, code, position, length in header["columns"]:
                size = array(code).itemsize
                columns[name] = view[position : position + length * size].cast(code)
                self._views.append(columns[name])
            self.start = columns.pop("start")
            self.length = columns.pop("length")
            self.order = columns.pop("order")
            self.file = columns.pop("file")
            self.heading_only = columns.pop("heading_only")
        except (KeyError, TypeError, ValueError) as exc:
            self.close()
            raise ValueError(f"{segment_id}{HEADER} does not describe its columns ({exc})") from None
        self.codes: dict[str, memoryview] = columns

    def close(self) -> None:
        for view in reversed(self._views):
            view.release()
        for mapped in (self._data, self._columns_map):
            if isinstance(mapped, mmap.mmap):
                mapped.close()
        self._texts.close()

    def text(self, docnum: int) -> str:
        return self._data[self.start[docnum] : self.start[docnum + 1] - 1].decode("utf-8")

    def contains(self, docnum: int, needle: bytes) -> bool:
        return self._data.find(needle, self.start[docnum], self.start[docnum + 1] - 1) >= 0

    def occurrences(self, docnum: int, needle: bytes) -> int:
        return self._data[self.start[docnum] : self.start[docnum + 1] - 1].count(needle)

    def scan(self, needle: bytes) -> dict[int, int]:
        """Occurrences per paragraph of `needle`, over every paragraph: the file is read whole
        (not through the map, so its pages are not counted against the process) and split. It is
        read through the handle opened with the store, which stays valid when a later build
        removes the generation this reader is still answering from."""
        size = os.fstat(self._texts.fileno()).st_size
        texts = os.pread(self._texts.fileno(), size, 0).split(SEPARATOR)
        return {d: n for d, n in enumerate(text.count(needle) for text in texts[: self.count]) if n}

    def value(self, field: str, docnum: int) -> object:
        return self.values[field][self.codes[field][docnum]]

    def source(self, docnum: int) -> str:
        return self.files[self.file[docnum]][0]

    def rows(self, docnums: Iterable[int], facet_fields: tuple[str, ...]) -> Iterable[Row]:
        """The rows of `docnums`, as `write` takes them: for merging segments."""
        for d in docnums:
            yield Row(self.text(d), self.source(d), self.order[d], tuple(self.value(f, d) for f in facet_fields),
                      bool(self.heading_only[d]))
