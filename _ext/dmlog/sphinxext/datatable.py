"""Interactive record tables: the rows as JSON data that ``static/dmlog-table.js``
draws one page at a time (sorting, filters, search, column toggles, CSV), and the
whole table as HTML inside ``<noscript>`` for readers without JavaScript (drawn by
:meth:`dmlog.sphinxext.html.Renderer.table`).

A 5,000-row table as HTML is megabytes the browser must parse and lay out before
the page is usable; as data it is a fraction of that, and only the rows on screen
become elements. The decision log, the action tracker, the indexes and
``{dmlog-table}`` are drawn this way (:func:`interactive`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from dmlog import schema
from dmlog.log import spreadsheet
from dmlog.log.model import Record
from dmlog.sphinxext.html import CellFunction, Renderer

#: Columns a reader can filter by, and how: by value, or by the year of a date.
FILTERS = {"status": "value", "owner": "value", schema.MEETING: "value", schema.MILESTONE: "value",
           "date": "year", "due": "year"}
_DATES = ("date", "due", "closed")
_TABLES = "dmlog_datatables"  # how many the page has, for unique CSV names


def kind_of(column: str) -> str:
    if column in ("id", "title", "status"):
        return column
    if column in schema.LINKS:
        return "links"
    return "date" if column in _DATES else "text"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "records"


@dataclass(frozen=True, kw_only=True)
class Table:
    """What a table shows: its records, their fields as columns, computed columns after
    them (heading -> the cell's HTML), and the columns' headings."""

    records: Sequence[Record]
    columns: Sequence[str]
    extra: Mapping[str, CellFunction] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)

    def column_specs(self) -> list[dict[str, Any]]:
        """Each column as the script reads it: key, heading, kind, how it is filtered."""
        specs: list[dict[str, Any]] = []
        for column in self.columns:
            spec: dict[str, Any] = {"key": column, "title": self.titles.get(column, column),
                                    "kind": kind_of(column)}
            if column in FILTERS:
                spec["filter"] = FILTERS[column]
            if column == "owner":
                spec["people"] = True  # names sorted by surname
            specs.append(spec)
        for column in self.extra:
            specs.append({"key": slug(column), "title": self.titles.get(column, column), "kind": "html"})
        return specs


def table_data(r: Renderer, table: Table, name: str, title: str) -> dict[str, Any]:
    """The table as the script reads it: columns, the pages the rows are on, the
    records the cells link to (title, URL), and one list per row:
    ``[ID, page index, overdue, value of each column...]``."""
    urls: list[str] = []
    url_index: dict[str, int] = {}
    refs: dict[str, list[str]] = {}
    rows = []
    for record in table.records:
        page, _, _anchor = r.uri(record).partition("#")
        if page not in url_index:
            url_index[page] = len(urls)
            urls.append(page)
        r.shown.add(record.id)
        row: list[Any] = [record.id, url_index[page], 1 if r.overdue(record) else 0]
        row += [_value(r, record, column, refs) for column in table.columns]
        for function in table.extra.values():
            value = function(record)
            row.append(value if isinstance(value, (int, float)) else str(value))
        rows.append(row)
    return {"name": name, "title": title, "columns": table.column_specs(), "urls": urls, "refs": refs,
            "rows": rows, "pageSize": 50, "overdue": any(row[2] for row in rows),
            "formulaStarts": spreadsheet.FORMULA_STARTS}


def _value(r: Renderer, record: Record, column: str, refs: dict[str, list[str]]) -> Any:
    """A cell's value (None if empty); the records a links column names go in ``refs``
    (ID -> [title, URL]), each once."""
    if column in schema.LINKS:
        targets = list(r.targets(record, column))
        for target in targets:
            if target not in refs and target in r.by_id:
                r.shown.add(target)
                refs[target] = [r.by_id[target].title, r.uri(r.by_id[target])]
        return targets
    value = ", ".join(record.links("tags")) if column == "tags" else record.get(column)
    return value or None


def embed_json(data: Any) -> str:
    """JSON safe inside a <script> element: no ``</`` or ``<!--`` ends or opens anything;
    ASCII, as the writer leaves dmlog's HTML (:func:`dmlog.sphinxext.html.setup`), which
    a script's text could not be (character references are not read there)."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def render(r: Renderer, table: Table, doctree: nodes.document, static_html: str,
           name: str | None = None, title: str | None = None) -> str:
    """The interactive table, with ``static_html`` (every row) for readers without
    JavaScript. Its CSV is named ``name``, by default after the page (numbered if
    the page has several)."""
    if title is None:
        heading = next(iter(doctree.findall(nodes.title)), None)
        title = heading.astext() if heading is not None else r.docname.rsplit("/", 1)[-1]
    count = doctree.get(_TABLES, 0) + 1
    doctree[_TABLES] = count
    if name is None:
        name = slug(title) + (f"-{count}" if count > 1 else "")
    data = table_data(r, table, name, title)
    return (f'<div class="dmlog-datatable" data-table-name="{escape(name)}">'
            f'<script type="application/json" class="dmlog-table-data">{embed_json(data)}</script>'
            f"<noscript>{static_html}</noscript></div>")


def interactive(r: Renderer, records: Sequence[Record], columns: tuple[str, ...],
                extra: Mapping[str, CellFunction] | None, doctree: nodes.document,
                titles: Mapping[str, str] | None = None) -> str:
    """A table of records drawn interactively in the page ``doctree``, with search,
    filters, sorting, column toggles and CSV; its HTML, every row, is kept for readers
    without JavaScript."""
    extra = extra or {}
    table = Table(records=records, columns=columns, extra=extra, titles=r.headings(columns, extra, titles))
    return render(r, table, doctree, r.table(records, columns, extra, titles))


def setup(app: Sphinx) -> None:
    # deferred scripts run in order: the logic (tested by tests/js) before the page script using it
    app.add_js_file("dmlog-table-logic.js", defer="defer")
    app.add_js_file("dmlog-table.js", defer="defer")
