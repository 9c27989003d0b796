"""Feeds: the Atom feed of decisions and the iCalendar file of open actions' due
dates, whole log and per person, parsed back; reproducible; announced on the pages."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar

from helpers import edit, later_decisions, sphinx_build, write

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feeds_parse_back_are_per_person_and_reproducible(mini_site: Path, tmp_path: Path) -> None:
    write(mini_site, later_decisions(("DEC-2020-002", "Publish the plan", "adopted", {"owner": "bob"})))
    build = sphinx_build(mini_site)
    assert build.returncode == 0, build.output
    feeds = build.outdir / "feeds"

    atom = ET.parse(feeds / "decisions.atom").getroot()
    entries = atom.findall(f"{ATOM}entry")
    assert [(e.findtext(f"{ATOM}title") or "").split(":")[0] for e in entries] == [
        "DEC-2020-002", "DEC-2020-001"]  # newest first
    assert (atom.findtext(f"{ATOM}updated") or "").startswith("2020-05-02")
    links = [e.get("href") or "" for e in entries[1].iter(f"{ATOM}link")]
    assert links[0].endswith("decisions/2020/2020-05-01-review.html#DEC-2020-001")

    calendar = icalendar.Calendar.from_ical((feeds / "actions.ics").read_bytes())
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["ACT-2020-001", "ACT-2020-002"]
    assert events["ACT-2020-001"].decoded("dtstart") == dt.date(2020, 6, 1)
    # no build-time stamp: dmlog_today (2020-06-15) is set
    assert events["ACT-2020-001"].decoded("dtstamp").date() == dt.date(2020, 6, 15)

    def uids(name: str) -> list[str]:
        cal = icalendar.Calendar.from_ical((feeds / "people" / name).read_bytes())
        return sorted(str(e["uid"]).split("@")[0] for e in cal.walk("VEVENT"))

    assert uids("bob.ics") == ["ACT-2020-001", "ACT-2020-002"]  # the second through "team"
    assert uids("ann.ics") == ["ACT-2020-002"]
    bob = ET.parse(feeds / "people" / "bob.atom").getroot()
    assert [(e.findtext(f"{ATOM}title") or "")[:12] for e in bob.findall(f"{ATOM}entry")] == [
        "DEC-2020-002"]

    assert '<link rel="alternate" type="application/atom+xml" title="Decisions" ' \
           'href="../feeds/decisions.atom">' in build.html("docs/index")
    assert 'href="../../feeds/people/bob.ics"' in build.html("docs/people/bob")

    again_src = tmp_path / "again"
    shutil.copytree(mini_site, again_src, ignore=shutil.ignore_patterns("_build"))
    again = sphinx_build(again_src)
    for path in sorted(feeds.rglob("*.*")):
        assert (again.outdir / "feeds" / path.relative_to(feeds)).read_bytes() == path.read_bytes(), path

    # an incremental build: the feeds of the changed action are written again (and
    # only those are drawn: the others' digests are unchanged)
    atom_before = (feeds / "decisions.atom").stat().st_mtime_ns
    edit(mini_site, "actions/2020/2020-05-01-review.md", ":id: ACT-2020-002\n:status: open",
         ":id: ACT-2020-002\n:status: done\n:closed: 2020-06-10")
    rebuilt = sphinx_build(mini_site)
    assert rebuilt.returncode == 0, rebuilt.output
    assert uids("ann.ics") == []
    assert uids("bob.ics") == ["ACT-2020-001"]
    whole = icalendar.Calendar.from_ical((feeds / "actions.ics").read_bytes())
    assert [str(e["uid"]).split("@")[0] for e in whole.walk("VEVENT")] == ["ACT-2020-001"]
    assert (feeds / "decisions.atom").stat().st_mtime_ns == atom_before
    # the other action's event was taken from the last build: every feed is as a
    # fresh build of the edited log draws it
    fresh_src = tmp_path / "fresh"
    shutil.copytree(mini_site, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = sphinx_build(fresh_src)
    for path in sorted(fresh.outdir.joinpath("feeds").rglob("*.*")):
        assert (feeds / path.relative_to(fresh.outdir / "feeds")).read_bytes() == path.read_bytes(), path
