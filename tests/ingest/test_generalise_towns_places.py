"""County, city and province: from the gazetteer with a placed town, else from what the text names."""

from __future__ import annotations

from search.ingest.document import build_document
from search.models import Document, RawFile

BODY = "一、主要工作\n全年完成道路硬化十公里,新建文化广场一处。\n二、下步打算\n继续抓好项目建设。\n"


def document(text: str) -> Document:
    return build_document(RawFile("x.txt", text + "\n" + BODY, "utf-8", "0" * 64))


def place(doc: Document) -> tuple[str | None, str, str, str]:
    return doc.town, doc.county, doc.city, doc.province


def test_a_report_naming_its_county_but_no_town_is_still_placed() -> None:
    doc = document("2022年工作总结\n2022年,我镇在长子县委、县政府的坚强领导下,各项工作稳步推进。")
    assert place(doc) == ("", "长子县", "长治市", "山西省")
    assert doc.division_code == ""


def test_a_town_the_gazetteer_lacks_takes_the_county_its_text_names() -> None:
    doc = document("白和乡2020年工作总结\n2020年,全乡在宿松县委、县政府的领导下稳步发展。")
    assert place(doc) == ("白和乡", "宿松县", "安庆市", "安徽省")
    assert not doc.town_checked


def test_a_county_name_shared_by_two_cities_is_settled_by_the_city_beside_it() -> None:
    settled = document("2022年工作总结\n2022年,我街道在长春市朝阳区委的领导下稳步发展,朝阳区考核名列前茅。")
    assert place(settled) == ("", "朝阳区", "长春市", "吉林省")
    open_ = document("2022年工作总结\n2022年,我街道在朝阳区委的领导下稳步发展。")
    assert place(open_) == ("", "朝阳区", "", "")


def test_a_province_alone_gives_the_province() -> None:
    doc = document("2022年工作总结\n2022年,全镇上下全力创建云南省森林乡镇。")
    assert place(doc) == ("", "", "", "云南省")


def test_a_place_set_beside_the_writers_own_places_nothing() -> None:
    doc = document("2022年工作总结\n2022年,我镇多次赴南通市崇川区考察学习,与昆山市签订合作协议。")
    assert place(doc) == ("", "", "", "")
