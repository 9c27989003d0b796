"""What needs attention, on the site: the facts tables and gaps read (made once per
build), the "Needs attention" view, and the gaps a card is flagged with.

The rules are :mod:`dmlog.log.gaps`, shared with ``dmlog list --gaps``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from dmlog.log import gaps as gap_rules
from dmlog.log import query
from dmlog.log.tables import Facts
from dmlog.sphinxext import state
from dmlog.sphinxext.cards import LogSnapshot, Renderer, raw
from dmlog.sphinxext.views import VIEWS, view_node

#: Columns of each gap's list, by the type the gap applies to.
_COLUMNS = {"decision": ("id", "title", "status", "owner", "date", "meeting"),
            "action": ("id", "title", "status", "owner", "due", "decision")}


def make_facts(app: Sphinx, log: LogSnapshot, today: dt.date) -> Facts:
    records = log.records
    last_change = state.of(app).last_change
    finder = gap_rules.Finder(records.values(), today, last_change or None)
    found = finder.all()
    context = query.Context(today, finder.members, lambda r: found.get(r["id"], set()))
    return Facts(records, today, context, found, last_change)


def facts_of(r: Renderer) -> Facts:
    r.read("*")  # the gaps are found over the whole log
    facts = state.of(r.app).facts
    assert facts is not None, "write-started makes the facts"
    return facts


def card_flags(app: Sphinx, need: Mapping[str, Any]) -> str:
    """The gaps of a record, as marks beside its status on its card."""
    from dmlog.sphinxext.tables import gap_badges

    facts = state.of(app).facts
    return gap_badges(facts.gaps.get(need["id"], set())) if facts else ""


def needs_attention(r: Renderer, node: view_node, doctree: nodes.document) -> list[nodes.Node]:
    """One list per gap rule, with the records it finds."""
    facts = facts_of(r)
    html = []
    for gap in gap_rules.GAPS.values():
        found: list[Any] = sorted((rec for rec in r.by_type.get(gap.type, [])
                        if gap.name in facts.gaps.get(rec["id"], ())), key=lambda n: n["id"])
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


VIEWS["needs-attention"] = needs_attention
