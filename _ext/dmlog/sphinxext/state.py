"""What dmlog keeps during one Sphinx build, typed, instead of attributes on ``app``.

Kept per application in a weak mapping: not on the environment, which Sphinx
pickles between builds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx

from dmlog.settings import Settings

if TYPE_CHECKING:  # the stages import this module
    from dmlog.log.history import History
    from dmlog.log.registries import Entry
    from dmlog.log.tables import Facts
    from dmlog.sphinxext.cards import LogSnapshot
    from dmlog.sphinxext.incremental import Tracker


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
