"""A new day with no file changed: the incremental build refreshes the overdue and
"due soon" marks, the gap counts and the tables that read the date, rewriting only
the pages whose date-dependent content can change, as a fresh build would show them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from helpers import Build, edit, one, sphinx_build, write

REVIEW_PAGES = {
    # a table reading the date itself: ages, and a window relative to today
    "docs/ages.md": """
        # Ages

        ```{dmlog-table}
        :types: action
        :filter: due-within: 15d
        :columns: id, title, age
        ```
        """,
    # a table of fields only: nothing on it depends on the date
    "docs/plain.md": """
        # Decisions

        ```{dmlog-table}
        :types: decision
        :columns: id, title, status
        ```
        """,
    "docs/attention.md": "# Needs attention\n\n```{dmlog-view} needs-attention\n```\n",
}


def _html(build: Build, docname: str) -> BeautifulSoup:
    return BeautifulSoup(build.html(docname), "html.parser")


def _normalised(html: str) -> str:
    return re.sub(r"\?v=[0-9a-f]+", "", html)  # static files' cache-busting checksums


def _move_date(site: Path, old: str, new: str) -> None:
    edit(site, "conf.py", f'dmlog_today = "{old}"', f'dmlog_today = "{new}"')


def test_a_new_date_refreshes_exactly_the_date_dependent_pages(mini_site: Path,
                                                                  tmp_path: Path) -> None:
    write(mini_site, REVIEW_PAGES)
    edit(mini_site, "docs/index.md", "documents/index\n", "documents/index\nages\nplain\nattention\n")
    first = sphinx_build(mini_site)  # dmlog_today = 2020-06-15
    assert first.returncode == 0, first.output
    card = one(_html(first, "actions/2020/2020-05-01-review"), id="ACT-2020-002")
    assert card.find(class_="dmlog-gap-due-soon") is None  # due 2020-07-01: 16 days ahead
    assert one(_html(first, "docs/attention"), id="gap-due-soon").find("tr",
        attrs={"data-need-id": "ACT-2020-002"}) is None
    ages = _html(first, "docs/ages")
    assert not ages.find("tr", attrs={"data-need-id": "ACT-2020-002"})  # not within 15 days yet

    # Five days later, nothing edited: ACT-2020-002 is due within 14 days.
    _move_date(mini_site, "2020-06-15", "2020-06-20")
    second = sphinx_build(mini_site)
    assert second.returncode == 0, second.output
    assert "0 added, 0 changed, 0 removed" in second.output, second.output  # nothing re-read
    card = one(_html(second, "actions/2020/2020-05-01-review"), id="ACT-2020-002")
    assert card.find(class_="dmlog-gap-due-soon") is not None
    assert one(_html(second, "docs/attention"), id="gap-due-soon").find("tr",
        attrs={"data-need-id": "ACT-2020-002"}) is not None
    figures = [f.get_text(" ", strip=True)
               for f in _html(second, "docs/index").find_all(class_="dmlog-figure")]
    assert any("1 due-soon" in figure for figure in figures), figures
    row = one(_html(second, "docs/ages"), attrs={"data-need-id": "ACT-2020-002"})
    assert "50" in row.get_text(" ")  # days since its meeting (2020-05-01)
    written = set(second.written())
    # the action's own page, its owners' pages (a group's actions are on its members'
    # pages too), the lists of actions and of gaps, the page reading the date; not the
    # pages that show nothing of it
    assert {"actions/2020/2020-05-01-review", "docs/people/ann", "docs/people/team",
            "docs/people/bob", "docs/actions", "docs/index", "docs/attention",
            "docs/ages"} <= written, written
    assert not written & {"docs/plain", "docs/documents/DMTN-085", "docs/milestones/LDM-503-10a",
                          "docs/decisions", "decisions/2020/2020-05-01-review"}, sorted(written)
    _assert_same_as_fresh_build(mini_site, second.outdir, tmp_path / "fresh")

    # One more day: no record's marks move, only the ages do.
    _move_date(mini_site, "2020-06-20", "2020-06-21")
    third = sphinx_build(mini_site)
    assert third.returncode == 0, third.output
    # (Sphinx rewrites the page whose toctree lists a rewritten page: the home page)
    assert set(third.written()) == {"docs/ages", "docs/index"}, third.written()
    assert "51" in one(_html(third, "docs/ages"), attrs={"data-need-id": "ACT-2020-002"}).get_text(" ")
    _assert_same_as_fresh_build(mini_site, third.outdir, tmp_path / "fresh-again")

    # the same date again: nothing to do, and needs.json is left as it was
    needs_json = third.outdir / "needs.json"
    before = needs_json.read_bytes(), needs_json.stat().st_mtime_ns
    assert sphinx_build(mini_site).written() == []
    assert (needs_json.read_bytes(), needs_json.stat().st_mtime_ns) == before


def _assert_same_as_fresh_build(site: Path, outdir: Path, fresh_src: Path) -> None:
    shutil.copytree(site, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = sphinx_build(fresh_src)
    assert fresh.returncode == 0, fresh.output
    pages = sorted(p.relative_to(fresh.outdir) for p in fresh.outdir.rglob("*.html"))
    different = [str(p) for p in pages
                 if _normalised((outdir / p).read_text()) != _normalised((fresh.outdir / p).read_text())]
    assert not different, f"stale after the incremental build: {different}"
    assert (outdir / "needs.json").read_bytes() == (fresh.outdir / "needs.json").read_bytes()
