"""A record that was decided stays decided: the rules over two states of the log
(:data:`dmlog.schema.LIFECYCLE`, changed by a log's ``dmlog_lifecycle``) that
``dmlog diff BASE HEAD --check`` applies to a change.

Each violation is a :class:`~dmlog.log.problems.Problem` at the file and line of the
head state (for a removed record or minutes file, of the base), its message ending with
the rule's name, which conf.py may switch off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path

from dmlog import schema
from dmlog.log import ledger
from dmlog.log.problems import Problem
from dmlog.log.sources import Log, SourceRecord

#: the pseudo-field of a record's text (the body below its options)
TEXT = "text"
#: what each settled type is changed into instead of being deleted
_RETIRE = {schema.DECISION: "set :status: withdrawn with a :reason: (or supersede it)",
           schema.ACTION: "set :status: cancelled with a :reason:"}


@dataclass(frozen=True)
class State:
    """One state of the log as the rules see it."""

    log: Log
    #: IDs issued up to this state besides its records' (the ledger, and git history),
    #: each with the title it was last seen with ("": not known)
    issued: Mapping[str, str] = field(default_factory=dict)


def _written(log: Log) -> dict[str, SourceRecord]:
    found: dict[str, SourceRecord] = {}
    for source in log.files:
        for item in source.records:
            found.setdefault(item.record.id, item)  # a duplicate is `dmlog check`'s to report
    return found


def value(item: SourceRecord, name: str) -> str:
    """A field as the rules compare it: the text without its layout, lists as sets."""
    if name == TEXT:
        return " ".join(item.body.split())
    if name == "title":
        return " ".join(item.record.title.split())
    raw = item.record.get(name)
    if name in schema.LINKS or name == "tags":
        return ", ".join(sorted(schema.split_list(raw)))
    return " ".join(raw.split())


def check(base: State, head: State, rules: schema.Lifecycle) -> list[Problem]:
    """Every violation of ``rules`` by the change from ``base`` to ``head``."""
    before, after = _written(base.log), _written(head.log)
    found: list[tuple[str, Problem]] = []
    superseded_by = {old for item in after.values() if item.record.type == schema.DECISION
                     for old in item.record.links("supersedes")}
    for record_id, old in before.items():
        if record_id not in after and old.record.type in schema.logged_types():
            found.append(("record-deleted", _deleted(old)))
    for record_id, new in after.items():
        was = before.get(record_id)
        if was is None:
            # a record put back as it was (same title) is restored, not a new one
            if record_id in base.issued and base.issued[record_id] != new.record.title:
                found.append(("id-reused", Problem(new.record.path, new.record.line, (
                    f"{record_id} was issued before ({ledger.RELPATH} or git "
                    "history has it) to a record no longer in the log: an ID is never given to "
                    "another record; give this one the next free ID (`dmlog new` picks it) "
                    "[id-reused]"), record_id)))
            continue
        found += _changed(was, new, rules, superseded_by)
    found += _ledger(base, head)
    found += _minutes(base, head)
    return sorted(problem for rule, problem in found if rule not in rules.off)


def _problem(rule: str, item: SourceRecord, field: str, message: str) -> tuple[str, Problem]:
    record = item.record
    line = item.option_lines.get(field, record.line)
    return rule, Problem(record.path, line, f"{message} [{rule}]", record.id)


def _deleted(old: SourceRecord) -> Problem:
    record = old.record
    instead = _RETIRE.get(record.type, "restore it")
    return Problem(record.path, record.line, (
        f"{record.id} ({record.type} “{record.title}”) was removed: a record is never deleted; "
        f"restore it and {instead} [record-deleted]"), record.id)


def _changed(old: SourceRecord, new: SourceRecord, rules: schema.Lifecycle,
             superseded_by: Set[str]) -> Iterable[tuple[str, Problem]]:
    record, kind = new.record, new.record.type
    before, after = old.record.get("status"), record.get("status")
    if before != after and before and after in schema.TYPES[kind].statuses \
            and not rules.allows(kind, before, after):
        allowed = rules.transitions.get(kind, {}).get(before, ())
        options = (f"a {before} {kind} may become {', '.join(allowed)}" if allowed else
                   f"nothing leads back from {before}: record a new {kind} instead")
        yield _problem("status-change", new, "status",
                       f"{record.id}: status {before} → {after} is not allowed ({options})")
    if before != after and kind == schema.DECISION and after == "superseded" \
            and record.id not in superseded_by:
        yield _problem("superseded-unnamed", new, "status", (
            f"{record.id} is now superseded but no decision names it: add "
            f":supersedes: {record.id} to the decision that replaces it"))
    if before != after and rules.requires_reason(kind, after) and not record.get("reason"):
        yield _problem("reason-missing", new, "status", (
            f"{record.id} is now {after} without saying why: add :reason: with a sentence"))
    # a malformed entry is `dmlog check`'s to report (the build refuses it too)
    old_entries, entries = (schema.amendments(r.record.get("amended"))[0] for r in (old, new))
    if not rules.is_settled(old.record):
        return
    if removed := [a.text for a in old_entries if a not in entries]:
        yield _problem("settled-changed", new, "amended", (
            f"{record.id} is {before}: amendment entries were removed ({'; '.join(removed)}); "
            "its amendment history only grows: put them back"))
    changed = [name for name in rules.protected if value(old, name) != value(new, name)]
    added = [a for a in entries if a not in old_entries]
    if changed and not added:
        field = next((n for n in changed if n in new.option_lines), changed[0])
        yield _problem("settled-changed", new, field, (
            f"{record.id} is {before}: its {', '.join(changed)} changed without an amendment; "
            f"add ':amended: YYYY-MM-DD who: why' (entries separated by ';'), or leave it as it "
            f"was and record a new {kind}"))


def _ledger(base: State, head: State) -> Iterable[tuple[str, Problem]]:
    was, now = (ledger.read(s.log.root) for s in (base, head))
    for record_id, line in was.items():
        if record_id not in now:
            yield "ledger-changed", Problem(ledger.RELPATH, line, (
                f"{record_id} was taken out of the IDs the log has issued: the list only grows; "
                "put the line back [ledger-changed]"), record_id)


def _minutes(base: State, head: State) -> Iterable[tuple[str, Problem]]:
    """Each meeting's original minutes (its ``source``) must stay as they were written."""
    for record in base.log.records:
        source = record.get("source")
        if record.type != schema.MEETING or not source:
            continue
        old_path, new_path = _inside(base.log.root, source), _inside(head.log.root, source)
        if old_path is None or new_path is None:
            continue  # a path out of the log is `dmlog check`'s to report, never read here
        try:
            old = old_path.read_bytes()
        except OSError:
            continue  # there were none to keep
        try:
            new = new_path.read_bytes()
        except OSError:
            yield "minutes-edited", Problem(source, 1, (
                f"the original minutes of {record.id} were removed: they are kept as written; "
                "restore the file [minutes-edited]"), record.id)
            continue
        if old != new:
            old_lines, new_lines = old.splitlines(), new.splitlines()
            line = next((n for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), 1) if a != b),
                        min(len(old_lines), len(new_lines)) + 1)
            yield "minutes-edited", Problem(source, line, (
                f"the original minutes of {record.id} were edited (first at this line): they are "
                "kept as they were written; correct a record in its own file instead, and leave "
                "the minutes as they were [minutes-edited]"), record.id)


def _inside(root: Path, relpath: str) -> Path | None:
    """``root/relpath`` if it is a file of the log (a record's text is untrusted: it may
    name a file anywhere on the machine)."""
    path = (root / relpath).resolve()
    return path if path.is_relative_to(root.resolve()) else None
