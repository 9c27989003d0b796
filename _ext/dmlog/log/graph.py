"""Who links to whom: the log's links read both ways, made once from its records.

A record's links are its own (``:decision: DEC-2019-003``); what links *to* a record
(the actions implementing a decision, the decisions of a meeting, the members of a
group) is found here, from the records the reader and the registries read. The site's
cards and tables, the gaps, the filter language and the commands all ask this graph,
so that ``dmlog show`` knows every back-link a card shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dmlog import schema

if TYPE_CHECKING:  # the model holds a graph; the graph reads its records
    from dmlog.log.model import Record


@dataclass(frozen=True)
class Graph:
    """The links of a log, outgoing and incoming, by record ID (the first record of an
    ID: a second one is refused by the rules and by the build)."""

    types: Mapping[str, str]  # record ID -> its type
    #: ID -> link -> its targets, each once, sorted (as sphinx-needs' records, needs.json
    #: and the site list them)
    outgoing: Mapping[str, Mapping[str, tuple[str, ...]]]
    incoming: Mapping[str, Mapping[str, tuple[str, ...]]]  # ID -> link -> who names it
    #: (ID, link, type) -> who of that type names it: a person's card asks for their
    #: actions, decisions, ... of the thousands that name them, one type at a time
    incoming_of_type: Mapping[tuple[str, str, str], tuple[str, ...]]

    @classmethod
    def of(cls, records: Iterable[Record]) -> Graph:
        types: dict[str, str] = {}
        outgoing: dict[str, dict[str, tuple[str, ...]]] = {}
        incoming: dict[str, dict[str, dict[str, None]]] = {}
        for record in records:
            if record.id in types:
                continue
            types[record.id] = record.type
            links: dict[str, dict[str, None]] = {}
            for link, target in record.outgoing():
                links.setdefault(link, {})[target] = None
                incoming.setdefault(target, {}).setdefault(link, {})[record.id] = None
            outgoing[record.id] = {link: tuple(sorted(targets)) for link, targets in links.items()}
        of_type: dict[tuple[str, str, str], list[str]] = {}
        for target, by_link in incoming.items():
            for link, sources in by_link.items():
                for source in sources:
                    of_type.setdefault((target, link, types[source]), []).append(source)
        return cls(types, outgoing, {target: {link: tuple(sources) for link, sources in by.items()}
                                     for target, by in incoming.items()},
                   {key: tuple(sources) for key, sources in of_type.items()})

    def targets(self, record_id: str, link: str) -> tuple[str, ...]:
        """The IDs ``record_id``'s ``link`` names (known to the log or not), sorted."""
        return self.outgoing.get(record_id, {}).get(link, ())

    def back(self, record_id: str, link: str, kind: str = "") -> tuple[str, ...]:
        """The records whose ``link`` names ``record_id``, in reading order; only those
        of type ``kind`` if given."""
        if kind:
            return self.incoming_of_type.get((record_id, link, kind), ())
        return self.incoming.get(record_id, {}).get(link, ())

    def backlinks(self, record_id: str) -> dict[str, tuple[str, ...]]:
        """Link -> the records naming ``record_id`` through it."""
        return dict(self.incoming.get(record_id, {}))

    def members(self, group_id: str) -> tuple[str, ...]:
        """The members of a group (none for anything else)."""
        return self.targets(group_id, "members") if self.types.get(group_id) == schema.GROUP else ()

    def groups(self) -> dict[str, tuple[str, ...]]:
        """Group ID -> its members, for every group of the log."""
        return {i: self.targets(i, "members") for i, kind in self.types.items() if kind == schema.GROUP}
