"""The record schema: the one place that says what a dmlog record is.

Types, fields, statuses, links and ID patterns are declared here once. The Sphinx
configuration (``dmlog.conf``), the build's validation, the ``dmlog`` command and
the minutes importer all read them from this module.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol


class Fields(Protocol):
    """What the rules here read of a record: its values by name (a record of the log,
    :class:`dmlog.log.model.Record`, or a row the build derives from one)."""

    def get(self, name: str, /) -> Any: ...


#: Dates are ISO days, or months where the day was not recorded.
DATE_PATTERN = re.compile(r"^([0-9]{4})-([0-9]{2})(?:-([0-9]{2}))?$")


#: How a card shows a field: ``fact`` "Label value" in the card's facts line;
#: ``references`` the same, with references made links; ``url`` a link to the value;
#: ``link`` a link to the value titled with the label; ``note`` a paragraph of its own;
#: ``flag`` the label, when the value is "no"; ``hidden`` not at all (say why).
DISPLAYS = ("fact", "references", "url", "link", "note", "flag", "hidden")


@dataclass(frozen=True)
class Field:
    """A text-valued option of a record directive."""

    name: str
    description: str
    kind: str = "text"  # text | date | list | url | flag | amendments (see :func:`amendments`)
    label: str = ""  # how the site names it, on cards and as a column title
    display: str = "fact"  # one of DISPLAYS
    hidden_because: str = ""  # for display "hidden": why the site does not show it
    values: tuple[str, ...] = ()  # the values it may take (none: any)


@dataclass(frozen=True)
class Link:
    """An option whose values are IDs of other records (comma separated)."""

    name: str
    description: str
    incoming: str  # how the target lists the records that link to it
    targets: tuple[str, ...]
    label: str = ""  # how a card and a column title name the link


@dataclass(frozen=True)
class RecordType:
    name: str  # the MyST directive, e.g. ``decision``
    title: str
    id_pattern: re.Pattern[str]
    id_example: str
    required: tuple[str, ...]  # "title" is the directive argument
    optional: tuple[str, ...]
    statuses: tuple[str, ...] = ()
    default_status: str | None = None
    color: str = "#BFD8D2"
    prefix: str = ""  # of logged records' IDs: DEC, ACT, MTG
    plural: str = ""  # ``dmlog list <plural>``, its list page docs/<plural>.md, file headings
    #: the folder its records are written in, one file per meeting under a year folder
    #: (none: a registry's records, each on a generated page)
    home: str = ""
    #: statuses in which a record is finished: no longer open (an action done, a
    #: decision superseded); the others are open
    closed: tuple[str, ...] = ()
    #: numbered: IDs are <prefix>-<year>-<number> within its meeting's year
    numbered: bool = False
    #: the columns its list shows (``dmlog list``, its page, the back-links of its card)
    columns: tuple[str, ...] = ("id", "title", "status", "owner")
    #: declared by the log's conf.py (``dmlog_types``), not by dmlog
    custom: bool = False
    #: a registry's type: its entries' file and section (people.yaml, people), and the
    #: folder under docs/ of their generated pages
    registry: tuple[str, str] = ("", "")
    pages: str = ""
    #: how minutes name its records, for ``dmlog import`` (a log's own types; the
    #: importer's vocabulary reads dmlog's own): the words a line of a record starts
    #: with ("Risk: …") and the names of the sections that list them ("## Risks")
    markers: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(n for n in self.required + self.optional if n != "title")

    @property
    def heading(self) -> str:
        """How a records file and a list name its records: "Decisions"."""
        return self.plural[:1].upper() + self.plural[1:]

    def counted(self, count: int) -> str:
        """How many records, in prose: "1 decision", "3 risks", "1 RFC"."""
        one = self.title if self.title.isupper() else self.title.lower()
        return f"{count} {one if count == 1 else self.plural}"

    def is_open(self, status: str) -> bool:
        return bool(self.statuses) and status not in self.closed


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("date", "Date the decision was taken or the meeting held.", "date", "Date"),
        Field("due", "Date an action is due.", "date", "Due"),
        Field("closed", "Date an action was done or cancelled.", "date", "Closed"),
        Field("affiliation", "Institution, as in lsst-texmf's authordb.", "text", "Affiliation"),
        Field("level", "Milestone level (1-4) in the Rubin plan.", "text", "Level"),
        Field("aliases", "Other spellings of a name used in minutes.", "list", "Also written"),
        Field("lines", "Lines of the meeting's original minutes the record comes from.", "text",
              "Minutes lines"),
        Field("source", "Repository path of the original minutes.", "text", "Minutes file"),
        Field("follow-up", "'none' when a decision needs no implementing action.", "text",
              "Follow-up"),
        Field("refs", "Other references: RFC-nnn, DM-nnnnn, QAWG-REC-nn, URLs.", "list", "Refs",
              "references"),
        Field("url", "Where the document is published.", "url", "URL", "url"),
        Field("minutes", "URL of the original minutes.", "url", "Original minutes", "link"),
        Field("authordb", "'no' for people not in lsst-texmf's authordb.", "flag",
              "not in lsst-texmf's authordb", "flag"),
        Field("note", "Curator's note on the record, e.g. how a date was inferred.", "text",
              "Note", "note"),
        Field("reason", "Why a decision was withdrawn or an action cancelled.", "text",
              "Reason"),
        Field("amended", "Amendments of a settled record: 'YYYY-MM-DD who: why', several "
              "separated by ';'.", "amendments", "Amended", "hidden",
              "shown as the card's amendment history, each entry with its commit"),
    )
}

LINKS: dict[str, Link] = {
    link.name: link
    for link in (
        Link("owner", "Who is responsible.", "owns", ("person", "group"), "Owner"),
        Link("meeting", "The meeting that produced the record.", "outcomes", ("meeting",), "Meeting"),
        Link("decision", "The decision an action implements.", "implemented by", ("decision",),
             "Implements"),
        Link("milestone", "Plan milestone the record tracks.", "tracked items", ("milestone",),
             "Milestone"),
        Link("document", "Rubin documents the record refers to.", "referenced by", ("document",),
             "Documents"),
        Link("produces", "Document an action produces.", "produced by", ("document",), "Produces"),
        Link("supersedes", "Decisions this one replaces.", "superseded by", ("decision",), "Supersedes"),
        Link("chair", "Who chaired the meeting.", "chaired", ("person",), "Chair"),
        Link("attendees", "Who attended the meeting.", "attended", ("person", "group"), "Attendees"),
        Link("members", "Members of a group.", "member of", ("person",), "Members"),
    )
}

_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
#: the folder of the site's own pages (home, views, meeting pages, registries)
PAGES = "docs"

TYPES: dict[str, RecordType] = {
    t.name: t
    for t in (
        RecordType(
            "decision", "Decision", re.compile(r"^DEC-[0-9]{4}-[0-9]{3,}$"), "DEC-2019-003",
            required=("title", "status", "date", "meeting"),
            optional=("owner", "milestone", "document", "refs", "supersedes", "tags", "lines", "note",
                      "follow-up", "reason", "amended"),
            statuses=("proposed", "flagged", "adopted", "implemented", "superseded", "withdrawn"),
            default_status="adopted", color="#9FC5E8", prefix="DEC", plural="decisions",
            home="decisions", closed=("superseded", "withdrawn"), numbered=True,
            columns=("id", "status", "date", "title", "owner", "meeting"),
        ),
        RecordType(
            "action", "Action", re.compile(r"^ACT-[0-9]{4}-[0-9]{3,}$"), "ACT-2019-010",
            required=("title", "status", "owner", "meeting"),
            optional=("due", "decision", "milestone", "document", "produces", "closed", "refs", "tags",
                      "lines", "note", "reason", "amended"),
            statuses=("open", "in-progress", "done", "cancelled"),
            default_status="open", color="#F6B26B", prefix="ACT", plural="actions",
            home="actions", closed=("done", "cancelled"), numbered=True,
            columns=("id", "status", "due", "title", "owner", "meeting"),
        ),
        RecordType(
            "meeting", "Meeting", re.compile(rf"^MTG-[0-9]{{4}}-[0-9]{{2}}(?:-[0-9]{{2}})?-{_SLUG}$"),
            "MTG-2019-03-dmlt-f2f",
            required=("title", "date"),
            optional=("attendees", "chair", "minutes", "source", "note"),
            color="#B6D7A8", prefix="MTG", plural="meetings", home=f"{PAGES}/meetings",
            columns=("id", "date", "title"),
        ),
        RecordType(
            "person", "Person", re.compile(r"^[a-z][a-z0-9-]*$"), "limk",
            required=("title",), optional=("aliases", "affiliation", "authordb"),
            color="#D9D2E9", plural="people", columns=("id", "title", "affiliation"),
            registry=("people.yaml", "people"), pages="people",
        ),
        RecordType(
            "group", "Group", re.compile(r"^[a-z][a-z0-9-]*$"), "dmlt",
            required=("title",), optional=("aliases", "affiliation", "members"),
            color="#D9D2E9", plural="groups", columns=("id", "title", "members"),
            registry=("people.yaml", "groups"), pages="people",
        ),
        RecordType(
            "milestone", "Milestone",
            re.compile(rf"^(?:MS-{_SLUG}|[A-Z][A-Z0-9]*(?:-[A-Za-z0-9.]+)+)$"), "LDM-503-10a",
            required=("title",), optional=("due", "level", "url"),
            color="#FFE599", plural="milestones", columns=("id", "title", "due"),
            registry=("milestones.yaml", "milestones"), pages="milestones",
        ),
        RecordType(
            "document", "Document", re.compile(r"^[A-Z][A-Z]{1,9}-[0-9]+$"), "DMTN-085",
            required=("title",), optional=("url",),
            color="#EAD1DC", plural="documents", columns=("id", "title", "url"),
            registry=("documents.yaml", "documents"), pages="documents",
        ),
    )
}

#: Fields that say what happened to a record later (or where an import found it):
#: ``dmlog new`` does not offer them.
LATER_FIELDS = ("lines", "amended", "closed", "reason")

#: The types with a part in dmlog's own rules and views, by role: the meeting whose
#: records files and page hold the others; what is decided (in force, superseded,
#: implemented); what is to be done (open, due, overdue); who owns; what is tracked.
MEETING, DECISION, ACTION = "meeting", "decision", "action"
PERSON, GROUP, MILESTONE, DOCUMENT = "person", "group", "milestone", "document"


@functools.cache
def fields_of_kind(kind: str) -> frozenset[str]:
    """The fields of a kind (``date``, ``list``), kept until the schema changes."""
    return frozenset(name for name, f in FIELDS.items() if f.kind == kind)


def shown_fields() -> tuple[str, ...]:
    """What a record shows besides its ID, type and links: its title, status, tags, fields."""
    return ("title", "status", "tags", *FIELDS)


def logged_types() -> tuple[str, ...]:
    """The types whose records are written by hand, in their home folders."""
    return tuple(t.name for t in TYPES.values() if t.home)


def numbered_types() -> tuple[RecordType, ...]:
    """The types of a meeting's records (IDs numbered within a year): decisions,
    actions and a log's own types."""
    return tuple(t for t in TYPES.values() if t.numbered)


