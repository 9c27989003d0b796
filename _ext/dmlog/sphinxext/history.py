"""History from git on the site: read once per build (:mod:`dmlog.log.history`),
shown on each card (added, status changes, with their commits), used for the "stale"
gap and the ``last-change`` column, and for review packs.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from dmlog.log import history
from dmlog.sphinxext import needs, state

logger = logging.getLogger(__name__)
CACHE_FILE = "dmlog-history.pickle"
#: The kind a page lists when it shows history beyond its records' cards (review packs).
HISTORY_KIND = "history"


def read_history(app: Sphinx) -> None:
    """``builder-inited``: the log's history, and which records' history changed."""
    build = state.of(app)
    if not app.config.dmlog_history:
        build.history_note = "History is switched off (dmlog_history = False in conf.py)."
        return
    cache = Path(app.doctreedir) / CACHE_FILE
    before = history.cached(cache)
    try:
        found = history.read(Path(app.srcdir), cache)
    except history.HistoryUnavailable as err:
        build.history_note = f"History from git is unavailable: {err}."
        logger.info(f"dmlog: {build.history_note}")
        return
    build.history = found
    build.last_change = found.last_changes()
    old = before.records if before is not None else {}
    build.history_changed = {i for i in old.keys() | found.records.keys()
                             if old.get(i) != found.records.get(i)}


def outdated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages of records whose history changed (a commit alone
    changes no source file), and pages that show history."""
    build = state.of(app)
    if not build.history_changed:
        return []
    pages = {record["docname"] for record in needs.raw_records(env)
             if record["id"] in build.history_changed}
    tracker = build.tracker
    previous = tracker.load() if tracker is not None else None
    if previous is not None:
        pages |= {page for page, kinds in previous.lists.items() if HISTORY_KIND in kinds}
    return sorted(pages & env.found_docs)


def commit_link(app: Sphinx, sha: str) -> str:
    url = app.config.dmlog_repository_url
    short = escape(sha[:7])
    if not url:
        return f"<code>{short}</code>"
    return (f'<a class="reference external dmlog-commit" href="{escape(url.rstrip("/"))}/commit/'
            f'{escape(sha)}"><code>{short}</code></a>')


def card_history(app: Sphinx, need: Mapping[str, Any]) -> str:
    """A card's line of history: added, then each status change, with commits."""
    found = state.of(app).history
    entry = found.records.get(need["id"]) if found is not None else None
    if entry is None or not entry.events:
        return ""
    parts = [f"Added {entry.added.date.isoformat()} ({commit_link(app, entry.added.commit)})"]
    for event in entry.events[1:]:
        parts.append(f"{escape(event.previous or '—')} → {escape(event.status or '—')} "
                     f"{event.date.isoformat()} ({commit_link(app, event.commit)})")
    if entry.last_change and entry.last_change != entry.events[-1].date:
        parts.append(f"last changed {entry.last_change.isoformat()} "
                     f"({commit_link(app, entry.last_commit)})")
    return ('<p class="dmlog-meta dmlog-history"><strong>History</strong> '
            + '<span class="dmlog-sep"> · </span>'.join(parts) + "</p>")
