"""query, kwic and trend agree on what a term as written is, for thirty terms, with a brute-force
scan of the normalised text (script folded, inline pinyin read through) as the referee."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.generate import generate
from search.engine.searcher import Filters, SearchIndex, open_index
from search.normalize import matching_view, normalize
from search.research import workflows
from search.testing import write_reports
from support import SEEDS

WRITTEN = {
    "云溪镇2022年工作总结.txt": "\n".join([
        "云溪镇2022年工作总结",
        "一、2022年工作总结",
        "(一)全力推进鄉(xiāng)村振興,鄉村振興示範點建成兩個,乡村振兴乡村振兴两手抓。",
        "(二)落实河长巡河制度,河長巡河三百次;疫情防控工作常态化,疫情防控期间做好宣传工作。",
        "(三)召開屋場懇談會二十場,屋场会十场;精準扶貧成果鞏固,精准脱贫户稳定增收。",
        "(四)哈哈哈,人居環境整治,計畫生育服務,农村人居环境持续改善。",
    ]),
    "杉木乡2023年工作总结.txt": "\n".join([
        "杉木乡2023年工作总结",
        "一、2023年工作总结",
        "(一)基層黨建(dǎng)有力,基层党建示范点三个。",
        "(二)“河长制”全面落实,河湖長製覆盖全乡;5G基站建成12个。",
    ]),
}

TERMS = (
    "乡村振兴", "鄉村振興", "振兴", "疫情防控工作", "疫情防控", "精准扶贫", "精準扶貧", "精准脱贫",
    "河长巡河", "河長制", "河长制", "屋场恳谈会", "屋場懇談會", "屋场会", "人居环境", "基层党建",
    "基層黨建", "党建", "脱贫攻坚", "乡村", "镇", "鎮", "2022年", "5g", "哈哈", "计划", "工作总结",
    "示范点", "河湖长制", "产业发展",
)


@dataclass(frozen=True)
class Counts:
    paragraphs: frozenset[str]
    occurrences: int

    @property
    def reports(self) -> int:
        return len({pid.rsplit(":", 1)[0] for pid in self.paragraphs})


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    from search.index.build import build_index

    root = tmp_path_factory.mktemp("counts-agree")
    corpus = root / "corpus"
    generate(SEEDS, corpus, 16, seed=3)
    write_reports(corpus, WRITTEN)
    build_index(corpus, root / "index", procs=1)
    with open_index(root / "index") as idx:
        yield idx


def texts(idx: SearchIndex) -> dict[str, str]:
    """Every paragraph of the index by id, as the report wrote it."""
    return {hit.id: hit.text for source in idx.meta["files"] for hit in idx.paragraph(source)[1]}


def occurrences_in(view: str, needle: str) -> int:
    """Occurrences as the counting rule has them: overlapping ones joined into one."""
    count, end = 0, -1
    for start in range(len(view) - len(needle) + 1):
        if view.startswith(needle, start):
            count += start >= end
            end = max(end, start + len(needle)) if start < end else start + len(needle)
    return count


def brute_force(paragraphs: dict[str, str], term: str) -> Counts:
    needle = normalize(term)
    found = {pid: occurrences_in(matching_view(text)[0], needle) for pid, text in paragraphs.items()}
    return Counts(frozenset(pid for pid, n in found.items() if n), sum(found.values()))


@pytest.fixture(scope="module")
def paragraphs(index: SearchIndex) -> dict[str, str]:
    return texts(index)


def test_the_helpers_count_as_the_rule_says() -> None:
    assert occurrences_in("哈哈哈", "哈哈") == 1 and occurrences_in("哈哈哈哈", "哈哈") == 1
    assert occurrences_in("乡村振兴乡村振兴", "乡村振兴") == 2 and occurrences_in("乡村", "乡村振兴") == 0


def test_most_terms_are_found(index: SearchIndex, paragraphs: dict[str, str]) -> None:
    assert len(TERMS) == len(set(TERMS)) == 30
    assert sum(1 for t in TERMS if brute_force(paragraphs, t).paragraphs) >= 27


@pytest.mark.parametrize("term", TERMS)
def test_query_kwic_and_trend_count_what_a_scan_finds(index: SearchIndex, paragraphs: dict[str, str],
                                                      term: str) -> None:
    expected = brute_force(paragraphs, term)
    quoted = index.search(f"「{term}」", Filters(), limit=None)
    assert {h.id for h in quoted.hits} == expected.paragraphs
    assert sum(len(h.highlights) for h in quoted.hits) == expected.occurrences
    _, lines = workflows.kwic_lines(index, term, Filters())
    assert {o.id for o in lines} == expected.paragraphs and len(lines) == expected.occurrences
    for per, total in (("report", expected.reports), ("paragraph", len(expected.paragraphs)),
                       ("occurrence", expected.occurrences)):
        _, counted = workflows.trend_of(index, term, Filters(), per=per)
        assert counted.total == total, per


def test_a_kwic_line_is_the_term_as_the_report_wrote_it(index: SearchIndex) -> None:
    _, lines = workflows.kwic_lines(index, "乡村振兴", Filters())
    written = {o.match for o in lines if o.source.startswith("云溪镇")}
    assert written == {"鄉(xiāng)村振興", "鄉村振興", "乡村振兴"}
    assert all(normalize(matching_view(o.match)[0]) == "乡村振兴" for o in lines)


def test_the_generated_corpus_is_in_both_scripts(paragraphs: dict[str, str]) -> None:
    joined = "".join(paragraphs.values())
    assert normalize(joined) != joined and Path(SEEDS).is_dir()