def type_of_plural(plural: str) -> RecordType | None:
    return next((t for t in TYPES.values() if t.plural == plural), None)

# -- display: how the site names and groups what the schema declares -------------------
#: Labels of what every record has, and of the values the site derives.
CORE_LABELS = {"id": "ID", "title": "Title", "status": "Status", "tags": "Tags", "type": "Type"}
DERIVED_LABELS = {"overdue": "Overdue", "open": "Open actions", "decisions": "Decisions",
                  "actions": "Actions", "items": "Items"}
#: The one table of labels: column titles and card labels.
LABELS: dict[str, str] = {**CORE_LABELS, **{f.name: f.label for f in FIELDS.values()},
                          **{k.name: k.label for k in LINKS.values()}, **DERIVED_LABELS}


@dataclass(frozen=True)
class BackLinks:
    """A section of a record's card listing the records that link to it."""

    title: str  # may use {title}: the title of the record named by ``via``
    links: tuple[str, ...]  # the records whose these links name this one
    columns: tuple[str, ...] = ()  # a table with these columns; none: one line of links
    record_type: str = ""  # only records of this type
    state: str = ""  # "open" or "finished": only actions in that state
    empty: str | None = None  # said when there are none; None leaves the section out
    via: str = ""  # one section per record that names this one in its ``via`` link


