"""The README's pictures of the web app, taken from a real run on the seeds.

    .venv/bin/python docs/screenshots.py        writes docs/screenshots/*.png

An index of seeds/ is built in a temporary folder, served by uvicorn as `search serve` serves it,
and photographed by the browser tests' Chromium (tests/web/browsing.py): the search page with its
facets and highlights, a report opened at a citation, and a trend chart. Run it again after a
change to the pages, and commit the pictures with it.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
TERM = "乡村振兴"
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "web")]

from browsing import chromium, missing_browser, serving, wait_for  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from support import build_seeds_index  # noqa: E402


def search_page(browser: Any, url: str) -> None:
    browser.get(url + "/?" + urlencode({"q": TERM}))
    wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#hits .hit"), "hits")


def report_page(browser: Any, url: str) -> None:
    search_page(browser, url)
    cites = browser.find_elements(By.CSS_SELECTOR, "#hits .hit a.cite")
    browser.get(cites[len(cites) // 2].get_attribute("href"))
    wait_for(browser, lambda b: b.execute_script("return document.querySelector(':target')"), "the cited paragraph")


def trend_page(browser: Any, url: str) -> None:
    browser.get(url + "/trend?" + urlencode({"q": TERM}))
    wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#trend-chart svg g.role-mark > *"), "the chart")


SHOTS: dict[str, Callable[[Any, str], None]] = {
    "search.png": search_page,
    "report.png": report_page,
    "trend.png": trend_page,
}


def main() -> int:
    problem = missing_browser()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as scratch:
        index = build_seeds_index(Path(scratch) / "index")
        browser = chromium(Path(scratch) / "profile")
        try:
            with serving(index) as url:
                for name, show in SHOTS.items():
                    show(browser, url)
                    browser.save_screenshot(str(OUT / name))
                    print(f"written {(OUT / name).relative_to(ROOT)}")
        finally:
            browser.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
