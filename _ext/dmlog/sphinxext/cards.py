"""How records look on the site: a compact card per record, and record tables.

sphinx-needs' default card (a grid drawn through its layout engine) is most of a
build's cost, and so are tables built as docutils nodes, one node per cell. dmlog
writes the card's facts (ID, status, owners, dates, links, back-links) and its tables
as HTML directly; only a record's own text goes through docutils.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
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

#: Column titles: the schema's labels.
COLUMN_TITLES = schema.LABELS


def _fields(display: str) -> list[schema.Field]:
    return [f for f in schema.FIELDS.values() if f.display == display]


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


class _TypesRead(Mapping[str, list[Need]]):
    """The records of each type, noting which types a view reads."""

    def __init__(self, by_type: dict[str, list[Need]], renderer: Renderer) -> None:
        self._by_type = by_type
        self._renderer = renderer

    def __getitem__(self, kind: str) -> list[Need]:
        self._renderer.read(kind)
        return self._by_type[kind]

    def __iter__(self) -> Iterator[str]:
        self._renderer.read("*")  # every type
        return iter(self._by_type)

    def __len__(self) -> int:
        return len(self._by_type)


class Renderer:
    """Renders records for one page, and remembers which records the page shows
    and which record types its views read (what the incremental build needs to
    know to rewrite it when they change)."""

    def __init__(self, app: Sphinx, docname: str, log: LogSnapshot,
                 shown: set[str], cards: set[str]) -> None:
        self.app = app
        self.docname = docname
        self.needs = log.records
        self.by_type: Mapping[str, list[Need]] = _TypesRead(log.by_type, self)
        self.shown = shown  # records whose fields the page shows
        self.cards = cards  # records whose back-links the page shows
        self._reads: set[str] | None = None  # types read by the view being drawn
        self.jira_url = app.config.dmlog_jira_url
        self.patterns = app.config.dmlog_reference_patterns
        self._uris: dict[str, str] = {}

    # -- what a view reads -----------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator[set[str]]:
        """The record types read while drawing a view (``*``: all of them)."""
        self._reads = set()
        try:
            yield self._reads
        finally:
            self._reads = None

    def read(self, *kinds: str) -> None:
        if self._reads is not None:
            self._reads.update(kinds)

    def records(self, kind: str) -> list[Need]:
        """Every record of a type."""
        return self.by_type.get(kind, [])

    def back(self, need: Need, link: str) -> list[Need]:
        """The records whose ``link`` names ``need``: a view reading them reads every
        type that may carry the link (a new record of one may join them)."""
        self.read(*schema.link_sources(link))
        return self.rows(need.get(f"{link}_back"))

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
        facts = [f"<strong>{escape(f.label)}</strong> {escape(str(value))}"
                 for f in _fields("fact") if (value := need.get(f.name))]
        facts += [f"<strong>{escape(link.label)}</strong> {self.links(ids)}"
                  for link in schema.LINKS.values() if (ids := need.get(link.name))]
        facts += [f"<strong>{escape(f.label)}</strong> "
                  + ", ".join(map(self.text_with_references, values))
                  for f in _fields("references") if (values := schema.split_list(need.get(f.name)))]
        if tags := need.get("tags"):
            facts.append(f"<strong>{schema.LABELS['tags']}</strong> {escape(', '.join(tags))}")
        facts += [f'<strong>{escape(f.label)}</strong> <a class="reference external" '
                  f'href="{escape(url)}">{escape(url)}</a>'
                  for f in _fields("url") if (url := need.get(f.name)) and url_problem(url) is None]
        facts += [f'<a class="reference external" href="{escape(url)}">{escape(f.label)}</a>'
                  for f in _fields("link") if (url := need.get(f.name)) and url_problem(url) is None]
        facts += [f"<em>{escape(f.label)}</em>" for f in _fields("flag") if need.get(f.name) == "no"]
        return facts

    def _banner(self, need: Need) -> str:
        if need["type"] != "decision" or need.get("status") not in schema.DECISION_RETIRED:
            return ""
        if replaced_by := need.get("supersedes_back"):
            message = ("<strong>Superseded.</strong> This decision was replaced by "
                       f"{self.links(replaced_by, with_id=True)}.")
        elif reason := need.get("reason"):
            message = f"<strong>Withdrawn.</strong> {escape(reason)}"
        else:
            message = "<strong>Withdrawn.</strong> This decision no longer applies."
        return (f'<div class="dmlog-banner dmlog-banner-{escape(need["status"])}">'
                f"<p>{message}</p></div>")

    # -- cards ---------------------------------------------------------------
    def card(self, need: Need, body: list[nodes.Node]) -> nodes.container:
        """The record as the site shows it where it is defined."""
        from dmlog.sphinxext.attention import card_flags  # they build on this module
        from dmlog.sphinxext.history import card_history
        from dmlog.sphinxext.tracegraph import trace_graph
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
        for field in _fields("note"):
            if note := need.get(field.name):
                head += f'<p class="dmlog-note">{escape(note)}</p>'
        head += self.amendments(need)
        card = nodes.container(classes=classes)
        card += raw(head)
        if history := card_history(self.app, need):  # dates and commits: nothing to search
            card += raw(history, "no-search")
        if links := source_links(self.app, need):  # where to propose a change
            card += raw(links)
        if body:
            card += nodes.container("", *body, classes=["dmlog-body"])
        if backlinks := self.backlinks(need):
            card += raw(backlinks, "no-search")  # found where defined, not where listed
        if trace := trace_graph(self, need):
            card += raw(trace, "no-search")
        return card

    def amendments(self, need: Need) -> str:
        """The record's amendment history: "amended on … by … because …", each linked to
        the commit (and pull request) that added the entry when git history has it."""
        from dmlog.sphinxext.history import amendment_commits, commit_of
        entries, _ = schema.amendments(need.get("amended"))
        if not entries:
            return ""
        commits = amendment_commits(self.app, need["id"])
        items = []
        for entry in entries:
            where = f" {commit_of(self.app, commits[entry])}" if entry in commits else ""
            items.append(f"<li>Amended on {escape(entry.date)} by {self.link(entry.who)} because "
                         f"{self.text_with_references(entry.why)}{where}</li>")
        return (f'<div class="dmlog-amendments"><p class="dmlog-subhead"><strong>Amendments '
                f'({len(items)})</strong></p><ul>{"".join(items)}</ul></div>')

    def backlinks(self, need: Need) -> str:
        """What links to the record, in the sections the schema declares for its type."""
        html = ""
        for section in schema.BACKLINKS.get(need["type"], ()):
            if section.via:  # one section per record naming this one, e.g. each group
                for other_id in need.get(f"{section.via}_back") or []:
                    if (other := self.needs.get(other_id)) is not None:
                        self.cards.add(other_id)
                        html += self._backlink_section(section, other, other["title"])
            else:
                html += self._backlink_section(section, need)
        return html

    def _backlink_section(self, section: schema.BackLinks, need: Need, title: str = "") -> str:
        ids = [i for link in section.links for i in need.get(f"{link}_back") or []]
        if not section.columns:
            return self._fact_line(section.title, sorted(set(ids)))
        rows = self.rows(dict.fromkeys(ids))
        if section.record_type:
            rows = [n for n in rows if n["type"] == section.record_type]
        if section.state:
            rows = [n for n in rows if schema.is_open(n) == (section.state == "open")]
        return self.section(section.title.format(title=title), rows, section.columns,
                            empty=section.empty)

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
