"""Cards and tables drawn from the schema's display data, without a Sphinx build."""

from __future__ import annotations

from html import escape
from typing import Any

from dmlog import schema
from dmlog.sphinxext import card
from helpers import renderer

MEETING = {"id": "MTG-2020-05-01-review", "type": "meeting", "title": "Review",
           "docname": "docs/meetings/review", "date": "2020-05-01"}
ANN = {"id": "ann", "type": "person", "title": "Ann Author", "docname": "docs/people/ann"}
GROUP = {"id": "dmlt", "type": "group", "title": "DMLT", "docname": "docs/people/dmlt",
         "members": ["ann"]}


def action(record_id: str, status: str = "open", **fields: Any) -> dict[str, Any]:
    return {"id": record_id, "type": "action", "title": f"Task {record_id}", "status": status,
            "docname": "actions/a", "owner": ["ann"], "meeting": [MEETING["id"]], **fields}


def test_every_field_shown_on_a_card_shows_with_its_label() -> None:
    values = {"refs": "RFC-243", "url": "https://example.org/doc", "minutes": "https://example.org/m",
              "authordb": "no", "aliases": "A. Author"}
    record = {"id": "DEC-2020-001", "type": "decision", "title": "A decision", "status": "adopted",
              "docname": "decisions/d", "meeting": [MEETING["id"]]}
    for field in schema.FIELDS.values():
        record[field.name] = values.get(field.name, f"value of {field.name}")
    r = renderer([record, MEETING])
    need = r.by_id["DEC-2020-001"]
    facts = " ".join(card.fact_list(r, need))
    for field in schema.FIELDS.values():
        if field.display in ("fact", "references", "url", "link", "flag"):
            assert escape(field.label) in facts, field.name
        if field.display in ("fact", "url"):
            assert str(record[field.name]) in facts, field.name
    assert 'href="https://jira/RFC-243"' in facts  # references are linked
    assert "<strong>Meeting</strong>" in facts and "Review</a>" in facts
    assert "Minutes file</strong> value of source" in facts  # was never shown before


def test_back_link_sections_follow_the_schema() -> None:
    done = action("ACT-2020-002", "done", closed="2020-05-20")
    group_action = action("ACT-2020-003", owner=["dmlt"])
    r = renderer([ANN, GROUP, MEETING, action("ACT-2020-001"), done, group_action])
    html = card.backlinks(r, r.by_id["ann"])
    titles = [section.title for section in schema.BACKLINKS["person"]]
    assert html.index("Open actions (1)") < html.index("Done and cancelled actions (1)")
    assert "Open actions of DMLT (1)" in html and "ACT-2020-003" in html
    assert "Decisions owned" not in html  # no decisions: the section is left out
    assert "Member of" in html and titles[0] == "Open actions"
    assert "dmlt" in r.cards  # the page shows the group's back-links too
    meeting = card.backlinks(r, r.by_id[MEETING["id"]])
    assert "No decisions recorded." in meeting and "Actions (3)" in meeting


def test_column_titles_are_the_schema_labels() -> None:
    r = renderer([ANN, MEETING, action("ACT-2020-001")])
    table = r.table([r.by_id["ACT-2020-001"]], ("id", "decision", "due", "milestone"))
    for column in ("ID", "Implements", "Due", "Milestone"):
        assert f">{column}</th>" in table
