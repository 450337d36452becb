"""Fixtures of the real-browser tests (harness in browsing.py): a seeds index, the app served
under uvicorn, and Chromium. Named `live_*` and `browser` so that they never shadow the app
tests' own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browsing import chromium, missing_browser, serving


@dataclass(frozen=True)
class LiveServer:
    """A running app: its base URL and the index it serves."""

    url: str
    index: Path

    def at(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="session")
def live_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the seeds, built once for every browser test, in a temp folder."""
    from support import build_seeds_index

    return build_seeds_index(tmp_path_factory.mktemp("web-seeds") / "index")


@pytest.fixture(scope="session")
def live_server(live_index: Path) -> Iterator[LiveServer]:
    with serving(live_index) as url:
        yield LiveServer(url, live_index)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    problem = missing_browser()
    if problem:
        pytest.fail(problem, pytrace=False)
    profile = tmp_path_factory.mktemp("chromium-profile")
    driver = chromium(profile)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
