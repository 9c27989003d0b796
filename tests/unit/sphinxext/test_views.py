"""Views declare nothing by hand: the record types a page depends on are the ones its
views read. Checked as a property: a record of a type a view did not read never
changes what the view shows."""

from __future__ import annotations

from typing import Any

import pytest
from docutils.utils import new_document

from dmlog import schema
from dmlog.sphinxext.incremental import links_kind
from dmlog.sphinxext.views import VIEWS, view_node
from helpers import renderer

LOG: list[dict[str, Any]] = [
    {"id": "ann", "type": "person", "title": "Ann Author", "docname": "docs/people/ann"},
    {"id": "dmlt", "type": "group", "title": "DMLT", "docname": "docs/people/dmlt", "members": ["ann"]},
    {"id": "LDM-503-10a", "type": "milestone", "title": "Ops rehearsal", "docname": "docs/m",
     "due": "2020-09"},
    {"id": "DMTN-085", "type": "document", "title": "QA report", "docname": "docs/d"},
    {"id": "MTG-2020-05-01-review", "type": "meeting", "title": "Review", "docname": "docs/mtg",
     "date": "2020-05-01"},
    {"id": "DEC-2020-001", "type": "decision", "title": "Adopt", "status": "adopted",
     "docname": "decisions/d", "date": "2020-05-01", "meeting": ["MTG-2020-05-01-review"],
     "owner": ["ann"], "milestone": ["LDM-503-10a"], "document": ["DMTN-085"]},
    {"id": "ACT-2020-001", "type": "action", "title": "Write", "status": "open", "docname": "actions/a",
     "meeting": ["MTG-2020-05-01-review"], "owner": ["ann"], "due": "2020-06-01",
     "decision": ["DEC-2020-001"]},
]
NEW_ID = {"decision": "DEC-2020-009", "action": "ACT-2020-009", "meeting": "MTG-2020-06-01-new",
          "person": "bob", "group": "ccb", "milestone": "LDM-503-99", "document": "DMTN-999"}


def a_new(kind: str) -> dict[str, Any]:
    """A new record of a type, linked to the log's records wherever it can link."""
    record: dict[str, Any] = {"id": NEW_ID[kind], "type": kind, "title": f"New {kind}",
                              "docname": "docs/new", "date": "2020-06-01"}
    if schema.TYPES[kind].statuses:
        record["status"] = schema.TYPES[kind].default_status
    for name in schema.TYPES[kind].options:
        if name in schema.LINKS:
            target = next((r["id"] for r in LOG if r["type"] in schema.LINKS[name].targets), None)
            record[name] = [target] if target else []
    return record


def draw(records: list[dict[str, Any]], name: str) -> tuple[str, set[str]]:
    r = renderer(records)
    doctree = new_document("page")
    with r.reading() as kinds:
        drawn = VIEWS[name](r, view_node(view=name, limit=0), doctree)
    return "".join(node.astext() for node in drawn), kinds


# (the views of the gaps read the whole log, from facts a build makes; charts are drawn
# with matplotlib into the output folder, as the seed site's build does)
@pytest.mark.parametrize("name", sorted(set(VIEWS) - {"needs-attention", "traceability",
                                                      "chart-actions", "chart-decisions"}))
def test_a_record_of_a_type_the_view_did_not_read_changes_nothing(name: str) -> None:
    before, kinds = draw(LOG, name)
    assert before
    for kind in sorted(set(schema.TYPES) - kinds):
        if links_kind(kind) in kinds:
            continue  # it counts who of the type links to whom: a new one may change that
        after, _ = draw([*LOG, a_new(kind)], name)
        assert after == before, f"view {name} changed with a new {kind} but read only {kinds}"
    # a view reading only who of a type links to whom shows nothing else of its records
    for kind in sorted(k for k in set(schema.TYPES) - kinds if links_kind(k) in kinds):
        changed = [{**r, "title": "Retitled", "status": "", "due": "2031-01-01", "date": "2031-01-01"}
                   if r["type"] == kind else r for r in LOG]
        after, _ = draw(changed, name)
        assert after == before, f"view {name} changed with the fields of a {kind}: it read {kinds}"


def test_views_record_what_they_read() -> None:
    # (the numbers of decisions and actions of each meeting: who links to it)
    assert draw(LOG, "meetings")[1] == {"meeting", links_kind("decision"), links_kind("action")}
    assert draw(LOG, "people")[1] == {"person", "group", "decision", "action"}
    assert draw(LOG, "open-actions")[1] == {"action"}
    assert draw(LOG, "schema")[1] == set()
    # and a record of a type it read does change it
    assert draw([*LOG, a_new("action")], "open-actions")[0] != draw(LOG, "open-actions")[0]
