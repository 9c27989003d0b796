"""Finding the records: the vocabulary's rules applied to the structure's sentences.

Each logical line (``structure.Line``) is read in its section's role: under "Action items"
every line is an action, under "Decisions" every line a decision, attendee blocks fill the
meeting's fields, and elsewhere each sentence (and each clause of it) is matched against
the decision and action rules of ``vocabulary``. A line can hold several records.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from dmlog import schema
from dmlog.importer import dates, structure, vocabulary
from dmlog.importer.owners import Owner, People, Person, parse_people
from dmlog.importer.structure import Line
from dmlog.importer.vocabulary import Rule
from dmlog.log import allowlist
from dmlog.log.names import UNKNOWN_USER, NameIndex, normal
from dmlog.log.references import DEFAULT_PATTERNS, find_references
from dmlog.log.registries import Entry
from dmlog.log.unresolved import UNASSIGNED

MARKDOWN_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()]*\))*\)")  # "[[#1]](url)" too
_TICKET = r"[A-Z][A-Z0-9]*-\d+"
# An owner in parentheses at the end of a plan item, read with links as their text:
# "... container.  (Jim) DM-41113", "... (Andy) (DM-41235).", "... (DM-40641 in review; Jim)"
PLAN_OWNER = re.compile(
    rf"\((?:[^()]*;\s*)?(?!{_TICKET}\))(?P<names>\?|[A-Z][\w'’ ,&-]*?)\)\.?"
    rf"(?P<tail>(?:\s*\(?{_TICKET}\)?\.?)*(?:\s*\(partial\s*\))?)\s*$")
AGREED_HEADER = re.compile(r"^(?:Agreed|Decisions?|We agreed|Resolved|Resolutions?)\s*:?\s*$", re.I)
ENDS_BLOCK = re.compile(r"^(?:Note\b|NB\b|\(NB\b)|\?\s*$")
DEPENDS = re.compile(r"Depends on (?P<codes>(?:[A-Z]\d+\??(?:,\s*|\s+and\s+)?)+)")
#: A clause is matched on its first characters only: a record is never this long, and the
#: rules' time must not grow with untrusted input.
MATCHED_LENGTH = 1000
#: What a line is about, before what was said of it: "Hackathon:", "bug 698740:", "#1234:",
#: "Maven example -".
_TOPIC = re.compile(r"^(?:[A-Z#][\w /&.'#-]{0,40}:|(?:bug|issue|ticket|pr|item)\s+#?\d+:"
                    r"|[A-Z][\w /&.'#-]{0,40}?\s[-–—])\s+(?=\S)")
#: A table's columns: who owns the row, what is to be done, by when.
_OWNER_COLUMN = re.compile(r"^(?:owners?|who|assignees?|assigned(?: to)?|responsible|by whom)$", re.I)
_TASK_COLUMN = re.compile(r"^(?:actions?(?: items?)?|tasks?|items?|what|description|to-?dos?|next steps?)$",
                          re.I)
_ACTION_COLUMN = re.compile(r"\bactions?\b", re.I)  # "Actions: Responsible / Note"
_DUE_COLUMN = re.compile(r"^(?:due(?: date)?|deadline|when|by|target date)$", re.I)
#: Under "Decisions", "Stephen will act as secretary" names a role: decided, not a task.
_APPOINTED = re.compile(r"^(?:act|serve|be|become|remain|stay|continue)\s+as\b|^(?:chair|lead)\b", re.I)
#: "Do we want to require an account for the Producers: We agreed that …": the answer.
_ANSWER = re.compile(r"\?\s+(?=[A-Z])|:\s+(?=(?:We|The|It|There|Everyone|All)\b)")
_ASIDE = re.compile(r"\((?P<aside>[A-Z][^()]{10,})\)|\\?\[(?P<aside2>[A-Z][^\[\]]{10,}?)\\?\]")
_BLOCK_TITLE = re.compile(r"^(?:[A-Za-z]|\d{1,2}|[ivx]{1,4})[.)]\s+(?P<title>[^.!?]{3,80})$")


@dataclass
class Item:
    type: str
    title: str
    text: str
    lines: list[int]
    owners: list[str] = field(default_factory=list)  # registry IDs
    unresolved: list[str] = field(default_factory=list)  # names as the minutes give them
    written: list[Owner] = field(default_factory=list)  # every owner, as written and resolved
    due: str = ""
    due_note: str = ""
    due_phrase: str = ""
    refs: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    milestones: list[str] = field(default_factory=list)
    code: str = ""  # a work package's code in a plan, e.g. "C1"
    #: values of the log's own fields the line gives ("likelihood: high", "major impact")
    fields: dict[str, str] = field(default_factory=dict)
    id: str = ""
    rule: str = ""  # the vocabulary rule that found it
    done: bool = False  # a ticked task box


@dataclass
class Meeting:
    """What the minutes say about the meeting itself."""

    attendees: list[Person] = field(default_factory=list)
    chair: list[Person] = field(default_factory=list)


class Finder:
    def __init__(self, names: NameIndex, lines: list[Line], entries: list[Entry],
                 meeting_date: str, patterns: list[tuple[str, str]] = DEFAULT_PATTERNS) -> None:
        self.names = names
        self.patterns = patterns
        self.registry = {e.id: e.type for e in entries}
        self.documents_by_url = {
            str(e.values.get("url") or f"https://{e.id.lower()}.lsst.io/").rstrip("/"): e.id
            for e in entries if e.type == schema.DOCUMENT}
        self.meeting_date = meeting_date
        self.meeting = read_meeting(lines)
        # the meeting's people: those named in full somewhere in the minutes
        meeting_ids: set[str] = set()
        full_names = rf"{vocabulary.WORD}(?: (?:[A-Z]\.|{vocabulary.WORD}))+|Unknown User \([\w.-]+\)"
        for line in lines:
            for match in re.finditer(full_names, line.text):
                if (found := names.resolve(match.group(0))) is not None:
                    meeting_ids.add(found)
        for person in self.meeting.attendees + self.meeting.chair:
            if (found := names.resolve(person.name)) is not None:
                meeting_ids.add(found)
        self.people = People(names, self.meeting.attendees + self.meeting.chair, meeting_ids)
        # words the minutes also write in lower case are common words ("Still need to
        # check ...", "Have to worry ..."), not the name of someone nobody else names
        self.common_words = {w for line in lines for w in re.findall(r"\b[a-z][a-z'’-]+\b", line.clean)}

    # -- owners -----------------------------------------------------------------------
    def owners(self, names_text: str, strict: bool, task: str = "") -> list[Owner] | None:
        """The owners a text names, or None when it is not names at all. ``strict``:
        no marker said these are owners, so each must read as a person's name."""
        found: list[Owner] = []
        for name in vocabulary.SPLIT_NAMES.split(names_text.strip()):
            name = name.strip().strip(",;:.").strip()
            if not name:
                continue
            if name == "?":
                return []
            first = name.split()[0]
            if not strict and name in ("All", "ALL", "Everyone", "Everybody", "all"):
                found.append(self.people.resolve(name))  # the whole group: kept as written
                continue
            if first in vocabulary.NOT_NAMES and not name.startswith("All "):
                return None
            if re.match(r"[a-z]", name) and " " in name:
                return None  # "(because NYE / holidays)": words, not a nick (one word) or a name
            if strict and len(name.split()) > 4:
                return None
            owner = self.people.resolve(name)
            if strict and owner.id is None and not self._reads_as_name(name, owner, task):
                return None
            if not strict and (len(name.split()) > 4 or not re.search(r"\w", name)):
                return None
            if all(normal(o.name) != normal(owner.name) for o in found):
                found.append(owner)
        return found or None

    def _reads_as_name(self, name: str, owner: Owner, task: str) -> bool:
        if UNKNOWN_USER.match(name) or name.startswith("@"):
            return True
        if owner.name != name.lstrip("@") or any(normal(p.name) == normal(name) for p in self.people.people):
            return True  # the meeting's people know it
        if any(word.lower() in self.common_words or word in vocabulary.NOT_NAMES
               or word.lower() in vocabulary.COMMON_VERBS for word in name.split()):
            return False
        full_name = rf"{vocabulary.WORD}(?: (?:[A-Z]\.?|{vocabulary.PARTICLE}|{vocabulary.WORD}))+"
        if re.fullmatch(full_name, name):
            return True  # a full name
        if re.fullmatch(r"[A-Z][a-z]{3,}ing", name):
            return False  # "Caching to disk will not be …": a gerund, not someone nobody else names
        # one unknown word, or initials nobody declared: a name only before a plain task
        return bool(re.fullmatch(rf"{vocabulary.WORD}|[A-Z]{{2,4}}", name)) and vocabulary.is_task(task)

    # -- matching ---------------------------------------------------------------------
    def match_action(self, text: str, line: Line, rules: Sequence[Rule]) -> Item | None:
        for rule in rules:
            match = rule.pattern.search(text)
            if not match:
                continue
            item = self._action_from(rule, match, line)
            if item is not None:
                return item
        return None

    def _action_from(self, rule: Rule, match: re.Match[str], line: Line) -> Item | None:
        groups = match.groupdict()
        if rule.owner == "parse":
            return self._marked_action(rule, groups, line)
        task = _task_of(rule, groups, line)
        if _PASSIVE.match(task):
            return self._passive(rule, match, line)
        listed = line.role == vocabulary.ACTION_LIST  # under "Action items": the owner is where an owner goes
        if rule.owner == "none":
            if rule.strict and not vocabulary.is_task(task, line_start=True):
                return None  # "Existing", "New": a sub-heading of the list, not a task
            return self._item(schema.ACTION, task, line, [Owner(UNASSIGNED, None, UNASSIGNED)], rule.name)
        if rule.owner == "speaker":
            if not line.speaker:
                return None
            owners = self.owners(line.speaker, strict=False, task=task)
        else:
            owners = self.owners(groups.get("names") or "", strict=rule.strict and not listed, task=task)
        if owners is None or not task.strip() or not _reads_as_task(rule.name, task, line):
            return None
        return self._item(schema.ACTION, task, line, owners, rule.name)

    def _passive(self, rule: Rule, match: re.Match[str], line: Line) -> Item | None:
        """"Jenkins Awards to be announced there": said of it, not a task for it; where
        actions are listed, a task nobody is named for ("Sandip to be listed as chair")."""
        listed = line.role == vocabulary.ACTION_LIST or any(_TASK_COLUMN.match(c) or _ACTION_COLUMN.search(c)
                                               for c in line.columns)
        if not listed:
            return None
        return self._item(schema.ACTION, match.group(0), line, [Owner(UNASSIGNED, None, UNASSIGNED)],
                          f"{rule.name}:passive")

    def _marked_action(self, rule: Rule, groups: dict[str, str | None], line: Line) -> Item | None:
        """After "ACTION:", "AI:", "TODO:", "Action #2 (jdoe):": who, then what."""
        rest = (groups.get("rest") or "").strip()
        if groups.get("paren"):
            owners = self.owners(groups["paren"] or "", strict=False)
            if owners is not None:
                return self._item(schema.ACTION, rest, line, owners, rule.name)
        unowned = [Owner(UNASSIGNED, None, UNASSIGNED)]
        owned = self.owned_action(rule.name, rest, line)
        return owned or self._item(schema.ACTION, rest, line, unowned, rule.name)

    def owned_action(self, marker: str, rest: str, line: Line) -> Item | None:
        """What follows an action marker, when it names its owner ("jdoe to file it")."""
        for form in vocabulary.tables().marked_forms:
            match = form.pattern.search(rest)
            if not match:
                continue
            names = match.groupdict().get("names") or match.groupdict().get("names2") or ""
            owners = self.owners(names, strict=form.strict, task=match["task"])
            if owners:
                return self._item(schema.ACTION, match["task"], line, owners, f"{marker}/{form.name}")
        return None

    def match_own(self, text: str, line: Line) -> Item | None:
        """A record of one of the log's own types, by its marker ("Risk: …")."""
        for rule in vocabulary.tables().own_rules:
            if match := rule.pattern.search(text):
                return self.own_record(rule.kind, match["rest"], line, rule.name)
        return None

    def own_record(self, kind: str, text: str, line: Line, rule: str) -> Item:
        """A record of the log's own type ``kind``: its owner where the type has one and
        the words end with it ("… (Bob)", "… - Bob Builder"), and the values of its fields
        the line gives ("likelihood: high", "major impact")."""
        record_type = schema.TYPES[kind]
        owners: list[Owner] = []
        text = text[:MATCHED_LENGTH]
        if "owner" in record_type.options and (after := vocabulary.OWNER_AFTER.pattern.search(text)):
            owners = self.owners(after["names"] or after["names2"] or "", strict=True) or []
            text = after["task"] if owners else text
        item = self._item(kind, text, line, owners, rule)
        for name in record_type.options:
            values = schema.FIELDS[name].values if name in schema.FIELDS else ()
            if values and (value := _field_value(name, values, line.clean)):
                item.fields[name] = value
        return item

    def match_decision(self, text: str, line: Line) -> Item | None:
        if vocabulary.negated(text):
            return None
        for rule in vocabulary.tables().decision_rules:
            match = rule.pattern.search(text)
            if not match:
                continue
            decided = (match.groupdict().get("text") or "").strip() or text
            if rule.name == "person-approves" and self.owners(match["names"], strict=True) is None:
                continue
            owners: list[Owner] = []
            if rule.owner == "names":
                owners = self.owners(match["names"], strict=True) or []
            return self._item(schema.DECISION, decided, line, owners, rule.name)
        return None

    def _item(self, kind: str, title_text: str, line: Line, owners: list[Owner], rule: str) -> Item:
        done = kind == schema.ACTION and bool(structure.DONE_TAG.search(line.text.rstrip("*_ ")))
        heading = title(title_text) or title(line.clean) or \
            f"{kind.capitalize()} of line {line.numbers[0]} (to be titled)"  # never an empty title
        item = Item(kind, heading, line.text, list(line.numbers), rule=rule, done=done)
        for owner in owners:
            item.written.append(owner)
            if owner.id:
                if owner.id not in item.owners:
                    item.owners.append(owner.id)
            elif owner.name not in item.unresolved:
                item.unresolved.append(owner.name)
        self._add_references(item, line.text)
        due = dates.find_due(title_text or line.clean, self.meeting_date) \
            if "due" in schema.TYPES[kind].options else None
        if due:
            item.due, item.due_phrase = due.date, due.phrase
            if not due.date:
                item.due_note = f"due {due.phrase!r}: not a date the importer can resolve; set :due: by hand"
        if line.section and (code := re.search(r"\(([A-Z])\)\s*$", line.section)):
            marker = re.match(r"(\d+)", line.prefix)  # top-level items only: "1." under B1 is not B1
            if marker:
                item.code = f"{code.group(1)}{marker.group(1)}"
        return item

    def _add_references(self, item: Item, text: str) -> None:
        """The documents, references into them and milestones a line names."""
        for start, stop, url in find_references(text, self.patterns, ""):
            handle = text[start:stop]
            if url is None:
                continue
            document: str | None
            if self.registry.get(handle) == schema.DOCUMENT:
                document = handle
            else:  # a reference into a document, e.g. QAWG-REC-20 into DMTN-085
                item.refs.append(handle)
                document = self.documents_by_url.get(url.rstrip("/"))
            if document and document not in item.documents:
                item.documents.append(document)
        for code in re.findall(r"[A-Za-z][\w.-]*[A-Za-z0-9]", text):
            if self.registry.get(code) == schema.MILESTONE and code not in item.milestones:
                item.milestones.append(code)

    # -- a line -----------------------------------------------------------------------
    def table_action(self, line: Line) -> Item | None:
        """A row of a table with a column of owners ("| Send X | Jane | 2020-06-23 |"): an action."""
        owner_at = next((n for n, name in enumerate(line.columns) if _OWNER_COLUMN.match(name)), None)
        cells = [structure.clean(c) for c in structure.table_cells(line.text)]
        if owner_at is None or len(cells) != len(line.columns) or not any(cells):
            return None
        longest = max((n for n in range(len(cells)) if n != owner_at), key=lambda n: len(cells[n]), default=0)
        task_at = next((n for n, name in enumerate(line.columns) if _TASK_COLUMN.match(name)), longest)
        task = MARKDOWN_LINK.sub(r"\1", cells[task_at])
        owners = self.owners(cells[owner_at], strict=False) if cells[owner_at] else None
        item = self._item(schema.ACTION, task, line, owners or [Owner(UNASSIGNED, None, UNASSIGNED)],
                          "table-owner-column")
        due_at = next((n for n, name in enumerate(line.columns) if _DUE_COLUMN.match(name)), None)
        due = dates.find_due(f"by {cells[due_at]}", self.meeting_date) if due_at is not None else None
        if due is not None and due.date:
            item.due, item.due_phrase = due.date, due.phrase
        return item

    def find(self, line: Line) -> list[Item]:
        """The records a line holds, in the order they are written."""
        if line.columns and (row := self.table_action(line)) is not None:
            return [row]
        text = structure.strip_enumerator(line.clean)
        plain = MARKDOWN_LINK.sub(r"\1", text)
        if (marked := self.match_own(plain, line)) is not None:  # "Risk: …": the line is a risk
            return [marked]
        if kind := own_type(line.role):  # under "Risks": every line is a risk
            return [self.own_record(kind, plain, line, f"section:{kind}")]
        if line.role in (vocabulary.ACTION_LIST, vocabulary.DECISION_LIST):
            return self.in_section(line, plain)
        if line.prefix and (plan := PLAN_OWNER.search(plain)) \
                and vocabulary.is_task(plain[: plan.start()], line_start=True) \
                and self.match_decision(plain, line) is None:  # "approved, 4 in favour (Zach abstains)"
            owners = [Owner("?", None, UNASSIGNED)] if plan["names"] == "?" else \
                self.owners(plan["names"], strict=False)
            if owners is not None:
                return [self._item(schema.ACTION, plain[: plan.start()].strip(), line, owners, "plan-owner")]
        if line.text.lstrip().startswith("|"):  # a table row: each cell is a paragraph of its own
            plain = "\n".join(structure.table_cells(plain))
        items: list[Item] = []
        reading = line
        for part in plain.split("\n"):
            # who speaks: the "Name:" a part starts with, or the speaker of the part before it
            said = vocabulary.SPEAKER.match(part.strip())
            if said and said["speaker"] not in vocabulary.NOT_NAMES and said["speaker"] != reading.speaker:
                reading = dataclasses.replace(line, speaker=said["speaker"])
            self._read_part(part, reading, items)
        if not items and line.task:  # "- [ ] write the docs": a task list item is an action
            item = self.match_action(plain, line, vocabulary.ACTION_SECTION_RULES)
            if item is not None and (item.rule != "list:no-owner" or vocabulary.is_task(plain)):
                item.rule = f"task-list:{item.rule}"
                item.done = item.done or "[x]" in line.text.lower()
                items.append(item)
        return items

    def _read_part(self, part: str, line: Line, items: list[Item]) -> None:
        """The records of a paragraph, sentence by sentence; after an action marker each
        sentence naming its owner is an action ("Action: Hiro will answer. nob will merge.")."""
        marker = ""
        for sentence in structure.sentences(part):
            if marker and (owned := self.owned_action(marker, sentence[:MATCHED_LENGTH], line)):
                items.append(owned)
                continue
            before = len(items)
            for clause in structure.clauses(sentence):
                self._read_clause(clause[:MATCHED_LENGTH], line, items)
            marked = (i.rule.split("/")[0] for i in items[before:] if i.rule.startswith("action-label"))
            marker = next(marked, marker)

    def in_section(self, line: Line, plain: str) -> list[Item]:
        """A line under an "Actions" heading (an action if any rule reads one) or a
        "Decisions" heading (a decision, unless it reads as an action)."""
        if line.role == vocabulary.ACTION_LIST and line.detail:
            # nested under an action of the list: its notes ("No progress", "Gabe has prepared
            # the archive"), unless a rule reads a task with its owner ("Mick check the …")
            item = self.match_action(plain, line, vocabulary.tables().action_rules)
            if item is None:
                item = self.match_action(plain, line, vocabulary.ACTION_SECTION_RULES[:1])
                item = item if item is not None and vocabulary.starts_with_verb(item.title) else None
            if item is not None:
                item.rule = f"section:{item.rule}"
            return [item] if item else []
        if line.role == vocabulary.ACTION_LIST:
            item = self.match_action(plain, line, vocabulary.tables().action_rules) or \
                self.match_action(plain, line, vocabulary.ACTION_SECTION_RULES)
            if item is not None:
                item.rule = f"section:{item.rule}"
                item.done = item.done or (line.task and "[x]" in line.text.lower())
            return [item] if item else []
        # "KWL to open the test262 PR" under "Conclusion": still an action
        action = self.match_action(plain, line, vocabulary.tables().action_rules)
        if action is not None and not _APPOINTED.match(action.title):
            return [action]
        decision = self.match_decision(plain, line)
        if decision is None:
            decision = self._item(schema.DECISION, plain, line, [], "")
        decision.rule = f"section:{decision.rule or 'line'}"
        return [decision]

    def _read_clause(self, clause: str, line: Line, items: list[Item]) -> None:
        """A clause's records; else those after its topic ("Hackathon: the TCG agreed …"),
        the answer after its question, or in an aside ("… (Nisha will send an example)")."""
        before = len(items)
        self._match_clause(clause, line, items)
        topic = _TOPIC.match(clause) or _ANSWER.search(clause)
        if len(items) == before and topic:
            self._match_clause(clause[topic.end():], line, items)
        for aside in _ASIDE.finditer(clause) if len(items) == before else ():
            self._match_clause(aside["aside"] or aside["aside2"], line, items)

    def _match_clause(self, clause: str, line: Line, items: list[Item]) -> None:
        """The records one clause holds: a decision (and an owner it names), or an action."""
        decision = self.match_decision(clause, line)
        if decision is not None:
            items.append(decision)
            inner = re.sub(r"^(?:that|to)\s+", "", title_source(clause, decision))
            if (action := self.match_action(inner, line, [vocabulary.DECIDED_ACTION])) is not None:
                items.append(action)
            return
        action = self.match_action(clause, line, vocabulary.tables().action_rules)
        if action is not None:
            if line.task:
                action.done = action.done or "[x]" in line.text.lower()
            items.append(action)


