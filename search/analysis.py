"""Splitting normalised text into words, and weighing paragraphs by them.

Queries never load jieba: a term is split by longest match against the index's vocabulary, the
words jieba found in the corpus when it was indexed. Ranking is BM25 over how often a term and
its words occur in a paragraph's normalised text.
"""

from __future__ import annotations

import math
from collections.abc import Container

MAX_WORD = 8
K1 = 1.2
B = 0.75


def longest_match(norm: str, vocabulary: Container[str]) -> list[str]:
    """Words of `norm`, longest known word first at each position; unknown characters alone."""
    words: list[str] = []
    i = 0
    while i < len(norm):
        size = 1
        for candidate in range(min(MAX_WORD, len(norm) - i), 1, -1):
            if norm[i : i + candidate] in vocabulary:
                size = candidate
                break
        piece = norm[i : i + size]
        if piece.strip():
            words.append(piece)
        i += size
    return words


def idf(document_frequency: int, documents: int) -> float:
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


def saturation(frequency: int, length: int, average_length: float) -> float:
    """BM25's term-frequency part: more occurrences help, with diminishing returns.

    The searcher inlines this formula in its hot loop, with K1 * (1 - B + B * length / average)
    computed once per paragraph."""
    if not frequency:
        return 0.0
    norm = 1 - B + B * length / (average_length or 1.0)
    return frequency * (K1 + 1) / (frequency + K1 * norm)
