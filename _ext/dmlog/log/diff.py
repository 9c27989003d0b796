"""What changed between two states of a log, record by record and field by field,
and what follows from it (actions newly overdue, decisions superseded), for a
reviewer of a pull request who would otherwise read a diff of Markdown lines.

Both states are read by the reader of ``dmlog check`` (:func:`dmlog.log.sources.load_log`);
a state at a git ref is first exported to a folder (:mod:`dmlog.log.snapshots`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from dmlog import schema
from dmlog.log import gaps
from dmlog.log.model import Record
from dmlog.log.problems import Problem
from dmlog.log.sources import Log

#: The pseudo-field of a record's text (the body below its options).
TEXT = "text"
#: What a reviewer is shown of a new record besides its ID, title and status.
_ADDED_DETAILS = ("owner", "due", schema.DECISION, "supersedes")


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str

    @property
    def is_list(self) -> bool:
        return self.field in schema.LINKS or self.field == "tags" or (
            self.field in schema.FIELDS and schema.FIELDS[self.field].kind == "list")

    def describe(self) -> str:
        """``status: adopted → superseded``; lists as what was added and removed."""
        if self.field == TEXT:
            return "text changed"
        if self.is_list:
            before, after = schema.split_list(self.before), schema.split_list(self.after)
            parts = [f"+{item}" for item in after if item not in before]
            parts += [f"-{item}" for item in before if item not in after]
            return f"{self.field}: {' '.join(parts) or 'reordered'}"
        return f"{self.field}: {self.before or '(none)'} → {self.after or '(none)'}"


@dataclass(frozen=True)
class RecordChange:
    """A record added, removed or changed; ``path:line`` where it is (or was) written."""

    kind: str  # added | removed | changed
    id: str
    type: str
    title: str
    status: str
    path: str
    line: int
    changes: tuple[FieldChange, ...] = ()

    def details(self) -> list[str]:
        """What changed; for a new record, who owns it and when it is due."""
        if self.kind == "changed":
            return [c.describe() for c in self.changes]
        if self.kind == "added":
            return [f"{c.field}: {c.after}" for c in self.changes if c.field in _ADDED_DETAILS]
        return []


@dataclass(frozen=True)
class Consequence:
    """Something a reviewer should know that no single field says."""

    #: superseded | withdrawn | amended | newly-overdue | closed | reopened | gap-opened | gap-closed
    kind: str
    id: str
    message: str


@dataclass
class LogDiff:
    base: str  # how each state is named to the reader
    head: str
    changes: list[RecordChange] = field(default_factory=list)
    consequences: list[Consequence] = field(default_factory=list)
    base_problems: list[Problem] = field(default_factory=list)
    head_problems: list[Problem] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[RecordChange]:
        return [change for change in self.changes if change.kind == kind]

    @property
    def problems(self) -> list[str]:
        """Problems reading either state, each ``state: file:line: message``."""
        return ([f"{self.base}: {p}" for p in self.base_problems]
                + [f"{self.head}: {p}" for p in self.head_problems])

    def summary(self) -> str:
        """One line: counts, then the consequences a reviewer reads first."""
        counts = [f"{len(self.of_kind(kind))} {kind}" for kind in ("added", "changed", "removed")]
        parts = [", ".join(counts) + " record(s)"]
        parts += [c.message for c in self.consequences
                  if c.kind in ("superseded", "withdrawn", "amended")]
        new_actions = Counter(owner for change in self.of_kind("added") if change.type == schema.ACTION
                              for owner in _owners(change))
        parts += [f"{n} new action{'s' if n > 1 else ''} for {owner}"
                  for owner, n in sorted(new_actions.items())]
        overdue = [c.id for c in self.consequences if c.kind == "newly-overdue"]
        if overdue:
            parts.append(f"newly overdue: {', '.join(overdue)}")
        opened, closed = (sum(c.kind == kind for c in self.consequences)
                          for kind in ("gap-opened", "gap-closed"))
        if opened or closed:
            parts.append(f"gaps: {opened} opened, {closed} closed")
        return "; ".join(parts)


def _owners(change: RecordChange) -> list[str]:
    for field_change in change.changes:
        if field_change.field == "owner":
            return schema.split_list(field_change.after)
    return []


def _bodies(log: Log) -> dict[str, str]:
    return {source_record.record.id: source_record.body.strip()
            for source in log.files for source_record in source.records}


def _fields(record: Record, body: str | None) -> dict[str, str]:
    values = {"title": record.title, **{k: v for k, v in record.options.items() if v}}
    if body:
        values[TEXT] = body
    return values


def _first_by_id(records: list[Record]) -> dict[str, Record]:
    by_id: dict[str, Record] = {}
    for record in records:
        by_id.setdefault(record.id, record)  # a duplicate is `dmlog check`'s to report
    return by_id


def _order(record: Record) -> tuple[int, str]:
    kinds = list(schema.TYPES)
    return (kinds.index(record.type) if record.type in kinds else len(kinds), record.id)


def diff_logs(base: Log, head: Log, today: dt.date, base_name: str = "base",
              head_name: str = "head") -> LogDiff:
    """The records added, removed and changed from ``base`` to ``head``, and what follows."""
    result = LogDiff(base_name, head_name, base_problems=sorted(base.problems),
                     head_problems=sorted(head.problems))
    before, after = _first_by_id(base.records), _first_by_id(head.records)
    before_bodies, after_bodies = _bodies(base), _bodies(head)
    for record in sorted(after.values(), key=_order):
        old = before.get(record.id)
        new_fields = _fields(record, after_bodies.get(record.id))
        if old is None:
            changes = tuple(FieldChange(name, "", value) for name, value in new_fields.items()
                            if name not in ("title", TEXT))
            result.changes.append(_change("added", record, changes))
            continue
        old_fields = _fields(old, before_bodies.get(record.id))
        if old.type != record.type:
            old_fields["type"], new_fields["type"] = old.type, record.type
        changes = tuple(FieldChange(name, old_fields.get(name, ""), new_fields.get(name, ""))
                        for name in _field_order(old_fields, new_fields)
                        if old_fields.get(name, "") != new_fields.get(name, ""))
        if changes:
            result.changes.append(_change("changed", record, changes))
    for record in sorted(before.values(), key=_order):
        if record.id not in after:
            result.changes.append(_change("removed", record, ()))
    result.consequences = _consequences(before, after, today) + _gaps(before, after, today)
    return result


def _field_order(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Status first (what a reviewer reads first), then the schema's order."""
    known = ["type", "title", "status", *schema.LINKS, *schema.FIELDS, "tags", TEXT]
    names = set(old) | set(new)
    return [n for n in known if n in names] + sorted(names - set(known))


