"""A temporary index built from reports given as text: for tests, the project's and a library user's.

Whoosh's own tests use a `TempIndex`; this is the same idea for this project: write a few reports
(or point at a folder of them), build a real index of them in a temporary folder, search it, and
have everything removed afterwards. It never touches the project's `index/`.

    with temporary_index({"甲镇2021年工作总结.txt": "一、2021年工作总结\\n全镇召开屋场恳谈会12场。"}) as index:
        assert index.search("屋场恳谈会").total == 1
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from search.engine.searcher import SearchIndex


def write_reports(folder: Path, reports: Mapping[str, str]) -> Path:
    """`reports` (file name → text) written as UTF-8 files into `folder`, which is returned."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@contextmanager
def temporary_index(reports: Mapping[str, str] | Path, procs: int = 1) -> Iterator[SearchIndex]:
    """An open index of `reports` (file name → text, or a corpus folder), removed on exit."""
    from search.engine.searcher import open_index
    from search.index.build import build_index

    with tempfile.TemporaryDirectory(prefix="search-index-") as scratch:
        root = Path(scratch)
        corpus = reports if isinstance(reports, Path) else write_reports(root / "corpus", reports)
        build_index(corpus, root / "index", procs=procs)
        with open_index(root / "index") as index:
            yield index
