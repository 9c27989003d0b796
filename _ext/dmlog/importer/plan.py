"""The plan and the write: the importer's last layer.

From the records ``finder`` found, plans three files (the meeting page with the rest of
the discussion, a decisions file and an actions file) plus a copy of the original
minutes; every input line ends up in a record or in the notes. Names it cannot resolve
are reported and marked UNRESOLVED, never guessed, and never a reason to drop an item.
Writes are atomic and never overwrite a file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dmlog import schema
from dmlog.importer import scorer, style, vocabulary
from dmlog.importer.finder import UNASSIGNED, Finder, Item, Meeting, link_dependencies, read
from dmlog.importer.owners import Person
from dmlog.importer.page import TextNotes, inline_text, meeting_field, safe_markdown
from dmlog.importer.structure import Line
from dmlog.log import allowlist, edits, escaping, gate, layout, ledger, registries
from dmlog.log import unresolved as unresolved_marks
from dmlog.log.files import write_all
from dmlog.log.problems import LogError
from dmlog.log.references import DEFAULT_PATTERNS
from dmlog.log.sources import Log, read_text


@dataclass
class Plan:
    root: Path
    meeting_id: str
    title: str
    date: str
    source: Path
    markdown: bool
    items: list[Item]
    notes: str
    files: dict[Path, str]
    unresolved: list[tuple[int, str]]
    lines: list[Line]
    meeting: Meeting
    attendees: list[str]  # registry IDs of the attendees
    chair: list[str]
    looked_like: list[tuple[int, str]]  # lines that read like records but are not
    review: list[scorer.Possible]  # possible records below the bar: for a person to accept
    style: tuple[vocabulary.Rule, ...] = ()  # the team's own rules (docs/registry/import.yaml)
    #: for each name it cannot resolve, the registry's closest names ("did you mean")
    closest: dict[str, list[str]] = field(default_factory=dict)


# -- planning and writing -----------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class PlanOptions:
    """How an import is planned beyond the meeting's date and title."""

    slug: str | None = None  # of the meeting's ID and files (default: from the title)
    patterns: Sequence[tuple[str, str]] = tuple(DEFAULT_PATTERNS)  # the log's reference patterns
    model: scorer.Model | None = None  # the line scorer (default: the shipped one)
    learned: bool = True  # False: the rules alone
    accept: frozenset[int] = frozenset()  # lines whose queued possible record is written after all