def _change(kind: str, record: Record, changes: tuple[FieldChange, ...]) -> RecordChange:
    return RecordChange(kind, record.id, record.type, record.title, record.get("status"),
                        record.path, record.line, changes)


def _consequences(before: dict[str, Record], after: dict[str, Record],
                  today: dt.date) -> list[Consequence]:
    found = []
    replaced_by: dict[str, list[str]] = {}
    for record in after.values():
        if record.type == schema.DECISION:
            for old_id in record.links("supersedes"):
                replaced_by.setdefault(old_id, []).append(record.id)
    for record in sorted(after.values(), key=_order):
        old = before.get(record.id)
        old_status = old.get("status") if old else ""
        status = record.get("status")
        if record.type == schema.DECISION and status != old_status and status in schema.DECISION_RETIRED:
            was = f"{old_status} → " if old_status else ""
            if status == "superseded" and replaced_by.get(record.id):
                message = f"{record.id} {was}superseded by {', '.join(replaced_by[record.id])}"
            else:
                message = f"{record.id} {was}{status}"
            found.append(Consequence(status, record.id, message))
        if old is not None:
            earlier = schema.amendments(old.get("amended"))[0]
            found += [Consequence("amended", record.id, f"{record.id} amended by {a.who}: {a.why}")
                      for a in schema.amendments(record.get("amended"))[0] if a not in earlier]
        if record.type != schema.ACTION:
            continue
        if schema.is_overdue(record, today) and not (old and schema.is_overdue(old, today)):
            found.append(Consequence("newly-overdue", record.id,
                                     f"{record.id} is overdue (due {record.get('due')}, "
                                     f"owner {record.get('owner') or 'none'})"))
        if old and schema.is_open(old) and not schema.is_open(record):
            found.append(Consequence("closed", record.id, f"{record.id} {old_status} → {status}"))
        elif old and not schema.is_open(old) and schema.is_open(record):
            found.append(Consequence("reopened", record.id, f"{record.id} {old_status} → {status}"))
    return found


