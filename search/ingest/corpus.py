"""Finding and decoding corpus files; the only stage that reads the corpus from disk."""

from __future__ import annotations

import dataclasses
import datetime
import errno
import hashlib
import os
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, TypeGuard

from search.errors import CorpusError
from search.ingest import formats, kept
from search.ingest.clean import file_lines
from search.models import Overrides, RawFile, Skipped
from search.sources import file_of
from search.vocabulary import SECTIONS

SIDECAR_SUFFIX = ".meta.toml"
SIDECAR_KEYS: tuple[str, ...] = ("town", "year", "title", "date", "sections")
SIDECAR_FIRST_YEAR = 1949
"""The first year a sidecar may give (township governments as reports know them); the last is
this year plus SIDECAR_YEARS_AHEAD, as a report reviews its year and plans the next."""
SIDECAR_YEARS_AHEAD = 2
SIDECAR_MAX_CHARS: dict[str, int] = {"town": 40, "title": 200}
"""Longest one-line value a sidecar may give: every query reads a report's town and title."""
SIDECAR_MAX_SECTIONS = 1_000
SIDECAR_MAX_LINE = 10_000_000
LINK_NOT_FOLLOWED = "a symbolic link, not followed (add --follow to index what links point to)"
NOT_REGULAR = "not a regular file (a pipe, device or broken link)"
BAD_NAME = "its name is not valid UTF-8 (rename it to index it)"
READ_EXTENSIONS: tuple[str, ...] = (".txt", *formats.READERS)
"""Every extension a report is read from, in the order the formats are documented."""
NOT_READ = "not a .txt file nor a format read (" + ", ".join(sorted(formats.READERS)) + ")"
CHANGING = "changed while it was read (still being written?): index again once it is complete"
READ_ATTEMPTS = 2
"""A file whose size or modification time moves while it is read is read once more, then skipped."""
MAX_SIDECAR_BYTES = 64 * 1024
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_LINE_CHARS = 100_000
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
DETECTABLE = ["gb18030", "big5", "utf_16_le", "utf_16_be"]
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
TEXT_RANGES: tuple[tuple[int, int], ...] = (
    (0x09, 0x0D),
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2000, 0x206F),
    (0x2460, 0x24FF),
    (0x3000, 0x303F),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)
MIN_TEXT_SHARE = 0.9


def iter_corpus(root: Path, follow: bool = False) -> Iterator[RawFile | Skipped]:
    """Every `*.txt` and published format (HTML, DOCX, PDF, DOC) under `root`, recursively,
    decoded or extracted; other files are reported as skipped."""
    for item in find_files(root, follow):
        yield item if isinstance(item, Skipped) else load(root, item, follow)


def find_files(root: Path, follow: bool = False) -> list[str | Skipped]:
    """Sources (paths relative to `root`) of every `*.txt` and readable format, in a stable order.

    Symbolic links are named and left alone unless `follow`, as grep -r and ripgrep do: a link
    could otherwise bring any file the indexing user can read into the index."""
    if not root.is_dir():
        raise CorpusError(f"corpus directory not found: {root}")
    found: list[str | Skipped] = []
    for item in _walk(root, follow):
        if isinstance(item, Skipped):
            found.append(item)
            continue
        source = item.relative_to(root).as_posix()
        if not _utf8(source):
            found.append(Skipped(_escaped(source), BAD_NAME))
        elif item.suffix.lower() != ".txt" and not formats.readable(item.name):
            found.append(Skipped(source, NOT_READ))
        elif not item.is_file():
            found.append(Skipped(source, NOT_REGULAR))
        else:
            found.append(source)
    return sorted(found, key=lambda item: PurePosixPath(item if isinstance(item, str) else item.source))


def load(root: Path, source: str, follow: bool = False) -> RawFile | Skipped:
    path = root / source
    return with_overrides(read_file(path, source, follow), path, follow)


def fingerprint(root: Path, source: str) -> str | None:
    """The hash a RawFile of `source` would carry, without decoding it; None if unreadable."""
    path = root / source
    try:
        sha = _sha256_file(path)
        sidecar = _sidecar(path)
        if sidecar.is_file():
            side = hashlib.sha256(sidecar.read_bytes()).hexdigest()
            sha = hashlib.sha256((sha + side).encode()).hexdigest()
    except OSError:
        return None
    return sha


