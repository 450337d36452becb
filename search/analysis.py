"""Tokenizers pickled into the index.

Whoosh stores the analyzers in the index and imports this module whenever the index is opened,
so it stays small, stable and free of jieba: word segmentation happens before indexing
(`search.segment`) and reaches Whoosh as pre-split tokens.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Token, Tokenizer

from search.normalize import normalize

TOKEN_SEPARATOR = "\x1f"
ANALYZER_VERSION = "2"


class LiteralTokenizer(Tokenizer):
    """Every character and every character bigram of the normalised text, both at position i.

    A string of n >= 2 characters occurs in the text exactly when its n-1 bigrams occur at
    consecutive positions, so a phrase query over bigrams is Ctrl+F on the normalised text;
    single characters are plain terms. Whitespace and punctuation are kept: Ctrl+F sees them.
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:
        text = normalize(value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, ch in enumerate(text):
            token.pos = start_pos + i
            token.text = ch
            token.boost = 1.0
            token.stopped = False
            if chars:
                token.startchar, token.endchar = start_char + i, start_char + i + 1
            yield token
            if i + 1 < len(text):
                token.text = text[i : i + 2]
                if chars:
                    token.endchar = start_char + i + 2
                yield token


class PresplitTokenizer(Tokenizer):
    """Tokens already segmented by the indexer, joined by TOKEN_SEPARATOR; ordinal positions."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, word in enumerate(w for w in value.split(TOKEN_SEPARATOR) if w):
            token.pos = start_pos + i
            token.text = word
            token.boost = 1.0
            token.stopped = False
            yield token


def literal_grams(norm: str) -> list[str]:
    """The literal field's query terms for a normalised string: itself if short, else its bigrams."""
    if len(norm) <= 2:
        return [norm] if norm else []
    return [norm[i : i + 2] for i in range(len(norm) - 1)]
