"""What a ``{dmlog-table}`` asks for, read and checked without Sphinx: the record
types, the filter, the columns (fields of the schema and computed ones), the sort
order and the grouping. Any mistake is a :class:`TableError` that says what is
accepted; the directive reports it at the directive's file and line.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dmlog import schema
from dmlog.log import query
from dmlog.log.graph import Graph
from dmlog.log.model import Record

#: Computed columns: name -> (heading, what it shows).
COMPUTED_COLUMNS = {
    "actions": ("Actions", "the record's actions (a decision's implementing actions, a "
                "meeting's, a milestone's, a person's) with their status"),
    "open": ("Open", "how many of those actions are open"),
    "overdue": ("Overdue", "an action: whether it is overdue; other records: how many of "
                "their actions are"),
    "milestones": ("Milestones", "milestones of the record and of its actions"),
    "documents": ("Documents", "documents the record and its actions refer to or produce"),
    "age": ("Age (days)", "days since the record's date (an action: its meeting's date)"),
    "last-change": ("Last change", "the date of the last commit that changed the record"),
    "gaps": ("Needs attention", "the record's gaps (see the Needs attention page)"),
}


def field_columns() -> tuple[str, ...]:
    """Schema fields that every record holds or that a table may show as they are."""
    return ("id", "title", "type", "status", "tags", *schema.FIELDS, *schema.LINKS)


def groupable() -> tuple[str, ...]:
    """Fields that name something records share, so records can be grouped by them."""
    return ("type", "status", "tags", *schema.LINKS, "gap", "overdue",
            *(name for name, f in schema.FIELDS.items() if f.kind == "date" or f.values),
            "level", "affiliation")


#: Types a table lists when it does not say.
DEFAULT_TYPES = (schema.DECISION, schema.ACTION)
#: The link by which an action names a record of each type (the first the schema declares
#: that may: a document's actions are those referring to it): the actions a table shows
#: beside the record.
ACTIONS_BY = {kind: next(link for link in schema.TYPES[schema.ACTION].options
                         if link in schema.LINKS and kind in schema.LINKS[link].targets)
              for kind in schema.TYPES
              if any(kind in schema.LINKS[link].targets
                     for link in schema.TYPES[schema.ACTION].options if link in schema.LINKS)}


class TableError(ValueError):
    """A table option that cannot be used, with what is accepted instead."""


@dataclass(frozen=True)
class SortKey:
    name: str
    descending: bool


@dataclass(frozen=True)
class TableSpec:
    types: tuple[str, ...]
    filter: query.Query
    columns: tuple[str, ...]
    sort: tuple[SortKey, ...]
    group_by: str | None

    def reads(self) -> set[str]:
        """The record types whose changes can change this table: its own types, the
        types its columns and filter look through to (an incremental build rewrites
        the page when a record of one of them changes)."""
        kinds = set(self.types)
        names = set(self.columns) | self.filter.fields | {k.name for k in self.sort}
        if self.group_by:
            names.add(self.group_by)
        for name in names:
            if name in ("actions", "open", "overdue", "milestones", "documents", "gaps", "gap"):
                kinds.update((schema.ACTION, schema.DECISION, schema.GROUP))
            if name in schema.LINKS:
                kinds.update(schema.LINKS[name].targets)
            if name == "owner":
                kinds.add(schema.GROUP)  # a group's members match its owner filter
        return kinds

    @property
    def reads_today(self) -> bool:
        """Whether its rows change with the date alone: an age column or order, or a
        filter relative to today (date marks such as overdue are the records' own)."""
        names = {*self.columns, *(k.name for k in self.sort), self.group_by}
        return "age" in names or self.filter.reads_today


def _names(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _one_of(values: Iterable[str]) -> str:
    return ", ".join(values)


def read_spec(options: Mapping[str, str | None]) -> TableSpec:
    """The table's options, checked; raises TableError or query.QueryError."""
    types = tuple(_names(options.get("types"))) or DEFAULT_TYPES
    for kind in types:
        if kind not in schema.TYPES:
            raise TableError(f":types: {kind!r} is not a record type; use one of "
                             f"{_one_of(schema.TYPES)}")
    try:
        selection = query.parse(options.get("filter"))
    except query.QueryError as err:
        raise TableError(f":filter: {err}") from None
    columns = tuple(_names(options.get("columns"))) or ("id", "title", "status", "owner")
    accepted = (*field_columns(), *COMPUTED_COLUMNS)
    for column in columns:
        if column not in accepted:
            raise TableError(f":columns: unknown column {column!r}; use fields "
                             f"{_one_of(field_columns())} or computed columns "
                             f"{_one_of(COMPUTED_COLUMNS)}")
    keys = []
    for name in _names(options.get("sort")):
        key = SortKey(name.lstrip("-"), name.startswith("-"))
        if key.name not in accepted:
            raise TableError(f":sort: unknown column {key.name!r}; sort by a column or field "
                             f"({_one_of(accepted)}), '-' before it for descending order")
        keys.append(key)
    group_by = (options.get("group-by") or "").strip() or None
    if group_by is not None and group_by not in groupable():
        raise TableError(f":group-by: cannot group by {group_by!r}; group by one of "
                         f"{_one_of(groupable())}")
    return TableSpec(types, selection, columns, tuple(keys), group_by)


# -- values of a row, shared by the site's tables and any other output --------
@dataclass
class Facts:
    """The log as tables read it: records by ID and their links both ways, the date,
    groups, gaps, history."""

    records: Mapping[str, Record]
    graph: Graph
    today: dt.date
    context: query.Context
    gaps: Mapping[str, set[str]]
    last_change: Mapping[str, dt.date]

    @functools.cached_property
    def by_type(self) -> dict[str, list[Record]]:
        """The records of each type, in the log's order."""
        by_type: dict[str, list[Record]] = {}
        for record in self.records.values():
            by_type.setdefault(record.type, []).append(record)
        return by_type

    @functools.cached_property
    def overdue(self) -> frozenset[str]:
        """The IDs of the records overdue today (:func:`dmlog.schema.is_overdue`)."""
        return frozenset(i for i, record in self.records.items() if schema.is_overdue(record, self.today))

    def related_actions(self, record: Record) -> list[Record]:
        link = ACTIONS_BY.get(record.type)
        if link is None or record.type == schema.ACTION:
            return []
        return sorted((self.records[i] for i in self.graph.back(record.id, link, schema.ACTION)
                       if i in self.records), key=lambda r: r.id)

    def linked(self, record: Record, *names: str) -> list[str]:
        """IDs the record and its actions link to through ``names``."""
        ids: dict[str, None] = {}
        for source in (record, *self.related_actions(record)):
            for name in names:
                ids.update(dict.fromkeys(source.links(name)))
        return list(ids)

    def age(self, record: Record) -> int | None:
        date = record.get("date")
        if not date and record.type == schema.ACTION:
            meetings = record.links(schema.MEETING)
            meeting = self.records.get(meetings[0]) if meetings else None
            date = meeting.get("date") if meeting else ""
        start = schema.parse_date(date)
        return (self.today - start).days if start else None

    def sort_value(self, record: Record, name: str) -> Any:
        """A comparable value: numbers for counts, ISO text for dates, text otherwise."""
        if name == "open":
            return sum(schema.is_open(a) for a in self.related_actions(record))
        if name == "overdue":
            if record.type == schema.ACTION:
                return int(schema.is_overdue(record, self.today))
            return sum(schema.is_overdue(a, self.today) for a in self.related_actions(record))
        if name == "age":
            return self.age(record)
        if name == "last-change":
            changed = self.last_change.get(record.id)
            return changed.isoformat() if changed else None
        if name in ("gaps", "gap"):
            return ", ".join(sorted(self.gaps.get(record.id, ()))) or None
        if name == "actions":
            return len(self.related_actions(record))
        if name in ("milestones", "documents"):
            return ", ".join(self.linked(record, *_LINKED[name])) or None
        if name == "due":
            due = schema.due_date(record.get("due"))
            return due.isoformat() if due else None
        return ", ".join(query.values(record, name)).lower() or None

    def group_values(self, record: Record, name: str) -> list[str]:
        if name == "gap":
            return sorted(self.gaps.get(record.id, ()))
        if name == "overdue":
            return ["overdue" if schema.is_overdue(record, self.today) else "not overdue"]
        return query.values(record, name)


_LINKED = {"milestones": (schema.MILESTONE,), "documents": (schema.DOCUMENT, "produces")}


def ordered(records: Sequence[Record], keys: tuple[SortKey, ...], facts: Facts) -> list[Record]:
    """Records sorted by the keys in turn; empty values last whatever the direction."""
    result = sorted(records, key=lambda r: r.id)
    for key in reversed(keys):
        values = {r.id: facts.sort_value(r, key.name) for r in result}
        present = [r for r in result if values[r.id] is not None]
        missing = [r for r in result if values[r.id] is None]
        present.sort(key=lambda r: values[r.id], reverse=key.descending)
        result = present + missing
    return result


def grouped(records: Sequence[Record], name: str, facts: Facts) -> list[tuple[str, list[Record]]]:
    """(group value, records) in order of value; a record of several values is in each
    of their groups, one with none is under ""."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        for value in facts.group_values(record, name) or [""]:
            groups.setdefault(value, []).append(record)
    return sorted(groups.items(), key=lambda item: (item[0] == "", item[0].lower()))
