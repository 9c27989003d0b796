"""The views of the log as a whole (``{dmlog-view} <name>``, :mod:`dmlog.sphinxext.views`):
the home page's figures and latest items, the decision log, the action tracker, the
indexes of meetings, people, milestones and documents, and the schema's reference.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from docutils import nodes

from dmlog import schema
from dmlog.log import layout
from dmlog.log.model import Record
from dmlog.sphinxext import datatable, state
from dmlog.sphinxext.html import Renderer, raw


def _newest_first(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda n: (n.get("date"), n.id), reverse=True)


def _open_actions(r: Renderer) -> list[Record]:
    """Open actions, overdue ones first, then by due date and ID."""
    actions = [n for n in r.records(schema.ACTION) if schema.is_open(n)]
    return sorted(actions, key=lambda n: (not r.overdue(n), schema.due_date(n.get("due")) is None,
                                          n.get("due"), n.id))


def summary(r: Renderer, _node: nodes.Element, _doctree: nodes.document) -> list[nodes.Node]:
    """The home page's figures, each a link to the list it counts (where the site has it)."""
    decisions, actions = r.records(schema.DECISION), r.records(schema.ACTION)
    open_actions = [n for n in actions if schema.is_open(n)]
    overdue = [n for n in open_actions if r.overdue(n)]
    active = [n for n in decisions if n.get("status") in schema.DECISION_IN_FORCE]
    facts = state.of(r.app).facts
    gaps = facts.gaps if facts is not None else {}
    per_gap: dict[str, int] = {}
    for found in gaps.values():
        for name in found:
            per_gap[name] = per_gap.get(name, 0) + 1

    def to(docname: str, anchor: str = "") -> str | None:
        if docname not in r.app.env.found_docs:
            return None
        return r.app.builder.get_relative_uri(r.docname, docname) + (f"#{anchor}" if anchor else "")

    def linked(text: str, uri: str | None) -> str:
        return f'<a class="reference internal" href="{escape(uri)}">{text}</a>' if uri else text

    def listed(kind: str) -> str | None:
        return to(f"{layout.PAGES}/{schema.TYPES[kind].plural}")

    def own_type(kind: schema.RecordType) -> tuple[int, str, str, str | None, None]:
        """A log's own type: how many records, and how many are still open."""
        records = r.records(kind.name)
        still_open = sum(kind.is_open(n.get("status") or "") for n in records)
        detail = f"{still_open} open" if kind.statuses else ""
        return len(records), kind.plural, detail, listed(kind.name), None

    figures = [
        (len(decisions), "decisions", f"{len(active)} in force", listed(schema.DECISION), None),
        (len(open_actions), "open actions", f"{len(overdue)} overdue", listed(schema.ACTION),
         to("docs/attention", "gap-overdue")),
        (len(actions) - len(open_actions), "actions closed", "done or cancelled",
         listed(schema.ACTION), None),
        *(own_type(kind) for kind in schema.numbered_types() if kind.custom),
        (len(gaps), "records need attention", " · ".join(
            linked(f"{count} {escape(name)}", to("docs/attention", f"gap-{name}"))
            for name, count in sorted(per_gap.items())) or "none", to("docs/attention"), ""),
        (len(r.records(schema.MEETING)), "meetings", "", to("docs/meetings/index"), None),
        (len(r.records(schema.PERSON)), "people", "", to("docs/people/index"), None),
    ]
    boxes = "".join(
        f'<div class="dmlog-figure"><p class="dmlog-number"><strong>{linked(str(number), uri)}'
        f'</strong></p><p class="dmlog-label">{linked(label, uri)}</p>'
        + (f'<p class="dmlog-detail">{linked(detail, detail_uri) if detail_uri != "" else detail}'
           "</p>" if detail else "") + "</div>"
        for number, label, detail, uri, detail_uri in figures)
    return [raw(f'<div class="dmlog-summary">{boxes}</div>', "no-search")]


def _empty(text: str) -> list[nodes.Node]:
    return [nodes.paragraph("", text, classes=["dmlog-empty"])]


def latest_decisions(r: Renderer, node: nodes.Element, _doctree: nodes.document) -> list[nodes.Node]:
    records = _newest_first(r.records(schema.DECISION))[: node["limit"] or 10]
    if not records:
        return _empty("No decisions recorded yet.")
    return [raw(r.table(records, ("id", "title", "status", "date", "owner")), "no-search")]


