"""The log's source files read without Sphinx: the records written as MyST
directives in decisions/, actions/ and docs/, and the registries' YAML.

``dmlog check``, ``list``, ``close``, ``supersede``, ``new`` and ``import`` work on
these, so they are fast and never need a build. Edits change only the lines that
must change and keep every other byte.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from dmlog import schema
from dmlog.log import registries
from dmlog.log.files import write_atomically
from dmlog.log.problems import LogError, Problem

RECORD_DIRS = ("decisions", "actions", "docs")
_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<title>.*?)[ \t]*$")
_CODE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?!.*`)[^{]*$")  # a code block: not records
_OPTION = re.compile(r"^:(?P<key>[\w-]+):(?:[ \t]+(?P<value>.*?))?[ \t]*$")
#: Options sphinx-needs itself gives every record.
CORE_OPTIONS = ("id", "status", "tags", "collapse", "hide", "layout", "style")


@dataclass
class SourceRecord:
    """A record directive as it stands in its file."""

    record: schema.Record
    option_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""


@dataclass
class SourceFile:
    path: Path
    relpath: str
    lines: list[str]  # with their line endings, as read
    records: list[SourceRecord]


def find_root(start: Path | None = None) -> Path:
    """The project: the nearest folder, from ``start`` up, holding conf.py."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "conf.py").exists():
            return folder
    raise LogError(str(here), 0, "not inside a dmlog project (no conf.py here or above); "
                      "run dmlog from the log's repository or pass --root")


def read_text(path: Path, relpath: str) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        raise LogError(relpath, line, "is not UTF-8 text (byte "
                          f"0x{err.object[err.start]:02x}); save the file as UTF-8") from None


def parse_file(path: Path, root: Path) -> tuple[SourceFile, list[Problem]]:
    """The records of one Markdown file, and the problems of their form."""
    relpath = path.relative_to(root).as_posix() if path.is_absolute() else path.as_posix()
    return parse_text(read_text(path, relpath), path, relpath)


def parse_text(text: str, path: Path, relpath: str) -> tuple[SourceFile, list[Problem]]:
    lines = text.splitlines(keepends=True)
    records: list[SourceRecord] = []
    problems: list[Problem] = []
    index = 0
    while index < len(lines):
        line = lines[index].rstrip("\r\n")
        match = _OPEN.match(line)
        index += 1
        if not match:
            if code := _CODE.match(line):  # skip examples shown in code blocks
                index = _closing_fence(lines, index, code["fence"]) or len(lines)
            continue
        fence, name = match["fence"], match["name"]
        start = index  # 1-based line number of the opening fence
        end = _closing_fence(lines, index, fence)
        if end is None:
            problems.append(Problem(relpath, start, f"the {{{name}}} directive opened here is never "
                                    f"closed: add a line {fence} after its text"))
            break
        if name in schema.TYPES:
            record, found = _record(name, match["title"], lines[index:end - 1], relpath, start)
            problems += found
            if record is not None:
                records.append(record)
        elif close := difflib.get_close_matches(name, schema.TYPES, n=1, cutoff=0.8):
            problems.append(Problem(relpath, start, f"unknown directive {{{name}}}: "
                                    f"did you mean {{{close[0]}}}?"))
        index = end
    return SourceFile(path, relpath, lines, records), problems


def _closing_fence(lines: list[str], index: int, fence: str) -> int | None:
    """1-based line of the fence closing one opened before ``lines[index]``: the first
    line of at least as many of its characters (nested blocks use shorter fences)."""
    closing = re.compile(rf"^{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for number in range(index, len(lines)):
        if closing.match(lines[number].rstrip("\r\n")):
            return number + 1
    return None


def _record(kind: str, title: str, block: list[str], relpath: str,
            start: int) -> tuple[SourceRecord | None, list[Problem]]:
    options: dict[str, str] = {}
    option_lines: dict[str, int] = {}
    problems: list[Problem] = []
    allowed = set(schema.TYPES[kind].options) | set(CORE_OPTIONS)
    body_start = len(block)
    for offset, raw in enumerate(block):
        line = raw.rstrip("\r\n")
        match = _OPTION.match(line)
        if not match:
            body_start = offset
            break
        key, number = match["key"], start + 1 + offset
        if key not in allowed:
            problems.append(Problem(relpath, number, f"unknown option :{key}: for {schema.a(kind)}; "
                                    f"use one of {', '.join(sorted(allowed))}"))
        if key in options:
            problems.append(Problem(relpath, number, f"option :{key}: is given twice "
                                    f"(first on line {option_lines[key]}); keep one"))
        options[key] = (match["value"] or "").strip()
        option_lines[key] = number
    record_id = options.pop("id", "")
    if not record_id:
        example = schema.TYPES[kind].id_example
        problems.append(Problem(relpath, start, f"this {kind} has no :id:; add ':id: {example}'-like "
                                "ID (`dmlog new` picks the next free one)"))
        return None, problems
    body = "".join(block[body_start:]).strip("\r\n")
    record = schema.Record(kind, record_id, title, relpath, start, options)
    return SourceRecord(record, option_lines, body), problems


def record_files(root: Path) -> list[Path]:
    """The Markdown files that may hold records (generated registry pages excluded)."""
    files = []
    for folder in RECORD_DIRS:
        for path in sorted((root / folder).rglob("*.md")):
            relative = path.relative_to(root).parts
            if any(part.startswith(("_", ".")) for part in relative):
                continue
            if folder == "docs" and relative[1] in set(registries.PAGE_DIRS.values()):
                continue  # generated from the registries, read from their YAML instead
            files.append(path)
    return files


@dataclass
class Log:
    """Every record of a project, with where each one is written."""

    root: Path
    files: list[SourceFile]
    entries: list[registries.Entry]
    problems: list[Problem]

    @property
    def records(self) -> list[schema.Record]:
        return [r.record for f in self.files for r in f.records] + [e.record() for e in self.entries]

    def find(self, record_id: str) -> tuple[SourceFile, SourceRecord]:
        for source in self.files:
            for record in source.records:
                if record.record.id == record_id:
                    return source, record
        raise LogError("", 0, f"no record {record_id!r} in the log's Markdown files")

    def ids(self) -> set[str]:
        return {record.id for record in self.records}


def load_log(root: Path, registry_dir: str = registries.DEFAULT_DIR) -> Log:
    files, problems = [], []
    for path in record_files(root):
        try:
            source, found = parse_file(path, root)
        except LogError as err:
            problems.append(err.problem)
            continue
        files.append(source)
        problems += found
    entries, registry_problems = registries.load(root / registry_dir, root)
    problems += registry_problems
    return Log(root, files, entries, problems)


def save_lines(source: SourceFile, lines: list[str]) -> None:
    write_atomically(source.path, "".join(lines))


def line_ending(source: SourceFile) -> str:
    first = source.lines[0] if source.lines else "\n"
    return "\r\n" if first.endswith("\r\n") else "\n"
