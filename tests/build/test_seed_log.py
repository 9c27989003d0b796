"""The repository's own log: the DMLT face-to-face meeting of early 2019, built as
`make html` builds it, checked in the HTML and in needs.json."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from helpers import PROJECT, SEED_MINUTES, Build, attr, one

MEETING = "MTG-2019-03-dmlt-f2f"
DECISION_PAGE = "decisions/2019/2019-03-dmlt-f2f"
ACTION_PAGE = "actions/2019/2019-03-dmlt-f2f"
MEETING_PAGE = "docs/meetings/2019/2019-03-dmlt-f2f"
MINUTES_COPY = PROJECT / "docs/meetings/2019/2019-03-dmlt-f2f.txt"

# The owners of every action, as the minutes name them.
ACTION_OWNERS = {
    "ACT-2019-001": ["omullanew"],
    "ACT-2019-002": ["dmlt"],
    "ACT-2019-003": ["krughoffks"],
    "ACT-2019-004": ["duboisfelsmanngp", "swinbankjd"],
    "ACT-2019-005": ["boschjf", "krughoffks"],
    "ACT-2019-006": ["jennesst", "krughoffks"],
    "ACT-2019-007": ["jennesst", "krughoffks"],
    "ACT-2019-008": ["guylp"],
    "ACT-2019-009": ["gruendl", "omullanew"],
    "ACT-2019-010": ["limk"],
}


def soup(build: Build, docname: str) -> BeautifulSoup:
    return BeautifulSoup(build.html(docname), "html.parser")


def test_builds_with_zero_warnings(seed_build: Build) -> None:
    assert "WARNING" not in seed_build.output
    assert "ERROR" not in seed_build.output


def test_every_record_is_in_needs_json(seed_build: Build) -> None:
    needs = seed_build.needs
    decisions = sorted(i for i, n in needs.items() if n["type"] == "decision")
    actions = sorted(i for i, n in needs.items() if n["type"] == "action")
    assert decisions == [f"DEC-2019-{n:03d}" for n in range(1, 13)]
    assert actions == [f"ACT-2019-{n:03d}" for n in range(1, 11)]
    assert needs[MEETING]["type"] == "meeting"
    assert needs[MEETING]["date"] == "2019-03"
    for record_id in decisions + actions:
        assert needs[record_id]["meeting"] == [MEETING]


def test_every_record_of_the_sources_is_in_the_output(seed_build: Build) -> None:
    """Counted from the sources themselves, so a record lost on the way fails."""
    sources = [*PROJECT.glob("decisions/**/*.md"), *PROJECT.glob("actions/**/*.md"),
               *PROJECT.glob("docs/meetings/**/*.md")]
    ids = {m for path in sources for m in re.findall(r"^:id: (\S+)", path.read_text(), re.M)}
    assert ids and ids <= set(seed_build.needs)
    for record_id in ids:
        page = seed_build.needs[record_id]["docname"]
        assert soup(seed_build, page).find(id=record_id), f"{record_id} not on {page}"


def test_owners_are_resolved(seed_build: Build) -> None:
    needs = seed_build.needs
    for action, owners in ACTION_OWNERS.items():
        assert sorted(needs[action]["owner"]) == owners
    assert needs["gruendl"]["authordb"] == "no"
    assert "Unknown User (gruendl)" in needs["gruendl"]["aliases"]
    assert needs["limk"]["title"] == "Kian-Tat Lim"


def test_links_have_backlinks(seed_build: Build) -> None:
    needs = seed_build.needs
    assert sorted(needs[MEETING]["meeting_back"]) == sorted(
        i for i, n in needs.items() if n["type"] in ("decision", "action"))
    assert needs["DEC-2019-008"]["decision_back"] == ["ACT-2019-004", "ACT-2019-005"]
    assert needs["DEC-2019-012"]["decision_back"] == ["ACT-2019-006", "ACT-2019-007"]
    assert needs["limk"]["owner_back"] == ["ACT-2019-010"]
    assert sorted(needs["krughoffks"]["owner_back"]) == [
        "ACT-2019-003", "ACT-2019-005", "ACT-2019-006", "ACT-2019-007"]
    assert needs["MS-ops-rehearsal-1"]["milestone_back"] == ["ACT-2019-009"]
    assert sorted(needs["DMTN-085"]["document_back"]) == ["ACT-2019-004", "ACT-2019-005",
                                                          "DEC-2019-008"]


def test_person_page_lists_their_actions_and_decisions(seed_build: Build) -> None:
    page = soup(seed_build, "docs/people/krughoffks")
    text = page.get_text(" ")
    assert "K. Simon Krughoff" in text
    assert "Open actions (4)" in text
    for action in ("ACT-2019-003", "ACT-2019-005", "ACT-2019-006", "ACT-2019-007"):
        assert page.find("tr", attrs={"data-need-id": action})
    owner = soup(seed_build, "docs/people/duboisfelsmanngp").get_text(" ")
    assert "Decisions owned (5)" in owner


def test_meeting_page_has_outcomes_and_discussion(seed_build: Build) -> None:
    page = soup(seed_build, MEETING_PAGE)
    rows = {tr["data-need-id"] for tr in page.find_all("tr", attrs={"data-need-id": True})}
    assert rows == {i for i, n in seed_build.needs.items() if n["type"] in ("decision", "action")}
    text = page.get_text(" ")
    assert "Decisions (12)" in text and "Actions (10)" in text
    assert "The minutes state no date" in text
    assert "Kepler (& K2?)" in text
    assert page.find("a", href=re.compile(r"2019-03-dmlt-f2f\.txt$")), "no link to the minutes"
    assert (seed_build.outdir / "_downloads").rglob("2019-03-dmlt-f2f.txt")


def _normalised(text: str) -> str:
    return " ".join(text.replace("“", '"').replace("”", '"').replace("’", "'").split())


def test_nothing_in_the_minutes_is_dropped() -> None:
    """Every line of the minutes is in a record (its `lines`) or in the meeting's notes."""
    minutes = MINUTES_COPY.read_text(encoding="utf-8").splitlines()
    covered: set[int] = set()
    for path in [*PROJECT.glob("decisions/**/*.md"), *PROJECT.glob("actions/**/*.md")]:
        for spec in re.findall(r"^:lines: (.+)$", path.read_text(), re.M):
            for part in spec.split(","):
                first, _, last = part.strip().partition("-")
                covered.update(range(int(first), int(last or first) + 1))
    notes = _normalised(re.sub(r"\s*\n\s*(?:- )?", " ", (PROJECT / f"{MEETING_PAGE}.md").read_text()))
    missing = [n for n, line in enumerate(minutes, 1)
               if n not in covered and _normalised(line) not in notes]
    assert not missing, [f"{n}: {minutes[n - 1]}" for n in missing]