def open_actions(r: Renderer, node: nodes.Element, _doctree: nodes.document) -> list[nodes.Node]:
    records = _open_actions(r)
    if node["limit"]:
        records = records[: node["limit"]]
    if not records:
        return _empty("No open actions.")
    return [raw(r.table(records, ("id", "title", "status", "owner", "due")), "no-search")]


def latest_meeting(r: Renderer, _node: nodes.Element, _doctree: nodes.document) -> list[nodes.Node]:
    meetings = _newest_first(r.records(schema.MEETING))
    if not meetings:
        return _empty("No meetings recorded yet.")
    meeting = meetings[0]
    outcomes = r.back(meeting, schema.MEETING)
    counts = ", ".join(kind.counted(sum(n.type == kind.name for n in outcomes))
                       for kind in schema.numbered_types())  # a meeting's records, of each type
    return [raw(f"<p>{r.link(meeting.id)} ({escape(meeting.get('date'))}): {counts}.</p>",
                "no-search")]


def decision_log(r: Renderer, _node: nodes.Element, doctree: nodes.document) -> list[nodes.Node]:
    records = _newest_first(r.records(schema.DECISION))
    return [raw(datatable.interactive(r, records, ("id", "title", "status", "date", schema.MEETING, "owner",
                                                 "tags"), None, doctree), "no-search")]


def surname_key(name: str) -> tuple[str, str]:
    """People sorted by surname ("Kian-Tat Lim" under L); a group by its whole name."""
    words = name.split()
    return ((words[-1] if words else "").lower(), name.lower())


def action_tracker(r: Renderer, _node: nodes.Element, doctree: nodes.document) -> list[nodes.Node]:
    """Open actions in one table (owner and overdue filters, CSV), overdue ones first,
    with an index of owners by surname to jump to; finished ones apart. Without
    JavaScript the open actions are grouped by owner under the index's anchors."""
    open_actions = _open_actions(r)
    by_owner: dict[str, list[Record]] = {}
    for action in open_actions:
        for owner in r.targets(action, "owner") or ("(no owner)",):
            by_owner.setdefault(owner, []).append(action)

    def owner_key(owner_id: str) -> tuple[str, str]:
        owner = r.by_id.get(owner_id)
        if owner is None:
            return ("~", owner_id)
        return surname_key(owner.title) if owner.type == schema.PERSON else (owner.title.lower(), "")

    owners = sorted(by_owner, key=owner_key)
    html = []
    if owners:
        index = " · ".join(
            f'<a class="reference internal" href="#owner-{escape(o)}">'
            f'{escape(r.by_id[o].title if o in r.by_id else o)}</a>'
            f' <span class="dmlog-count">({len(by_owner[o])}'
            + (f", {n} overdue" if (n := sum(map(r.overdue, by_owner[o]))) else "") + ")</span>"
            for o in owners)
        html.append(f'<nav class="dmlog-owner-index" aria-label="Owners of open actions">'
                    f"<p><strong>Owners</strong> {index}</p></nav>")
        groups = []
        for owner_id in owners:
            actions = by_owner[owner_id]
            overdue = sum(map(r.overdue, actions))
            groups.append(f'<p class="dmlog-group-head" id="owner-{escape(owner_id)}">{r.link(owner_id)}'
                          f" — {len(actions)} open" + (f", {overdue} overdue" if overdue else "") + "</p>")
            groups.append(r.table(actions, ("id", "title", "status", "due", schema.MEETING)))
        columns = ("id", "title", "status", "owner", "due", schema.MEETING)
        table = datatable.Table(records=open_actions, columns=columns, titles=r.headings(columns))
        html.append(datatable.render(r, table, doctree, "".join(groups), name="open-actions",
                                     title="Open actions"))
    else:
        html.append('<p class="dmlog-empty">No open actions.</p>')
    finished = sorted((n for n in r.records(schema.ACTION) if not schema.is_open(n)),
                      key=lambda n: n.id, reverse=True)
    html.append(f'<p class="dmlog-group-head">Done and cancelled ({len(finished)})</p>')
    if finished:
        html.append(datatable.interactive(r, finished, ("id", "title", "status", "owner", "closed",
                                                        schema.MEETING), None, doctree))
    return [raw("".join(html), "no-search")]


