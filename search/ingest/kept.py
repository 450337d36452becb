"""A build's extracted texts, kept between its passes by the hash of each file's bytes.

A build reads every file twice: once for the corpus-wide count of margin lines
(`boilerplate.file_shapes`), once to parse it. Decoding a text file twice costs nothing, but
extracting a PDF twice was the largest share of indexing a corpus of published formats. Within
`kept_between_passes` the first extraction is written to a scratch folder as JSON (never a pickle:
it is read back), named by the hash of the file's bytes, so a file changed in between is simply
extracted again; worker processes forked during the build inherit the folder. Outside a build
nothing is kept.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from search.models import Hints, RawFile

_folder: list[Path] = []


@contextmanager
def kept_between_passes() -> Iterator[None]:
    """Extracted texts kept for the duration of the block (a build), then removed."""
    folder = Path(tempfile.mkdtemp(prefix="search-extracted-"))
    _folder.append(folder)
    try:
        yield
    finally:
        _folder.remove(folder)
        shutil.rmtree(folder, ignore_errors=True)


def recall(sha256: str, source: str) -> RawFile | None:
    """The RawFile extracted earlier in this build from bytes of this hash, if any."""
    if not _folder:
        return None
    try:
        found = json.loads((_folder[-1] / f"{sha256}.json").read_text(encoding="utf-8"))
        full = found["full_rows"]
        return RawFile(source=source, text=found["text"], encoding=found["encoding"], sha256=sha256,
                       format=found["format"], pages=tuple(found["pages"]), hints=Hints(**found["hints"]),
                       furniture=found["furniture"], full_rows=None if full is None else frozenset(full))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep(raw: RawFile) -> None:
    """Keep `raw` for the rest of the build (written whole, then renamed into place)."""
    if not _folder:
        return
    record = {"text": raw.text, "encoding": raw.encoding, "format": raw.format, "pages": list(raw.pages),
              "hints": asdict(raw.hints), "furniture": raw.furniture,
              "full_rows": None if raw.full_rows is None else sorted(raw.full_rows)}
    path = _folder[-1] / f"{raw.sha256}.json"
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        partial.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
