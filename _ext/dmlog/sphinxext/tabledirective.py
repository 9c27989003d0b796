"""``{dmlog-table}``: a table of records written into any page, chosen by the filter
language (:mod:`dmlog.log.query`), with computed columns, sorting and grouping.

The options are read and checked when the page is read, so a mistake fails the build
at the directive's file and line; the rows are chosen when the page is written, from
the whole log, and drawn by the one table function of the site
(:meth:`dmlog.sphinxext.html.Renderer.table`, drawn interactively by
:mod:`dmlog.sphinxext.datatable`).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from dmlog import schema
from dmlog.log import query
from dmlog.log.model import Record
from dmlog.log.names import NameIndex, UnknownName, filter_with_ids
from dmlog.log.tablespec import COMPUTED_COLUMNS, Facts, TableError, TableSpec, grouped, ordered, read_spec
from dmlog.sphinxext import datatable, state
from dmlog.sphinxext.card import gap_badges
from dmlog.sphinxext.html import COLUMN_TITLES, Renderer, raw
from dmlog.sphinxext.incremental import TODAY_KIND

logger = logging.getLogger(__name__)


class table_node(nodes.General, nodes.Element):
    """Where a table goes; filled in when the page is written."""


class TableDirective(SphinxDirective):
    option_spec: ClassVar[dict[str, Any]] = {"types": directives.unchanged, "filter": directives.unchanged,
                   "columns": directives.unchanged, "sort": directives.unchanged,
                   "group-by": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        try:
            spec = read_spec(self.options)
        except TableError as err:
            raise self.error(f"dmlog-table: {err}") from None
        node = table_node(spec=spec)
        self.set_source_info(node)
        return [node]


def render(r: Renderer, node: table_node, doctree: nodes.document, facts: Facts) -> set[str]:
    """Fill in the table; returns the record types the page now depends on."""
    spec: TableSpec = node["spec"]
    candidates = [record for kind in spec.types for record in r.by_type.get(kind, [])]
    try:  # owner == "Kian-Tat Lim": the ID the name names, read against today's registry
        selection, _ = filter_with_ids(spec.filter, NameIndex(state.of(r.app).registry.values()))
    except UnknownName as err:
        logger.warning(f"dmlog-table: :filter: {err}", location=node, type="dmlog", subtype="table")
        selection = spec.filter
    chosen = [record for record in candidates
              if query.matches(selection, record, facts.context)]
    chosen = ordered(chosen, spec.sort, facts)
    cells = {column: _cell_function(r, facts, column) for column in spec.columns}
    titled = {_title(column): function for column, function in cells.items()}
    if not chosen:
        html = '<p class="dmlog-empty">No records match this table\'s filter.</p>'
    elif spec.group_by is None:
        html = datatable.interactive(r, chosen, (), titled, doctree)
    else:
        parts = []
        groups = grouped(chosen, spec.group_by, facts)
        # groups named by a record (an owner, a meeting) in the order of their names
        groups.sort(key=lambda g: (g[0] == "", (r.by_id[g[0]].title if g[0] in r.by_id else g[0]).lower()))
        for value, records in groups:
            label = (r.link(value) if value in r.by_id else escape(value or f"(no {spec.group_by})"))
            parts.append(f'<p class="dmlog-group-head">{label} — {len(records)}</p>')
            parts.append(r.table(records, (), titled))
        html = "".join(parts)
    node.replace_self(raw(f'<div class="dmlog-table-block">{html}</div>', "no-search"))
    return spec.reads() | ({TODAY_KIND} if spec.reads_today else set())


def _title(column: str) -> str:
    if column in COMPUTED_COLUMNS:
        return COMPUTED_COLUMNS[column][0]
    return COLUMN_TITLES.get(column, column.replace("-", " ").capitalize())


def _cell_function(r: Renderer, facts: Facts, column: str) -> Callable[[Record], str]:
    """What a cell of ``column`` shows of a record."""
    if column == "actions":
        def actions(record: Record) -> str:
            return "<br>".join(f"{r.id_link(a)} {r.status(a)}" for a in facts.related_actions(record))
        return actions
    if column in ("open", "age", "last-change"):
        return lambda record: _text(facts.sort_value(record, column))
    if column == "overdue":
        def overdue(record: Record) -> str:
            if record.type == schema.ACTION:
                return ('<span class="dmlog-status dmlog-overdue">overdue</span>'
                        if r.overdue(record) else "")
            return _text(facts.sort_value(record, "overdue"))
        return overdue
    if column in ("milestones", "documents"):
        links = {"milestones": (schema.MILESTONE,), "documents": (schema.DOCUMENT, "produces")}[column]
        return lambda record: r.links(facts.linked(record, *links))
    if column == "gaps":
        return lambda record: gap_badges(facts.gaps.get(record.id, set()))
    if column in schema.FIELDS and schema.FIELDS[column].kind == "list":
        return lambda record: escape(", ".join(query.values(record, column)))
    return lambda record: r.cell(record, column)


def _text(value: Any) -> str:
    return "" if value is None else escape(str(value))
