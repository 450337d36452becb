"""DOCX files: paragraphs with their automatic numbering as the reader sees it, tables row by row.

Word numbers headings from numbering.xml (一、 (一) 1.), not from the text; the numbers are
rendered here from each level's format and text pattern, with a counter per list and level, so
that the sections stage sees the headings a reader sees. Headers and footers are page furniture
and never read. A zip's declared sizes are checked before anything is decompressed.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from search.ingest.formats.base import Extracted, FormatError, iso_date, needs_text, nonempty, property_title
from search.models import Hints

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
"""A DOCX is XML, which compresses well, but not a thousand to one: that is a zip bomb."""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DIGITS = "〇一二三四五六七八九"
STEMS = "甲乙丙丁戊己庚辛壬癸"
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五: as report headings count."""
    if n <= 0:
        return str(n)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        if not rest or rest >= 20:
            return DIGITS[n // 100] + "百" + (chinese(rest) if rest else "")
        tail = "零" + DIGITS[rest] if rest < 10 else "一" + chinese(rest)
        return DIGITS[n // 100] + "百" + tail
    return str(n)


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


NUMBER_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: f"({n})",
    "chineseCounting": chinese,
    "chineseCountingThousand": chinese,
    "chineseLegalSimplified": chinese,
    "ideographDigital": lambda n: "".join(DIGITS[int(d)] for d in str(n)),
    "japaneseCounting": chinese,
    "taiwaneseCounting": chinese,
    "ideographTraditional": lambda n: STEMS[(n - 1) % 10],
    "upperRoman": roman,
    "lowerRoman": lambda n: roman(n).lower(),
    "upperLetter": letter,
    "lowerLetter": lambda n: letter(n).lower(),
    "bullet": lambda n: "",
    "none": lambda n: "",
}
"""Word's number formats (ECMA-376 ST_NumberFormat) as a report shows them."""


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str
    text: str


def read(data: bytes, name: str) -> Extracted:
    parts = _parts(data)
    try:
        body = parse_xml(parts[DOCUMENT]).find(W + "body")
        numbering = Numbering(parse_xml(parts[NUMBERING]) if NUMBERING in parts else None, parts.get(STYLES))
        core = parse_xml(parts[CORE]) if CORE in parts else None
    except Exception as exc:  # noqa: BLE001 - lxml raises its own kinds for broken XML
        raise FormatError(f"its XML is broken ({type(exc).__name__})") from None
    if body is None:
        raise FormatError("no document body in it")
    lines: list[str] = []
    for child in body.iterchildren():
        if child.tag == W + "p":
            text = _text(child)
            lines.append(numbering.label(child) + text if text.strip() else "")
        elif child.tag == W + "tbl":
            lines.extend(_rows(child))
    return Extracted(needs_text(nonempty(lines)), "docx", hints=_hints(core))


DOCUMENT, NUMBERING, STYLES, CORE = "word/document.xml", "word/numbering.xml", "word/styles.xml", "docProps/core.xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CORE_FIELDS = {"title": "{http://purl.org/dc/elements/1.1/}title", "created": "{http://purl.org/dc/terms/}created"}


PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
"""Plain lxml, as python-docx parses a package but without its element classes, which cost three
times the parse; entities are never resolved (no billion laughs)."""


def parse_xml(data: bytes) -> Any:
    return etree.fromstring(data, PARSER)


def _hints(core: Any) -> Hints:
    """The core properties' title (when it reads as one) and creation date."""
    if core is None:
        return Hints()
    title_node, created_node = (core.find(CORE_FIELDS[key]) for key in ("title", "created"))
    title = title_node.text if title_node is not None else None
    created = iso_date(created_node.text) if created_node is not None else None
    return Hints(title=property_title(title), date=created)


def _parts(data: bytes) -> dict[str, bytes]:
    """The few parts read, after the package's declared sizes were checked: a zip bomb is
    refused before any byte is decompressed."""
    if data.startswith(OLE_MAGIC):
        raise FormatError("password-protected (or a Word 97 file named .docx): save it unprotected as .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            unpacked = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
            if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
                raise FormatError(f"unpacks to {unpacked:,} bytes from {len(data):,}: a zip bomb, not read")
            names = {info.filename for info in infos}
            if DOCUMENT not in names:
                raise FormatError("no word/document.xml in it (not a Word document)")
            return {part: package.read(part) for part in (DOCUMENT, NUMBERING, STYLES, CORE) if part in names}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, zlib.error) as exc:
        raise FormatError(f"not a DOCX package (a corrupt or truncated zip: {exc})") from None


def _text(paragraph: Any) -> str:
    """A paragraph's runs, tabs and breaks as the page shows them; deleted revisions left out."""
    out: list[str] = []
    for node in paragraph.iter(W + "t", W + "tab", W + "br", W + "delText"):
        if node.tag == W + "t":
            out.append(node.text or "")
        elif node.tag == W + "tab":
            out.append(" ")
        elif node.tag == W + "br":
            out.append(" ")
    return "".join(out).replace("\n", " ")


def _rows(table: Any) -> Iterator[str]:
    for row in table.iter(W + "tr"):
        cells = [" ".join(_text(p) for p in cell.iter(W + "p")).strip() for cell in row.iterchildren(W + "tc")]
        yield " ".join(cell for cell in cells if cell)


class Numbering:
    """numbering.xml's lists: each numId's levels, and the counters a reader's eye keeps."""

    def __init__(self, root: Any, styles: bytes | None) -> None:
        self.levels: dict[str, dict[int, Level]] = {}
        self.counters: dict[str, list[int]] = {}
        self._styles_xml = styles
        self._styles: dict[str, tuple[str, int]] | None = None
        if root is None:
            return
        abstract = {a.get(W + "abstractNumId"): self._levels(a) for a in root.iterchildren(W + "abstractNum")}
        for num in root.iterchildren(W + "num"):
            ref = num.find(W + "abstractNumId")
            levels = dict(abstract.get(ref.get(W + "val") if ref is not None else None, {}))
            for override in num.iterchildren(W + "lvlOverride"):
                start = override.find(W + "startOverride")
                ilvl = int(override.get(W + "ilvl", "0"))
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = Level(int(start.get(W + "val", "1")), old.fmt, old.text)
            self.levels[num.get(W + "numId")] = levels

    def style(self, style_id: str) -> tuple[str, int] | None:
        """The list a paragraph style numbers with; styles.xml is parsed only when a numbered
        document's paragraph names a style (it is often the largest part of a package)."""
        if self._styles is None:
            self._styles = {}
            for style in _numbered_styles(self._styles_xml or b""):
                found = _num_pr(style)
                if found:
                    self._styles[style.get(W + "styleId")] = found
        return self._styles.get(style_id)

    @staticmethod
    def _levels(abstract: Any) -> dict[int, Level]:
        out = {}
        for lvl in abstract.iterchildren(W + "lvl"):
            start, fmt, text = lvl.find(W + "start"), lvl.find(W + "numFmt"), lvl.find(W + "lvlText")
            out[int(lvl.get(W + "ilvl", "0"))] = Level(
                int(start.get(W + "val", "1")) if start is not None else 1,
                fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
                text.get(W + "val", "") if text is not None else "")
        return out

    def label(self, paragraph: Any) -> str:
        if not self.levels:
            return ""
        found = _num_pr(paragraph)
        if found is None:
            p_pr = paragraph.find(W + "pPr")
            style = p_pr.find(W + "pStyle") if p_pr is not None else None
            found = self.style(style.get(W + "val")) if style is not None else None
        if found is None or found[0] not in self.levels or found[0] == "0":
            return ""
        num_id, ilvl = found
        levels = self.levels[num_id]
        counters = self.counters.setdefault(num_id, [0] * 9)
        ilvl = max(0, min(ilvl, 8))
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        text = levels[ilvl].text if ilvl in levels else ""
        for k in range(9, 0, -1):
            if f"%{k}" in text:
                level = levels.get(k - 1, Level(1, "decimal", ""))
                value = counters[k - 1] + level.start - 1 if counters[k - 1] else level.start
                text = text.replace(f"%{k}", NUMBER_FORMATS.get(level.fmt, str)(value))
        return text


def _numbered_styles(styles: bytes) -> list[Any]:
    """The `<w:style>` elements of styles.xml that hold a numPr. Only those are parsed, each
    inside the root's own start tag (its namespaces): the part is often the package's largest
    (LibreOffice writes 350 KB of latent styles, 9 ms to parse); the whole part is parsed only
    when its markup is not the usual `w:` one."""
    if b"numPr" not in styles:
        return []
    root = styles.find(b"<w:styles")
    head_end = styles.find(b">", root)
    if root < 0 or head_end < 0:
        return _all_numbered(styles)
    found, pos = [], styles.find(b"<w:numPr", head_end)
    while pos >= 0:
        start, end = styles.rfind(b"<w:style ", 0, pos), styles.find(b"</w:style>", pos)
        if start < 0 or end < 0 or styles.find(b"</w:style>", start, pos) >= 0:
            return _all_numbered(styles)
        found.extend(parse_xml(styles[root : head_end + 1] + styles[start : end + 10] + b"</w:styles>"))
        pos = styles.find(b"<w:numPr", end)
    return found


def _all_numbered(styles: bytes) -> list[Any]:
    return list(parse_xml(styles).iterfind(f"{W}style/{W}pPr/{W}numPr/../.."))


def _num_pr(element: Any) -> tuple[str, int] | None:
    p_pr = element.find(W + "pPr")
    num_pr = p_pr.find(W + "numPr") if p_pr is not None else None
    if num_pr is None:
        return None
    num_id, ilvl = num_pr.find(W + "numId"), num_pr.find(W + "ilvl")
    if num_id is None:
        return None
    return num_id.get(W + "val"), int(ilvl.get(W + "val", "0")) if ilvl is not None else 0