def own_type(role: str) -> str | None:
    """The log's own record type whose records a section of this role lists ("Risks")."""
    record_type = schema.type_of_plural(role) if role else None
    return record_type.name if record_type is not None and record_type.custom else None


def _field_value(name: str, values: tuple[str, ...], text: str) -> str:
    """The one value of a field a line gives: "likelihood: high", "impact major", "high
    likelihood"; none when it gives none, or several."""
    value = "|".join(re.escape(v) for v in values)
    label = re.escape(name.replace("-", " "))
    pattern = re.compile(rf"\b{label}\s*(?:[:=]|is)?\s*({value})\b|\b({value})\s+{label}\b", re.I)
    found = {(match[1] or match[2]).lower() for match in pattern.finditer(text)}
    return next((v for v in values if v.lower() in found), "") if len(found) == 1 else ""


def _reads_as_task(rule: str, task: str, line: Line) -> bool:
    """Whether what follows an owner is a task, for the rules whose owner form is also how
    minutes write who speaks or what someone thinks."""
    listed = line.role == vocabulary.ACTION_LIST  # under "Action items": the owner is where an owner goes
    if rule == "name-dash" and not listed and not vocabulary.starts_with_verb(task):
        return False  # "Gwyn - fixit clinic needs key access", "Music - Tuesdays": a topic and a remark
    if rule == "name-colon" and not listed and not vocabulary.is_task(task):
        return False
    if rule == "name-will" and re.match(r"(?:the|a|an|this|that|these|those|our|their|his|her|its)\b", task):
        return False  # "Appoint Walt, Ned, Lena to the board": not a task for Lena
    if rule in ("name-colon", "handle") and not listed and not line.task \
            and not vocabulary.starts_with_verb(task):
        return False  # "Name: a statement", "@name suggests …": someone speaking, not a task given to them
    if rule == "list:owner-first" and line.text.rstrip(" .").endswith(")"):
        return False  # "Set up Open Atrium (Rupert)": the owner is in the parentheses
    if rule in ("speaker-can", "speaker-needs", "suggested-that", "list:owner-first"):
        return vocabulary.is_task(task)  # "I can see that ...": not an offer to do something
    return True


