"""How records look on the site: a compact card per record, and record tables.

sphinx-needs' default card (a grid drawn through its layout engine) is most of a
build's cost, and so are tables built as docutils nodes, one node per cell. dmlog
writes the card's facts (ID, status, owners, dates, links, back-links) and its tables
as HTML directly; only a record's own text goes through docutils.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from html import escape, unescape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from dmlog import schema
from dmlog.log.references import find_references
from dmlog.log.safety import url_problem
from dmlog.sphinxext import datatable
from dmlog.sphinxext.editlinks import source_links
from dmlog.sphinxext.permalinks import permalink

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
                 "actions": "Actions", "items": "Items", "affiliation": "Affiliation",
                 "milestone": "Milestone"}


#: Columns whose values are short codes, kept on one line.
_SHORT_COLUMNS = ("id", "status", "date", "due", "closed")
_NOWRAP = ' class="dmlog-nowrap"'


def raw(html: str, *classes: str) -> nodes.raw:
    return nodes.raw("", html, format="html", classes=["dmlog-html", *classes])


def as_text(doctree: nodes.document) -> None:
    """For builders other than HTML (text, LaTeX): dmlog's HTML as its plain text."""
    for node in list(doctree.findall(nodes.raw)):
        if "dmlog-html" not in node["classes"]:
            continue
        text = unescape(re.sub(r"<[^>]+>", " ", node.astext()))
        text = " ".join(text.split())
        if isinstance(node.parent, nodes.TextElement):
            node.parent.replace(node, nodes.Text(text))
        elif text:
            node.parent.replace(node, nodes.paragraph("", text))
        else:
            node.parent.remove(node)


_SNAPSHOT_KEYS = ("id", "type", "docname", "lineno", *schema.SHOWN_FIELDS,
                  *schema.LINKS, *(f"{link}_back" for link in schema.LINKS))


class LogSnapshot:
    """Every record of the build as a plain dict, made once when writing starts:
    the pages read records tens of thousands of times, and a dict is far cheaper to
    read than sphinx-needs' record objects."""

    def __init__(self, needs: Iterable[Mapping[str, Any]], today: dt.date) -> None:
        self.records: dict[str, Need] = {}
        self.by_type: dict[str, list[Need]] = {}
        for need in needs:
            record: dict[str, Any] = {"id": need["id"], "type": need["type"], "title": need["title"],
                      "docname": need["docname"]}
            for key in _SNAPSHOT_KEYS:  # empty values left out: a log is mostly empty fields
                if key not in record and (value := need.get(key)) not in (None, "", []):
                    record[key] = value
            record["overdue"] = schema.is_overdue(record, today)
            self.records[record["id"]] = record
            self.by_type.setdefault(record["type"], []).append(record)


