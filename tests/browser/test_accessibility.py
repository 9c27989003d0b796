"""Every page type, light and dark: no serious or critical problem found by axe-core;
on a 390 px phone no page scrolls sideways (table rows are cards: tests/browser/test_screens.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from helpers import THEME_RULES, Build, axe_violations, serve

PAGES = {
    "home": "docs/index.html",
    "decision log": "docs/decisions.html",
    "action tracker": "docs/actions.html",
    "decisions of a meeting": "decisions/2020/2020-05-01-review.html",
    "actions of a meeting": "actions/2020/2020-05-01-review.html",
    "meeting": "docs/meetings/2020/2020-05-01-review.html",
    "meetings": "docs/meetings/index.html",
    "person": "docs/people/ann.html",
    "people": "docs/people/index.html",
    "milestone": "docs/milestones/LDM-503-10a.html",
    "document": "docs/documents/DMTN-085.html",
    "search": "search.html?q=plan",
    "unknown record": "permalink.html?id=DEC-2020-009",
}
# A loaded page is done when its fonts are (they set the widths) and the search page has
# loaded its index and answered the query (it marks itself ready): waiting for this, not
# for the network to be idle half a second, saves that half second on every page.
SETTLED = ("() => document.fonts.status === 'loaded' && "
           "(document.getElementById('dmlog-search')?.dataset.ready ?? 'true') === 'true'")
CHOOSE_THEME = """async theme => {
  document.querySelector(`.theme-change-button[data-mode=${theme}]`).click();
  const transitions = document.getAnimations().filter(animation => animation instanceof CSSTransition);
  await Promise.all(transitions.map(transition => transition.finished));
}"""
# The theme's colour transitions (a fifth of a second a switch) end at the colours axe
# must read; without them the switch shows those colours at once.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"


def open_settled(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function(SETTLED)


@pytest.fixture(scope="module")
def site(long_log_build: Build) -> Iterator[str]:
    """The long log: long tables, and an action title that is one unbreakable word."""
    with serve(long_log_build.outdir) as url:
        yield url


def test_no_serious_accessibility_problem_on_any_page_type(site: str, page: Any) -> None:
    problems = {}
    for kind, path in PAGES.items():
        open_settled(page, site + path)
        page.add_style_tag(content=NO_TRANSITIONS)
        # each theme chosen as a reader does, with the theme's own menu item; the page's
        # colours are its CSS for html[data-theme], so no reload is needed between them,
        # only the end of the colours' CSS transitions (axe read one half-way), which
        # NO_TRANSITIONS makes immediate (CHOOSE_THEME still waits for any left). Every
        # rule in the light theme; in the dark one, the rules a theme can change.
        for theme, rules in (("light", ()), ("dark", THEME_RULES)):
            page.evaluate(CHOOSE_THEME, theme)
            assert page.evaluate("document.documentElement.dataset.theme") == theme
            if found := axe_violations(page, rules=rules):
                problems[f"{kind} ({theme})"] = found
    assert problems == {}


def test_no_page_scrolls_sideways_on_a_phone(site: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    wide = {}
    for kind, path in PAGES.items():
        open_settled(page, site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth"
                                 " - document.documentElement.clientWidth")
        if overflow > 0:
            wide[kind] = overflow
    context.close()
    assert wide == {}
