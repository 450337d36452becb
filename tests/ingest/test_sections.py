"""build_document(): metadata, sections and heading paths, on the seeds and on variants of them.

Variants are what the same report looks like from another site or export: another encoding, the
other script, without the CMS breadcrumb, without its title, with Windows line ends. Each must give
the same town, year and section per line as the seed itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest

from search.ingest.corpus import iter_corpus, read_file
from search.ingest.document import build_document
from search.ingest.sections import heading_of, section_of
from search.models import Document, RawFile
from search.normalize import normalize
from support import FIXTURES

PLACEHOLDER = re.compile(r"关键词\d+")

EXPECTED = {
    "000": {"town": "泉溪镇", "year": 2020, "date": None, "title": None},
    "001": {"town": "晓坪乡", "year": 2020, "date": None, "title": "晓坪乡人民政府2020年度工作总结"},
    "002": {"town": "铁丝塘镇", "year": 2023, "date": "2023-12-06", "title": None},
    "003": {"town": "洪山镇", "year": 2019, "date": None, "title": "洪山鎮2019年工作總結及2020年工作規劃"},
    "004": {"town": "荫田镇", "year": 2021, "date": "2021-12-06", "title": "荫田镇2021年度工作总结及2022年工作计划"},
}
TRADITIONAL = {"000", "002", "003"}
BREADCRUMB_LINES = {"003": [1], "004": [1]}
TITLE_LINES = {"001": [1], "003": [3, 5], "004": [2]}


def document(text: str, source: str = "x.txt") -> Document:
    return build_document(RawFile(source, text, "utf-8", "0" * 64))


def seed_document(seed) -> Document:
    raw = read_file(seed.path, seed.name)
    assert isinstance(raw, RawFile), raw
    return build_document(raw)


def sections(doc: Document) -> dict[int, str]:
    return {p.line: p.section for p in doc.paragraphs}


def blanked(seed, numbers: list[int]) -> str:
    """The seed with these lines emptied, so that every other line keeps its number."""
    return "\n".join("" if i in numbers else line for i, line in enumerate(seed.lines, start=1))


# ---------------------------------------------------------------- the seeds themselves


def test_metadata_of_every_seed(seed) -> None:
    doc = seed_document(seed)
    expected = EXPECTED[seed.key]
    assert (doc.town, doc.year, doc.date, doc.title) == (
        expected["town"], expected["year"], expected["date"], expected["title"])
    assert doc.encoding == "utf-8"
    assert doc.source == seed.name


def test_corpus_listing_gives_the_five_answers(copy_seeds) -> None:
    """What `search docs` prints: town, year and date per report."""
    found = {}
    for item in iter_corpus(copy_seeds()):
        assert isinstance(item, RawFile), item
        doc = build_document(item)
        found[item.source[:3]] = (doc.town, doc.year, doc.date)
    assert found == {key: (e["town"], e["year"], e["date"]) for key, e in EXPECTED.items()}


@pytest.mark.parametrize(
    ("key", "line", "section"),
    [
        ("000", 1, "前言"),
        ("000", 2, "工作总结"),
        ("000", 9, "工作总结"),
        ("000", 10, "存在问题"),
        ("000", 11, "存在问题"),
        ("000", 14, "存在问题"),
        ("000", 15, "工作计划"),
        ("000", 16, "工作计划"),
        ("000", 21, "工作计划"),
        ("001", 1, "前言"),
        ("001", 2, "前言"),
        ("001", 3, "工作总结"),
        ("001", 22, "工作总结"),
        ("001", 23, "存在问题"),
        ("001", 27, "存在问题"),
        ("001", 28, "工作计划"),
        ("001", 35, "工作计划"),
        ("001", 36, "意见建议"),
        ("001", 37, "意见建议"),
        ("001", 38, "意见建议"),
        ("002", 1, "前言"),
        ("002", 11, "工作总结"),
        ("002", 12, "存在问题"),
        ("002", 13, "工作计划"),
        ("002", 25, "工作计划"),
        ("003", 3, "前言"),
        ("003", 7, "工作总结"),
        ("003", 11, "工作总结"),
        ("003", 37, "工作总结"),
        ("003", 39, "存在问题"),
        ("003", 41, "工作计划"),
        ("003", 53, "工作计划"),
        ("004", 2, "前言"),
        ("004", 4, "前言"),
        ("004", 5, "工作总结"),
        ("004", 18, "工作总结"),
        ("004", 19, "存在问题"),
        ("004", 20, "存在问题"),
        ("004", 21, "工作计划"),
        ("004", 30, "工作计划"),
    ],
)
def test_section_of_line(seeds, key: str, line: int, section: str) -> None:
    assert sections(seed_document(seeds[key]))[line] == section


@pytest.mark.parametrize(
    ("key", "line", "path"),
    [
        ("001", 7, ("一、“十三五”及2020年工作任务完成情况", "(一)全力以赴,打赢脱贫攻坚总决战",
                    "1.加大产业就业帮扶力度")),
        ("001", 6, ("一、“十三五”及2020年工作任务完成情况", "(一)全力以赴,打赢脱贫攻坚总决战")),
        ("001", 11, ("一、“十三五”及2020年工作任务完成情况", "(二)深化改革,健全各项制度体制",
                     "二是推进乡政务服务中心改革")),
        ("001", 38, ("四、对政府自身建设的意见和建议", "(二)建议加大政策、项目和资金扶持力度")),
        ("000", 3, ("一、2020年工作總結", "(一)堅持黨建引領,全麵築牢戰鬥堡壘")),
        ("000", 11, ("二、存在問題和困難", "一是轄區發展水平亟需進一步提升")),
        ("000", 16, ("三、2021年工作計劃",)),
        ("002", 4, ("一、2023年工作總結", "(一)以黨建為引領,提升基層黨建", "1.加強理論學習,築牢黨員思想根基")),
        ("002", 12, ("一、2023年工作總結",)),
        ("003", 15, ("2019年政府工作回顧", "發展特色農業,農村經濟平穩發展", "——發展特色產業")),
        ("003", 39, ("2019年政府工作回顧",)),
        ("003", 41, ("2020年政府工作打算",)),
        ("003", 45, ("2020年政府工作打算", "(二)推進生態文明建設,建設\"清新洪山\"")),
        ("004", 9, ("一、2021年各项工作情况", "(二)坚持农业为根基,激活农村效能", "1、乡村振兴开局有力")),
        ("004", 4, ()),
    ],
)
def test_heading_path_of_line(seeds, key: str, line: int, path: tuple[str, ...]) -> None:
    [paragraph] = [p for p in seed_document(seeds[key]).paragraphs if p.line == line]
    assert paragraph.heading == path


def test_every_paragraph_is_its_file_line(seed) -> None:
    """A paragraph's line is a citation: that file line, stripped and without placeholders."""
    doc = seed_document(seed)
    assert doc.paragraphs
    for paragraph in doc.paragraphs:
        original = seed.lines[paragraph.line - 1]
        assert PLACEHOLDER.sub("", original.strip()).strip() == paragraph.text
        assert (paragraph.town, paragraph.year, paragraph.source) == (doc.town, doc.year, seed.name)
    assert [p.order for p in doc.paragraphs] == list(range(len(doc.paragraphs)))
    assert [p.line for p in doc.paragraphs] == sorted({p.line for p in doc.paragraphs})


