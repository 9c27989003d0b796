"""The record rules as plain functions: no Sphinx, no files."""

from __future__ import annotations

from dmlog.log.model import Record
from dmlog.log.validation import validate

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


MILESTONE = Record("milestone", "LDM-503-10a", "Ops rehearsal", "docs/registry/milestones.yaml", 4)


def action(line: int = 3, **options: str) -> Record:
    values = {"status": "open", "owner": "ann", "meeting": MEETING.id, **options}
    return Record("action", "ACT-2020-001", "Write it down", "actions/a.md", line,
                  {k: v for k, v in values.items() if v})


def one(*records: Record) -> str:
    found = [str(problem) for problem in validate([MEETING, ANN, MILESTONE, *records])]
    assert len(found) == 1, found
    return found[0]


def test_each_rule_names_the_record_and_how_to_fix_it() -> None:
    assert "'LDM-503-10a' is a milestone, not a person" in one(decision(owner="LDM-503-10a"))
    assert "unknown milestone 'LDM-503-99'" in one(decision(milestone="LDM-503-99"))
    assert "bad date '2020-13-01'" in one(action(due="2020-13-01"))
    assert "YYYY-MM-DD" in one(decision(date="1 May 2020"))
    assert "action ACT-2020-001 has no owner" in one(action(owner=""))
    assert "decision DEC-2020-001 has no meeting" in one(decision(meeting=""))
    assert "has a closed date but status 'open'" in one(action(closed="2020-06-01"))
    assert "DEC-2020-001 is hidden (:hide:)" in one(decision(hide="yes"))
    assert "no decision supersedes it" in one(decision(status="superseded"))
    assert "DEC-2020-001 is superseded by DEC-2020-002 but its status is 'adopted'" in one(
        decision(), decision("DEC-2020-002", line=20, supersedes="DEC-2020-001"))
    assert "malformed decision ID" in one(Record("decision", "DEC-20-1", "t", "decisions/d.md", 3,
                                                 {"status": "adopted", "date": "2020-05-01",
                                                  "meeting": MEETING.id}))


def test_a_month_is_a_valid_due_date_and_a_done_action_may_be_closed() -> None:
    assert validate([MEETING, ANN, action(due="2020-06")]) == []
    assert validate([MEETING, ANN, action(status="done", closed="2020-06-01")]) == []


def test_a_new_supersedes_link_is_checked_by_the_build_rule() -> None:
    from dmlog.log.validation import new_supersedes_cycle

    one_ = decision("DEC-2020-001", status="superseded")
    two = decision("DEC-2020-002", line=20, status="superseded", supersedes="DEC-2020-001")
    three = decision("DEC-2020-003", line=30, supersedes="DEC-2020-002")
    log = [MEETING, one_, two, three]
    assert new_supersedes_cycle(log, "DEC-2020-001", "DEC-2020-003") == (
        "supersedes cycle: DEC-2020-001 supersedes DEC-2020-003 supersedes DEC-2020-002 supersedes "
        "DEC-2020-001; a decision cannot (even indirectly) supersede itself")
    assert new_supersedes_cycle(log, "DEC-2020-003", "DEC-2020-001") is None


def test_amendment_entries_say_when_who_and_why() -> None:
    assert messages(decision(amended="2020-06-02 ann: the minutes named the wrong dataset")) == []
    assert messages(decision(amended="2020-06-02 ann: fine; yesterday: not dated; 2020-06-03 zed: who")) == [
        "decisions/d.md:3: amendment of DEC-2020-001: 'yesterday: not dated' is not 'YYYY-MM-DD "
        "who: why'; write ':amended: 2024-05-02 limk: why it changed', entries separated by ';'",
        "decisions/d.md:3: amendment of DEC-2020-001: 'zed' (in '2020-06-03 zed: who') is not a "
        "person or group of the log; write ':amended: 2024-05-02 limk: why it changed', entries "
        "separated by ';'"]
