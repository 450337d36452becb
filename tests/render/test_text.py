"""Snippets, headers and the escaping of paragraph text for the terminal."""

from __future__ import annotations

from search.models import Hit, SearchResult
from search.render import Style, columns, fragments, header, result_json, snippet, snippet_pieces, visible, wrap_hanging

TEXT = ("一是加强宣传,新定制宣传广告牌20块,宣传河长制工作要求,明确主体责任。二是做好保洁及样板河建设。"
        "全年投入500人次用于河道保洁。")


def make_hit(text: str, spans: tuple[tuple[int, int], ...]) -> Hit:
    return Hit("004.txt:12", "004.txt", 12, "荫田镇", 2021, "工作总结",
               ("一、2021年各项工作情况", "4、河长制工作持续开展"),
               1.0, text, spans)


def test_fragments_are_whole_sentences_around_matches() -> None:
    start = TEXT.index("河长制")
    assert fragments(TEXT, ((start, start + 3),)) == [(0, TEXT.index("。") + 1)]
    second = TEXT.index("河道")
    frags = fragments(TEXT, ((start, start + 3), (second, second + 2)))
    assert [TEXT[s:e] for s, e in frags] == [TEXT[: TEXT.index("。") + 1], "全年投入500人次用于河道保洁。"]


def test_a_long_sentence_is_trimmed_around_the_match() -> None:
    text = "甲" * 300 + "河长制" + "乙" * 300
    (s, e), = fragments(text, ((300, 303),))
    assert s == 240 and e == 363


def test_snippet_marks_matches_without_colour_and_adds_ellipses() -> None:
    start = TEXT.index("保洁")
    out = snippet(make_hit(TEXT, ((start, start + 2),)), Style(color=False, marks=True))
    assert out == "…二是做好【保洁】及样板河建设。…"
    assert snippet(make_hit(TEXT, ((start, start + 2),)), Style(color=False)) == "…二是做好保洁及样板河建设。…"
    coloured = snippet(make_hit(TEXT, ((start, start + 2),)), Style(color=True))
    assert "\x1b[1;31m保洁\x1b[0m" in coloured


def test_control_characters_become_visible_and_keep_their_length() -> None:
    raw = "红色\x1b[31m字\x07\x7f\x85"
    shown = visible(raw)
    assert len(shown) == len(raw)
    assert shown == "红色␛[31m字␇\u2421\ufffd"
    assert "[bold]" in snippet(make_hit("[bold]河长制[/bold]。", ((6, 9),)), Style(color=False))


def test_header_names_town_year_section_heading_and_citation() -> None:
    line = header(make_hit(TEXT, ()), Style(color=False))
    assert line == "004.txt:12  荫田镇 · 2021 · 工作总结 › 一、2021年各项工作情况 › 4、河长制工作持续开展"


def test_a_narrow_terminal_puts_the_heading_path_on_its_own_shortened_line() -> None:
    first, second = header(make_hit(TEXT, ()), Style(color=False, width=40)).split("\n")
    assert first == "004.txt:12  荫田镇 · 2021 · 工作总结"
    assert second == "  … › 4、河长制工作持续开展" and columns(second) <= 40


def test_fragments_are_separated_once_and_unshown_matches_counted() -> None:
    text = "甲" * 200 + "河长制。" + "乙" * 200 + "河长制。" + "丙" * 200 + "河长制。" + "丁" * 200 + "河长制。"
    spans = tuple((m, m + 3) for m in range(len(text)) if text.startswith("河长制", m))
    out = snippet(make_hit(text, spans), Style(color=False))
    assert "… …" not in out and out.count(" … ") == 2
    assert out.endswith("(+1 more match)")


def test_a_long_sentence_is_cut_at_a_clause_not_inside_a_number() -> None:
    text = "前" * 100 + ",全镇投入资金12345678元用于河长制建设" + "后" * 100 + "。"
    start = text.index("河长制")
    (s, e), = fragments(text, ((start, start + 3),))
    assert text[s - 1] == "," and not text[e - 1].isdigit()


def test_wrapped_snippets_keep_a_hanging_indent_and_no_lone_ellipsis() -> None:
    start = TEXT.index("河长制")
    hit = make_hit(TEXT, ((start, start + 3),))
    lines = wrap_hanging(snippet_pieces(hit, Style(color=False)), 30).split("\n")
    assert len(lines) > 1 and all(line.startswith("  ") and columns(line) <= 30 for line in lines)
    assert all(line.strip() != "…" for line in lines)


def test_json_keeps_offsets_into_the_original_text() -> None:
    import json

    start = TEXT.index("河长制")
    data = json.loads(result_json(SearchResult("河长制", 1, (make_hit(TEXT, ((start, start + 3),)),), {})))
    hit = data["hits"][0]
    assert hit["text"][hit["highlights"][0][0] : hit["highlights"][0][1]] == "河长制"


def test_json_escapes_c1_controls_that_terminals_obey() -> None:
    from search.render import dumps

    out = dumps({"text": "河长\x9b2J制\x1b\x7f"})
    assert "\x9b" not in out and "\x1b" not in out and "\x7f" not in out
    import json

    assert json.loads(out) == {"text": "河长\x9b2J制\x1b\x7f"}
