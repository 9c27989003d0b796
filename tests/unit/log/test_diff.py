"""The semantic diff as plain functions, on logs made of records in memory."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from dmlog.log.diff import as_json, as_markdown, as_text, diff_logs
from dmlog.log.model import Record
from dmlog.log.problems import Problem
from dmlog.log.sources import Log, SourceFile, SourceRecord

TODAY = dt.date(2020, 6, 15)


def decision(record_id: str, status: str = "adopted", **options: str) -> Record:
    return Record("decision", record_id, f"Decision {record_id}", "decisions/d.md", 3,
                  {"status": status, "date": "2020-05-01", "meeting": "MTG-2020-05-01-x", **options})


def action(record_id: str, status: str = "open", **options: str) -> Record:
    return Record("action", record_id, f"Action {record_id}", "actions/a.md", 3,
                  {"status": status, "owner": "ann", "meeting": "MTG-2020-05-01-x", **options})


def log(*records: Record, bodies: dict[str, str] | None = None,
        problems: list[Problem] | None = None) -> Log:
    sources = [SourceRecord(r, {}, (bodies or {}).get(r.id, "")) for r in records]
    return Log(Path("."), [SourceFile(Path("x.md"), "x.md", [], sources)], [], problems or [])


def test_no_change_is_no_change() -> None:
    same = log(decision("DEC-2020-001"), action("ACT-2020-001"))
    result = diff_logs(same, same, TODAY)
    assert result.changes == [] and result.consequences == []
    assert result.summary() == "0 added, 0 changed, 0 removed record(s)"


def test_added_removed_and_changed_field_by_field() -> None:
    base = log(decision("DEC-2020-001", owner="ann"), action("ACT-2020-001", due="2020-07-01"),
               action("ACT-2020-002"))
    head = log(decision("DEC-2020-001", owner="ann, bob", status="implemented"),
               action("ACT-2020-001", due="2020-08-01"), action("ACT-2020-003", owner="limk"))
    result = diff_logs(base, head, TODAY)
    assert [c.id for c in result.of_kind("added")] == ["ACT-2020-003"]
    assert [c.id for c in result.of_kind("removed")] == ["ACT-2020-002"]
    changed = {c.id: [f.describe() for f in c.changes] for c in result.of_kind("changed")}
    assert changed == {"DEC-2020-001": ["status: adopted → implemented", "owner: +bob"],
                       "ACT-2020-001": ["due: 2020-07-01 → 2020-08-01"]}
    assert "1 new action for limk" in result.summary()


def test_text_changes_are_seen_without_quoting_them() -> None:
    base = log(decision("DEC-2020-001"), bodies={"DEC-2020-001": "We will do it."})
    head = log(decision("DEC-2020-001"), bodies={"DEC-2020-001": "We will not do it."})
    [change] = diff_logs(base, head, TODAY).changes
    assert [f.describe() for f in change.changes] == ["text changed"]


def test_supersession_and_overdue_follow() -> None:
    base = log(decision("DEC-2019-004"), action("ACT-2020-001", due="2020-07-01"),
               action("ACT-2020-002", due="2020-01-01"))
    head = log(decision("DEC-2019-004", status="superseded"),
               decision("DEC-2020-011", supersedes="DEC-2019-004"),
               action("ACT-2020-001", due="2020-06-01"),  # moved before today: newly overdue
               action("ACT-2020-002", status="done", due="2020-01-01", closed="2020-06-10"))
    result = diff_logs(base, head, TODAY)
    messages = {c.kind: c.message for c in result.consequences}
    assert messages["superseded"] == "DEC-2019-004 adopted → superseded by DEC-2020-011"
    assert messages["newly-overdue"].startswith("ACT-2020-001 is overdue (due 2020-06-01")
    assert messages["closed"] == "ACT-2020-002 open → done"
    assert result.summary().startswith("1 added, 3 changed, 0 removed record(s); "
                                       "DEC-2019-004 adopted → superseded by DEC-2020-011")
    assert "newly overdue: ACT-2020-001" in result.summary()


def test_an_action_already_overdue_is_not_newly_overdue() -> None:
    late = action("ACT-2020-001", due="2020-01-01")
    result = diff_logs(log(late), log(late, decision("DEC-2020-001", **{"follow-up": "none"})), TODAY)
    assert [c.kind for c in result.consequences if c.kind == "newly-overdue"] == []


def test_gaps_opened_and_closed() -> None:
    base = log(decision("DEC-2020-001", owner="ann"), action("ACT-2020-001", due="2020-07-01"))
    head = log(decision("DEC-2020-001", owner="ann"),
               action("ACT-2020-001", due="2020-07-01", decision="DEC-2020-001"),
               action("ACT-2020-002"))
    result = diff_logs(base, head, TODAY)
    assert [(c.kind, c.id, c.message) for c in result.consequences] == [
        ("gap-closed", "DEC-2020-001", "DEC-2020-001: no longer an adopted or implemented decision "
         "that no action implements (unless it says :follow-up: none) (gap no-action closed)"),
        ("gap-opened", "ACT-2020-002", "ACT-2020-002: an open action without a due date (gap no-due)"),
    ]
    assert result.summary().endswith("gaps: 1 opened, 1 closed")


def test_problems_of_either_side_are_named_with_file_and_line() -> None:
    broken = log(problems=[Problem("decisions/d.md", 7, "the {decision} directive opened here is "
                                   "never closed")])
    result = diff_logs(broken, log(decision("DEC-2020-001")), TODAY, "origin/main", "HEAD")
    assert result.problems == ["origin/main: decisions/d.md:7: the {decision} directive opened "
                               "here is never closed"]
    assert [c.id for c in result.of_kind("added")] == ["DEC-2020-001"]  # still shows what it can


def test_formats_carry_the_same_facts() -> None:
    base = log(decision("DEC-2020-001"))
    head = log(decision("DEC-2020-001", status="withdrawn"), action("ACT-2020-009", due="2021-01-01"))
    result = diff_logs(base, head, TODAY, "origin/main", "HEAD")
    text = as_text(result)
    assert "~ DEC-2020-001 decision “Decision DEC-2020-001” (withdrawn)  [decisions/d.md:3]" in text
    assert "    status: adopted → withdrawn" in text and "+ ACT-2020-009" in text
    markdown = as_markdown(result)
    assert "### Decision log: origin/main → HEAD" in markdown
    assert "| DEC-2020-001 | Decision DEC-2020-001 | withdrawn | status: adopted → withdrawn |" in markdown
    data = json.loads(as_json(result))
    assert [c["id"] for c in data["added"]] == ["ACT-2020-009"]
    assert data["changed"][0]["changes"] == [{"field": "status", "before": "adopted",
                                              "after": "withdrawn"}]
    assert data["consequences"][0]["message"] == "DEC-2020-001 adopted → withdrawn"


def test_markdown_escapes_what_records_say() -> None:
    hostile = Record("decision", "DEC-2020-001", "Use <script>alert(1)</script> | [x](javascript:y)",
                     "decisions/d.md", 3, {"status": "adopted"})
    markdown = as_markdown(diff_logs(log(), log(hostile), TODAY))
    assert "<script>" not in markdown and "[x](" not in markdown
    assert "\\<script\\>" in markdown and "\\[x\\](javascript" in markdown and " \\| " in markdown


def test_an_amendment_is_said_in_the_summary() -> None:
    entry = "2020-06-02 ann: the minutes named the wrong dataset"
    base = log(decision("DEC-2020-001"), bodies={"DEC-2020-001": "We use DR1."})
    head = log(decision("DEC-2020-001", amended=entry), bodies={"DEC-2020-001": "We use DR2."})
    result = diff_logs(base, head, TODAY)
    assert result.summary() == ("0 added, 1 changed, 0 removed record(s); DEC-2020-001 amended by "
                                "ann: the minutes named the wrong dataset")
    assert [f.describe() for f in result.changes[0].changes] == [f"amended: (none) → {entry}",
                                                                 "text changed"]
