"""Query-side word splitting against a vocabulary, and the BM25 pieces."""

from __future__ import annotations

from search.analysis import idf, longest_match, saturation

VOCABULARY = {"屋场恳谈会", "屋场", "恳谈会", "脱贫攻坚", "脱贫", "攻坚", "产业", "发展", "河长制", "河长"}


def test_longest_known_word_wins() -> None:
    assert longest_match("屋场恳谈会", VOCABULARY) == ["屋场恳谈会"]
    assert longest_match("脱贫攻坚产业发展", VOCABULARY) == ["脱贫攻坚", "产业", "发展"]


def test_unknown_characters_stand_alone_and_spaces_are_dropped() -> None:
    assert longest_match("河长制 巡河", VOCABULARY) == ["河长制", "巡", "河"]
    assert longest_match("", VOCABULARY) == []


def test_rarer_words_weigh_more_and_repeats_saturate() -> None:
    assert idf(1, 1000) > idf(500, 1000) > 0
    assert saturation(0, 100, 100.0) == 0.0
    assert saturation(1, 100, 100.0) < saturation(2, 100, 100.0) < saturation(50, 100, 100.0) < 1.2 + 1
    assert saturation(1, 50, 100.0) > saturation(1, 200, 100.0)
