"""A page that collects several reports is one report per item; a site's list of titles is not the report."""

from __future__ import annotations

from search.ingest.document import build_documents
from search.models import Document, RawFile

FARM_PAGE = "\n".join([
    "乡镇年度工作总结范文(精选3篇)",                                     # 1
    "发布时间:2024-01-05 阅读:321",                                     # 2
    "乡镇年度工作总结是对一年工作的回顾,写好它需要平时多积累。",          # 3
    "范文一",                                                           # 4
    "泉溪镇2021年工作总结",                                              # 5
    "2021年,泉溪镇党委政府团结带领全镇干部群众,扎实推进各项工作。",     # 6
    "一、主要工作完成情况",                                              # 7
    "全镇新修村道十二公里,完成危房改造四十户。",                         # 8
    "二、存在的问题",                                                    # 9
    "产业基础仍然薄弱,集体经济增收渠道不多。",                           # 10
    "范文二",                                                           # 11
    "蒲洼乡2022年工作总结",                                              # 12
    "2022年,我乡围绕乡村振兴目标,稳步推进各项工作。",                   # 13
    "一、工作开展情况",                                                  # 14
    "全乡新建茶园三百亩,群众收入稳步增加。",                             # 15
    "二、下一步工作打算",                                                # 16
    "继续抓好特色产业,办好民生实事。",                                   # 17
    "范文三",                                                           # 18
    "大盂镇2023年上半年工作总结",                                        # 19
    "今年上半年,大盂镇围绕年初目标,各项工作有序推进。",                 # 20
    "一、上半年工作回顾",                                                # 21
    "全镇完成植树造林八百亩。",                                           # 22
])


def documents(text: str, name: str = "page.html") -> tuple[Document, ...]:
    return build_documents(RawFile(name, text, "utf-8", "0", format="txt"))


def test_three_reports_under_item_markers_are_three_reports_each_with_its_own_metadata() -> None:
    docs = documents(FARM_PAGE)
    assert [d.source for d in docs] == ["page.html", "page.html#2", "page.html#3"]
    assert [(d.town, d.year) for d in docs] == [("泉溪镇", 2021), ("蒲洼乡", 2022), ("大盂镇", 2023)]
    assert [d.title for d in docs] == ["泉溪镇2021年工作总结", "蒲洼乡2022年工作总结", "大盂镇2023年上半年工作总结"]
    assert [d.kind for d in docs] == ["年度总结", "年度总结", "阶段总结"]


def test_items_keep_the_files_line_numbers_and_their_sections_start_afresh() -> None:
    first, second, third = documents(FARM_PAGE)
    assert [(p.line, p.section) for p in second.paragraphs] == [
        (12, "前言"), (13, "前言"), (14, "工作总结"), (15, "工作总结"), (16, "工作计划"), (17, "工作计划")]
    assert {p.source for p in second.paragraphs} == {"page.html#2"}
    assert first.paragraphs[-1].line == 10 and third.paragraphs[0].line == 19


def test_the_page_around_the_items_and_their_markers_are_dropped_not_indexed() -> None:
    first, second, third = documents(FARM_PAGE)
    assert [line.number for line in first.dropped] == [1, 2, 3, 4]
    assert [line.number for line in second.dropped] == [11]
    assert [line.number for line in third.dropped] == [18]
    indexed = {p.line for d in (first, second, third) for p in d.paragraphs}
    assert indexed.isdisjoint({1, 2, 3, 4, 11, 18})


def test_markers_that_end_a_repeated_title_split_the_page_too() -> None:
    page = FARM_PAGE.replace("范文一", "乡镇年度工作总结篇1").replace("范文二", "乡镇年度工作总结篇2") \
        .replace("范文三", "乡镇年度工作总结篇3")
    assert [d.town for d in documents(page)] == ["泉溪镇", "蒲洼乡", "大盂镇"]


def test_one_marker_splits_nothing_but_the_lines_above_it_are_the_pages() -> None:
    page = "\n".join([
        "镇上半年工作总结",
        "导语:如何写好一篇上半年工作总结,这里为大家整理了多篇,欢迎阅读。",
        "篇一:泉溪镇2021年上半年工作总结",
        "今年以来,我镇围绕年初目标,扎实推进各项工作。",
        "一、主要工作",
        "全镇完成植树造林八百亩。",
    ])
    (doc,) = documents(page)
    assert doc.source == "page.html"
    assert {line.number for line in doc.dropped} >= {1, 2}
    assert doc.paragraphs[0].line == 4 and doc.title == "泉溪镇2021年上半年工作总结"


