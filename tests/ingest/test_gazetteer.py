"""The gazetteer table: its source, its rows, and the short forms places are written in."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from search.ingest.gazetteer import SOURCE, SOURCE_VERSION, TABLE_FILE, division_suffix, load, short_name


def test_the_table_records_its_source_and_version() -> None:
    raw = resources.files("search").joinpath("data", TABLE_FILE).read_bytes()
    first = gzip.decompress(raw).decode("utf-8").splitlines()[0]
    assert first.startswith(f"# {SOURCE} {SOURCE_VERSION}")
    assert load().version.startswith(f"{SOURCE} {SOURCE_VERSION}")


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("铁丝塘镇", ("430422108", "衡南县", "衡阳市", "湖南省")),
        ("荫田镇", ("430482104", "常宁市", "衡阳市", "湖南省")),
        ("晓坪乡", ("431228223", "芷江侗族自治县", "怀化市", "湖南省")),
        ("东华门街道", ("110101001", "东城区", "北京市", "北京市")),
        ("于家务回族乡", ("110112209", "通州区", "北京市", "北京市")),
    ],
)
def test_unique_divisions_carry_their_place(name: str, place: tuple[str, ...]) -> None:
    (division,) = load().named(name)
    assert (division.code, division.county, division.city, division.province) == place


def test_a_shared_name_lists_every_division_and_either_script_finds_them() -> None:
    gazetteer = load()
    hongshan = gazetteer.named("洪山镇")
    assert len(hongshan) >= 10
    assert "衡南县" in {d.county for d in hongshan} and "沈丘县" in {d.county for d in hongshan}
    assert gazetteer.named("洪山鎮") == hongshan


def test_every_row_is_a_township_level_division_with_a_nine_digit_code() -> None:
    gazetteer = load()
    rows = [d for divisions in gazetteer.by_name.values() for d in divisions]
    assert len(rows) > 38_000
    assert all(len(d.code) == 9 and d.code.isdigit() and d.code.startswith(d.code[:2]) for d in rows)
    assert all(division_suffix(d.name) for d in rows)
    assert {division_suffix(d.name) for d in rows} == {"镇", "乡", "街道", "苏木"}


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("衡南县", "衡南"),
        ("芷江侗族自治县", "芷江"),
        ("广西壮族自治区", "广西"),
        ("衡阳市", "衡阳"),
        ("湖南省", "湖南"),
        ("于家务回族乡", "于家务"),
        ("龙潭街道", "龙潭"),
        ("巴彦塔拉苏木", "巴彦塔拉"),
        ("城区", "城区"),
        ("随县", "随县"),
    ],
)
def test_short_names(name: str, short: str) -> None:
    assert short_name(name) == short


def test_aliases_of_a_county() -> None:
    assert load().aliases("芷江侗族自治县") == {"芷江侗族自治县", "芷江"}
