"""find_place(): which official town a report speaks for, and where it is, never guessed."""

from __future__ import annotations

import pytest

from search.ingest.clean import clean
from search.ingest.document import build_document
from search.ingest.sections import find_title
from search.ingest.town import find_place
from search.models import RawFile


def place_of(text: str):  # type: ignore[no-untyped-def]
    cleaned = clean(text)
    title = find_title(cleaned.content)
    return find_place(cleaned.content, cleaned.boilerplate, title.text if title else None)


BODY = "一、主要工作\n全年完成道路硬化十公里,新建文化广场一处。\n二、下步打算\n继续抓好项目建设。\n"


def test_a_shared_name_is_placed_by_the_county_in_the_text() -> None:
    place = place_of("洪山镇2021年工作总结\n2021年,洪山镇在沈丘县委、县政府的领导下攻坚克难。\n" + BODY)
    assert (place.town, place.county, place.city, place.province, place.code) == (
        "洪山镇", "沈丘县", "周口市", "河南省", "411624111")
    assert place.checked


def test_a_shared_name_is_placed_by_its_city_or_province_when_only_one_division_fits() -> None:
    place = place_of("洪山镇2021年工作总结\n2021年,洪山镇在衡阳市委的领导下攻坚克难。\n" + BODY)
    assert (place.town, place.county, place.code) == ("洪山镇", "衡南县", "430422110")


def test_a_shared_name_without_its_county_keeps_the_town_and_no_county() -> None:
    place = place_of("洪山镇2021年工作总结\n2021年,洪山镇党委政府团结带领全镇干部群众攻坚克难。\n" + BODY)
    assert (place.town, place.county, place.city, place.province, place.code) == ("洪山镇", "", "", "", "")
    assert place.checked


def test_a_shared_name_in_one_province_keeps_what_is_certain() -> None:
    """Both 巴彦塔拉苏木 are in Inner Mongolia: the province is certain, the county is not."""
    place = place_of("巴彦塔拉苏木2022年工作总结\n2022年,全苏木牧业生产稳定。\n" + BODY)
    assert (place.town, place.county, place.province) == ("巴彦塔拉苏木", "", "内蒙古自治区")


def test_a_village_sharing_a_county_short_name_is_not_the_county() -> None:
    """太和村 is a village, not 太和县 (where another 洪山镇 is)."""
    text = "洪山镇2019年工作总结\n洪山镇地处湖南省衡阳市,辖太和村、花田村等十二个村。\n" + BODY
    assert place_of(text).county == "衡南县"


def test_a_town_from_site_metadata_with_its_county() -> None:
    text = "索引号:000/2021-01 | 发布机构:沂水县沙沟镇 | 有效性:有效\n关于做好春季防火工作的总结\n" + BODY
    place = place_of(text)
    assert (place.town, place.county) == ("沙沟镇", "沂水县")


def test_a_town_not_in_the_gazetteer_is_accepted_from_the_title_only_and_unchecked() -> None:
    titled = place_of("长岭岗乡2015年工作总结\n2015年,长岭岗乡党委政府团结一心。\n" + BODY)
    assert (titled.town, titled.checked, titled.county) == ("长岭岗乡", False, "")
    untitled = place_of("2015年工作总结\n2015年,长岭岗乡党委政府团结一心,长岭岗乡各项工作稳步推进。\n" + BODY)
    assert untitled.town == ""


def test_a_bare_place_name_in_the_title_when_the_text_says_which_division() -> None:
    town = place_of("黄柏2021年工作总结\n2021年,全镇上下齐心协力,镇党委统筹推进各项工作。\n" + BODY)
    assert (town.town, town.county) == ("黄柏镇", "潜山市")
    unsupported = place_of("黄柏2021年工作总结\n2021年,各项工作齐头并进。\n" + BODY)
    assert unsupported.town == ""


@pytest.mark.parametrize(
    "text",
    [
        "XX镇2021年工作总结\n2021年,我镇在县委的领导下各项工作稳步推进。\n" + BODY,
        "*镇20xx年工作总结\n20xx年,我镇各项工作稳步推进。\n" + BODY,
        "〔…〕镇2019年工作总结\n2019年,全镇各项工作稳步推进。\n" + BODY,
        "镇年度工作总结\n我谨代表镇党委向大家问好。欢迎阅读镇年度工作总结。\n" + BODY,
        "关于全域旅游的总结\n我镇积极融合花园镇理念,把项目纳入镇级储备库,推进小城镇建设和全国文明村镇创建。\n" + BODY,
        "2020年工作总结\n本镇与白沙镇、青山镇、和平镇、太平镇、新安镇开展结对共建。\n" + BODY,
    ],
    ids=["XX", "star", "bracket", "fragments", "phrases", "list-of-others"],
)
def test_reports_that_name_no_town_get_none(text: str) -> None:
    assert place_of(text).town == ""


def test_a_report_naming_its_town_repeatedly_among_others() -> None:
    text = ("2020年工作总结\n2020年,青山镇各项工作稳步推进,在全县考核中列第二,仅次于白沙镇。\n"
            "青山镇新建道路五公里。青山镇罗山县委部署落实到位。\n" + BODY)
    place = place_of(text)
    assert (place.town, place.county) == ("青山镇", "罗山县")


def test_a_sidecar_town_is_placed_too() -> None:
    raw = RawFile("x.txt", "2020年工作总结\n全镇各项工作稳步推进。\n" + BODY, "utf-8", "0" * 64)
    from search.models import Overrides

    document = build_document(RawFile(raw.source, raw.text, raw.encoding, raw.sha256, Overrides(town="荫田鎮")))
    assert (document.town, document.county, document.division_code, document.town_checked) == (
        "荫田镇", "常宁市", "430482104", True)


def test_inline_pinyin_does_not_hide_the_town() -> None:
    text = "下管鎮(zhèn)2014年工作總結(jié)\n2014年,下管鎮(zhèn)在區委的領導下穩步發展。\n" + BODY
    document = build_document(RawFile("p.txt", text, "utf-8", "0" * 64))
    assert (document.town, document.county, document.year, document.kind) == ("下管镇", "上虞区", 2014, "年度总结")


def test_a_town_inside_an_entity_name_and_a_county_sharing_its_name() -> None:
    entity = place_of("2022年工作总结\n东华门街道党群服务中心全年开展活动四十场,"
                      "东华门街道新时代文明实践站同步运行。\n" + BODY)
    assert (entity.town, entity.county) == ("东华门街道", "东城区")
    county_only = place_of("2022年工作总结\n长子县各乡镇全面推进乡村振兴,长子县委县政府统筹部署。\n" + BODY)
    assert county_only.town == ""


def test_words_beginning_with_xiang_do_not_end_a_name() -> None:
    text = "2020年工作总结\n全镇推进平安乡村建设,打造美丽乡村,平安乡镇创建成效明显。\n" + BODY
    assert place_of(text).town == ""
