"""What dmlog keeps during one Sphinx build, typed, instead of attributes on ``app``.

Kept per application in a weak mapping: not on the environment, which Sphinx
pickles between builds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx

from dmlog import schema
from dmlog.settings import Settings

if TYPE_CHECKING:  # the stages import this module
    from dmlog.log.history import History
    from dmlog.log.registries import Entry
    from dmlog.log.sources import Log
    from dmlog.log.tables import Facts
    from dmlog.sphinxext.incremental import Tracker


def _snapshot_keys() -> tuple[str, ...]:
    return ("id", "type", "docname", "lineno", *schema.shown_fields(), *schema.LINKS)


class LogSnapshot:
    """Every record of the build as a plain dict, made once when writing starts:
    the pages read records tens of thousands of times, and a dict is far cheaper to
    read than sphinx-needs' record objects."""

    def __init__(self, needs: Iterable[Mapping[str, Any]], today: dt.date) -> None:
        self.records: dict[str, Mapping[str, Any]] = {}
        self.by_type: dict[str, list[Mapping[str, Any]]] = {}
        keys = _snapshot_keys()  # the log's own fields among them
        for need in needs:
            record: dict[str, Any] = {"id": need["id"], "type": need["type"], "title": need["title"],
                      "docname": need["docname"]}
            for key in keys:  # empty values left out: a log is mostly empty fields
                if key not in record and (value := need.get(key)) not in (None, "", []):
                    record[key] = value
            record["overdue"] = schema.is_overdue(record, today)
            self.records[record["id"]] = record
            self.by_type.setdefault(record["type"], []).append(record)


@dataclass
class BuildState:
    #: dmlog's settings of conf.py, read once when the configuration is read
    settings: Settings = field(default_factory=Settings)
    #: the date "overdue" is judged against in this build
    today: dt.date = field(default_factory=dt.date.today)
    #: registry entries by (type, ID), for the file and line of each
    registry: dict[tuple[str, str], Entry] = field(default_factory=dict)
    #: what each written page shows; None before the builder starts
    tracker: Tracker | None = None
    #: the records as the pages show them, made when writing starts
    log: LogSnapshot | None = None
    #: the log as the reader reads it (the model the checks, tables and gaps read),
    #: read when writing starts
    reading: Log | None = None
    #: what tables and gaps read beyond the records (groups, gaps, history)
    facts: Facts | None = None
    #: record ID -> date of the last commit that changed it (empty without git history)
    last_change: dict[str, dt.date] = field(default_factory=dict)
    #: the log's history from git (None: unavailable, and history_note says why)
    history: History | None = None
    history_note: str = ""
    #: records whose history changed since the last build
    history_changed: set[str] = field(default_factory=set)
    #: pages whose records were purged before reading started
    purged: set[str] = field(default_factory=set)
    #: the state folder of this build when the one given could not be trusted
    #: (:mod:`dmlog.sphinxext.inputs`), removed when the build ends
    temporary_state: Path | None = None


_STATES: WeakKeyDictionary[Sphinx, BuildState] = WeakKeyDictionary()


def of(app: Sphinx) -> BuildState:
    """The state of this application's build (made on first use)."""
    state = _STATES.get(app)
    if state is None:
        state = _STATES[app] = BuildState()
    return state