def test_boilerplate_is_never_a_paragraph(seed) -> None:
    texts = [normalize(p.text) for p in seed_document(seed).paragraphs]
    for text in texts:
        assert not text.startswith(("当前页面", "附件下载", "扫一扫在手机打开当前页", "相关稿件")), text


def test_placeholder_is_cut_and_repeated_title_is_front_matter(seeds) -> None:
    doc = seed_document(seeds["003"])
    by_line = {p.line: p.text for p in doc.paragraphs}
    assert by_line[11].startswith("一年來,克服")
    assert [(p.line, p.section) for p in doc.paragraphs if p.text == doc.title] == [(3, "前言"), (5, "前言")]
    assert not any(PLACEHOLDER.search(p.text) for p in doc.paragraphs)


def test_review_problems_and_plan_come_in_that_order(seeds) -> None:
    """Each report has a review, a problems and a plan part, in that order."""
    for seed in seeds.values():
        doc = seed_document(seed)
        order = [p.section for p in doc.paragraphs]
        for earlier, later in (("工作总结", "存在问题"), ("存在问题", "工作计划")):
            assert (max(i for i, s in enumerate(order) if s == earlier)
                    < min(i for i, s in enumerate(order) if s == later))
        assert doc.section_counts()["存在问题"] >= 1


