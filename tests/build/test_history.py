"""History from git on the site: each card's added date and status changes with their
commits, the review pack, and builds without history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from helpers import ACTIONS, DECISIONS, Build, commit_all, edit, git, git_repository, sphinx_build, write

PACK = """
# Pack

```{dmlog-review}
:since: 2020-06-01
:until: 2020-06-15
```
"""


def soup(build: Build, docname: str) -> Any:  # bs4's types make every find() optional
    return BeautifulSoup(build.html(docname), "html.parser")


def history_of(build: Build, record: str) -> str:
    card = soup(build, "actions/2020/2020-05-01-review").find(id=record)
    line = card.find(class_="dmlog-history")
    return " ".join(line.get_text().split()) if line else ""


def test_cards_and_the_review_pack_follow_the_commits(mini_site: Path) -> None:
    write(mini_site, {".gitignore": "_build/\n", "docs/pack.md": PACK})
    edit(mini_site, "docs/index.md", "actions\n", "actions\npack\n")
    edit(mini_site, "conf.py", 'project = "Test log"',
         'project = "Test log"\ndmlog_repository_url = "https://example.org/log"')
    git_repository(mini_site, date="2020-05-01")
    # pull request #7, merged: the adopted decision's text corrected, with an amendment entry
    git(mini_site, "switch", "-q", "-c", "fix-plan")
    edit(mini_site, DECISIONS, "We will follow the plan of DMTN-085",
         "We will follow the plan of DMTN-085 (version 2)")
    edit(mini_site, DECISIONS, ":owner: ann", ":owner: ann\n:amended: 2020-06-05 ann: the minutes "
         "named the wrong version of DMTN-085")
    amended = commit_all(mini_site, "Name the version", "2020-06-05")
    git(mini_site, "switch", "-q", "main")
    git(mini_site, "merge", "-q", "--no-ff", "-m", "Merge pull request #7 from ann/fix-plan",
        "fix-plan", date="2020-06-06")
    # pull request #9, squashed
    edit(mini_site, ACTIONS, ":status: open\n:owner: bob", ":status: done\n:closed: 2020-06-10\n:owner: bob")
    closed = commit_all(mini_site, "Close ACT-2020-001 (#9)", "2020-06-10")
    first = sphinx_build(mini_site)
    assert first.returncode == 0, first.output
    text = history_of(first, "ACT-2020-001")
    assert text.startswith("History Added 2020-05-01")
    assert f"open → done 2020-06-10 ({closed[:7]}, #9)" in text
    card = soup(first, "actions/2020/2020-05-01-review").find(id="ACT-2020-001")
    link = card.find("a", class_="dmlog-commit", string=closed[:7])
    assert link["href"] == f"https://example.org/log/commit/{closed}"
    assert card.find("a", class_="dmlog-pull", string="#9")["href"] == "https://example.org/log/pull/9"
    # the amended decision: its amendment history, linked to the commit and its pull request
    decision = soup(first, "decisions/2020/2020-05-01-review").find(id="DEC-2020-001")
    entry = decision.find(class_="dmlog-amendments").find("li")
    assert " ".join(entry.get_text().split()) == (
        f"Amended on 2020-06-05 by Ann Author because the minutes named the wrong version of "
        f"DMTN-085 ({amended[:7]}, #7)")
    assert entry.find("a", class_="dmlog-commit")["href"].endswith(amended)
    assert f"last changed 2020-06-05 ({amended[:7]}, #7)" in " ".join(
        decision.find(class_="dmlog-history").get_text().split())
    # needs.json: the pull requests that added and last changed each record
    assert {k: v for k, v in first.needs["DEC-2020-001"].items() if "_pr" in k} == {
        "changed_pr": 7, "changed_pr_url": "https://example.org/log/pull/7"}
    assert first.needs["ACT-2020-001"]["changed_pr"] == 9
    assert "added_pr" not in first.needs["ACT-2020-002"]  # the first commit came by no pull request
    pack = soup(first, "docs/pack")
    closed_rows = pack.find(id="review-actions-closed").find_all("tr", attrs={"data-need-id": True})
    assert [r["data-need-id"] for r in closed_rows] == ["ACT-2020-001"]
    assert "open → done 2020-06-10" in closed_rows[0].get_text()
    # an amendment is listed apart from new records
    assert pack.find(id="review-new-decisions").find(class_="dmlog-empty") is not None
    amended_rows = pack.find(id="review-amendments").find_all("tr", attrs={"data-need-id": True})
    assert [r["data-need-id"] for r in amended_rows] == ["DEC-2020-001"]
    assert "amended 2020-06-05 ann: the minutes named the wrong version" in amended_rows[0].get_text()
    # ACT-2020-002 is due 2020-07-01: after the window, within 14 days of no review: not listed
    # a change not yet committed is not history; committing it alone updates the card
    edit(mini_site, ACTIONS, ":status: open\n:owner: ann, team", ":status: in-progress\n:owner: ann, team")
    second = sphinx_build(mini_site)
    assert "→ in-progress" not in history_of(second, "ACT-2020-002")
    moved = commit_all(mini_site, "Start ACT-2020-002", "2020-06-12")
    third = sphinx_build(mini_site)
    assert third.returncode == 0, third.output
    assert "actions/2020/2020-05-01-review" in third.written()
    assert f"open → in-progress 2020-06-12 ({moved[:7]})" in history_of(third, "ACT-2020-002")
    assert "docs/pack" in third.written()


def test_without_git_the_site_builds_and_says_so(seed_build: Build) -> None:
    pack = soup(seed_build, "docs/review-pack")
    note = pack.find(class_="dmlog-empty", string=lambda s: s and "unavailable" in s)
    assert note is not None and "not in a git repository" in note.get_text()
    card = soup(seed_build, "decisions/2019/2019-03-dmlt-f2f").find(id="DEC-2019-001")
    assert card.find(class_="dmlog-history") is None


def test_a_since_that_is_neither_date_nor_ref_fails_at_its_line(mini_site: Path) -> None:
    write(mini_site, {"docs/pack.md": PACK.replace("2020-06-01", "last-review")})
    edit(mini_site, "docs/index.md", "actions\n", "actions\npack\n")
    build = sphinx_build(mini_site)
    assert build.returncode != 0
    assert any("docs/pack.md:3:" in line and "'last-review' is neither a date" in line
               for line in build.output.splitlines()), build.output