class Renderer:
    """Renders records for one page, and remembers which records the page shows
    (what the incremental build needs to know to rewrite it when they change)."""

    def __init__(self, app: Sphinx, docname: str, log: LogSnapshot,
                 shown: set[str], cards: set[str]) -> None:
        self.app = app
        self.docname = docname
        self.needs = log.records
        self.by_type = log.by_type
        self.shown = shown  # records whose fields the page shows
        self.cards = cards  # records whose back-links the page shows
        self.jira_url = app.config.dmlog_jira_url
        self.patterns = app.config.dmlog_reference_patterns
        self._uris: dict[str, str] = {}

    # -- links ---------------------------------------------------------------
    def uri(self, need: Need) -> str:
        docname = need["docname"]
        if docname not in self._uris:
            self._uris[docname] = ("" if docname == self.docname else
                                   self.app.builder.get_relative_uri(self.docname, docname))
        return f"{self._uris[docname]}#{need['id']}"

    def link(self, need_id: str, text: str | None = None) -> str:
        """A link to a record, showing its title (or name); the bare ID if unknown."""
        self.shown.add(need_id)
        need = self.needs.get(need_id)
        if need is None:
            return f"<code>{escape(need_id)}</code>"
        return (f'<a class="reference internal" href="{escape(self.uri(need))}" '
                f'title="{escape(need_id)}: {escape(need["title"])}">'
                f'{escape(text or need["title"])}</a>')

    def id_link(self, need: Need) -> str:
        self.shown.add(need["id"])
        return (f'<a class="reference internal dmlog-id" href="{escape(self.uri(need))}">'
                f'<code>{escape(need["id"])}</code></a>')

    def links(self, ids: Iterable[str], with_id: bool = False) -> str:
        parts = []
        for need_id in ids:
            prefix = (self.id_link(self.needs[need_id]) + " "
                      if with_id and need_id in self.needs else "")
            parts.append(prefix + self.link(need_id))
        return ", ".join(parts)

    def text_with_references(self, text: str) -> str:
        """Text with its references (DMTN-085, RFC-243, record IDs) made links."""
        out, position = [], 0
        for start, stop, url in find_references(text, self.patterns, self.jira_url):
            out.append(escape(text[position:start]))
            matched = text[start:stop]
            out.append(self.link(matched, text=matched) if url is None else
                       f'<a class="reference external dmlog-ref" href="{escape(url)}">'
                       f'{escape(matched)}</a>')
            position = stop
        out.append(escape(text[position:]))
        return "".join(out)

    # -- small parts ---------------------------------------------------------
    def status(self, need: Need) -> str:
        html = ""
        if status := need.get("status"):
            html = f'<span class="dmlog-status dmlog-status-{escape(status)}">{escape(status)}</span>'
        if need["overdue"]:
            html += ' <span class="dmlog-status dmlog-overdue">overdue</span>'
        return html

    def _facts(self, need: Need) -> list[str]:
        """Dates, owners and the other outgoing links, as label-value pairs."""
        facts = []
        for name, label in CARD_FIELDS.items():
            if value := need.get(name):
                facts.append(f"<strong>{label}</strong> {escape(str(value))}")
        for name, label in CARD_LINKS.items():
            if ids := need.get(name):
                facts.append(f"<strong>{label}</strong> {self.links(ids)}")
        if refs := schema.split_list(need.get("refs")):
            facts.append("<strong>Refs</strong> " + ", ".join(map(self.text_with_references, refs)))
        if tags := need.get("tags"):
            facts.append(f"<strong>Tags</strong> {escape(', '.join(tags))}")
        if (url := need.get("url")) and url_problem(url) is None:
            facts.append(f'<strong>URL</strong> <a class="reference external" '
                         f'href="{escape(url)}">{escape(url)}</a>')
        if (minutes := need.get("minutes")) and url_problem(minutes) is None:
            facts.append(f'<a class="reference external" href="{escape(minutes)}">Original minutes</a>')
        if need["type"] == "person" and need.get("authordb") == "no":
            facts.append("<em>not in lsst-texmf's authordb</em>")
        return facts

    def _banner(self, need: Need) -> str:
        if need["type"] != "decision" or need.get("status") not in schema.DECISION_RETIRED:
            return ""
        if replaced_by := need.get("supersedes_back"):
            message = ("<strong>Superseded.</strong> This decision was replaced by "
                       f"{self.links(replaced_by, with_id=True)}.")
        else:
            message = "<strong>Withdrawn.</strong> This decision no longer applies."
        return (f'<div class="dmlog-banner dmlog-banner-{escape(need["status"])}">'
                f"<p>{message}</p></div>")

    # -- cards ---------------------------------------------------------------
    def card(self, need: Need, body: list[nodes.Node]) -> nodes.container:
        """The record as the site shows it where it is defined."""
        from dmlog.sphinxext.attention import card_flags  # they build on this module
        from dmlog.sphinxext.history import card_history
        self.shown.add(need["id"])
        self.cards.add(need["id"])
        classes = ["dmlog-record", f"dmlog-{need['type']}"]
        if need.get("status"):
            classes.append(f"dmlog-record-{need['status']}")
        link = permalink(self.docname, need["id"])
        head = (self._banner(need)
                + f'<p class="dmlog-head"><a class="reference internal dmlog-id" '
                  f'href="#{escape(need["id"])}"><code>{escape(need["id"])}</code></a> '
                  f'<strong class="dmlog-title">{escape(need["title"])}</strong> '
                  f"{self.status(need)}{card_flags(self.app, need)}"
                  f' <a class="dmlog-permalink" href="{escape(link)}" '
                  f'title="Permanent link to {escape(need["id"])}, wherever it moves" '
                  f'aria-label="Permanent link to {escape(need["id"])}">#</a></p>')
        if facts := self._facts(need):
            head += ('<p class="dmlog-meta">' + '<span class="dmlog-sep"> · </span>'.join(
                f'<span class="dmlog-fact">{fact}</span>' for fact in facts) + "</p>")
        if note := need.get("note"):
            head += f'<p class="dmlog-note">{escape(note)}</p>'
        head += card_history(self.app, need)
        head += source_links(self.app, need)  # where to propose a change
        card = nodes.container(classes=classes)
        card += raw(head)
        if body:
            card += nodes.container("", *body, classes=["dmlog-body"])
        if backlinks := self.backlinks(need):
            card += raw(backlinks, "no-search")  # found where defined, not where listed
        return card

    def backlinks(self, need: Need) -> str:
        """What links to the record, as tables grouped the way readers ask for them."""
        kind = need["type"]
        html = ""
        if kind == "decision":
            html += self.section("Actions implementing this decision",
                                 self.rows(need.get("decision_back")),
                                 ("id", "title", "status", "owner", "due"))
            html += self._fact_line("Superseded by", need.get("supersedes_back"))
        elif kind == "meeting":
            outcomes = self.rows(need.get("meeting_back"))
            html += self.section("Decisions", [n for n in outcomes if n["type"] == "decision"],
                                 ("id", "title", "status", "owner"), empty="No decisions recorded.")
            html += self.section("Actions", [n for n in outcomes if n["type"] == "action"],
                                 ("id", "title", "status", "owner", "due"),
                                 empty="No actions recorded.")
        elif kind in ("person", "group"):
            owned = self.rows(need.get("owner_back"))
            actions = [n for n in owned if n["type"] == "action"]
            open_actions = [n for n in actions if schema.is_open(n)]
            html += self.section("Open actions", open_actions, ("id", "title", "status", "due", "meeting"),
                                 empty="No open actions.")
            html += self.section("Decisions owned", [n for n in owned if n["type"] == "decision"],
                                 ("id", "title", "status", "date", "meeting"))
            html += self.section("Done and cancelled actions",
                                 [n for n in actions if n not in open_actions],
                                 ("id", "title", "status", "closed", "meeting"))
            for group_id in need.get("members_back") or []:  # a group's actions are its members'
                if (group := self.needs.get(group_id)) is not None:
                    self.cards.add(group_id)
                    html += self.section(f"Open actions of {group['title']}", [
                        n for n in self.rows(group.get("owner_back"))
                        if n["type"] == "action" and schema.is_open(n)],
                        ("id", "title", "status", "due", "meeting"))
            html += self._fact_line("Member of", need.get("members_back"))
            meetings = (need.get("attendees_back") or []) + (need.get("chair_back") or [])
            html += self._fact_line("Meetings", sorted(set(meetings)))
        elif kind == "milestone":
            html += self.section("Tracked items", self.rows(need.get("milestone_back")),
                                 ("id", "title", "status", "owner", "due"),
                                 empty="No records track this milestone yet.")
        elif kind == "document":
            html += self.section("Produced by", self.rows(need.get("produces_back")),
                                 ("id", "title", "status", "owner", "due"))
            html += self.section("Referenced by", self.rows(need.get("document_back")),
                                 ("id", "title", "status", "date"),
                                 empty="No records refer to this document yet.")
        return html

    def _fact_line(self, label: str, ids: list[str] | None) -> str:
        if not ids:
            return ""
        return f'<p class="dmlog-meta"><strong>{label}</strong> {self.links(ids, with_id=True)}</p>'

    def rows(self, ids: Iterable[str] | None) -> list[Need]:
        return sorted((self.needs[i] for i in ids or () if i in self.needs),
                      key=lambda n: (n["type"], n["id"]))

    def section(self, title: str, needs: list[Need], columns: tuple[str, ...],
                empty: str | None = None) -> str:
        if not needs and empty is None:
            return ""
        heading = f'<p class="dmlog-subhead"><strong>{escape(title)} ({len(needs)})</strong></p>'
        if not needs:
            return heading + f'<p class="dmlog-empty">{escape(empty or "")}</p>'
        return heading + self.table(needs, columns)

    # -- tables --------------------------------------------------------------
    def table(self, needs: list[Need], columns: tuple[str, ...],
              extra: Mapping[str, Any] | None = None,
              interactive_in: nodes.document | None = None,
              titles: Mapping[str, str] | None = None) -> str:
        """A table of records; ``titles`` overrides column headings. A table given a
        page (``interactive_in``) is drawn there from JSON data, with search,
        filters, sorting, column toggles and CSV (:mod:`dmlog.sphinxext.datatable`);
        its HTML, every row, is kept for readers without JavaScript."""
        extra = extra or {}
        headings = {c: COLUMN_TITLES.get(c, c) for c in (*columns, *extra)} | dict(titles or {})
        head = "".join(f'<th scope="col" data-col="{c}">{escape(headings[c])}</th>' for c in columns)
        head += "".join(f'<th scope="col">{escape(headings[c])}</th>' for c in extra)
        rows = []
        for need in needs:
            self.shown.add(need["id"])
            overdue = ' class="dmlog-row-overdue"' if need["overdue"] else ""
            cells = "".join(f"<td{_NOWRAP if c in _SHORT_COLUMNS else ''}>{self.cell(need, c)}</td>"
                            for c in columns)
            cells += "".join(f"<td>{function(need)}</td>" for function in extra.values())
            rows.append(f'<tr data-need-id="{escape(need["id"])}"{overdue}>{cells}</tr>')
        html = ('<div class="dmlog-table-scroll pst-scrollable-table-container">'
                f'<table class="table dmlog-table"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></div>')
        if interactive_in is None:
            return html
        return datatable.render(self, needs, columns, extra, headings, interactive_in, html)

    def cell(self, need: Need, column: str) -> str:
        if column == "id":
            return self.id_link(need)
        if column == "title":
            return self.link(need["id"])
        if column == "status":
            return self.status(need)
        if column in schema.LINKS:
            return self.links(need.get(column) or [])
        if column == "tags":
            return escape(", ".join(need.get("tags") or []))
        value = need.get(column)
        return escape(str(value)) if value not in (None, "") else ""