_PASSIVE = re.compile(r"be\s+\w+(?:ed|en|one|ent)\b")


def _task_of(rule: Rule, groups: dict[str, str | None], line: Line) -> str:
    """What a rule's match says is to be done; for "Fix the TOC [TODO Juan]", the text around the tag."""
    task = groups.get("task") or ""
    if rule.name == "todo-tag" and not task:
        task = (groups.get("before") or "").strip(" :-–—") or (groups.get("after") or "").strip() \
            or (f"Follow up on {line.section}" if line.section else "")
    return task


def title_source(clause: str, decision: Item) -> str:
    """What a decision says was decided, from its clause."""
    for rule in vocabulary.tables().decision_rules:
        if rule.name == decision.rule and (match := rule.pattern.search(clause)):
            return (match.groupdict().get("text") or "").strip()
    return clause


def read_meeting(lines: list[Line]) -> Meeting:
    """Attendees, regrets and chair from the attendee block and role lines."""
    meeting = Meeting()
    for line in lines:
        if line.role not in ("attendees", "regrets", "roles", "chair") or line.kind != "text":
            continue
        found = structure.section_label(line)
        text = found[1] if found else line.clean
        role = found[0] if found else line.role
        if not text:
            continue
        people = parse_people(text, present=role == "attendees", role="" if role == "attendees" else role)
        if role == "chair":
            meeting.chair += people
        else:
            meeting.attendees += people
    return meeting