_ACTION_COLUMNS = ("id", "title", "status", "owner", "due")
#: what a person or group owns
_OWNED = (
    BackLinks("Open actions", ("owner",), ("id", "title", "status", "due", "meeting"), "action",
              "open", empty="No open actions."),
    BackLinks("Decisions owned", ("owner",), ("id", "title", "status", "date", "meeting"), "decision"),
    BackLinks("Done and cancelled actions", ("owner",), ("id", "title", "status", "closed", "meeting"),
              "action", "finished"),
)
#: The back-link sections of each record type's card, in order.
BACKLINKS: dict[str, tuple[BackLinks, ...]] = {
    "decision": (
        BackLinks("Actions implementing this decision", ("decision",), _ACTION_COLUMNS, "action"),
        BackLinks("Superseded by", ("supersedes",)),
    ),
    "meeting": (
        BackLinks("Decisions", ("meeting",), ("id", "title", "status", "owner"), "decision",
                  empty="No decisions recorded."),
        BackLinks("Actions", ("meeting",), _ACTION_COLUMNS, "action", empty="No actions recorded."),
    ),
    "person": (
        *_OWNED,
        # a group's actions are its members'
        BackLinks("Open actions of {title}", ("owner",), ("id", "title", "status", "due", "meeting"),
                  "action", "open", via="members"),
        BackLinks("Member of", ("members",)),
        BackLinks("Meetings", ("attendees", "chair")),
    ),
    "group": (*_OWNED, BackLinks("Meetings", ("attendees",))),
    "milestone": (
        BackLinks("Tracked items", ("milestone",), _ACTION_COLUMNS,
                  empty="No records track this milestone yet."),
    ),
    "document": (
        BackLinks("Produced by", ("produces",), _ACTION_COLUMNS),
        BackLinks("Referenced by", ("document",), ("id", "title", "status", "date"),
                  empty="No records refer to this document yet."),
    ),
}


