"""The research pages in a real browser: a concordance re-sorted by a click, a trend drawn by Vega.

The expected order of the concordance is the research library's own (`kwic_lines`, as `search
kwic --sort left` prints it); the chart is read back from the SVG Vega drew in the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from urllib.request import urlopen

from browsing import severe_messages, wait_for
from selenium.webdriver.common.by import By

from search.engine.filters import Filters
from search.engine.searcher import open_index
from search.research.workflows import kwic_lines, trend_of

TERM = "乡村振兴"

ROWS_JS = "return Array.from(document.querySelectorAll('table#kwic tr.kwic-row')).map(row => row.innerText);"
CHART_JS = """
const svg = document.querySelector('#trend-chart svg');
if (!svg) return null;
return {marks: svg.querySelectorAll('g.role-mark > *').length,
        labels: Array.from(svg.querySelectorAll('text')).map(t => t.textContent)};
"""


def rows(browser: Any) -> list[str]:
    return list(browser.execute_script(ROWS_JS))


def in_order(shown: list[str], expected: list[tuple[str, str]]) -> bool:
    """Whether row i shows the end of occurrence i's left context and its match, for every i."""
    return len(shown) == len(expected) and all(
        match in row and left[-4:] in row for row, (left, match) in zip(shown, expected, strict=True))


def test_sorting_the_concordance_by_its_left_context_reorders_the_rows(browser: Any, live_server: Any,
                                                                       live_index: Path) -> None:
    with open_index(live_index) as index:
        by_source = [(o.left, o.match) for o in kwic_lines(index, TERM, Filters())[1]]
        by_left = [(o.left, o.match) for o in kwic_lines(index, TERM, Filters(), sort="left")[1]]
    assert by_left != by_source, "the term must give an order that sorting changes"

    browser.get(live_server.at("/kwic?" + urlencode({"q": TERM})))
    first = wait_for(browser, lambda b: rows(b) or None, "the concordance's rows")
    assert in_order(first, by_source), first

    browser.find_element(By.CSS_SELECTOR, "a#sort-left").click()
    wait_for(browser, lambda b: rows(b) != first, "the rows in another order")
    wait_for(browser, lambda b: in_order(rows(b), by_left), "the rows sorted by their left context")
    assert severe_messages(browser) == []


def test_a_trend_is_drawn_as_an_svg_chart_with_its_years(browser: Any, live_server: Any, live_index: Path) -> None:
    with open_index(live_index) as index:
        counted = trend_of(index, TERM, Filters())[1]
    years = sorted({str(cell.key[0]) for cell in counted.cells if cell.count})
    assert len(years) > 1

    browser.get(live_server.at("/trend?" + urlencode({"q": TERM})))
    chart = wait_for(browser, lambda b: (c := b.execute_script(CHART_JS)) and c["marks"] and c, "marks in the chart")
    assert chart["marks"] >= 1
    assert set(years) <= {label.strip() for label in chart["labels"]}, chart["labels"]
    for button in ("save-svg", "save-png"):
        assert browser.find_element(By.ID, button).is_displayed()

    csv_link = browser.find_element(By.CSS_SELECTOR, "a.csv").get_attribute("href")
    with urlopen(csv_link, timeout=10) as response:
        body = response.read().decode("utf-8-sig")
    assert all(year in body for year in years)
    assert severe_messages(browser) == []
