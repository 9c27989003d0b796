"""What needs attention, on the site: the facts tables and gaps read (made once per
build) and the "Needs attention" view (the marks on a card: :mod:`dmlog.sphinxext.card`).

The rules are :mod:`dmlog.log.gaps`, shared with ``dmlog list --gaps``.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from docutils import nodes
from sphinx.application import Sphinx

from dmlog import schema
from dmlog.log import gaps as gap_rules
from dmlog.log import query
from dmlog.log.graph import Graph
from dmlog.log.tablespec import Facts
from dmlog.sphinxext import needs, reconcile, state
from dmlog.sphinxext.html import Renderer, raw

#: Columns of each gap's list, by the type the gap applies to.
_COLUMNS = {schema.DECISION: ("id", "title", "status", "owner", "date", schema.MEETING),
            schema.ACTION: ("id", "title", "status", "owner", "due", schema.DECISION)}


def make_facts(app: Sphinx, today: dt.date) -> Facts:
    """The reader's records that are records of the site (the first of each ID that
    sphinx-needs made a record of too), their links both ways, and their gaps."""
    build = state.of(app)
    records = reconcile.site_records(app, needs.resolved_needs(app))
    graph = Graph.of(records.values())
    last_change = build.last_change
    found = gap_rules.Finder(records.values(), today, last_change or None, graph=graph).all()
    context = query.Context(today, graph.groups(), lambda r: found.get(r.id, set()))
    return Facts(records, graph, today, context, found, last_change)


def needs_attention(r: Renderer, _node: nodes.Element, _doctree: nodes.document) -> list[nodes.Node]:
    """One list per gap rule, with the records it finds."""
    facts = r.facts()
    html = []
    for gap in gap_rules.GAPS.values():
        found = sorted((rec for rec in r.by_type.get(gap.type, [])
                        if gap.name in facts.gaps.get(rec.id, ())), key=lambda n: n.id)
        html.append(f'<section id="gap-{gap.name}"><p class="dmlog-subhead"><strong>'
                    f"{escape(gap.title)} ({len(found)})</strong></p>"
                    f'<p class="dmlog-detail">{escape(gap.description[0].upper() + gap.description[1:])}.'
                    f" Filter: <code>{escape(gap.name)}</code></p>")
        if found:
            html.append(r.table(found, _COLUMNS[gap.type]))
        else:
            html.append('<p class="dmlog-empty">None.</p>')
        if gap.name == "stale" and not state.of(r.app).last_change:
            html.append('<p class="dmlog-empty">History from git is unavailable in this build, '
                        "so staleness is not judged.</p>")
        html.append("</section>")
    return [raw("".join(html), "no-search")]