def link_sources(link: str) -> tuple[str, ...]:
    """The record types that may carry ``link``: whose records a back-link lists."""
    return tuple(t.name for t in TYPES.values() if link in t.options)

#: Statuses after which an action no longer counts as open (and is never overdue).
ACTION_FINISHED = TYPES[ACTION].closed
#: Decision statuses that retire a decision; they carry a banner on the site.
DECISION_RETIRED = TYPES[DECISION].closed
#: Decision statuses under which a decision is in force (counted so on the home page).
DECISION_IN_FORCE = ("adopted", "implemented")


# -- a log's own types, fields and links (conf.py's dmlog_types, dmlog_fields, dmlog_links)
_DMLOG_SCHEMA = (dict(TYPES), dict(FIELDS), dict(LINKS), dict(BACKLINKS), dict(LABELS))
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_PREFIX = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
#: names a log's type may not take: sphinx-needs' and dmlog's own directives and pages
_TAKEN = frozenset({"need", "needtable", "needflow", "needlist", "needextract", "needpie",
                    "needbar", "needgantt", "needsequence", "needuml", "needarch", "needservice",
                    "needimport", "needreport", "needextend", "needfilter", "needs", "index",
                    "help", "attention", "traceability", "review", "review-pack", "registry",
                    "search", "r", "all", "records", "gaps"})


def _keys(setting: str, name: str, spec: Any, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(spec, Mapping):
        raise ValueError(f"{setting}[{name!r}] must be a dict of its settings, not "
                         f"{type(spec).__name__}")
    if unknown := [k for k in spec if k not in allowed]:
        raise ValueError(f"{setting}[{name!r}]: unknown key {unknown[0]!r}; use "
                         f"{', '.join(allowed)}")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"{setting}: {name!r} is not a name: use lower-case letters, digits "
                         "and '-', starting with a letter")
    return spec


def _words(setting: str, name: str, key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{setting}[{name!r}][{key!r}] must be a list of names, like "
                         f"['low', 'high'], not {value!r}")
    return tuple(v.strip() for v in value)


def _text(setting: str, name: str, key: str, value: Any, default: str) -> str:
    if value is None:
        return default
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{setting}[{name!r}][{key!r}] must be a text, not {value!r}")
    return " ".join(value.split())


def _declared_field(name: str, spec: Any) -> Field:
    spec = _keys("dmlog_fields", name, spec, ("description", "kind", "label", "values"))
    kind = _text("dmlog_fields", name, "kind", spec.get("kind"), "text")
    if kind not in ("text", "date", "list", "url"):
        raise ValueError(f"dmlog_fields[{name!r}]['kind']: {kind!r} is not one of text, date, "
                         "list, url")
    return Field(name, _text("dmlog_fields", name, "description", spec.get("description"), ""),
                 kind, _text("dmlog_fields", name, "label", spec.get("label"), name.capitalize()),
                 "url" if kind == "url" else "fact",
                 values=_words("dmlog_fields", name, "values", spec.get("values")))