def title(text: str, limit: int = 90) -> str:
    """A one-line title from a sentence of the minutes: no marker, link target, or emphasis."""
    text = MARKDOWN_LINK.sub(r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = structure.clean(text)
    text = re.sub(r"<[^>]*>?", "", text)  # no HTML in a title
    text = text.replace("`", "")  # sphinx-needs cannot show a backtick in a title
    text = " ".join(text.replace("\\[", "[").replace("\\]", "]").split()).strip(" -—–:;,")
    suffix = ""
    if about := re.match(r"^[Rr]e:?\s+(?P<about>.+?)\s+[-—–]\s+(?P<rest>.+)$", text):
        text, suffix = about["rest"], f" (re {about['about']})"  # "Re: X - we should do Y"
    text = re.sub(r"^(?:action(?: item)?|AI|TODO|decision|resolution|resolved|agreed)\s*#?\s*\d*\s*[:.-]\s*",
                  "", text, flags=re.I)
    text = re.sub(r"^(?:that|to)\s+", "", text)
    text = re.sub(r"^(?:we |they )?(?:should|will|need to|must) ", "", text, flags=re.I)
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0].rstrip(".")
    limit -= len(suffix)
    if len(first) > limit:
        cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:")
        first = cut + "…"
    if re.match(r"[a-z]+\b(?![_.])", first):  # not a code name such as obs_decam
        first = first[:1].upper() + first[1:]
    # last, once nothing more is unescaped: no "[[" (a dynamic function) or "{{" (a
    # substitution) is left, as the content gate refuses them, in a title as in a body
    return allowlist.apart(first + suffix)


