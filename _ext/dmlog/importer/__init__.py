"""Meeting minutes, as people write them, turned into the log's files.

Reads plain text pasted from Confluence or Markdown/MyST notes, finds decisions and
actions with their owners, due dates and references, and plans three files (the
meeting page with the rest of the discussion, a decisions file and an actions file)
plus a copy of the original minutes. Every input line ends up in a record or in the
notes; names it cannot resolve are reported and marked, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from dmlog import schema
from dmlog.log import edits, registries
from dmlog.log.files import write_atomically
from dmlog.log.names import UNKNOWN_USER, NameIndex
from dmlog.log.problems import LogError
from dmlog.log.references import DEFAULT_PATTERNS, find_references
from dmlog.log.registries import Entry
from dmlog.log.sources import Log, read_text
from dmlog.log.validation import UNRESOLVED_PREFIX

# -- the language of minutes -------------------------------------------------------
# a capitalised word of a name: Leanne, O'Mullane, Dubois-Felsmann (not "Re:" or "Also")
_WORD = r"(?!(?:Re|Also|And|Or|To|Should|Will)\b)[A-Z][a-z'’][\w'’-]*"
_INITIALS = r"[A-Z]{1,3}(?:-[A-Z]{1,2})?"  # K-T, GPDF
_NAME = rf"(?:Unknown User \([\w.-]+\)|All [A-Z]{{2,}}|{_WORD}(?: (?:[A-Z]\.|{_WORD})){{0,3}}|{_INITIALS})"
_NAMES = rf"{_NAME}(?:(?:,? and |, | & | or ){_NAME})*"
_SPLIT_NAMES = re.compile(r",? and |, | & | or ")
NOT_NAMES = {"The", "This", "That", "These", "Those", "It", "Its", "We", "There", "Note", "Also",
             "Some", "Most", "Any", "Agreed", "Discussion", "Discussed", "Yes", "No", "If", "How",
             "What", "Where", "When", "Why", "Can", "Seems", "Concerns", "Assuming", "Following",
             "Requesting", "Other", "Current", "General", "Consensus", "Futures", "Need", "Depends",
             "Commissioning", "Scripts", "Desirement", "Assertion", "Identify", "Four", "Release",
             "Concrete", "Aiming", "Qserv", "Gen3", "In", "For", "A", "An", "Make", "Add", "Move",
             "Update", "Remove", "Create", "Merge", "Do", "Let", "Let's", "Should", "Is", "Are"}

ACTION_PATTERNS = [
    # Name — do X   /   Name, Name – do X   /   Name - do X
    re.compile(rf"^(?P<names>{_NAMES})\s+[—–-]\s+(?P<task>\S.*)$"),
    # Name: do X   (All DMLT: send ...)
    re.compile(rf"^(?P<names>{_NAMES}):\s+(?P<task>\S.*)$"),
    # Name to do X  (also after a semicolon: "...; Tim & Simon to play this by ear.")
    re.compile(rf"(?:^|;\s+)(?P<names>{_NAMES}) to (?P<task>[a-z]\S*\b.*)$"),
    # Name and Name should ..., Name will ...
    re.compile(rf"^(?P<names>{_NAMES}) (?:should|will) (?:then )?(?P<task>.*)$"),
    # Name and Name Re: ... - we should ...
    re.compile(rf"^(?P<names>{_NAMES}) (?P<task>(?:Re|re):? .*\bshould\b.*)$"),
]
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TICKET = r"[A-Z][A-Z0-9]*-\d+"
# An owner in parentheses at the end of a plan item, read with links as their text:
# "... container.  (Jim) DM-41113", "... (Andy) (DM-41235).", "... (DM-40641 in review; Jim)"
PLAN_OWNER = re.compile(
    rf"\((?:[^()]*;\s*)?(?!{_TICKET}\))(?P<names>\?|[A-Z][\w'’ ,&-]*?)\)\.?"
    rf"(?P<tail>(?:\s*\(?{_TICKET}\)?\.?)*(?:\s*\(partial\s*\))?)\s*$")
DECISION_PATTERNS = [
    re.compile(r"(?<!No )\bAgreed(?: that\b|:)\s*(?P<text>.*)$"),
    re.compile(r"\bWe (?:have )?agreed\b(?: that)?\s*(?P<text>.*)$"),
    re.compile(r"(?<!No )(?<!no )\b[Cc]onsensus (?:seems to be |is )?that\s+(?P<text>.*)$"),
    re.compile(r"\bGeneral agreement that\s+(?P<text>.*)$"),
    re.compile(r"\bAgreement from (?P<names>" + _NAMES + r") that\s+(?P<text>.*)$"),
    re.compile(r"(?:^|\b[Ww]e (?:have )?)[Dd]ecided\b(?: that| to)?\s*(?P<text>.*)$"),
    re.compile(r"^(?P<text>We will\b.*)$"),
]
AGREED_HEADER = re.compile(r"^(?:Agreed|Decisions?|We agreed)\s*:?\s*$", re.I)
ENDS_BLOCK = re.compile(r"^(?:Note\b|NB\b|\(NB\b)|\?\s*$")
CONFLUENCE_ARTEFACTS = re.compile(r"^(?:-|Getting issue details\.\.\.STATUS|Loading\.\.\.)$")
JIRA_KEY = re.compile(r"^[A-Z][A-Z0-9]+-\d+$")
DEPENDS = re.compile(r"Depends on (?P<codes>(?:[A-Z]\d+\??(?:,\s*|\s+and\s+)?)+)")
#: The owner of a plan item whose owner is "(?)": nobody yet.
UNASSIGNED = "unassigned"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DUE = re.compile(r"\b(?:by|due|before|until|closing date of|deadline(?: of)?)\s+"
                 rf"(?P<when>\d{{4}}-\d{{2}}-\d{{2}}|next week|(?:next )?(?:{'|'.join(WEEKDAYS)}))\b", re.I)


@dataclass
class Line:
    numbers: list[int]  # lines of the minutes this logical line stands for
    text: str  # as written, without list markers
    prefix: str = ""  # list marker / indentation in Markdown
    kind: str = "text"  # text | heading | fence | blank
    section: str = ""  # the heading it is under (Markdown plans)
    part_of: Item | None = None  # the record whose text it continues (a list under "…:")


@dataclass
class Item:
    type: str
    title: str
    text: str
    lines: list[int]
    owners: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    due: str = ""
    due_note: str = ""
    refs: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    milestones: list[str] = field(default_factory=list)
    code: str = ""  # a work package's code in a plan, e.g. "C1"
    id: str = ""


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


# -- reading ---------------------------------------------------------------------------
def logical_lines(text: str, markdown: bool) -> list[Line]:
    raw = text.splitlines()
    return _markdown_lines(raw) if markdown else _text_lines(raw)


def _text_lines(raw: list[str]) -> list[Line]:
    """Confluence paste: one line per paragraph or list item; Jira macros split a
    sentence around the issue key ("RFC-243", "-", "Getting issue details...STATUS")."""
    lines: list[Line] = []
    index = 0
    while index < len(raw):
        text = raw[index].strip()
        number = index + 1
        index += 1
        if not text:
            continue
        if JIRA_KEY.match(text) and lines and index + 1 < len(raw) and \
                raw[index].strip() == "-" and CONFLUENCE_ARTEFACTS.match(raw[index + 1].strip()):
            # the macro: join the key, and the lower-case continuation, to the sentence
            previous = lines[-1]
            previous.text += f" {text}"
            previous.numbers += [number, index + 1, index + 2]
            index += 2
            if index < len(raw) and raw[index].strip()[:1].islower():
                previous.text += " " + raw[index].strip()
                previous.numbers.append(index + 1)
                index += 1
            continue
        if CONFLUENCE_ARTEFACTS.match(text) and lines:
            lines[-1].numbers.append(number)  # an artefact: it belongs to the line above
            continue
        lines.append(Line([number], text))
    return lines


_MD_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[*+-]|\d+[.)])\s+(?P<text>.*)$")
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*)$")
_MD_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})")


def _markdown_lines(raw: list[str]) -> list[Line]:
    """Markdown: headings, list items (with their continuation lines) and paragraphs."""
    lines: list[Line] = []
    section = ""
    index = 0
    while index < len(raw):
        line = raw[index]
        number = index + 1
        index += 1
        if not line.strip():
            lines.append(Line([number], "", kind="blank"))
            continue
        if fence := _MD_FENCE.match(line):
            mark = fence["fence"]
            numbers = [number]
            while index < len(raw):
                numbers.append(index + 1)
                index += 1
                if raw[index - 1].strip().startswith(mark[0] * len(mark)) and \
                        raw[index - 1].strip().strip(mark[0]) == "":
                    break
            lines.append(Line(numbers, "\n".join(raw[n - 1] for n in numbers), kind="fence"))
            continue
        if heading := _MD_HEADING.match(line):
            section = heading["text"].strip()
            lines.append(Line([number], section, prefix=heading["hashes"] + " ", kind="heading",
                              section=section))
            continue
        item = _MD_ITEM.match(line)
        prefix = f"{item['indent']}{item['marker']} " if item else ""
        text = item["text"] if item else line.strip()
        numbers = [number]
        indent = len(prefix) if item else len(line) - len(line.lstrip())
        # continuation lines: indented further than the marker, not a new item or heading
        while index < len(raw) and raw[index].strip() and not _MD_ITEM.match(raw[index]) \
                and not _MD_HEADING.match(raw[index]) and not _MD_FENCE.match(raw[index]) \
                and (not item or len(raw[index]) - len(raw[index].lstrip()) >= indent):
            text += " " + raw[index].strip()
            numbers.append(index + 1)
            index += 1
        lines.append(Line(numbers, text, prefix=prefix, section=section))
    return lines


# -- finding records ----------------------------------------------------------------
class Finder:
    def __init__(self, names: NameIndex, lines: list[Line], entries: list[Entry],
                 meeting_date: str, patterns: list[tuple[str, str]] = DEFAULT_PATTERNS) -> None:
        self.names = names
        self.patterns = patterns
        self.registry = {e.id: e.type for e in entries}
        self.documents_by_url = {
            str(e.values.get("url") or f"https://{e.id.lower()}.lsst.io/").rstrip("/"): e.id
            for e in entries if e.type == "document"}
        self.meeting_date = meeting_date
        # the meeting's people: those named in full somewhere in the minutes
        self.people: set[str] = set()
        for line in lines:
            full_names = rf"{_WORD}(?: (?:[A-Z]\.|{_WORD}))+|Unknown User \([\w.-]+\)"
            for match in re.finditer(full_names, line.text):
                if (found := names.resolve(match.group(0))) is not None:
                    self.people.add(found)

    def owners(self, names_text: str, strict: bool) -> tuple[list[str], list[str]] | None:
        """(resolved IDs, unresolved names), or None when the text is not names at all."""
        resolved, unresolved = [], []
        for name in _SPLIT_NAMES.split(names_text.strip()):
            name = name.strip()
            if not name:
                continue
            if name.split()[0] in NOT_NAMES and not name.startswith("All "):
                return None
            found = self.names.resolve(name, self.people)
            if found is not None:
                if found not in resolved:
                    resolved.append(found)
            elif strict and not (UNKNOWN_USER.match(name) or re.fullmatch(rf"{_WORD}(?: {_WORD})+", name)):
                return None  # a single unknown word, or initials: not taken for a name
            else:
                unresolved.append(name)
        return (resolved, unresolved) if resolved or unresolved else None

    def action(self, line: Line) -> Item | None:
        text = line.text
        plain = MARKDOWN_LINK.sub(r"\1", text)
        if line.prefix and (plan := PLAN_OWNER.search(plain)):
            owners = ([], [UNASSIGNED]) if plan["names"] == "?" else self.owners(plan["names"], strict=False)
            if owners is not None:
                task = plain[: plan.start()].strip()
                return self._item("action", task, text, line, owners)
        for pattern in ACTION_PATTERNS:
            match = pattern.search(text)
            if match and (owners := self.owners(match["names"], strict=True)) is not None:
                return self._item("action", match["task"], text, line, owners)
        return None

    def decision(self, line: Line) -> Item | None:
        for pattern in DECISION_PATTERNS:
            match = pattern.search(line.text)
            if match:
                owners: tuple[list[str], list[str]] = ([], [])
                if "names" in pattern.groupindex:
                    owners = self.owners(match["names"], strict=True) or ([], [])
                return self._item("decision", match["text"] or line.text, line.text, line, owners)
        return None

    def _item(self, kind: str, title_text: str, text: str, line: Line,
              owners: tuple[list[str], list[str]]) -> Item:
        item = Item(kind, title(title_text), text, list(line.numbers),
                    owners=owners[0], unresolved=owners[1])
        for start, stop, url in find_references(text, self.patterns, ""):
            handle = text[start:stop]
            if url is None:
                continue
            document: str | None = handle
            if self.registry.get(handle) != "document":
                # a reference into a document, e.g. QAWG-REC-20 into DMTN-085
                item.refs.append(handle)
                document = self.documents_by_url.get(url.rstrip("/"))
            if document and document not in item.documents:
                item.documents.append(document)
        for code in re.findall(r"[A-Za-z][\w.-]*[A-Za-z0-9]", text):
            if self.registry.get(code) == "milestone" and code not in item.milestones:
                item.milestones.append(code)
        if kind == "action" and (due := DUE.search(text)):
            item.due, item.due_note = resolve_due(due["when"], self.meeting_date)
        if line.section and (code := re.search(r"\(([A-Z])\)\s*$", line.section)):
            marker = re.match(r"(\d+)", line.prefix)  # top-level items only: "1." under B1 is not B1
            if marker:
                item.code = f"{code.group(1)}{marker.group(1)}"
        return item


def title(text: str, limit: int = 90) -> str:
    """A one-line title from a sentence of the minutes."""
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = " ".join(text.replace("\\[", "[").replace("\\]", "]").split()).strip(" -—–:;")
    suffix = ""
    if about := re.match(r"^[Rr]e:?\s+(?P<about>.+?)\s+[-—–]\s+(?P<rest>.+)$", text):
        text, suffix = about["rest"], f" (re {about['about']})"  # "Re: X - we should do Y"
    text = re.sub(r"^(?:we |they )?(?:should|will|need to|must) ", "", text, flags=re.I)
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0].rstrip(".")
    limit -= len(suffix)
    if len(first) > limit:
        cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:")
        first = cut + "…"
    if re.match(r"[a-z]+\b(?![_.])", first):  # not a code name such as obs_decam
        first = first[:1].upper() + first[1:]
    return first + suffix


def resolve_due(when: str, meeting_date: str) -> tuple[str, str]:
    """An absolute due date, or ("", why not)."""
    when_lower = when.lower()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", when):
        return when, ""
    if len(meeting_date) != 10:
        return "", f"due {when!r} is relative, and the meeting date has no day to resolve it against"
    date = dt.date.fromisoformat(meeting_date)
    if when_lower == "next week":
        return (date + dt.timedelta(days=7)).isoformat(), ""
    weekday = WEEKDAYS.index(when_lower.removeprefix("next "))
    days = (weekday - date.weekday()) % 7 or 7
    return (date + dt.timedelta(days=days)).isoformat(), ""


def find_records(lines: list[Line], finder: Finder) -> list[tuple[Line, Item | None]]:
    """Each logical line with the record it starts (or None)."""
    result: list[tuple[Line, Item | None]] = []
    agreed_at = 0  # the line of an "Agreed:" whose list of decisions this is
    continuing: Item | None = None  # a decision ending with ":" takes the list below it
    for line in lines:
        if line.kind in ("heading", "fence", "blank"):
            agreed_at = agreed_at if line.kind == "blank" else 0
            continuing = None
            result.append((line, None))
            continue
        text = line.text
        if continuing is not None:
            continuing.text += "\n" + text
            continuing.lines += line.numbers
            line.part_of = continuing
            if not text.rstrip().endswith(";"):
                continuing = None
            result.append((line, None))
            continue
        if AGREED_HEADER.match(text):
            agreed_at = line.numbers[0]
            result.append((line, None))
            continue
        item = finder.action(line)
        if item is None and agreed_at and not ENDS_BLOCK.search(text):
            item = finder._item("decision", text, text, line, ([], []))
            item.text = f"Agreed: {text}"
            item.lines = sorted({*item.lines, agreed_at})
        else:
            agreed_at = 0
            item = item or finder.decision(line)
        if item is not None and item.type == "decision" and text.rstrip().endswith(":"):
            continuing = item
        result.append((line, item))
    return result


# -- planning and writing -----------------------------------------------------------
def plan_import(root: Path, log: Log, minutes: Path, date: str, meeting_title: str,
                slug: str | None = None,
                patterns: list[tuple[str, str]] = DEFAULT_PATTERNS) -> Plan:
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
        raise LogError(display, 0, f"{meeting_id} is already in the log")
    markdown = minutes.suffix.lower() in (".md", ".markdown", ".myst")
    lines = logical_lines(text, markdown)
    finder = Finder(NameIndex(log.entries), lines, log.entries, date, patterns)
    found = find_records(lines, finder)
    items = [item for _, item in found if item is not None]
    year = int(date[:4])
    taken: set[str] = set()
    for kind in ("decision", "action"):
        of_kind = [i for i in items if i.type == kind]
        for item, record_id in zip(of_kind, edits.next_ids(log, kind, year, len(of_kind), taken),
                                   strict=True):
            item.id = record_id
            taken.add(record_id)
    _link_dependencies(items)
    unresolved = [(item.lines[0], name) for item in items for name in item.unresolved]
    page = edits.meeting_page(root, meeting_id)
    copy = page.with_suffix(".txt")
    notes = _notes(found, markdown)
    files = {copy: text}
    meeting_body = (f"Minutes imported with `dmlog import` from {minutes.name}: "
                    f"{{download}}`original minutes <{copy.name}>`.")
    files[page] = edits.meeting_page_text(
        meeting_id, meeting_title, {"date": date, "source": copy.relative_to(root).as_posix()},
        meeting_body, notes)
    for kind in ("decision", "action"):
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
    return Plan(root, meeting_id, meeting_title, date, minutes, markdown, items, notes, files,
                unresolved)


def _link_dependencies(items: list[Item]) -> None:
    """"Depends on C1, C2" in a plan: name the actions those codes became."""
    by_code = {item.code: item.id for item in items if item.code}

    def name(match: re.Match[str]) -> str:
        codes = re.findall(r"[A-Z]\d+", match.group(0))
        known = [f"{c} ({by_code[c]})" for c in codes if c in by_code]
        return match.group(0) + (f" [{', '.join(known)}]" if known else "")

    for item in items:
        item.text = DEPENDS.sub(name, item.text)


def _record_block(item: Item, meeting_id: str, date: str) -> str:
    owners = item.owners + [UNRESOLVED_PREFIX + re.sub(r"\W+", "_", n).strip("_") for n in item.unresolved]
    options = {"status": schema.TYPES[item.type].default_status,
               "date": date if item.type == "decision" else "",
               "owner": ", ".join(owners), "meeting": meeting_id, "due": item.due,
               "milestone": ", ".join(item.milestones), "document": ", ".join(item.documents),
               "refs": ", ".join(dict.fromkeys(item.refs)), "lines": _ranges(item.lines)}
    body = _safe_markdown(item.text)
    if item.unresolved:
        body += "\n\n(Owner to resolve: " + ", ".join(item.unresolved) + ".)"
    if item.due_note:
        body += f"\n\n({item.due_note}.)"
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


_KNOWN_DIRECTIVES = {"note", "warning", "admonition", "important", "tip", "seealso", "code-block",
                     "figure", "image", "math", "list-table", "table", "toctree"}


def _safe_markdown(text: str) -> str:
    """Minutes' Markdown made safe for this site: roles and directives of other
    extensions (a technote's {cite:p}, {abstract}) become plain text."""
    text = re.sub(r"\{cite:\w+\}`([^`]*)`", r"(\1)", text)
    text = re.sub(r"\{(?!need\b|download\b|ref\b|doc\b)[\w:.-]+\}`([^`]*)`", r"`\1`", text)
    return text


def _escape_line(text: str) -> str:
    """A line of plain-text minutes as the text of a Markdown list item."""
    text = _safe_markdown(text)
    if re.match(r"^(?:[#>|*+=_-]|\d+[.)]\s|`{3}|:{3}|<)", text):
        text = "\\" + text
    return text


def _notes(found: list[tuple[Line, Item | None]], markdown: bool) -> str:
    """The rest of the discussion, in order, with a pointer where a record was."""
    out: list[str] = []
    for line, item in found:
        where = f"line {line.numbers[0]}" if len(line.numbers) == 1 else \
            f"lines {_ranges(line.numbers)}"
        if item is not None:
            out.append(f"{line.prefix or '- '}{item.id} ({where}).")
        elif markdown:
            out.append(_markdown_note(line))
        elif line.part_of is not None:
            out.append(f"- ({line.part_of.id}, {where}.)")
        else:
            out.append(f"- {_escape_line(line.text)}")
    return "\n".join(out).strip("\n") + "\n"


def _markdown_note(line: Line) -> str:
    if line.kind == "blank":
        return ""
    if line.kind == "heading":
        level = min(6, len(line.prefix.strip()) + 2)  # under the page's "## Discussion"
        return f"{'#' * level} {line.text}"
    if line.kind == "fence":
        match = re.match(r"^(\s*)(`{3,}|:{3,})\{([\w:-]+)\}", line.text)
        if match and match[3] not in _KNOWN_DIRECTIVES:
            # another extension's directive ({abstract}, {bibliography}): kept verbatim
            fence = "`" * max(4, len(match[2]) + 1)
            return f"{fence}text\n{line.text}\n{fence}"
        return line.text
    return f"{line.prefix}{_safe_markdown(line.text)}"


def summary(plan: Plan) -> str:
    """What would be written: a table of records and the names to resolve."""
    rows = [("TYPE", "ID", "OWNERS", "DUE", "LINES", "TITLE")]
    for item in plan.items:
        owners = ", ".join(item.owners + [f"?{n}" for n in item.unresolved])
        rows.append((item.type, item.id, owners, item.due, _ranges(item.lines), item.title[:50]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = [f"{plan.meeting_id}: {sum(i.type == 'decision' for i in plan.items)} decisions, "
           f"{sum(i.type == 'action' for i in plan.items)} actions from {plan.source}"]
    out += ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    if not plan.items:
        out.append("(no decisions or actions found: everything goes to the meeting's notes)")
    for line, name in plan.unresolved:
        if name == UNASSIGNED:
            out.append(f"{plan.source}:{line}: no owner is named ('(?)'): assign one")
        else:
            out.append(f"{plan.source}:{line}: cannot resolve the name {name!r}: add them to "
                       f"{registries.DEFAULT_DIR}/{registries.FILE_OF['person']} "
                       "(or give an alias), then fix the owner")
    for path in plan.files:
        out.append(f"will write {path.relative_to(plan.root)}")
    return "\n".join(out) + "\n"


def write(plan: Plan) -> list[Path]:
    for path in plan.files:  # checked again: another process may have written meanwhile
        if path.exists():
            raise LogError(path.relative_to(plan.root).as_posix(), 0, "already exists")
    written = []
    for path, text in plan.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text)
        written.append(path)
    return written
