"""Permanent links: r/<ID>.html reaches the record without JavaScript (served and from
file://), the lookup page takes an ID in any case, and an unknown ID is said so with
suggestions; each card's permanent link is visible and reachable by keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import Build, serve


@pytest.fixture(scope="module")
def site(mini_build: Build) -> Iterator[str]:
    with serve(mini_build.outdir) as url:
        yield url


RECORD_PAGE = "decisions/2020/2020-05-01-review.html"


def test_a_permalink_works_without_javascript_from_a_host_and_from_files(
        browser: Any, mini_build: Build, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for start in (site + "r/DEC-2020-001.html", (mini_build.outdir / "r" / "DEC-2020-001.html").as_uri()):
        page.goto(start)
        page.wait_for_url(f"**/{RECORD_PAGE}#DEC-2020-001")
        assert page.locator("[id='DEC-2020-001']").is_visible()
    context.close()


def test_the_lookup_page_takes_an_id_in_any_case(site: str, page: Any) -> None:
    page.goto(site + "permalink.html?id=dec-2020-001")
    page.wait_for_url(f"**/{RECORD_PAGE}#DEC-2020-001")
    page.goto(site + "permalink.html")
    page.fill("#dmlog-lookup-id", "act-2020-002")
    page.keyboard.press("Enter")
    page.wait_for_url("**/actions/2020/2020-05-01-review.html#ACT-2020-002")


def test_an_unknown_id_is_said_so_with_suggestions(site: str, page: Any) -> None:
    page.goto(site + "permalink.html?id=DEC-2020-009")
    page.wait_for_load_state()
    message = page.locator("#dmlog-lookup")
    assert "There is no record DEC-2020-009 in this log." in message.inner_text()
    suggestions = message.locator("li a")
    assert suggestions.first.inner_text().startswith("DEC-2020-001")
    # the site's own look: the theme's header is there
    assert page.locator(".bd-header").is_visible()
    assert page.locator("#dmlog-lookup-id").input_value() == "DEC-2020-009"
    suggestions.first.click()
    page.wait_for_url(f"**/{RECORD_PAGE}#DEC-2020-001")


def test_the_permanent_link_of_a_card_is_visible_and_reachable_by_keyboard(site: str, page: Any) -> None:
    page.goto(site + RECORD_PAGE)
    link = page.locator("[id='DEC-2020-001'] a.dmlog-permalink")
    assert link.is_visible()
    assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
    assert link.get_attribute("aria-label") == "Permanent link to DEC-2020-001"
    page.locator("[id='DEC-2020-001'] .dmlog-head a.dmlog-id").focus()
    page.keyboard.press("Tab")
    assert link.evaluate("a => a === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{RECORD_PAGE}#DEC-2020-001")
    assert Path(page.url.split("#")[0]).name == Path(RECORD_PAGE).name