# ---------------------------------------------------------------- variants of the seeds


def assert_same_structure(variant: Document, original: Document) -> None:
    assert (variant.town, variant.year, variant.date) == (original.town, original.year, original.date)
    assert [(p.line, p.section) for p in variant.paragraphs] == [(p.line, p.section) for p in original.paragraphs]
    assert [tuple(map(normalize, p.heading)) for p in variant.paragraphs] == [
        tuple(map(normalize, p.heading)) for p in original.paragraphs
    ]


def test_encoded_variant_has_the_same_structure(seed, variant_encoding, encode_as, tmp_path: Path) -> None:
    data, _ = encode_as(seed.text, variant_encoding)
    path = tmp_path / seed.name
    path.write_bytes(data)
    raw = read_file(path, seed.name)
    assert isinstance(raw, RawFile), raw
    variant = build_document(raw)
    assert variant.encoding == variant_encoding
    assert_same_structure(variant, seed_document(seed))


def test_other_script_has_the_same_structure(seed) -> None:
    config = "t2s" if seed.key in TRADITIONAL else "s2t"
    converted = opencc.OpenCC(config).convert(seed.text)
    assert converted != seed.text
    assert_same_structure(document(converted), seed_document(seed))


@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_other_line_ends_have_the_same_structure(seed, line_end: str) -> None:
    assert_same_structure(document(seed.text.replace("\n", line_end)), seed_document(seed))


def test_fullwidth_punctuation_and_indentation_have_the_same_structure(seed) -> None:
    """Many sites write （一）、：；, and indent paragraphs with two ideographic spaces."""
    widen = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "!": "！", "?": "？"})
    text = "\n".join("\u3000\u3000" + line.translate(widen) if line else line for line in seed.lines)
    variant, original = document(text), seed_document(seed)
    assert (variant.town, variant.year, variant.date) == (original.town, original.year, original.date)
    assert [(p.line, p.section) for p in variant.paragraphs] == [(p.line, p.section) for p in original.paragraphs]


def test_page_breaks_do_not_move_citations(seed) -> None:
    """Text exported from Word or PDF carries \\f at page breaks, at the start of a line."""
    text = "\n".join("\x0c" + line if i % 5 == 0 else line for i, line in enumerate(seed.lines, start=1))
    assert_same_structure(document(text), seed_document(seed))


@pytest.mark.parametrize("key", sorted(BREADCRUMB_LINES))
def test_without_breadcrumb(seeds, key: str) -> None:
    seed = seeds[key]
    variant = document(blanked(seed, BREADCRUMB_LINES[key]))
    assert (variant.town, variant.year) == (EXPECTED[key]["town"], EXPECTED[key]["year"])
    assert_same_structure(variant, seed_document(seed))


