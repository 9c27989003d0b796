"""The HTML primitives of the site: raw HTML nodes, and the page renderer's links,
status marks and record tables, below the card (:mod:`dmlog.sphinxext.card`) and the
features (views, tables, feeds) that draw with them. Nothing here imports a feature.

sphinx-needs' default card (a grid drawn through its layout engine) is most of a
build's cost, and so are tables built as docutils nodes, one node per cell. dmlog
writes the card's facts and its tables as HTML directly; only a record's own text
goes through docutils.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from html import escape, unescape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from dmlog import schema
from dmlog.log.graph import Graph
from dmlog.log.model import Record
from dmlog.log.references import find_references
from dmlog.log.tablespec import Facts
from dmlog.sphinxext import incremental, state

#: a computed column: the record -> its cell's HTML (or a number)
CellFunction = Callable[[Record], Any]

#: Column titles: the schema's labels.
COLUMN_TITLES = schema.LABELS


#: Columns whose values are short codes, kept on one line.
_SHORT_COLUMNS = ("id", "status", "date", "due", "closed")
_NOWRAP = ' class="dmlog-nowrap"'


def raw(html: str, *classes: str) -> nodes.raw:
    return nodes.raw("", html, format="html", classes=["dmlog-html", *classes])


def _visit_raw(translator: Any, node: nodes.raw) -> None:
    """The HTML writer's visit of a raw node, dmlog's HTML written as ASCII (every other
    character as a character reference: the page shows the same text). A page's HTML is
    joined and copied several times as it is written; one character beyond Latin-1 in
    it makes every copy take two bytes a character, and the views' pages are several MB
    of dmlog's HTML (writing the action tracker's, 4 MB, was the build's peak of memory).
    The doctree keeps the text as it was (Sphinx's search index reads it there)."""
    # a Text node is a string: asking it whether it is ASCII costs nothing
    if "dmlog-html" in node["classes"] and not all(
            isinstance(text, str) and text.isascii() for text in node.children):
        written = node.copy()
        written += nodes.Text(node.astext().encode("ascii", "xmlcharrefreplace").decode("ascii"))
        written.parent = node.parent  # the writer wraps it as it would the node
        node = written
    type(translator).visit_raw(translator, node)


def setup(app: Sphinx) -> None:
    app.add_node(nodes.raw, override=True, html=(_visit_raw, None))


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


class _TypesRead(Mapping[str, list[Record]]):
    """The records of each type, noting which types a view reads."""

    def __init__(self, by_type: dict[str, list[Record]], renderer: Renderer) -> None:
        self._by_type = by_type
        self._renderer = renderer

    def __getitem__(self, kind: str) -> list[Record]:
        self._renderer.read(kind)
        return self._by_type[kind]

    def __iter__(self) -> Iterator[str]:
        self._renderer.read("*")  # every type
        return iter(self._by_type)

    def __len__(self) -> int:
        return len(self._by_type)


class Renderer:
    """Renders the log's records (:class:`dmlog.log.model.Record`, with their links both
    ways from the graph) for one page, and remembers which records the page shows
    and which record types its views read (what the incremental build needs to
    know to rewrite it when they change)."""

    def __init__(self, app: Sphinx, docname: str, facts: Facts, pages: Mapping[str, str],
                 shown: set[str], cards: set[str]) -> None:
        self.app = app
        self.docname = docname
        self._facts = facts
        self.by_id = facts.records
        self.by_type: Mapping[str, list[Record]] = _TypesRead(facts.by_type, self)
        self.pages = pages  # record ID -> the page showing it
        self.shown = shown  # records whose fields the page shows
        self.cards = cards  # records whose back-links the page shows
        self._reads: set[str] | None = None  # types read by the view being drawn
        settings = state.of(app).settings
        self.jira_url = settings.jira_url
        self.patterns = settings.reference_patterns
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

    def records(self, kind: str) -> list[Record]:
        """Every record of a type."""
        return self.by_type.get(kind, [])

    def back(self, record: Record, link: str) -> list[Record]:
        """The records whose ``link`` names ``record``: a view reading them reads every
        type that may carry the link (a new record of one may join them)."""
        self.read(*schema.link_sources(link))
        return self.rows(self.graph.back(record.id, link))

    def count_back(self, record: Record, link: str, kind: str = "") -> int:
        """How many records' ``link`` names ``record`` (of type ``kind`` if given): a view
        counting them reads only who links to whom (:func:`incremental.links_kind`), and
        is not drawn again when another field of one of them changes."""
        self.read(*map(incremental.links_kind, schema.link_sources(link)))
        return sum(1 for i in self.graph.back(record.id, link, kind) if i in self.by_id)

    def targets(self, record: Record, link: str) -> tuple[str, ...]:
        """The IDs the record's ``link`` names, sorted, as its card and rows list them."""
        return self.graph.targets(record.id, link)

    def overdue(self, record: Record) -> bool:
        return record.id in self._facts.overdue

    @property
    def graph(self) -> Graph:
        """Who links to whom, in the log the reader read (made when writing starts)."""
        return self._facts.graph

    def facts(self) -> Facts:
        """What tables and gaps read beyond the records; they are found over the whole log."""
        self.read("*")
        return self._facts

    # -- links ---------------------------------------------------------------
    def uri(self, record: Record) -> str:
        docname = self.pages[record.id]
        if docname not in self._uris:
            self._uris[docname] = ("" if docname == self.docname else
                                   self.app.builder.get_relative_uri(self.docname, docname))
        return f"{self._uris[docname]}#{record.id}"

    def link(self, record_id: str, text: str | None = None) -> str:
        """A link to a record, showing its title (or name); the bare ID if unknown."""
        self.shown.add(record_id)
        record = self.by_id.get(record_id)
        if record is None:
            return f"<code>{escape(record_id)}</code>"
        return (f'<a class="reference internal" href="{escape(self.uri(record))}" '
                f'title="{escape(record_id)}: {escape(record.title)}">'
                f'{escape(text or record.title)}</a>')

    def id_link(self, record: Record) -> str:
        self.shown.add(record.id)
        return (f'<a class="reference internal dmlog-id" href="{escape(self.uri(record))}">'
                f'<code>{escape(record.id)}</code></a>')

    def links(self, ids: Iterable[str], with_id: bool = False) -> str:
        parts = []
        for record_id in ids:
            prefix = (self.id_link(self.by_id[record_id]) + " "
                      if with_id and record_id in self.by_id else "")
            parts.append(prefix + self.link(record_id))
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

    def status(self, record: Record) -> str:
        """The record's status and overdue marks."""
        html = ""
        if status := record.get("status"):
            html = f'<span class="dmlog-status dmlog-status-{escape(status)}">{escape(status)}</span>'
        if self.overdue(record):
            html += ' <span class="dmlog-status dmlog-overdue">overdue</span>'
        return html

    def rows(self, ids: Iterable[str] | None) -> list[Record]:
        return sorted((self.by_id[i] for i in ids or () if i in self.by_id),
                      key=lambda n: (n.type, n.id))

    # -- tables --------------------------------------------------------------
    def headings(self, columns: Iterable[str], extra: Mapping[str, CellFunction] | None = None,
                 titles: Mapping[str, str] | None = None) -> dict[str, str]:
        """Column headings: the schema's labels, the computed columns' names, ``titles`` over them."""
        return {c: COLUMN_TITLES.get(c, c) for c in (*columns, *(extra or {}))} | dict(titles or {})

    def table(self, records: Iterable[Record], columns: tuple[str, ...],
              extra: Mapping[str, CellFunction] | None = None,
              titles: Mapping[str, str] | None = None) -> str:
        """A table of records as HTML; ``extra``: computed columns; ``titles`` overrides
        column headings. (An interactive table, drawn from JSON data, keeps this as
        its version without JavaScript: :mod:`dmlog.sphinxext.datatable`.)"""
        extra = extra or {}
        headings = self.headings(columns, extra, titles)
        head = "".join(f'<th scope="col" data-col="{c}">{escape(headings[c])}</th>' for c in columns)
        head += "".join(f'<th scope="col">{escape(headings[c])}</th>' for c in extra)
        rows = []
        for record in records:
            self.shown.add(record.id)
            overdue = ' class="dmlog-row-overdue"' if self.overdue(record) else ""
            cells = "".join(f"<td{_NOWRAP if c in _SHORT_COLUMNS else ''}>{self.cell(record, c)}</td>"
                            for c in columns)
            cells += "".join(f"<td>{function(record)}</td>" for function in extra.values())
            rows.append(f'<tr data-need-id="{escape(record.id)}"{overdue}>{cells}</tr>')
        return ('<div class="dmlog-table-scroll pst-scrollable-table-container">'
                f'<table class="table dmlog-table"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table></div>')

    def cell(self, record: Record, column: str) -> str:
        if column == "id":
            return self.id_link(record)
        if column == "title":
            return self.link(record.id)
        if column == "status":
            return self.status(record)
        if column in schema.LINKS:
            return self.links(self.targets(record, column))
        if column == "tags":
            return escape(", ".join(record.links("tags")))
        return escape(record.get(column))