def plan_import(root: Path, log: Log, minutes: Path, date: str, meeting_title: str,
                options: PlanOptions = PlanOptions()) -> Plan:
    """What importing the minutes writes (nothing is written yet)."""
    slug, accept = options.slug, options.accept
    display = str(minutes)
    if not minutes.exists():
        raise LogError(display, 0, "no such file")
    text = read_text(minutes, display)
    if not text.strip():
        raise LogError(display, 1, "the minutes are empty: nothing to import")
    if schema.parse_date(date) is None:
        raise LogError(display, 0, f"--date {date!r} is not a date: write YYYY-MM-DD, or YYYY-MM")
    meeting_id = edits.meeting_id_for(date, slug or meeting_title)
    if meeting_id in log.ids():
        raise LogError("", 0, f"{display}: {meeting_id} is already in the log, from other minutes: "
                       "give these another --slug (or --title, or --date)")
    markdown = minutes.suffix.lower() in (".md", ".markdown", ".myst")
    with vocabulary.using(style.load(root)) as tables:  # the team's own rows first
        finder, found = read(text, markdown, log.entries, date, list(options.patterns))
        review = (scorer.review(found, finder, options.model or scorer.load_model(), accept)
                  if options.learned else [])
    lines = [line for line, _ in found]
    unknown = sorted(accept - {n for possible in review for n in possible.item.lines}
                     - {n for _, items in found for item in items for n in item.lines})
    if unknown:
        raise LogError(display, unknown[0], "--accept: no possible record is queued at this line "
                       "(see the plan's review queue: --dry-run)")
    items = [item for _, line_items in found for item in line_items]
    year = int(date[:4])
    taken: set[str] = set()
    kinds = [t.name for t in schema.numbered_types()]  # what a meeting's records may be
    for kind in kinds:
        of_kind = [i for i in items if i.type == kind]
        for item, record_id in zip(of_kind, edits.next_ids(log, kind, year, len(of_kind), taken),
                                   strict=True):
            item.id = record_id
            taken.add(record_id)
    link_dependencies(items)
    unresolved = [(item.lines[0], name) for item in items for name in item.unresolved]
    people_unresolved: list[tuple[int, str]] = []
    attendees = _ids(finder, [p for p in finder.meeting.attendees if p.present and not p.role],
                     lines, people_unresolved)
    chair = _ids(finder, finder.meeting.chair, lines, people_unresolved)[:1]
    unresolved = sorted(set(people_unresolved)) + unresolved
    page = edits.meeting_page(root, meeting_id)
    copy = page.with_suffix(".txt")
    notes = _notes(found, markdown, {p.item.lines[-1]: p for p in review})
    files = {copy: text}
    meeting_body = (f"Minutes imported with `dmlog import` from {minutes.name}: "
                    f"{{download}}`original minutes <{copy.name}>`.")
    files[page] = edits.meeting_page_text(
        meeting_id, meeting_title,
        {"date": date, "chair": ", ".join(chair), "attendees": ", ".join(attendees),
         "source": copy.relative_to(root).as_posix()},
        meeting_body, notes)
    for kind in kinds:  # each type's records in its own file, headed as the type says
        blocks = [_record_block(item, meeting_id, date) for item in items if item.type == kind]
        if blocks:
            path = edits.records_file(root, kind, meeting_id)
            files[path] = edits.records_header(kind, meeting_id, meeting_title).rstrip("\n") + \
                "\n" + "".join("\n" + b for b in blocks)
    for path in files:
        if path.exists():
            raise LogError(path.relative_to(root).as_posix(), 0,
                           "already exists: dmlog import never overwrites a file "
                           "(choose another --slug, or remove the file)")
    looked_like = [(line.numbers[0], line.clean) for line, line_items in found
                   if not line_items and line.part_of is None and line.kind == "text"
                   and line.role not in ("attendees", "regrets", "roles", "chair", "heading")
                   and vocabulary.LOOKS_LIKE_RECORD.search(line.clean)]
    closest = {name: [finder.names.label(i) for i in finder.names.closest(name)]
               for _, name in unresolved if name != UNASSIGNED}
    return Plan(root, meeting_id, meeting_title, date, minutes, markdown, items, notes, files,
                unresolved, lines, finder.meeting, attendees, chair, looked_like, review, tables.style,
                closest)


def _ids(finder: Finder, people: list[Person], lines: list[Line],
         unresolved: list[tuple[int, str]]) -> list[str]:
    """The registry IDs of people named in the attendee block; a name the registry does
    not know is kept marked UNRESOLVED, and reported with its line (as an owner's is)."""
    ids: list[str] = []
    for person in people:
        owner = finder.people.resolve(person.name)
        if owner.id is None:
            ids.append(unresolved_marks.mark(owner.name))
            unresolved.append((next((line.numbers[0] for line in lines if owner.name in line.text), 0),
                               owner.name))
        elif finder.registry.get(owner.id) == schema.PERSON:
            ids.append(owner.id)
    return list(dict.fromkeys(ids))


def _options(item: Item, meeting_id: str, date: str) -> dict[str, str]:
    """The options the record is written with (those with a value)."""
    owners = item.owners + [unresolved_marks.mark(n) for n in item.unresolved]
    status = "done" if item.done else schema.TYPES[item.type].default_status
    closed = date if item.done and len(date) == 10 else ""
    record_type = schema.TYPES[item.type]
    options: dict[str, str] = {"status": status or "", "closed": closed,
               "date": date if "date" in record_type.required else "",
               "owner": ", ".join(owners), schema.MEETING: meeting_id, "due": item.due,
               schema.MILESTONE: ", ".join(item.milestones), schema.DOCUMENT: ", ".join(item.documents),
               "refs": ", ".join(dict.fromkeys(item.refs)), "lines": _ranges(item.lines), **item.fields}
    return {name: value for name, value in options.items() if name in record_type.options and value}


