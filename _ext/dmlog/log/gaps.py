"""What needs attention in a log: decisions nobody carries out, actions nobody can
close. The same rules for the site (cards, the "Needs attention" page, the home page's
figures) and for ``dmlog list --gaps``, over the log's records
(:class:`dmlog.log.model.Record`) and its links both ways (:mod:`dmlog.log.graph`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dmlog import schema
from dmlog.log.graph import Graph
from dmlog.log.model import Record

#: Days ahead within which an open action counts as "due soon".
DUE_SOON_DAYS = 14
#: Days without a change after which an open action counts as stale.
STALE_DAYS = 90
#: The value of ``:follow-up:`` by which a decision says it needs no action.
NO_FOLLOW_UP = "none"


@dataclass(frozen=True)
class Gap:
    name: str  # as filters and ``dmlog list --gaps`` name it
    title: str  # the heading of its list
    description: str
    type: str  # the record type it applies to


GAPS: dict[str, Gap] = {g.name: g for g in (
    Gap("no-owner", "Decisions in force without an owner",
        "an adopted or implemented decision without an owner", schema.DECISION),
    Gap("no-action", "Decisions in force without an implementing action",
        "an adopted or implemented decision that no action implements "
        f"(unless it says :follow-up: {NO_FOLLOW_UP})", schema.DECISION),
    Gap("overdue", "Overdue actions", "an open action past its due date", schema.ACTION),
    Gap("due-soon", f"Actions due within {DUE_SOON_DAYS} days",
        f"an open action due within {DUE_SOON_DAYS} days", schema.ACTION),
    Gap("no-due", "Open actions without a due date", "an open action without a due date",
        schema.ACTION),
    Gap("retired-decision", "Open actions of a superseded or withdrawn decision",
        "an open action implementing a decision that is superseded or withdrawn", schema.ACTION),
    Gap("no-member", "Open actions owned by a group without members",
        "an open action whose owner is a group with no members (nobody in particular owes it)",
        schema.ACTION),
    Gap("stale", f"Open actions unchanged for over {STALE_DAYS} days",
        f"an open action with no change in git for more than {STALE_DAYS} days", schema.ACTION),
)}


def date_gaps(record: schema.Fields, today: dt.date,
              last_change: Mapping[str, dt.date] | None = None,
              due_soon_days: int = DUE_SOON_DAYS, stale_days: int = STALE_DAYS) -> tuple[str, ...]:
    """The record's gaps that depend on the date alone (overdue, due-soon, stale), in order:
    what an incremental build compares to know that a record's marks changed overnight."""
    if not schema.is_open(record):
        return ()
    found = []
    due = schema.due_date(record.get("due") or "")
    if due is not None and due < today:
        found.append("overdue")
    elif due is not None and due <= today + dt.timedelta(days=due_soon_days):
        found.append("due-soon")
    changed = (last_change or {}).get(str(record.get("id")))
    if changed is not None and (today - changed).days > stale_days:
        found.append("stale")
    return tuple(found)


class Finder:
    """Finds the gaps of every record of a log; build it once per log."""

    def __init__(self, records: Iterable[Record], today: dt.date,
                 last_change: Mapping[str, dt.date] | None = None,
                 due_soon_days: int = DUE_SOON_DAYS, stale_days: int = STALE_DAYS,
                 graph: Graph | None = None) -> None:
        self.records: dict[str, Record] = {}
        for record in records:
            self.records.setdefault(record.id, record)
        self.graph = graph if graph is not None else Graph.of(self.records.values())
        self.today = today
        self.last_change = last_change
        self.due_soon_days = due_soon_days
        self.stale_days = stale_days

    def gaps(self, record: Record) -> set[str]:
        found: set[str] = set()
        if record.type == schema.DECISION and record.get("status") in schema.DECISION_IN_FORCE:
            if not record.links("owner"):
                found.add("no-owner")
            if (not self.graph.back(record.id, schema.DECISION, schema.ACTION)
                    and record.get("follow-up").strip().lower() != NO_FOLLOW_UP):
                found.add("no-action")
        elif schema.is_open(record):
            if schema.due_date(record.get("due")) is None:
                found.add("no-due")
            found.update(date_gaps(record, self.today, self.last_change,
                                   self.due_soon_days, self.stale_days))
            for decision_id in record.links(schema.DECISION):
                decision = self.records.get(decision_id)
                if decision is not None and decision.get("status") in schema.DECISION_RETIRED:
                    found.add("retired-decision")
            for owner in record.links("owner"):
                if self.graph.types.get(owner) == schema.GROUP and not self.graph.members(owner):
                    found.add("no-member")
        return found

    def all(self) -> dict[str, set[str]]:
        """Record ID -> its gaps, for the records that have any."""
        result = {}
        for record_id, record in self.records.items():
            if found := self.gaps(record):
                result[record_id] = found
        return result
