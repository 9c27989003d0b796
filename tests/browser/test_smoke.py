"""The built site in a real browser: pages load and the links between them work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import pytest

from helpers import Build, serve


@pytest.fixture(scope="module")
def site(mini_build: Build) -> Iterator[str]:
    """The mini site (built once for the run) served on the loopback address."""
    with serve(mini_build.outdir) as url:
        yield url


def test_the_home_page_leads_to_a_record(site: str, page: Any) -> None:
    page.goto(site)  # index.html redirects to the root document
    page.wait_for_url("**/docs/index.html")
    assert page.title().startswith("Test log")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert icon and icon.endswith(".svg")
    assert page.request.get(urljoin(page.url, icon)).ok
    page.locator(".bd-header a", has_text="Decisions").first.click()
    page.wait_for_url("**/docs/decisions.html")
    page.locator("a[href$='#DEC-2020-001']").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("#DEC-2020-001")
    card = page.locator("[id='DEC-2020-001']")
    assert card.is_visible()
    assert "DEC-2020-001" in card.inner_text()

