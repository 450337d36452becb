"""Site furniture told by recurrence across a corpus: a short margin line many reports share is
the site's; what authors repeat (headings, titles, plans, signatures, dates) stays."""

from __future__ import annotations

import sys
from pathlib import Path

from search.ingest.boilerplate import recurring, recurring_in, report_shapes
from search.ingest.clean import clean
from search.ingest.document import parse_corpus
from search.models import Document
from search.testing import write_reports

sys.path.insert(0, str(Path(__file__).parent))

TOWNS = ("青禾镇", "稻香乡", "白石镇", "柳溪镇", "松林乡", "石门镇")


def report(town: str, year: int) -> str:
    """A yearly report as a town's series writes it, on a site that frames every page alike."""
    return "\n".join([
        f"本页由{town}党政办维护",                     # 1 site: the town masked, it recurs
        "扫码在手机上阅读本页",                          # 2 site
        f"{town}{year}年工作总结",                       # 3 title: recurs once years are masked
        f"一、{year}年工作总结",                         # 4 heading
        f"{year}年,全{town[-1]}各项工作稳步推进,完成年度目标任务。",
        "二、下一步工作计划",                            # 6 heading
        "持续推进乡村振兴",                              # 7 one-line plan without punctuation
        "一是抓好春耕备耕",                              # 8 listed plan
        "全力以赴抓好安全生产工作。",
        "继续做好民生实事",                              # 10 a plan after the last sentence
        f"{town}人民政府",                               # 11 signature
        f"{year}年12月28日",                             # 12 date
        f"政务服务 互动交流 {year % 100}个栏目",         # 13 site: the number masked
        "打印本页 关闭窗口",                             # 14 site, dropped by its shape alone
    ])


def shared_shapes(count: int) -> frozenset[str]:
    return recurring(report_shapes(report(town, 2020 + i)) for i, town in enumerate(TOWNS[:count]))


def test_the_lines_every_page_of_a_site_shares_are_dropped_and_the_authors_repeats_stay() -> None:
    with recurring_in(shared_shapes(6)):
        cleaned = clean(report("青禾镇", 2024))
    assert [line.number for line in cleaned.boilerplate] == [1, 2, 13, 14]
    assert [line.number for line in cleaned.content] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]


def test_a_line_in_fewer_than_five_reports_stays() -> None:
    with recurring_in(shared_shapes(4)):
        cleaned = clean(report("青禾镇", 2024))
    assert [line.number for line in cleaned.boilerplate] == [14]


def test_a_recurring_line_inside_the_report_stays() -> None:
    """Only the margins count: between the first sentence and the last is the author's."""
    shapes = shared_shapes(6)
    text = report("青禾镇", 2024).replace("持续推进乡村振兴", "扫码在手机上阅读本页")
    with recurring_in(shapes):
        cleaned = clean(text)
    assert 7 in [line.number for line in cleaned.content]


def test_a_corpus_read_directly_drops_its_recurring_lines(tmp_path: Path) -> None:
    write_reports(tmp_path, {f"{i}.txt": report(town, 2020 + i) for i, town in enumerate(TOWNS)})
    documents = [item for item in parse_corpus(tmp_path) if isinstance(item, Document)]
    assert len(documents) == 6
    assert {tuple(line.number for line in doc.dropped) for doc in documents} == {(1, 2, 13, 14)}


def test_report_text_of_every_kind_recurring_across_a_series_is_kept(tmp_path: Path) -> None:
    """The report lines of every kind (short headings, one-line plans, numbers, names, dates,
    signatures), the same in six reports of a series, around and after their sentences."""
    from test_generalise_furniture import REPORT

    body = [line for line in REPORT if line not in ("青禾镇人民政府", "2023年12月30日")]
    pieces = ["青禾镇", "2023年", "工作总结"]
    reports = {f"{i}.txt": "\n".join([*pieces, f"{2018 + i}年,全镇上下齐心协力,各项工作有序推进。", *body,
                                      "明年力争完成招商引资5亿元", "青禾镇人民政府", f"{2018 + i}年12月30日"])
               for i in range(6)}
    write_reports(tmp_path, reports)
    documents = [item for item in parse_corpus(tmp_path) if isinstance(item, Document)]
    assert [doc.dropped for doc in documents] == [()] * 6
