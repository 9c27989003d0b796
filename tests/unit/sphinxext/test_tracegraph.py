"""The trace pictures on cards, drawn from a few records without a build."""

from __future__ import annotations

from typing import Any

from dmlog.log.graph import Graph
from dmlog.sphinxext.tracegraph import trace_graph
from helpers import model_records


class FakeRenderer:
    """The parts of a Renderer a trace reads: records, links both ways, what a page shows."""

    def __init__(self, records: dict[str, dict[str, Any]]) -> None:
        self.needs = records
        self.graph = Graph.of(model_records(list(records.values())))
        self.shown: set[str] = set()

    def uri(self, need: dict[str, Any]) -> str:
        return f"page.html#{need['id']}"


def test_a_decision_its_actions_and_their_milestones() -> None:
    records: dict[str, dict[str, Any]] = {
        "DEC-1": {"id": "DEC-1", "type": "decision", "title": "Adopt", "status": "adopted",
                  "document": ["DMTN-1"]},
        "ACT-1": {"id": "ACT-1", "type": "action", "title": "Write", "status": "open",
                  "overdue": True, "milestone": ["MS-a", "MS-unknown"], "decision": ["DEC-1"]},
        "MS-a": {"id": "MS-a", "type": "milestone", "title": "Milestone A"},
        "DMTN-1": {"id": "DMTN-1", "type": "document", "title": "A note"},
    }
    r: Any = FakeRenderer(records)
    svg = trace_graph(r, records["DEC-1"])
    assert svg.count("<rect") == 4 and svg.count("<line") == 3
    assert 'aria-label="Trace of the decision, its actions, and their milestones and documents: ' \
           'DEC-1 (adopted); ACT-1 (open, overdue); DMTN-1 (document); MS-a (milestone)."' in svg
    assert 'href="page.html#ACT-1"' in svg and "dmlog-trace-overdue" in svg
    assert r.shown == set(records)


def test_nothing_to_trace_draws_nothing() -> None:
    records: dict[str, dict[str, Any]] = {
        "DEC-1": {"id": "DEC-1", "type": "decision", "title": "Adopt", "status": "adopted"}}
    r: Any = FakeRenderer(records)
    assert trace_graph(r, records["DEC-1"]) == ""