def _open_regular(path: Path, follow: bool = True) -> int:
    """A descriptor of `path` if it is a regular file, checked on the file opened: a file
    swapped for a pipe, a folder or (unless `follow`) a link after the corpus was listed is
    refused, never waited on or read through."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    fd = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, NOT_REGULAR, str(path))
    return fd


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(_open_regular(path), "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name[: -len(path.suffix)] + SIDECAR_SUFFIX)


def _walk(root: Path, follow: bool) -> Iterator[Path | Skipped]:
    """Files under `root` but hidden ones and sidecars, and why a link or folder was not walked.

    A folder's own identity (device, inode) is carried down with it, so that a followed link
    back to a folder it is in is named instead of walked forever."""
    pending: list[tuple[Path, frozenset[tuple[int, int]]]] = [(root, frozenset())]
    while pending:
        folder, above = pending.pop()
        source = folder.relative_to(root).as_posix() + "/"
        try:
            info = folder.stat()
            here = above | {(info.st_dev, info.st_ino)}
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except FileNotFoundError:
            continue
        except OSError as exc:
            if folder == root:
                raise CorpusError(f"cannot list the corpus directory {root}: {exc.strerror or exc}") from None
            yield Skipped(source, f"a folder that could not be listed ({exc.strerror or exc})", unreadable=True)
            continue
        for entry in entries:
            path = folder / entry.name
            named = _escaped(path.relative_to(root).as_posix())
            if entry.name.startswith(".") or entry.name.endswith(SIDECAR_SUFFIX) or not _still_there(entry):
                continue
            if entry.is_symlink() and not follow:
                yield Skipped(named, LINK_NOT_FOLLOWED)
            elif not _is_dir(entry):
                yield path
            elif not _utf8(entry.name):
                yield Skipped(named + "/", BAD_NAME + ": nothing in it was read")
            elif _identity(path) in here:
                yield Skipped(named, "a link back to a folder it is in: not walked again")
            else:
                pending.append((path, here))


def _utf8(name: str) -> bool:
    """Whether a name the file system gave is UTF-8: other bytes come as lone surrogates, which
    no index file, JSON answer or terminal can hold."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _escaped(name: str) -> str:
    """A name as its bytes, those that are not UTF-8 written as \\xff, so that it can be printed."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _still_there(entry: os.DirEntry[str]) -> bool:
    """Whether an entry listed a moment ago can still be looked at: one removed meanwhile is
    gone from the corpus, as if it had been removed before the build."""
    try:
        entry.is_symlink()
        entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return True


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def with_overrides(item: RawFile | Skipped, path: Path, follow: bool = False) -> RawFile | Skipped:
    """Attach the sidecar's corrections; its bytes join the file's hash so editing it re-indexes."""
    sidecar = _sidecar(path)
    if isinstance(item, Skipped) or not (sidecar.is_file() or sidecar.is_symlink()):
        return item
    try:
        with open(_open_regular(sidecar, follow), "rb") as handle:
            raw = handle.read(MAX_SIDECAR_BYTES + 1)
        if len(raw) > MAX_SIDECAR_BYTES:
            raise CorpusError(f"{sidecar.name}: larger than {MAX_SIDECAR_BYTES // 1024} KB")
        overrides = parse_overrides(tomllib.loads(raw.decode("utf-8")), sidecar.name)
    except OSError as exc:
        return Skipped(item.source, _sidecar_unread(sidecar, exc, follow), sidecar=True)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Skipped(item.source, f"its sidecar {sidecar.name} is not valid TOML ({exc})", sidecar=True)
    except CorpusError as exc:
        return Skipped(item.source, str(exc), sidecar=True)
    sha = hashlib.sha256((item.sha256 + hashlib.sha256(raw).hexdigest()).encode()).hexdigest()
    return dataclasses.replace(item, sha256=sha, overrides=overrides)


def _sidecar_unread(sidecar: Path, exc: OSError, follow: bool) -> str:
    if not follow and sidecar.is_symlink():
        return f"its sidecar {sidecar.name} is {LINK_NOT_FOLLOWED}"
    return f"its sidecar {sidecar.name} could not be read ({exc.strerror or exc})"


def no_reports(root: Path, others: int) -> str:
    """Why a corpus gives nothing to index, naming every extension that would have been read."""
    skipped = f"; {others} other files skipped" if others else ""
    return (f"no reports in {root.resolve()} (read: {' '.join(READ_EXTENSIONS)}{skipped}); "
            "point --corpus at the folder that holds them")


def read_file(path: Path, source: str, follow: bool = False) -> RawFile | Skipped:
    try:
        data = _read_steady(path, follow)
    except _Changing:
        return Skipped(source, CHANGING, unreadable=True)
    except FileNotFoundError:
        return Skipped(source, "could not be read (gone since the corpus was listed)")
    except OSError as exc:
        if exc.strerror == NOT_REGULAR:
            return Skipped(source, NOT_REGULAR)
        if not follow and path.is_symlink():
            return Skipped(source, LINK_NOT_FOLLOWED)
        return Skipped(source, f"could not be read ({exc.strerror or exc})", unreadable=True)
    if len(data) > MAX_FILE_BYTES:
        return Skipped(source, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if formats.readable(source):
        return extracted(data, source)
    return decode(data, source)


class _Changing(Exception):
    """The file kept changing while it was read."""


def _read_steady(path: Path, follow: bool) -> bytes:
    """The file's bytes, read again when its size or modification time differ before and after
    the read (a copy or download still in progress): a half-written PDF or DOCX is otherwise
    named as corrupt, and a half-written text indexed as if complete."""
    for _ in range(READ_ATTEMPTS):
        with open(_open_regular(path, follow), "rb") as handle:
            before = _stamp(handle.fileno())
            data = handle.read(MAX_FILE_BYTES + 1)
            after = _stamp(handle.fileno())
        if before == after and (len(data) == after[0] or len(data) > MAX_FILE_BYTES):
            return data
    raise _Changing


def _stamp(fd: int) -> tuple[int, int]:
    info = os.fstat(fd)
    return info.st_size, info.st_mtime_ns


def extracted(data: bytes, source: str) -> RawFile | Skipped:
    """A published format's extracted lines as a RawFile; its hash is of the file's bytes, as a
    text file's is, so incremental builds see the same file as unchanged."""
    kind = formats.format_of(source) or "?"
    if not data.strip():
        return Skipped(source, "empty file")
    sha = hashlib.sha256(data).hexdigest()
    known = kept.recall(sha, source)
    if known is not None:
        return known
    try:
        found = formats.extract(data, source)
    except formats.FormatError as exc:
        return Skipped(source, f"not readable as {kind.upper()}: {exc}")
    longest = max((len(line) for line in found.lines), default=0)
    if longest > MAX_LINE_CHARS:
        return Skipped(source, f"a line of {longest:,} characters (limit {MAX_LINE_CHARS:,}): not a report")
    raw = RawFile(source=source, text="\n".join(found.lines), encoding=found.encoding, sha256=sha, format=kind,
                  pages=found.pages, hints=found.hints, furniture=found.furniture, full_rows=found.full_rows)
    kept.keep(raw)
    return raw