def _gaps(before: dict[str, Record], after: dict[str, Record],
          today: dt.date) -> list[Consequence]:
    """Gaps (``dmlog list --gaps``) a change opens or closes; overdue is said above."""
    old, new = (gaps.Finder(records.values(), today).all() for records in (before, after))
    found = []
    for record_id in sorted(set(old) | set(new), key=lambda i: _order(after.get(i) or before[i])):
        for name in sorted(new.get(record_id, set()) - old.get(record_id, set()) - {"overdue"}):
            found.append(Consequence("gap-opened", record_id,
                                     f"{record_id}: {gaps.GAPS[name].description} (gap {name})"))
        if record_id not in after:
            continue  # a removed record's gaps go with it
        for name in sorted(old.get(record_id, set()) - new.get(record_id, set()) - {"overdue"}):
            found.append(Consequence("gap-closed", record_id,
                                     f"{record_id}: no longer {gaps.GAPS[name].description} "
                                     f"(gap {name} closed)"))
    return found


# -- formats ------------------------------------------------------------------------
_SIGNS = {"added": "+", "removed": "-", "changed": "~"}


def as_text(diff: LogDiff) -> str:
    lines = [f"dmlog diff {diff.base} → {diff.head}: {diff.summary()}"]
    for change in diff.changes:
        status = f" ({change.status})" if change.status else ""
        lines.append(f"{_SIGNS[change.kind]} {change.id} {change.type} “{change.title}”{status}"
                     f"  [{change.path}:{change.line}]")
        lines += [f"    {detail}" for detail in change.details()]
    if diff.consequences:
        lines.append("What follows:")
        lines += [f"  {c.message}" for c in diff.consequences]
    if diff.problems:
        lines.append("Problems reading the records:")
        lines += [f"  {p}" for p in diff.problems]
    return "\n".join(lines) + "\n"


def md_text(text: str) -> str:
    """Text safe in a Markdown table cell (records are untrusted input)."""
    text = " ".join(text.split())
    for char in "\\|`*_[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def as_markdown(diff: LogDiff) -> str:
    """For a pull-request comment or a GitHub job summary."""
    out = [f"### Decision log: {md_text(diff.base)} → {md_text(diff.head)}", "", md_text(diff.summary()), ""]
    if not diff.changes:
        out += ["No record was added, removed or changed.", ""]
    for kind, heading in (("added", "Added"), ("changed", "Changed"), ("removed", "Removed")):
        changes = diff.of_kind(kind)
        if not changes:
            continue
        out += [f"#### {heading} ({len(changes)})", "", "| ID | Title | Status | Details | File |",
                "|---|---|---|---|---|"]
        for change in changes:
            details = "<br>".join(md_text(detail) for detail in change.details())
            out.append(f"| {md_text(change.id)} | {md_text(change.title)} | {md_text(change.status)} "
                       f"| {details} | {md_text(change.path)}:{change.line} |")
        out.append("")
    if diff.consequences:
        out += ["#### What follows", ""] + [f"- {md_text(c.message)}" for c in diff.consequences] + [""]
    if diff.problems:
        out += ["#### Problems reading the records", ""] + [f"- {md_text(p)}" for p in diff.problems] + [""]
    return "\n".join(out)


def as_json(diff: LogDiff) -> str:
    data = {
        "base": diff.base, "head": diff.head, "summary": diff.summary(),
        "added": [asdict(c) for c in diff.of_kind("added")],
        "changed": [asdict(c) for c in diff.of_kind("changed")],
        "removed": [asdict(c) for c in diff.of_kind("removed")],
        "consequences": [asdict(c) for c in diff.consequences],
        "problems": {"base": [p.as_dict() for p in diff.base_problems],
                     "head": [p.as_dict() for p in diff.head_problems]},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": as_text, "md": as_markdown, "json": as_json}
