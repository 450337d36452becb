"""The query language, parsed into a small tree; no Whoosh here.

    屋场恳谈会 河长制          both terms (AND is implied)
    "2020年" OR 5G            quotes: exactly this text, as Ctrl+F would find it
    脱贫 NOT (疫情 OR 防控)    NOT, OR, parentheses
    town:荫田镇 year:2021 year:[2019 TO 2021] year:2019..2021 year:2019.. section:存在问题

What a Chinese keyboard types works too: “…”, 「…」 and 『…』 quote like "…"; （ ） group like
( ); ，、； separate terms like spaces; in full-width mode ＯＲ, ＮＯＴ, ＡＮＤ and town：荫田 or
year：２０２１ are the operators and filters they look like. Text inside quotes is always literal. A `name:value`
whose name is not a filter is searched as text.

Filters restrict the whole query wherever they stand (`split_filters`): values of one filter
are alternatives, different filters all apply, and NOT excludes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from search.errors import UsageError

FIELDS = ("town", "year", "section", "county", "city", "province", "kind", "about_year")
YEAR_FIELDS = ("year", "about_year")
MAX_QUERY_CHARS = 10_000
MAX_DEPTH = 100
_YEAR_RANGE = re.compile(r"^\[\s*(\d{4})\s+TO\s+(\d{4})\s*\]$|^(\d{4})?\.\.(\d{4})?$", re.IGNORECASE)
QUOTES = {'"': '"', "“": "”“", "「": "」", "『": "』"}
OPEN_GROUP, CLOSE_GROUP = "(（", ")）"
SEPARATORS = "，、；"
YEAR_MIN, YEAR_MAX = 1000, 9999


@dataclass(frozen=True)
class Term:
    text: str
    quoted: bool


@dataclass(frozen=True)
class Filter:
    field: str
    value: str


@dataclass(frozen=True)
class YearRange:
    low: int
    high: int
    field: str = "year"


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Term | Filter | YearRange | And | Or | Not
FilterNode = Filter | YearRange
"""The nodes that restrict a whole query wherever they stand."""


def clean_query(text: str) -> str:
    """Drop control and invisible format characters (zero-width spaces, BOMs) a paste may carry."""
    return "".join(" " if ch in "\t\r\n" else ch for ch in text
                   if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\t\r\n")


def parse(text: str) -> Node | None:
    """The query tree, or None for a query with nothing in it."""
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(f"query too long ({len(text):,} characters; the limit is {MAX_QUERY_CHARS:,})")
    tokens = _tokenize(clean_query(text))
    if not tokens:
        return None
    parser = _Parser(tokens)
    node = parser.expression()
    left = parser.peek()
    if left is not None:
        raise UsageError(f"unexpected {left[1]!r} in query (unbalanced parenthesis?)")
    return node


def positive_terms(node: Node | None) -> list[Term]:
    """Terms that a hit must or may contain (not those under NOT): what highlights show."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, (And, Or)):
        return [t for child in node.children for t in positive_terms(child)]
    return []


def has_text(node: Node | None) -> bool:
    return bool(positive_terms(node))


OPERATOR_WORDS = ("and", "or", "not")


def zero_hit_hints(node: Node | None) -> list[str]:
    """Why a query that found nothing may have: what it wrote that is text here, not syntax."""
    hints = []
    for term in dict.fromkeys(positive_terms(node)):
        if term.quoted:
            continue
        if term.text.lower() in OPERATOR_WORDS and term.text not in ("AND", "OR", "NOT"):
            hints.append(f"{term.text!r} was searched as a word; operators are capitals: {term.text.upper()}")
        elif term.text.startswith("-"):
            hints.append(f"{term.text!r}: '-' is text here; to exclude a term write NOT {term.text[1:]}")
        elif "*" in term.text or "?" in term.text:
            hints.append(f"{term.text!r}: '*' and '?' are text here; a term already finds longer words that contain it")
    return hints


