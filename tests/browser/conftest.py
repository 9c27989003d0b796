"""Fixtures of the browser tests: one headless Debian Chromium for the session, a fresh
page per test. Without Chromium, Playwright or axe-core the tests skip with the reason;
under CI (which installs them, see .ci/run) a missing one is an error instead."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from typing import Any

import pytest

from helpers import AXE_JS, CHROMIUM


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright's Python package is not installed (pip install -r requirements.txt)"
    if not AXE_JS.exists():
        return f"no axe-core at {AXE_JS} (npm ci)"
    return None


@pytest.fixture(scope="session", autouse=True)
def _browser_tools() -> None:
    """Every browser test (and the sites the modules build for them, after this) skips
    or fails here first when a tool is missing."""
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
