"""The record's card, where the record is defined: its head (ID, title, status, the
gaps it is flagged with, its permanent link), its facts, amendments, history from
git, links to its source, its own text, what links to it, and its trace.

It draws with the primitives of :mod:`dmlog.sphinxext.html` and gathers its parts
from the modules that know them (history, edit links, the trace picture); the
features (views, tables, the review pack) sit above it.
"""

from __future__ import annotations

from html import escape

from docutils import nodes

from dmlog import schema
from dmlog.log.gaps import GAPS
from dmlog.log.model import Record
from dmlog.log.untrusted import url_problem
from dmlog.sphinxext import state
from dmlog.sphinxext.editlinks import source_links
from dmlog.sphinxext.history import amendment_commits, card_history, commit_of
from dmlog.sphinxext.html import Renderer, raw
from dmlog.sphinxext.permalinks import permalink
from dmlog.sphinxext.tracegraph import trace_graph


def _fields(display: str) -> list[schema.Field]:
    return [f for f in schema.FIELDS.values() if f.display == display]


def draw(r: Renderer, record: Record, body: list[nodes.Node]) -> nodes.container:
    """The record as the site shows it where it is defined."""
    r.shown.add(record.id)
    r.cards.add(record.id)
    classes = ["dmlog-record", f"dmlog-{record.type}"]
    if record.get("status"):
        classes.append(f"dmlog-record-{record.get('status')}")
    link = permalink(r.docname, record.id)
    head = (_banner(r, record)
            + f'<p class="dmlog-head"><a class="reference internal dmlog-id" '
              f'href="#{escape(record.id)}"><code>{escape(record.id)}</code></a> '
              f'<strong class="dmlog-title">{escape(record.title)}</strong> '
              f"{r.status(record)}{_flags(r, record)}"
              f' <a class="dmlog-permalink" href="{escape(link)}" '
              f'title="Permanent link to {escape(record.id)}, wherever it moves" '
              f'aria-label="Permanent link to {escape(record.id)}">#</a></p>')
    if facts := fact_list(r, record):
        head += ('<p class="dmlog-meta">' + '<span class="dmlog-sep"> · </span>'.join(
            f'<span class="dmlog-fact">{fact}</span>' for fact in facts) + "</p>")
    for field in _fields("note"):
        if note := record.get(field.name):
            head += f'<p class="dmlog-note">{escape(note)}</p>'
    head += amendments(r, record)
    card = nodes.container(classes=classes)
    card += raw(head)
    if history := card_history(r.app, record.id):  # dates and commits: nothing to search
        card += raw(history, "no-search")
    if links := source_links(r.app, record):  # where to propose a change
        card += raw(links)
    if body:
        card += nodes.container("", *body, classes=["dmlog-body"])
    if links_in := backlinks(r, record):
        card += raw(links_in, "no-search")  # found where defined, not where listed
    if trace := trace_graph(r, record):
        card += raw(trace, "no-search")
    return card


def gap_badges(gaps: set[str]) -> str:
    """The record's gaps as small marks (a card's head, a table's cell)."""
    return "".join(f' <span class="dmlog-gap dmlog-gap-{escape(g)}" '
                   f'title="{escape(GAPS[g].description if g in GAPS else g)}">{escape(g)}</span>'
                   for g in sorted(gaps))


def _flags(r: Renderer, record: Record) -> str:
    """The gaps of a record, as marks beside its status on its card."""
    facts = state.of(r.app).facts
    return gap_badges(facts.gaps.get(record.id, set())) if facts else ""