@pytest.mark.parametrize("key", sorted(TITLE_LINES))
def test_without_title(seeds, key: str) -> None:
    """The title is the strongest evidence for the year; the body must suffice without it."""
    seed = seeds[key]
    variant = document(blanked(seed, TITLE_LINES[key]))
    assert variant.title is None
    assert (variant.town, variant.year) == (EXPECTED[key]["town"], EXPECTED[key]["year"])
    original = sections(seed_document(seed))
    assert sections(variant) == {n: s for n, s in original.items() if n not in TITLE_LINES[key]}


@pytest.mark.parametrize("key", sorted(set(BREADCRUMB_LINES) & set(TITLE_LINES)))
def test_without_breadcrumb_and_title(seeds, key: str) -> None:
    """荫田镇 and 洪山镇 must come from the opening sentence and body, 2021/2019 from headings."""
    seed = seeds[key]
    variant = document(blanked(seed, BREADCRUMB_LINES[key] + TITLE_LINES[key]))
    assert (variant.town, variant.year, variant.title) == (EXPECTED[key]["town"], EXPECTED[key]["year"], None)


def test_without_signature_and_date(seeds) -> None:
    """002 names its town in the signature; the body alone still names it most often."""
    variant = document(blanked(seeds["002"], [26, 27]))
    assert (variant.town, variant.year, variant.date) == ("铁丝塘镇", 2023, None)
    assert sections(variant)[12] == "存在问题"


def test_lines_deleted_rather_than_blanked(seeds) -> None:
    """Without the breadcrumb and blank lines 003's lines renumber; sections follow the text."""
    seed = seeds["003"]
    kept = [line for n, line in enumerate(seed.lines, start=1) if line.strip() and n != 1]
    variant = document("\n".join(kept))
    original = seed_document(seed)
    assert (variant.town, variant.year, variant.title) == ("洪山镇", 2019, original.title)
    assert [(p.text, p.section) for p in variant.paragraphs] == [(p.text, p.section) for p in original.paragraphs]


# ---------------------------------------------------------------- rules in isolation


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("一、2020年工作總結", 1),
        ("一、 2020年工作总结", 1),
        ("二:存在的问题", 1),
        ("三 下步工作打算", 1),
        ("〔一〕抓好班子建设", 2),
        ("(一)、抓好班子建设", 2),
        ("三、2022年工作安排及打算", 1),
        ("第二部分 存在问题", 1),
        ("(一)坚持党建为根底,发挥组织作用", 2),
        ("（二）扎实抓好民生实事", 2),
        ("1.加大产业就业帮扶力度。全乡累计兑现产业奖补资金606户290.92万元", 3),
        ("1、乡村振兴开局有力。", 3),
        ("２．抓好禁毒和反电信诈骗工作。", 3),
        ("(3)强化安全监管", 3),
        ("一是强化班子建设。圆满完成新一届村(社区)换届工作", 3),
        ("①做好春耕备耕", 3),
        ("——發展特色產業。我鎮在煙葉領域堅持精益生產", 3),
        ("發展特色農業,農村經濟平穩發展", 0),
    ],
)
def test_heading_levels(line: str, level: int) -> None:
    heading = heading_of(line)
    assert heading is not None and heading.level == level


@pytest.mark.parametrize(
    "line",
    [
        "1.5亿元用于基础设施建设,完成率达到百分之九十以上。",
        "2023年12月6日",
        "(2021年12月6日)",
        "鐵絲塘鎮人民政府",
        "主要做好以下工作:",
        "全乡建档立卡贫困户共606户2059人,于今年全部脱贫。",
    ],
)
def test_not_headings(line: str) -> None:
    assert heading_of(line) is None


