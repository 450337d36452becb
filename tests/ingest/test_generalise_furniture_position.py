"""Site furniture told by where it stands: before a collection's first item, and tags cut from
the title that follows them; the report's own short lines stay where no such signal holds."""

from __future__ import annotations

from search.ingest.clean import clean
from search.ingest.document import build_document
from search.models import RawFile


def _numbers(text: str) -> tuple[list[int], list[int]]:
    cleaned = clean(text)
    return [line.number for line in cleaned.boilerplate], [line.number for line in cleaned.content]


def test_what_precedes_a_collections_first_item_is_the_pages() -> None:
    text = "\n".join([
        "稻香文苑",                                   # 1 site name
        "",
        "乡镇上半年工作总结",                          # 3 page title
        "乡镇会议纪要,政府工作报告",                   # 4 page title with a comma
        "整理了几篇写法不同的范文,各有侧重。",         # 5 intro about the collection
        "乡镇上半年工作总结 篇1",                      # 6 item marker
        "青禾镇2023年上半年工作总结",                  # 7 the report's own title
        "上半年,我镇围绕年初目标,扎实推进各项工作。",
    ])
    dropped, kept = _numbers(text)
    assert dropped == [1, 3, 4, 5, 6]
    assert kept == [7, 8]


def test_a_collection_numbering_its_items_after_their_title_word() -> None:
    text = "\n".join([
        "乡镇秋收工作总结",
        "秋收时节说总结,这里挑了两篇各有侧重的写法,供同行比照。",
        "乡镇秋收工作总结1",
        "今年秋收期间,我乡组织农机下田,确保颗粒归仓。",
        "乡镇秋收工作总结2",
        "秋收以来,我镇抢抓晴好天气,全力推进机收。",
    ])
    dropped, kept = _numbers(text)
    assert dropped == [1, 2, 3, 5]
    assert kept == [4, 6]


def test_without_an_item_marker_the_short_lines_on_top_stay() -> None:
    text = "\n".join(["附件1", "青禾镇人民政府", "青禾镇2023年工作总结", "今年以来,我镇稳步推进各项工作。"])
    assert _numbers(text) == ([], [1, 2, 3, 4])


def test_tags_cut_from_the_title_below_them_are_the_sites() -> None:
    text = "\n".join(["2024", "乡镇", "下半年", "防汛", "工作计划", "2024年乡镇下半年防汛工作计划",
                      "汛期将至,我镇提前部署防汛工作。"])
    dropped, kept = _numbers(text)
    assert dropped == [1, 2, 3, 4, 5]
    assert kept == [6, 7]


def test_a_title_split_into_short_lines_is_the_reports() -> None:
    text = "\n".join(["青禾镇", "2024年", "防汛", "工作计划", "汛期将至,我镇提前部署防汛工作。"])
    assert _numbers(text) == ([], [1, 2, 3, 4, 5])


def test_a_table_of_contents_line_is_dropped_and_cut_where_the_report_follows() -> None:
    listed = "目录1.青禾镇2023年政府工作报告 2.稻香乡2023年政府工作报告 3.白石镇2023年政府工作报告"
    merged = ("4.柳溪镇2023年政府工作报告 5.松林乡2023年政府工作报告 6.石门镇2023年政府工作报告 "
              "青禾镇2023年政府工作报告各位代表:")
    text = "\n".join([listed, merged, "现在,我代表镇人民政府向大会报告工作。"])
    cleaned = clean(text)
    assert [line.number for line in cleaned.boilerplate] == [1]
    assert cleaned.content[0].text == "青禾镇2023年政府工作报告各位代表:"
    doc = build_document(RawFile("x.txt", text, "utf-8", "0"))
    assert doc.town == "青禾镇"


def test_a_news_pages_narration_around_a_report_is_the_sites() -> None:
    text = "\n".join([
        "青禾镇第九届人民代表大会第三次会议隆重召开",      # 1 headline
        "日前,青禾镇第九届人民代表大会第三次会议在镇政府召开。",
        "会议听取并审议了镇长所作的政府工作报告。",
        "2023年,全镇上下聚焦主业,年度目标任务全面完成。",
        "5月,全镇党员大会顺利召开,会议审议通过了村规民约。",   # 5 the report's own account
        "2024年,我镇将以项目建设为抓手,推动高质量发展。",
        "大会还选举产生了新一届镇人大主席团。",
    ])
    dropped, kept = _numbers(text)
    assert dropped == [1, 2, 3, 7]
    assert kept == [4, 5, 6]
