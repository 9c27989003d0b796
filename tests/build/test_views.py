"""Views, banners, overdue actions and registries, on a small log of their own."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from helpers import (
    ACTIONS,
    DECISIONS,
    Build,
    attr,
    copy_root,
    edit,
    later_decisions,
    one,
    sphinx_build,
    write,
)

SUPERSEDING = later_decisions(
    ("DEC-2020-002", "Replace the plan", "adopted", {"supersedes": "DEC-2020-001"}),
    ("DEC-2020-003", "An idea we dropped", "withdrawn", {}))
MEETING_NOTES = {"docs/meetings/2020/2020-05-01-review.md": """
    # Review meeting

    ```{meeting} Review meeting
    :id: MTG-2020-05-01-review
    :date: 2020-05-01
    ```

    We agreed DEC-2020-001; see LDM-503, but LDM-503-10a is a milestone, DM-AP-1 is
    not a ticket and DM-12345 is. `DMTN-085` in code stays code.
"""}


def page(build: Build, docname: str) -> BeautifulSoup:
    return BeautifulSoup(build.html(docname), "html.parser")


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One build of the mini site with the edits of several tests, which touch different
    records and pages (builds are slow): DEC-2020-001 superseded by a later decision and
    one withdrawn, ACT-2020-001 done, and meeting notes that mention records."""
    site = copy_root("mini", tmp_path_factory.mktemp("views") / "site")
    edit(site, DECISIONS, ":status: adopted", ":status: superseded")
    write(site, SUPERSEDING)
    edit(site, ACTIONS, ":status: open\n:owner: bob", ":status: done\n:closed: 2020-06-02\n:owner: bob")
    write(site, MEETING_NOTES)
    build = sphinx_build(site)
    assert build.returncode == 0, build.output
    return build


def test_superseded_and_withdrawn_decisions_carry_a_banner(edited: Build) -> None:
    build = edited
    old = one(page(build, "decisions/2020/2020-05-01-review"), id="DEC-2020-001")
    banner = one(old, class_="dmlog-banner")
    assert "Superseded" in banner.get_text()
    assert banner.find("a", href="2020-05-02-later.html#DEC-2020-002")
    withdrawn = one(page(build, "decisions/2020/2020-05-02-later"), id="DEC-2020-003")
    assert "Withdrawn" in one(withdrawn, class_="dmlog-banner").get_text()
    new = one(page(build, "decisions/2020/2020-05-02-later"), id="DEC-2020-002")
    assert new.find(class_="dmlog-banner") is None
    assert build.needs["DEC-2020-001"]["supersedes_back"] == ["DEC-2020-002"]


def test_overdue_is_derived_from_due_and_today(mini_build: Build, mini_site: Path) -> None:
    build = mini_build  # dmlog_today = 2020-06-15
    assert build.needs["ACT-2020-001"]["overdue"] is True  # due 2020-06-01
    assert build.needs["ACT-2020-002"]["overdue"] is False  # due 2020-07-01
    tracker = page(build, "docs/actions")
    overdue_rows = {tr["data-need-id"] for tr in tracker.find_all("tr", class_="dmlog-row-overdue")}
    assert overdue_rows == {"ACT-2020-001"}
    figures = [f.get_text(" ", strip=True) for f in page(build, "docs/index").find_all(class_="dmlog-figure")]
    assert "2 open actions 1 overdue" in figures

    # the shared build read; this date a build of its own (the same site rebuilt after a
    # new date: tests/build/test_today.py)
    edit(mini_site, "conf.py", 'dmlog_today = "2020-06-15"', 'dmlog_today = "2020-05-15"')
    build = sphinx_build(mini_site)
    assert build.needs["ACT-2020-001"]["overdue"] is False
    assert not page(build, "docs/actions").find_all("tr", class_="dmlog-row-overdue")