def test_the_repository_keeps_the_original_minutes() -> None:
    if not SEED_MINUTES.exists():
        pytest.skip("../shared/minutes is not beside this clone (it is only on CI and dev machines)")
    assert MINUTES_COPY.read_bytes() == SEED_MINUTES.read_bytes()


def test_references_are_linked(seed_build: Build) -> None:
    page = soup(seed_build, ACTION_PAGE)
    hrefs = {a.get_text(): a["href"] for a in page.find_all("a", class_="dmlog-ref")}
    assert hrefs["RFC-243"] == "https://rubinobs.atlassian.net/browse/RFC-243"
    assert hrefs["QAWG-REC-20"] == "https://dmtn-085.lsst.io/"
    meeting = soup(seed_build, MEETING_PAGE)
    # record IDs in the notes link to the records
    link = one(meeting, "a", string="DEC-2019-012")
    assert attr(link, "href").endswith(f"{DECISION_PAGE}.html#DEC-2019-012")


def test_decision_log_and_action_tracker(seed_build: Build) -> None:
    log = soup(seed_build, "docs/decisions")
    interactive = one(log, "div", class_="dmlog-datatable")  # searchable, sortable
    data = json.loads(one(interactive, "script", class_="dmlog-table-data").get_text())
    assert len(data["rows"]) == 12 and data["name"] == "decision-log"
    # without JavaScript: every row as HTML
    table = one(one(interactive, "noscript"), "table")
    assert len(table.find_all("tr", attrs={"data-need-id": True})) == 12
    tracker = soup(seed_build, "docs/actions")
    owners = [r.get_text(" ", strip=True) for r in tracker.find_all("p", class_="dmlog-group-head")]
    assert any(o.startswith("K. Simon Krughoff — 4 open") for o in owners), owners
    assert any(o.startswith("Rubin Observatory Data Management Leadership Team — 1 open")
               for o in owners), owners


def test_home_page(seed_build: Build) -> None:
    home = soup(seed_build, "docs/index")
    figures = [f.get_text(" ", strip=True) for f in home.find_all(class_="dmlog-figure")]
    assert "12 decisions 12 in force" in figures
    assert "10 open actions 0 overdue" in figures
    assert home.find("a", string="DMLT face-to-face meeting, early 2019")
    redirect = (seed_build.outdir / "index.html").read_text()
    assert 'url=docs/index.html' in redirect
    assert "pydata" in seed_build.html("docs/index")


def test_registry_pages_are_generated(seed_build: Build) -> None:
    people = json.loads(json.dumps(seed_build.needs))
    persons = [i for i, n in people.items() if n["type"] == "person"]
    assert len(persons) == 9
    for person in persons:
        assert (seed_build.outdir / f"docs/people/{person}.html").exists()
    index = soup(seed_build, "docs/people/index")
    assert len(index.find_all("tr", attrs={"data-need-id": True})) == 10  # 9 people, 1 group


def test_search_index_has_every_record_and_the_prose_pages(seed_build: Build) -> None:
    """Pagefind's index replaces Sphinx's (whose page-sized results cannot point at a
    record); what it finds is tested in a browser (tests/browser/test_search.py)."""
    entry = json.loads((seed_build.outdir / "pagefind" / "pagefind-entry.json").read_text())
    prose = [name for name in ("docs/help",)
             if (seed_build.outdir / f"{name}.html").exists()]
    meeting_pages = 2  # the meeting's discussion, and its original minutes
    assert entry["languages"]["en"]["page_count"] == len(seed_build.needs) + len(prose) + meeting_pages
    assert not (seed_build.outdir / "searchindex.js").exists()
    assert "searchindex.js" not in seed_build.html("docs/index")
    assert 'src="_static/dmlog-search.js"' in seed_build.html("search")


def test_permalinks(seed_build: Build) -> None:
    assert (seed_build.outdir / "permalink.html").exists()
    page = soup(seed_build, ACTION_PAGE)
    card = one(page, id="ACT-2019-001")
    assert one(card, "a", class_="dmlog-id")["href"] == "#ACT-2019-001"
    assert one(card, "a", class_="dmlog-permalink")["href"] == "../../r/ACT-2019-001.html"
    redirect = (seed_build.outdir / "r" / "ACT-2019-001.html").read_text(encoding="utf-8")
    assert 'url=../actions/2019/2019-03-dmlt-f2f.html#ACT-2019-001"' in redirect
