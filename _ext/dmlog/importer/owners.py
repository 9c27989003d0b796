"""Owners as minutes write them, resolved to the registry, or kept as written.

The people of a meeting come from its attendee block ("Jane Doe (JD)" declares initials,
"Jane Doe (@jdoe)" a handle, "~~Jane Doe~~" an absence) and from full names anywhere in
the minutes. A written owner resolves to a registry ID when the registry, or the
meeting's people, say who it is: a full name or alias, a unique surname, initials
(declared, or unique in the registry), a first name unique among the meeting's people
or in the registry. Otherwise it is kept as the fullest name the minutes give for that
person, to be marked UNRESOLVED and reported — an item is never dropped for its owner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dmlog.importer import vocabulary
from dmlog.log.names import NameIndex, normal

# "Jane Doe (JD) - Some University": a name (hyphens inside it: Kian-Tat), initials or a
# handle in brackets, an affiliation after a spaced dash
_ENTRY = re.compile(r"^(?P<name>[^()\[\],]+?)\s*(?:[(\[](?P<paren>[^)\]]*)[)\]])?"
                    r"(?:\s+[-–—]\s+.*|\s*[–—]\s*.*)?$")


@dataclass
class Person:
    name: str  # the fullest name the minutes give
    initials: set[str] = field(default_factory=set)
    handles: set[str] = field(default_factory=set)
    present: bool = True
    role: str = ""  # chair, scribe, ... ("" for an attendee)


def parse_people(text: str, present: bool = True, role: str = "") -> list[Person]:
    """The people an attendee line names: "Jane Doe (JD), Ann Lee (@alee) - Some Univ"."""
    people = []
    text = re.sub(r"\((?:chair|scribe|co-?chair|host|guest|remote|note ?taker)\)", "", text, flags=re.I)
    for part in re.split(r"[,;]|\s+and\s+", text):
        part = part.strip().strip("*_")
        absent = part.startswith("~~") or part.endswith("~~")
        part = part.strip("~").strip()
        match = _ENTRY.match(part)
        if not match or not part or part in ("-", "None", "none", "N/A"):
            continue
        name = match["name"].strip().lstrip("@")
        if not name or len(name.split()) > 5 or name.split()[0] in vocabulary.NOT_NAMES:
            continue
        person = Person(name, present=present and not absent, role=role)
        words = name.split()
        if len(words) >= 2:
            person.initials.add("".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isalpha()).upper())
        if match["paren"]:
            for token in re.split(r"[,/ ]+", match["paren"]):
                token = token.strip()
                if re.fullmatch(r"[A-Z]{2,5}", token):
                    person.initials.add(token)
                elif re.fullmatch(r"@?[\w.-]+", token) and not token[:1].isupper():
                    person.handles.add(token.lstrip("@").lower())
        people.append(person)
    return people


@dataclass
class Owner:
    written: str  # as the minutes write it
    id: str | None  # the registry ID, if it resolves
    name: str  # the fullest name known (the registry's title, or the minutes')


class People:
    """Who a meeting's minutes can mean by a name."""

    def __init__(self, index: NameIndex, people: list[Person], meeting_ids: set[str]) -> None:
        self.index = index
        self.people = people
        self.meeting_ids = meeting_ids  # registry IDs of people named in full in the minutes

    def _person(self, written: str) -> Person | None:
        key = normal(written.lstrip("@"))
        matches: list[Person] = []
        for test in (
            lambda p: normal(p.name) == key or key in p.handles,
            lambda p: written in p.initials,
            lambda p: normal(p.name.split()[0]) == key,
            lambda p: len(p.name.split()) > 1 and normal(p.name.split()[-1]) == key,
        ):
            matches = [p for p in self.people if test(p)]
            if matches:
                break
        names = {normal(p.name) for p in matches}
        if len(names) == 1:
            return max(matches, key=lambda p: len(p.name))
        return None

    def resolve(self, written: str) -> Owner:
        written = written.strip().strip(",;:.").strip()
        bare = written.lstrip("@")
        found = self.index.resolve(bare, self.meeting_ids)
        if found is None and (person := self._person(written)) is not None:
            found = self.index.resolve(person.name, self.meeting_ids)
            if found is None:
                return Owner(written, None, person.name)
        if found is None:  # a first name only one person of the registry has
            found = self.index.lookup(bare).id
        if found is not None:
            return Owner(written, found, self.index.title(found))
        return Owner(written, None, bare)

    def known(self, written: str) -> bool:
        """Whether a single word or initials name someone (strict owner reading)."""
        owner = self.resolve(written)
        return owner.id is not None or normal(owner.name) != normal(written.lstrip("@")) \
            or any(normal(p.name) == normal(written.lstrip("@")) for p in self.people)
