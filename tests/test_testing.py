"""The temporary index a library user's tests can build: a real index, gone afterwards."""

from __future__ import annotations

from pathlib import Path

from search.testing import temporary_index

REPORTS = {
    "jx2021.txt": "金溪镇2021年工作总结\n一、2021年工作总结\n全年召開屋場懇談會二十場,化解矛盾十二起。\n"
                  "二、存在的问题\n村级集体经济底子薄。\n",
    "ys2022.txt": "银山乡2022年工作计划\n一、2022年工作计划\n每月召开一次屋场恳谈会,听取群众意见。\n",
}


def test_reports_given_as_text_are_indexed_searched_and_removed() -> None:
    with temporary_index(REPORTS) as index:
        where = Path(index.path)
        result = index.search("屋场恳谈会")
        assert sorted(h.id for h in result.hits) == ["jx2021.txt:3", "ys2022.txt:3"]
        assert {h.source: h.section for h in result.hits} == {"jx2021.txt": "工作总结", "ys2022.txt": "工作计划"}
        assert index.search("集体经济", limit=None).hits[0].section == "存在问题"
        assert where.is_dir()
    assert not where.exists()


def test_a_corpus_folder_is_indexed_where_it_lies(tmp_path: Path) -> None:
    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with temporary_index(tmp_path) as index:
        assert index.search('"化解矛盾"').total == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(REPORTS)
