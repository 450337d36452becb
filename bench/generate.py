"""A deterministic benchmark corpus: the seed reports recombined into reports of invented towns.

Five seeds are too few to measure an index, and real reports cannot be redistributed in bulk, so
`generate` writes N reports that look like the seeds: a title line, numbered headings, the sections
a work report has (review, problems, plan, sometimes suggestions), the CMS noise around them
(breadcrumbs, dates, signatures, download links), about half of them in Traditional script.

Every report is assembled from the seeds' own paragraphs, with the seed's town replaced by an
invented one, its years shifted to the report's year and its counts perturbed, so texts differ
while the vocabulary stays the seeds'. Report i depends only on (seed, i): a 100-report corpus is
the first 100 files of the 1,000-report one, and the same arguments always give the same bytes.

How a seed is split into section pools is decided here, by rules of this module, and not by
`search.ingest.sections`: a change to the project's structure detection must not silently change the
benchmark corpus. Only the seed's own town and year (five facts) are read with `build_document`.
`check` runs the project's structure detection on the output and lists the reports whose town or
year it does not recover.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

GENERATOR_VERSION = 1
MANIFEST = ".manifest.json"
TRADITIONAL_SHARE = 0.5
FIRST_YEAR, LAST_YEAR = 2015, 2024
REPORTS_PER_TOWN = 4

# Characters for invented names: common in place names, none of them a character that the
# project's town detection treats as a word boundary (全 我 本 各 村 城 ...), none a suffix.
NAME_CHARS = (
    "青石岭江河湖山溪泉坪塘桥湾坝岗冲坡田源林沙洲峰岩亭桃杏梅松柏枫竹兰荷莲花云霞星龙凤鹤鹿"
    "金银铜玉丰安宁康泰福寿永兴隆盛昌华荣茂春秋东西南北白红黄紫蓝清明光辉峡谷岚雁燕柳杨槐枣"
    "茶桂樟杉芦苇荻萍波浪潭渡埠铺店桑麻稻禾丹碧翠瑶琼"
)
SUFFIXES = ("镇", "镇", "镇", "乡")
CN_DIGITS = "一二三四五六七八九十"

SUMMARY_HEADINGS = ("{y}年工作总结", "{y}年各项工作情况", "{y}年工作开展情况", "{y}年主要工作及成效",
                    "{y}年工作任务完成情况")
PROBLEM_HEADINGS = ("存在的问题和不足", "存在问题和困难", "工作中存在的问题和困难", "存在的问题及不足")
PLAN_HEADINGS = ("{y}年工作计划", "{y}年工作安排及打算", "{y}年工作思路", "{y}年工作打算")
ADVICE_HEADINGS = ("意见和建议", "对政府自身建设的意见和建议")
TITLES = ("{town}{y}年度工作总结及{n}年工作计划", "{town}{y}年工作总结", "{town}人民政府{y}年度工作总结",
          "{town}{y}年工作总结和{n}年工作计划")
BREADCRUMBS = ("当前页面: 首页 > 政务公开 > 乡镇信息公开目录 > {town} > 规划总结",
               "当前位置: 首页 > 信息公开 > {town} > 计划总结")
TRAILERS = ("附件下载:", "扫一扫在手机打开当前页", "相关稿件")

_TOP = re.compile(f"^[{CN_DIGITS}]+、")
_SUB = re.compile(f"^[(（][{CN_DIGITS}]+[)）]")
_ITEM = re.compile(r"^(?:\d{1,2}[.、．](?!\d)|——)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年)")
_FIRST_YEAR = re.compile(r"^((?:19|20)\d{2})年")
_COUNT = re.compile(r"(?<![\d.])([1-9]\d{1,3})(?![\d.]|[年月日号时点届次期])")
_DATE_LINE = re.compile(r"^[(（]?\d{4}年\d{1,2}月\d{1,2}日[)）]?$")
_BOILERPLATE = re.compile(r"^(当前(页面|位置)|附件下载|扫一扫|相关稿件)|>")
_PROBLEM_CUE = re.compile(r"(但|仍|还)[^。]{0,12}(存在|面临)[^。]{0,12}(问题|不足|困难)")
_PLAN_CUE = re.compile(r"^(新的一年|下一步|今后|明年)")
_SELF_REFERENCE = {suffix: re.compile(f"[我全本该]{suffix}|{suffix}(?=党委|政府|人民政府|域)") for suffix in "镇乡"}
_SECTION_WORDS = (("问题", re.compile("问题|困难|不足")), ("建议", re.compile("建议|意见")),
                  ("计划", re.compile("计划|打算|规划|思路|安排")))


@dataclass(frozen=True)
class Piece:
    """One seed paragraph (Simplified, numbering marker removed) and where it came from."""

    text: str
    town: str
    year: int


@dataclass
class Pools:
    """Seed paragraphs by section and kind: `sub` opened a (一) heading, `item` a 1. item."""

    pieces: dict[tuple[str, str], list[Piece]] = field(default_factory=dict)

    def add(self, section: str, kind: str, piece: Piece) -> None:
        self.pieces.setdefault((section, kind), []).append(piece)

    def get(self, section: str, kind: str) -> list[Piece]:
        return self.pieces.get((section, kind), [])


@dataclass(frozen=True)
class Report:
    """What the generator meant a report to be: the facts `check` compares against."""

    source: str
    town: str
    year: int
    script: str


def load_pools(seeds: Path) -> Pools:
    """Split every seed into section pools by the module's own, fixed rules."""
    import opencc

    from search.ingest.corpus import load
    from search.models import Skipped
    from search.ingest.document import build_document

    t2s = opencc.OpenCC("t2s")
    pools = Pools()
    for path in sorted(seeds.glob("*.txt")):
        raw = load(seeds, path.name)
        if isinstance(raw, Skipped):
            continue
        document = build_document(raw)
        if not document.town or document.year is None:
            continue
        town, year = t2s.convert(document.town), document.year
        lines = [t2s.convert(line.strip()) for line in raw.text.splitlines()]
        _split_seed([line for line in lines if line], town, year, pools)
    if not pools.get("总结", "sub"):
        raise ValueError(f"no usable seed reports in {seeds}")
    return pools