def missing_fields(plan: Plan, item: Item) -> list[str]:
    """What the record's type requires that the minutes do not give (a risk's likelihood):
    written without it, the record fails `dmlog check` until someone sets it."""
    given = _options(item, plan.meeting_id, plan.date)
    return [name for name in schema.TYPES[item.type].options
            if name in schema.TYPES[item.type].required and name not in given]


def _record_block(item: Item, meeting_id: str, date: str) -> str:
    options = _options(item, meeting_id, date)
    body = _inert_lines(safe_markdown(item.text))
    names = [n for n in item.unresolved if n != UNASSIGNED]
    if names:  # names as the minutes write them: shown as text, whatever they hold
        body += "\n\n" + unresolved_marks.owner_note(names)
    elif UNASSIGNED in item.unresolved:
        body += "\n\n" + unresolved_marks.UNASSIGNED_NOTE
    if item.due_note:
        body += f"\n\n({escaping.markdown_text(item.due_note)}.)"
    return edits.record_text(item.type, item.id, item.title, options, body)


def _ranges(numbers: list[int]) -> str:
    numbers = sorted(set(n for n in numbers if n))
    parts, start = [], None
    for index, number in enumerate(numbers):
        if start is None:
            start = number
        if index + 1 == len(numbers) or numbers[index + 1] != number + 1:
            parts.append(str(start) if start == number else f"{start}-{number}")
            start = None
    return ", ".join(parts)


#: Directives a meeting's notes may keep from Markdown minutes: the allow-list's
#: presentational ones (no record, table of records or file), and only with nothing in
#: them the gate refuses. Any other ({raw}, {image}, {eval-rst}, another extension's) is
#: shown as text.
_KNOWN_DIRECTIVES = frozenset(allowlist.DIRECTIVES) - set(schema.TYPES) - {"image", "figure", "dmlog-table"}


_THEMATIC_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")


def _inert_lines(text: str) -> str:
    """A record's body: no line of it may open a fence or a directive, nor may "[[" (the
    minutes' "[[Feature #11330]](…)") read as a dynamic function of sphinx-needs."""
    return "\n".join("\\" + line.lstrip() if re.match(r"^\s*(?:`{3,}|~{3,}|:{3,})", line) else line
                     for line in text.replace("[[", "[ [").split("\n"))


def _notes(found: list[tuple[Line, list[Item]]], markdown: bool,
           possible: dict[int, scorer.Possible] | None = None) -> str:
    """The rest of the discussion, in order, with a pointer where a record was, and a mark
    on a line that may be one (the review queue)."""
    out: list[str] = []
    text_notes = TextNotes()
    for index, (line, items) in enumerate(found):
        where = f"line {line.numbers[0]}" if len(line.numbers) == 1 else \
            f"lines {_ranges(line.numbers)}"
        pointer = None
        queued = next((p for n, p in (possible or {}).items() if n in line.numbers), None)
        if queued is not None and not items:
            words = re.sub(r"^(?:[•·▪◦‣●○■□➢➤►▶✓✔☐☑→*+-]|\d{1,2}[.)])\s+", "", line.text)
            pointer = (f"{inline_text(words)} *(possible {queued.item.type}, score {queued.score:.2f}: "
                       f"`dmlog import --accept {queued.item.lines[-1]}` makes it a record)*")
        elif items:
            pointer = f"{', '.join(i.id for i in items)} ({where})."
        elif line.part_of is not None:
            pointer = f"({line.part_of.id}, {where}.)"
        if not markdown:
            following = found[index + 1][0] if index + 1 < len(found) else None
            text_notes.add(line, following, pointer)
        elif pointer is not None:
            out.append(f"{line.prefix or '- '}{pointer}")
        else:
            out.append(_markdown_note(line))
    if not markdown:
        return text_notes.markdown()
    return "\n".join(out).strip("\n") + "\n"


