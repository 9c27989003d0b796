"""The filter language: parsing, the checks made before any record is read, and
evaluation over the log's records (as the command and the build both hold them)."""

from __future__ import annotations

import datetime as dt

import pytest

from dmlog.log.gaps import Finder
from dmlog.log.model import Record
from dmlog.log.query import Context, QueryError, matches, parse
from dmlog.log.tablespec import read_spec

TODAY = dt.date(2020, 6, 15)


def action(record_id: str, **options: str) -> Record:
    values = {"status": "open", "owner": "ann", "meeting": "MTG-2020-05-01-review", **options}
    return Record("action", record_id, f"Action {record_id}", "actions/a.md", 3, values)


def decision(record_id: str, **options: str) -> Record:
    values = {"status": "adopted", "date": "2020-05-01", "meeting": "MTG-2020-05-01-review",
              **options}
    return Record("decision", record_id, f"Decision {record_id}", "decisions/d.md", 3, values)


DMLT = Record("group", "dmlt", "The team", "docs/registry/people.yaml", 5, {"members": "ann, kt"})
EMPTY = Record("group", "nobody", "Nobody", "docs/registry/people.yaml", 9, {})
RECORDS = [
    decision("DEC-2020-001", owner="ann", milestone="LDM-503-10a"),
    decision("DEC-2020-002", status="withdrawn", date="2020-03-02"),
    action("ACT-2020-001", due="2020-06-01", milestone="LDM-503-10a", decision="DEC-2020-001"),
    action("ACT-2020-002", status="in-progress", due="2020-06-20", owner="dmlt",
           milestone="LDM-503-10a", tags="lsp, datasets"),
    action("ACT-2020-003", status="done", due="2020-01-01", milestone="LDM-503-10a"),
    action("ACT-2020-004", owner="nobody", decision="DEC-2020-002"),
    DMLT, EMPTY,
]


def ids(text: str) -> list[str]:
    finder = Finder(RECORDS, TODAY)
    context = Context(TODAY, finder.graph.groups(), finder.gaps)
    query = parse(text)
    return [r.id for r in RECORDS if matches(query, r, context)]


def test_the_issue_example_selects_open_actions_of_the_milestone() -> None:
    assert ids('type == action and status in (open, in-progress) and milestone == "LDM-503-10a"') \
        == ["ACT-2020-001", "ACT-2020-002"]


def test_owner_matches_members_of_an_owning_group() -> None:
    assert ids("owner == kt") == ["ACT-2020-002"]
    assert ids("owner == ann and type == action") == ["ACT-2020-001", "ACT-2020-002", "ACT-2020-003"]


def test_flags_dates_and_due_within() -> None:
    assert ids("overdue") == ["ACT-2020-001"]
    assert ids("due-within: 14d") == ["ACT-2020-002"]
    assert ids("due within 3d") == []
    assert ids("due < 2020-06-10 and not open") == ["ACT-2020-003"]
    assert ids("date == 2020-03") == ["DEC-2020-002"]
    assert ids("type == action and due == \"\"") == ["ACT-2020-004"]


def test_gap_flags_and_the_gap_field() -> None:
    assert ids("no-due") == ["ACT-2020-004"]
    assert ids("retired-decision and no-member") == ["ACT-2020-004"]
    assert ids("gap in (no-action, overdue)") == ["ACT-2020-001"]


def test_or_not_parentheses_contains_and_tags() -> None:
    assert ids("type == decision and (status == withdrawn or owner == ann)") \
        == ["DEC-2020-001", "DEC-2020-002"]
    assert ids("tags == lsp") == ["ACT-2020-002"]
    assert ids("title ~ 'action act-2020-00' and status not in (open, done)") == ["ACT-2020-002"]
    assert ids("not type in (action, group)") == ["DEC-2020-001", "DEC-2020-002"]


def test_a_filter_reads_links_as_the_ids_they_name() -> None:
    record = Record("action", "ACT-1", "A", "actions/a.md", 3, {"status": "open", "owner": " dmlt,, "})
    assert record.links("owner") == ("dmlt",)
    context = Context(TODAY, {"dmlt": ["kt"]})
    assert matches(parse("owner == kt and no-due"), record, Context(TODAY, {"dmlt": ["kt"]},
                                                                     lambda _record: {"no-due"}))
    assert not matches(parse("owner == ann"), record, context)


def test_reads_reports_the_fields_a_query_reads() -> None:
    assert parse("status == open and owner == ann").fields == {"status", "owner"}
    assert parse("").fields == set() and parse("").tree is None


@pytest.mark.parametrize(("text", "fragments"), [
    ("stauts == open", ["unknown field 'stauts'", "expected one of type, id, title, status",
                        "column 1"]),
    ("status == opne", ["'opne' is not a status of any record", "proposed", "column 11"]),
    ("status in (open", ["expected ',' or ')'", "the end of the filter"]),
    ("status == open and", ["expected a field"]),
    ("due < soon", ["'soon' is not a date", "YYYY-MM-DD"]),
    ("owner < ann", ["'<' compares dates", "'owner' is not a date field"]),
    ("overdu", ["unknown flag 'overdu'", "overdue"]),
    ("due-within: fortnight", ["expected a number of days such as 14d"]),
    ("status == open; drop", ["unexpected character ';'", "column 15"]),
    ("__import__('os')", ["unknown flag '__import__'"]),
    ("type == thing", ["'thing' is not a type", "decision, action"]),
])
def test_mistakes_say_where_and_what_is_expected(text: str, fragments: list[str]) -> None:
    with pytest.raises(QueryError) as error:
        parse(text)
    for fragment in fragments:
        assert fragment in str(error.value)


def test_a_filter_says_whether_it_reads_the_date_itself() -> None:
    assert parse("open and due-within: 14d").reads_today
    assert parse("not (due < Today)").reads_today
    assert parse("status == open or date in (today, 2020-01)").reads_today
    # overdue, due-soon, stale are marks of the records themselves
    assert not parse("overdue or due-soon or stale").reads_today
    assert not parse("due < 2020-06-10 and owner == ann").reads_today
    assert not parse("").reads_today


def test_a_table_reads_the_date_through_ages_and_its_filter() -> None:
    assert read_spec({"columns": "id, age"}).reads_today
    assert read_spec({"columns": "id", "sort": "-age"}).reads_today
    assert read_spec({"filter": "due-within: 7d"}).reads_today
    assert not read_spec({"columns": "id, overdue, gaps", "filter": "overdue"}).reads_today


@pytest.mark.parametrize("text", ["not " * 3000 + "open", "(" * 3000 + "open" + ")" * 3000])
def test_a_filter_nested_too_deep_is_refused_before_the_stack_runs_out(text: str) -> None:
    with pytest.raises(QueryError, match="more than 50 deep"):
        parse(text)


def test_a_filter_nested_to_the_limit_still_reads() -> None:
    query = parse("not " * 49 + "(open)")
    assert matches(query, action("ACT-2020-001", status="done"), Context(TODAY))
