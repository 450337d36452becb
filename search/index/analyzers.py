"""The index's own Whoosh analyzers: jieba words with ordinal positions, and character bigrams.

They are pickled into the index's schema by reference, so opening the index imports this small
module (and Whoosh's analysis package) but never jieba: only analysing text does, which a query
of this project never asks for. Both take either text (what a Whoosh user's QueryParser passes)
or, when indexing, the tokens a worker process has already computed; text is normalised first,
so a Whoosh user may query in either script.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import TEXT

GRAM_END = "\x03"
"""Closes the bigram of a paragraph's last character, so that every occurrence of a character
starts some bigram: a single character is then a prefix lookup in the term dictionary."""


def bigrams(norm: str, edge: bool = True) -> list[str]:
    """Every pair of adjacent characters of normalised text, and the last character + GRAM_END."""
    grams = [norm[i : i + 2] for i in range(len(norm) - 1)]
    if edge and norm:
        grams.append(norm[-1] + GRAM_END)
    return grams


class _Tokenizer(Tokenizer):  # type: ignore[misc]  # Whoosh has no stubs: Tokenizer is Any to mypy
    """Stateless, so any two instances are equal (Whoosh compares analyzers); `spans` says what
    to yield for a text: (token, ordinal position, start character)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def spans(self, norm: str, indexing: bool) -> Iterable[tuple[str, int, int]]:
        raise NotImplementedError

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        from search.normalize import normalize

        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, position, start in self.spans(normalize(value), mode == "index"):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + start + len(text)
            yield token


class WordTokenizer(_Tokenizer):
    """jieba's words of normalised text, each at its ordinal position (0, 1, 2, …).

    When indexing, the dictionary words inside a longer word share its position, so that a word
    swallowed by a longer one is still a term, and phrases of whole words stay consecutive.
    """

    def spans(self, norm: str, indexing: bool) -> Iterable[tuple[str, int, int]]:
        from search.ingest.wordcut import word_spans

        return word_spans(norm, with_parts=indexing)


class WordsField(TEXT):  # type: ignore[misc]  # Whoosh has no stubs: TEXT is Any to mypy
    """A positional text field of jieba words that also takes, when indexing, the (word,
    position) pairs a worker already computed (Whoosh would number a list's items 0, 1, 2, …)."""

    def index(self, value: str | Iterable[tuple[str, int]], **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        positions: dict[str, list[int]] = {}
        for word, position in value:
            positions.setdefault(word, []).append(position)
        for word, found in positions.items():
            yield word.encode("utf-8"), len(found), float(len(found)), self.format.encode(sorted(found))


class BigramTokenizer(_Tokenizer):
    """Character bigrams of normalised text; with the closing edge bigram when indexing."""

    def spans(self, norm: str, indexing: bool) -> Iterable[tuple[str, int, int]]:
        return ((gram, i, i) for i, gram in enumerate(bigrams(norm, edge=indexing)))
