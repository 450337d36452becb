"""The query language, parsed into a small tree; no Whoosh here.

    屋场恳谈会 河长制          both terms (AND is implied)
    "2020年" OR 5G            quotes: exactly this text, as Ctrl+F would find it
    脱贫 NOT (疫情 OR 防控)    NOT, OR, parentheses
    town:荫田镇 year:2021 year:[2019 TO 2021] year:2019..2021 section:存在问题

Only ASCII quotes and parentheses are syntax; full-width （） and “” are searched as text.
A `name:value` whose name is not a filter is searched as text too.
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
_YEAR_RANGE = re.compile(r"^\[\s*(\d{4})\s+TO\s+(\d{4})\s*\]$|^(\d{4})\.\.(\d{4})$", re.IGNORECASE)


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


def clean_query(text: str) -> str:
    """Drop control and invisible format characters (zero-width spaces, BOMs) a paste may carry."""
    return "".join(" " if ch in "\t\r\n" else ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf") or ch in "\t\r\n")


def parse(text: str) -> Node | None:
    """The query tree, or None for a query with nothing in it."""
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(f"query too long ({len(text):,} characters; the limit is {MAX_QUERY_CHARS:,})")
    tokens = _tokenize(clean_query(text))
    if not tokens:
        return None
    parser = _Parser(tokens)
    node = parser.expression()
    if parser.peek() is not None:
        raise UsageError(f"unexpected {parser.peek()[1]!r} in query (unbalanced parenthesis?)")
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


# Tokens are (kind, text): kind is one of ( ) AND OR NOT TERM QUOTED FIELD.
def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append((ch, ch))
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise UsageError("unbalanced quote in query: add the closing \"")
            tokens.append(("QUOTED", text[i + 1 : end]))
            i = end + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            word = text[i:j]
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

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expression(self) -> Node:
        children = [self.conjunction()]
        while self.peek() and self.peek()[0] == "OR":
            self.take()
            children.append(self.conjunction())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def conjunction(self) -> Node:
        children = [self.unary()]
        while self.peek() and self.peek()[0] not in ("OR", ")"):
            if self.peek()[0] == "AND":
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
            if self.peek() and self.peek()[0] == ")":
                raise UsageError("empty parentheses in query")
            self.deeper()
            node = self.expression()
            self.depth -= 1
            if not self.peek() or self.peek()[0] != ")":
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
                match = _YEAR_RANGE.match(value)
                if match:
                    low, high = (int(g) for g in (match.group(1) or match.group(3), match.group(2) or match.group(4)))
                    return YearRange(min(low, high), max(low, high), field)
            return Filter(field, value)
        return Term(text, quoted=False)
