"""A small picture of a record's trace on its card: a decision → its actions → the
milestones and documents they point to; a meeting → its decisions → their actions; a
milestone ← what tracks it. Nodes are coloured by status and link to the records.

The graphs are at most three columns, so they are laid out here as static SVG
(no layout engine, no process per graph: a log has thousands of them). Measured
against graphviz and matplotlib by ``bench/trace_cost.py``: see the handbook's performance page
(*Trace pictures*) for why this layout stays. Nodes show IDs
and statuses only (never a record's untrusted text), with a text alternative: the
SVG's title, and a label naming every node (a group of links, not an image: an image
may not hold links).
"""

from __future__ import annotations

from html import escape

from dmlog import schema
from dmlog.log.model import Record
from dmlog.sphinxext.html import Renderer

_WIDTH, _HEIGHT, _GAP_X, _GAP_Y = 190, 26, 50, 8
_FILL = {"proposed": "#fff3e0", "flagged": "#fff3e0", "adopted": "#e3f0fb", "implemented": "#e6f4ea",
         "superseded": "#eeeeee", "withdrawn": "#eeeeee", "open": "#e3f0fb", "in-progress": "#fff3e0",
         "done": "#e6f4ea", "cancelled": "#eeeeee"}
_MAX_NODES = 12  # per column: a bigger trace is a table's job


def _layers(r: Renderer, traced: Record) -> tuple[list[list[str]], list[tuple[str, str]]]:
    records, kind = r.by_id, traced.type
    edges: list[tuple[str, str]] = []

    def targets(record: Record) -> list[str]:
        return [i for name in (schema.MILESTONE, schema.DOCUMENT, "produces")
                for i in r.targets(record, name)]

    if kind == schema.DECISION:
        actions = [i for i in r.graph.back(traced.id, schema.DECISION) if i in records]
        ends = list(dict.fromkeys([*targets(traced), *(t for a in actions for t in targets(records[a]))]))
        edges += [(traced.id, a) for a in actions]
        edges += [(traced.id, t) for t in targets(traced)]
        edges += [(a, t) for a in actions for t in targets(records[a])]
        return [[traced.id], actions, ends], edges
    if kind == schema.MEETING:
        outcomes = [i for i in r.graph.back(traced.id, schema.MEETING) if i in records]
        decisions = [i for i in outcomes if records[i].type == schema.DECISION]
        actions = [i for i in outcomes if records[i].type == schema.ACTION]
        for action in actions:
            implemented = [d for d in r.targets(records[action], schema.DECISION) if d in decisions]
            edges += [(d, action) for d in implemented]  # the others: the meeting's own
        edges += [(traced.id, d) for d in decisions]
        return [[traced.id], decisions, actions], edges
    if kind == schema.MILESTONE:
        tracking = [i for i in r.graph.back(traced.id, schema.MILESTONE) if i in records]
        decisions = [i for i in tracking if records[i].type == schema.DECISION]
        actions = [i for i in tracking if records[i].type == schema.ACTION]
        for action in actions:
            for decision in r.targets(records[action], schema.DECISION):
                if decision in records and decision not in decisions:
                    decisions.append(decision)
            edges.append((action, traced.id))
        edges += [(d, traced.id) for d in decisions if d in tracking]
        edges += [(d, a) for a in actions for d in r.targets(records[a], schema.DECISION) if d in decisions]
        return [decisions, actions, [traced.id]], edges
    return [], []


def trace_graph(r: Renderer, traced: Record) -> str:
    """The card's trace as SVG, or "" when it has nothing to trace."""
    layers, edges = _layers(r, traced)
    # links to records the log does not have (a refused registry entry) are left out
    layers = [kept[:_MAX_NODES] for layer in layers if (kept := [i for i in layer if i in r.by_id])]
    if len(layers) < 2 or not edges:  # nothing links to anything
        return ""
    position = {}
    for column, layer in enumerate(layers):
        for row, node_id in enumerate(layer):
            position[node_id] = (column * (_WIDTH + _GAP_X), row * (_HEIGHT + _GAP_Y))
    width = len(layers) * _WIDTH + (len(layers) - 1) * _GAP_X
    height = max(len(layer) for layer in layers) * (_HEIGHT + _GAP_Y) - _GAP_Y
    parts = []
    for source, target in edges:
        if source in position and target in position:
            (x1, y1), (x2, y2) = position[source], position[target]
            if x1 > x2:
                (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
            parts.append(f'<line x1="{x1 + _WIDTH}" y1="{y1 + _HEIGHT / 2}" x2="{x2}" '
                         f'y2="{y2 + _HEIGHT / 2}" class="dmlog-trace-edge"/>')
    names = []
    for node_id, (x, y) in position.items():
        record = r.by_id[node_id]
        status = record.get("status")
        overdue = r.overdue(record)
        # IDs and statuses only: they follow the schema's patterns, while titles are
        # untrusted text that has no place inside an SVG
        shown_as = f"{node_id} · {status}" if status else node_id
        names.append(f"{node_id} ({status or record.type}{', overdue' if overdue else ''})")
        r.shown.add(node_id)
        href = r.uri(record)
        parts.append(
            f'<a href="{escape(href)}"><title>{escape(names[-1])}</title>'
            f'<rect x="{x}" y="{y}" width="{_WIDTH}" height="{_HEIGHT}" rx="4" '
            f'fill="{_FILL.get(status, "#f5f5f5")}" class="dmlog-trace-node'
            f'{" dmlog-trace-overdue" if overdue else ""}"/>'
            f'<text x="{x + 6}" y="{y + 17}">{escape(shown_as)}</text></a>')
    what = {schema.DECISION: "decision, its actions, and their milestones and documents",
            schema.MEETING: "meeting, its decisions and their actions",
            schema.MILESTONE: "records that track this milestone"}[traced.type]
    alt = f"Trace of the {what}: " + "; ".join(names) + "."
    return (f'<figure class="dmlog-trace"><svg xmlns="http://www.w3.org/2000/svg" role="group" '
            f'aria-label="{escape(alt)}" viewBox="-1 -1 {width + 2} {height + 2}" width="{width + 2}" '
            f'height="{height + 2}"><title>{escape(alt)}</title>{"".join(parts)}</svg></figure>')
