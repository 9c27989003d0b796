"""Generated views of the whole log: ``{dmlog-view} <name>`` in a page.

Views are computed when the page is written, from every record of the build, so
they are never written by hand per item.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from dmlog import schema
from dmlog.rendering import Need, Renderer


class view_node(nodes.General, nodes.Element):
    """Where a view goes; replaced by the view when the page is written."""


class ViewDirective(SphinxDirective):
    required_arguments = 1
    option_spec = {"limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in VIEWS:
            raise self.error(f"unknown dmlog view {name!r}; use one of {', '.join(VIEWS)}")
        node = view_node(view=name, limit=self.options.get("limit", 0))
        self.set_source_info(node)
        return [node]


def _records(r: Renderer, kind: str) -> list[Need]:
    return [n for n in r.needs.values() if n["type"] == kind]


def _newest_first(needs: list[Need]) -> list[Need]:
    return sorted(needs, key=lambda n: (n.get("date") or "", n["id"]), reverse=True)


def _is_open(need: Need) -> bool:
    return need.get("status") not in schema.ACTION_FINISHED


def _open_actions(r: Renderer) -> list[Need]:
    """Open actions, overdue ones first, then by due date and ID."""
    actions = [n for n in _records(r, "action") if _is_open(n)]
    return sorted(actions, key=lambda n: (not schema.is_overdue(n, r.today),
                                          schema.due_date(n.get("due") or "") is None,
                                          n.get("due") or "", n["id"]))


def summary(r: Renderer, node: view_node, doctree: nodes.document) -> list[nodes.Node]:
    decisions, actions = _records(r, "decision"), _records(r, "action")
    open_actions = [n for n in actions if _is_open(n)]
    overdue = [n for n in open_actions if schema.is_overdue(n, r.today)]
    active = [n for n in decisions if n.get("status") in ("adopted", "implemented")]
    figures = [
        (len(decisions), "decisions", f"{len(active)} in force"),
        (len(open_actions), "open actions", f"{len(overdue)} overdue"),
        (len(actions) - len(open_actions), "actions closed", "done or cancelled"),
        (len(_records(r, "meeting")), "meetings", ""),
        (len(_records(r, "person")), "people", ""),
    ]
    grid = nodes.container(classes=["dmlog-summary"])
    for number, label, detail in figures:
        box = nodes.container(classes=["dmlog-figure"])
        box += nodes.paragraph("", "", nodes.strong("", str(number)), classes=["dmlog-number"])
        box += nodes.paragraph("", label, classes=["dmlog-label"])
        if detail:
            box += nodes.paragraph("", detail, classes=["dmlog-detail"])
        grid += box
    return [grid]


def latest_decisions(r: Renderer, node: view_node, doctree: nodes.document) -> list[nodes.Node]:
    needs = _newest_first(_records(r, "decision"))[: node["limit"] or 10]
    return [r.table(needs, ("id", "title", "status", "date", "owner"))]


def open_actions(r: Renderer, node: view_node, doctree: nodes.document) -> list[nodes.Node]:
    needs = _open_actions(r)
    if node["limit"]:
        needs = needs[: node["limit"]]
    if not needs:
        return [nodes.paragraph("", "No open actions.", classes=["dmlog-empty"])]
    return [r.table(needs, ("id", "title", "status", "owner", "due"))]


def latest_meeting(r: Renderer, node: view_node, doctree: nodes.document) -> list[nodes.Node]:
    meetings = _newest_first(_records(r, "meeting"))
    if not meetings:
        return [nodes.paragraph("", "No meetings recorded yet.", classes=["dmlog-empty"])]
    meeting = meetings[0]
    outcomes = r.rows(meeting.get("meeting_back") or [])
    count = {kind: sum(n["type"] == kind for n in outcomes) for kind in ("decision", "action")}
    para = nodes.paragraph()
    para += r.link(meeting["id"])
    para += nodes.Text(f" ({meeting.get('date')}): {count['decision']} decisions, "
                       f"{count['action']} actions.")
    return [para]


def decision_log(r: Renderer, node: view_node, doctree: nodes.document) -> list[nodes.Node]:
    needs = _newest_first(_records(r, "decision"))
    return [r.table(needs, ("id", "title", "status", "date", "meeting", "owner", "tags"),
                    interactive=True, doctree=doctree)]


def action_tracker(r: Renderer, node: view_node, doctree: nodes.document) -> list[nodes.Node]:
    """Open actions grouped by owner, overdue ones marked; finished ones apart."""
    by_owner: dict[str, list[Need]] = {}
    for action in _open_actions(r):
        for owner in action.get("owner") or ["(no owner)"]:
            by_owner.setdefault(owner, []).append(action)
    result: list[nodes.Node] = []

    def owner_name(owner_id: str) -> str:
        owner = r.needs.get(owner_id)
        return (owner["title"] if owner else owner_id).lower()

    for owner_id in sorted(by_owner, key=owner_name):
        actions = by_owner[owner_id]
        overdue = sum(schema.is_overdue(n, r.today) for n in actions)
        heading = nodes.rubric(classes=["dmlog-owner"])
        heading += r.link(owner_id)
        heading += nodes.Text(f" — {len(actions)} open" + (f", {overdue} overdue" if overdue else ""))
        result += [heading, r.table(actions, ("id", "title", "status", "due", "meeting"))]
    if not result:
        result.append(nodes.paragraph("", "No open actions.", classes=["dmlog-empty"]))
    finished = [n for n in _records(r, "action") if not _is_open(n)]
    result.append(nodes.rubric("", f"Done and cancelled ({len(finished)})"))
    if finished:
        result.append(r.table(sorted(finished, key=lambda n: n["id"], reverse=True),
                              ("id", "title", "status", "owner", "closed", "meeting"),
                              interactive=True, doctree=doctree))
    return result


def _count_table(r: Renderer, needs: list[Need], columns: tuple[str, ...],
                 counts: dict[str, Callable[[Need], int]], doctree: nodes.document) -> nodes.Node:
    table = r.table(needs, columns + tuple(counts), interactive=True, doctree=doctree)
    for row, need in zip(table.findall(nodes.row), [None, *needs], strict=False):
        if need is None:
            continue
        for entry, column in zip(row.children[len(columns):], counts, strict=True):
            entry[0] += nodes.Text(str(counts[column](need)))
    return table


def _owned(r: Renderer, need: Need, kind: str, only_open: bool = False) -> int:
    return sum(1 for n in r.rows(need.get("owner_back") or [])
               if n["type"] == kind and (not only_open or _is_open(n)))


def meetings(r: Renderer, node: view_node, doctree: nodes.document) -> list[nodes.Node]:
    needs = _newest_first(_records(r, "meeting"))

    def outcomes(kind: str) -> Callable[[Need], int]:
        return lambda m: sum(1 for n in r.rows(m.get("meeting_back") or []) if n["type"] == kind)

    return [_count_table(r, needs, ("date", "title"),
                         {"decisions": outcomes("decision"), "items": outcomes("action")},
                         doctree)]


def people(r: Renderer, node: view_node, doctree: nodes.document) -> list[nodes.Node]:
    needs = sorted(_records(r, "person") + _records(r, "group"), key=lambda n: n["title"].lower())
    return [_count_table(r, needs, ("title", "id", "affiliation"), {
        "open": lambda n: _owned(r, n, "action", only_open=True),
        "overdue": lambda n: sum(schema.is_overdue(a, r.today)
                                 for a in r.rows(n.get("owner_back") or [])),
        "decisions": lambda n: _owned(r, n, "decision"),
    }, doctree)]


def milestones(r: Renderer, node: view_node, doctree: nodes.document) -> list[nodes.Node]:
    needs = sorted(_records(r, "milestone"), key=lambda n: (n.get("due") or "9999", n["id"]))
    return [_count_table(r, needs, ("id", "title", "due"),
                         {"items": lambda n: len(n.get("milestone_back") or [])}, doctree)]


def documents(r: Renderer, node: view_node, doctree: nodes.document) -> list[nodes.Node]:
    needs = sorted(_records(r, "document"), key=lambda n: n["id"])
    return [_count_table(r, needs, ("id", "title"), {
        "items": lambda n: len(n.get("document_back") or []) + len(n.get("produces_back") or [])},
        doctree)]


ViewFunction = Callable[[Renderer, view_node, nodes.document], list[nodes.Node]]
#: view name -> (function, the record types whose changes it reflects)
VIEWS: dict[str, tuple[ViewFunction, tuple[str, ...]]] = {
    "summary": (summary, ("decision", "action", "meeting", "person")),
    "latest-decisions": (latest_decisions, ("decision",)),
    "open-actions": (open_actions, ("action",)),
    "latest-meeting": (latest_meeting, ("meeting", "decision", "action")),
    "decision-log": (decision_log, ("decision",)),
    "action-tracker": (action_tracker, ("action",)),
    "meetings": (meetings, ("meeting", "decision", "action")),
    "people": (people, ("person", "group", "decision", "action")),
    "milestones": (milestones, ("milestone", "decision", "action")),
    "documents": (documents, ("document", "decision", "action")),
}
