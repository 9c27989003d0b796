"""dmlog's state of one Sphinx build, typed, and what it keeps for the next build.

The extension owns one :class:`BuildState` per application (made when the extension is
set up, not on the environment, which Sphinx pickles between builds). What a build
leaves for the next (:class:`Kept`: what each page showed, the reader's readings, the
history from git, the redirect pages and feeds written, whether to read every page
again) is one file of the state folder with one version: it is loaded once when the
builder starts and saved once when the build ends. A file of another version, or one
that cannot be read, is a clean rebuild of dmlog's state: every page read and written
again. The state folder is read only when this machine wrote it
(:mod:`dmlog.sphinxext.inputs`).
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx

from dmlog import __version__
from dmlog.log.history import History
from dmlog.log.problems import Problem
from dmlog.log.registries import Entry
from dmlog.log.sources import Log, ReadCache
from dmlog.log.tablespec import Facts
from dmlog.settings import Settings

#: In the state folder (``-d``): what one build keeps for the next.
STATE_FILE = "dmlog-build.pickle"
#: The version of what is kept: bump it when its shape changes. The digest of dmlog's
#: own code is part of it too, so that a changed dmlog never reads what another wrote.
VERSION = 1


@dataclass
class Pages:
    """What the pages of a build showed, for the next build to know which pages a
    change touches (:mod:`dmlog.sphinxext.incremental`)."""

    records: dict[str, tuple] = field(default_factory=dict)
    shown: dict[str, set[str]] = field(default_factory=dict)  # page -> records it names
    cards: dict[str, set[str]] = field(default_factory=dict)  # page -> records with back-links
    lists: dict[str, set[str]] = field(default_factory=dict)  # page -> record types it lists
    today: dt.date | None = None  # the date the pages were computed for
    #: page -> its parent, previous and next pages with their titles, as its links show them
    neighbours: dict[str, tuple] = field(default_factory=dict)
    #: record ID -> the date of its last change in git, as the fingerprints saw it
    last_change: dict[str, dt.date] = field(default_factory=dict)


@dataclass
class Tracker:
    """What each page written in this build shows (:mod:`dmlog.sphinxext.incremental`
    keeps it as :class:`Pages` for the next build)."""

    #: page -> the (shown, cards, lists) of it written in this build
    written: dict[str, tuple[set[str], set[str], set[str]]] = field(default_factory=dict)
    #: what the pages of the last build showed, as read (None: none, or not usable)
    last: Pages | None = None
    #: this build's fingerprints of the records, as read (None: not computed yet)
    records: dict[str, tuple] | None = None
    #: whether needs.json may differ from the last build's (False: no record was read
    #: again, removed or added, and neither the date nor the history moved)
    records_changed: bool = True
    #: this build left needs.json as the last one wrote it
    json_kept: bool = False

    def page(self, docname: str) -> tuple[set[str], set[str], set[str]]:
        """Fresh (shown, cards, lists) sets for a page being written."""
        self.written[docname] = (set(), set(), set())
        return self.written[docname]


@dataclass
class Kept:
    """What one build keeps for the next."""

    #: what each page showed; None: the next build writes every page
    pages: Pages | None = None
    #: the reader's readings of the sources, by file (an edit re-reads only its file)
    sources: ReadCache = field(default_factory=dict)
    #: the history from git read so far (the next build reads only newer commits)
    history: History | None = None
    #: the redirect pages written: record ID -> a digest of its title and URL
    permalinks: dict[str, str] = field(default_factory=dict)
    #: feed path -> the digest of what it was drawn from (:mod:`dmlog.sphinxext.feeds`)
    feeds: dict[str, str] = field(default_factory=dict)
    #: action ID -> [digest of what its calendar event was drawn from, the event]
    events: dict[str, list[str]] = field(default_factory=dict)
    #: the build reported problems (or there is no state to trust): read every page
    #: again, so that a rerun without a fix reports them again
    reread: bool = False


@functools.cache
def version() -> str:
    """:data:`VERSION`, dmlog's version and the digest of its code."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parents[1].rglob("*.py")):
        digest.update(path.read_bytes())
    return f"{VERSION}:{__version__}:{digest.hexdigest()}"


def load(folder: Path) -> Kept:
    """What the last build kept in ``folder``: a fresh state (every page read again)
    if there is none, or it is of another version, or it cannot be read."""
    try:
        with open(folder / STATE_FILE, "rb") as handle:
            kept_version, kept = pickle.load(handle)  # noqa: S301  (inputs: this machine wrote it)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError,
            TypeError):
        return Kept(reread=True)
    return kept if kept_version == version() and isinstance(kept, Kept) else Kept(reread=True)


