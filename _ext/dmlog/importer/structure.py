"""Minutes as a list of logical lines: the first layer of the importer.

Whatever the minutes were written in (text pasted from Confluence, Markdown, W3C scribe
minutes or a raw IRC log, hard-wrapped plain text), they become logical lines, each with
the input lines it stands for, its section and the section's role, its speaker, and a
*clean* text without list glyphs, quote markers, task boxes or emphasis; the clean text
is then split into sentences. Nothing here decides what is a record; ``vocabulary`` does.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dmlog.importer import vocabulary

if TYPE_CHECKING:
    from dmlog.importer.finder import Item

FORMATS = ("markdown", "irc", "wrapped", "text")


@dataclass
class Line:
    numbers: list[int]  # lines of the minutes this logical line stands for
    text: str  # as written, without list markers
    prefix: str = ""  # list marker / indentation in Markdown
    kind: str = "text"  # text | heading | fence | blank
    section: str = ""  # the heading it is under
    role: str = ""  # the section's role: attendees, regrets, roles, actions, decisions, notes
    speaker: str = ""  # who is speaking (IRC nick, "Name:" of the line it continues)
    task: bool = False  # a task-list item ("- [ ] ...")
    depth: int = 0  # indentation of a list item
    part_of: Item | None = None  # the record whose text it continues (a list under "…:")
    clean: str = ""  # the text without glyphs, quote markers, task boxes and emphasis
    columns: tuple[str, ...] = ()  # a table row's column names (its table's header row)
    detail: bool = False  # nested under an action of an "Action items" list: its notes, not a task

    def __post_init__(self) -> None:
        if not self.clean:
            self.clean = clean(self.text)
        self.task = self.task or bool(re.match(r"^(?:[-*+•]\s+)?\[[ xX]\]\s", self.text.strip()))


# -- cleaning ---------------------------------------------------------------------------
_GLYPHS = re.compile(r"^(?:[•·▪◦‣●○■□➢➤►▶✓✔☐☑→*+-]\s+|>\s?)+")
_TASK_BOX = re.compile(r"^\[(?P<done>[ xX])\]\s+")
_ENUMERATOR = re.compile(r"^(?:\(?(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})[.)]\s+)(?=\S)")
_EMPHASIS = re.compile(r"(\*\*\*|\*\*|__|(?<![\w*])\*(?![\s*])|(?<!\w)_(?![\s_]))")
_PAIRED_EMPHASIS = re.compile(r"(?<![\w*_])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*_])")
_STRIKE = re.compile(r"~~(.*?)~~")
_HTML = re.compile(r"</?(?:b|i|em|strong|span|p|div|u|font|sup|sub|small)\b[^>]*>", re.I)
#: "[DONE]", "(ongoing)" after an action: its status, not its owner.
STATUS_TAG = re.compile(r"\s*[\[(](?:done|ongoing|open|closed|complete|completed|in progress|wip|pending"
                        r"|new|dropped|cancell?ed|blocked|on hold)[\])]\.?\s*$", re.I)
DONE_TAG = re.compile(r"[\[(](?:done|closed|complete|completed)[\])]\.?\s*$", re.I)
BREAK = re.compile(r"<br\s*/?>|</p>\s*<p\b[^>]*>", re.I)
#: "(ttx, 20:19:30)" after a line of a meeting bot's summary: who typed it, and when.
_BOT_STAMP = re.compile(r"\s*\((?:[\w.-]+,\s*)?\d{1,2}:\d{2}(?::\d{2})?\)\s*$")


_WIKI_ICON = re.compile(r"^(?:[\w-]+ ){0,4}\d+px\.(?:png|svg|gif|jpe?g)\s+", re.I)
_AUTHOR_TAG = re.compile(r"^\[name=([^\]\n]{1,40})\]\s*")


def clean(text: str) -> str:
    """The words of a line as a reader sees them: no list glyph, quote marker, task box,
    enumerator ("a.", "ii."), emphasis or inline HTML."""
    text = BREAK.sub(" \n ", text)
    text = _HTML.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")  # "Attendees:&#x20;", "R&amp;D" (exported documents)
    previous = None
    while previous != text:
        previous = text
        text = _GLYPHS.sub("", text.strip())
        text = _TASK_BOX.sub("", text)
    # emphasis, but not inside code spans (`__init__`)
    parts = re.split(r"(`[^`]*`)", text)
    text = "".join(part if part.startswith("`") else _EMPHASIS.sub("", _PAIRED_EMPHASIS.sub(r"\2", part))
                   for part in parts)
    text = _GLYPHS.sub("", text.strip())  # "**- item**"
    text = _TASK_BOX.sub("", text)
    text = STATUS_TAG.sub("", text)
    text = _BOT_STAMP.sub("", text)
    text = _AUTHOR_TAG.sub(r"\1: ", text)  # HackMD's "[name=Gaston] I'll review it": who says it
    text = _WIKI_ICON.sub("", text)  # "Pictogram voting comment 15px.png Action …": an icon's file name
    text = re.sub(r"(?<=\w)::(?=\s)", ":", text)  # MediaWiki's "Action Guido:: to contact OSL"
    return re.sub(r"[ \t]+", " ", text).strip()


def strip_enumerator(text: str) -> str:
    """"a. Small grants" -> "Small grants"; "1) ..." likewise (sentence matching only)."""
    return _ENUMERATOR.sub("", text, count=1)


_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|Dr|Mr|Mrs|Ms|Prof|St|No|Nos|Fig|Sec|Jr|Sr|a\.m|p\.m|U\.S)"
    r"|\b[A-Z])\.$")


#: "Hiro will answer. nob will merge.": a sentence can start with someone's lower-case nick.
_LOWER_CASE_OWNER = re.compile(r"(?!(?:we|they|he|she|it|this|that|which|who|you|i|one|someone|everyone)\b)"
                               r"[a-z][\w.-]{1,24}\s+(?:will|'ll|to|shall)\s+[a-z]")


def sentences(text: str) -> list[str]:
    """A paragraph as its sentences (and the parts a <br> separates)."""
    out: list[str] = []
    for part in text.split("\n"):
        part = part.strip()
        if not part:
            continue
        start = 0
        for match in re.finditer(r"(?<=[.!?])[\"”')\]]?\s+(?=\S)", part):
            following = part[match.end()]
            if not (following.isupper() or following in "@\"“'([0123456789"
                    or _LOWER_CASE_OWNER.match(part, match.end())):
                continue
            candidate = part[start:match.start()].rstrip()
            if _ABBREVIATIONS.search(candidate.split(" ")[-1] if candidate else ""):
                continue
            if candidate:
                out.append(candidate.strip())
            start = match.end()
        if part[start:].strip():
            out.append(part[start:].strip())
    return out


def clauses(sentence: str) -> list[str]:
    """A sentence's clauses that can each hold a record ("Agreed to X; Jane to do Y")."""
    parts = [p.strip() for p in re.split(
        r";\s+|\s+[—–-]\s+(?=[A-Z][a-z]+ (?:to|will|is going to) )|\s+(?:->|→|=>)\s+"
        # "CoC liaison is distinct, ACTION: Tobias will raise this again": a marker mid-line
        r"|(?:,?\s+|(?<=\.))(?=(?:ACTION|AI|TODO|DECISION|RESOLVED|AGREED|Action [Ii]tems?)\b\s*(?::|by\b))",
        sentence)]
    return [p for p in parts if p]


