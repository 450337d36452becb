"""Query-side word splitting against a vocabulary, and the BM25 pieces."""

from __future__ import annotations

from search.engine.ranking import length_norm
from search.engine.terms import K1, B, idf, longest_match

VOCABULARY = {"屋场恳谈会", "屋场", "恳谈会", "脱贫攻坚", "脱贫", "攻坚", "产业", "发展", "河长制", "河长"}


def test_longest_known_word_wins() -> None:
    assert longest_match("屋场恳谈会", VOCABULARY) == ["屋场恳谈会"]
    assert longest_match("脱贫攻坚产业发展", VOCABULARY) == ["脱贫攻坚", "产业", "发展"]


def test_unknown_characters_stand_alone_and_spaces_are_dropped() -> None:
    assert longest_match("河长制 巡河", VOCABULARY) == ["河长制", "巡", "河"]
    assert longest_match("", VOCABULARY) == []


def test_rarer_words_weigh_more() -> None:
    assert idf(1, 1000) > idf(500, 1000) > 0


def test_length_terms_grow_with_length_around_the_live_average() -> None:
    average = 350 / 3
    assert length_norm(50, average) < length_norm(100, average) < length_norm(200, average)
    assert abs(length_norm(100, average) - K1 * (1 - B + B * 100 / average)) < 1e-9
    assert abs(length_norm(average, average) - K1) < 1e-9
