"""The tokenizers pickled into the index: literal bigrams with positions, pre-split words."""

from __future__ import annotations

import pickle

from search.analysis import TOKEN_SEPARATOR, LiteralTokenizer, PresplitTokenizer, literal_grams


def tokens(tokenizer, text: str) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(t.text, t.pos) for t in tokenizer(text, positions=True)]


def test_literal_tokens_are_characters_and_bigrams_of_the_normalised_text() -> None:
    assert tokens(LiteralTokenizer(), "河長制5Ｇ") == [
        ("河", 0), ("河长", 0), ("长", 1), ("长制", 1), ("制", 2), ("制5", 2), ("5", 3), ("5g", 3), ("g", 4),
    ]


def test_punctuation_and_spaces_are_kept_for_ctrl_f() -> None:
    assert [t for t, _ in tokens(LiteralTokenizer(), "解决。 2")] == ["解", "解决", "决", "决。", "。", "。 ", " ", " 2", "2"]


def test_query_grams_are_consecutive_bigrams() -> None:
    assert literal_grams("镇") == ["镇"]
    assert literal_grams("河长") == ["河长"]
    assert literal_grams("屋场恳谈会") == ["屋场", "场恳", "恳谈", "谈会"]
    assert literal_grams("") == []


def test_presplit_words_get_ordinal_positions() -> None:
    value = TOKEN_SEPARATOR.join(["屋场恳谈会", "屋场", "", "召开"])
    assert tokens(PresplitTokenizer(), value) == [("屋场恳谈会", 0), ("屋场", 1), ("召开", 2)]


def test_tokenizers_survive_pickling() -> None:
    for tokenizer in (LiteralTokenizer(), PresplitTokenizer()):
        assert pickle.loads(pickle.dumps(tokenizer)) == tokenizer
