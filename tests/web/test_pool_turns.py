"""Requests take turns at reading: at most BUSY at once, the others wait instead of opening more."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from search.index.build import build_index
from search.testing import write_reports
from search.web import pool as pooling


def test_a_request_beyond_busy_waits_for_one_to_finish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = "泉溪镇2021年工作总结\n一、2021年工作总结\n全镇召开屋场恳谈会十二场。\n"
    corpus = write_reports(tmp_path / "corpus", {"q.txt": report})
    build_index(corpus, tmp_path / "index", procs=1)
    monkeypatch.setattr(pooling, "BUSY", 1)
    pool = pooling.Pool(tmp_path / "index")
    reading, done, entered = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with pool.opened():
            reading.set()
            done.wait(10)

    def second() -> None:
        with pool.opened():
            entered.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert reading.wait(10)
    threads[1].start()
    assert not entered.wait(0.3)
    done.set()
    assert entered.wait(10)
    for thread in threads:
        thread.join(10)
    pool.close()