def _owned(r: Renderer, owner: Record, kind: str, only_open: bool = False) -> int:
    return sum(1 for n in r.back(owner, "owner")
               if n.type == kind and (not only_open or schema.is_open(n)))


def meetings(r: Renderer, _node: nodes.Element, doctree: nodes.document) -> list[nodes.Node]:
    def outcomes(kind: str) -> Callable[[Record], int]:
        return lambda m: r.count_back(m, schema.MEETING, kind)

    return [raw(datatable.interactive(r, _newest_first(r.records(schema.MEETING)), ("date", "title"),
                                      {"decisions": outcomes(schema.DECISION),
                                       "actions": outcomes(schema.ACTION)}, doctree), "no-search")]


def people(r: Renderer, _node: nodes.Element, doctree: nodes.document) -> list[nodes.Node]:
    records = sorted(r.records(schema.PERSON) + r.records(schema.GROUP), key=lambda n: n.title.lower())
    return [raw(datatable.interactive(r, records, ("title", "id", "affiliation"), {
        "open": lambda n: _owned(r, n, schema.ACTION, only_open=True),
        "overdue": lambda n: sum(map(r.overdue, r.back(n, "owner"))),
        "decisions": lambda n: _owned(r, n, schema.DECISION),
    }, doctree, titles={"title": "Name"}), "no-search")]


def milestones(r: Renderer, _node: nodes.Element, doctree: nodes.document) -> list[nodes.Node]:
    records = sorted(r.records(schema.MILESTONE), key=lambda n: (n.get("due") or "9999", n.id))
    return [raw(datatable.interactive(r, records, ("id", "title", "due"),
                                      {"items": lambda n: r.count_back(n, schema.MILESTONE)}, doctree),
                "no-search")]


def documents(r: Renderer, _node: nodes.Element, doctree: nodes.document) -> list[nodes.Node]:
    records = sorted(r.records(schema.DOCUMENT), key=lambda n: n.id)
    return [raw(datatable.interactive(r, records, ("id", "title"), {
        "items": lambda n: r.count_back(n, schema.DOCUMENT) + r.count_back(n, "produces")}, doctree),
        "no-search")]


def schema_reference(_r: Renderer, _node: nodes.Element, _doctree: nodes.document) -> list[nodes.Node]:
    """The record schema, from the schema module itself."""

    def code(values: tuple[str, ...] | list[str]) -> str:
        return ", ".join(f"<code>{escape(v)}</code>" for v in values) or "—"

    types = "".join(
        f"<tr><td><code>{{{t.name}}}</code></td><td><code>{escape(t.id_pattern.pattern)}</code>"
        f"<br>e.g. <code>{escape(t.id_example)}</code></td><td>{code(t.required)}</td>"
        f"<td>{code(t.optional)}</td><td>{code(t.statuses)}</td></tr>"
        for t in schema.TYPES.values())
    fields = "".join(f"<tr><td><code>:{f.name}:</code></td><td>{escape(f.kind)}</td>"
                     f"<td>{escape(f.description)}</td></tr>" for f in schema.FIELDS.values())
    links = "".join(f"<tr><td><code>:{k.name}:</code></td><td>{code(k.targets)}</td>"
                    f"<td>{escape(k.incoming)}</td><td>{escape(k.description)}</td></tr>"
                    for k in schema.LINKS.values())
    return [raw(
        '<p class="rubric">Record types</p><table class="table dmlog-table"><thead><tr>'
        "<th>Directive</th><th>ID</th><th>Required</th><th>Optional</th><th>Statuses</th>"
        f"</tr></thead><tbody>{types}</tbody></table>"
        '<p class="rubric">Fields</p><table class="table dmlog-table"><thead><tr><th>Option</th>'
        f"<th>Kind</th><th>Meaning</th></tr></thead><tbody>{fields}</tbody></table>"
        '<p class="rubric">Links (IDs, comma separated)</p><table class="table dmlog-table"><thead>'
        "<tr><th>Option</th><th>Points to</th><th>Shown on the target as</th><th>Meaning</th>"
        f"</tr></thead><tbody>{links}</tbody></table>")]
