"""Print and projection, in headless Chromium: a long log printed to PDF has every row
and none of the controls; ?present drops the sidebars and enlarges the type."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest

from helpers import LONG_LOG_DECISIONS, Build, serve

ROWS = len(LONG_LOG_DECISIONS)  # more than the 50 rows a table shows on screen


@pytest.fixture(scope="module")
def site(long_log_build: Build) -> Iterator[str]:
    with serve(long_log_build.outdir) as url:
        yield url


def test_a_long_table_prints_every_row_without_controls(site: str, page: Any) -> None:
    from pypdf import PdfReader

    page.goto(site + "docs/decisions.html")
    page.wait_for_selector(".dmlog-dt-ready")
    on_screen = page.locator("table.dmlog-table tbody tr").count()
    assert on_screen == 50  # one page of rows on the screen
    page.emulate_media(media="print")  # as printing does: the table shows all its rows
    page.wait_for_function("document.querySelectorAll('table.dmlog-table tbody tr').length > 50")
    assert page.locator("table.dmlog-table tbody tr").count() == ROWS + 1
    assert not page.locator(".dmlog-dt-tools").is_visible()
    assert not page.locator(".dmlog-dt-footer").is_visible()
    assert not page.locator(".bd-sidebar-primary").is_visible()
    pdf = page.pdf(format="A4", print_background=False)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    printed = set(re.findall(r"DEC-2020-\d{3}", text))
    assert printed == {f"DEC-2020-{n:03d}" for n in range(1, 2 + ROWS)}
    assert len(reader.pages) > 2
    assert "All rows" not in text and "Download CSV" not in text
    # the header row is repeated on every page the table spans, and those are landscape
    table_pages = [p for p in reader.pages if "DEC-2020-" in p.extract_text()]
    assert len(table_pages) > 2
    assert all("Title" in p.extract_text() for p in table_pages)
    assert all(p.mediabox.width > p.mediabox.height for p in table_pages)
    page.emulate_media(media="screen")  # back from print: one page of rows again
    page.wait_for_function("document.querySelectorAll('table.dmlog-table tbody tr').length == 50")


def test_presentation_width(site: str, page: Any) -> None:
    page.goto(site + "docs/decisions.html")
    normal = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    page.goto(site + "docs/decisions.html?present")
    page.wait_for_function("document.documentElement.classList.contains('dmlog-present')")
    large = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert float(large.rstrip("px")) > float(normal.rstrip("px"))
    assert not page.locator(".bd-sidebar-primary").is_visible()