def _declared_link(name: str, spec: Any, types: Mapping[str, Any]) -> Link:
    spec = _keys("dmlog_links", name, spec, ("description", "targets", "incoming", "label"))
    targets = _words("dmlog_links", name, "targets", spec.get("targets"))
    if not targets or (unknown := [t for t in targets if t not in _DMLOG_SCHEMA[0] and t not in types]):
        raise ValueError(f"dmlog_links[{name!r}]['targets'] must name record types: "
                         + (f"{unknown[0]!r} is not one" if targets else "give one or more"))
    return Link(name, _text("dmlog_links", name, "description", spec.get("description"), ""),
                _text("dmlog_links", name, "incoming", spec.get("incoming"), f"{name} of"),
                targets, _text("dmlog_links", name, "label", spec.get("label"), name.capitalize()))


def _declared_type(name: str, spec: Any, options: frozenset[str],
                   existing: Mapping[str, RecordType]) -> RecordType:
    keys = ("title", "plural", "prefix", "statuses", "closed", "default_status", "required",
            "optional", "columns", "color", "markers", "sections")
    spec = _keys("dmlog_types", name, spec, keys)
    if name in existing or name in _TAKEN:
        raise ValueError(f"dmlog_types: {name!r} is taken (dmlog's own types are "
                         f"{', '.join(_DMLOG_SCHEMA[0])}); give yours another name")
    prefix = _text("dmlog_types", name, "prefix", spec.get("prefix"), "")
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"dmlog_types[{name!r}]['prefix'] must be 2-8 capital letters or "
                         f"digits starting with a letter, such as 'RSK', not {prefix!r}")
    if taken := next((t.name for t in existing.values() if t.prefix == prefix), None):
        raise ValueError(f"dmlog_types[{name!r}]['prefix'] {prefix!r} is the prefix of {taken}")
    plural = _text("dmlog_types", name, "plural", spec.get("plural"), f"{name}s")
    if not _NAME.fullmatch(plural) or plural in _TAKEN or plural in (
            PAGES, *(t.plural for t in existing.values())):
        raise ValueError(f"dmlog_types[{name!r}]['plural'] {plural!r} is taken or not a "
                         "folder name: use lower-case letters, digits and '-'")
    statuses = _words("dmlog_types", name, "statuses", spec.get("statuses"))
    closed = _words("dmlog_types", name, "closed", spec.get("closed"))
    default = spec.get("default_status") or (statuses[0] if statuses else None)
    if unknown := [s for s in (*closed, default) if s is not None and s not in statuses]:
        raise ValueError(f"dmlog_types[{name!r}]: {unknown[0]!r} is not one of its statuses "
                         f"({', '.join(statuses) or 'none declared'})")
    # the meeting whose file holds the record; the status, if the type has statuses
    required = tuple(dict.fromkeys(("title", *(("status",) if statuses else ()), MEETING,
                                    *_words("dmlog_types", name, "required", spec.get("required")))))
    optional = tuple(o for o in _words("dmlog_types", name, "optional", spec.get("optional"))
                     if o not in required)
    own = [o for o in (*required, *optional) if o in options and o not in ("status", MEETING)]
    columns = _words("dmlog_types", name, "columns", spec.get("columns")) or (
        "id", "title", *(("status",) if statuses else ()), *own[:3])
    for option in (*required[1:], *optional, *columns):
        if option not in options and option not in ("id", "title", "status", "tags"):
            raise ValueError(f"dmlog_types[{name!r}]: {option!r} is not a field or link; declare "
                             "it in dmlog_fields or dmlog_links, or use one of dmlog's "
                             f"({', '.join((*_DMLOG_SCHEMA[1], *_DMLOG_SCHEMA[2]))})")
    declared = RecordType(
        name, _text("dmlog_types", name, "title", spec.get("title"), name.capitalize()),
        re.compile(rf"^{prefix}-[0-9]{{4}}-[0-9]{{3,}}$"), f"{prefix}-2024-001",
        required, optional, statuses, default,
        _text("dmlog_types", name, "color", spec.get("color"), "#CFE2F3"), prefix, plural,
        home=plural, closed=closed, numbered=True, columns=columns, custom=True)
    # by default, minutes name its records by its title ("Risk: …") and list them under its heading
    return replace(
        declared,
        markers=_minutes_words(name, "markers", spec.get("markers"), (declared.title,), existing),
        sections=_minutes_words(name, "sections", spec.get("sections"), (declared.heading,), existing))