def test_heading_label_stops_at_the_sentence_end() -> None:
    heading = heading_of("(二)推進生態文明建設,建設\"清新洪山\"。一是推進生態工程建設")
    assert heading is not None and heading.label == "(二)推進生態文明建設,建設\"清新洪山\""


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("二、存在問題和困難", "存在问题"),
        ("二、存在的问题及不足", "存在问题"),
        ("四、对政府自身建设的意见和建议", "意见建议"),
        ("一、“十三五”及2020年工作任务完成情况", "工作总结"),
        ("2019年政府工作回顧", "工作总结"),
        ("三、2022年工作安排及打算", "工作计划"),
        ("2020年政府工作打算", "工作计划"),
        ("三、2021年及“十四五”经济发展定位及规划思路的想法", "工作计划"),
        ("(一)坚持党建为根底,发挥组织作用", None),
    ],
)
def test_section_keywords(heading: str, section: str | None) -> None:
    assert section_of(normalize(heading)) == section


def test_a_year_heading_without_a_town_is_not_the_title() -> None:
    """2019年政府工作回顾 opens the review when 2020年政府工作打算 follows; the report has no title."""
    doc = document(
        "2019年政府工作回顾\n过去一年,全镇完成工农业总产值7.5亿元。\n"
        "发展特色农业,农村经济平稳发展\n——发展特色产业。烟叶种植面积2200亩。\n"
        "2020年政府工作打算\n2020年是全面建成小康社会的决胜之年。\n"
        "各位代表,让我们为洪山镇的高质量发展而努力奋斗!"
    )
    assert doc.title is None
    assert doc.year == 2019
    assert [p.section for p in doc.paragraphs] == ["工作总结"] * 4 + ["工作计划"] * 3


def test_a_year_title_naming_the_town_stays_the_title() -> None:
    doc = document(
        "洪山镇2019年工作回顾\n过去一年,全镇完成工农业总产值7.5亿元。\n"
        "2020年工作打算\n2020年是全面建成小康社会的决胜之年。"
    )
    assert doc.title == "洪山镇2019年工作回顾"
    assert (doc.town, doc.year) == ("洪山镇", 2019)
    assert [p.section for p in doc.paragraphs][2:] == ["工作计划", "工作计划"]


def test_a_plan_whose_top_headings_are_topics_is_all_plan() -> None:
    from search.models import RawFile

    text = ("石门乡2022年工作计划\n一、加强党的建设\n(一)抓好班子建设。全面提升石门乡干部能力。\n"
            "二、推进乡村振兴\n1.发展产业。扩大种植面积。\n")
    document = build_document(RawFile("plan.txt", text, "utf-8", "0" * 64))
    assert (document.town, document.year, document.kind) == ("石门乡", None, "工作计划")
    assert [p.section for p in document.paragraphs] == ["前言"] + ["工作计划"] * 4
    assert {p.about_year for p in document.paragraphs} == {2022}


def test_long_heading_label_stops_at_a_full_width_comma_in_either_text() -> None:
    from search.ingest.sections import heading_of

    heading = heading_of("(二)加强宣传，"
                         + "新定制宣传广告牌二十块宣传河长制工作要求明确主体责任并落实到人到岗到位" * 2 + "。")
    assert heading is not None and heading.level == 2
    assert heading.label == "(二)加强宣传" and heading.norm_label == "(二)加强宣传"


# ---------------------------------------------------------------- report styles found on real sites

FIXTURES = FIXTURES / "reports"

