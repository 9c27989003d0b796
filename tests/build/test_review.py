"""Review meetings on the site: `{dmlog-table}`, the gaps ("needs attention") on the
home page, their page and the cards, group actions on members' pages."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from helpers import ACTIONS, Build, edit, sphinx_build, write

EXAMPLE = """
# Agenda

```{dmlog-table}
:types: action
:filter: status in (open, in-progress) and milestone == "LDM-503-10a"
:columns: id, title, owner, due, overdue, decision, milestone
:sort: due
:group-by: owner
```

```{dmlog-table}
:types: decision
:columns: id, title, actions, open, overdue, milestones, documents, age, gaps
```

```{dmlog-table}
:types: action
:filter: owner == "Bob Builder"
```
"""


def soup(build: Build, docname: str) -> Any:  # bs4's types make every find() optional
    return BeautifulSoup(build.html(docname), "html.parser")


def rows(build: Build, docname: str) -> list[str]:
    block = soup(build, docname).find(class_="dmlog-table-block")
    return [row["data-need-id"] for row in block.find_all("tr", attrs={"data-need-id": True})]


def add_agenda(site: Path) -> None:
    write(site, {"docs/agenda.md": EXAMPLE})
    edit(site, "docs/index.md", "actions\n", "actions\nagenda\n")
    # both actions track the milestone; ACT-2020-001 is owed by bob, ACT-2020-002 by ann and team
    edit(site, ACTIONS, ":due: 2020-07-01", ":due: 2020-07-01\n:milestone: LDM-503-10a")
    edit(site, ACTIONS, ":due: 2020-06-01", ":due: 2020-06-01\n:milestone: LDM-503-10a")


def test_the_issue_example_groups_sorts_and_computes(mini_site: Path) -> None:
    add_agenda(mini_site)
    build = sphinx_build(mini_site)
    assert build.returncode == 0, build.output
    page = soup(build, "docs/agenda")
    heads = [p.get_text(" ", strip=True) for p in page.find_all(class_="dmlog-group-head")]
    # grouped by owner, by name; an action of two owners is under both
    assert heads == ["Ann Author — 1", "Bob Builder — 1", "The Team — 1"]
    assert rows(build, "docs/agenda") == ["ACT-2020-002", "ACT-2020-001", "ACT-2020-002"]
    first = page.find("table")
    assert [th.get_text() for th in first.find_all("th")] == [
        "ID", "Title", "Owner", "Due", "Overdue", "Implements", "Milestone"]
    bob = page.find_all("table")[1]
    assert "overdue" in bob.find("tr", attrs={"data-need-id": "ACT-2020-001"}).get_text()
    decisions = page.find_all(class_="dmlog-table-block")[1]
    row = decisions.find("tr", attrs={"data-need-id": "DEC-2020-001"})
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    # actions with status, 1 open, 1 overdue, milestones, documents, age on 2020-06-15
    assert cells[2] == "ACT-2020-001 open overdue"
    assert cells[3:6] == ["1", "1", "LSP with authentication and TAP"]
    assert cells[7] == "45"
    # a name where the filter wants an ID: the ID it names (not silently nothing)
    by_name = page.find_all(class_="dmlog-table-block")[2]
    assert [tr["data-need-id"] for tr in by_name.find_all("tr", attrs={"data-need-id": True})] == [
        "ACT-2020-001", "ACT-2020-002"]  # his own, and his team's


def test_membership_change_rewrites_the_table_and_only_what_it_reads(mini_site: Path,
                                                                    tmp_path: Path) -> None:
    add_agenda(mini_site)
    write(mini_site, {"docs/people-only.md": """
        # Decisions only

        ```{dmlog-table}
        :types: decision
        :filter: status == adopted
        :columns: id, title
        ```
        """})
    edit(mini_site, "docs/index.md", "agenda\n", "agenda\npeople-only\n")
    first = sphinx_build(mini_site)
    assert first.returncode == 0, first.output
    # ACT-2020-002 leaves the table: it is done
    edit(mini_site, ACTIONS, ":status: open\n:owner: ann, team",
         ":status: done\n:closed: 2020-06-10\n:owner: ann, team")
    second = sphinx_build(mini_site)
    assert second.returncode == 0, second.output
    assert "docs/agenda" in second.written()
    assert "docs/people-only" not in second.written()  # it lists no action
    assert rows(second, "docs/agenda")[:1] == ["ACT-2020-001"]
    # and it comes back
    edit(mini_site, ACTIONS, ":status: done\n:closed: 2020-06-10\n:owner: ann, team",
         ":status: in-progress\n:owner: ann, team")
    third = sphinx_build(mini_site)
    assert "docs/agenda" in third.written()
    assert "ACT-2020-002" in rows(third, "docs/agenda")
    fresh = tmp_path / "fresh"
    shutil.copytree(mini_site, fresh, ignore=shutil.ignore_patterns("_build"))
    again = sphinx_build(fresh)
    assert again.html("docs/agenda").count("data-need-id") == third.html("docs/agenda").count(
        "data-need-id")


def test_bad_tables_fail_the_build_at_their_line(mini_site: Path) -> None:
    write(mini_site, {"docs/bad.md": """
        # Bad tables

        ```{dmlog-table}
        :filter: stauts == open
        ```

        ```{dmlog-table}
        :columns: id, colour
        ```

        ```{dmlog-table}
        :group-by: refs
        ```

        ```{dmlog-table}
        :filter: status in (open
        ```

        ```{dmlog-table}
        :filter: owner == "Bob Bilder"
        ```
        """})
    edit(mini_site, "docs/index.md", "actions\n", "actions\nbad\n")
    build = sphinx_build(mini_site)
    assert build.returncode != 0
    lines = [line for line in build.output.splitlines() if "docs/bad.md:" in line]
    assert any("bad.md:3:" in x and "unknown field 'stauts'" in x and "status" in x for x in lines)
    assert any("bad.md:7:" in x and "unknown column 'colour'" in x and "actions" in x for x in lines)
    assert any("bad.md:11:" in x and "cannot group by 'refs'" in x and "owner" in x for x in lines)
    assert any("bad.md:15:" in x and "expected ',' or ')'" in x for x in lines)
    assert any("bad.md:19:" in x and "'Bob Bilder' is not a person or group of the registry; "
               "did you mean bob (Bob Builder)?" in x for x in lines), lines
    assert "Traceback" not in build.output


def test_seed_log_gaps_are_shown_counted_and_flagged(seed_build: Build) -> None:
    """On the seed log: 9 of 12 decisions without an implementing action, 10 of 10
    actions without a due date, 6 of 12 decisions without an owner."""
    page = soup(seed_build, "docs/attention")
    for gap, count in (("no-action", 9), ("no-due", 10), ("no-owner", 6), ("overdue", 0)):
        section = page.find(id=f"gap-{gap}")
        assert f"({count})" in section.find(class_="dmlog-subhead").get_text(), gap
        assert len(section.find_all("tr", attrs={"data-need-id": True})) == count
    home = soup(seed_build, "docs/index")
    figure = next(f for f in home.find_all(class_="dmlog-figure") if "need attention" in f.get_text())
    links = {a.get_text(): a["href"] for a in figure.find_all("a")}
    assert links["9 no-action"] == "attention.html#gap-no-action"
    assert links["10 no-due"] == "attention.html#gap-no-due"
    assert links["6 no-owner"] == "attention.html#gap-no-owner"
    card = soup(seed_build, "decisions/2019/2019-03-dmlt-f2f").find(id="DEC-2019-001")
    assert {s.get_text() for s in card.find_all(class_="dmlog-gap")} == {"no-action", "no-owner"}
    # "All DMLT" owes ACT-2019-002: it is on Kian-Tat Lim's page
    limk = soup(seed_build, "docs/people/limk")
    assert limk.find(attrs={"data-need-id": "ACT-2019-002"}) is not None
    review = soup(seed_build, "docs/review")
    assert review.find(attrs={"data-need-id": "ACT-2019-010"}) is not None


def test_traceability_puts_each_decision_beside_its_actions(seed_build: Build) -> None:
    page = soup(seed_build, "docs/traceability")
    decisions = page.find(id="decisions-and-actions").find_next("table")
    rows = decisions.find("tbody").find_all("tr")
    assert len(rows) == 12
    row = decisions.find("tr", attrs={"data-need-id": "DEC-2019-012"})
    headings = [th.get_text() for th in decisions.find_all("th")]
    actions = row.find_all("td")[headings.index("Implementing actions")].get_text(" ", strip=True)
    assert "ACT-2019-006 open" in actions and "ACT-2019-007 open" in actions
    assert "no due date" in actions
    gaps = row.find_all("td")[headings.index("Needs attention")].get_text(" ", strip=True)
    assert gaps == "no-owner"
    milestones = page.find(id="milestones-by-record").find_next("table")
    rehearsal = milestones.find("tr", attrs={"data-need-id": "MS-ops-rehearsal-1"})
    cells = [td.get_text(" ", strip=True) for td in rehearsal.find_all("td")]
    assert cells[2:6] == ["0", "1", "1 (100%)", "0 (0%)"] and "ACT-2019-009" in cells[6]
    documents = page.find(id="documents-by-record").find_next("table")
    dmtn = documents.find("tr", attrs={"data-need-id": "DMTN-085"})
    assert [td.get_text(" ", strip=True) for td in dmtn.find_all("td")][3] == "2"


def test_charts_have_text_alternatives(seed_build: Build) -> None:
    page = soup(seed_build, "docs/traceability")
    figures = page.find_all("figure", class_="dmlog-chart")
    assert len(figures) == 1  # decisions per quarter; the actions chart needs git history
    image = figures[0].find("img")
    assert image["alt"].endswith("2019 Q1: 12.") and image["src"].startswith(
        "../_static/dmlog-charts/decisions-per-quarter.svg")
    svg = seed_build.outdir / "_static/dmlog-charts/decisions-per-quarter.svg"
    assert svg.read_text().startswith("<?xml")
    cells = [td.get_text() for td in figures[0].find("details").find_all("td")]
    assert cells == ["2019 Q1", "12"]
    assert "chart of open actions over time needs it" in page.get_text()


def test_trace_pictures_on_decision_meeting_and_milestone_cards(seed_build: Build) -> None:
    meeting = soup(seed_build, "docs/meetings/2019/2019-03-dmlt-f2f").find(id="MTG-2019-03-dmlt-f2f")
    svg = meeting.find("figure", class_="dmlog-trace").find("svg")
    # a group of links, named by its text alternative (an "img" may not hold links)
    assert svg["role"] == "group" and "DEC-2019-012 (adopted)" in svg["aria-label"]
    assert len(svg.find_all("a")) == 1 + 12 + 10
    decision = soup(seed_build, "decisions/2019/2019-03-dmlt-f2f").find(id="DEC-2019-012")
    labels = decision.find("figure", class_="dmlog-trace").find("svg")["aria-label"]
    assert "ACT-2019-006 (open)" in labels and "ACT-2019-007 (open)" in labels
    milestone = soup(seed_build, "docs/milestones/MS-ops-rehearsal-1")
    assert "ACT-2019-009" in milestone.find("figure", class_="dmlog-trace").find("svg")["aria-label"]