def test_a_reports_own_parts_numbered_as_pieces_do_not_split_it() -> None:
    report = "\n".join([
        "泉溪镇2021年政府工作报告",
        "各位代表:现在,我代表镇人民政府向大会报告工作,请予审议。",
        "第一篇 过去一年工作回顾",
        "全镇新修村道十二公里。",
        "第二篇 今年工作安排",
        "继续抓好特色产业。",
    ])
    (doc,) = documents(report)
    assert doc.paragraphs[0].line == 1 and doc.title == "泉溪镇2021年政府工作报告"
    assert not doc.dropped


def test_a_collections_own_list_of_items_is_no_item() -> None:
    """Markers followed by no body list the items; the items start where the markers recur."""
    listed = "\n".join(["篇1:泉溪镇2021年工作总结", "篇2:蒲洼乡2022年工作总结"])
    page = listed + "\n" + FARM_PAGE.replace("范文一", "篇1").replace("范文二", "篇2").replace("范文三", "篇3")
    docs = documents(page)
    assert [(d.town, d.paragraphs[0].line) for d in docs] == [("泉溪镇", 7), ("蒲洼乡", 14), ("大盂镇", 21)]


SITE_LIST = "\n".join([
    "相关推荐",                                 # 1
    "· 蒲洼乡2019年工作总结",                    # 2
    "· 大盂镇2020年上半年工作总结",              # 3
    "· 香营乡2018年政府工作报告",                # 4
    "泉溪镇2021年工作总结",                      # 5
    "2021年,我镇党委政府团结带领全镇干部群众,扎实推进各项工作。",
    "一、主要工作完成情况",
    "全镇新修村道十二公里。",
])


def test_a_site_list_of_other_reports_titles_is_dropped_and_names_no_town() -> None:
    (doc,) = documents(SITE_LIST)
    assert {2, 3, 4} <= {line.number for line in doc.dropped}
    assert (doc.town, doc.year, doc.title) == ("泉溪镇", 2021, "泉溪镇2021年工作总结")
    assert doc.paragraphs[0].line == 5


def test_a_site_list_is_dropped_even_when_the_report_names_no_town_of_its_own() -> None:
    (doc,) = documents(SITE_LIST.replace("泉溪镇2021年", "镇2021年").replace("我镇", "全镇"))
    assert doc.town in ("", None)


def test_a_title_the_page_repeats_is_the_reports_not_a_list() -> None:
    page = "\n".join(["镇政府年终工作总结", "时间:2022-08-24 年终总结", "镇政府年终工作总结", "镇政府年终工作总结",
                      "过去一年,全镇各项工作稳步推进。"])
    (doc,) = documents(page)
    assert {p.line for p in doc.paragraphs} >= {3, 4, 5}


def test_a_numbered_list_of_titles_on_one_line_and_its_end_on_the_next_are_dropped() -> None:
    page = "\n".join([
        "目录 1.蒲洼乡2019年政府工作报告 2.大盂镇2020年政府工作报告 3.香营乡2018年政府工作报告 4.南窖乡",
        "2019年政府工作报告 5.霞云岭乡2020年政府工作报告 泉溪镇2021年政府工作报告",
        "各位代表:现在我代表镇人民政府报告工作。",
        "一、2021年工作回顾",
        "全镇新修村道十二公里。",
    ])
    (doc,) = documents(page)
    assert [line.number for line in doc.dropped] == [1]
    assert doc.paragraphs[0].text == "泉溪镇2021年政府工作报告"
    assert (doc.town, doc.title) == ("泉溪镇", "泉溪镇2021年政府工作报告")


def test_a_list_whose_every_line_is_an_entry_leaves_a_report_without_a_title_and_without_their_towns() -> None:
    untitled = "\n".join(line for line in SITE_LIST.split("\n") if line != "泉溪镇2021年工作总结")
    (doc,) = documents(untitled.replace("我镇", "全镇"))
    assert {2, 3, 4} <= {line.number for line in doc.dropped}
    assert doc.town in ("", None) and doc.title is None


def test_bracketed_piece_markers_split_the_page() -> None:
    page = FARM_PAGE.replace("范文一", "【篇一】").replace("范文二", "【篇二】").replace("范文三", "【篇三】")
    assert [d.source for d in documents(page)] == ["page.html", "page.html#2", "page.html#3"]


def test_a_site_list_of_other_documents_of_any_kind_is_dropped() -> None:
    page = SITE_LIST.replace("· 大盂镇2020年上半年工作总结", "· 大盂镇安全生产月活动实施方案") \
        .replace("· 香营乡2018年政府工作报告", "· 在香营乡防汛工作会议上的讲话")
    (doc,) = documents(page)
    assert {2, 3, 4} <= {line.number for line in doc.dropped}
    assert (doc.town, doc.title) == ("泉溪镇", "泉溪镇2021年工作总结")