def read(text: str, markdown: bool, entries: list[Entry], meeting_date: str,
         patterns: list[tuple[str, str]] = DEFAULT_PATTERNS) -> tuple[Finder, list[tuple[Line, list[Item]]]]:
    """Minutes as logical lines, each with the records the rules find on it."""
    lines = structure.logical_lines(text, markdown)
    finder = Finder(NameIndex(entries), lines, entries, meeting_date, patterns)
    return finder, find_records(lines, finder)


def find_records(lines: list[Line], finder: Finder) -> list[tuple[Line, list[Item]]]:
    """Each logical line with the records it holds (often none)."""
    reading = _Reading(finder)
    for line in lines:
        reading.result.append((line, reading.records_of(line)))
    return reading.result


@dataclass
class _Reading:
    """The minutes read line by line: what earlier lines leave open for later ones."""

    finder: Finder
    result: list[tuple[Line, list[Item]]] = field(default_factory=list)
    agreed_at: int = 0  # the line of an "Agreed:" whose list of decisions this is
    continuing: Item | None = None  # a decision ending with ":" takes the list below it
    proposal: tuple[str, Line] | None = None  # "PROPOSED: ..." (its text and line) awaiting its result
    block: tuple[str, list[int]] | None = None  # the title line of a lettered/numbered block
    last_decision: Item | None = None  # in this block, for a vote that confirms it
    #: each record found, by type and title, with the section and the words of its line
    seen: dict[tuple[str, str], tuple[Item, tuple[str, str]]] = field(default_factory=dict)
    action_depth: int | None = None  # the list level of the last action of an "Action items" list
    #: a verdict ("**Approved**", and its list level) whose list right below it says on what terms
    terms_of: tuple[Item, int] | None = None

    def records_of(self, line: Line) -> list[Item]:
        if self.holds_none(line):
            return []
        text = line.clean
        if (heading := _BLOCK_TITLE.match(text)) and not line.prefix:
            self.block, self.last_decision, self.proposal = (heading["title"], list(line.numbers)), None, None
        if match := vocabulary.PROPOSAL.match(structure.strip_enumerator(text)):
            self.proposal = (match["text"], line)
        kept = self.kept(line, text, self.found(line, text))
        for item in kept:
            if item.type == schema.DECISION and text.rstrip().endswith(":"):
                self.continuing = item
        return kept

    def holds_none(self, line: Line) -> bool:
        """Whether the line holds no record of its own: a heading, a blank, a list of
        people, the next line of a decision's list, an "Agreed:" heading."""
        if line.kind in ("heading", "fence", "blank") or line.role == "heading":
            self.agreed_at = self.agreed_at if line.kind == "blank" else 0
            self.terms_of = self.terms_of if line.kind == "blank" else None
            self.continuing = None
            if line.kind != "blank":
                self.block, self.last_decision, self.proposal = None, None, None
            return True
        if line.role in ("attendees", "regrets", "roles", "chair"):
            return True
        if self.continuing is not None:
            self.continuing.text += "\n" + line.text
            self.continuing.lines += line.numbers
            line.part_of = self.continuing
            if not line.clean.rstrip().endswith(";"):
                self.continuing = None
            return True
        if AGREED_HEADER.match(line.clean):
            self.agreed_at = line.numbers[0]
            return True
        return False

    def found(self, line: Line, text: str) -> list[Item]:
        """What the line says: a proposal's result, an item of an "Agreed:" list, or what
        the rules find (a motion's result among them)."""
        finder, proposal = self.finder, self.proposal
        terms = self.terms_of
        if terms is not None and line.prefix and not line.part_of and line.depth > terms[1]:
            # "**Approved**" then "* Rename the `format` parameter …": each item a term of it
            return [finder._item(schema.DECISION, text, line, [], "verdict-term")]
        self.terms_of = None
        if line.role != vocabulary.ACTION_LIST or not line.prefix:
            self.action_depth = None
        elif self.action_depth is not None and line.depth > self.action_depth:
            line.detail = True  # nested under an action of an "Action items" list
        else:
            self.action_depth = None
        if vocabulary.BARE_RESOLUTION.match(re.sub(r"^\S+:\s*", "", text)) and proposal:
            item = finder._item(schema.DECISION, proposal[0], line, [], "proposed-resolved")
            item.lines = sorted({*proposal[1].numbers, *line.numbers})
            return [item]
        if self.agreed_at:
            action = finder.match_action(text, line, vocabulary.tables().action_rules)
            if action is None and not ENDS_BLOCK.search(text):
                item = finder._item(schema.DECISION, text, line, [], "agreed-list")
                item.text = f"Agreed: {line.text}"
                item.lines = sorted({*item.lines, self.agreed_at})
                return [item]
            self.agreed_at = 0
            return [action] if action else finder.find(line)
        items = finder.find(line)
        if proposal and proposal[1] is line and (result := _result_after(proposal[0])):
            # "Clint made a motion: Appoint Walt to the board.  Martha seconded.  Unanimous approval."
            item = finder._item(schema.DECISION, (structure.sentences(proposal[0]) or [""])[0], line, [],
                                "motion-result")
            self.proposal = None
            return [item, *(i for i in items if i.type != schema.DECISION and result not in i.text)]
        if line.role == vocabulary.ACTION_LIST and line.prefix and not line.detail and items:
            self.action_depth = line.depth
        if proposal and proposal[1] is not line and _answers(items, text):
            # "Motion: approve the budget" … "- Vote: 7 in favour. The motion carries."
            item = finder._item(schema.DECISION, proposal[0], line, [], "motion-result")
            item.lines = sorted({*proposal[1].numbers, *line.numbers})
            item.text = f"{proposal[1].text}\n\n{line.text}"
            proposal[1].part_of = item
            items = [item, *(i for i in items if i.type != schema.DECISION)]
            self.proposal = None
        return items

    def kept(self, line: Line, text: str, items: list[Item]) -> list[Item]:
        """The line's records but those that only confirm the block's decision or repeat
        one already found (each joins that record's lines); a bare result titled by what
        it decides."""
        kept: list[Item] = []
        for item in items:
            if item.type == schema.DECISION and item.rule in (
                    "vote", "vote-count", "motion-passed", "unanimously", "decision-label", "verdict") \
                    and self.last_decision is not None and _confirms(item, text, self.last_decision):
                self.last_decision.lines = sorted({*self.last_decision.lines, *item.lines})
                self.last_decision.text += "\n\n" + line.text
                line.part_of = self.last_decision
                continue
            self.retitle(item, line, text)
            # the same line again in its section, or the record again in a summary of
            # resolutions or actions or in minutes without sections: one record ("Hiro will
            # answer" under two topics is two)
            key, where = (item.type, normal(item.title)), (line.section, line.clean)
            anywhere = not line.section or line.role in (vocabulary.ACTION_LIST, vocabulary.DECISION_LIST)
            if (found := self.seen.get(key)) and (anywhere or found[1] == where):
                same = found[0]
                same.lines = sorted({*same.lines, *item.lines})
                line.part_of = same
                continue
            self.seen[key] = (item, where)
            if item.rule == "verdict":
                self.terms_of = (item, line.depth if line.prefix else -1)
            kept.append(item)
            if item.type == schema.DECISION:
                self.last_decision = item
        return kept

    def retitle(self, item: Item, line: Line, text: str) -> None:
        """A decision found by its result ("Approved.", "Vote: 5-0") titled by its subject:
        the line it answers, the sentence before, or the block's title."""
        if item.type == schema.DECISION \
                and item.rule.endswith(("line", "no-objection", "approved-passive", "verdict")) \
                and vocabulary.bare_result(item.title) and (subject := subject_of(line, self.result)):
            item.title = title(f"{structure.strip_enumerator(subject.clean)}: {item.title}") or item.title
        if item.type == schema.DECISION and item.rule == "vote" and _tally_only(text):
            block = self.block
            source = _previous_sentence(text) or (block[0] if block else "")
            if source:
                item.title = title(source) or item.title
                heading_lines = block[1] if block and not _previous_sentence(text) else []
                item.lines = sorted({*item.lines, *heading_lines})


