"""Checksums of a generation's files: recorded when it is published, compared when it is opened.

As Lucene's codec footers and `git fsck` do, a build records the size and CRC-32 of every file of
a generation in its manifest (`checksums.json`), last before `CURRENT` names it. Every open
compares what is cheap to compare: each file's size (one `stat`), and the CRC of the files that
grow with the number of paragraphs rather than with their text (meta.json, the tables of contents,
the columns and their headers), which a query reads whole anyway. `search index --check` compares
every checksum. Whatever differs is `IndexDamaged`: one line naming the files and the command that
rebuilds the index without reading any of them (`search index --full`).

A file an update shares with the generation before it (a hard link: same inode) keeps the
checksum recorded when it was first written, never one computed again from what it holds now:
damage to a shared file is then found in both generations, and the hint never offers
`--rollback`, which would make the same damaged file live again.

CRC-32 (zlib) reads 1.4 GB/s here against BLAKE2b's 0.2 GB/s; it detects accidental damage,
which is all it is for.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search.errors import IndexDamaged
from search.index import generations as store

FORMAT = 1
CHUNK = 1 << 20
VERIFIED_ON_OPEN = (store.META, ".toc", store.COLUMNS, store.HEADER)
"""Files whose CRC every open compares: small beside the texts and segments, and read whole by a
query anyway."""
UNLISTED = (store.CHECKSUMS,)
DERIVED = (store.COPIES, store.STATS)
"""Files no answer of a query is read from: their damage does not stop queries. The copied-text
table's is reported when copies are asked for (`copies.DupesDamaged`); both are rebuilt by the
next build, which checks every file as an open does."""


@dataclass(frozen=True)
class Checked:
    """What `search index --check` verified of one generation."""

    generation: str
    files: int
    size: int
    damaged: tuple[str, ...]


def crc(path: Path) -> int:
    value = 0
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            value = zlib.crc32(block, value)
    return value


def manifest(generation: Path, previous: Path | None, corpus: str | None) -> str:
    """The size and CRC of every file of `generation`, as `checksums.json` records them; a file
    hard-linked from `previous` keeps the entry recorded there (see the module's docstring)."""
    inherited = _inherited(generation, previous)
    files: dict[str, list[int]] = {}
    for path in sorted(generation.iterdir()):
        if not path.is_file() or path.name in UNLISTED or path.name.endswith(store.TMP_SUFFIX):
            continue
        files[path.name] = inherited.get(path.name) or [path.stat().st_size, crc(path)]
    return json.dumps({"format": FORMAT, "corpus": corpus, "files": files}, ensure_ascii=False, sort_keys=True)


def _inherited(generation: Path, previous: Path | None) -> dict[str, list[int]]:
    if previous is None:
        return {}
    recorded = read_manifest(previous)
    found: dict[str, list[int]] = {}
    for name, entry in (recorded or {}).get("files", {}).items():
        try:
            same = os.path.samestat(os.stat(generation / name), os.stat(previous / name))
        except OSError:
            continue
        if same and _valid(entry):
            found[name] = list(entry)
    return found


def _valid(entry: object) -> bool:
    return isinstance(entry, list) and len(entry) == 2 and all(isinstance(n, int) for n in entry)


def read_manifest(generation: Path) -> dict[str, Any] | None:
    """The manifest of `generation`; None when it has none (or it cannot be read)."""
    try:
        found = json.loads((generation / store.CHECKSUMS).read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or not isinstance(found.get("files"), dict):
        return None
    return found


def recorded_corpus(root: Path) -> str | None:
    """The corpus the newest generation with a readable manifest was built from: what a rebuild
    reads when the live generation's meta.json cannot say."""
    for name in reversed(store.generations(root)):
        manifest = read_manifest(root / name)
        corpus = manifest.get("corpus") if manifest else None
        if isinstance(corpus, str) and corpus:
            return corpus
    return None


def damaged_on_open(generation: store.Generation) -> list[str]:
    """The files of `generation` whose size (or, for the small ones, CRC) is not what was
    recorded, each with what is wrong; empty for a generation written before manifests."""
    manifest = read_manifest(generation.path)
    if manifest is None:
        return [f"{store.CHECKSUMS} missing or unreadable"] if generation.meta.get("checksums") else []
    found: list[str] = []
    for name, entry in manifest["files"].items():
        problem = _problem(generation.path / name, entry, name.endswith(VERIFIED_ON_OPEN))
        if problem:
            found.append(f"{name} {problem}")
    return found


def _problem(path: Path, entry: object, full: bool) -> str:
    if not isinstance(entry, list) or not _valid(entry):
        return f"has no valid entry in {store.CHECKSUMS}"
    size, value = entry
    try:
        actual = path.stat().st_size
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    if actual != size:
        return f"is {actual} bytes, not {size}"
    try:
        if full and crc(path) != value:
            return "has changed (checksum)"
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    return ""


def verify(generation: Path, meta: dict[str, Any] | None) -> Checked:
    """Every file of `generation` against its recorded size and CRC (`search index --check`)."""
    manifest = read_manifest(generation)
    if manifest is None:
        missing = f"{store.CHECKSUMS} missing or unreadable"
        return Checked(generation.name, 0, 0, (missing,) if meta is None or meta.get("checksums") else ())
    damaged: list[str] = []
    size = 0
    for name, entry in sorted(manifest["files"].items()):
        problem = _problem(generation / name, entry, True)
        if problem:
            damaged.append(f"{name} {problem}")
        elif _valid(entry):
            size += entry[0]
    return Checked(generation.name, len(manifest["files"]), size, tuple(damaged))


def damage_error(root: Path, generation: str, damaged: list[str] | tuple[str, ...],
                 corpus: str | None = None) -> IndexDamaged:
    """The one line that names what is damaged and the command that rebuilds it from the corpus."""
    shown = "; ".join(damaged[:4]) + (f"; and {len(damaged) - 4} more" if len(damaged) > 4 else "")
    corpus = corpus or recorded_corpus(root)
    return IndexDamaged(f"the index at {root.resolve()} is damaged ({generation}: {shown}); "
                        f"{store.repair_hint(root, corpus)}")


def check_on_open(root: Path, generation: store.Generation) -> dict[str, str]:
    """Raise `IndexDamaged` for damage a query would read; return the DERIVED files' damage
    (file name → what is wrong), for whoever reads them to report."""
    damaged = damaged_on_open(generation)
    split = [line.split(" ", 1) for line in damaged]
    derived = {name: problem for name, problem in split if name in DERIVED}
    rest = [line for line in damaged if line.split(" ", 1)[0] not in derived]
    if rest:
        corpus = generation.meta.get("corpus")
        raise damage_error(root, generation.path.name, rest, corpus if isinstance(corpus, str) else None)
    return derived


def check_index(root: Path) -> tuple[Checked, Checked | None]:
    """Every checksum of the live generation and of the one before it (what `--rollback` would
    make live). Damage in the live one raises `IndexDamaged`; the previous one's is returned."""
    generation = store.current_generation(root)
    corpus = generation.meta.get("corpus")
    live = verify(generation.path, generation.meta)
    if live.damaged:
        raise damage_error(root, live.generation, live.damaged, corpus if isinstance(corpus, str) else None)
    before = store.previous_name(root, generation.path.name)
    return live, verify(root / before, None) if before else None
