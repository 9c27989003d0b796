"""The rules every record must follow, applied alike by the Sphinx build and by
``dmlog check``: each problem names the file and line and says how to fix it."""

from __future__ import annotations

import functools
import graphlib

from dmlog import schema
from dmlog.log import characters, names, registries, untrusted
from dmlog.log.model import Record
from dmlog.log.problems import Problem

#: How the minutes importer marks an owner it could not resolve (never a guess).
UNRESOLVED_PREFIX = "UNRESOLVED-"


_HOW_TO_ADD = {
    schema.PERSON: " (`dmlog new person`)",
    schema.DOCUMENT: " (`dmlog registry refresh --bib lsst.bib --add HANDLE`)",
    schema.MEETING: "add the meeting page under docs/meetings/ (`dmlog new meeting`)",
    schema.DECISION: "check the decision ID",
}


def _where_to_add(kind: str) -> str:
    """How to create a record of the kind a link points to."""
    if kind not in registries.FILE_OF:
        return _HOW_TO_ADD[kind]
    return f"add it to {registries.DEFAULT_DIR}/{registries.FILE_OF[kind]}{_HOW_TO_ADD.get(kind, '')}"


def validate(records: list[Record]) -> list[Problem]:
    """Every problem of the log; an empty list means it may be published."""
    problems: list[Problem] = []
    by_id = _Records()
    for record in records:
        first = by_id.setdefault(record.id, record)
        if first is not record:
            problems.append(_problem(
                record, f"duplicate ID {record.id!r}: it is already used at "
                f"{first.path}:{first.line}; give this {record.type} the next free ID"))
    for record in records:
        problems += _check_record(record, by_id)
    problems += _check_supersedes(records, by_id)
    return sorted(set(problems))


class _Records(dict[str, Record]):
    """The log's records by ID, and the index of its people's names, made when a
    problem first needs it (a "did you mean")."""

    @functools.cached_property
    def names(self) -> names.NameIndex:
        return names.NameIndex.of_records(self.values())


def _names_of(by_id: dict[str, Record]) -> names.NameIndex:
    return by_id.names if isinstance(by_id, _Records) else names.NameIndex.of_records(by_id.values())


def _problem(record: Record, message: str) -> Problem:
    return Problem(record.path, record.line, message, record.id)


def _check_record(record: Record, by_id: dict[str, Record]) -> list[Problem]:
    rtype = schema.TYPES[record.type]
    return [*_form_problems(record, rtype), *_missing_fields(record, rtype), *_status_problems(record, rtype),
            *(problem for name in rtype.options for problem in _option_problems(record, name, by_id)),
            *_publishing_problems(record, rtype)]


def _form_problems(record: Record, rtype: schema.RecordType) -> list[Problem]:
    """The ID's form; characters a reader cannot see in the title or an option."""
    found = []
    if not rtype.id_pattern.fullmatch(record.id):
        found.append(_problem(record, f"malformed {record.type} ID {record.id!r}: "
                              f"use the form of {rtype.id_example!r} (in ASCII letters and digits)"))
    if problem := characters.invisible_problem(record.title):
        found.append(_problem(record, f"the title of {record.id} {problem}"))
    for name, value in record.options.items():
        if problem := characters.invisible_problem(value):
            found.append(_problem(record, f"the :{name}: of {record.id} {problem}"))
    return found


def _missing_fields(record: Record, rtype: schema.RecordType) -> list[Problem]:
    """Each required field left empty, with how to write it."""
    return [_problem(record, f"{record.type} {record.id} has no {name}: {_how_to_add(record, rtype, name)}")
            for name in rtype.required
            if not (record.title if name == "title" else record.get(name)).strip()]


def _how_to_add(record: Record, rtype: schema.RecordType, name: str) -> str:
    if name == "title":
        return f"write it after the directive name: ```{{{record.type}}} Title"
    if name in schema.LINKS:
        return f"add ':{name}: <ID>' naming the {' or '.join(schema.LINKS[name].targets)}"
    if name == "status":
        return f"add ':status: {rtype.default_status}' (one of {', '.join(rtype.statuses)})"
    if (field := schema.FIELDS.get(name)) is not None and field.values:
        return f"add ':{name}: {field.values[0]}' (one of {', '.join(field.values)})"
    return f"add ':{name}: ...'"


