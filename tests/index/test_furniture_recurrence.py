"""The corpus-wide count of recurring margin lines, kept by a build and recounted by an update:
a report added or removed changes what recurs, and the unchanged reports it concerns are parsed
again; the others are not."""

from __future__ import annotations

import sys
from pathlib import Path

from search.engine.searcher import open_index
from search.index.build import build_index
from search.testing import write_reports

sys.path.insert(0, str(Path(__file__).parents[1] / "ingest"))
from test_generalise_furniture_recurrence import TOWNS, report  # noqa: E402

ALONE = "独立成篇的报告.txt"
ALONE_TEXT = "稻香乡2023年工作总结\n一、2023年工作总结\n全年各项工作稳步推进。\n稻香乡人民政府"


def dropped(index: Path) -> dict[str, str]:
    with open_index(index) as idx:
        return {row["source"]: row["dropped_lines"] for row in idx.documents()}


def test_an_update_recounts_and_reparses_the_reports_whose_lines_recur(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    series = {f"{i}.txt": report(town, 2020 + i) for i, town in enumerate(TOWNS[:4])}
    write_reports(corpus, series | {ALONE: ALONE_TEXT})
    build_index(corpus, index, procs=1)
    assert set(dropped(index).values()) == {"14", ""}

    write_reports(corpus, {"4.txt": report(TOWNS[4], 2024)})
    update = build_index(corpus, index, procs=1)
    assert sorted(update.indexed) == ["0.txt", "1.txt", "2.txt", "3.txt", "4.txt"]
    assert update.unchanged == (ALONE,)
    found = dropped(index)
    assert found.pop(ALONE) == ""
    assert set(found.values()) == {"1,2,13,14"}

    (corpus / "4.txt").unlink()
    build_index(corpus, index, procs=1)
    assert set(dropped(index).values()) == {"14", ""}
