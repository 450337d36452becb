"""The whole index as a dataset: reports, paragraphs and copied text as tables a statistics
package reads (`search export`, written as SQLite by `search.render.dataset`).

Three tables and their provenance. `reports`: one row per report, every field the index records
of it, the number of lines dropped as boilerplate and the first web address among them (the site
a saved page came from). `paragraphs`: one row per paragraph, its citation, its page (counted
from the page numbers the cleaning dropped: a paragraph is on the page whose number is printed
next below it) and its copy group. `copies`: one row per paragraph of a text shared by two
reports or more. Each table says which columns are worth an index; the writer makes them.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from search.index import DupesDamaged
from search.ingest import read_dropped
from search.models import Group, Hit
from search.research.tables import Table
from search.vocabulary import HEADING_JOIN, about_year

if TYPE_CHECKING:
    from search.engine.searcher import SearchIndex

REPORT_FIELDS: tuple[tuple[str, str], ...] = (
    ("source", "TEXT"), ("town", "TEXT"), ("county", "TEXT"), ("city", "TEXT"), ("province", "TEXT"),
    ("division_code", "TEXT"), ("kind", "TEXT"), ("year", "INTEGER"), ("date", "TEXT"), ("title", "TEXT"),
    ("paragraphs", "INTEGER"), ("sections", "TEXT"), ("encoding", "TEXT"), ("town_checked", "INTEGER"),
    ("year_doubt", "TEXT"), ("dropped_lines", "TEXT"), ("format", "TEXT"), ("pages", "INTEGER"),
)
"""The index's record of a report, in this order; a field a later index adds comes after them."""
REPORT_EXTRA: tuple[tuple[str, str], ...] = (("dropped", "INTEGER"), ("url", "TEXT"))
PARAGRAPH_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "TEXT"), ("report", "TEXT"), ("line", "INTEGER"), ("end_line", "INTEGER"), ("citation", "TEXT"),
    ("page", "INTEGER"), ("section", "TEXT"), ("heading", "TEXT"), ("about_year", "INTEGER"), ("text", "TEXT"),
    ("copy_group", "TEXT"),
)
COPY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("copy_group", "TEXT"), ("reports", "INTEGER"), ("report", "TEXT"), ("line", "INTEGER"), ("paragraph", "TEXT"),
)
PAGE_NUMBER = re.compile(r"^(?:[-—–]\s*(\d{1,4})\s*[-—–]|第\s*(\d{1,4})\s*页(?:\s*[/,,]?\s*共\s*\d+\s*页)?|"
                         r"(\d{1,4})\s*/\s*\d{1,4})$")
"""A page number as exports print it at the foot of a page: - 2 -, 第2页, 第2页 共5页, 2/5."""
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+")


@dataclass(frozen=True)
class DataTable:
    """A table of the dataset: its columns with their SQL types, its rows, and the columns to index."""

    name: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple[object, ...], ...]
    indexed: tuple[str, ...] = ()
    key: str | None = None

    def table(self) -> Table:
        """The same rows as a research table, for CSV, TSV and JSON Lines."""
        return Table(tuple(name for name, _ in self.columns), self.rows)


@dataclass(frozen=True)
class Dataset:
    tables: tuple[DataTable, ...]
    provenance: tuple[tuple[str, str], ...]


def dataset(idx: SearchIndex, version: str = "") -> Dataset:
    """Every report and paragraph of the generation `idx` has open, with its copied-text groups."""
    root = Path(idx.meta.get("corpus") or ".")
    dropped = {row["source"]: read_dropped(root, row) for row in idx.documents() if row.get("dropped_lines")}
    try:
        groups, copies_note = idx.copied_groups(), "read"
    except DupesDamaged as exc:
        groups, copies_note = [], f"unreadable ({exc}); copy_group is empty"
    paragraphs = paragraphs_table(idx, dropped, groups)
    tables = (reports_table(idx, dropped), paragraphs, copies_table(groups, paragraphs))
    provenance = (
        ("exported_at", datetime.now(UTC).isoformat(timespec="seconds")),
        ("search_version", version),
        ("index", str(Path(idx.path).parent.resolve())),
        ("generation", Path(idx.path).name),
        ("corpus", str(root)),
        *((name, str(idx.meta[name])) for name in ("schema", "analyzer", "dictionary") if name in idx.meta),
        *((f"rows_{t.name}", str(len(t.rows))) for t in tables),
        ("copies_table", copies_note),
        ("page_rule", "a PDF's page the paragraph starts on; otherwise "
                      "the number of the first page-number line dropped at or below the paragraph "
                      "(- 2 -, 第2页, 2/5); one more than the last such line below it; empty without any"),
        ("url_rule", "the address the file's own metadata gives (an HTML page's Url or canonical link), "
                     "else the first web address among the report's dropped lines"),
    )
    return Dataset(tables, provenance)