# Tokens are (kind, text): kind is one of ( ) AND OR NOT TERM QUOTED FIELD.
def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(text)
    stops = f'{OPEN_GROUP}{CLOSE_GROUP}{SEPARATORS}{"".join(QUOTES)}'
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in SEPARATORS:
            i += 1
        elif ch in OPEN_GROUP or ch in CLOSE_GROUP:
            kind = "(" if ch in OPEN_GROUP else ")"
            tokens.append((kind, kind))
            i += 1
        elif ch in QUOTES:
            closers = QUOTES[ch]
            end = min((j for j in (text.find(c, i + 1) for c in closers) if j >= 0), default=-1)
            if end < 0:
                raise UsageError(f"unbalanced quote in query: add the closing {closers[0]}")
            tokens.append(("QUOTED", text[i + 1 : end]))
            i = end + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in stops:
                j += 1
            word = _half_width(text[i:j])
            field, _, value = word.partition(":")
            if field.lower() in FIELDS and value.startswith("[") and "]" not in value:
                end = text.find("]", j)
                if end < 0:
                    raise UsageError("unbalanced [ in year range: write year:[2019 TO 2021]")
                value, j = text[i + len(field) + 1 : end + 1], end + 1
            if field.lower() in FIELDS and value:
                tokens.append(("FIELD", f"{field.lower()}:{value}"))
            elif word in ("AND", "OR", "NOT"):
                tokens.append((word, word))
            else:
                tokens.append(("TERM", word))
            i = j
    return tokens


def _half_width(word: str) -> str:
    """A word as a Chinese keyboard in full-width mode types it (ＯＲ, town：荫田, year：２０２１), read
    as its half-width form when that is syntax: an operator, or a field with its value."""
    folded = unicodedata.normalize("NFKC", word)
    field, colon, _ = folded.partition(":")
    return folded if folded in ("AND", "OR", "NOT") or colon and field.lower() in FIELDS else word


def year_range(value: str) -> tuple[int, int] | None:
    """`2019..2021`, `2019..`, `..2021` or `[2019 TO 2021]` as (low, high); None if not a range.

    An open end is the widest year there is, so `2021..` means 2021 and later."""
    match = _YEAR_RANGE.match(value.strip())
    if not match or value.strip() == "..":
        return None
    low = match.group(1) or match.group(3)
    high = match.group(2) or match.group(4)
    years = (int(low) if low else YEAR_MIN, int(high) if high else YEAR_MAX)
    return min(years), max(years)


def split_filters(node: Node | None) -> tuple[Node | None, list[FilterNode], list[FilterNode]]:
    """The query without its filters, the filters it requires and those it excludes (NOT).

    Filters restrict the whole query wherever they stand: `屋场恳谈会 town:泉溪 OR town:铁丝塘`
    is 屋场恳谈会 in either town, not (屋场恳谈会 in 泉溪) or everything in 铁丝塘."""
    required: list[FilterNode] = []
    excluded: list[FilterNode] = []

    def strip(current: Node, negated: bool) -> Node | None:
        if isinstance(current, (Filter, YearRange)):
            (excluded if negated else required).append(current)
            return None
        if isinstance(current, Not):
            child = strip(current.child, not negated)
            return None if child is None else Not(child)
        if isinstance(current, (And, Or)):
            children = tuple(c for c in (strip(child, negated) for child in current.children) if c is not None)
            if not children:
                return None
            return children[0] if len(children) == 1 else type(current)(children)
        return current

    rest = None if node is None else strip(node, False)
    return rest, required, excluded


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def deeper(self) -> None:
        """Nesting is bounded so that parsing and evaluation never exhaust the stack."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise UsageError(f"query nested too deeply (over {MAX_DEPTH} levels of parentheses or NOT)")

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def next_kind(self) -> str | None:
        """The kind of the next token; None at the end."""
        token = self.peek()
        return token[0] if token else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expression(self) -> Node:
        children = [self.conjunction()]
        while self.next_kind() == "OR":
            self.take()
            children.append(self.conjunction())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def conjunction(self) -> Node:
        children = [self.unary()]
        while (kind := self.next_kind()) is not None and kind not in ("OR", ")"):
            if kind == "AND":
                self.take()
            children.append(self.unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self) -> Node:
        token = self.peek()
        if token is None:
            raise UsageError("query ends where a term was expected (after AND, OR or NOT)")
        if token[0] == "NOT":
            self.take()
            self.deeper()
            node = Not(self.unary())
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        kind, text = self.take()
        if kind == "(":
            if self.next_kind() == ")":
                raise UsageError("empty parentheses in query")
            self.deeper()
            node = self.expression()
            self.depth -= 1
            if self.next_kind() != ")":
                raise UsageError("unbalanced parenthesis in query: add the closing )")
            self.take()
            return node
        if kind == ")":
            raise UsageError("unbalanced parenthesis in query: ) without (")
        if kind in ("AND", "OR"):
            raise UsageError(f"{kind} needs a term on each side")
        if kind == "QUOTED":
            return Term(text, quoted=True)
        if kind == "FIELD":
            field, _, value = text.partition(":")
            if field in YEAR_FIELDS:
                years = year_range(value)
                if years:
                    return YearRange(*years, field)
            return Filter(field, value)
        return Term(text, quoted=False)