# file: (town, county, year, kind, {line: section})
STYLES = {
    "gov_metadata": ("沙沟镇", "沂水县", 2020, "年度总结",
                     {5: "前言", 6: "前言", 7: "工作总结", 9: "工作总结", 12: "工作计划", 14: "工作计划",
                      16: "工作计划"}),
    "content_farm": ("", "", None, "年度总结",
                     {7: "前言", 9: "工作总结", 11: "工作总结", 12: "存在问题", 13: "工作计划"}),
    "town_congress": ("官渡镇", "", 2020, "政府工作报告",
                      {2: "前言", 3: "前言", 4: "前言", 5: "前言", 7: "工作总结", 9: "工作总结", 10: "存在问题",
                       11: "工作计划", 12: "工作计划", 14: "工作计划", 16: "工作计划"}),
    "street_plan": ("龙潭街道", "桂阳县", None, "工作计划",
                    {2: "前言", 4: "工作计划", 8: "工作计划", 9: "其他", 10: "其他"}),
    "half_year": ("黄柏镇", "潜山市", 2022, "阶段总结", {2: "前言", 4: "工作总结", 7: "存在问题", 9: "工作计划"}),
    "info_report": ("清水乡", "循化撒拉族自治县", 2022, "信息公开年报",
                    {2: "前言", 4: "工作总结", 8: "工作总结", 10: "存在问题", 11: "工作计划", 13: "其他"}),
    "unheaded_close": ("青山镇", "罗山县", 2019, "年度总结",
                       {2: "前言", 3: "工作总结", 5: "工作总结", 6: "存在问题", 7: "工作计划", 8: "其他", 9: "其他"}),
    "briefing_profile": ("于家务回族乡", "通州区", 2021, "其他",
                         {2: "前言", 3: "前言", 5: "其他", 7: "工作总结", 8: "工作总结", 10: "意见建议"}),
    "parts_items": ("巴彦塔拉苏木", "巴林右旗", 2022, "年度总结",
                    {2: "前言", 4: "工作总结", 6: "工作总结", 8: "存在问题", 10: "工作计划"}),
    "template_year": ("", "", 2023, "年度总结", {2: "前言", 4: "工作总结", 6: "工作计划"}),
    "fragments": ("", "", None, "年度总结", {2: "前言", 3: "前言", 5: "工作总结", 7: "工作计划"}),
}


def fixture_document(name: str) -> Document:
    raw = read_file(FIXTURES / f"{name}.txt", f"{name}.txt")
    assert isinstance(raw, RawFile), raw
    return build_document(raw)


@pytest.mark.parametrize("name", sorted(STYLES))
def test_report_styles(name: str) -> None:
    town, county, year, kind, expected = STYLES[name]
    doc = fixture_document(name)
    assert (doc.town, doc.county, doc.year, doc.kind) == (town, county, year, kind)
    assert {n: s for n, s in sections(doc).items() if n in expected} == expected


@pytest.mark.parametrize("name", sorted(STYLES))
def test_report_styles_in_traditional_script(name: str) -> None:
    """About one real report in six is in Traditional script: every answer stays the same."""
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    variant, original = document(opencc.OpenCC("s2t").convert(text)), fixture_document(name)
    assert (variant.town, variant.county, variant.year, variant.kind) == (
        original.town, original.county, original.year, original.kind)
    assert sections(variant) == sections(original)


def test_about_year_follows_what_a_paragraph_is_about() -> None:
    """A 2021 government work report reviews 2020 and plans 2021; a plan-only report plans."""
    congress = {p.line: p.about_year for p in fixture_document("town_congress").paragraphs}
    assert (congress[7], congress[10], congress[12], congress[16]) == (2020, 2020, 2021, 2021)
    half = {p.line: p.about_year for p in fixture_document("half_year").paragraphs}
    assert (half[4], half[9]) == (2022, 2022)
    plan = fixture_document("street_plan")
    assert {p.about_year for p in plan.paragraphs} == {2023}


def test_a_template_title_year_that_the_body_contradicts_is_recorded_as_doubt() -> None:
    doc = fixture_document("template_year")
    assert doc.year == 2023 and doc.year_doubt and "2012" in doc.year_doubt


def test_placeholder_years_give_no_year() -> None:
    doc = fixture_document("content_farm")
    assert doc.year is None and doc.year_doubt
    assert {p.about_year for p in doc.paragraphs} == {None}


def test_site_boilerplate_is_counted_with_line_numbers() -> None:
    doc = fixture_document("gov_metadata")
    assert [line.number for line in doc.dropped] == [1, 2, 3, 4, 17, 18, 19, 20]
    assert all(p.line not in {1, 2, 3, 4, 17, 18, 19, 20} for p in doc.paragraphs)
    farm = fixture_document("content_farm")
    assert [line.number for line in farm.dropped] == [1, 2, 3, 4, 5, 14, 15, 16]


