"""Changes to the log's files that keep every byte they do not need to change:
new records appended from the templates, options set in place, next free IDs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from dmlog import schema
from dmlog.log import layout
from dmlog.log.files import render, write_atomically
from dmlog.log.problems import LogError
from dmlog.log.sources import Log, SourceFile, SourceRecord, line_ending, save_lines


def next_ids(log: Log, kind: str, year: int, count: int = 1,
             taken: set[str] | None = None) -> list[str]:
    """The next ``count`` free IDs of a decision or action of ``year``."""
    prefix = schema.numbered_id(kind, year, 0).removesuffix("000")
    used = log.ids() | (taken or set())
    numbers = [int(i[len(prefix):]) for i in used
               if i.startswith(prefix) and i[len(prefix):].isdigit()]
    start = max(numbers, default=0) + 1
    return [schema.numbered_id(kind, year, n) for n in range(start, start + count)]


def set_option(source: SourceFile, record: SourceRecord, key: str, value: str,
               after: str = "status") -> None:
    """Give a record's option a value: its line is replaced, or a line is added after
    the ``after`` option (or after the last option). Only that line changes."""
    lines = source.lines
    newline = line_ending(source)
    text = f":{key}: {value}{newline}"
    if key in record.option_lines:
        number = record.option_lines[key]
        lines[number - 1] = text
    else:
        anchor = record.option_lines.get(after) or max(record.option_lines.values(),
                                                       default=record.record.line)
        lines.insert(anchor, text)
        shift = {k: (n + 1 if n > anchor else n) for k, n in record.option_lines.items()}
        record.option_lines.clear()
        record.option_lines.update(shift)
        record.option_lines[key] = anchor + 1
    record.record.options[key] = value


def record_text(kind: str, record_id: str, title: str, options: Mapping[str, str | None],
                body: str = "") -> str:
    return render("record.md.jinja", type=kind, id=record_id, title=" ".join(title.split()),
                  options={k: " ".join(str(v).split()) for k, v in options.items() if v},
                  body=body.strip())


def _year_and_name(meeting_id: str) -> tuple[str, str]:
    """MTG-2019-03-dmlt-f2f -> ("2019", "2019-03-dmlt-f2f"): its folder and file name."""
    meeting = schema.TYPES["meeting"]
    if not meeting.id_pattern.match(meeting_id):
        raise LogError("", 0, f"{meeting_id!r} is not a meeting ID (like {meeting.id_example!r})")
    name = meeting_id.removeprefix(f"{meeting.prefix}-")
    return name[:4], name


def records_file(root: Path, kind: str, meeting_id: str) -> Path:
    """Where a meeting's decisions or actions are written: one file per meeting."""
    year, name = _year_and_name(meeting_id)
    return layout.record_file(root, kind, year, name)


def append_records(path: Path, header: str, blocks: list[str]) -> None:
    """Add record blocks at the end of a records file, creating it with its header."""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        text = text.rstrip("\n") + "\n"
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = header.rstrip("\n") + "\n"
    for block in blocks:
        text += "\n" + block.rstrip("\n") + "\n"
    write_atomically(path, text)


def meeting_page_text(meeting_id: str, title: str, options: dict[str, str | None],
                      body: str = "", notes: str = "") -> str:
    """A meeting's page: its record, then the discussion notes."""
    record = record_text("meeting", meeting_id, title, options, body)
    return render("meeting.md.jinja", title=" ".join(title.split()), record=record.rstrip("\n"),
                  notes=notes.strip())


def records_header(kind: str, meeting_id: str, meeting_title: str) -> str:
    heading = "Decisions" if kind == "decision" else "Actions"
    return render("records-file.md.jinja", heading=heading, meeting_id=meeting_id,
                  meeting_title=meeting_title)


def meeting_page(root: Path, meeting_id: str) -> Path:
    year, name = _year_and_name(meeting_id)
    return layout.record_file(root, "meeting", year, name)


def meeting_id_for(date: str, slug: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
    if schema.parse_date(date) is None:
        raise LogError("", 0, f"bad date {date!r}: write YYYY-MM-DD, or YYYY-MM")
    if not slug:
        raise LogError("", 0, "the meeting needs a slug of letters or digits (--slug)")
    return schema.meeting_id(date, slug)


def add_registry_entry(path: Path, section: str, entry_id: str, values: dict[str, object]) -> None:
    """Add an entry at the end of a registry section, keeping comments and order."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    entry = [f"  {entry_id}:\n", *(f"    {key}: {_yaml_value(value)}\n" for key, value in values.items())]
    start = next((i for i, line in enumerate(lines) if line.rstrip() == f"{section}:"), None)
    if start is None:
        lines += [f"{section}:\n", *entry]
    else:
        end = next((i for i in range(start + 1, len(lines))
                    if lines[i].strip() and not lines[i].startswith((" ", "#"))), len(lines))
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        lines[end:end] = entry
    write_atomically(path, "".join(lines))


def set_registry_value(path: Path, entry_id: str, key: str, value: str) -> None:
    """Set one value of a registry entry in place, keeping the file's comments."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip() == f"  {entry_id}:")
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
    text = f"    {key}: {_yaml_value(value)}\n"
    for i in range(start + 1, end):
        if lines[i].startswith(f"    {key}:"):
            lines[i] = text
            break
    else:
        lines.insert(start + 1, text)
    write_atomically(path, "".join(lines))


def _yaml_value(value: object) -> str:
    """A value as YAML writes it on one line: plain where it can be, quoted where it must."""
    return yaml.safe_dump(value, default_flow_style=True, width=1 << 20).removesuffix("...\n").strip()


def save(source: SourceFile) -> None:
    save_lines(source, source.lines)
