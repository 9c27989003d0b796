"""The log's model: one frozen record, and the links of a log read both ways."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from dmlog.log.graph import Graph
from dmlog.log.model import Record


def record(kind: str, record_id: str, **options: str) -> Record:
    return Record(kind, record_id, f"Title of {record_id}", "x.md", 3, options)


def test_a_record_does_not_change_a_changed_record_is_a_new_one() -> None:
    decision = record("decision", "DEC-2020-001", status="adopted", owner="ann, kt")
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.title = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError, match="do not change"):
        decision.options["status"] = "withdrawn"  # type: ignore[index]
    changed = decision.with_options(status="withdrawn")
    assert (decision.get("status"), changed.get("status")) == ("adopted", "withdrawn")
    assert changed.links("owner") == ("ann", "kt")  # lists are tuples
    assert decision.get("title") == "Title of DEC-2020-001" and decision.get("due") == ""
    # the build keeps readings between runs: a record pickles, and stays frozen
    again = pickle.loads(pickle.dumps(decision))  # noqa: S301 (our own bytes)
    assert again == decision and hash(again) == hash(decision)
    with pytest.raises(TypeError):
        again.options.update(status="x")


def test_the_graph_reads_links_both_ways() -> None:
    records = [
        record("decision", "DEC-1", status="adopted"),
        record("decision", "DEC-2", status="adopted", supersedes="DEC-1"),
        record("action", "ACT-1", owner="dmlt", decision="DEC-1, DEC-1"),
        record("action", "ACT-2", owner="ann", decision="DEC-1", meeting="MTG-x"),
        record("group", "dmlt", members="ann, kt"),
        record("person", "ann"),
        record("decision", "DEC-1", status="withdrawn", supersedes="DEC-2"),  # a duplicate ID
    ]
    graph = Graph.of(records)
    assert graph.back("DEC-1", "decision") == ("ACT-1", "ACT-2")  # reading order, once each
    assert graph.back("DEC-1", "decision", "decision") == ()
    assert graph.back("DEC-1", "supersedes") == ("DEC-2",)
    assert graph.back("DEC-2", "supersedes") == ()  # the duplicate's links are not the log's
    assert graph.backlinks("ann") == {"owner": ("ACT-2",), "members": ("dmlt",)}
    assert graph.members("dmlt") == ("ann", "kt") and graph.members("ann") == ()
    assert graph.groups() == {"dmlt": ("ann", "kt")}
    assert graph.targets("ACT-2", "meeting") == ("MTG-x",)  # named, though not in the log
    # a record's own links as the site lists them (and sphinx-needs' records): sorted, once each
    assert Graph.of([record("action", "ACT-3", owner="kt, ann, kt")]).targets("ACT-3", "owner") == \
        ("ann", "kt")
    # a link the record's type does not have is no link (the rules report it)
    assert Graph.of([record("person", "kt", decision="DEC-1")]).back("DEC-1", "decision") == ()
