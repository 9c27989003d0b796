"""The registries: people and groups, milestones and documents, kept as YAML.

Each registry entry becomes a record on a page of its own, generated at build time
from a Jinja2 template, so adding a person to ``people.yaml`` adds their page.
Entries are read with their line numbers, so that a problem names the YAML line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dmlog import schema
from dmlog.log import allowlist, characters, layout, safeyaml
from dmlog.log.files import render, write_atomically
from dmlog.log.model import Record
from dmlog.log.problems import LogError, Problem

#: registry file -> its sections -> the record type of the section's entries
SECTIONS: dict[str, dict[str, str]] = {}
for _type in schema.TYPES.values():
    if _type.pages:
        SECTIONS.setdefault(_type.registry[0], {})[_type.registry[1]] = _type.name
#: where a log keeps its registries (conf.py's ``dmlog_registry_dir``)
DEFAULT_DIR = layout.REGISTRY_DIR
#: record type -> the registry file its entries are written in
FILE_OF = {kind: name for name, sections in SECTIONS.items() for kind in sections.values()}
#: record type -> folder of its generated pages, under docs/
PAGE_DIRS = layout.GENERATED_PAGE_DIRS


@dataclass
class Entry:
    type: str
    id: str
    path: str  # the registry file, relative to the project
    line: int
    values: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # of its values' shapes

    @property
    def title(self) -> str:
        return str(self.values.get("name") or self.values.get("title") or "").strip()

    @property
    def heading(self) -> str:
        """What the page shows as title (the ID while the entry has no name)."""
        return " ".join(self.title.split()) or self.id

    @property
    def page(self) -> str:
        """The docname of the entry's generated page."""
        return layout.generated_page(self.type, self.id)

    def options(self) -> dict[str, str]:
        """The entry's directive options, as its page writes them."""
        result = {}
        for key, value in self.values.items():
            if key in ("name", "title"):
                continue
            if isinstance(value, bool):
                value = "yes" if value else "no"
            elif isinstance(value, (list, tuple)):
                value = ", ".join(str(v) for v in value)
            if value not in (None, ""):
                result[key] = " ".join(str(value).split())
        return result

    def record(self) -> Record:
        """The entry as a record of the log, titled as its page is (spaces collapsed)."""
        return Record(self.type, self.id, " ".join(self.title.split()), self.path, self.line,
                      self.options())


