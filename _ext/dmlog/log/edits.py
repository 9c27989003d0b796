"""Changes to the log's files that keep every byte they do not need to change (and
their line endings): new records appended from the templates, and read back to be
sure they are there; options set in place; next free IDs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from dmlog import schema
from dmlog.log import layout, ledger, safeyaml
from dmlog.log.files import render, write_all, write_atomically
from dmlog.log.problems import LogError
from dmlog.log.sources import Log, SourceFile, SourceRecord, parse_file, read_text


def next_ids(log: Log, kind: str, year: int, count: int = 1,
             taken: set[str] | None = None) -> list[str]:
    """The next ``count`` free IDs of a record of a numbered type (a decision) of ``year``:
    never one the log has (or its ledger says it has ever issued)."""
    prefix = schema.numbered_id(kind, year, 0).removesuffix("000")
    used = log.ids() | set(ledger.read(log.root)) | (taken or set())
    numbers = [int(i[len(prefix):]) for i in used
               if i.startswith(prefix) and i[len(prefix):].isdigit()]
    start = max(numbers, default=0) + 1
    return [schema.numbered_id(kind, year, n) for n in range(start, start + count)]


def set_option(source: SourceFile, record: SourceRecord, key: str, value: str,
               after: str = "status") -> None:
    """Give a record's option a value: its line is replaced, or a line is added after
    the ``after`` option (or after the last option). Only that line changes."""
    lines = source.lines
    newline = newline_of(lines[0] if lines else "")
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
    record.record = record.record.with_options(**{key: value})


def record_text(kind: str, record_id: str, title: str, options: Mapping[str, str | None],
                body: str = "") -> str:
    return render("record.md.jinja", type=kind, id=record_id, title=" ".join(title.split()),
                  options={k: " ".join(str(v).split()) for k, v in options.items() if v},
                  body=body.strip())


def _year_and_name(meeting_id: str) -> tuple[str, str]:
    """MTG-2019-03-dmlt-f2f -> ("2019", "2019-03-dmlt-f2f"): its folder and file name."""
    meeting = schema.TYPES[schema.MEETING]
    if not meeting.id_pattern.fullmatch(meeting_id):
        raise LogError("", 0, f"{meeting_id!r} is not a meeting ID (like {meeting.id_example!r})")
    name = meeting_id.removeprefix(f"{meeting.prefix}-")
    return name[:4], name


def records_file(root: Path, kind: str, meeting_id: str) -> Path:
    """Where a meeting's records of a type (its decisions) are written: one file per meeting."""
    year, name = _year_and_name(meeting_id)
    return layout.record_file(root, kind, year, name)


def append_records(root: Path, path: Path, header: str, blocks: dict[str, str],
                   extensions: Iterable[str]) -> None:
    """Add record blocks (ID -> block) at the end of a records file, creating it with
    its header, in the file's line endings. The file is then read back as the log reads
    it: if a record is not there (an unclosed ``<!--`` above hid it), the file is put
    back as it was and a :class:`LogError` says why."""
    relpath = path.relative_to(root).as_posix()
    before = existing_text(path, relpath)
    newline = newline_of(before or "")
    text = (header if before is None else before).rstrip("\r\n") + newline
    for block in blocks.values():
        text += newline + newline.join(_LINE_BREAK.split(block.rstrip("\r\n"))) + newline
    made = [folder for folder in path.parents if not folder.exists()]  # deepest first
    write_all({path: text}, root)
    try:
        written, problems = parse_file(path, root, extensions)
    except LogError:
        written, problems = None, []
    read = {r.record.id for r in written.records} if written else set()
    if missing := [record_id for record_id in blocks if record_id not in read]:
        _put_back(root, path, before, made)
        first = len(_LINE_BREAK.split(before.rstrip("\r\n"))) if before else 0
        why = next((p.message for p in problems if p.line > first), "")
        raise LogError(relpath, 0, f"{', '.join(missing)} would not be read back from the file"
                       + (f" ({why})" if why else "") + "; the file is as it was")


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def newline_of(text: str) -> str:
    """The line ending of a file (of its first line): what an edit writes in it."""
    found = _LINE_BREAK.search(text)
    return found[0] if found else "\n"


def existing_text(path: Path, relpath: str) -> str | None:
    """A file's text before an edit (None: it does not exist yet)."""
    if path.is_dir():
        raise LogError(relpath, 0, "is a folder, where dmlog must write a file: move or "
                       "rename the folder, then run the command again")
    if not path.exists():
        return None
    return read_text(path, relpath)


def _put_back(root: Path, path: Path, before: str | None, made: list[Path]) -> None:
    """Undo an edit: the file's text as it was, or no file (nor the folders made for it)."""
    if before is not None:
        write_all({path: before}, root)
        return
    path.unlink()
    for folder in made:
        folder.rmdir()