def test_seeds_carry_their_place(seed) -> None:
    doc = seed_document(seed)
    expected = {
        "000": ("衡南县", "430422109"), "001": ("芷江侗族自治县", "431228223"), "002": ("衡南县", "430422108"),
        "003": ("衡南县", "430422110"), "004": ("常宁市", "430482104"),
    }[seed.key]
    assert (doc.county, doc.division_code) == expected
    assert doc.town_checked and doc.kind == "年度总结"
    assert doc.province == "湖南省" and doc.city == ("怀化市" if seed.key == "001" else "衡阳市")


def test_a_site_title_above_the_title_and_a_subtitle_below_are_front_matter() -> None:
    doc = document(
        "某县人民政府-2016年上半年润雅乡工作自查报告\n2016年上半年润雅乡工作自查报告\n"
        "2016年,润雅乡各项工作稳步推进。\n一、基础设施建设有序推进\n村道建设全部完工。"
    )
    assert [p.section for p in doc.paragraphs] == ["前言", "前言", "前言", "工作总结", "工作总结"]
    assert (doc.town, doc.kind, doc.year) == ("润雅乡", "自查报告", 2016)


def test_a_clause_ending_in_a_comma_is_not_a_heading() -> None:
    assert heading_of("2019 年,全镇党委、政府在市委的坚强领导下,") is None


def test_a_year_heading_under_a_yearless_title_is_a_heading_not_the_title() -> None:
    doc = document("镇政府年终工作总结\nxxxx年工作回顾\n过去一年,全镇基本完成了年度工作任务。\n"
                   "一、推进项目建设\n引进项目三个。")
    assert doc.title == "镇政府年终工作总结" and doc.year is None
    assert [p.section for p in doc.paragraphs] == ["前言", "工作总结", "工作总结", "工作总结", "工作总结"]


def test_a_collection_item_and_a_title_broken_after_a_conjunction_are_front_matter() -> None:
    doc = document(
        "镇长个人述职报告十二篇\n第一篇 镇长个人述职报告2150字\n尊敬的各位领导:\n本人自20__年起任镇长。\n"
        "一、抓好学习\n自觉把学习作为基本需要。"
    )
    assert (doc.title, doc.year) == ("镇长个人述职报告十二篇", None)
    assert [p.section for p in doc.paragraphs] == ["前言"] * 4 + ["工作总结"] * 2
    broken = document("宗加镇2010年工作总结及2011年工作计划\n宗加镇2010年工作总结及\n2011年工作计划\n"
                      "今年以来,全镇发展良好。\n一、基本情况\n全镇辖14个村。")
    assert [(p.line, p.end_line, p.section) for p in broken.paragraphs] == [
        (1, None, "前言"), (2, 3, "前言"), (4, None, "前言"), (5, None, "其他"), (6, None, "其他")]
    assert (broken.town, broken.county, broken.year) == ("宗加镇", "都兰县", 2010)


def test_a_content_farm_intro_names_the_report_and_a_review_heading_outranks_it() -> None:
    quarter = document("下面是小编为大家整理的2023年第一季度工作总结(镇乡)【完整版】,供大家参考。\n"
                       "今年以来,全镇稳步推进各项工作。\n"
                       "一、近期工作进展\n本季度实现工业产值增长。")
    assert (quarter.title, quarter.kind, quarter.year) == ("2023年第一季度工作总结", "阶段总结", 2023)
    labelled = document("下面是小编为大家整理的2023年乡镇年度工作总结,供大家参考。\n现将2022年度工作汇报如下:\n"
                        "一、2022年度工作完成情况\n全年完成各项任务。")
    assert (labelled.kind, labelled.year) == ("年度总结", 2022)
