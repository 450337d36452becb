"""A title's own town at its full extent, also where the gazetteer lacks it or holds a shorter one."""

from __future__ import annotations

import pytest

from search.ingest.document import build_document
from search.models import Document, RawFile

BODY = "一、主要工作\n全年完成道路硬化十公里,新建文化广场一处。\n二、下步打算\n继续抓好项目建设。\n"


def document(text: str) -> Document:
    return build_document(RawFile("x.txt", text + "\n" + BODY, "utf-8", "0" * 64))


@pytest.mark.parametrize(("title", "town"), [
    ("白和乡2020年工作总结", "白和乡"),
    ("湖和乡人民政府2021年工作总结", "湖和乡"),
    ("桥梅花镇2020年工作总结", "桥梅花镇"),
])
def test_a_titled_name_the_gazetteer_lacks_is_kept_whole_and_unchecked(title: str, town: str) -> None:
    """Renamed or merged towns: a name ending in 和 is still a name, and a longer title name wins
    over the gazetteer's 梅花镇 inside it."""
    doc = document(f"{title}\n2020年,全乡全镇各项工作稳步推进。")
    assert (doc.town, doc.town_checked, doc.county) == (town, False, "")


def test_a_title_name_beats_a_gazetteer_town_named_once_in_the_body() -> None:
    doc = document("楠溪湾镇2021年工作总结\n2021年,我镇各项工作稳步推进,积极推进韩岗镇人居环境整治经验推广。")
    assert doc.town == "楠溪湾镇"


def test_a_party_body_before_the_town_is_no_part_of_its_name() -> None:
    doc = document("中共楠溪湾镇委员会2021年工作总结\n2021年,全镇各项工作稳步推进。")
    assert doc.town == "楠溪湾镇"


@pytest.mark.parametrize("text", [
    "2020年工作总结\n2020年,白和乡党委团结一心,白和乡各项工作稳步推进。",
    "全县乡镇2020年工作总结\n2020年,各乡镇各项工作稳步推进。",
    "平安乡镇2020年创建工作总结\n2020年,我镇各项工作稳步推进。",
])
def test_no_name_is_invented_from_the_body_or_from_words_about_towns(text: str) -> None:
    assert document(text).town == ""
