"""The record rules as plain functions: no Sphinx, no files."""

from __future__ import annotations

from dmlog.log.validation import validate
from dmlog.schema import Record

MEETING = Record("meeting", "MTG-2020-05-01-review", "Review", "docs/m.md", 3, {"date": "2020-05-01"})
ANN = Record("person", "ann", "Ann Author", "docs/registry/people.yaml", 2)


def decision(record_id: str = "DEC-2020-001", line: int = 3, **options: str) -> Record:
    values = {"status": "adopted", "date": "2020-05-01", "meeting": MEETING.id, **options}
    return Record("decision", record_id, "Adopt the plan", "decisions/d.md", line, values)


def messages(*records: Record) -> list[str]:
    return [str(problem) for problem in validate([MEETING, ANN, *records])]


def test_a_valid_decision_has_no_problem() -> None:
    assert messages(decision(owner="ann")) == []


def test_unknown_owner_names_the_line_and_the_registry() -> None:
    [problem] = messages(decision(owner="nobody"))
    assert problem.startswith("decisions/d.md:3: unknown owner 'nobody'")
    assert "docs/registry/people.yaml" in problem


def test_duplicate_blames_the_second_record_and_names_the_first() -> None:
    [problem] = messages(decision(line=3), decision(line=20))
    assert problem.startswith("decisions/d.md:20: duplicate ID 'DEC-2020-001'")
    assert "decisions/d.md:3" in problem


def test_status_must_be_one_of_the_types_statuses() -> None:
    [problem] = messages(decision(status="open"))
    assert "status 'open' is not valid for a decision" in problem


def test_supersedes_cycle_is_one_problem() -> None:
    found = messages(decision("DEC-2020-001", status="superseded", supersedes="DEC-2020-002"),
                     decision("DEC-2020-002", line=20, status="superseded", supersedes="DEC-2020-001"))
    assert sum("supersedes cycle" in message for message in found) == 1
