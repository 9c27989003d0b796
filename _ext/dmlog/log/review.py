"""The review pack: what changed in the log between two reviews, and what the chair
walks through — new decisions, decisions whose status changed, actions opened and
closed, actions newly overdue or due before the next review, and the gaps.

Computed from the records as they are now and their history from git
(:mod:`dmlog.log.history`); shared by ``dmlog review`` and ``{dmlog-review}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from dmlog import schema
from dmlog.log import history as git_history
from dmlog.log import spreadsheet
from dmlog.log.model import Record

#: Days after the end of the window within which the next review is assumed.
NEXT_REVIEW_DAYS = 14


@dataclass
class Item:
    id: str
    note: str = ""  # what happened: "adopted → superseded 2020-06-10 (abc1234)"
    commit: str = ""


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Pack:
    since: dt.date
    until: dt.date
    next_review: dt.date
    sections: list[Section]


class ReviewError(ValueError):
    """A bound of the review that is neither a date nor a git ref."""


def resolve_bound(value: str, root: Path, option: str) -> dt.date:
    """A date (YYYY-MM-DD or YYYY-MM) or a git ref, as the date it stands for."""
    date = schema.parse_date(value)
    if date is not None:
        return date
    try:
        return git_history.resolve(root, value)[1]
    except git_history.HistoryUnavailable as err:
        raise ReviewError(f"{option} {value!r} is neither a date (YYYY-MM-DD) nor a git ref: "
                          f"{err}") from None


@dataclass(frozen=True, kw_only=True)
class Window:
    """The days a pack covers (``since`` .. ``until``, both included), the day it is
    judged on, and the next review's date (default: :data:`NEXT_REVIEW_DAYS` after ``until``)."""

    since: dt.date
    until: dt.date
    today: dt.date
    next_review: dt.date | None = None

    def __contains__(self, date: dt.date) -> bool:
        return self.since <= date <= self.until


def make_pack(records: Mapping[str, Record], found: git_history.History, window: Window,
              gaps: Mapping[str, set[str]]) -> Pack:
    """The pack for the window: what each record's history did in it, what fell or falls
    due, and each record's gaps."""
    next_review = window.next_review or window.until + dt.timedelta(days=NEXT_REVIEW_DAYS)
    sections = {key: Section(key, title) for key, title in (
        ("new-decisions", "New decisions"),
        ("decisions-changed", "Decisions whose status changed"),
        ("amendments", "Amended records (settled records changed, and why)"),
        ("actions-opened", "Actions opened"),
        ("actions-closed", "Actions closed"),
        ("newly-overdue", "Newly overdue actions"),
        ("due-soon", f"Open actions due by the next review ({next_review.isoformat()})"),
        # a log's own types: what was added, and whose status changed
        *((key, title) for kind in schema.numbered_types() if kind.custom
          for key, title in ((f"new-{kind.plural}", f"New {kind.plural}"),
                             (f"{kind.plural}-changed", f"{kind.heading} whose status changed"))),
        ("gaps", "Needs attention"),
    )}
    reviewed = {kind.name for kind in schema.numbered_types()}
    for record_id in sorted(records):
        record = records[record_id]
        entry = found.records.get(record_id)
        if entry is not None and record.type in reviewed:
            for key, item in _history_items(record_id, record.type, entry, window):
                sections[key].items.append(item)
        if schema.is_open(record) and (due := schema.due_date(record.get("due"))):
            if window.since <= due < min(window.today, window.until + dt.timedelta(days=1)):
                sections["newly-overdue"].items.append(Item(record_id, f"due {due.isoformat()}"))
            elif max(window.until, window.today) <= due <= next_review:
                sections["due-soon"].items.append(Item(record_id, f"due {due.isoformat()}"))
        if found_gaps := gaps.get(record_id):
            sections["gaps"].items.append(Item(record_id, ", ".join(sorted(found_gaps))))
    return Pack(window.since, window.until, next_review, list(sections.values()))


def _history_items(record_id: str, kind: str, entry: git_history.RecordHistory,
                   window: Window) -> Iterator[tuple[str, Item]]:
    """(section, item) of what a decision's or action's history did in the window: added,
    amended, its status changed."""
    if entry.added_on in window:  # a record imported as history: on its own date
        note = f"added {entry.added_on.isoformat()}" + \
            (f" (imported {entry.added.date.isoformat()})" if entry.imported else "")
        plural = schema.TYPES[kind].plural
        key = {schema.DECISION: "new-decisions", schema.ACTION: "actions-opened"}.get(kind, f"new-{plural}")
        yield key, Item(record_id, note, entry.added.commit)
    if amended := [a for a in entry.amendments if a.date in window]:
        yield "amendments", Item(record_id, "; ".join(f"amended {a.amendment.text}" for a in amended),
                                 amended[-1].commit)
    for event in entry.events[1:]:
        if event.date not in window:
            continue
        note = f"{event.previous} → {event.status} {event.date.isoformat()}"
        if kind == schema.ACTION:
            if event.status in schema.ACTION_FINISHED:
                yield "actions-closed", Item(record_id, note, event.commit)
        else:
            yield f"{schema.TYPES[kind].plural}-changed", Item(record_id, note, event.commit)


# -- output for the command ------------------------------------------------------
def _owners(record: Record, titles: Mapping[str, str]) -> str:
    return ", ".join(titles.get(o, o) for o in record.links("owner"))


def as_markdown(pack: Pack, records: Mapping[str, Record], titles: Mapping[str, str]) -> str:
    """Markdown that pastes into an agenda."""
    out = [f"# Review pack: {pack.since.isoformat()} to {pack.until.isoformat()}", ""]
    for section in pack.sections:
        out.append(f"## {section.title} ({len(section.items)})")
        out.append("")
        for item in section.items:
            record = records[item.id]
            owners = _owners(record, titles)
            status = record.get("status")
            out.append(f"- **{item.id}** {record.title} — {status}"
                       + (f" — {owners}" if owners else "") + (f" — {item.note}" if item.note else ""))
        if not section.items:
            out.append("- none")
        out.append("")
    return "\n".join(out)


def as_csv(pack: Pack, records: Mapping[str, Record], titles: Mapping[str, str]) -> str:
    return spreadsheet.csv_text(
        ["section", "id", "type", "title", "status", "owner", "due", "change", "commit"],
        ([section.title, item.id, records[item.id].type, records[item.id].title,
          records[item.id].get("status"), _owners(records[item.id], titles),
          records[item.id].get("due"), item.note, item.commit]
         for section in pack.sections for item in section.items))


def as_html(pack: Pack, records: Mapping[str, Record], titles: Mapping[str, str]) -> str:
    """A page of its own: print it, or attach it to the meeting's invitation."""
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Review pack "
             f"{pack.since.isoformat()} to {pack.until.isoformat()}</title></head><body>",
             f"<h1>Review pack: {pack.since.isoformat()} to {pack.until.isoformat()}</h1>"]
    for section in pack.sections:
        parts.append(f"<h2>{escape(section.title)} ({len(section.items)})</h2>")
        if not section.items:
            parts.append("<p>None.</p>")
            continue
        parts.append("<table><thead><tr><th>ID</th><th>Title</th><th>Status</th><th>Owner</th>"
                     "<th>Change</th></tr></thead><tbody>")
        for item in section.items:
            record = records[item.id]
            parts.append(f"<tr><td>{escape(item.id)}</td><td>{escape(record.title)}</td>"
                         f"<td>{escape(record.get('status'))}</td>"
                         f"<td>{escape(_owners(record, titles))}</td><td>{escape(item.note)}</td></tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)

