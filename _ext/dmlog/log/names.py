"""Names as people write them in minutes, resolved to registry IDs.

The one resolver of names for every command (import, new, list, --filter, check,
resolve): full names, aliases, IDs and handles always resolve; a surname or initials
when only one person has them; a first name when only one of the meeting's people (or,
outside a meeting, of the registry) has it. A name that cannot be resolved is never
guessed: the IDs it could mean, or the closest names, are offered instead.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from dmlog import schema
from dmlog.log import query
from dmlog.log.model import Record
from dmlog.log.registries import Entry

UNKNOWN_USER = re.compile(r"^Unknown User \((?P<handle>[\w.-]+)\)$")


def normal(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'")
    return " ".join(name.lower().replace(".", " ").split())


def _without_initials(name: str) -> str:
    """'Gregory P. Dubois-Felsmann' -> 'Gregory Dubois-Felsmann' (as minutes write it)."""
    return " ".join(w for w in name.split() if not re.fullmatch(r"[A-Z]\.?", w))


def _initials(name: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s-]+", name) if part and part[0].isalpha()).upper()


class NameIndex:
    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = {e.id: e for e in entries if e.type in (schema.PERSON, schema.GROUP)}
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.surname: dict[str, set[str]] = defaultdict(set)
        self.first: dict[str, set[str]] = defaultdict(set)
        self.initials: dict[str, set[str]] = defaultdict(set)
        for entry in self.entries.values():
            aliases = entry.values.get("aliases") or []
            for key in (entry.id, entry.title, _without_initials(entry.title), *aliases):
                self.exact[normal(str(key))].add(entry.id)
            if entry.type != schema.PERSON:
                continue
            for full in (_without_initials(entry.title), *map(str, aliases)):
                words = full.split()
                if len(words) >= 2:  # "Jim Bosch": Jim and Bosch name him too
                    self.surname[normal(words[-1])].add(entry.id)
                    self.first[normal(words[0])].add(entry.id)
                    self.initials[_initials(full)].add(entry.id)

    @classmethod
    def of_records(cls, records: Iterable[Record]) -> NameIndex:
        """The index of the people and groups among ``records`` (as the build reads them)."""
        return cls(Entry(r.type, r.id, r.path, r.line, {"name": r.title,
                                                        "aliases": schema.split_list(r.get("aliases"))})
                   for r in records if r.type in (schema.PERSON, schema.GROUP))

    def title(self, entry_id: str) -> str:
        entry = self.entries.get(entry_id)
        return entry.title if entry else entry_id

    def label(self, entry_id: str) -> str:
        """"limk (Kian-Tat Lim)": an ID as a message shows it."""
        return f"{entry_id} ({self.title(entry_id)})" if entry_id in self.entries else entry_id

    def resolve(self, name: str, meeting_people: AbstractSet[str] = frozenset()) -> str | None:
        """The ID of the one person or group ``name`` means, or None (a first name only
        among ``meeting_people``)."""
        return self.lookup(name, meeting_people).id

    def lookup(self, name: str, meeting_people: AbstractSet[str] | None = None) -> Match:
        """What ``name`` means: an ID, a full name or alias, a handle ("@limk"), a unique
        surname, unique initials ("KTL"), or a first name unique among ``meeting_people``
        (None: among everyone in the registry). Otherwise no ID, and the IDs it could mean
        if it names several."""
        written = name
        name = name.strip().strip(",;:.").strip()
        if not name:
            return Match(written, None)
        unknown = UNKNOWN_USER.match(name)
        if unknown and unknown["handle"] in self.entries:
            return Match(written, unknown["handle"], "handle")
        bare = name.lstrip("@")
        key = normal(bare)
        ambiguous: set[str] = set()
        none: set[str] = set()
        steps = [(self.exact.get(key, none), "id" if bare in self.entries else "name"),
                 (self.surname.get(key, none), "surname")]
        if bare.isupper():
            steps.append((self.initials.get(bare.replace("-", ""), none), "initials"))
        if meeting_people is not None:
            steps.append((self.first.get(key, none) & meeting_people, "first name"))
        elif " " not in bare and bare[:1].isupper():
            steps.append((self.first.get(key, none), "first name"))
        for ids, how in steps:
            if len(ids) == 1:
                return Match(written, next(iter(ids)), how)
            ambiguous = ambiguous or set(ids)
        if ambiguous:
            return Match(written, None, "ambiguous", tuple(sorted(ambiguous)))
        return Match(written, None)

    def closest(self, name: str, count: int = 5) -> tuple[str, ...]:
        """The IDs of the people and groups whose ID, name, alias, surname or first name
        is spelled most like ``name``."""
        close = difflib.get_close_matches(normal(name), list(self._spellings), n=count, cutoff=0.6)
        return tuple(dict.fromkeys(i for key in close for i in sorted(self._spellings[key])))[:count]

    @functools.cached_property
    def _spellings(self) -> dict[str, set[str]]:
        """Every way of writing a name the index knows -> the IDs it names."""
        keys: dict[str, set[str]] = defaultdict(set)
        for table in (self.exact, self.surname, self.first):
            for key, ids in table.items():
                keys[key] |= ids
        return keys

    def explain(self, match: Match, what: str = "person or group") -> str:
        """Why ``match`` names nobody, with the names it could mean (a "did you mean")."""
        if match.candidates and match.how == "ambiguous":
            return (f"{match.written.strip()!r} could be "
                    f"{' or '.join(self.label(i) for i in match.candidates)}: give the ID")
        message = f"{match.written.strip()!r} is not a {what} of the registry"
        if close := self.closest(match.written.strip().lstrip("@")):
            message += f"; did you mean {' or '.join(self.label(i) for i in close)}?"
        return message


@dataclass(frozen=True)
class Match:
    """What a written name means: the one ID it names (and how), or the IDs it could mean."""

    written: str
    id: str | None
    how: str = ""  # id | name | handle | surname | initials | first name | ambiguous | ""
    candidates: tuple[str, ...] = ()

    @property
    def guessed(self) -> bool:
        """Resolved from part of a name (surname, initials, first name): say so."""
        return self.id is not None and self.how in ("surname", "initials", "first name")


#: The link fields that name people or groups (owner, chair, attendees, members).
PEOPLE_FIELDS = tuple(name for name, link in schema.LINKS.items()
                      if set(link.targets) & set(schema.LINKS["owner"].targets))


class UnknownName(ValueError):
    """A name in a filter that is no person or group: the message says which it may be."""


def filter_with_ids(selection: query.Query, index: NameIndex) -> tuple[query.Query, list[str]]:
    """``selection`` with each name in a people field (``owner == "Kian-Tat Lim"``)
    replaced by the ID it names, and a note of each name read so. Filters compare IDs:
    a name that is no ID would silently select nothing, so one that names nobody is an
    :class:`UnknownName`."""
    notes: list[str] = []

    def with_ids(node: query.Node) -> query.Node:
        if isinstance(node, query.Not):
            return query.Not(with_ids(node.operand))
        if isinstance(node, query.BoolOp):
            return query.BoolOp(node.op, tuple(with_ids(n) for n in node.operands))
        if not isinstance(node, query.Compare) or node.field not in PEOPLE_FIELDS or node.op == "~":
            return node
        ids = []
        for value in node.values:
            if value == "" or value in index.entries:
                ids.append(value)
                continue
            match = index.lookup(value)
            if match.id is None:
                raise UnknownName(f"{node.field} {value!r}: filters compare IDs, and "
                                  f"{index.explain(match)}")
            notes.append(f"{node.field} {value!r} is not an ID: read as {index.label(match.id)}")
            ids.append(match.id)
        return replace(node, values=tuple(ids))

    if selection.tree is None:
        return selection, notes
    return replace(selection, tree=with_ids(selection.tree)), notes
