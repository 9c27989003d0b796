"""``{dmlog-review}``: the review pack in a page of the site (:mod:`dmlog.log.review`).

``:since:`` and ``:until:`` are checked when the page is read: a value that is
neither a date nor a git ref fails the build at the directive's file and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from dmlog import schema
from dmlog.log import review as packs
from dmlog.log.model import Record
from dmlog.sphinxext import state
from dmlog.sphinxext.history import HISTORY_KIND, commit_link
from dmlog.sphinxext.html import CellFunction, Renderer, raw
from dmlog.sphinxext.incremental import TODAY_KIND

_COLUMNS = ("id", "title", "status", "owner")


class review_node(nodes.General, nodes.Element):
    """Where a review pack goes; filled in when the page is written."""


class ReviewDirective(SphinxDirective):
    option_spec: ClassVar[dict[str, Any]] = {
        "since": directives.unchanged_required, "until": directives.unchanged,
        "next": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir)
        if "since" not in self.options:
            raise self.error("dmlog-review: give :since: a date (YYYY-MM-DD) or a git ref")
        bounds: dict[str, str | None] = {}
        for option in ("since", "until", "next"):
            value = (self.options.get(option) or "").strip()
            try:
                bounds[option] = (packs.resolve_bound(value, root, f":{option}:").isoformat()
                                  if value else None)
            except packs.ReviewError as err:
                raise self.error(f"dmlog-review: {err}") from None
        node = review_node(**bounds)
        self.set_source_info(node)
        return [node]


def _change(r: Renderer, items: Iterable[packs.Item]) -> CellFunction:
    """The cell saying what changed for each record of a section (and its commit)."""
    notes = {item.id: item for item in items}

    def cell(record: Record) -> str:
        item = notes[record.id]
        return escape(item.note) + (f" ({commit_link(r.app, item.commit)})" if item.commit else "")
    return cell


def render(r: Renderer, node: review_node, today: dt.date) -> set[str]:
    """Fill in the pack; returns what the page depends on (records and history)."""
    build = state.of(r.app)
    found = build.history
    if found is None:
        node.replace_self(raw(f'<p class="dmlog-empty">{escape(build.history_note)} '
                              "The review pack needs it.</p>"))
        return {kind.name for kind in schema.numbered_types()}
    facts = r.facts()
    since = dt.date.fromisoformat(node["since"])
    until = dt.date.fromisoformat(node["until"]) if node["until"] else today
    following = dt.date.fromisoformat(node["next"]) if node["next"] else None
    window = packs.Window(since=since, until=until, today=today, next_review=following)
    pack = packs.make_pack(facts.records, found, window, facts.gaps)
    html = [f'<p class="dmlog-detail">From {since.isoformat()} to {until.isoformat()}; '
            f"the next review on {pack.next_review.isoformat()}.</p>"]
    for section in pack.sections:
        html.append(f'<section id="review-{section.key}"><p class="dmlog-subhead"><strong>'
                    f"{escape(section.title)} ({len(section.items)})</strong></p>")
        if section.items:
            html.append(r.table([r.by_id[i.id] for i in section.items], _COLUMNS,
                                {"Change": _change(r, section.items)}))
        else:
            html.append('<p class="dmlog-empty">None.</p>')
        html.append("</section>")
    node.replace_self(raw("".join(html), "no-search"))
    # what is overdue, due before the next review or stale is judged against today
    return {*(kind.name for kind in schema.numbered_types()), schema.GROUP, HISTORY_KIND, TODAY_KIND}
