"""DOCX files: paragraphs with their automatic numbering as the reader sees it, tables row by row.

Word numbers headings from numbering.xml (一、 (一) 1.), not from the text; the numbers are
rendered here from each level's format and text pattern, with a counter per list and level, so
that the sections stage sees the headings a reader sees. Headers and footers are page furniture
and never read. A zip's declared sizes are checked before anything is decompressed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from search.ingest.formats.base import Extracted, FormatError, cjk_count, needs_text, nonempty
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
    _check_zip(data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken package
        raise FormatError(f"not a Word document ({type(exc).__name__})") from None
    numbering = Numbering(document)
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == W + "p":
            text = _text(child)
            label = numbering.label(child)
            lines.append(label + text if text.strip() else "")
        elif child.tag == W + "tbl":
            lines.extend(_rows(child))
    props = document.core_properties
    title = (props.title or "").strip()
    created = props.created.date().isoformat() if props.created else None
    hints = Hints(title=title if cjk_count(title) >= 4 else None, date=None if created is None else created)
    return Extracted(needs_text(nonempty(lines)), "docx", hints=hints)


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise FormatError(f"not a DOCX package (a corrupt or truncated zip: {exc})") from None
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise FormatError(f"unpacks to {unpacked:,} bytes from {len(data):,}: a zip bomb, not read")
    if "word/document.xml" not in {info.filename for info in infos}:
        raise FormatError("no word/document.xml in it (encrypted, or not a Word document)")


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

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, Level]] = {}
        self.counters: dict[str, list[int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
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
        for style in document.styles.element.iterchildren(W + "style"):
            found = _num_pr(style)
            if found:
                self.styles[style.get(W + "styleId")] = found

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
        found = _num_pr(paragraph)
        if found is None:
            style = paragraph.find(f"{W}pPr/{W}pStyle")
            found = self.styles.get(style.get(W + "val")) if style is not None else None
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


def _num_pr(element: Any) -> tuple[str, int] | None:
    num_pr = element.find(f"{W}pPr/{W}numPr")
    if num_pr is None:
        return None
    num_id, ilvl = num_pr.find(W + "numId"), num_pr.find(W + "ilvl")
    if num_id is None:
        return None
    return num_id.get(W + "val"), int(ilvl.get(W + "val", "0")) if ilvl is not None else 0