def _split_seed(lines: list[str], town: str, year: int, pools: Pools) -> None:
    section = "前言"
    for number, line in enumerate(lines):
        if _BOILERPLATE.search(line) or _DATE_LINE.match(line) or (len(line) < 16 and "。" not in line
                                                                     and line.endswith(("人民政府", "政府"))):
            continue
        short = len(line) <= 30 and "。" not in line
        if number < 3 and short and not _TOP.match(line) and not _FIRST_YEAR.match(line) and _YEAR.search(line) \
                and re.search("总结|计划|规划|报告", line):
            continue  # the title
        if _TOP.match(line) or (short and _YEAR.search(line) and not _SUB.match(line)):
            section = next((name for name, words in _SECTION_WORDS if words.search(line)), "总结")
            continue
        first = _FIRST_YEAR.match(line)
        if section in ("总结", "问题") and ((first and int(first.group(1)) > year) or _PLAN_CUE.match(line)):
            section = "计划"
        elif section == "总结" and _PROBLEM_CUE.search(line) and not (_SUB.match(line) or _ITEM.match(line)):
            section = "问题"
        if _SUB.match(line):
            pools.add(section, "sub", Piece(_SUB.sub("", line), town, year))
        elif _ITEM.match(line):
            pools.add(section, "item", Piece(_ITEM.sub("", line), town, year))
        elif short:
            pools.add(section, "sub", Piece(line, town, year))
        else:
            pools.add(section, "body", Piece(line, town, year))


def invent_towns(count: int, seed: int) -> list[str]:
    """`count` distinct invented names ending in 镇 or 乡; the first k never depend on count."""
    rng = random.Random(f"towns:{seed}")
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        size = 2 if rng.random() < 0.7 else 3
        name = "".join(rng.choice(NAME_CHARS) for _ in range(size))
        if len(set(name)) < size:
            continue
        name += rng.choice(SUFFIXES)
        if name[:-1] not in seen:
            seen.add(name[:-1])
            names.append(name)
    return names


