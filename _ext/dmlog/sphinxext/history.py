"""History from git on the site: read once per build (:mod:`dmlog.log.history`),
shown on each card (added, status changes, with their commits), used for the "stale"
gap and the ``last-change`` column, and for review packs.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from dmlog import schema
from dmlog.log import history
from dmlog.sphinxext import state

logger = logging.getLogger(__name__)
#: The kind a page lists when it shows history beyond its records' cards (review packs).
HISTORY_KIND = "history"


def read_history(app: Sphinx) -> None:
    """``builder-inited``: the log's history, and which records' history changed."""
    build = state.of(app)
    if not build.settings.history:
        build.history_note = "History is switched off (dmlog_history = False in conf.py)."
        return
    before = build.kept.history  # the history the last build read
    try:
        found = history.read(Path(app.srcdir), before)
    except history.HistoryUnavailable as err:
        build.history_note = f"History from git is unavailable: {err}."
        logger.info(f"dmlog: {build.history_note}")
        return
    build.history = build.kept.history = found
    build.last_change = found.last_changes()
    old = before.records if before is not None else {}
    build.history_changed = {i for i in old.keys() | found.records.keys()
                             if old.get(i) != found.records.get(i)}


def outdated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``, once the log is read: pages of records whose history changed
    (a commit alone changes no source file), and pages that show history."""
    build = state.of(app)
    if not build.history_changed:
        return []
    pages = {build.pages[i] for i in build.history_changed if i in build.pages}
    previous = build.kept.pages
    if previous is not None:
        pages |= {page for page, kinds in previous.lists.items() if HISTORY_KIND in kinds}
    return sorted(pages & env.found_docs)


def commit_link(app: Sphinx, sha: str) -> str:
    url = state.of(app).settings.repository_url
    short = escape(sha[:7])
    if not url:
        return f"<code>{short}</code>"
    return (f'<a class="reference external dmlog-commit" href="{escape(url.rstrip("/"))}/commit/'
            f'{escape(sha)}"><code>{short}</code></a>')


def pull_url(app: Sphinx, number: int) -> str:
    """The pull request's page ('' without ``dmlog_repository_url``)."""
    url = state.of(app).settings.repository_url
    return f"{url.rstrip('/')}/pull/{number}" if url else ""


def pull_link(app: Sphinx, number: int) -> str:
    url = pull_url(app, number)
    if not url:
        return f"#{number}"
    return (f'<a class="reference external dmlog-pull" href="{escape(url)}" '
            f'title="Pull request {number}">#{number}</a>')


def _entry(app: Sphinx, record_id: str) -> history.RecordHistory | None:
    found = state.of(app).history
    return found.records.get(record_id) if found is not None else None


def provenance(app: Sphinx, record_id: str) -> dict[str, int | str]:
    """The pull requests that first added the record and last changed it (the fields
    of :data:`dmlog.schema.PROVENANCE_FIELDS` it has)."""
    entry = _entry(app, record_id)
    if entry is None or not entry.events:
        return {}
    found: dict[str, int | str] = {}
    for name, number in (("added", entry.added.pull), ("changed", entry.last_pull)):
        if number is not None:
            found[f"{name}_pr"] = number
            if url := pull_url(app, number):
                found[f"{name}_pr_url"] = url
    return found


def _commit(app: Sphinx, sha: str, pull: int | None) -> str:
    """(abc1234), or (abc1234, #12) when a pull request brought the commit in."""
    return f"({commit_link(app, sha)}{f', {pull_link(app, pull)}' if pull is not None else ''})"


def card_history(app: Sphinx, record_id: str) -> str:
    """A card's line of history: added, then each status change, with commits and
    the pull requests that brought them (the first that added it, the last that changed it)."""
    entry = _entry(app, record_id)
    if entry is None or not entry.events:
        return ""
    added = f"{entry.added.date.isoformat()} {_commit(app, entry.added.commit, entry.added.pull)}"
    parts = [f"Recorded {entry.added_on.isoformat()}, imported {added}" if entry.imported
             else f"Added {added}"]
    for event in entry.events[1:]:
        parts.append(f"{escape(event.previous or '—')} → {escape(event.status or '—')} "
                     f"{event.date.isoformat()} {_commit(app, event.commit, event.pull)}")
    if entry.last_change and entry.last_commit != entry.events[-1].commit:
        parts.append(f"last changed {entry.last_change.isoformat()} "
                     f"{_commit(app, entry.last_commit, entry.last_pull)}")
    return ('<p class="dmlog-meta dmlog-history"><strong>History</strong> '
            + '<span class="dmlog-sep"> · </span>'.join(parts) + "</p>")


def amendment_commits(app: Sphinx, record_id: str) -> dict[schema.Amendment, history.Amended]:
    """Each amendment entry of the record as git first saw it (its commit and pull request)."""
    entry = _entry(app, record_id)
    return {item.amendment: item for item in entry.amendments} if entry is not None else {}


def commit_of(app: Sphinx, amended: history.Amended) -> str:
    return _commit(app, amended.commit, amended.pull)