def meeting_page_text(meeting_id: str, title: str, options: dict[str, str | None],
                      body: str = "", notes: str = "") -> str:
    """A meeting's page: its record, then the discussion notes."""
    record = record_text(schema.MEETING, meeting_id, title, options, body)
    return render("meeting.md.jinja", title=" ".join(title.split()), record=record.rstrip("\n"),
                  notes=notes.strip())


def records_header(kind: str, meeting_id: str, meeting_title: str) -> str:
    return render("records-file.md.jinja", heading=schema.TYPES[kind].heading, meeting_id=meeting_id,
                  meeting_title=meeting_title)


def meeting_page(root: Path, meeting_id: str) -> Path:
    year, name = _year_and_name(meeting_id)
    return layout.record_file(root, schema.MEETING, year, name)


def meeting_id_for(date: str, slug: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
    if schema.parse_date(date) is None:
        raise LogError("", 0, f"bad date {date!r}: write YYYY-MM-DD, or YYYY-MM")
    if not slug:
        raise LogError("", 0, "the meeting needs a slug of letters or digits (--slug)")
    return schema.meeting_id(date, slug)


def add_registry_entry(root: Path, path: Path, section: str, entry_id: str,
                       values: dict[str, object]) -> None:
    """Add an entry at the end of a registry section, keeping comments, order and line
    endings. The new text is read as the log reads registries first: if the entry
    would not be there (the section written as a flow mapping ``people: {…}``, say),
    nothing is written and a :class:`LogError` says why."""
    relpath = path.relative_to(root).as_posix()
    text = existing_text(path, relpath) or ""
    newline = newline_of(text)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    entry = [f"  {entry_id}:{newline}",
             *(f"    {key}: {_yaml_value(value)}{newline}" for key, value in values.items())]
    start = next((i for i, line in enumerate(lines) if line.rstrip() == f"{section}:"), None)
    if start is None:
        lines += [f"{section}:{newline}", *entry]
    else:
        end = next((i for i in range(start + 1, len(lines))
                    if lines[i].strip() and not lines[i].startswith((" ", "#"))), len(lines))
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        lines[end:end] = entry
    edited = "".join(lines)
    try:
        data = safeyaml.compose_kept(edited, relpath)[1]  # read back as the log reads it
        why = "" if (data or {}).get(section, {}).get(entry_id) is not None else \
            f"the {section} section is not a block of entries a line each"
    except (LogError, AttributeError) as err:
        why = err.message if isinstance(err, LogError) else f"the {section} section is not a mapping"
    if why:
        raise LogError(relpath, 0, f"{entry_id} would not be read back from the file ({why}); "
                       "the file is as it was")
    write_atomically(path, edited)


def set_registry_value(path: Path, entry_id: str, key: str, value: str) -> None:
    """Set one value of a registry entry in place, keeping the file's comments."""
    write_atomically(path, registry_value_set(read_text(path, str(path)), str(path), entry_id, key, value))


def registry_value_set(text: str, relpath: str, entry_id: str, key: str, value: object) -> str:
    """``text`` of a registry with one value of an entry set (a value written over
    several lines replaced whole), comments kept. Raises :class:`LogError` if the log
    would not read the value back (an entry not written a key a line)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == f"  {entry_id}:"), None)
    if start is None:
        raise LogError(relpath, 0, f"{entry_id} is not an entry written '  {entry_id}:' on a line "
                       f"of its own; set its {key} by hand")
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
    text_line = f"    {key}: {_yaml_value(value)}{newline_of(text)}"
    for i in range(start + 1, end):
        if lines[i].startswith(f"    {key}:"):
            following = next((j for j in range(i + 1, end)
                              if not lines[j].startswith(("     ", "    -"))), end)
            lines[i:following] = [text_line]
            break
    else:
        lines.insert(start + 1, text_line)
    edited = "".join(lines)
    try:
        data = safeyaml.load(edited, relpath) or {}
        read_back = any(isinstance(section, dict) and isinstance(section.get(entry_id), dict)
                        and section[entry_id].get(key) == value for section in data.values())
    except LogError:
        read_back = False
    if not read_back:
        raise LogError(relpath, 0, f"{entry_id}'s {key} would not be read back as written; "
                       f"set it by hand (the file is as it was)")
    return edited


def _yaml_value(value: object) -> str:
    """A value as YAML writes it on one line: plain where it can be, quoted where it must."""
    return yaml.safe_dump(value, default_flow_style=True, width=1 << 20).removesuffix("...\n").strip()


def save(source: SourceFile) -> None:
    write_atomically(source.path, "".join(source.lines))