class _Writer:
    """Assembles one report in Simplified script from the pools."""

    def __init__(self, pools: Pools, rng: random.Random, town: str, year: int) -> None:
        self.pools, self.rng, self.town, self.year = pools, rng, town, year
        self.lines: list[str] = []
        self.used: set[int] = set()

    def adapt(self, piece: Piece) -> str:
        """The seed's town becomes ours, its years move with the report, counts vary."""
        text = piece.text.replace(piece.town, self.town).replace(piece.town[:-1], self.town[:-1])
        old, new = piece.town[-1], self.town[-1]
        if old != new:
            text = _SELF_REFERENCE[old].sub(lambda m: m.group(0).replace(old, new), text)
        delta = self.year - piece.year
        text = _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)
        return _COUNT.sub(lambda m: str(max(10, round(int(m.group(1)) * self.rng.uniform(0.6, 1.6)))), text)

    def pick(self, section: str, kind: str) -> Piece | None:
        """A random piece of the pool, one not yet used in this report while there are any."""
        pool = self.pools.get(section, kind)
        if not pool:
            return None
        fresh = [p for p in pool if id(p) not in self.used]
        piece = self.rng.choice(fresh or pool)
        self.used.add(id(piece))
        return piece

    def emit(self, text: str) -> None:
        self.lines.append(text)

    def section(self, section: str, subsections: int) -> None:
        """`subsections` numbered (一) blocks, each a heading with or without body, then items."""
        paren = ("(", ")") if self.rng.random() < 0.5 else ("（", "）")
        item_mark = "{}." if self.rng.random() < 0.6 else "{}、"
        for index in range(subsections):
            piece = self.pick(section, "sub")
            if piece is None:
                return
            self.emit(f"{paren[0]}{CN_DIGITS[index]}{paren[1]}{self.adapt(piece)}")
            numbered = bool(self.rng.random() < 0.5 and self.pools.get(section, "item"))
            if ("。" in piece.text and self.rng.random() < 0.6) or not (numbered or self.pools.get(section, "body")):
                continue
            for n in range(1, self.rng.randint(1, 3) + 1):
                body = self.pick(section, "item" if numbered else "body")
                if body:
                    self.emit((item_mark.format(n) if numbered else "") + self.adapt(body))

    def plain(self, section: str, count: int) -> None:
        for _ in range(count):
            piece = self.pick(section, "body") or self.pick(section, "item")
            if piece:
                self.emit(self.adapt(piece))


def compose(pools: Pools, seed: int, index: int, town: str, year: int) -> str:
    """Report `index` in Simplified script; its shape is drawn from an RNG of (seed, index)."""
    rng = random.Random(f"report:{seed}:{index}")
    w = _Writer(pools, rng, town, year)
    nxt = year + 1
    header_kind = rng.random()
    if header_kind < 0.3:
        w.emit(rng.choice(BREADCRUMBS).format(town=town))
    titled = rng.random() < 0.75
    if titled:
        w.emit(rng.choice(TITLES).format(town=town, y=year, n=nxt))
    day = rng.randint(1, 28)
    if titled and rng.random() < 0.4:
        w.emit(f"({year}年12月{day}日)")
    w.plain("前言", rng.randint(1, 2))
    top = iter(CN_DIGITS)
    w.emit(f"{next(top)}、" + rng.choice(SUMMARY_HEADINGS).format(y=year))
    w.section("总结", rng.randint(3, 5))
    w.emit(f"{next(top)}、" + rng.choice(PROBLEM_HEADINGS))
    if rng.random() < 0.5 and w.pools.get("问题", "sub"):
        w.section("问题", rng.randint(2, 4))
    else:
        w.plain("问题", rng.randint(2, 4))
    w.emit(f"{next(top)}、" + rng.choice(PLAN_HEADINGS).format(y=nxt))
    if rng.random() < 0.6:
        w.plain("计划", 1)
    w.section("计划", rng.randint(2, 4))
    if rng.random() < 0.3 and w.pools.get("建议", "sub"):
        w.emit(f"{next(top)}、" + rng.choice(ADVICE_HEADINGS))
        w.section("建议", rng.randint(1, 2))
    if header_kind >= 0.3 and rng.random() < 0.6:
        w.emit(f"{town}人民政府")
        w.emit(f"{year}年12月{day}日")
    if rng.random() < 0.7:
        w.emit(rng.choice(TRAILERS))
    separator = "\n\n" if rng.random() < 0.25 else "\n"
    return separator.join(w.lines) + "\n"