def reports_table(idx: SearchIndex, dropped: Mapping[str, Sequence[Mapping[str, object]]] | None = None) -> DataTable:
    """One row per report: what `search docs` lists, with the dropped-line count and the web address."""
    rows = idx.documents()
    if dropped is None:
        root = Path(idx.meta.get("corpus") or ".")
        dropped = {row["source"]: read_dropped(root, row) for row in rows if row.get("dropped_lines")}
    known = {name for name, _ in REPORT_FIELDS}
    later = sorted({field for row in rows for field in row} - known - {name for name, _ in REPORT_EXTRA})
    columns = (*REPORT_FIELDS, *((name, "TEXT") for name in later), *REPORT_EXTRA)
    out = []
    for row in rows:
        lines = dropped.get(row["source"], ())
        extra = {"dropped": _count(row.get("dropped_lines")), "url": row.get("url") or _web_address(lines)}
        out.append(tuple(_cell(row.get(name), kind) if name not in extra else extra[name] for name, kind in columns))
    return DataTable("reports", columns, tuple(out), ("town", "county", "year", "kind"), "source")


def paragraphs_table(idx: SearchIndex, dropped: Mapping[str, Sequence[Mapping[str, object]]],
                     groups: Iterable[Group]) -> DataTable:
    group_of = {(m.source, m.line): g.key for g in groups for m in g.members}
    rows = []
    for source in sorted(idx.meta["files"]):
        _, hits = idx.paragraph(source)
        pages = _page_numbers(dropped.get(source, ()))
        rows += [_paragraph_row(hit, hit.page if hit.page is not None else _page(pages, hit.end_line or hit.line),
                                group_of.get((source, hit.line)))
                 for hit in hits]
    return DataTable("paragraphs", PARAGRAPH_COLUMNS, tuple(rows), ("report", "section", "about_year", "copy_group"),
                     "id")


def copies_table(groups: Iterable[Group], paragraphs: DataTable) -> DataTable:
    """One row per member of a group of copies, with the id of the paragraph it names."""
    first_id: dict[tuple[object, object], object] = {}
    for row in paragraphs.rows:
        first_id.setdefault((row[1], row[2]), row[0])
    rows = tuple((g.key, g.reports(), m.source, m.line, first_id.get((m.source, m.line)))
                 for g in groups for m in g.members)
    return DataTable("copies", COPY_COLUMNS, rows, ("copy_group", "report"))


def _paragraph_row(hit: Hit, page: int | None, group: str | None) -> tuple[object, ...]:
    return (hit.id, hit.source, hit.line, hit.end_line, hit.citation, page, hit.section,
            HEADING_JOIN.join(hit.heading), about_year(hit), hit.text, group)


def _page_numbers(lines: Iterable[Mapping[str, object]]) -> list[tuple[int, int]]:
    """(line, page number) of each dropped line that is a page number, in file order."""
    found = []
    for line in lines:
        match = PAGE_NUMBER.match(str(line.get("text") or "").strip())
        number = line.get("line")
        if match and isinstance(number, int):
            found.append((number, int(next(g for g in match.groups() if g))))
    return sorted(found)


def _page(pages: list[tuple[int, int]], line: int) -> int | None:
    if not pages:
        return None
    at = bisect_left(pages, (line, 0))
    return pages[at][1] if at < len(pages) else pages[-1][1] + 1


def _web_address(lines: Iterable[Mapping[str, object]]) -> str | None:
    for line in lines:
        match = WEB_ADDRESS.search(str(line.get("text") or ""))
        if match:
            return match.group().rstrip(".,;:")
    return None


def _count(numbers: object) -> int:
    return len([n for n in str(numbers or "").split(",") if n])


def _cell(value: Any, kind: str) -> object:
    """A value as SQLite stores it: lists and tables as JSON text, truth values as 0/1, and a
    field the index left empty as NULL (NA in R and pandas)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    if value == "" or value is None:
        return None
    return int(value) if kind == "INTEGER" and isinstance(value, str) and value.isdigit() else value
