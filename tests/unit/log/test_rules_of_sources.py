"""Rules added with the one reading of the sources: IDs past 999, withdrawn decisions
an open action implements, bare :hide:, and which of two duplicates is blamed."""

from __future__ import annotations

from pathlib import Path

from dmlog import schema
from dmlog.log import edits
from dmlog.log.model import Record
from dmlog.log.sources import Log
from dmlog.log.validation import validate

MEETING = Record("meeting", "MTG-2020-05-01-review", "Review", "docs/m.md", 3, {"date": "2020-05-01"})
ANN = Record("person", "ann", "Ann Author", "docs/registry/people.yaml", 2)


def decision(record_id: str, path: str = "decisions/2020/a.md", line: int = 3,
             **options: str) -> Record:
    values = {"status": "adopted", "date": "2020-05-01", "meeting": MEETING.id, **options}
    return Record("decision", record_id, "Adopt the plan", path, line, values)


def action(decision_id: str, status: str = "open") -> Record:
    return Record("action", "ACT-2020-001", "Do it", "actions/2020/a.md", 3,
                  {"status": status, "owner": "ann", "meeting": MEETING.id, "decision": decision_id})


def messages(*records: Record) -> list[str]:
    return [str(problem) for problem in validate([MEETING, ANN, *records])]


def test_ids_have_three_or_more_digits() -> None:
    pattern = schema.TYPES["decision"].id_pattern
    assert pattern.match("DEC-2019-1000") and pattern.match("DEC-2019-001")
    assert not pattern.match("DEC-2019-01")
    assert schema.numbered_id("action", 2019, 1000) == "ACT-2019-1000"
    assert schema.LOGGED_ID.findall("see DEC-2019-1000 and ACT-2019-012.") == [
        "DEC-2019-1000", "ACT-2019-012"]
    assert messages(decision("DEC-2020-1000")) == []


def test_next_ids_go_past_999() -> None:
    log = Log(Path("."), [], [], [])
    log_ids = {"DEC-2020-998", "DEC-2020-999", "DEC-2019-1200"}
    assert edits.next_ids(log, "decision", 2020, 2, taken=log_ids) == ["DEC-2020-1000", "DEC-2020-1001"]


def test_an_open_action_implementing_a_withdrawn_decision_is_reported() -> None:
    withdrawn = decision("DEC-2020-001", status="withdrawn")
    [problem] = messages(withdrawn, action("DEC-2020-001"))
    assert problem.startswith("actions/2020/a.md:3: ACT-2020-001 is open but implements "
                              "DEC-2020-001, which was withdrawn")
    assert messages(withdrawn, action("DEC-2020-001", status="cancelled")) == []


def test_a_bare_hide_is_a_hidden_record() -> None:
    [problem] = messages(decision("DEC-2020-001", hide=""))
    assert "is hidden (:hide:)" in problem
    assert messages(decision("DEC-2020-001", hide="no")) == []


def test_the_second_of_two_duplicates_is_blamed_and_the_first_named() -> None:
    first = decision("DEC-2020-001", "decisions/2020/a.md", 3)
    second = decision("DEC-2020-001", "decisions/2020/b.md", 7)
    [problem] = messages(first, second)
    assert problem.startswith("decisions/2020/b.md:7: duplicate ID 'DEC-2020-001': it is already "
                              "used at decisions/2020/a.md:3")
