"""Names as people write them in minutes, resolved to registry IDs.

Full names, aliases and IDs always resolve; a surname or initials when only one
person has them; a first name when only one of the meeting's people has it. A name
that cannot be resolved is never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

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
        self.entries = {e.id: e for e in entries if e.type in ("person", "group")}
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.surname: dict[str, set[str]] = defaultdict(set)
        self.first: dict[str, set[str]] = defaultdict(set)
        self.initials: dict[str, set[str]] = defaultdict(set)
        for entry in self.entries.values():
            aliases = entry.values.get("aliases") or []
            for key in (entry.id, entry.title, _without_initials(entry.title), *aliases):
                self.exact[normal(str(key))].add(entry.id)
            if entry.type != "person":
                continue
            for full in (_without_initials(entry.title), *map(str, aliases)):
                words = full.split()
                if len(words) >= 2:  # "Jim Bosch": Jim and Bosch name him too
                    self.surname[normal(words[-1])].add(entry.id)
                    self.first[normal(words[0])].add(entry.id)
                    self.initials[_initials(full)].add(entry.id)

    def title(self, entry_id: str) -> str:
        entry = self.entries.get(entry_id)
        return entry.title if entry else entry_id

    def resolve(self, name: str, meeting_people: AbstractSet[str] = frozenset()) -> str | None:
        """The ID of the one person or group ``name`` means, or None."""
        name = name.strip().strip(",;:.").strip()
        if not name:
            return None
        unknown = UNKNOWN_USER.match(name)
        if unknown:
            handle = unknown["handle"]
            return handle if handle in self.entries else self._one(self.exact[normal(name)])
        key = normal(name)
        for table in (self.exact, self.surname):
            if found := self._one(table[key]):
                return found
        if name.isupper() and (found := self._one(self.initials[name.replace("-", "")])):
            return found
        candidates = self.first[key] & meeting_people if meeting_people else set()
        return self._one(candidates)

    @staticmethod
    def _one(ids: set[str]) -> str | None:
        return next(iter(ids)) if len(ids) == 1 else None
