"""The IDs the log has issued: a file in the registry folder, one ID a line, that
only grows. ``dmlog new`` and the importer add each ID they give and never give one
listed here, so an ID stays with its record even after the record's file is removed;
``dmlog diff --check`` refuses a change that takes an ID out of it, and (with git
history) a new record given an ID some earlier record had.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dmlog.log import layout
from dmlog.log.files import write_atomically
from dmlog.log.sources import Log

#: the types whose IDs the log issues by number (a meeting's ID is its date and name)
NUMBERED_TYPES = ("decision", "action")

FILE_NAME = "issued-ids.txt"
_HEADER = ("# IDs this log has issued, one a line. dmlog adds to this file and never gives\n"
           "# an ID listed here to another record: do not remove lines.\n")


def path(root: Path, registry_dir: str = layout.REGISTRY_DIR) -> Path:
    return root / registry_dir / FILE_NAME


def relpath(registry_dir: str = layout.REGISTRY_DIR) -> str:
    """The ledger's path in the log, as problems name it."""
    return f"{registry_dir.rstrip('/')}/{FILE_NAME}"


def read(root: Path, registry_dir: str = layout.REGISTRY_DIR) -> dict[str, int]:
    """ID -> its line in the ledger (none: no ledger yet)."""
    try:
        text = path(root, registry_dir).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    issued: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.split("#", 1)[0].strip()
        if entry:
            issued.setdefault(entry, number)
    return issued


def with_ids(root: Path, ids: Iterable[str], registry_dir: str = layout.REGISTRY_DIR) -> str | None:
    """The ledger's text with these IDs added (those not yet in it), every line it has
    kept; None if all are in it."""
    target = path(root, registry_dir)
    known = read(root, registry_dir)
    new = [i for i in dict.fromkeys(ids) if i not in known]
    if not new:
        return None
    text = target.read_text(encoding="utf-8") if target.exists() else _HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(f"{i}\n" for i in new)


def record(root: Path, ids: Iterable[str], registry_dir: str = layout.REGISTRY_DIR) -> None:
    """Add IDs to the ledger (those not yet in it), keeping every line it has."""
    if (text := with_ids(root, ids, registry_dir)) is not None:
        write_atomically(path(root, registry_dir), text)


def record_issued(log: Log, new: Iterable[str], registry_dir: str = layout.REGISTRY_DIR) -> None:
    """After new records are written: their IDs, and those of every decision and action
    of the log written by hand since (the ledger catches up), added to the ledger."""
    numbered = [r.id for r in log.records if r.type in NUMBERED_TYPES]
    record(log.root, [*numbered, *new], registry_dir)
