"""The IDs the log has issued: one file (:data:`RELPATH`, at the same place in every
log, whatever its ``dmlog_registry_dir``), one ID a line, that only grows. ``dmlog
new`` and the importer add each ID they give and never give one listed here, so an ID
stays with its record even after the record's file is removed; ``dmlog diff --check``
refuses a change that takes an ID out of it, and (with git history) a new record given
an ID some earlier record had.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dmlog import schema
from dmlog.log import layout
from dmlog.log.files import write_atomically
from dmlog.log.sources import Log

#: the types whose IDs the log issues by number (a meeting's ID is its date and name)
NUMBERED_TYPES = (schema.DECISION, schema.ACTION)

#: where a log keeps it
RELPATH = f"{layout.REGISTRY_DIR}/issued-ids.txt"
_HEADER = ("# IDs this log has issued, one a line. dmlog adds to this file and never gives\n"
           "# an ID listed here to another record: do not remove lines.\n")


def path(root: Path) -> Path:
    return root / RELPATH


def read(root: Path) -> dict[str, int]:
    """ID -> its line in the ledger (none: no ledger yet)."""
    try:
        text = path(root).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    issued: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.split("#", 1)[0].strip()
        if entry:
            issued.setdefault(entry, number)
    return issued


def with_ids(root: Path, ids: Iterable[str]) -> str | None:
    """The ledger's text with these IDs added (those not yet in it), every line it has
    kept; None if all are in it."""
    target = path(root)
    known = read(root)
    new = [i for i in dict.fromkeys(ids) if i not in known]
    if not new:
        return None
    text = target.read_text(encoding="utf-8") if target.exists() else _HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(f"{i}\n" for i in new)


def record(root: Path, ids: Iterable[str]) -> None:
    """Add IDs to the ledger (those not yet in it), keeping every line it has."""
    if (text := with_ids(root, ids)) is not None:
        write_atomically(path(root), text)


def record_issued(log: Log, new: Iterable[str]) -> None:
    """After new records are written: their IDs, and those of every decision and action
    of the log written by hand since (the ledger catches up), added to the ledger."""
    numbered = [r.id for r in log.records if r.type in NUMBERED_TYPES]
    record(log.root, [*numbered, *new])
