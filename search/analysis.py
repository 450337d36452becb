"""Splitting normalised text into words, and weighing paragraphs by them.

Queries never load jieba: a term is split by longest match against the index's vocabulary, the
words jieba found in the corpus when it was indexed. Ranking is BM25 over how often a term and
its words occur in a paragraph's normalised text: `idf` here, and K1 and B, which the indexer
folds into a per-paragraph length term (`indexer.length_norms`).
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
