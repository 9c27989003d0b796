"""Feeds: an Atom feed of decisions (newest first) and an iCalendar file of open
actions' due dates, for the whole log and for each person and group, written with
feedgen and icalendar when an HTML build finishes, and announced by
``<link rel="alternate">`` on the home page and the person's page.

They are reproducible: every date in them comes from the records (and, for the
calendar's required stamp, from ``dmlog_today``); only without ``dmlog_today`` does
the calendar carry the build's time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from dmlog import schema
from dmlog.log.files import write_atomically
from dmlog.log.model import Record
from dmlog.sphinxext import state

FEED_DIR = "feeds"
PERSON_TYPES = (schema.PERSON, schema.GROUP)


def _base(app: Sphinx) -> str:
    base = str(app.config.html_baseurl or "")
    return base if base.endswith("/") or not base else base + "/"


def _record_url(app: Sphinx, record: Record) -> str:
    page = state.of(app).pages[record.id]
    return f"{_base(app)}{app.builder.get_target_uri(page)}#{record.id}"


def _day(value: str) -> dt.datetime | None:
    date = schema.parse_date(value or "")
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC) if date else None


def _stamp(app: Sphinx) -> dt.datetime:
    """The calendar's DTSTAMP: dmlog_today when set, so that builds are reproducible."""
    if today := state.of(app).settings.today:
        return dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def atom(app: Sphinx, decisions: Iterable[Record], title: str, feed_path: str,
         titles: Mapping[str, str], date: Callable[[Record], str] = lambda n: n.get("date")) -> bytes:
    """The Atom feed of these records, newest first by ``date``: a record's own date,
    unless said otherwise."""
    from feedgen.feed import FeedGenerator

    records = sorted(decisions, key=lambda n: (date(n), n.id), reverse=True)
    feed = FeedGenerator()
    feed.id(f"{_base(app)}{feed_path}" if _base(app) else f"urn:dmlog:{feed_path}")
    feed.title(title)
    feed.link(href=f"{_base(app)}{feed_path}", rel="self")
    if _base(app):
        feed.link(href=_base(app), rel="alternate")
    feed.author({"name": str(app.config.author or app.config.project)})
    feed.generator("dmlog")
    dates = [d for d in (_day(date(n)) for n in records) if d]
    feed.updated(max(dates) if dates else dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    for record in reversed(records):  # feedgen puts each new entry first
        entry = feed.add_entry()
        url = _record_url(app, record)
        entry.id(url if _base(app) else f"urn:dmlog:{record.id}")
        entry.title(f"{record.id}: {record.title}")
        entry.link(href=url)
        when = _day(date(record)) or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        entry.updated(when)
        entry.published(when)
        owners = _owners(app, record, titles)
        entry.summary(f"{record.get('status')}" + (f"; owner: {owners}" if owners else ""))
        entry.content(f"<p>{escape(record.title)}</p><p>Status: {escape(record.get('status'))}"
                      + (f"; owner: {escape(owners)}" if owners else "") + "</p>", type="html")
    return feed.atom_str(pretty=True)


def _owners(app: Sphinx, record: Record, titles: Mapping[str, str]) -> str:
    return ", ".join(titles.get(o, o) for o in _targets(app, record, "owner"))


def _targets(app: Sphinx, record: Record, link: str) -> tuple[str, ...]:
    """The record's links as the site lists them (sorted: :meth:`dmlog.log.graph.Graph.targets`)."""
    facts = state.of(app).facts
    assert facts is not None, "write_feeds writes the feeds only once the facts are made"
    return facts.graph.targets(record.id, link)


def _event(app: Sphinx, record: Record, titles: Mapping[str, str]) -> bytes | None:
    """One open action's due date as an iCalendar event (None: no due date, or closed)."""
    import icalendar

    due = schema.due_date(record.get("due"))
    if due is None or not schema.is_open(record):
        return None
    host = (_base(app).split("//", 1)[-1].split("/", 1)[0]) or "dmlog"
    event = icalendar.Event()
    event.add("uid", f"{record.id}@{host}")
    event.add("dtstamp", _stamp(app))
    event.add("dtstart", due)
    event.add("dtend", due + dt.timedelta(days=1))
    event.add("summary", f"Due: {record.id} {record.title}")
    event.add("description", f"Owner: {_owners(app, record, titles)}. Status: {record.get('status')}.")
    event.add("url", _record_url(app, record))
    return event.to_ical()


def calendar(app: Sphinx, actions: Iterable[Record], title: str,
             titles: Mapping[str, str], events: dict[str, bytes | None] | None = None) -> bytes:
    """The calendar of these actions' due dates. ``events``: each action's event as
    icalendar wrote it, shared by the calendars of one build (an action is in the
    log's calendar and in each of its owners'), so each is written once."""
    import icalendar

    events = {} if events is None else events
    cal = icalendar.Calendar()
    cal.add("prodid", "-//dmlog//decision log//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", title)
    parts = []
    for record in sorted(actions, key=lambda n: n.id):
        if record.id not in events:
            events[record.id] = _event(app, record, titles)
        if (event := events[record.id]) is not None:
            parts.append(event)
    # the events go inside the calendar, before its END line
    head, end = cal.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head + b"".join(parts) + b"END:VCALENDAR" + end


def feed_paths(owner: str | None = None) -> tuple[str, str]:
    """(Atom, iCalendar) paths under the output folder, for the log or one owner."""
    stem = f"{FEED_DIR}/people/{owner}" if owner else f"{FEED_DIR}/decisions"
    ics = f"{FEED_DIR}/people/{owner}.ics" if owner else f"{FEED_DIR}/actions.ics"
    return f"{stem}.atom", ics


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _atom_input(app: Sphinx, decisions: list[Record], titles: Mapping[str, str],
                date: Callable[[Record], str] = lambda n: n.get("date")) -> tuple:
    pages = state.of(app).pages
    return tuple((d.id, d.title, d.get("status"), date(d), pages[d.id],
                  tuple(titles.get(o, o) for o in _targets(app, d, "owner"))) for d in decisions)


def _calendar_input(app: Sphinx, actions: list[Record], titles: Mapping[str, str]) -> tuple:
    pages = state.of(app).pages
    return tuple((a.id, a.title, a.get("status"), a.get("due"), pages[a.id],
                  tuple(titles.get(o, o) for o in _targets(app, a, "owner"))) for a in actions)


def _event_input(app: Sphinx, setting: tuple, action: Record, titles: Mapping[str, str]) -> str:
    return _digest(setting, _calendar_input(app, [action], titles))


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: every feed whose records changed since the last build."""
    facts = state.of(app).facts
    if exception is not None or facts is None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    titles = {i: r.title for i, r in facts.records.items()}
    by_type = facts.by_type
    decisions = by_type.get(schema.DECISION, [])
    # only open actions with a due date reach a calendar
    actions = [a for a in by_type.get(schema.ACTION, [])
               if schema.is_open(a) and schema.due_date(a.get("due")) is not None]
    project = str(app.config.project)
    # what every feed depends on besides its records
    setting = (project, _base(app), str(app.config.author or ""), state.of(app).settings.today,
               app.builder.get_target_uri("x"))
    decisions_of, actions_of = _by_owner(app, decisions), _by_owner(app, actions)
    groups_of: dict[str, set[str]] = {}
    for group in by_type.get(schema.GROUP, []):
        for member in facts.graph.targets(group.id, "members"):
            groups_of.setdefault(member, set()).add(group.id)

    # kept in the build state: a digest of what each feed was written from, so that a
    # build writes again only the feeds whose records changed (drawing all of them with
    # feedgen and icalendar cost as much as the rest of an incremental build), and each
    # calendar event as drawn, with a digest of what it was drawn from: one changed
    # action redraws the log's calendar, whose other events are taken as they were
    kept = state.of(app).kept
    written, drawn = kept.feeds, kept.events
    wanted: dict[str, tuple[str, Callable[[], bytes]]] = {}  # path -> (digest, how to draw it)
    # action ID -> its calendar event, drawn once (or taken from the last build)
    inputs = {a.id: _event_input(app, setting, a, titles) for a in actions}
    events: dict[str, bytes | None] = {
        i: drawn[i][1].encode("utf-8") for i, digest in inputs.items()
        if isinstance(drawn.get(i), list) and drawn[i][0] == digest}

    def plan(owner: str | None, whose: str, decisions: list[Record], actions: list[Record]) -> None:
        """The Atom feed and the calendar of the log (owner None) or of one owner."""
        atom_path, ics_path = feed_paths(owner)
        title = f"{project}: decisions{whose}"
        wanted[atom_path] = (_digest(setting, title, _atom_input(app, decisions, titles)),
                             lambda: atom(app, decisions, title, atom_path, titles))
        calendar_title = f"{project}: open actions{whose}"
        wanted[ics_path] = (_digest(setting, calendar_title, _calendar_input(app, actions, titles)),
                            lambda: calendar(app, actions, calendar_title, titles, events))

    plan(None, "", decisions, actions)
    for own_type in schema.numbered_types():
        if own_type.custom:  # a log's own type: a feed of its records, dated as their meetings
            wanted.update(_own_feed(app, own_type, by_type.get(own_type.name, []), facts.records,
                                    setting, titles))
    for kind in PERSON_TYPES:
        for person in by_type.get(kind, []):
            owed = {a.id: a for owner in (person.id, *sorted(groups_of.get(person.id, ())))
                    for a in actions_of.get(owner, [])}
            plan(person.id, f" of {person.title}", decisions_of.get(person.id, []),
                 list(owed.values()))

    _write_changed(outdir, wanted, written)
    kept.feeds = {n: d for n, (d, _) in wanted.items()}
    kept.events = {i: [inputs[i], event.decode("utf-8")] for i, event in events.items()
                   if event is not None and i in inputs}


def _own_feed(app: Sphinx, kind: schema.RecordType, own: list[Record], records: Mapping[str, Record],
              setting: tuple, titles: Mapping[str, str]) -> dict[str, tuple[str, Callable[[], bytes]]]:
    """The Atom feed of a log's own type (feeds/risks.atom), each record dated by its own
    date or its meeting's."""
    def dated(record: Record) -> str:
        meeting = records.get(next(iter(_targets(app, record, schema.MEETING)), ""))
        return record.get("date") or (meeting.get("date") if meeting is not None else "")

    path, title = f"{FEED_DIR}/{kind.plural}.atom", f"{app.config.project}: {kind.plural}"
    return {path: (_digest(setting, title, _atom_input(app, own, titles, dated)),
                   lambda: atom(app, own, title, path, titles, dated))}


def _by_owner(app: Sphinx, records: list[Record]) -> dict[str, list[Record]]:
    """Each owner's records, in one pass over them."""
    owned: dict[str, list[Record]] = {}
    for record in records:
        for owner in _targets(app, record, "owner"):
            owned.setdefault(owner, []).append(record)
    return owned


def _write_changed(outdir: Path, wanted: Mapping[str, tuple[str, Callable[[], bytes]]],
                   written: Mapping[str, str]) -> None:
    """Each feed drawn and written unless the last build wrote it from the same input
    (``written``: path -> digest), or it came out the same; the feeds of a person or
    group no longer in the log removed."""
    for name, (digest, draw) in wanted.items():
        path = outdir / name
        if written.get(name) == digest and path.exists():
            continue
        data = draw()
        if not (path.exists() and path.read_bytes() == data):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data.decode("utf-8"))
    for path in sorted((outdir / FEED_DIR).rglob("*")):
        if path.is_file() and path.relative_to(outdir).as_posix() not in wanted:
            path.unlink()


def alternate_links(app: Sphinx, pagename: str, _templatename: str, context: dict[str, Any],
                    _doctree: Any) -> None:
    """``html-page-context``: the feeds of the home page and of a person's page."""
    facts = state.of(app).facts
    if facts is None:
        return
    owner = None
    if pagename != app.config.root_doc:
        record_id = pagename.rsplit("/", 1)[-1]
        record = facts.records.get(record_id)
        if not pagename.startswith("docs/people/") or record is None \
                or record.type not in PERSON_TYPES:
            return
        owner = record_id
    prefix = "../" * pagename.count("/")
    atom_path, ics_path = feed_paths(owner)
    whose = f" of {facts.records[owner].title}" if owner else ""
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" type="application/atom+xml" title="Decisions{escape(whose)}" '
        f'href="{prefix}{atom_path}">'
        f'\n<link rel="alternate" type="text/calendar" title="Open actions{escape(whose)} (due dates)" '
        f'href="{prefix}{ics_path}">')