def _status_problems(record: Record, rtype: schema.RecordType) -> list[Problem]:
    """A status the type does not have."""
    status = record.get("status")
    if status and rtype.statuses and status not in rtype.statuses:
        return [_problem(record, f"status {status!r} is not valid for {schema.a(record.type)}: "
                         f"use one of {', '.join(rtype.statuses)}")]
    if status and not rtype.statuses:
        return [_problem(record, f"{schema.a(record.type)} takes no status: remove ':status: {status}'")]
    return []


def _publishing_problems(record: Record, rtype: schema.RecordType) -> list[Problem]:
    """:hide: (every record is published); a closed date on a record not closed."""
    found = []
    status = record.get("status")
    # a bare ':hide:' hides the record too (sphinx-needs reads it as a flag)
    if "hide" in record.options and record.get("hide") not in ("no", "false", "False"):
        found.append(_problem(record, f"{record.id} is hidden (:hide:), but every record of "
                              "the log is published: remove :hide:"))
    if record.get("closed") and rtype.closed and status not in rtype.closed:
        found.append(_problem(record, f"{record.id} has a closed date but status {status!r}: "
                              f"set the status to {' or '.join(rtype.closed)}, or remove :closed:"))
    return found


def _option_problems(record: Record, name: str, by_id: dict[str, Record]) -> list[Problem]:
    """One option's value against its field's kind and values, and its links' targets."""
    field = schema.FIELDS.get(name)
    value = record.get(name).strip()
    found = []
    if field and value:
        if field.kind == "date" and schema.parse_date(value) is None:
            found.append(_problem(record, f"bad date {value!r} in :{name}: of {record.id}: "
                                  "write YYYY-MM-DD, or YYYY-MM when the day is not known"))
        if field.kind == "amendments":
            found += _check_amendments(record, name, value, by_id)
        if field.kind == "url" and (unsafe := untrusted.url_problem(value)):
            found.append(_problem(record, f"{unsafe} in :{name}: of {record.id}"))
        if field.values and value not in field.values:
            found.append(_problem(record, f"{value!r} is not a value of :{name}: ({record.id}): "
                                  f"use one of {', '.join(field.values)}"))
    if name in schema.LINKS:
        found += _check_links(record, schema.LINKS[name], by_id)
    return found


def _check_amendments(record: Record, name: str, value: str,
                      by_id: dict[str, Record]) -> list[Problem]:
    """Each entry 'YYYY-MM-DD who: why', who a person or group of the log."""
    entries, malformed = schema.amendments(value)
    wrong = [f"{entry!r} is not 'YYYY-MM-DD who: why'" for entry in malformed]
    wrong += [f"{a.who!r} (in {a.text!r}) is not a person or group of the log" for a in entries
              if by_id.get(a.who) is None or by_id[a.who].type not in schema.LINKS["owner"].targets]
    return [_problem(record, f"amendment of {record.id}: {text}; write ':{name}: 2024-05-02 limk: "
                     "why it changed', entries separated by ';'") for text in wrong]


def _check_links(record: Record, link: schema.Link, by_id: dict[str, Record]) -> list[Problem]:
    found = []
    kinds = " or ".join(link.targets)
    for target_id in record.links(link.name):
        if target_id.startswith(UNRESOLVED_PREFIX):
            name = target_id.removeprefix(UNRESOLVED_PREFIX).replace("_", " ")
            if name == "unassigned":
                found.append(_problem(record, f"the minutes name no {link.name} of {record.id}: "
                                      f"`dmlog resolve {target_id} ID --record {record.id}`"))
                continue
            known = _names_of(by_id).lookup(name).id
            fix = (f"the registry has {known} now: `dmlog resolve {target_id} {known}` puts the ID "
                   "in every place the name stands" if known else
                   f"`dmlog resolve {target_id} ID` puts the ID of the {kinds} in every place the "
                   f"name stands; someone new: `dmlog new person ID --name \"{name}\" --resolves "
                   f"{target_id}`")
            found.append(_problem(record, f"unresolved {link.name} {name!r} (from the minutes): {fix}"))
            continue
        target = by_id.get(target_id)
        if target is None:
            found.append(_problem(record, f"unknown {link.name} {target_id!r}: no {kinds} has "
                                  f"this ID;{_did_you_mean(target_id, link, by_id)} fix the "
                                  f"spelling or {_where_to_add(link.targets[0])}"))
        elif target.type not in link.targets:
            found.append(_problem(record, f"{link.name} {target_id!r} is {schema.a(target.type)}, "
                                  f"not {schema.a(kinds)}"))
        elif target_id == record.id:
            found.append(_problem(record, f"{record.id} names itself in :{link.name}:"))
        elif link.name == schema.DECISION and schema.is_open(record) \
                and target.get("status") == "withdrawn":
            # (a superseded decision's actions may carry over to the one replacing it)
            found.append(_problem(record, (
                f"{record.id} is open but implements {target_id}, which was withdrawn: "
                f"cancel the action (`dmlog close {record.id} --cancelled`), or link it "
                "to the decision it now serves")))
    return found


