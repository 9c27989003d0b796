"""`dmlog list`'s options as the filter they stand for (ListOptions.as_query): each
option one test of the filter language, all of them at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dmlog.cli.listing import ListOptions
from dmlog.log.gaps import Finder
from dmlog.log.model import Record
from dmlog.log.query import Context, matches

TODAY = dt.date(2020, 6, 15)


def record(kind: str, record_id: str, **options: str) -> Record:
    return Record(kind, record_id, record_id, f"{kind}s/x.md", 3, options)


RECORDS = {r.id: r for r in (
    record("meeting", "MTG-2020-04-01-april", date="2020-04-01"),
    record("meeting", "MTG-2020-05-01-may", date="2020-05-01"),
    record("decision", "DEC-2020-001", status="adopted", date="2020-04-01", owner="ann",
           meeting="MTG-2020-04-01-april", milestone="LDM-503-10a"),
    record("decision", "DEC-2020-002", status="proposed", date="2020-05-02", owner="ann",
           meeting="MTG-2020-04-01-april"),
    record("action", "ACT-2020-001", status="open", due="2020-06-01", owner="ann",
           meeting="MTG-2020-04-01-april", decision="DEC-2020-001"),
    record("action", "ACT-2020-002", status="in-progress", due="2020-07-01", owner="dmlt",
           meeting="MTG-2020-05-01-may", decision="DEC-2020-001", milestone="LDM-503-10a"),
    record("action", "ACT-2020-003", status="done", due="2020-01-01", owner="kt", closed="2020-01-01",
           meeting="MTG-2020-05-01-may", decision="DEC-2020-001"),
    record("group", "dmlt", members="ann, kt"),
)}


def listed(kind: str, owner_id: str | None = None, **options: Any) -> list[str]:
    finder = Finder(RECORDS.values(), TODAY, None)
    selection = ListOptions(**options).as_query(kind, owner_id, RECORDS)
    context = Context(TODAY, finder.graph.groups(), finder.gaps)
    return [i for i, r in RECORDS.items() if matches(selection, r, context)]


def test_the_kind_lists_its_types_only() -> None:
    assert listed("decisions") == ["DEC-2020-001", "DEC-2020-002"]
    assert listed("actions") == ["ACT-2020-001", "ACT-2020-002", "ACT-2020-003"]
    assert listed("all") == [i for i in RECORDS if i.startswith(("DEC", "ACT"))]


def test_each_option_is_its_test() -> None:
    assert listed("all", status=("open", "proposed")) == ["DEC-2020-002", "ACT-2020-001"]
    assert listed("actions", overdue=True) == ["ACT-2020-001"]
    assert listed("actions", due_before="2020-06-02") == ["ACT-2020-001", "ACT-2020-003"]
    assert listed("all", milestone="LDM-503-10a") == ["DEC-2020-001", "ACT-2020-002"]
    assert listed("all", meeting="MTG-2020-05-01-may") == ["ACT-2020-002", "ACT-2020-003"]
    # the owner's own records and those of the groups they are in, as `owner == kt` does
    assert listed("actions", owner_id="kt") == ["ACT-2020-002", "ACT-2020-003"]
    # decisions by their own date; actions by their meeting's
    assert listed("all", since="2020-05") == ["DEC-2020-002", "ACT-2020-002", "ACT-2020-003"]
    assert listed("all", since="2021-01-01") == []
    # records with a gap: here only the overdue action (a proposed decision needs no action yet)
    assert listed("all", only_gaps=True) == ["ACT-2020-001"]


def test_options_together_are_all_of_their_tests() -> None:
    assert listed("actions", owner_id="ann", status=("open", "in-progress"), since="2020-05-01") == [
        "ACT-2020-002"]
    assert listed("all", owner_id="ann", milestone="LDM-503-10a", due_before="2020-06-02") == []
