"""A back catalogue of minutes: which files, each meeting's date and title, and which
minutes the log already holds.

A log keeps every imported meeting's original minutes beside its page (the meeting's
``:source:``), so minutes are already imported when their text is that of a kept copy:
compared by a hash of the text with line endings and trailing spaces set aside, so a
copy saved again by an editor is still the same minutes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from dmlog import schema
from dmlog.importer import dates
from dmlog.log.sources import Log

#: The files of a folder that are minutes.
SUFFIXES = (".txt", ".md", ".markdown", ".myst", ".text")
_DAY_IN_NAME = re.compile(r"(?<!\d)(\d{4})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_MONTH_IN_NAME = re.compile(r"(?<!\d)(\d{4})[-_.](0[1-9]|1[0-2])(?!\d)")


def minutes_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the minutes in the folders named (not hidden, sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
                            and p.suffix.lower() in SUFFIXES)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def fingerprint(text: str) -> str:
    """The minutes' text as a hash, whatever its line endings and trailing spaces."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return hashlib.sha256("\n".join(lines).strip("\n").encode("utf-8")).hexdigest()


def imported_minutes(root: Path, log: Log) -> dict[str, str]:
    """Fingerprint of each kept copy of minutes -> the meeting it was imported as."""
    found: dict[str, str] = {}
    for record in log.records:
        source = record.get("source") if record.type == schema.MEETING else ""
        path = root / source
        if source and path.is_file() and not path.is_symlink():
            try:
                found.setdefault(fingerprint(path.read_text(encoding="utf-8")), record.id)
            except (OSError, UnicodeDecodeError):
                continue  # the build and `dmlog check` report such a file
    return found


def meeting_date(path: Path, text: str) -> str | None:
    """The meeting's date: from the file's name (2026-11-19, 20261119, 2026-11), else
    the first date with a year near the top of the minutes."""
    if day := _DAY_IN_NAME.search(path.stem):
        candidate = "-".join(day.groups())
        if dates.parse_due(candidate, candidate):
            return candidate
    if month := _MONTH_IN_NAME.search(path.stem):
        return "-".join(month.groups())
    return dates.date_in("\n".join(text.splitlines()[:30]))


def meeting_title(path: Path, text: str, markdown: bool) -> str:
    """A title for minutes imported without --title: their first heading, or a short
    first line, else the file's name (without its date)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    heading = re.match(r"^#{1,6}\s+(.*?)\s*#*$", first) if markdown else None
    candidate = heading[1] if heading else first
    if heading or (len(candidate) <= 80 and ":" not in candidate and not candidate.endswith(".")):
        title = _without_date(candidate)
        if re.search(r"[A-Za-z]", title):
            return title
    name = _MONTH_IN_NAME.sub(" ", _DAY_IN_NAME.sub(" ", path.stem))
    return " ".join(re.sub(r"[-_.]+", " ", name).split()) or "Meeting"


def _without_date(text: str) -> str:
    text = _DAY_IN_NAME.sub(" ", text)
    text = dates.DATE_WITH_YEAR.sub(" ", text)
    return " ".join(text.strip(" -–—,:;()").split()).strip(" -–—,:;()")