def decode(data: bytes, source: str) -> RawFile | Skipped:
    """Strict UTF-8 (BOM-aware) first, then detection among GB18030, Big5 and UTF-16."""
    if not data.strip():
        return Skipped(source, "empty file")
    sha = hashlib.sha256(data).hexdigest()
    decoded = _decode_bytes(data)
    if decoded is None:
        return Skipped(source, "not text (undecodable or binary)")
    text, encoding = decoded
    if not text.strip():
        return Skipped(source, "empty file")
    if _looks_binary(text):
        return Skipped(source, "not text (binary content)")
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > MAX_LINE_CHARS:
        return Skipped(source, f"a line of {longest:,} characters (limit {MAX_LINE_CHARS:,}): not a report")
    return RawFile(source=source, text=text, encoding=encoding, sha256=sha)


def decode_text(data: bytes) -> tuple[str, str] | None:
    """Text and encoding of bytes the way a corpus text file is decoded (readers of HTML use it
    when a page declares no charset, or a wrong one)."""
    return _decode_bytes(data)


def _decode_bytes(data: bytes) -> tuple[str, str] | None:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), "utf-16" if codec == "utf-16" else codec
            except UnicodeDecodeError:
                return None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        return _decode_utf16(data)
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=DETECTABLE).best()
    if best is None:
        return None
    return str(best), best.encoding.replace("_", "-")


