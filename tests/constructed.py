"""Constructed reports for the research tests, written in the seeds' style.

Three towns besides the seeds: 泉溪镇 2021 reviews what the 2020 seed planned for 2021; a
paragraph on village meetings is copied, with its town name and figures changed, into 青石镇
2021 and 白沙乡 2022; 青石镇 writes 屋场会 for 屋场恳谈会.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from support import SEEDS

COPIED = ("{town}深入推进基层治理,全面推行屋场恳谈会制度,全年共召开屋场恳谈会{n}场次,"
          "收集群众意见建议{m}条,问题解决率达到百分之九十以上,群众满意度持续提升。")

REPORTS = {
    "q2021.txt": "\n".join([
        "泉溪镇2021年工作总结及2022年工作计划",
        "一、2021年工作总结",
        "(一)全面从严治党,基层党建战斗堡垒更加坚固。全年召开党委理论学习中心组学习会议12次。",
        "(二)巩固脱贫成效,十四五开局良好。脱贫攻坚与乡村振兴有效衔接,居民收入稳步提高。",
        "(三)社会治理,平安泉溪建设成效明显。雪亮工程覆盖全镇,扫黑除恶常态化开展。",
        COPIED.format(town="泉溪镇", n=40, m=120),
        "二、存在问题",
        "一是产业基础薄弱。二是基础设施欠账较多。",
        "三、2022年工作计划",
        "(一)发展柑橘产业,建设柑橘示范基地三个。",
    ]),
    "qs2021.txt": "\n".join([
        "青石镇2021年工作总结",
        "一、2021年工作总结",
        COPIED.format(town="青石镇", n=18, m=64),
        "(二)召开屋场会,屋场会成为议事平台。全年召开屋场会9场,屋场恳谈会2场。",
        "二、2022年工作计划",
        "(一)发展柑桔产业。",
    ]),
    "bs2022.txt": "\n".join([
        "白沙乡2022年工作总结",
        "一、2022年工作总结",
        COPIED.format(town="白沙乡", n=7, m=30),
        "(二)网格化管理全覆盖,网格员每日巡查。",
    ]),
}


def write_corpus(target: Path, with_seeds: bool = True) -> Path:
    """The constructed reports (and the seeds unless told otherwise) in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    if with_seeds:
        for path in SEEDS.glob("*.txt"):
            shutil.copyfile(path, target / path.name)
    for name, text in REPORTS.items():
        (target / name).write_text(text + "\n", encoding="utf-8")
    return target


def build_research_index(root: Path, with_seeds: bool = True) -> Path:
    """An index of the constructed reports (and the seeds) under `root`; returns its path."""
    from search.index.build import build_index

    index = root / "index"
    build_index(write_corpus(root / "corpus", with_seeds), index, procs=1)
    return index