#: The rules that read a result: what they found may say nothing of what it decides.
_RESULT_RULES = ("vote", "vote-count", "motion-passed", "unanimously", "decision-label", "approved-passive",
                 "no-objection")


def _answers(items: list[Item], text: str) -> bool:
    """A vote's result or count that does not say what it decides (the motion above it does)."""
    decisions = [i for i in items if i.type == schema.DECISION]
    if any(i.rule not in _RESULT_RULES for i in decisions):
        return False
    bare = any(vocabulary.bare_result(s) for s in structure.sentences(text))
    return bare and bool(decisions or vocabulary.TALLY.search(text))


NOT_RECORD_ROLES = ("attendees", "regrets", "roles", "chair", "heading")


def subject_of(line: Line, before: list[tuple[Line, list[Item]]]) -> Line | None:
    """What a bare result ("Accepted.", "Stage 3", "Motion passed.") decides: the motion
    just above it, the list item it is nested under, or the heading it answers."""
    if not vocabulary.bare_result(line.clean):
        return None  # a sentence that says what it decides
    for previous, items in reversed(before[-6:]):
        if previous.kind == "text" and vocabulary.MOTION.search(previous.clean) and not items:
            return previous
    for previous, _ in reversed(before):
        if previous.kind == "text" and previous.depth < line.depth and previous.role not in NOT_RECORD_ROLES:
            return previous
        if previous.kind == "heading" or previous.role == "heading":
            if vocabulary.SECTION_DECIDED.search(previous.clean) and len(previous.clean.split()) <= 3:
                continue  # "Conclusion/Resolution": the topic is the heading above it
            return previous
    return None