def _markdown_note(line: Line) -> str:
    if line.kind == "blank" or _THEMATIC_BREAK.fullmatch(line.text):
        return ""  # a rule between parts of the minutes: the engine refuses one next to a heading
    if line.kind == "heading":
        level = min(6, len(line.prefix.strip()) + 2)  # under the page's "## Discussion"
        return f"{'#' * level} {safe_markdown(line.text)}"
    if line.kind == "fence":
        match = re.match(r"^(\s*)(`{3,}|~{3,}|:{3,})\s*\{([^}]*)\}", line.text)
        if match and (match[3].strip() not in _KNOWN_DIRECTIVES
                      or gate.read(line.text, f"{layout.PAGES}/meetings/notes.md").problems):
            # another extension's directive ({abstract}, {bibliography}): kept verbatim
            fence = escaping.fence_for(line.text)
            return f"{fence}text\n{line.text}\n{fence}"
        if match:
            return line.text  # a presentational directive ({note}, {math}, ...)
        # a code block: written again with a fence nothing in it can close, and an info
        # string MyST cannot read as anything else
        lines = line.text.split("\n")
        opening = re.match(r"^\s*(`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$", lines[0])
        words = opening["info"].split() if opening else []
        info = re.sub(r"[^\w+.#-]", "", words[0]) if words else ""
        closed = len(lines) > 1 and re.fullmatch(r"\s*(`{3,}|~{3,}|:{3,})\s*", lines[-1])
        inner = "\n".join(lines[1:-1] if closed else lines[1:])
        fence = escaping.fence_for(inner)
        block = f"{fence}{info or 'text'}\n{inner}\n{fence}"
        if info and gate.read(block, f"{layout.PAGES}/meetings/notes.md").problems:
            # a language the build does not know, or code its lexer cannot read: plain text
            block = f"{fence}text\n{inner}\n{fence}"
        return block
    if not line.prefix and (found := meeting_field(line)):  # "Date: …", "Attendees: …"
        return f"\n{inline_text(found[0])}\n: {inline_text(found[1])}"
    return f"{line.prefix}{safe_markdown(line.text)}"


def summary(plan: Plan) -> str:
    """What would be written: a table of records (full titles) and the names to resolve."""
    rows = [("TYPE", "ID", "OWNERS", "DUE", "LINES", "TITLE")]
    for item in plan.items:
        owners = ", ".join(item.owners + [f"?{n}" for n in item.unresolved])
        rows.append((item.type, item.id, owners, item.due or item.due_phrase, _ranges(item.lines),
                     item.title))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)] + [0]
    found = ", ".join(f"{sum(i.type == kind.name for i in plan.items)} {kind.plural}"
                      for kind in schema.numbered_types()
                      if not kind.custom or any(i.type == kind.name for i in plan.items))
    out = [f"{plan.meeting_id}: {found} from {plan.source}"]
    out += ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    if plan.attendees or plan.chair:
        out.append(f"attendees: {', '.join(plan.attendees) or '-'}; chair: {', '.join(plan.chair) or '-'}")
    if not plan.items:
        out.append("(no decisions or actions found: everything goes to the meeting's notes)")
    for possible in plan.review:
        item = possible.item
        out.append(f"{plan.source}:{item.lines[-1]}: possible {item.type} ({possible.score:.2f}), "
                   "not written: "
                   f"{item.title} — accept with --accept {item.lines[-1]}")
    for item in plan.items:
        if lacking := missing_fields(plan, item):
            out.append(f"{plan.source}:{item.lines[0]}: {item.id} needs {_and(lacking)}, which the minutes "
                       f"do not give: set {'them' if len(lacking) > 1 else 'it'} in "
                       f"{_file_of(plan, item)} (`dmlog check` fails until then)")
    for line, name in plan.unresolved:
        if name == UNASSIGNED:
            out.append(f"{plan.source}:{line}: no owner is named: assign one")
        else:
            mark = unresolved_marks.mark(name)
            close = f" (did you mean {' or '.join(plan.closest[name])}?)" if plan.closest.get(name) else ""
            out.append(f"{plan.source}:{line}: cannot resolve the name {name!r}{close}: "
                       f"`dmlog resolve {mark} ID` once they are in "
                       f"{registries.DEFAULT_DIR}/{registries.FILE_OF[schema.PERSON]}, or "
                       f"`dmlog new person ID --name \"{name}\" --resolves {mark}`")
    for path in plan.files:
        out.append(f"will write {path.relative_to(plan.root)}")
    return "\n".join(out) + "\n"


