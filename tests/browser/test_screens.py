"""The log's tables on a laptop (1280×900) and a phone (390×844): every column is on
screen without scrolling the page sideways or the table's box (on a phone each row is
a card, each cell under its column's name, with nothing axe-core finds serious), and
a filtered table's URL keeps its filters across a reload."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from helpers import Build, axe_violations, serve

PAGES = ("docs/traceability.html", "docs/review.html", "docs/decisions.html", "docs/actions.html")

# Problems with the tables of the page, as text: a column cut off or out of the screen.
OFF_SCREEN = """() => {
  const problems = [], width = window.innerWidth, page = document.documentElement.scrollWidth;
  const span = r => `${Math.round(r.left)}–${Math.round(r.right)} px`;
  if (page > width) problems.push(`page ${page} px wide`);
  for (const table of document.querySelectorAll("article table.dmlog-table")) {
    if (!table.offsetParent) continue;  // a table without JavaScript, or hidden
    const box = table.closest(".dmlog-table-scroll") || table.parentElement;
    const right = Math.min(box.getBoundingClientRect().right, width) + 1;
    const names = [...table.querySelectorAll("thead th")]
      .map(th => th.textContent.replace(/[↕▲▼]/g, "").trim());
    const cards = getComputedStyle(table.querySelector("tbody tr")).display === "block";
    if (!cards) {
      table.querySelectorAll("thead th").forEach((th, i) => {
        const r = th.getBoundingClientRect();
        if (r.left < 0 || r.right > right) problems.push(`${names[i]}: ${span(r)}`);
      });
      continue;
    }
    const seen = new Set();
    for (const row of [...table.tBodies[0].rows].slice(0, 5)) {
      [...row.cells].forEach((cell, i) => {
        const label = cell.getAttribute("data-label");
        if (label !== names[i]) problems.push(`cell ${i} labelled ${label}, not ${names[i]}`);
        if (!cell.textContent.trim()) return;
        const r = cell.getBoundingClientRect();
        if (r.width === 0 || r.left < 0 || r.right > right) problems.push(`${names[i]}, a card: ${span(r)}`);
        else seen.add(i);
      });
    }
    if (!seen.size) problems.push("no cell of a card on screen");
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def seed_site(seed_build: Build) -> Iterator[str]:
    with serve(seed_build.outdir) as url:
        yield url


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_every_column_is_on_screen(browser: Any, seed_site: str, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for name in PAGES:
            page.goto(seed_site + name)
            page.wait_for_selector("article table.dmlog-dt-table")
            assert page.evaluate(OFF_SCREEN) == [], f"{name} at {width} px"
        # the last, the action tracker: its cards (and the header's icon buttons) as
        # accessible as its table
        assert axe_violations(page) == [], f"at {width} px"
    finally:
        context.close()


def test_a_link_is_underlined_below_its_underscores(seed_site: str, page: Any) -> None:
    page.goto(seed_site + "docs/decisions.html")
    link = page.locator("article a", has_text="obs_decam").first
    offset, size = link.evaluate("a => [getComputedStyle(a).textUnderlineOffset, "
                                 "getComputedStyle(a).fontSize]")
    # an underscore reaches about 0.2em below the baseline: the underline is drawn lower
    assert float(offset.removesuffix("px")) >= 0.25 * float(size.removesuffix("px"))


def test_a_filtered_tracker_url_reloads_with_its_filters(mini_build: Build, page: Any) -> None:
    with serve(mini_build.outdir) as site:
        page.goto(site + "docs/actions.html?owner=bob&overdue=1")
        rows = page.locator(".dmlog-dt-table").first.locator("tbody tr")
        assert rows.evaluate_all("rows => rows.map(r => r.dataset.needId)") == ["ACT-2020-001"]
        owner = page.locator(".dmlog-dt-filter[data-column=owner]").first
        assert owner.input_value() == "bob" and page.get_by_label("Overdue only").is_checked()
        # what the reader changes goes into the address, and a reload keeps it
        owner.select_option("team")
        page.get_by_label("Overdue only").uncheck()
        page.locator("th[data-col=title] button").first.click()
        assert page.url.endswith("docs/actions.html?owner=team&sort=title")
        page.reload()
        assert owner.input_value() == "team" and not page.get_by_label("Overdue only").is_checked()
        assert rows.evaluate_all("rows => rows.map(r => r.dataset.needId)") == ["ACT-2020-002"]
        assert page.locator("th[data-col=title]").first.get_attribute("aria-sort") == "ascending"