def fingerprint(seeds: Path) -> str:
    """What a generated corpus depends on besides (n, seed): this module's code and the seeds.

    Stored in the manifest, so that a harness can tell a stale corpus from a reusable one.
    """
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(seeds.glob("*.txt")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def generate(seeds: Path, out: Path, n: int, seed: int = 0) -> list[Report]:
    """Write `n` reports into `out` (and a hidden manifest of what each should parse to).

    Refuses a non-empty `out` that it did not generate; replaces an earlier generated corpus.
    """
    import opencc

    _prepare(out)
    pools = load_pools(seeds)
    towns = invent_towns(max(1, -(-n // REPORTS_PER_TOWN)), seed)
    s2t = opencc.OpenCC("s2t")
    reports: list[Report] = []
    for index in range(n):
        rng = random.Random(f"meta:{seed}:{index}")
        town = towns[index // REPORTS_PER_TOWN]
        first = random.Random(f"first-year:{seed}:{index // REPORTS_PER_TOWN}")
        year = first.randint(FIRST_YEAR, LAST_YEAR - REPORTS_PER_TOWN + 1) + index % REPORTS_PER_TOWN
        text = compose(pools, seed, index, town, year)
        script = "traditional" if rng.random() < TRADITIONAL_SHARE else "simplified"
        if script == "traditional":
            text = s2t.convert(text)
        data = text.encode("utf-8")
        source = f"{index:05d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
        (out / source).write_bytes(data)
        reports.append(Report(source, town, year, script))
    manifest = {"generator": GENERATOR_VERSION, "fingerprint": fingerprint(seeds), "seed": seed, "n": n,
                "reports": [asdict(r) for r in reports]}
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")
    return reports


def _prepare(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    existing = [p for p in out.iterdir() if p.name != MANIFEST]
    if not existing:
        return
    if not manifest.is_file():
        raise FileExistsError(f"{out} is not empty and holds no generated corpus; choose another --out")
    for report in read_manifest(out):
        (out / report.source).unlink(missing_ok=True)


def read_manifest(corpus: Path) -> list[Report]:
    """The reports `generate` wrote into `corpus`, with their intended town and year."""
    data = json.loads((corpus / MANIFEST).read_text(encoding="utf-8"))
    return [Report(**row) for row in data["reports"]]


@dataclass(frozen=True)
class Mismatch:
    source: str
    intended: tuple[str, int]
    parsed: tuple[str, int | None]


def check(corpus: Path, reports: Iterable[Report] | None = None) -> list[Mismatch]:
    """Reports whose town or year the project's `build_document` does not recover."""
    from search.ingest.corpus import load
    from search.models import Skipped
    from search.normalize import normalize
    from search.ingest.document import build_document

    mismatches: list[Mismatch] = []
    for report in reports if reports is not None else read_manifest(corpus):
        raw = load(corpus, report.source)
        if isinstance(raw, Skipped):
            mismatches.append(Mismatch(report.source, (report.town, report.year), ("skipped: " + raw.reason, None)))
            continue
        document = build_document(raw)
        if normalize(document.town) != report.town or document.year != report.year:
            mismatches.append(Mismatch(report.source, (report.town, report.year), (document.town, document.year)))
    return mismatches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="how many reports (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="directory to write (created; replaced if generated)")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="seed reports (default seeds/)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--check", action="store_true", help="verify town and year with the project's parser")
    args = parser.parse_args(argv)
    reports = generate(args.seeds, args.out, args.n, args.seed)
    size = sum((args.out / r.source).stat().st_size for r in reports)
    print(f"{len(reports)} reports, {size / 1e6:.1f} MB in {args.out}")
    if args.check:
        mismatches = check(args.out, reports)
        for m in mismatches:
            print(f"mismatch {m.source}: intended {m.intended[0]} {m.intended[1]}, parsed {m.parsed[0]} {m.parsed[1]}")
        print(f"{len(reports) - len(mismatches)}/{len(reports)} reports parse to their intended town and year")
        return 1 if mismatches else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
