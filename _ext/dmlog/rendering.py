"""How records look on the site: a compact card per record, and record tables.

sphinx-needs' default card (a grid drawn through its layout engine) is most of a
build's cost; a card built directly from docutils nodes shows the same facts (ID,
status, owners, dates, links and back-links) for a fraction of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx_needs.directives.needtable import (
    HAS_INTERACTIVE_TABLE,
    NeedtableHeader,
    NeedtableRow,
    NeedtableTable,
)

from dmlog import schema
from dmlog.references import link_text

Need = Mapping[str, Any]

#: Outgoing links shown on a card, in order, with their labels.
CARD_LINKS = {
    "owner": "Owner", "meeting": "Meeting", "decision": "Implements",
    "milestone": "Milestone", "document": "Documents", "produces": "Produces",
    "supersedes": "Supersedes", "chair": "Chair", "attendees": "Attendees",
    "members": "Members",
}
#: Text fields shown on a card, with their labels.
CARD_FIELDS = {"date": "Date", "due": "Due", "closed": "Closed", "affiliation": "Affiliation",
               "level": "Level", "aliases": "Also written", "lines": "Minutes lines"}

COLUMN_TITLES = {"id": "ID", "title": "Title", "status": "Status", "owner": "Owner",
                 "date": "Date", "due": "Due", "closed": "Closed", "meeting": "Meeting",
                 "decision": "Implements", "tags": "Tags", "type": "Type",
                 "open": "Open actions", "overdue": "Overdue", "decisions": "Decisions",
                 "items": "Items", "affiliation": "Affiliation", "milestone": "Milestone"}


class Renderer:
    """Renders records for one page, and remembers which records the page shows
    (what the incremental build needs to know to rewrite it when they change)."""

    def __init__(self, app: Sphinx, docname: str, needs: Mapping[str, Need],
                 today: dt.date, shown: set[str], cards: set[str]) -> None:
        self.app = app
        self.docname = docname
        self.needs = needs
        self.today = today
        self.shown = shown  # records whose fields the page shows
        self.cards = cards  # records whose back-links the page shows
        self.jira_url = app.config.dmlog_jira_url
        self.patterns = app.config.dmlog_reference_patterns

    # -- links ---------------------------------------------------------------
    def uri(self, need: Need) -> str:
        base = ""
        if need["docname"] != self.docname:
            base = self.app.builder.get_relative_uri(self.docname, need["docname"])
        return f"{base}#{need['id']}"

    def link(self, need_id: str, text: str | None = None) -> nodes.Node:
        """A link to a record, showing its title (or name); plain text if unknown."""
        self.shown.add(need_id)
        need = self.needs.get(need_id)
        if need is None:
            return nodes.literal(need_id, need_id)
        label = text or need["title"]
        ref = nodes.reference("", label, internal=True, refuri=self.uri(need),
                              reftitle=f"{need_id}: {need['title']}")
        return ref

    def id_link(self, need: Need) -> nodes.Node:
        self.shown.add(need["id"])
        return nodes.reference("", "", nodes.literal(need["id"], need["id"]), internal=True,
                               refuri=self.uri(need), classes=["dmlog-id"])

    def links(self, ids: Iterable[str], with_id: bool = False) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        for index, need_id in enumerate(ids):
            if index:
                result.append(nodes.Text(", "))
            if with_id and need_id in self.needs:
                result += [self.id_link(self.needs[need_id]), nodes.Text(" ")]
            result.append(self.link(need_id))
        return result

    # -- small parts ---------------------------------------------------------
    def status(self, need: Need) -> list[nodes.Node]:
        result: list[nodes.Node] = []
        if need.get("status"):
            result.append(nodes.inline("", need["status"],
                                       classes=["dmlog-status", f"dmlog-status-{need['status']}"]))
        if schema.is_overdue(need, self.today):
            result += [nodes.Text(" "), nodes.inline("", "overdue",
                                                     classes=["dmlog-status", "dmlog-overdue"])]
        return result

    def _meta(self, need: Need) -> nodes.paragraph | None:
        """One line of facts: dates, owners and the other outgoing links."""
        parts: list[list[nodes.Node]] = []
        for name, label in CARD_FIELDS.items():
            if value := need.get(name):
                parts.append([nodes.strong("", f"{label} "), nodes.Text(str(value))])
        for name, label in CARD_LINKS.items():
            if ids := need.get(name):
                parts.append([nodes.strong("", f"{label} "), *self.links(ids)])
        if refs := schema.split_list(need.get("refs")):
            items: list[nodes.Node] = [nodes.strong("", "Refs ")]
            for index, ref in enumerate(refs):
                items += ([nodes.Text(", ")] if index else []) + link_text(
                    ref, self.patterns, self.jira_url)
            parts.append(items)
        if tags := need.get("tags"):
            parts.append([nodes.strong("", "Tags "), nodes.Text(", ".join(tags))])
        if need.get("url"):
            parts.append([nodes.strong("", "URL "),
                          nodes.reference("", need["url"], refuri=need["url"])])
        if need.get("minutes"):
            parts.append([nodes.reference("", "Original minutes", refuri=need["minutes"])])
        if need.get("type") == "person" and need.get("authordb") == "no":
            parts.append([nodes.emphasis("", "not in lsst-texmf's authordb")])
        if not parts:
            return None
        para = nodes.paragraph(classes=["dmlog-meta"])
        for index, part in enumerate(parts):
            if index:
                para += nodes.inline("", " · ", classes=["dmlog-sep"])
            para += nodes.inline("", "", *part, classes=["dmlog-fact"])
        return para

    def _banner(self, need: Need) -> nodes.Node | None:
        if need["type"] != "decision" or need.get("status") not in schema.DECISION_RETIRED:
            return None
        banner = nodes.container(classes=["dmlog-banner", f"dmlog-banner-{need['status']}"])
        para = nodes.paragraph()
        replaced_by = need.get("supersedes_back") or []
        if replaced_by:
            para += nodes.strong("", "Superseded. ")
            para += nodes.Text("This decision was replaced by ")
            para += self.links(replaced_by, with_id=True)
            para += nodes.Text(".")
        else:
            para += nodes.strong("", "Withdrawn. ")
            para += nodes.Text("This decision no longer applies.")
        banner += para
        return banner

    # -- cards ---------------------------------------------------------------
    def card(self, need: Need, body: list[nodes.Node]) -> nodes.container:
        """The record as the site shows it wherever it is defined."""
        self.shown.add(need["id"])
        self.cards.add(need["id"])
        card = nodes.container(classes=["dmlog-record", f"dmlog-{need['type']}"]
                               + [f"dmlog-status-{need['status']}"] * bool(need.get("status")))
        if banner := self._banner(need):
            card += banner
        head = nodes.paragraph(classes=["dmlog-head"])
        permalink = f"{self._root()}permalink.html?id={need['id']}"
        head += nodes.reference("", "", nodes.literal(need["id"], need["id"]),
                                refuri=permalink, classes=["dmlog-id"],
                                reftitle="Permanent link to this record")
        head += nodes.Text(" ")
        head += nodes.strong("", need["title"], classes=["dmlog-title"])
        if status := self.status(need):
            head += nodes.Text(" ")
            head += status
        card += head
        if meta := self._meta(need):
            card += meta
        if note := need.get("note"):
            card += nodes.paragraph("", note, classes=["dmlog-note"])
        if body:
            card += nodes.container("", *body, classes=["dmlog-body"])
        card += self.backlinks(need)
        return card

    def _root(self) -> str:
        depth = self.docname.count("/")
        return "../" * depth

    def backlinks(self, need: Need) -> list[nodes.Node]:
        """What links to the record, as tables grouped the way readers ask for them."""
        kind = need["type"]
        result: list[nodes.Node] = []
        if kind == "decision":
            if ids := need.get("decision_back"):
                result += self.section("Actions implementing this decision",
                                       self.rows(ids), ("id", "title", "status", "owner", "due"))
            if ids := need.get("supersedes_back"):
                result += self._fact_line("Superseded by", ids)
        elif kind == "meeting":
            outcomes = self.rows(need.get("meeting_back") or [])
            result += self.section("Decisions", [n for n in outcomes if n["type"] == "decision"],
                                   ("id", "title", "status", "owner"), empty="No decisions recorded.")
            result += self.section("Actions", [n for n in outcomes if n["type"] == "action"],
                                   ("id", "title", "status", "owner", "due"),
                                   empty="No actions recorded.")
        elif kind in ("person", "group"):
            owned = self.rows(need.get("owner_back") or [])
            actions = [n for n in owned if n["type"] == "action"]
            open_actions = [n for n in actions if n.get("status") not in schema.ACTION_FINISHED]
            result += self.section("Open actions", open_actions,
                                   ("id", "title", "status", "due", "meeting"),
                                   empty="No open actions.")
            result += self.section("Decisions owned", [n for n in owned if n["type"] == "decision"],
                                   ("id", "title", "status", "date", "meeting"))
            result += self.section("Done and cancelled actions",
                                   [n for n in actions if n not in open_actions],
                                   ("id", "title", "status", "closed", "meeting"))
            if ids := need.get("members_back"):
                result += self._fact_line("Member of", ids)
            meetings = (need.get("attendees_back") or []) + (need.get("chair_back") or [])
            if meetings:
                result += self._fact_line("Meetings", sorted(set(meetings)))
        elif kind == "milestone":
            result += self.section("Tracked items", self.rows(need.get("milestone_back") or []),
                                   ("id", "title", "status", "owner", "due"),
                                   empty="No records track this milestone yet.")
        elif kind == "document":
            result += self.section("Produced by", self.rows(need.get("produces_back") or []),
                                   ("id", "title", "status", "owner", "due"))
            result += self.section("Referenced by", self.rows(need.get("document_back") or []),
                                   ("id", "title", "status", "date"),
                                   empty="No records refer to this document yet.")
        return result

    def _fact_line(self, label: str, ids: list[str]) -> list[nodes.Node]:
        para = nodes.paragraph(classes=["dmlog-meta"])
        para += nodes.strong("", f"{label} ")
        para += self.links(ids, with_id=True)
        return [para]

    def rows(self, ids: Iterable[str]) -> list[Need]:
        return sorted((self.needs[i] for i in ids if i in self.needs), key=sort_key)

    def section(self, title: str, needs: list[Need], columns: tuple[str, ...],
                empty: str | None = None) -> list[nodes.Node]:
        if not needs and empty is None:
            return []
        heading = nodes.paragraph(classes=["dmlog-subhead"])
        heading += nodes.strong("", f"{title} ({len(needs)})")
        if not needs:
            return [heading, nodes.paragraph("", empty, classes=["dmlog-empty"])]
        return [heading, self.table(needs, columns)]

    # -- tables --------------------------------------------------------------
    def table(self, needs: list[Need], columns: tuple[str, ...],
              interactive: bool = False, doctree: nodes.document | None = None) -> nodes.table:
        """A table of records; interactive ones get sphinx-needs' own table script
        (search, sort, paging, CSV), which enhances markup of this shape."""
        classes = ["dmlog-table"]
        if interactive:
            classes += ["NEEDS_DATATABLES", "colwidths-given"]
            if doctree is not None:
                doctree[HAS_INTERACTIVE_TABLE] = True
        table = NeedtableTable(classes=classes)
        if interactive:
            table["html_attributes"] = {"data-needstable-page-size": "50",
                                        "data-needstable-page-sizes": "10,25,50,100,-1"}
        group = nodes.tgroup(cols=len(columns))
        table += group
        for column in columns:
            group += nodes.colspec(colwidth=30 if column == "title" else 8)
        header = nodes.row()
        for column in columns:
            header += NeedtableHeader("", nodes.paragraph("", COLUMN_TITLES.get(column, column)),
                                      html_attributes={"scope": "col", "data-col": column})
        group += nodes.thead("", header)
        body = nodes.tbody()
        for need in needs:
            self.shown.add(need["id"])
            row = NeedtableRow(classes=["dmlog-row"] + ["dmlog-row-overdue"] * schema.is_overdue(
                need, self.today), html_attributes={"data-need-id": need["id"]})
            for column in columns:
                row += nodes.entry("", nodes.paragraph("", "", *self.cell(need, column)))
            body += row
        group += body
        return table

    def cell(self, need: Need, column: str) -> list[nodes.Node]:
        if column == "id":
            return [self.id_link(need)]
        if column == "title":
            return [self.link(need["id"])]
        if column == "status":
            return self.status(need)
        if column in schema.LINKS:
            return self.links(need.get(column) or [])
        if column == "tags":
            return [nodes.Text(", ".join(need.get("tags") or []))]
        if column == "type":
            return [nodes.Text(need["type"])]
        value = need.get(column)
        return [nodes.Text(str(value))] if value not in (None, "") else []


def sort_key(need: Need) -> tuple:
    """Records in the order readers expect: newest meeting first, then by ID."""
    return (need["type"], need["id"])