# -- formats ----------------------------------------------------------------------------
_IRC = re.compile(r"^\s*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+)?<(?P<nick>[^<>\s]+)>\s?(?P<text>.*)$")
_IRC_TIME = re.compile(r"^\s*\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+")


def detect_format(text: str, markdown: bool) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    if markdown:
        return "markdown"
    if lines and sum(bool(_IRC.match(line)) for line in lines) >= 0.3 * len(lines):
        return "irc"
    long_lines = [line for line in lines if len(line.rstrip()) >= 55]
    blanks = len(text.splitlines()) - len(lines)
    if long_lines and max(len(line.rstrip()) for line in lines) <= 100 and len(long_lines) >= 3 \
            and blanks >= 0.1 * len(text.splitlines()):
        return "wrapped"  # plain text with paragraphs broken at a fixed width
    return "text"


def logical_lines(text: str, markdown: bool) -> list[Line]:
    raw = text.splitlines()
    kind = detect_format(text, markdown)
    if kind == "markdown":
        lines = _markdown_lines(raw)
    elif kind == "irc":
        lines = _irc_lines(raw)
    else:
        lines = _text_lines(raw, wrapped=kind == "wrapped")
    assign_roles(lines, markdown=kind == "markdown")
    assign_speakers(lines)
    _table_heads(lines)
    return lines


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _table_heads(lines: list[Line]) -> None:
    """A table's header row and the rule under it name its columns: no record is there;
    each row below them knows its columns' names."""
    columns: tuple[str, ...] = ()
    for line, following in itertools.pairwise([*lines, Line([0], "", kind="blank")]):
        if not _TABLE_ROW.match(line.text):
            columns = ()
        elif _TABLE_RULE.match(following.text):
            line.role = following.role = "heading"
            columns = tuple(clean(cell) for cell in table_cells(line.text))
        elif not _TABLE_RULE.match(line.text):
            line.columns = columns


def table_cells(text: str) -> list[str]:
    """"| Send X | Jane | Friday |" -> ["Send X", "Jane", "Friday"]."""
    return [cell.strip() for cell in text.strip().strip("|").split("|")]


_UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,}|~{3,})\s*$")
_CONFLUENCE_ARTEFACTS = re.compile(r"^(?:-|Getting issue details\.\.\.STATUS|Loading\.\.\.)$")
_JIRA_KEY = re.compile(r"^[A-Z][A-Z0-9]+-\d+$")
_STARTS_ITEM = re.compile(r"^(?:[•*+-]\s|@\w|\d{1,2}[.)]\s|[A-Za-z][.)]\s|\(?[ivx]{1,4}[.)]\s|[A-Z][A-Z ]+:)")


def _text_lines(raw: list[str], wrapped: bool) -> list[Line]:
    """Confluence paste: one line per paragraph or list item; Jira macros split a
    sentence around the issue key ("RFC-243", "-", "Getting issue details...STATUS").
    Hard-wrapped text: a paragraph's lines are joined."""
    lines: list[Line] = []
    index = 0
    previous_raw = ""
    item_indent = -1  # indentation of the list item the paragraph is, if it is one
    while index < len(raw):
        text = raw[index].strip()
        number = index + 1
        index += 1
        if not text:
            previous_raw = ""
            continue
        if _JIRA_KEY.match(text) and lines and index + 1 < len(raw) and \
                raw[index].strip() == "-" and _CONFLUENCE_ARTEFACTS.match(raw[index + 1].strip()):
            # the macro: join the key, and the lower-case continuation, to the sentence
            last = lines[-1]
            last.text += f" {text}"
            last.numbers += [number, index + 1, index + 2]
            index += 2
            if index < len(raw) and raw[index].strip()[:1].islower():
                last.text += " " + raw[index].strip()
                last.numbers.append(index + 1)
                index += 1
            last.clean = clean(last.text)
            continue
        if _CONFLUENCE_ARTEFACTS.match(text) and lines:
            lines[-1].numbers.append(number)  # an artefact: it belongs to the line above
            continue
        line_raw = raw[number - 1]
        if index < len(raw) and _UNDERLINE.match(raw[index]) and not _STARTS_ITEM.match(text):
            lines.append(Line([number, index + 1], text, kind="heading", section=text))  # "Topic\n====="
            index += 1
            previous_raw = ""
            continue
        if (wrapped and previous_raw and lines and len(previous_raw.rstrip()) >= 50
                and _indent(line_raw) >= _indent(previous_raw) - 1 and not _STARTS_ITEM.match(text)
                and _indent(line_raw) != item_indent  # a list's items are not one paragraph
                and section_label(Line([number], text)) is None):  # "Regrets: …" is a field of its own
            lines[-1].text += " " + text  # the paragraph goes on
            lines[-1].numbers.append(number)
            lines[-1].clean = clean(lines[-1].text)
        else:
            lines.append(Line([number], text, depth=_indent(line_raw)))
            item_indent = _indent(line_raw) if _STARTS_ITEM.match(text) else -1
        previous_raw = line_raw
    return lines


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _irc_lines(raw: list[str]) -> list[Line]:
    """An IRC log: "<nick> text", with or without times; the scribe's lines speak for
    the person they name ("<Ian> Florian: ..."), others speak for themselves."""
    lines: list[Line] = []
    scribes: set[str] = set()
    for number, line in enumerate(raw, 1):
        if not line.strip():
            continue
        match = _IRC.match(line)
        if not match:
            lines.append(Line([number], _IRC_TIME.sub("", line).strip()))
            continue
        nick, text = match["nick"].lstrip("@+"), match["text"].strip()
        if scribe := re.match(r"(?i)^scribe(?:nick)?\s*:\s*(\S+)", text):
            scribes.add(scribe.group(1).lower())
        if nick.lower() in scribes or vocabulary.MARKER_LINE.match(text):
            lines.append(Line([number], text, speaker="" if nick.lower() in scribes else nick))
        else:
            lines.append(Line([number], f"{nick}: {text}", speaker=nick))
    return lines


_MD_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[*+-]|\d+[.)])\s+(?P<text>.*)$")
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_MD_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
#: A paragraph that is one bold phrase: a heading in all but name.
_PSEUDO_HEADING = re.compile(r"^\s*(?:\*\*[^*]+\*\*|__[^_]+__):?\s*$")


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
        # continuation lines: indented further than the marker, not a new item, heading or
        # table row (each row of a table is a line of its own: "| Send X | Jane | Friday |")
        while index < len(raw) and raw[index].strip() and not _MD_ITEM.match(raw[index]) \
                and not _MD_HEADING.match(raw[index]) and not _MD_FENCE.match(raw[index]) \
                and not _TABLE_ROW.match(raw[index]) and not _TABLE_ROW.match(line) \
                and (item or not _is_field(raw[index])) \
                and (not item or len(raw[index]) - len(raw[index].lstrip()) >= indent):
            text += " " + raw[index].strip()
            numbers.append(index + 1)
            index += 1
        task = bool(_TASK_BOX.match(text.strip()))
        lines.append(Line(numbers, text, prefix=prefix, section=section, task=task,
                          depth=len(item["indent"].expandtabs(4)) if item else _indent(line)))
    return lines


