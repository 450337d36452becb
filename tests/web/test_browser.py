"""The search and report pages in a real browser: what a reader types, clicks and then sees.

Expected hits come from the engine over the same index, so the test says what the page must show
without restating the seeds; what is read back is the rendered text of elements (`innerText`),
after the page's own scripts ran, under the app's Content-Security-Policy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from browsing import severe_messages, wait_for
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from search.engine.searcher import open_index

QUERY = "乡村振兴"
WRITTEN = ("乡村振兴", "鄉村振興")
"""The term as the seeds write it, in either script: what every hit must show."""
CHIP_XPATH = '//*[contains(concat(" ", normalize-space(@class), " "), " chip ")][contains(., "{town}")]'

HITS_JS = """
return Array.from(document.querySelectorAll('#hits .hit')).map(hit => {
  const cite = hit.querySelector('a.cite');
  return {text: hit.innerText, cite: cite ? cite.getAttribute('href') : null};
});
"""
FACETS_JS = """
return Array.from(document.querySelectorAll('#facets a.facet[data-field][data-value]')).map(a => ({
  field: a.dataset.field, value: a.dataset.value, text: a.parentElement.innerText}));
"""
TARGET_JS = """
const target = document.querySelector(':target');
if (!target) return null;
const box = target.getBoundingClientRect();
return {id: target.id, text: target.innerText, top: box.top, bottom: box.bottom, height: box.height,
        viewport: window.innerHeight};
"""


def hits(browser: Any) -> list[dict[str, str]]:
    return list(browser.execute_script(HITS_JS))


def cited_source(href: str) -> tuple[str, int]:
    """(source, line) of a citation link `/report/SOURCE#L<line>`."""
    parts = urlsplit(href)
    assert parts.path.startswith("/report/"), href
    assert parts.fragment.startswith("L"), href
    return unquote(parts.path.removeprefix("/report/")), int(parts.fragment[1:])


@pytest.fixture(scope="module")
def expected(live_index: Path) -> dict[str, Any]:
    """What the engine finds for QUERY: every hit's source, and the town the facet test narrows to."""
    with open_index(live_index) as index:
        result = index.search(QUERY, limit=None)
        towns = result.facets["town"]
        town = min(towns, key=lambda t: (towns[t], t))
        return {"total": result.total, "town": town, "town_count": towns[town],
                "sources": {hit.source for hit in result.hits},
                "town_sources": {hit.source for hit in result.hits if hit.town == town}}


def test_a_query_typed_and_narrowed_by_a_facet_shows_only_that_towns_hits(browser: Any, live_server: Any,
                                                                      expected: dict[str, Any]) -> None:
    browser.get(live_server.at("/"))
    box = wait_for(browser, lambda b: b.find_element(By.CSS_SELECTOR, "form#search input#q"), "the query box")
    box.clear()
    box.send_keys(QUERY, Keys.ENTER)
    shown = wait_for(browser, lambda b: hits(b) or None, "hits after submitting the query")
    assert len(shown) > expected["town_count"]
    for hit in shown:
        assert any(word in hit["text"] for word in WRITTEN), hit["text"]
        assert cited_source(hit["cite"])[0] in expected["sources"]

    town = expected["town"]
    facets = [f for f in browser.execute_script(FACETS_JS) if f["field"] == "town" and f["value"] == town]
    assert facets, f"no town facet for {town}"
    assert town in facets[0]["text"] and str(expected["town_count"]) in facets[0]["text"]
    browser.find_element(By.CSS_SELECTOR, f'#facets a.facet[data-field="town"][data-value="{town}"]').click()
    wait_for(browser, lambda b: len(hits(b)) == expected["town_count"], f"only the hits of {town}")
    assert {cited_source(hit["cite"])[0] for hit in hits(browser)} <= expected["town_sources"]
    chips = [chip.text for chip in browser.find_elements(By.CSS_SELECTOR, ".chip")]
    assert any(town in chip for chip in chips), chips
    assert browser.find_element(By.CSS_SELECTOR, "input#q").get_attribute("value") == QUERY

    browser.find_element(By.XPATH, CHIP_XPATH.format(town=town)).click()
    wait_for(browser, lambda b: len(hits(b)) == len(shown), "every hit again once the chip is removed")
    assert not [chip for chip in browser.find_elements(By.CSS_SELECTOR, ".chip") if town in chip.text]
    assert severe_messages(browser) == []


def test_a_citation_opens_the_report_scrolled_to_its_paragraph(browser: Any, live_server: Any) -> None:
    browser.get(live_server.at("/"))
    box = wait_for(browser, lambda b: b.find_element(By.CSS_SELECTOR, "form#search input#q"), "the query box")
    box.clear()
    box.send_keys(QUERY, Keys.ENTER)
    first = wait_for(browser, lambda b: hits(b) or None, "hits")[-1]
    source, line = cited_source(first["cite"])
    browser.find_element(By.CSS_SELECTOR, f'#hits .hit a.cite[href="{first["cite"]}"]').click()

    target = wait_for(browser, lambda b: b.execute_script(TARGET_JS), f"the report at line {line}")
    assert urlsplit(browser.current_url).path.endswith(source)
    assert target["id"] == f"L{line}"
    assert target["height"] > 0 and target["bottom"] > 0 and target["top"] < target["viewport"], target
    assert any(word in target["text"] for word in WRITTEN), target["text"]
    paragraph = browser.find_element(By.ID, f"L{line}")
    assert paragraph.is_displayed()
    assert browser.find_element(By.ID, "outline").text.strip()
    assert severe_messages(browser) == []