def _result_after(motion: str) -> str:
    """The result of a motion written in the same paragraph, after it ("Appoint Walt. Martha
    seconded. Unanimous approval."): empty when there is none."""
    first = (structure.sentences(motion) or [""])[0]
    after = motion[len(first):] if motion.startswith(first) else ""
    return next((s for s in structure.sentences(after) if vocabulary.bare_result(s)), "")


def _confirms(item: Item, text: str, decision: Item) -> bool:
    """A vote result, or a further "RESOLVED, that" clause, of the motion above it."""
    if item.rule in ("vote", "vote-count", "unanimously"):
        # "Vote: 5 yes, 2 no" under its motion; "Vote on the travel policy: 4 in favour" has its own
        return decision.rule != "verdict" or vocabulary.bare_result(text)
    if item.rule == "verdict":  # "Vote …: 5 yes, 2 no." then "Accepted." on the next line
        return vocabulary.bare_result(item.title) and min(item.lines) - max(decision.lines) <= 2
    if item.rule == "motion-passed":
        return vocabulary.bare_result(text)  # "Poll passes" under the poll and its count
    return bool(re.match(r"^(?:and\s+)?(?:be it further\s+)?RESOLVED,", text))


def _tally_only(text: str) -> bool:
    """"Approved 8-0 after a short discussion": a result that does not say what passed."""
    last = structure.sentences(text)[-1] if structure.sentences(text) else text
    return bool(re.match(r"^(?:Vote\b[^:]*:\s*)?(?:Approved|Passed|Carried|Adopted|Accepted|Unanimously)\b",
                         last, re.I))


def _previous_sentence(text: str) -> str:
    parts = structure.sentences(text)
    return parts[-2] if len(parts) >= 2 else ""


def link_dependencies(items: list[Item]) -> None:
    """"Depends on C1, C2" in a plan: name the actions those codes became."""
    by_code = {item.code: item.id for item in items if item.code}

    def name(match: re.Match[str]) -> str:
        codes = re.findall(r"[A-Z]\d+", match.group(0))
        known = [f"{c} ({by_code[c]})" for c in codes if c in by_code]
        return match.group(0) + (f" [{', '.join(known)}]" if known else "")

    for item in items:
        item.text = DEPENDS.sub(name, item.text)
