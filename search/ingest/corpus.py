"""Finding and decoding corpus files; the only stage that reads the corpus from disk."""

from __future__ import annotations

import datetime
import hashlib
import os
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeGuard

from search.errors import CorpusError
from search.ingest.clean import file_lines
from search.models import Overrides, RawFile, Skipped
from search.vocabulary import SECTIONS

SIDECAR_SUFFIX = ".meta.toml"
SIDECAR_KEYS: tuple[str, ...] = ("town", "year", "title", "date", "sections")
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


def iter_corpus(root: Path) -> Iterator[RawFile | Skipped]:
    """Every `*.txt` under `root`, recursively, decoded; other files are reported as skipped."""
    for item in find_files(root):
        yield item if isinstance(item, Skipped) else load(root, item)


def find_files(root: Path) -> list[str | Skipped]:
    """Sources (paths relative to `root`) of every `*.txt`, in a stable order."""
    if not root.is_dir():
        raise CorpusError(f"corpus directory not found: {root}")
    found: list[str | Skipped] = []
    for path in sorted(_walk(root)):
        source = path.relative_to(root).as_posix()
        if path.name.endswith(SIDECAR_SUFFIX):
            continue
        if path.suffix.lower() != ".txt":
            found.append(Skipped(source, "not a .txt file"))
        elif not path.is_file():
            found.append(Skipped(source, "not a regular file (a pipe, device or broken link)"))
        else:
            found.append(source)
    return found


def load(root: Path, source: str) -> RawFile | Skipped:
    path = root / source
    return with_overrides(read_file(path, source), path)


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


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name[: -len(path.suffix)] + SIDECAR_SUFFIX)


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                yield Path(folder) / name


def with_overrides(item: RawFile | Skipped, path: Path) -> RawFile | Skipped:
    """Attach the sidecar's corrections; its bytes join the file's hash so editing it re-indexes."""
    sidecar = _sidecar(path)
    if isinstance(item, Skipped) or not sidecar.is_file():
        return item
    try:
        raw = sidecar.read_bytes()
        overrides = parse_overrides(tomllib.loads(raw.decode("utf-8")), sidecar.name)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Skipped(item.source, f"its sidecar {sidecar.name} is not valid TOML ({exc})", sidecar=True)
    except CorpusError as exc:
        return Skipped(item.source, str(exc), sidecar=True)
    sha = hashlib.sha256((item.sha256 + hashlib.sha256(raw).hexdigest()).encode()).hexdigest()
    return RawFile(item.source, item.text, item.encoding, sha, overrides)


def read_file(path: Path, source: str) -> RawFile | Skipped:
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return Skipped(source, "not a regular file (a pipe, device or broken link)")
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return Skipped(source, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    except OSError as exc:
        return Skipped(source, f"could not be read ({exc.strerror or exc})")
    return decode(data, source)


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
    raw = read_file(root / row["source"], row["source"])
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
    for entry in entries:
        line = entry.get("line") if isinstance(entry, dict) else None
        section = entry.get("section") if isinstance(entry, dict) else None
        if not _is_int(line) or line < 1 or section not in SECTIONS:
            raise CorpusError(
                f"{name}: each [[sections]] needs an integer line and a section among {', '.join(SECTIONS)}"
            )
        sections.append((line, section))
    year = data.get("year")
    if year is not None and not _is_int(year):
        raise CorpusError(f"{name}: year must be an integer")
    for key in ("town", "title"):
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise CorpusError(f"{name}: {key} must be a non-empty string")
    return Overrides(
        town=data["town"].strip() if data.get("town") else None,
        year=year,
        title=data["title"].strip() if data.get("title") else None,
        date=_override_date(data.get("date"), name),
        sections=tuple(sorted(sections)),
    )


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _override_date(value: object, name: str) -> str | None:
    """`date = "2019-12-30"` or a bare TOML date; either way an ISO string like the extracted ones."""
    if value is None:
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise CorpusError(f"{name}: date must be a date like 2019-12-30")
