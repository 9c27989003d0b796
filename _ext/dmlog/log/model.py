"""The log's model: one frozen record, whatever read it.

A :class:`Record` is what the reader (:mod:`dmlog.log.sources`) finds in a Markdown
file or the registries (:mod:`dmlog.log.registries`) in a YAML entry: its type, ID,
title, where it is written and its options as written. Which options a type has, which
are links (read as tuples of IDs) and which are lists, the schema says
(:mod:`dmlog.schema`); nothing here names a field. Every consumer (the rules, the
gaps, the filter language, the commands, the back-link graph :mod:`dmlog.log.graph`,
the build's tables) reads records through this one type; the log that holds them is
:class:`dmlog.log.sources.Log`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NoReturn

from dmlog import schema


class Options(dict[str, str]):
    """A record's options as written (``:key: value``), which nobody may change: a
    changed record is a new one (:meth:`Record.with_options`)."""

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("a record's options do not change: make a new record "
                        "(Record.with_options)")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[type[Options], tuple[dict[str, str]]]:
        return (Options, (dict(self),))  # pickled as a plain dict, rebuilt by __init__


@dataclass(frozen=True, slots=True)
class Record:
    """A record as the log holds it, wherever it is written."""

    type: str
    id: str
    title: str
    path: str  # the file it is written in, relative to the project
    line: int
    options: Mapping[str, str] = field(default_factory=Options)

    def __post_init__(self) -> None:
        if not isinstance(self.options, Options):
            object.__setattr__(self, "options", Options(self.options))

    def __reduce__(self) -> tuple[Callable[..., Record], tuple[object, ...]]:
        # pickled as its values: dataclasses' own pickling of a frozen class with slots
        # asks for the class's fields on every record, which was most of the time of
        # saving and loading the build state
        return (Record, (self.type, self.id, self.title, self.path, self.line, self.options))

    def get(self, name: str) -> str:
        """A field's value as written ("" if unset); ``type``, ``id`` and ``title`` too."""
        if name in ("type", "id", "title"):
            return str(getattr(self, name))
        return self.options.get(name) or ""

    def links(self, name: str) -> tuple[str, ...]:
        """The values of a link or list field (``owner``, ``tags``, ``aliases``…)."""
        return tuple(schema.split_list(self.options.get(name)))

    def outgoing(self) -> Iterator[tuple[str, str]]:
        """(link, target ID) of every link the record's type may carry."""
        for name in schema.TYPES[self.type].options:
            if name in schema.LINKS:
                for target in self.links(name):
                    yield name, target

    def with_options(self, **changed: str) -> Record:
        """This record with some options set."""
        return Record(self.type, self.id, self.title, self.path, self.line,
                      {**self.options, **changed})
