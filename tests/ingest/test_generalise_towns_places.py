"""County, city and province: from the gazetteer with a placed town, else from what the text names."""

from __future__ import annotations

from search.ingest.document import build_document
from search.models import Document, Hints, RawFile

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


def test_a_name_shared_across_provinces_is_placed_by_the_province_the_text_names() -> None:
    """太极镇 is in Chongqing and in Gansu."""
    doc = document("太极镇2021年工作总结\n2021年,太极镇党委带领全镇为甘肃高质量发展贡献力量。")
    assert place(doc) == ("太极镇", "永靖县", "临夏回族自治州", "甘肃省")


def test_a_name_shared_across_provinces_is_placed_by_the_publisher_a_page_names() -> None:
    raw = RawFile("x.html", "太极镇2021年工作总结\n2021年,全镇稳步发展。\n" + BODY, "utf-8", "0" * 64,
                  hints=Hints(publisher="黔江区人民政府"))
    assert place(build_document(raw)) == ("太极镇", "黔江区", "重庆市", "重庆市")


def test_a_place_the_report_visits_does_not_place_a_shared_name() -> None:
    doc = document("太极镇2021年工作总结\n2021年,全镇组织干部赴重庆市考察学习,与黔江区签订协作协议。")
    assert place(doc) == ("太极镇", "", "", "")
    assert doc.town_checked


def test_an_autonomous_county_written_short_places_the_report() -> None:
    doc = document("2021年工作总结\n2021年,我乡在芷江县委、县政府的坚强领导下稳步发展。")
    assert place(doc) == ("", "芷江侗族自治县", "怀化市", "湖南省")
