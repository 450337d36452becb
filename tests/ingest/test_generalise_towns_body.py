"""A town the body names in ways a careless reader would miss, and names that stay another's."""

from __future__ import annotations

import pytest

from search.ingest.document import build_document
from search.models import Document, RawFile

BODY = "二、下步打算\n继续抓好项目建设,巩固脱贫成果。\n"


def document(text: str) -> Document:
    return build_document(RawFile("x.txt", text + "\n" + BODY, "utf-8", "0" * 64))


def test_a_bare_name_opening_a_clause_after_a_comma_is_the_subject() -> None:
    """A comma before a bare name opens a clause (…的重点,聂堆作为…); it is not a list."""
    doc = document("\n".join([
        "镇政府工作总结",
        "一、主要工作",
        "全年完成道路硬化十公里,聂堆高中扩建顺利推进。",
        "防汛是今年的重点,聂堆作为平原洼地,全镇干部日夜值守。",
        "拆除聂堆老街危房八户,镇党委组织党员带头。",
    ]))
    assert (doc.town, doc.county, doc.province) == ("聂堆镇", "西华县", "河南省")


def test_a_comma_separated_list_of_bare_names_is_still_a_list() -> None:
    doc = document("\n".join([
        "镇政府工作总结",
        "一、主要工作",
        "全镇在聂堆,黄桥,红花三个村建成大棚,聂堆,黄桥两村增收明显。",
        "聂堆,黄桥的合作社运转良好,镇党委统筹推进。",
    ]))
    assert doc.town == ""


def test_a_town_named_once_whole_and_then_bare_is_named_repeatedly() -> None:
    """A merged town writes its full name once (新于潜镇) and its bare name afterwards."""
    doc = document("\n".join([
        "2021年工作总结",
        "2021年是区划调整后新于潜镇运行的第一年,全镇上下团结一心。",
        "一、主要工作",
        "加快于潜医院门诊楼建设,年内投入使用。",
        "完成于潜老街立面改造,镇党委督办到位。",
    ]))
    assert (doc.town, doc.county) == ("于潜镇", "临安区")


def test_the_one_rare_town_a_first_person_report_names_is_its_own() -> None:
    doc = document("\n".join([
        "2015年工作总结",
        "2015年,我镇各项工作稳步推进,全镇经济保持增长。",
        "一、主要工作",
        "今年我镇结合十项活动,扎实推进韩岗镇人居环境整治,完成惠民工程八项。",
    ]))
    assert (doc.town, doc.county, doc.province) == ("韩岗镇", "梁山县", "山东省")


@pytest.mark.parametrize("sentence", [
    "今年我镇与韩岗镇签订合作协议,共建产业园区。",
    "组织村干部赴韩岗镇学习人居环境整治经验。",
    "今年我镇积极借鉴韩岗镇人居环境整治经验。",
    "今年我镇接待韩岗镇一行来访,交流人居环境整治经验。",
    "今年我镇接待韩岗镇等兄弟乡镇观摩人居环境整治。",
])
def test_a_town_set_beside_the_writers_own_is_another_town(sentence: str) -> None:
    doc = document("\n".join([
        "2015年工作总结",
        "2015年,我镇各项工作稳步推进,全镇经济保持增长。",
        "一、主要工作",
        sentence,
    ]))
    assert doc.town == ""


def test_a_lone_name_of_another_kind_than_the_texts_division_words_is_no_town() -> None:
    doc = document("\n".join([
        "2015年工作总结",
        "2015年,我乡各项工作稳步推进,全乡经济保持增长。",
        "一、主要工作",
        "今年我乡扎实推进韩岗镇人居环境整治经验的推广。",
    ]))
    assert doc.town == ""


def test_a_line_without_the_name_is_no_mention_of_it() -> None:
    from search.ingest.town import _as_subject

    assert not _as_subject("。", "泉溪镇")
    assert not _as_subject("全县各乡镇,", "泉溪镇")
    assert _as_subject("县城以东,泉溪镇地处丘陵", "泉溪镇")