def _is_field(raw: str) -> bool:
    """"Attendees: …" on a line of its own names people, not more of the paragraph above."""
    found = section_label(Line([0], raw.strip()))
    return found is not None and bool(found[1])


# -- sections ---------------------------------------------------------------------------
def section_label(line: Line) -> tuple[str, str] | None:
    """(role, rest) when a line names a section ("Action items", "Present: A, B")."""
    text = strip_enumerator(line.clean).strip()
    if not text:
        return None
    whole = vocabulary.section_role(text.rstrip(":").strip()) if len(text) < 60 else None
    if whole:
        return whole, ""
    if match := re.match(r"^(?P<label>[^:]{2,40}):\s*(?P<rest>.*)$", text):
        role = vocabulary.section_role(match["label"].strip())
        rest = match["rest"].strip()
        # "Chairs: consensus in the room …" is a sentence, not the list of chairs
        if role in ("attendees", "regrets", "roles", "chair") and \
                (role == "roles" or vocabulary.looks_like_names(rest)):
            return role, rest
    return None


_GLYPH_START = re.compile(r"^(?:[•·▪◦‣●○■□➢➤►▶✓✔☐☑→*+>-]|\d{1,2}[.)])\s")


def assign_roles(lines: list[Line], markdown: bool) -> None:
    """Give each line its section's role. A section is opened by a heading, a line that
    is only a section name, or a list item that is one (its sub-items are the section)."""
    sections = _Sections(lines, markdown)
    for line in lines:
        line.role = sections.role_of(line)


@dataclass
class _Sections:
    """The section being read, line by line, and what opened it."""

    lines: list[Line]
    markdown: bool
    role: str = ""
    heading_level: int = 0
    item_depth: int = -1  # the depth of the list item that opened the section (-1: none)
    opened_at: Line | None = None  # the bare section line of plain text, and its list
    listed: bool = False

    def role_of(self, line: Line) -> str:
        if line.kind in ("blank", "fence"):
            return self.role
        if line.kind == "heading":
            self.heading(line)
            return self.role
        if self.item_depth >= 0 and line.prefix and line.depth <= self.item_depth:
            self.role, self.item_depth = "", -1  # the list item that opened the section has ended
        if found := section_label(line):
            return self.label(line, found)
        self.end_at(line)
        return self.role

    def heading(self, line: Line) -> None:
        level = len(line.prefix.strip())
        if found := section_label(line):
            self.role, self.heading_level, self.item_depth = found[0], level, -1
        elif level <= self.heading_level or not self.role or self.heading_level == 0:
            self.role, self.heading_level, self.item_depth = "", level, -1

    def label(self, line: Line, found: tuple[str, str]) -> str:
        """A line that names a section (and may hold its content after the name)."""
        if found[1]:
            return found[0]
        self.role = found[0]
        if self.markdown and line.prefix:
            self.item_depth = line.depth
        elif self.markdown:  # a paragraph "Attendees:" opens a section the next heading ends
            self.heading_level = 0
        else:
            self.heading_level, self.opened_at, self.listed = 0, line, False
        return "heading"

    def end_at(self, line: Line) -> None:
        """The section ends where its list, its block of names or its pseudo-heading does."""
        if not self.markdown and self.opened_at is not None and self.role:
            in_list = line.depth > self.opened_at.depth or bool(_GLYPH_START.match(line.text))
            if self.opened_at is self.lines[self.lines.index(line) - 1] or (not self.listed and in_list):
                self.listed = self.listed or in_list
            elif self.listed and not in_list:
                self.role, self.opened_at = "", None  # back at the section line's margin: the list has ended
        if self.role in ("attendees", "regrets", "roles", "chair") and not self.markdown \
                and not vocabulary.looks_like_names(line.clean):
            self.role = ""  # the block of names has ended
        if self.markdown and self.heading_level == 0 and _PSEUDO_HEADING.match(line.text):
            self.role = ""  # "**Agenda / notes**" ends what "**Attendees**" opened, as a heading would


def assign_speakers(lines: list[Line]) -> None:
    """Continuation lines ("… so we …") speak for the speaker of the line before."""
    speaker = ""
    for line in lines:
        if line.kind != "text":
            continue
        if match := vocabulary.SPEAKER.match(line.clean):
            speaker = match["speaker"]
            line.speaker = line.speaker or speaker
        elif line.clean.startswith(("…", "...")) and speaker:
            line.speaker = line.speaker or speaker
        elif line.speaker:
            speaker = line.speaker
        else:
            speaker = ""
