"""The trace pictures on cards, drawn from a few records without a build."""

from __future__ import annotations

from typing import Any

from dmlog.sphinxext.tracegraph import trace_graph
from helpers import renderer


def test_a_decision_its_actions_and_their_milestones() -> None:
    records: list[dict[str, Any]] = [
        {"id": "DEC-1", "type": "decision", "title": "Adopt", "status": "adopted",
         "document": ["DMTN-1"], "docname": "page"},
        # overdue on the renderer's day (2020-06-15)
        {"id": "ACT-1", "type": "action", "title": "Write", "status": "open", "due": "2020-06-01",
         "milestone": ["MS-unknown", "MS-a"], "decision": ["DEC-1"], "docname": "page"},
        {"id": "MS-a", "type": "milestone", "title": "Milestone A", "docname": "page"},
        {"id": "DMTN-1", "type": "document", "title": "A note", "docname": "page"},
    ]
    r = renderer(records)
    svg = trace_graph(r, r.by_id["DEC-1"])
    assert svg.count("<rect") == 4 and svg.count("<line") == 3
    assert 'aria-label="Trace of the decision, its actions, and their milestones and documents: ' \
           'DEC-1 (adopted); ACT-1 (open, overdue); DMTN-1 (document); MS-a (milestone)."' in svg
    assert 'href="page.html#ACT-1"' in svg and "dmlog-trace-overdue" in svg
    assert r.shown == {r["id"] for r in records}


def test_nothing_to_trace_draws_nothing() -> None:
    r = renderer([{"id": "DEC-1", "type": "decision", "title": "Adopt", "status": "adopted"}])
    assert trace_graph(r, r.by_id["DEC-1"]) == ""
