"""Search (Pagefind) in a real browser: a word finds the record, which the result
opens at its anchor; a word of a meeting's discussion finds the meeting's page; an
exact ID comes first and Enter goes to it, also from the theme's search box, and an
ID the log does not have is said so; filters narrow the results; nothing is loaded
from elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from helpers import Build, axe_violations, serve


@pytest.fixture(scope="module")
def site(mini_build: Build) -> Iterator[str]:
    """The mini site (built once for the run) served on the loopback address."""
    with serve(mini_build.outdir) as url:
        yield url


def results(page: Any) -> list[str]:
    """The IDs of the results shown, once the search has answered."""
    page.wait_for_function("document.getElementById('dmlog-search-status').textContent.includes('result')")
    return page.locator("#dmlog-search-results .dmlog-result-id").all_inner_texts()


def test_a_word_of_a_record_finds_it_and_the_result_opens_its_anchor(site: str, page: Any) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site + "search.html")
    page.fill("#dmlog-search-input", "circulates")
    assert results(page) == ["ACT-2020-002"]
    result = page.locator(".dmlog-result").first
    assert "Action" in result.inner_text() and "Owner: Ann Author, The Team" in result.inner_text()
    assert result.locator(".dmlog-status").inner_text() == "open"
    assert result.locator("mark").first.inner_text().lower().startswith("circulate")
    result.locator("a").click()
    page.wait_for_url("**/actions/2020/2020-05-01-review.html#ACT-2020-002")
    assert all(url.startswith(site) for url in requests), "search must not use the network"


def test_an_exact_id_comes_first_and_enter_goes_to_it(site: str, page: Any) -> None:
    page.goto(site + "search.html")
    page.fill("#dmlog-search-input", "dec-2020-001")
    first = page.locator("#dmlog-search-results .dmlog-result").first
    assert first.locator(".dmlog-result-id").inner_text() == "DEC-2020-001"
    assert "Record with this ID" in first.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url("**/decisions/2020/2020-05-01-review.html#DEC-2020-001")


def test_a_word_only_in_a_meetings_discussion_finds_its_page(site: str, page: Any) -> None:
    page.goto(site + "search.html?q=Tucson")
    assert results(page) == ["MTG-2020-05-01-review"]
    result = page.locator(".dmlog-result").first
    assert "Meeting discussion" in result.inner_text()
    assert result.locator("mark").inner_text().startswith("Tucson")
    result.locator("a").click()
    page.wait_for_url("**/docs/meetings/2020/2020-05-01-review.html")


def test_an_id_the_log_does_not_have_is_said_so_with_the_nearest(site: str, page: Any) -> None:
    page.goto(site + "search.html?q=ACT-2026-999")
    status = page.locator("#dmlog-search-status")
    page.wait_for_function("document.getElementById('dmlog-search-status').textContent !== ''")
    assert status.inner_text() == "There is no record ACT-2026-999 in this log. The nearest IDs:"
    assert page.locator("#dmlog-search-results .dmlog-result-id").all_inner_texts() == [
        "ACT-2020-001", "ACT-2020-002"]
    page.fill("#dmlog-search-input", "dec-2020-002")  # a character away from one
    page.wait_for_function("document.getElementById('dmlog-search-status').textContent.includes('DEC-2020-002')")
    assert page.locator("#dmlog-search-results .dmlog-result-id").all_inner_texts()[0] == "DEC-2020-001"


def test_the_theme_search_box_uses_the_log_search(site: str, page: Any) -> None:
    page.goto(site + "docs/index.html")
    page.keyboard.press("Control+k")
    page.keyboard.type("ACT-2020-001")
    page.keyboard.press("Enter")
    page.wait_for_url("**/actions/2020/2020-05-01-review.html#ACT-2020-001")
    page.goto(site + "docs/index.html")
    page.keyboard.press("Control+k")
    page.keyboard.type("plan")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=plan")
    # the three records, and the discussion on the meeting's page
    assert sorted(results(page)) == ["ACT-2020-001", "ACT-2020-002", "DEC-2020-001", "MTG-2020-05-01-review"]


def test_filters_narrow_the_results(site: str, page: Any) -> None:
    page.goto(site + "search.html?q=plan")
    assert len(results(page)) == 4
    page.select_option("#dmlog-filter-owner", "Bob Builder")
    page.wait_for_function("document.getElementById('dmlog-search-status').textContent === '1 result'")
    assert results(page) == ["ACT-2020-001"]
    page.select_option("#dmlog-filter-owner", "")
    page.select_option("#dmlog-filter-type", "Decision")
    page.wait_for_function("document.getElementById('dmlog-search-status').textContent === '1 result'")
    assert results(page) == ["DEC-2020-001"]
    page.select_option("#dmlog-filter-type", "Meeting discussion")
    page.wait_for_function("document.getElementById('dmlog-search-status').textContent === '1 result'")
    assert results(page) == ["MTG-2020-05-01-review"]
    for name in ("status", "meeting", "milestone", "year"):
        assert page.locator(f"#dmlog-filter-{name}").count() == 1
    assert axe_violations(page) == []


def test_a_filter_without_words_lists_the_records_it_keeps(site: str, page: Any) -> None:
    page.goto(site + "search.html")
    page.wait_for_selector("#dmlog-search[data-ready]", state="attached")
    options = page.locator("#dmlog-filter-type option").all_inner_texts()
    assert options[:3] == ["any type", "Action (2)", "Decision (1)"] and "Meeting (1)" in options
    page.select_option("#dmlog-filter-type", "Action")
    assert sorted(results(page)) == ["ACT-2020-001", "ACT-2020-002"]
    page.select_option("#dmlog-filter-owner", "Bob Builder")
    page.wait_for_function("document.getElementById('dmlog-search-status').textContent === '1 result'")
    assert results(page) == ["ACT-2020-001"]
