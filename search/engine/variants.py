"""Variants: words that name the same thing (屋场会 = 屋场恳谈会), from a table users edit.

The table is `search/data/variants.txt` next to the user dictionary, or the file named by
$SEARCH_VARIANTS. It is read at query time and cached by the file's size and modification time,
so an edit applies to the next query and the index never needs rebuilding.

Expansion works on the query tree before any evaluation: an unquoted term equal to an entry
becomes an OR of itself and the other entries of its group, so the engine sees a plain query.
The variants are matched literally, as if quoted (a variant's words apart are not that variant,
and highlights mark only where a variant stands). Quoted terms never expand. `to_query` writes
a tree back as query text that parses to the same tree, for engines that take text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from search.engine import syntax as q
from search.errors import UsageError
from search.normalize import normalize

VARIANTS_FILE = "variants.txt"
VARIANTS_ENV = "SEARCH_VARIANTS"
FORBIDDEN = set(' \t"():')

_cache: dict[tuple[str, int, int], dict[str, tuple[str, ...]]] = {}


@dataclass(frozen=True)
class Expansion:
    term: str
    variants: tuple[str, ...]


def table_path() -> Path:
    override = os.environ.get(VARIANTS_ENV)
    if override:
        return Path(override)
    return Path(str(resources.files("search").joinpath("data", VARIANTS_FILE)))


def load(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Normalised entry → its other entries as written; cached until the file changes."""
    path = path or table_path()
    try:
        stat = path.stat()
    except OSError as exc:
        raise UsageError(f"cannot read the variants table {path}: {exc.strerror or exc}") from None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        _cache.clear()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise UsageError(f"cannot read the variants table {path}: {reason}") from None
        _cache[key] = parse_table(text, str(path))
    return _cache[key]


def parse_table(text: str, name: str = VARIANTS_FILE) -> dict[str, tuple[str, ...]]:
    """Each `a = b = c` line makes a, b and c variants of each other; groups sharing an entry merge."""
    groups: list[list[str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        entries = [e.strip() for e in line.split("=")]
        if len(entries) < 2 or any(not e or FORBIDDEN & set(e) for e in entries):
            raise UsageError(f"{name}:{number}: write variants as `word = other word`, "
                             "without spaces, quotes, colons or parentheses inside an entry")
        groups.append(entries)
    merged: dict[str, list[str]] = {}
    for entries in groups:
        group: list[str] = []
        for entry in entries:
            group.extend(merged.get(normalize(entry), [entry]))
        group = list(dict.fromkeys(group))
        for entry in group:
            merged[normalize(entry)] = group
    return {norm: tuple(e for e in group if normalize(e) != norm) for norm, group in merged.items()}


def expand(node: q.Node | None, table: dict[str, tuple[str, ...]]) -> tuple[q.Node | None, list[Expansion]]:
    """The tree with every unquoted term that has variants replaced by term OR variants."""
    found: list[Expansion] = []

    def walk(item: q.Node) -> q.Node:
        if isinstance(item, q.Term):
            others = () if item.quoted else table.get(normalize(item.text), ())
            if not others:
                return item
            found.append(Expansion(item.text, others))
            return q.Or((item,) + tuple(q.Term(o, quoted=True) for o in others))
        if isinstance(item, q.And):
            return q.And(tuple(walk(c) for c in item.children))
        if isinstance(item, q.Or):
            return q.Or(tuple(walk(c) for c in item.children))
        if isinstance(item, q.Not):
            return q.Not(walk(item.child))
        return item

    return (None if node is None else walk(node)), found


def expand_query(text: str, table: dict[str, tuple[str, ...]] | None = None) -> tuple[str, list[Expansion]]:
    """Query text with its variants expanded, and what was expanded; unchanged if nothing was."""
    node, found = expand(q.parse(text), load() if table is None else table)
    return (to_query(node) if found else text), found


def to_query(node: q.Node | None) -> str:
    """Query text that `syntax.parse` turns back into `node`."""
    if node is None:
        return ""
    if isinstance(node, q.Term):
        return _quoted(node.text) if node.quoted else node.text
    if isinstance(node, q.Filter):
        return f"{node.field}:{node.value}"
    if isinstance(node, q.YearRange):
        return f"year:{node.low}..{node.high}"
    if isinstance(node, q.Not):
        return f"NOT {_grouped(node.child, q.Not)}"
    if isinstance(node, q.And):
        return " ".join(_grouped(c, q.And) for c in node.children)
    return " OR ".join(_grouped(c, q.Or) for c in node.children)


def _quoted(text: str) -> str:
    """Quoted with the first pair of quotes (`"…"`, 「…」, 『…』) whose closing mark the text lacks."""
    for opening, closing in (('"', '"'), ("「", "」"), ("『", "』")):
        if closing not in text:
            return f"{opening}{text}{closing}"
    return f'"{text}"'


def _grouped(node: q.Node, parent: type) -> str:
    """A child in parentheses where the parser would otherwise bind it differently."""
    text = to_query(node)
    loose = isinstance(node, q.Or) or (isinstance(node, q.And) and parent is not q.Or)
    return f"({text})" if loose else text


def explain(expansions: list[Expansion]) -> list[str]:
    return [f"{e.term} → {e.term} OR {' OR '.join(_quoted(v) for v in e.variants)}" for e in expansions]
