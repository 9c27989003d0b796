"""``{dmlog-view} traceability``: each decision beside what carries it out, and what
tracks each milestone and refers to each document, with the open and overdue share.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from docutils import nodes

from dmlog import schema
from dmlog.log.model import Record
from dmlog.sphinxext import datatable
from dmlog.sphinxext.card import gap_badges
from dmlog.sphinxext.html import Renderer, raw


def _action_line(r: Renderer, action: Record) -> str:
    owners = ", ".join(r.link(o) for o in r.targets(action, "owner"))
    due = escape(action.get("due") or "no due date")
    return f'{r.id_link(action)} {r.status(action)} {owners} <span class="dmlog-detail">{due}</span>'


def _share(part: int, whole: int) -> str:
    return f"{part} ({round(100 * part / whole)}%)" if whole else "0"


def _links_to(kind: schema.RecordType, target: str) -> tuple[str, ...]:
    """The links by which records of ``kind`` name records of type ``target``."""
    return tuple(name for name in kind.options if name in schema.LINKS
                 and target in schema.LINKS[name].targets)


def _naming(r: Renderer, kind: schema.RecordType, target: str) -> Callable[[Record], str]:
    """The cell listing the records of ``kind`` that name a record of type ``target``."""
    links = _links_to(kind, target)
    return lambda t: r.links(sorted({i for link in links for i in r.graph.back(t.id, link)
                                     if i in r.by_id and r.by_id[i].type == kind.name})) or "—"


def traceability(r: Renderer, _node: nodes.Element, doctree: nodes.document) -> list[nodes.Node]:
    facts = r.facts()
    decisions = sorted(r.by_type.get(schema.DECISION, []), key=lambda n: n.id)
    html = ['<p class="rubric" id="decisions-and-actions">Decisions and their actions</p>']
    columns = ("id", "title", "status", "owner", "date", schema.MEETING)
    html.append(datatable.interactive(r, decisions, columns, {
        "Implementing actions": lambda d: "<br>".join(
            _action_line(r, a) for a in facts.related_actions(d)) or "—",
        "Milestones": lambda d: r.links(facts.linked(d, schema.MILESTONE)),
        "Documents": lambda d: r.links(facts.linked(d, schema.DOCUMENT, "produces")),
        # the records of a log's own types that name the decision (its risks)
        **{kind.heading: _naming(r, kind, schema.DECISION) for kind in schema.numbered_types()
           if kind.custom and _links_to(kind, schema.DECISION)},
        "Needs attention": lambda d: gap_badges(facts.gaps.get(d.id, set())),
    }, doctree))

    def matrix(kind: str, links: tuple[str, ...], anchor: str, title: str) -> None:
        targets = sorted(r.by_type.get(kind, []), key=lambda n: n.id)
        html.append(f'<p class="rubric" id="{anchor}">{escape(title)}</p>')
        if not targets:
            html.append(f'<p class="dmlog-empty">No {kind}s in the registry.</p>')
            return

        def items(target: Record) -> list[Record]:
            ids = {i for link in links for i in r.graph.back(target.id, link)}
            return [r.by_id[i] for i in sorted(ids) if i in r.by_id]

        def count(kind_: str) -> Callable[[Record], int]:
            return lambda t: sum(n.type == kind_ for n in items(t))

        def open_share(t: Record) -> str:
            actions = [n for n in items(t) if n.type == schema.ACTION]
            return _share(sum(schema.is_open(a) for a in actions), len(actions))

        def overdue_share(t: Record) -> str:
            actions = [n for n in items(t) if n.type == schema.ACTION]
            return _share(sum(map(r.overdue, actions)), len(actions))

        html.append(r.table(targets, ("id", "title"), {
            **{kind.heading: count(kind.name) for kind in schema.numbered_types()},
            "Open actions": open_share, "Overdue actions": overdue_share,
            "Records": lambda t: ", ".join(r.id_link(n) for n in items(t)) or "—",
        }))

    matrix(schema.MILESTONE, (schema.MILESTONE,), "milestones-by-record",
           "Milestones × records: what tracks each")
    matrix(schema.DOCUMENT, (schema.DOCUMENT, "produces"), "documents-by-record",
           "Documents × records: what refers to or produces each")
    return [raw("".join(html), "no-search")]
