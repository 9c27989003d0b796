"""The log over time, for the meeting's charts: open and overdue actions at the end
of each month (from each action's history in git), and decisions per quarter by status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dmlog import schema
from dmlog.log.history import History
from dmlog.log.model import Record


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last day of each month from ``start``'s to ``end``'s (``end`` itself last)."""
    days, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        days.append(min(following - dt.timedelta(days=1), end))
        year, month = following.year, following.month
    return days


def actions_over_time(actions: Iterable[Record], history: History,
                      today: dt.date) -> list[tuple[dt.date, int, int]]:
    """(month end, open actions, overdue actions) as the log stood on each day."""
    tracked = [(a, history.records[a.id].events) for a in actions
               if a.id in history.records and history.records[a.id].events]
    if not tracked:
        return []
    start = min(events[0].date for _, events in tracked)
    series = []
    for day in month_ends(start, today):
        opened = overdue = 0
        for action, events in tracked:
            status = None
            for event in events:  # oldest first: the status in force on the day
                if event.date <= day:
                    status = event.status
            if status is None or status in schema.ACTION_FINISHED:
                continue
            opened += 1
            due = schema.due_date(action.get("due"))
            overdue += due is not None and due < day
        series.append((day, opened, overdue))
    return series


def quarter(date: dt.date) -> str:
    return f"{date.year} Q{(date.month - 1) // 3 + 1}"


def decisions_by_quarter(decisions: Iterable[Record]) -> dict[str, dict[str, int]]:
    """Quarter ('2019 Q1') -> status -> how many decisions of that quarter have it now."""
    result: dict[str, dict[str, int]] = {}
    for decision in decisions:
        date = schema.parse_date(decision.get("date"))
        if date is None:
            continue
        counts = result.setdefault(quarter(date), {})
        status = decision.get("status")
        counts[status] = counts.get(status, 0) + 1
    return dict(sorted(result.items()))