def load(registry_dir: Path, root: Path) -> tuple[list[Entry], list[Problem]]:
    """All entries of the registries in ``registry_dir``, and the problems found."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for filename, sections in SECTIONS.items():
        path = registry_dir / filename
        if not path.exists() or path.is_symlink() or registry_dir.is_symlink():
            continue
        if not (path.is_file() or path.is_dir()):  # a FIFO would never end: the tree scan says so
            continue
        rel = os.path.relpath(path, root)
        try:
            entries += _load_file(path, rel, sections)
        except LogError as err:
            problems.append(err.problem)
    for entry in entries:
        problems += _check_entry(entry)
    return entries, problems


def _load_file(path: Path, rel: str, sections: dict[str, str]) -> list[Entry]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise LogError(rel, 1, f"is not UTF-8 ({err.reason}); save it as UTF-8") from None
    except IsADirectoryError:
        raise LogError(rel, 0, "is a folder, where the registry file must be: move or rename "
                       "the folder") from None
    except OSError as err:
        raise LogError(rel, 0, f"cannot be read ({err.strerror})") from None
    node, data = safeyaml.compose_kept(text, rel)
    if node is None:  # an empty or comment-only file: an empty registry
        return []
    if not isinstance(data, dict):
        raise LogError(rel, 1, f"must be a mapping with the sections {', '.join(sections)}")
    entries = []
    for section_key, section_node in node.value:
        section = section_key.value
        if section not in sections:
            raise LogError(rel, section_key.start_mark.line + 1,
                                f"unknown section {section!r}; expected one of {', '.join(sections)}")
        values = data[section] or {}
        if not isinstance(values, dict):
            raise LogError(rel, section_key.start_mark.line + 1,
                                f"section {section!r} must map IDs to entries")
        for key_node, value_node in section_node.value or ():
            record_id = str(key_node.value)
            entry_values = values[key_node.value]
            if entry_values is None:
                entry_values = {}
            if not isinstance(entry_values, dict):
                raise LogError(rel, key_node.start_mark.line + 1,
                                    f"entry {record_id!r} must be a mapping of fields")
            entry = Entry(sections[section], record_id, rel, key_node.start_mark.line + 1, {})
            entry.values, problems = _field_values(entry, entry_values, value_node)
            entry.problems = problems
            entries.append(entry)
    return entries


def _field_values(entry: Entry, values: dict, node: Any) -> tuple[dict, list[Problem]]:
    """The entry's fields as text (lists of text for lists), and a problem at its line
    for each value of a shape no field takes; those values are left out."""
    lines = {k.value: k.start_mark.line + 1 for k, _ in getattr(node, "value", ())
             if hasattr(k, "start_mark")}
    kept: dict[str, Any] = {}
    problems = []
    for key, value in values.items():
        field = schema.FIELDS.get(key)
        many = key in schema.LINKS or (field is not None and field.kind == "list")
        if value is None:
            kept[key] = None
        elif isinstance(value, list) and many and all(_is_scalar(v) for v in value):
            kept[key] = [_text(v) for v in value]
        elif many and isinstance(value, str):  # one name, or names separated by commas
            kept[key] = [value] if key == "aliases" else value
        elif _is_scalar(value) and not many:
            kept[key] = value if isinstance(value, bool) or value is None else _text(value)
        else:
            shape = "a list of names" if many else "one line of text"
            problems.append(Problem(entry.path, lines.get(key, entry.line),
                                    f"{entry.type} {entry.id!r}: {key!r} must be {shape}"))
            continue
        texts = kept[key] if isinstance(kept[key], list) else [kept[key]]
        evaluated = [m for text in texts if isinstance(text, str) and
                     (m := allowlist.evaluated_syntax(text))]
        if evaluated:  # it would reach sphinx-needs in the entry's generated page
            del kept[key]
            problems.append(Problem(entry.path, lines.get(key, entry.line),
                                    f"{entry.type} {entry.id!r}: {key!r}: {evaluated[0]}"))
    return kept, problems


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _check_entry(entry: Entry) -> list[Problem]:
    """What only the registry can say; the rules shared with all records are in
    dmlog.log.validation."""
    record_type = schema.TYPES[entry.type]
    label = "name" if entry.type in (schema.PERSON, schema.GROUP) else "title"
    allowed = {label, *record_type.options}
    problems = list(entry.problems)
    if not entry.title:
        problems.append(Problem(entry.path, entry.line,
                                      f"{entry.type} {entry.id!r} has no {label}; add '{label}: ...'"))
    for key, value in entry.values.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and (problem := characters.control_problem(text)):
                problems.append(Problem(entry.path, entry.line,
                                        f"the {key} of {entry.type} {entry.id!r} {problem}"))
        if key not in allowed:
            problems.append(Problem(
                entry.path, entry.line,
                f"{entry.type} {entry.id!r} has unknown field {key!r}; "
                f"allowed: {', '.join(sorted(allowed))}"))
    return problems


def write_pages(entries: list[Entry], docs_dir: Path) -> list[Path]:
    """Write the generated page of every entry and one index per folder, rewriting
    only pages whose text changed (so an incremental build re-reads only those), and
    removing generated pages whose entry is gone. Returns the pages written."""
    # every folder has its index, empty or not: a new log's pages link to all three
    by_dir: dict[str, list[Entry]] = {folder: [] for folder in dict.fromkeys(PAGE_DIRS.values())}
    for entry in entries:
        by_dir.setdefault(PAGE_DIRS[entry.type], []).append(entry)
    wanted: dict[Path, str] = {}
    for folder, folder_entries in by_dir.items():
        for entry in folder_entries:
            wanted[docs_dir / folder / f"{entry.id}.md"] = render(
                "registry-entry.md.jinja", entry=entry, options=entry.options())
        wanted[docs_dir / folder / "index.md"] = render(
            "registry-index.md.jinja", folder=folder,
            entries=sorted(folder_entries, key=lambda e: (e.type, e.title.lower())))
    written = []
    # a folder that is a link (reported by dmlog.log.tree) is never written through
    linked = {folder for folder in by_dir if (docs_dir / folder).is_symlink() or docs_dir.is_symlink()}
    for path, text in wanted.items():
        if path.parent.name in linked:
            continue
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, text)
            written.append(path)
    for folder in set(PAGE_DIRS.values()) - linked:
        for stale in (docs_dir / folder).glob("*.md"):
            if stale not in wanted and layout.GENERATED_MARK in stale.read_text(encoding="utf-8")[:300]:
                stale.unlink()
    return written

