"""Copied text: paragraphs that appear near-identically in several reports.

Near-identical means the same key, where a paragraph's key is its normalised text (Simplified
script, half-width, lower case) with these removed: its own report's town name (泉溪镇 and
泉溪), the characters 镇 and 乡 (我镇 = 我乡), Arabic digits and Chinese numerals
(〇一二三四五六七八九十百千万亿两), and everything that is not a letter (punctuation, spaces).
Paragraphs whose key is shorter than MIN_KEY characters (headings, short lines) are never
grouped: they repeat across reports without being copied.

Keys are computed at index time by `recorded`, which the indexer wraps around its stream of
parsed files (its one hook): keys of unchanged files are carried over from the previous
generation (the file is hard-linked into the new one), keys of parsed files are computed, and
two JSON files are written: every file's keys (FILE_KEYS, read only by the next build) and the groups shared by
at least two reports (GROUPS, read by queries).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from search import store
from search.normalize import normalize
from search.rules import TOWN_SUFFIXES

VERSION = 1
MIN_KEY = 20
FILE_KEYS = "dupes-files.json"
GROUPS = "dupes.json"
NUMERALS = "〇零一二三四五六七八九十百千万亿两"
_DROP = re.compile(rf"[\d{NUMERALS}{TOWN_SUFFIXES}]|[^\w]|_")


@dataclass(frozen=True)
class Member:
    source: str
    line: int


@dataclass(frozen=True)
class Group:
    key: str
    members: tuple[Member, ...]

    def reports(self) -> int:
        return len({m.source for m in self.members})


def key_text(text: str, town: str | None) -> str:
    """What is compared: the text without its town, suffixes, numbers and punctuation."""
    norm = normalize(text)
    if town:
        name = normalize(town)
        bare = name[:-1] if name[-1:] in TOWN_SUFFIXES and len(name) > 2 else name
        norm = norm.replace(name, "").replace(bare, "")
    return _DROP.sub("", norm)


def key(text: str, town: str | None) -> str | None:
    """The paragraph's duplicate key, or None when it is too short to say it was copied."""
    kept = key_text(text, town)
    if len(kept) < MIN_KEY:
        return None
    return hashlib.blake2b(kept.encode("utf-8"), digest_size=8).hexdigest()


def document_keys(document: object) -> list[list[object]]:
    """[line, key] for every paragraph of a Document that has a key."""
    town = getattr(document, "town", None)
    rows: list[list[object]] = []
    for paragraph in getattr(document, "paragraphs"):
        found = key(paragraph.text, getattr(paragraph, "town", None) or town)
        if found:
            rows.append([paragraph.line, found])
    return rows


def recorded(items: Iterable[object], generation: Path, unchanged: Iterable[str], corpus: Path) -> Iterator[object]:
    """Pass parsed files through unchanged, recording their keys; when the stream ends, write
    the keys of the parsed files and of the `unchanged` ones into `generation`. A file the
    indexer keeps as it was (skipped for a broken sidecar) keeps its keys too.

    Keys of unchanged files are carried from the previous generation's FILE_KEYS (hard-linked
    into this one); a file whose keys are not there (an index from before, or keys of another
    VERSION) is read from `corpus` again, without segmenting it."""
    keep = set(unchanged)
    previous = _read(generation / FILE_KEYS, "files")
    files = {s: rows for s, rows in previous.items() if s in keep}
    for item in items:
        document = getattr(item, "document", None)
        if document is not None:
            files[document.source] = document_keys(document)
        elif getattr(item, "sidecar", False) and getattr(item, "source", None) in previous:
            files[item.source] = previous[item.source]  # type: ignore[attr-defined]
        yield item
    for source in sorted(keep - files.keys()):
        files[source] = _reread(corpus, source)
    write(generation, files)


def _reread(corpus: Path, source: str) -> list[list[object]]:
    from search.corpus import load
    from search.models import Skipped
    from search.structure import build_document

    try:
        raw = load(corpus, source)
        return [] if isinstance(raw, Skipped) else document_keys(build_document(raw))
    except Exception:  # noqa: BLE001 - a file that cannot be read again simply has no keys
        return []


def write(generation: Path, files: Mapping[str, list[list[object]]]) -> None:
    members: dict[str, list[list[object]]] = {}
    for source in sorted(files):
        for line, found in files[source]:
            members.setdefault(str(found), []).append([source, line])
    groups = {k: v for k, v in members.items() if len({s for s, _ in v}) > 1}
    _write_json(generation / FILE_KEYS, {"version": VERSION, "files": files})
    _write_json(generation / GROUPS, {"version": VERSION, "groups": groups})


def load_groups(index: Path) -> list[Group]:
    """Groups of the live generation of the index at `index`, each shared by 2+ reports."""
    generation = store.current_generation(index)
    raw = _read(generation.path / GROUPS, "groups")
    return [Group(k, tuple(Member(s, int(n)) for s, n in v)) for k, v in raw.items()]


def _read(path: Path, part: str) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    found = data.get(part)
    return found if isinstance(found, dict) else {}


def _write_json(path: Path, data: dict) -> None:
    """Replaced, never written in place: the file may be a hard link into the live generation."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


@dataclass(frozen=True)
class Collapsed:
    hit: object
    identical: tuple[object, ...]


def collapse(hits: Iterable[object], groups: Iterable[Group]) -> list[Collapsed]:
    """Hits in order, each paragraph of another report that is identical to an earlier hit
    folded under it (`+N identical in other reports`)."""
    key_of = {(m.source, m.line): g.key for g in groups for m in g.members}
    shown: list[tuple[object, list[object]]] = []
    first: dict[str, int] = {}
    for hit in hits:
        found = key_of.get((getattr(hit, "source"), getattr(hit, "line")))
        at = first.get(found) if found else None
        if at is not None and getattr(shown[at][0], "source") != getattr(hit, "source"):
            shown[at][1].append(hit)
            continue
        if found and at is None:
            first[found] = len(shown)
        shown.append((hit, []))
    return [Collapsed(hit, tuple(hidden)) for hit, hidden in shown]


def shared(groups: Iterable[Group], reports: Mapping[str, object], min_reports: int = 2,
           within: set[str] | None = None) -> list[Group]:
    """Groups shared by `min_reports` reports or more with a member in `within` (all if None),
    their members in date order (year, date, source: the earliest first), the widest first."""
    chosen = []
    for group in groups:
        if group.reports() < min_reports or (within is not None and not any(m.source in within for m in group.members)):
            continue
        chosen.append(Group(group.key, tuple(sorted(group.members, key=lambda m: _when(reports.get(m.source), m)))))
    return sorted(chosen, key=lambda g: (-g.reports(), _when(reports.get(g.members[0].source), g.members[0])))


def _when(report: object, member: Member) -> tuple[int, str, str, int]:
    return (getattr(report, "year", None) or 9999, getattr(report, "date", None) or "", member.source, member.line)
