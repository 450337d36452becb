"""The fixed query mix: what users type, in the proportions the targets are about.

Words and phrases come from the seeds, so every generated corpus contains them; towns and years
for filters come from the corpus's manifest (picked by position, so the same corpus always gets
the same mix). The generated corpus's vocabulary is the seeds', so "rare" here means rare in it:
the invented town names (four reports each), a few low-frequency seed words, and misses.
"""

from __future__ import annotations

from bench.common import BenchQuery

COMMON = ("乡村振兴", "脱贫攻坚", "疫情防控", "基层党建", "产业", "环境", "安全生产", "群众", "经济", "农业")
RARE = ("屋场恳谈会", "雨露计划", "扶贫车间", "防返贫", "一户一宅", "柑桔", "河长制", "宅基地")
MISSES = ("航天", "高铁站")
PHRASES = ('"乡村振兴"', '"一户一宅"', '"三会一课"', '"屋场恳谈会"', '"人居环境整治"', '"四议两公开"',
           '"2020年"', '"不忘初心"')
SINGLE = ("茶", "桥", "水", "党", "镇")
TRADITIONAL = ("鄉村振興", "屋場懇談會", "脫貧攻堅", "黨建", "環境衛生", '"產業發展"', "基層治理")
BOOLEAN = ("脱贫 NOT 疫情", "油茶 OR 烟叶", "安全生产 信访", "乡村振兴 人居环境", "扫黑除恶 OR 禁毒 OR 信访")


def query_mix(towns: list[str], years: list[int]) -> list[BenchQuery]:
    """At least 50 queries; the filtered ones need at least one town and one year."""
    mix = [BenchQuery("common", t) for t in COMMON]
    mix += [BenchQuery("rare", t) for t in RARE]
    mix += [BenchQuery("miss", t) for t in MISSES]
    mix += [BenchQuery("phrase", t) for t in PHRASES]
    mix += [BenchQuery("single", t) for t in SINGLE]
    mix += [BenchQuery("traditional", t) for t in TRADITIONAL]
    mix += [BenchQuery("boolean", t) for t in BOOLEAN]
    if not towns or not years:
        return mix
    ordered = sorted(set(towns))
    picks = [ordered[len(ordered) * k // 4] for k in range(4)]
    all_years = sorted(set(years))
    mid = all_years[len(all_years) // 2]
    low, high = all_years[0], all_years[-1]
    mix += [BenchQuery("rare", picks[0]), BenchQuery("rare", picks[1][:-1])]
    mix += [
        BenchQuery("filtered", "乡村振兴", towns=(picks[0],)),
        BenchQuery("filtered", "屋场恳谈会", years=(mid, mid)),
        BenchQuery("filtered", "疫情防控", sections=("存在问题",)),
        BenchQuery("filtered", "产业", towns=(picks[1],), years=(mid, mid)),
        BenchQuery("filtered", "茶", sections=("工作计划",)),
        BenchQuery("filtered", '"三会一课"', years=(low, mid)),
        BenchQuery("filtered", "鄉村振興", towns=(picks[2], picks[3])),
        BenchQuery("filtered", "脱贫攻坚", years=(mid, high), sections=("工作总结",)),
        BenchQuery("filtered", "安全生产", towns=(picks[3],), sections=("工作计划",)),
        BenchQuery("browse", "", towns=(picks[2],)),
        BenchQuery("browse", "", years=(mid, mid), sections=("存在问题",)),
    ]
    return mix


def process_kinds(meta: dict[str, tuple[str, int]]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """One whole-process query per kind the targets name: (query text, extra options)."""
    towns = sorted({town for town, _ in meta.values()})
    kinds: dict[str, tuple[str, tuple[str, ...]]] = {
        "rare": ("屋场恳谈会", ()),
        "common": ("乡村振兴", ()),
        "phrase": ('"人居环境整治"', ()),
        "single": ("镇", ()),
        "not": ("脱贫 NOT 疫情", ()),
    }
    if towns:
        kinds["browse"] = ("", ("--town", towns[len(towns) // 2]))
    return kinds