def _minutes_words(name: str, key: str, value: Any, default: tuple[str, ...],
                   existing: Mapping[str, RecordType]) -> tuple[str, ...]:
    """A type's markers or section names in minutes: words (read literally), none of
    which another type's records are known by."""
    words = _words("dmlog_types", name, key, value) if value is not None else default
    if value is not None and not words:
        raise ValueError(f"dmlog_types[{name!r}][{key!r}]: give at least one, like {list(default)!r}")
    taken = {word.lower(): other.name for other in existing.values()
             for word in (other.name, other.title, other.plural, *other.markers, *other.sections)}
    for word in words:
        if len(word) > 40 or not re.search(r"\w", word):
            raise ValueError(f"dmlog_types[{name!r}][{key!r}]: {word!r} is not a word or phrase "
                             "of at most 40 characters")
        if word.lower() in taken:
            raise ValueError(f"dmlog_types[{name!r}][{key!r}]: {word!r} names the records of "
                             f"{taken[word.lower()]}; give {name} words of its own")
    return words


def declare(types: Mapping[str, Any], fields: Mapping[str, Any],
            links: Mapping[str, Any]) -> None:
    """Make the schema dmlog's own types, fields and links plus a log's (conf.py's
    ``dmlog_types``, ``dmlog_fields``, ``dmlog_links``; each a dict by name), replacing
    the log's declared before. Raises ValueError, saying what to write, for a
    declaration that cannot be used (the schema is left as it was)."""
    built_types, built_fields, built_links, built_backlinks, built_labels = _DMLOG_SCHEMA
    for setting, value in (("dmlog_types", types), ("dmlog_fields", fields),
                           ("dmlog_links", links)):
        if not isinstance(value, Mapping):
            raise ValueError(f"{setting} must be a dict (name -> its declaration), not "
                             f"{type(value).__name__}")
    new_fields = {}
    for name, spec in fields.items():
        if name in built_fields or name in built_links or name in CORE_LABELS:
            raise ValueError(f"dmlog_fields: {name!r} is dmlog's own; use it as it is")
        new_fields[name] = _declared_field(name, spec)
    new_links = {}
    for name, spec in links.items():
        if name in built_fields or name in built_links or name in new_fields or name in CORE_LABELS:
            raise ValueError(f"dmlog_links: {name!r} is taken by a field or link")
        new_links[name] = _declared_link(name, spec, types)
    options = frozenset((*built_fields, *built_links, *new_fields, *new_links))
    new_types: dict[str, RecordType] = {}
    for name, spec in types.items():
        new_types[name] = _declared_type(name, spec, options, built_types | new_types)
    _install(built_types | new_types, built_fields | new_fields, built_links | new_links)
    backlinks = {kind: list(sections) for kind, sections in built_backlinks.items()}
    for record_type in new_types.values():  # where its records link to, a section of them
        for link in (LINKS[o] for o in record_type.options if o in LINKS):
            for target in link.targets:
                sections = backlinks.setdefault(target, [])
                if not any(link.name in s.links and not s.record_type for s in sections):
                    sections.append(BackLinks(record_type.heading, (link.name,),
                                              record_type.columns, record_type.name))
    BACKLINKS.clear()
    BACKLINKS.update({kind: tuple(sections) for kind, sections in backlinks.items()})
    LABELS.clear()
    LABELS.update({**built_labels, **{f.name: f.label for f in new_fields.values()},
                   **{k.name: k.label for k in new_links.values()}})


def _install(types: dict[str, RecordType], fields: dict[str, Field],
             links: dict[str, Link]) -> None:
    global LOGGED_ID
    for table, value in ((TYPES, types), (FIELDS, fields), (LINKS, links)):
        table.clear()
        table.update(value)  # type: ignore[arg-type]
    LOGGED_ID = _logged_id()
    fields_of_kind.cache_clear()


