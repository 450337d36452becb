"""Splitting normalised text into words, and weighing paragraphs by them.

Queries never load jieba: a term is split by longest match against the index's vocabulary, the
words jieba found in the corpus when it was indexed. Ranking is BM25 over how often a term and
its words occur in a paragraph's normalised text: `idf` here, and K1 and B, which ranking folds
into a per-paragraph length term (`search.engine.ranking.length_norm`).
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


def pieces(norm: str, vocabulary: Container[str]) -> list[str]:
    """What a term must contain when its words stand apart: the longest-match words, with each
    run of characters that no known word covers kept together (巡河 in 河长巡河 when the corpus
    never had it as a word), so a term is never left unmatched for want of a dictionary entry."""
    out: list[str] = []
    run = ""
    for word in longest_match(norm, vocabulary):
        if len(word) == 1 and word not in vocabulary:
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        out.append(word)
    if run:
        out.append(run)
    return out


def idf(document_frequency: int, documents: int) -> float:
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))