def save(folder: Path, kept: Kept) -> None:
    """Keep ``kept`` in ``folder``, atomically: a build never reads half of a state."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / STATE_FILE
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        pickle.dump((version(), kept), handle, pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


@dataclass
class BuildState:
    #: dmlog's settings of conf.py, read once when the configuration is read
    settings: Settings = field(default_factory=Settings)
    #: the date "overdue" is judged against in this build
    today: dt.date = field(default_factory=dt.date.today)
    #: registry entries by (type, ID), for the file and line of each
    registry: dict[tuple[str, str], Entry] = field(default_factory=dict)
    #: what is wrong in the registries, reported with the log's other problems
    registry_problems: list[Problem] = field(default_factory=list)
    #: what each written page shows; None before the builder starts
    tracker: Tracker | None = None
    #: the log as the reader reads it (the one model of the records: the checks, the
    #: pages, the tables and the gaps read it), read once the pages are read
    reading: Log | None = None
    #: record ID -> the page showing it, of the reading
    pages: dict[str, str] = field(default_factory=dict)
    #: the records of the site, their links both ways, gaps and history: what the pages
    #: are drawn from, made when writing starts
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
    #: (page, ID) of the mentions of unknown records already reported
    mentions: set[tuple[str, str]] = field(default_factory=set)
    #: what the last build kept, loaded when the builder starts; saved when the build ends
    kept: Kept = field(default_factory=Kept)
    #: the garbage collector is paused while the last build's state is loaded
    collector_paused: bool = False
    #: the state folder of this build when the one given could not be trusted
    #: (:mod:`dmlog.sphinxext.inputs`), removed when the build ends
    temporary_state: Path | None = None


#: The attribute of the Sphinx application holding its build state.
_ATTRIBUTE = "dmlog_build_state"


def of(app: Sphinx) -> BuildState:
    """The state of this application's build (made on first use)."""
    build = getattr(app, _ATTRIBUTE, None)
    if build is None:
        build = BuildState()
        setattr(app, _ATTRIBUTE, build)
    return build


def _pause_collector(app: Sphinx, _config: Any) -> None:
    """``config-inited``, last: no garbage collection until the last build's state is
    loaded (:func:`load_kept`), when there is a last build (a first build loads nothing)."""
    if gc.isenabled() and (Path(app.doctreedir) / ENV_PICKLE_FILENAME).exists():
        gc.disable()
        of(app).collector_paused = True


def load_kept(app: Sphinx) -> None:
    """``builder-inited``, first: what the last build kept.

    What the last build left (Sphinx's environment, loaded after the configuration,
    and dmlog's state) lives until the process ends, so the garbage collector leaves it
    alone: it is paused while they are loaded (each of the hundreds of collections
    loading them triggered scanned all that was loaded so far), and then told to ignore
    them (:func:`gc.freeze`), which every full collection of the build scanned again and
    the collection at the process's exit took apart one by one. At 5,000 records that is
    270,000 objects, and 1.7 s of a one-record edit's 5.6 s of CPU. Frozen objects are
    still freed when nothing refers to them; only a cycle among them that becomes
    garbage stays until the process ends.
    """
    build = of(app)
    build.kept = load(Path(app.doctreedir))
    gc.freeze()
    if build.collector_paused:
        gc.enable()
        build.collector_paused = False


def _freeze_for_writing(app: Sphinx, _builder: Any) -> None:
    """``write-started``, after the records are taken: in an incremental build, what the
    pages are written from (the records sphinx-needs resolved, the reader's records, their
    graph and facts) lives until the process ends as well, and is frozen too (as in
    :func:`load_kept`). Not when every page was read (a first build, or one after
    problems): reading them left garbage that a collection has not freed yet, and it
    would stay."""
    kept = of(app).kept
    if kept.pages is not None and not kept.reread:
        gc.freeze()


def save_kept(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, after every stage: keep this build's state for the next. A
    build that failed keeps no record of its pages (the next one writes them all) and
    has the next one read every page again."""
    kept = of(app).kept
    if exception is not None:
        kept.pages, kept.reread = None, True
    save(Path(app.doctreedir), kept)


def setup(app: Sphinx) -> None:
    of(app)
    app.connect("config-inited", _pause_collector, priority=999)
    app.connect("builder-inited", load_kept, priority=0)
    app.connect("write-started", _freeze_for_writing, priority=900)
    # after every stage that keeps something (<= 900), before a temporary state
    # folder is removed (1000)
    app.connect("build-finished", save_kept, priority=950)