def test_action_tracker_groups_open_actions_by_owner(edited: Build) -> None:
    build = edited  # ACT-2020-001 done
    tracker = page(build, "docs/actions")
    groups = {}
    for rubric in tracker.find_all("p", class_="dmlog-group-head"):
        table = rubric.find_next("table")
        assert isinstance(table, Tag)
        groups[rubric.get_text(" ", strip=True)] = {
            tr["data-need-id"] for tr in table.find_all("tr", attrs={"data-need-id": True})}
    assert groups["Ann Author — 1 open"] == {"ACT-2020-002"}
    assert groups["The Team — 1 open"] == {"ACT-2020-002"}
    assert groups["Done and cancelled (1)"] == {"ACT-2020-001"}
    # dmlog's HTML is written as ASCII (each copy of a page as it is written takes a
    # byte a character), showing the same text; its table data is JSON escaped alike
    html = build.html("docs/actions")
    assert "Ann Author</a> &#8212; 1 open" in html and "—" not in html
    data = tracker.find("script", class_="dmlog-table-data")
    assert data is not None and data.string is not None and data.string.isascii()
    bob = page(build, "docs/people/bob").get_text(" ")
    assert "No open actions." in bob and "Done and cancelled actions (1)" in bob


def test_group_and_registry_pages(mini_build: Build) -> None:
    build = mini_build
    team = page(build, "docs/people/team").get_text(" ")
    assert "Members" in team and "Ann Author" in team and "Bob Builder" in team
    ann = page(build, "docs/people/ann").get_text(" ")
    assert "Member of" in ann and "The Team" in ann
    milestone = page(build, "docs/milestones/LDM-503-10a")
    assert milestone.find("tr", attrs={"data-need-id": "DEC-2020-001"})
    document = page(build, "docs/documents/DMTN-085")
    assert document.find("a", href="https://dmtn-085.lsst.io/")


def test_adding_a_person_adds_their_page_and_removing_removes_it(mini_site: Path) -> None:
    path = mini_site / "docs/registry/people.yaml"
    path.write_text(path.read_text().replace("groups:", "  cat:\n    name: Cat Coder\ngroups:"))
    build = sphinx_build(mini_site)
    assert build.returncode == 0, build.output
    assert "Cat Coder" in page(build, "docs/people/cat").get_text()
    assert build.needs["cat"]["type"] == "person"
    path.write_text(path.read_text().replace("  cat:\n    name: Cat Coder\n", ""))
    build = sphinx_build(mini_site)
    assert build.returncode == 0, build.output
    assert "cat" not in build.needs
    assert not (mini_site / "docs/people/cat.md").exists()


def test_references_and_mentions(edited: Build) -> None:
    notes = page(edited, "docs/meetings/2020/2020-05-01-review")
    links = {a.get_text(): attr(a, "href") for a in notes.find_all("a")}
    assert links["DEC-2020-001"].endswith("2020-05-01-review.html#DEC-2020-001")
    assert links["LDM-503"] == "https://ldm-503.lsst.io/"
    assert links["DM-12345"] == "https://rubinobs.atlassian.net/browse/DM-12345"
    assert "LDM-503-10a" not in links and "DM-AP-1" not in links and "DMTN-085" not in links


def test_reference_patterns_are_configurable(mini_site: Path) -> None:
    with open(mini_site / "conf.py", "a") as conf:
        conf.write('dmlog_jira_url = "https://jira.example.org/browse/"\n'
                   'dmlog_reference_patterns = dmlog_reference_patterns + '
                   '[(r"\\bGH-\\d+", "https://github.com/lsst/dmlog/issues/{0}")]\n')
    edit(mini_site, DECISIONS, "see RFC-243", "see GH-12 and RFC-243")
    build = sphinx_build(mini_site)
    assert build.returncode == 0, build.output
    links = {a.get_text(): a["href"] for a in page(build, "decisions/2020/2020-05-01-review").find_all("a")}
    assert links["GH-12"] == "https://github.com/lsst/dmlog/issues/GH-12"
    assert links["RFC-243"] == "https://jira.example.org/browse/RFC-243"


def test_mention_of_an_unknown_record_fails(mini_site: Path) -> None:
    edit(mini_site, DECISIONS, "We will follow", "As DEC-2020-077 said, we will follow")
    build = sphinx_build(mini_site)
    assert build.returncode != 0
    assert "DEC-2020-077 is mentioned but is not a record" in build.output
    assert "2020-05-01-review.md:" in build.output


def test_other_builders_get_the_records_as_text(mini_site: Path) -> None:
    build = sphinx_build(mini_site, builder="text")
    assert build.returncode == 0, build.output
    text = " ".join((build.outdir / "decisions/2020/2020-05-01-review.txt").read_text().split())
    assert "DEC-2020-001 Adopt the new plan adopted" in text
    assert "Owner Ann Author" in text and "<" not in text