def _decode_utf16(data: bytes) -> tuple[str, str] | None:
    """BOM-less UTF-16: NUL bytes never occur in UTF-8, GB18030 or Big5 text, only in UTF-16
    (the high byte of every ASCII character) and in binary data. The byte order whose decoding
    reads as text wins; the wrong order turns newlines and digits into unrelated scripts."""
    for codec in ("utf_16_le", "utf_16_be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _text_share(text) >= MIN_TEXT_SHARE and not _looks_binary(text):
            return text, codec.replace("_", "-")
    return None


def _text_share(text: str) -> float:
    """Share of characters a report is made of: Han, ASCII, CJK and full-width punctuation."""
    sample = text[:65536]
    if not sample:
        return 0.0
    usual = sum(1 for ch in sample if any(low <= ord(ch) <= high for low, high in TEXT_RANGES))
    return usual / len(sample)


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in ALLOWED_CONTROLS)
    return controls > max(16, len(sample) // 100)


def read_dropped(root: Path, row: dict[str, Any]) -> list[dict[str, object]]:
    """The boilerplate lines an index row records by number (`"1,2,17"`, kept compact because
    every query reads the index record), with their text read back from the corpus file."""
    numbers = [int(n) for n in str(row.get("dropped_lines") or "").split(",") if n]
    if not numbers:
        return []
    file = file_of(row["source"])  # a collection's later items are read from their file
    raw = read_file(root / file, file)
    lines = file_lines(raw.text) if isinstance(raw, RawFile) else []
    return [{"line": n, "text": lines[n - 1].strip() if n <= len(lines) else None} for n in numbers]


def parse_overrides(data: dict[str, Any], name: str) -> Overrides:
    """Validated sidecar keys; a typo or a wrong type is an error rather than a silent no-op."""
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:
        raise CorpusError(f"{name}: unknown key {', '.join(unknown)} (known: {', '.join(SIDECAR_KEYS)})")
    sections: list[tuple[int, str]] = []
    entries = data.get("sections", [])
    if not isinstance(entries, list):
        raise CorpusError(f"{name}: sections must be an array of tables ([[sections]])")
    if len(entries) > SIDECAR_MAX_SECTIONS:
        raise CorpusError(f"{name}: at most {SIDECAR_MAX_SECTIONS:,} [[sections]] (has {len(entries):,})")
    for entry in entries:
        line = entry.get("line") if isinstance(entry, dict) else None
        section = entry.get("section") if isinstance(entry, dict) else None
        if not _is_int(line) or not 1 <= line <= SIDECAR_MAX_LINE or section not in SECTIONS:
            raise CorpusError(f"{name}: each [[sections]] needs a line from 1 to {SIDECAR_MAX_LINE:,} "
                              f"and a section among {', '.join(SECTIONS)}")
        sections.append((line, section))
    year = data.get("year")
    if year is not None and not _is_int(year):
        raise CorpusError(f"{name}: year must be an integer")
    if year is not None:
        _check_year(year, "year", name)
    for key, most in SIDECAR_MAX_CHARS.items():
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise CorpusError(f"{name}: {key} must be a non-empty string")
        if isinstance(value, str) and (len(value.strip()) > most or len(value.strip().splitlines()) > 1):
            raise CorpusError(f"{name}: {key} must be one line of at most {most} characters "
                              f"(has {len(value.strip()):,})")
    return Overrides(
        town=data["town"].strip() if data.get("town") else None,
        year=year,
        title=data["title"].strip() if data.get("title") else None,
        date=_override_date(data.get("date"), name),
        sections=tuple(sorted(sections)),
    )


def _check_year(year: int, key: str, name: str) -> None:
    last = datetime.date.today().year + SIDECAR_YEARS_AHEAD
    if not SIDECAR_FIRST_YEAR <= year <= last:
        shown = str(year) if len(str(year)) <= 12 else f"{str(year)[:12]}…"
        raise CorpusError(f"{name}: {key} must be from {SIDECAR_FIRST_YEAR} to {last} (not {shown})")


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _override_date(value: object, name: str) -> str | None:
    """`date = "2019-12-30"` or a bare TOML date; either way an ISO string like the extracted ones."""
    if value is None:
        return None
    date: datetime.date | None = None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        date = value
    elif isinstance(value, str):
        try:
            date = datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    if date is None:
        raise CorpusError(f"{name}: date must be a date like 2019-12-30")
    _check_year(date.year, "date's year", name)
    return date.isoformat()
