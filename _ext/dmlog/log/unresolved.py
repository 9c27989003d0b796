"""Names the importer could not resolve, settled once the person is in the registry.

The importer writes a name it cannot resolve as ``UNRESOLVED-Jane_Doe`` among a record's
owners and a meeting's attendees or chair, and says so in the record's text ("(Owner to
resolve: Jane Doe.)"); an action no one owns gets ``UNRESOLVED-unassigned``. The build
rejects them until :func:`settle` puts an ID in every place the mark stands and takes
the name out of the note, changing no other byte of the files.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from dmlog.log import edits, escaping
from dmlog.log.names import PEOPLE_FIELDS
from dmlog.log.sources import Log, SourceFile, SourceRecord
from dmlog.log.validation import UNRESOLVED_PREFIX

#: The owner of an item whose minutes name nobody ("(?)", or a bare line under "Action items").
UNASSIGNED = "unassigned"
_OWNER_NOTE = re.compile(r"^\(Owner to resolve: (?P<names>.*)\.\)\s*$")
UNASSIGNED_NOTE = "(No owner is named in the minutes: assign one.)"


def mark(name: str) -> str:
    """The mark the importer writes for a name it cannot resolve."""
    return UNRESOLVED_PREFIX + re.sub(r"\W+", "_", name).strip("_")


def owner_note(names: list[str]) -> str:
    """The line a record's text gets for the names it could not resolve."""
    return "(Owner to resolve: " + ", ".join(escaping.markdown_text(n) for n in names) + ".)"


def marks(log: Log, only: set[str] | None = None) -> list[str]:
    """Every unresolved mark in the log (in the records ``only`` names, if given), in
    order of first appearance."""
    found = [v for r in log.records if only is None or r.id in only
             for f in PEOPLE_FIELDS for v in r.links(f) if v.startswith(UNRESOLVED_PREFIX)]
    return list(dict.fromkeys(found))


def as_mark(written: str) -> str:
    """``UNRESOLVED-Jane_Doe`` as given, or the mark of a name ("Jane Doe")."""
    return written if written.startswith(UNRESOLVED_PREFIX) else mark(written)


def closest_marks(log: Log, written: str) -> list[str]:
    return difflib.get_close_matches(as_mark(written), marks(log), n=5, cutoff=0.5)


def written_name(log: Log, unresolved: str) -> str:
    """The name as the minutes wrote it: from a record's "(Owner to resolve …)" note
    (a mark loses punctuation: "Wil O'Mullane" is ``UNRESOLVED-Wil_O_Mullane``), else
    from the mark."""
    for source in log.files:
        if not any(unresolved in r.record.links(f) for r in source.records for f in PEOPLE_FIELDS):
            continue
        for line in source.lines:
            if note := _OWNER_NOTE.match(line.strip()):
                for name in note["names"].split(", "):
                    if mark(name.replace("\\", "")) == unresolved:
                        return name.replace("\\", "")
    return unresolved.removeprefix(UNRESOLVED_PREFIX).replace("_", " ")


@dataclass
class Change:
    where: str  # file:line
    record_id: str
    what: str


def settle(log: Log, unresolved: str, target: str,
           only: set[str] | None = None) -> tuple[dict[Path, str], list[Change]]:
    """The files with ``target`` (a person or group ID) in every place of the mark
    ``unresolved`` (in the records ``only`` names, if given), its name out of each
    "(Owner to resolve …)" note, and what changed. Nothing is written here."""
    files: dict[Path, str] = {}
    changes: list[Change] = []
    for source in log.files:
        changed = [c for record in source.records if only is None or record.record.id in only
                   for c in _settle_fields(source, record, unresolved, target)]
        if not changed:
            continue
        records = sorted(source.records, key=lambda r: r.record.line)
        for record, following in reversed(list(zip(records, [*records[1:], None], strict=True))):
            if any(c.record_id == record.record.id for c in changed):
                end = following.record.line - 1 if following else len(source.lines)
                _drop_from_note(source, record.record.line, end, unresolved)
        changes += changed
        files[source.path] = "".join(source.lines)
    return files, changes


def _settle_fields(source: SourceFile, record: SourceRecord, unresolved: str,
                   target: str) -> list[Change]:
    changes = []
    for name in PEOPLE_FIELDS:
        ids = record.record.links(name)
        if unresolved not in ids:
            continue
        settled = list(dict.fromkeys(target if i == unresolved else i for i in ids))
        edits.set_option(source, record, name, ", ".join(settled))
        changes.append(Change(f"{source.relpath}:{record.option_lines[name]}", record.record.id,
                              f":{name}: {', '.join(settled)}"))
    return changes


def _drop_from_note(source: SourceFile, start: int, end: int, unresolved: str) -> None:
    """Take the name of ``unresolved`` out of the note in lines ``start``..``end``
    (1-based) of the file; a note left with no name goes, with the blank line before it."""
    lines = source.lines
    for index in range(start - 1, min(end, len(lines))):
        text = lines[index].rstrip("\r\n")
        newline = lines[index][len(text):]
        note = _OWNER_NOTE.match(text)
        if unresolved == UNRESOLVED_PREFIX + UNASSIGNED and text == UNASSIGNED_NOTE:
            kept: list[str] = []
        elif note:
            names = note["names"].split(", ")
            kept = [n for n in names if mark(n.replace("\\", "")) != unresolved]
            if len(kept) == len(names):
                continue
        else:
            continue
        if kept:
            lines[index] = f"(Owner to resolve: {', '.join(kept)}.){newline}"
        else:
            del lines[index]
            if index > 0 and not lines[index - 1].strip():
                del lines[index - 1]
        return