def _did_you_mean(written: str, link: schema.Link, by_id: dict[str, Record]) -> str:
    """" did you mean limk (Kian-Tat Lim)?" for a name or a misspelt ID of a person or
    group; "" for other links, or when nothing is close."""
    if not set(link.targets) & {schema.PERSON, schema.GROUP}:
        return ""
    index = _names_of(by_id)
    match = index.lookup(written)
    close = (match.id,) if match.id else match.candidates or index.closest(written)
    return f" did you mean {' or '.join(index.label(i) for i in close)}?" if close else ""


def _check_supersedes(records: list[Record], by_id: dict[str, Record]) -> list[Problem]:
    found = []
    decisions = [r for r in records if r.type == schema.DECISION and by_id.get(r.id) is r]
    superseded_by: dict[str, list[str]] = {}
    for record in decisions:
        for old in record.links("supersedes"):
            if old == record.id:
                continue  # reported by _check_links
            superseded_by.setdefault(old, []).append(record.id)
            old_record = by_id.get(old)
            if old_record and old_record.type == schema.DECISION and old_record.get("status") != "superseded":
                found.append(_problem(old_record, (
                    f"{old} is superseded by {record.id} but its status is "
                    f"{old_record.get('status')!r}: set ':status: superseded' "
                    f"(`dmlog supersede {old} {record.id}` does both)")))
    for record in decisions:
        if record.get("status") == "superseded" and record.id not in superseded_by:
            found.append(_problem(record, (
                f"{record.id} is 'superseded' but no decision supersedes it: add "
                f"':supersedes: {record.id}' to the decision that replaced it, "
                "or use status 'withdrawn'")))
    found += _supersedes_cycles(decisions, by_id)
    return found


def _supersedes_cycles(decisions: list[Record], by_id: dict[str, Record]) -> list[Problem]:
    """One problem per cycle, at the cycle's record that comes first in reading order."""
    order = {record.id: index for index, record in enumerate(decisions)}
    # a decision naming itself is reported by _check_links; it is not a cycle to walk
    graph = {r.id: {old for old in r.links("supersedes") if old in order and old != r.id}
             for r in decisions}
    found: list[Problem] = []
    while True:
        try:
            graphlib.TopologicalSorter(graph).prepare()
            return found
        except graphlib.CycleError as err:
            cycle = err.args[1][:-1]  # each node is superseded by the next one
            graph[cycle[1]].discard(cycle[0])  # break it, to find the next cycle
            first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
            names = list(reversed(cycle[first + 1:] + cycle[:first + 1]))
            chain = " supersedes ".join([*names, names[0]])
            found.append(_problem(by_id[names[0]], f"supersedes cycle: {chain}; "
                                  "a decision cannot (even indirectly) supersede itself"))


def new_supersedes_cycle(records: list[Record], new_id: str, old_id: str) -> str | None:
    """The cycle that ``new_id`` superseding ``old_id`` would close, by the rule the build
    applies (what `dmlog supersede` checks before it writes), or None."""
    decisions = [r for r in records if r.type == schema.DECISION]
    before = {p.message for p in _supersedes_cycles(decisions, {r.id: r for r in decisions})}
    after = [r.with_options(supersedes=", ".join([*r.links("supersedes"), old_id]))
             if r.id == new_id else r for r in decisions]
    found = _supersedes_cycles(after, {r.id: r for r in after})
    return next((p.message for p in found if p.message not in before), None)