# -- lifecycle: how a record may change once it is in the log (``dmlog diff --check``) --
@dataclass(frozen=True)
class Lifecycle:
    """The rules over two states of the log. A log may relax or tighten them with
    ``dmlog_lifecycle`` in conf.py (:meth:`with_overrides`)."""

    #: statuses after which a record's protected fields change only with an amendment
    settled: Mapping[str, tuple[str, ...]]
    #: the status changes allowed, per type: from -> the statuses it may become
    transitions: Mapping[str, Mapping[str, tuple[str, ...]]]
    #: what a settled record keeps ("text": the record's text below its options)
    protected: tuple[str, ...] = ("title", "text", "date", "meeting", "owner")
    #: statuses that must say why, in the ``reason`` field
    needs_reason: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: rules switched off (names of :data:`LIFECYCLE_RULES`)
    off: tuple[str, ...] = ()

    def is_settled(self, record: Fields) -> bool:
        return record.get("status") in self.settled.get(record.get("type"), ())

    def allows(self, kind: str, before: str, after: str) -> bool:
        """A status change from ``before`` to ``after`` (statuses the type has)."""
        table = self.transitions.get(kind)
        return table is None or before == after or after in table.get(before, ())

    def requires_reason(self, kind: str, status: str) -> bool:
        return status in self.needs_reason.get(kind, ()) and "reason-missing" not in self.off

    def with_overrides(self, overrides: Mapping[str, Any]) -> Lifecycle:
        """These rules with a conf.py's ``dmlog_lifecycle`` applied; raises ValueError
        saying what is wrong (an unknown key, type, status, field or rule)."""
        values: dict[str, Any] = {}
        for key, value in overrides.items():
            if key not in ("settled", "transitions", "protected", "needs_reason", "off"):
                raise ValueError(f"dmlog_lifecycle: unknown key {key!r}; use settled, transitions, "
                                 "protected, needs_reason or off")
            if key == "protected":
                unknown = [f for f in value if f not in (*LIFECYCLE_FIELDS, "text")]
                values[key] = tuple(value)
            elif key == "off":
                unknown = [r for r in value if r not in LIFECYCLE_RULES]
                values[key] = tuple(value)
            elif key == "transitions":
                unknown = [f"{k}: {s}" for k, table in value.items() for s in
                           (*table, *(t for targets in table.values() for t in targets))
                           if s not in _statuses(k)]
                values[key] = {**self.transitions, **{k: {s: tuple(t) for s, t in table.items()}
                                                      for k, table in value.items()}}
            else:
                unknown = [f"{k}: {s}" for k, statuses in value.items() for s in statuses
                           if s not in _statuses(k)]
                values[key] = {**getattr(self, key), **{k: tuple(v) for k, v in value.items()}}
            if unknown:
                raise ValueError(f"dmlog_lifecycle[{key!r}]: unknown {', '.join(map(str, unknown))}")
        return Lifecycle(**{**{f: getattr(self, f) for f in
                               ("settled", "transitions", "protected", "needs_reason", "off")},
                            **values})


def _statuses(kind: str) -> tuple[str, ...]:
    if kind not in TYPES or not TYPES[kind].statuses:
        raise ValueError(f"dmlog_lifecycle: {kind!r} is not a record type with statuses "
                         f"({', '.join(t.name for t in TYPES.values() if t.statuses)})")
    return TYPES[kind].statuses


#: The fields a lifecycle may protect (besides the record's text).
LIFECYCLE_FIELDS = ("title", "status", *LINKS, *FIELDS, "tags")
#: The rules of ``dmlog diff --check``, by name (conf.py may switch one off).
LIFECYCLE_RULES = {
    "settled-changed": "a settled record's protected fields changed without an amendment entry",
    "status-change": "a status change the lifecycle does not allow",
    "superseded-unnamed": "a decision superseded with no decision naming it in :supersedes:",
    "reason-missing": "a decision withdrawn (or action cancelled) without a :reason:",
    "record-deleted": "a record removed from the log (withdraw or cancel it instead)",
    "id-reused": "an ID the log has issued given to a new record",
    "ledger-changed": "an ID removed from the ledger of issued IDs",
    "minutes-edited": "a meeting's original minutes edited",
}
#: The lifecycle dmlog applies unless conf.py says otherwise.
LIFECYCLE = Lifecycle(
    settled={"decision": ("adopted", "implemented", "superseded", "withdrawn"),
             "action": ("done", "cancelled")},
    transitions={
        "decision": {
            "proposed": ("flagged", "adopted", "withdrawn"),
            "flagged": ("proposed", "adopted", "withdrawn"),
            "adopted": ("implemented", "superseded", "withdrawn"),
            "implemented": ("superseded", "withdrawn"),
            "superseded": (),  # no way back: a new decision replaces it
            "withdrawn": (),
        },
        "action": {
            "open": ("in-progress", "done", "cancelled"),
            "in-progress": ("open", "done", "cancelled"),
            "done": ("in-progress",),  # reopened: it was not done after all
            "cancelled": (),
        },
    },
    needs_reason={"decision": ("withdrawn",), "action": ("cancelled",)},
)