def fact_list(r: Renderer, record: Record) -> list[str]:
    """Dates, owners and the other outgoing links, as label-value pairs."""
    facts = [f"<strong>{escape(f.label)}</strong> {escape(str(value))}"
             for f in _fields("fact") if (value := record.get(f.name))]
    facts += [f"<strong>{escape(link.label)}</strong> {r.links(ids)}"
              for link in schema.LINKS.values() if (ids := r.targets(record, link.name))]
    facts += [f"<strong>{escape(f.label)}</strong> "
              + ", ".join(map(r.text_with_references, values))
              for f in _fields("references") if (values := record.links(f.name))]
    if tags := record.links("tags"):
        facts.append(f"<strong>{schema.LABELS['tags']}</strong> {escape(', '.join(tags))}")
    facts += [f'<strong>{escape(f.label)}</strong> <a class="reference external" '
              f'href="{escape(url)}">{escape(url)}</a>'
              for f in _fields("url") if (url := record.get(f.name)) and url_problem(url) is None]
    facts += [f'<a class="reference external" href="{escape(url)}">{escape(f.label)}</a>'
              for f in _fields("link") if (url := record.get(f.name)) and url_problem(url) is None]
    facts += [f"<em>{escape(f.label)}</em>" for f in _fields("flag") if record.get(f.name) == "no"]
    return facts


def _banner(r: Renderer, record: Record) -> str:
    if record.type != schema.DECISION or record.get("status") not in schema.DECISION_RETIRED:
        return ""
    if replaced_by := r.graph.back(record.id, "supersedes"):
        message = ("<strong>Superseded.</strong> This decision was replaced by "
                   f"{r.links(replaced_by, with_id=True)}.")
    elif reason := record.get("reason"):
        message = f"<strong>Withdrawn.</strong> {escape(reason)}"
    else:
        message = "<strong>Withdrawn.</strong> This decision no longer applies."
    return (f'<div class="dmlog-banner dmlog-banner-{escape(record.get("status"))}">'
            f"<p>{message}</p></div>")


def amendments(r: Renderer, record: Record) -> str:
    """The record's amendment history: "amended on … by … because …", each linked to
    the commit (and pull request) that added the entry when git history has it."""
    entries, _ = schema.amendments(record.get("amended"))
    if not entries:
        return ""
    commits = amendment_commits(r.app, record.id)
    items = []
    for entry in entries:
        where = f" {commit_of(r.app, commits[entry])}" if entry in commits else ""
        items.append(f"<li>Amended on {escape(entry.date)} by {r.link(entry.who)} because "
                     f"{r.text_with_references(entry.why)}{where}</li>")
    return (f'<div class="dmlog-amendments"><p class="dmlog-subhead"><strong>Amendments '
            f'({len(items)})</strong></p><ul>{"".join(items)}</ul></div>')


def backlinks(r: Renderer, record: Record) -> str:
    """What links to the record, in the sections the schema declares for its type."""
    html = ""
    for section in schema.BACKLINKS.get(record.type, ()):
        if section.via:  # one section per record naming this one, e.g. each group
            for other_id in r.graph.back(record.id, section.via):
                if (other := r.by_id.get(other_id)) is not None:
                    r.cards.add(other_id)
                    html += _backlink_section(r, section, other, other.title)
        else:
            html += _backlink_section(r, section, record)
    return html


def _backlink_section(r: Renderer, section: schema.BackLinks, record: Record, title: str = "") -> str:
    ids = [i for link in section.links for i in r.graph.back(record.id, link)]
    if not section.columns:
        if not ids:
            return ""
        return (f'<p class="dmlog-meta"><strong>{section.title}</strong> '
                f"{r.links(sorted(set(ids)), with_id=True)}</p>")
    rows = r.rows(dict.fromkeys(ids))
    if section.record_type:
        rows = [n for n in rows if n.type == section.record_type]
    if section.state:
        rows = [n for n in rows if schema.is_open(n) == (section.state == "open")]
    heading_text = section.title.format(title=title)
    if not rows and section.empty is None:
        return ""
    heading = f'<p class="dmlog-subhead"><strong>{escape(heading_text)} ({len(rows)})</strong></p>'
    if not rows:
        return heading + f'<p class="dmlog-empty">{escape(section.empty or "")}</p>'
    return heading + r.table(rows, section.columns)
