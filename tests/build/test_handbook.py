"""The site is the log: the handbook (the tool's own pages) builds apart from it, as
`make handbook` builds it; the log's site carries none of its pages, and its review
pages show their content, with how they are made in the help page."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from helpers import PROJECT, Build, sphinx_build

HANDBOOK = PROJECT / "handbook"


def handbook_pages() -> dict[str, str]:
    """The handbook's pages (but its index) and their titles."""
    return {path.stem: path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# ")
            for path in sorted(HANDBOOK.glob("*.md")) if path.stem != "index"}


def test_the_handbook_builds_with_zero_warnings_and_the_readme_links_each_page(tmp_path: Path) -> None:
    build = sphinx_build(HANDBOOK, tmp_path / "handbook")
    assert build.returncode == 0 and "WARNING" not in build.output, build.output
    pages = handbook_pages()
    assert {"architecture", "performance", "reliability", "import-accuracy"} <= set(pages)
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for name in pages:
        assert (build.outdir / f"{name}.html").exists()
        assert f"](handbook/{name}.md)" in readme, f"README does not link handbook/{name}.md"


def test_the_log_navigation_has_no_page_about_the_tool(seed_build: Build) -> None:
    page = BeautifulSoup(seed_build.html("docs/index"), "html.parser")
    nav = {link.get_text(strip=True): str(link["href"])
           for link in page.select(".bd-navbar-elements a.nav-link")}
    assert "Decision log" in nav and "Action tracker" in nav
    pages = handbook_pages()
    assert not set(pages.values()) & set(nav), nav
    assert not {Path(href).stem for href in nav.values()} & set(pages), nav
    assert not [name for name in pages if list(seed_build.outdir.rglob(f"{name}.html"))]
    # one help page, and the log's views: nothing else
    assert [title for title, href in nav.items() if re.search(r"help", href)] == ["Using the log"]


def test_review_pages_show_their_content_and_the_help_page_how_they_are_made(seed_build: Build) -> None:
    for name in ("docs/review", "docs/review-pack"):
        article = BeautifulSoup(seed_build.html(name), "html.parser").select_one("article")
        assert article is not None
        assert not article.select("pre"), f"{name} shows source or commands"
    help_page = BeautifulSoup(seed_build.html("docs/help"), "html.parser").get_text()
    assert "{dmlog-review}" in help_page and "dmlog review --since" in help_page
