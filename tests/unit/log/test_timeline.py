"""The series behind the meeting's charts."""

from __future__ import annotations

import datetime as dt

from dmlog.log.history import Event, History, RecordHistory
from dmlog.log.model import Record
from dmlog.log.timeline import actions_over_time, decisions_by_quarter, month_ends


def action(record_id: str, **options: str) -> Record:
    return Record("action", record_id, "An action", "actions/a.md", 3, {"status": "open", **options})


def decision(date: str, status: str) -> Record:
    return Record("decision", "DEC-1", "A decision", "decisions/d.md", 3, {"date": date, "status": status})


def test_month_ends_stop_at_the_end_date() -> None:
    assert month_ends(dt.date(2020, 11, 5), dt.date(2021, 1, 10)) == [
        dt.date(2020, 11, 30), dt.date(2020, 12, 31), dt.date(2021, 1, 10)]


def test_open_and_overdue_actions_as_the_log_stood_each_month() -> None:
    history = History({
        "ACT-1": RecordHistory([Event(dt.date(2020, 1, 10), "a", "open", None),
                                Event(dt.date(2020, 3, 5), "b", "done", "open")]),
        "ACT-2": RecordHistory([Event(dt.date(2020, 2, 1), "c", "open", None)]),
    }, head="c")
    actions = [action("ACT-1", due="2020-02-15"), action("ACT-2"),
               action("ACT-3", due="2020-01-01")]  # ACT-3: not committed, no history
    assert actions_over_time(actions, history, dt.date(2020, 3, 20)) == [
        (dt.date(2020, 1, 31), 1, 0), (dt.date(2020, 2, 29), 2, 1), (dt.date(2020, 3, 20), 1, 0)]


def test_decisions_per_quarter_by_status() -> None:
    decisions = [decision("2019-03", "adopted"), decision("2019-02-10", "withdrawn"),
                 decision("2019-04-01", "adopted"), decision("", "adopted")]
    assert decisions_by_quarter(decisions) == {"2019 Q1": {"adopted": 1, "withdrawn": 1},
                                               "2019 Q2": {"adopted": 1}}
