"""A town named once, inside the name of a body or a document, or in the closing signature."""

from __future__ import annotations

from search.ingest.document import build_document
from search.models import Document, RawFile

BODY = "一、主要工作\n全年完成道路硬化十公里,新建文化广场一处。\n二、下步打算\n继续抓好项目建设。\n"


def document(text: str) -> Document:
    return build_document(RawFile("x.txt", text + BODY, "utf-8", "0" * 64))


def test_a_town_named_only_in_the_title_of_its_own_rules() -> None:
    doc = document("2021年工作总结\n2021年,我镇认真落实《韩岗镇农村人居环境整治实施办法》,全镇面貌明显改观。\n")
    assert (doc.town, doc.county) == ("韩岗镇", "梁山县")


def test_a_town_named_only_in_its_party_bodys_name() -> None:
    doc = document("2021年工作总结\n2021年,我街道干部群众攻坚克难,街道党工委统筹推进。\n"
                   "全年召开嵩屿街道党工委扩大会议四次。\n")
    assert (doc.town, doc.county) == ("嵩屿街道", "海沧区")


def test_a_town_named_only_in_a_party_committees_signature() -> None:
    doc = document("2021年工作总结\n2021年,我镇干部群众攻坚克难。\n" + BODY + "中共韩岗镇委员会\n2021年12月20日\n")
    assert (doc.town, doc.county) == ("韩岗镇", "梁山县")


def test_a_town_with_inline_pinyin_named_once_with_its_party_committee() -> None:
    doc = document("2021年工作總結\n2021年,韓(hán)崗(gǎng)鎮(zhèn)黨委帶領全鎮(zhèn)幹部群眾攻堅克難。\n")
    assert (doc.town, doc.county) == ("韩岗镇", "梁山县")


def test_another_kinds_document_is_no_town() -> None:
    doc = document("2021年工作总结\n2021年,我乡认真学习《韩岗镇农村人居环境整治实施办法》的经验。\n")
    assert doc.town == ""