#: What the build adds to each record from git (needs.json carries them): the pull
#: requests that first added it and last changed it, by number and link.
PROVENANCE_FIELDS = {
    "added_pr": ("integer", "The pull request that first added the record (from git)."),
    "added_pr_url": ("string", "The link to the pull request that first added the record."),
    "changed_pr": ("integer", "The pull request that last changed the record (from git)."),
    "changed_pr_url": ("string", "The link to the pull request that last changed the record."),
}


@dataclass(frozen=True)
class Amendment:
    """One entry of a record's ``amended`` field: when, who, why."""

    date: str
    who: str
    why: str

    @property
    def text(self) -> str:
        return f"{self.date} {self.who}: {self.why}"


_AMENDMENT = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})\s+([a-z][a-z0-9-]*)\s*:\s*(\S.*)")


def amendments(value: str | None) -> tuple[list[Amendment], list[str]]:
    """The entries of an ``amended`` value, and the entries that are not
    ``YYYY-MM-DD who: why`` (as written)."""
    found, malformed = [], []
    for part in (value or "").split(";"):
        entry = " ".join(part.split())
        if not entry:
            continue
        match = _AMENDMENT.fullmatch(entry)
        if match and parse_date(match[1]) is not None:
            found.append(Amendment(match[1], match[2], match[3]))
        else:
            malformed.append(entry)
    return found, malformed


#: Every ID the schema knows, for sphinx-needs (which takes one regex for all types).
ANY_ID = r"^[A-Za-z][A-Za-z0-9.-]*$"


def _logged_ids() -> str:
    return "|".join(TYPES[name].id_pattern.pattern.strip("^$") for name in logged_types())


def _logged_id() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_logged_ids()})(?!-?\w)")


def logged_id_shape() -> str:
    """A whole text that is the ID of a logged record."""
    return f"^(?:{_logged_ids()})$"


#: The ID of a logged record anywhere in a text (decisions, actions, meetings); the
#: log's own types are added by :func:`declare`.
LOGGED_ID = _logged_id()


def numbered_id(kind: str, year: int, number: int) -> str:
    """DEC-2019-003: the IDs of decisions and actions number them within a year, with at
    least three digits (DEC-2019-1000 follows DEC-2019-999)."""
    return f"{TYPES[kind].prefix}-{year}-{number:03d}"


def meeting_id(date: str, slug: str) -> str:
    return f"{TYPES['meeting'].prefix}-{date}-{slug}"


def parse_date(value: str) -> dt.date | None:
    """A valid dmlog date as the first day it can mean, or None if it is not one."""
    match = DATE_PATTERN.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()  # the pattern requires year and month
    try:
        return dt.date(int(year), int(month), int(day) if day else 1)
    except ValueError:
        return None


def due_date(value: str) -> dt.date | None:
    """The last day a due date allows: a month-only due date means its last day."""
    start = parse_date(value)
    if start is None or len(value.strip()) == 10:
        return start
    next_month = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return next_month - dt.timedelta(days=1)


def is_open(record: Fields) -> bool:
    """An action not yet done or cancelled."""
    return record.get("type") == "action" and record.get("status") not in ACTION_FINISHED


def is_overdue(record: Fields, today: dt.date) -> bool:
    """The one overdue rule, shared by the site and ``dmlog list``."""
    if not is_open(record):
        return False
    due = due_date(record.get("due") or "")
    return due is not None and due < today


def a(word: str) -> str:
    """The word with its indefinite article: 'a decision', 'an action'."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def split_list(value: str | None) -> list[str]:
    """Option values are comma separated (as sphinx-needs reads links and tags)."""
    if not value:
        return []
    return [part.strip() for part in value.split(",") if part.strip()]
