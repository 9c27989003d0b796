"""The "needs attention" rules as plain functions."""

from __future__ import annotations

import datetime as dt

from dmlog.log.gaps import Finder, date_gaps
from dmlog.log.model import Record

TODAY = dt.date(2020, 6, 15)


def record(kind: str, record_id: str, **options: str) -> Record:
    return Record(kind, record_id, record_id, "x.md", 1, options)


def gaps(*records: Record, last_change: dict[str, dt.date] | None = None) -> dict[str, set[str]]:
    return Finder(records, TODAY, last_change).all()


def test_decisions_in_force_need_an_owner_and_an_action() -> None:
    found = gaps(record("decision", "DEC-1", status="adopted"),
                 record("decision", "DEC-2", status="implemented", owner="ann"),
                 record("decision", "DEC-3", status="adopted", owner="ann"),
                 record("action", "ACT-1", status="done", decision="DEC-3", owner="ann"),
                 record("decision", "DEC-4", status="proposed"),
                 record("decision", "DEC-5", status="adopted", owner="ann", **{"follow-up": "none"}))
    assert found == {"DEC-1": {"no-owner", "no-action"}, "DEC-2": {"no-action"}}


def test_open_actions_need_a_due_date_and_a_live_decision() -> None:
    found = gaps(record("decision", "DEC-1", status="withdrawn"),
                 record("action", "ACT-1", status="open", decision="DEC-1", due="2020-07-30"),
                 record("action", "ACT-2", status="in-progress"),
                 record("action", "ACT-3", status="open", due="2020-06-14"),
                 record("action", "ACT-4", status="open", due="2020-06-29"),
                 record("action", "ACT-5", status="cancelled"))
    assert found == {"ACT-1": {"retired-decision"}, "ACT-2": {"no-due"},
                     "ACT-3": {"overdue"}, "ACT-4": {"due-soon"}}


def test_group_owner_without_members_and_stale_actions() -> None:
    found = gaps(record("group", "team"), record("group", "dmlt", members="ann"),
                 record("action", "ACT-1", status="open", owner="team", due="2020-12-01"),
                 record("action", "ACT-2", status="open", owner="dmlt", due="2020-12-01"),
                 last_change={"ACT-2": dt.date(2020, 1, 1), "ACT-1": dt.date(2020, 6, 1)})
    assert found == {"ACT-1": {"no-member"}, "ACT-2": {"stale"}}


def test_date_gaps_are_the_marks_a_new_day_can_move() -> None:
    action = {"id": "ACT-2020-001", "type": "action", "status": "open", "due": "2020-07-01"}
    assert date_gaps(action, dt.date(2020, 6, 1)) == ()
    assert date_gaps(action, dt.date(2020, 6, 20)) == ("due-soon",)
    assert date_gaps(action, dt.date(2020, 7, 2)) == ("overdue",)
    assert date_gaps({**action, "status": "done"}, dt.date(2020, 7, 2)) == ()
    changed = {"ACT-2020-001": dt.date(2020, 1, 1)}
    assert date_gaps(action, dt.date(2020, 6, 1), changed) == ("stale",)
    assert date_gaps({"id": "DEC-2020-001", "type": "decision", "status": "adopted"},
                     dt.date(2030, 1, 1), changed) == ()