def _and(names: list[str]) -> str:
    fields = [f":{name}:" for name in names]
    return " and ".join(filter(None, (", ".join(fields[:-1]), fields[-1])))


def _file_of(plan: Plan, item: Item) -> str:
    return edits.records_file(plan.root, item.type, plan.meeting_id).relative_to(plan.root).as_posix()


def nothing_found(plan: Plan) -> str:
    """Why an import found no records, and the lines that looked like one."""
    out = [f"{plan.source}: found no decisions or actions"]
    if plan.review:
        out.append("possible records, below the bar (write them with --accept LINE,…):")
        out += [f"{plan.source}:{p.item.lines[-1]}: possible {p.item.type} ({p.score:.2f}): {p.item.title}"
                for p in plan.review]
    if plan.looked_like:
        out.append("these lines look like records but could not be read as one "
                   "(write them as 'Agreed: …' or 'ACTION: Name to …', or teach the importer "
                   f"your team's markers in {style.STYLE_FILE}):")
        out += [f"{plan.source}:{number}: {text[:100]}" for number, text in plan.looked_like]
    out.append("use --allow-empty to import the minutes as notes only")
    return "\n".join(out)


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan for a reviewer or a script: what was found, where, and by which rule."""
    return {
        schema.MEETING: plan.meeting_id, "title": plan.title, "date": plan.date,
        "minutes": str(plan.source),
        "attendees": plan.attendees, "chair": plan.chair,
        "people": [{"name": p.name, "initials": sorted(p.initials), "handles": sorted(p.handles),
                    "present": p.present, "role": p.role}
                   for p in plan.meeting.attendees + plan.meeting.chair],
        "records": [{"id": i.id, "type": i.type, "title": i.title, "lines": i.lines, "rule": i.rule,
                     "owners": i.owners, "unresolved": i.unresolved,
                     "owners_as_written": [o.written for o in i.written],
                     "due": i.due, "due_as_written": i.due_phrase,
                     "status": "done" if i.done else schema.TYPES[i.type].default_status,
                     "missing": missing_fields(plan, i)}
                    for i in plan.items],
        "unresolved": [{"line": line, "name": name, "did_you_mean": plan.closest.get(name, [])}
                       for line, name in plan.unresolved],
        "looked_like_records": [{"line": n, "text": t} for n, t in plan.looked_like],
        "style": [{"rule": r.name, "kind": r.kind, "form": r.example} for r in plan.style],
        "review": [{"line": p.item.lines[-1], "lines": p.item.lines, "kind": p.item.type,
                    "score": round(p.score, 3), "why": p.why, "title": p.item.title, "rule": p.item.rule,
                    "owners_as_written": [o.written for o in p.item.written]} for p in plan.review],
        "lines": {"total": len(plan.files[next(iter(plan.files))].splitlines()),
                  "accounted": sorted({n for line in plan.lines for n in line.numbers})},
        "files": [path.relative_to(plan.root).as_posix() for path in plan.files],
    }


def write(plan: Plan) -> list[Path]:
    for path in plan.files:  # checked again: another process may have written meanwhile
        if path.exists():
            raise LogError(path.relative_to(plan.root).as_posix(), 0, "already exists")
    # all files or none, the ledger of issued IDs (never issued again) with them: a
    # failure halfway leaves the log as it was, so it can be retried
    issued = ledger.with_ids(plan.root, [item.id for item in plan.items])
    write_all(plan.files, plan.root, new_only=True,
              replaced={ledger.path(plan.root): issued} if issued is not None else None)
    return list(plan.files)
