"""Each record's history from git: when it was added, each status change (date and
commit), its last change.

Read with GitPython in one pass over the commits that touched the record folders
(oldest first), parsing only the files each commit changed (each read by its blob's
ID, which the log gives). The result is cached by
commit: the next build reads only the commits made since. A tree that is not a git
repository, or a shallow clone (whose oldest commits are missing, so "added" would
be wrong), has no history: :func:`read` says why instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from dmlog.log.sources import RECORD_DIRS, parse_text

CACHE_VERSION = 1


@dataclass(frozen=True)
class Event:
    date: dt.date
    commit: str  # full SHA
    status: str  # the status from then on ("" for records without one)
    previous: str | None  # None: the record was added


@dataclass
class RecordHistory:
    events: list[Event] = field(default_factory=list)  # added, then each status change
    last_change: dt.date | None = None
    last_commit: str = ""

    @property
    def added(self) -> Event:
        return self.events[0]


@dataclass
class History:
    records: dict[str, RecordHistory]
    head: str
    #: per record, a digest of how it was last written (to see changes), and where
    _seen: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (digest, status)

    def last_changes(self) -> dict[str, dt.date]:
        return {i: h.last_change for i, h in self.records.items() if h.last_change}


class HistoryUnavailable(Exception):
    """Why there is no history: the message says it to a person."""


def _repo(root: Path) -> Any:  # GitPython's Repo, imported when needed
    try:
        import git
    except ImportError as err:  # pragma: no cover - a dependency
        raise HistoryUnavailable(f"GitPython is not installed ({err})") from None
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise HistoryUnavailable(f"{root} is not in a git repository") from None
    try:
        repo.head.commit  # noqa: B018 - an empty repository has no HEAD commit
    except ValueError:
        raise HistoryUnavailable("the git repository has no commits yet") from None
    if (Path(repo.git_dir) / "shallow").exists():
        raise HistoryUnavailable("the repository is a shallow clone: its older commits "
                                 "are missing (fetch with --unshallow, or fetch-depth: 0)")
    return repo


def resolve(root: Path, ref: str) -> tuple[str, dt.date]:
    """A git ref (tag, branch, SHA) as (commit, date); raises HistoryUnavailable."""
    repo = _repo(root)
    try:
        commit = repo.commit(ref)
    except Exception:  # GitPython raises several kinds for a bad ref
        raise HistoryUnavailable(f"{ref!r} is not a git ref of this repository "
                                 "(a tag, branch or commit)") from None
    return commit.hexsha, dt.datetime.fromtimestamp(commit.committed_date, dt.UTC).date()


def read(root: Path, cache: Path | None = None) -> History:
    """The history of the log at ``root`` up to HEAD; raises HistoryUnavailable."""
    repo = _repo(root)
    head = repo.head.commit.hexsha
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = PurePosixPath(Path(root).resolve().relative_to(top).as_posix())
    folders = [str(prefix / d) if str(prefix) != "." else d for d in RECORD_DIRS]
    history = cached(cache)
    start = None
    if history is not None and history.head != head:
        if repo.is_ancestor(history.head, head):
            start = history.head
        else:
            history = None  # history was rewritten: read it all again
    if history is None:
        history = History({}, "")
    elif history.head == head:
        return history
    revisions = f"{start}..{head}" if start else head
    # --raw names each changed file's new blob: read it straight from the object
    # database (walking each commit's trees to find it cost more than the parsing)
    log = repo.git.log(revisions, "--reverse", "--no-renames", "--format=%x00%H %ct",
                       "--raw", "--no-abbrev", "--", *folders)
    for chunk in log.split("\x00")[1:]:
        lines = chunk.strip().splitlines()
        sha, stamp = lines[0].split()
        date = dt.datetime.fromtimestamp(int(stamp), dt.UTC).date()
        for line in lines[1:]:
            # :old-mode new-mode old-blob new-blob status<TAB>path
            meta, _, name = line.partition("\t")
            fields = meta.split()
            if len(fields) < 5 or not name.endswith(".md") or fields[4].startswith("D"):
                continue  # not a file's change, not a record file, or deleted
            text = repo.odb.stream(bytes.fromhex(fields[3])).read().decode("utf-8", errors="replace")
            relpath = str(PurePosixPath(name).relative_to(prefix)) if str(prefix) != "." else name
            source, _ = parse_text(text, Path(relpath), relpath)
            for written in source.records:
                _apply(history, written.record.id, written.record.title,
                       written.record.options, written.body, date, sha)
    history.head = head
    _save_cache(cache, history)
    return history


def _apply(history: History, record_id: str, title: str, options: dict[str, str], body: str,
           date: dt.date, sha: str) -> None:
    status = options.get("status", "")
    digest = hashlib.sha1(repr((title, sorted(options.items()), body)).encode(),
                          usedforsecurity=False).hexdigest()
    seen = history._seen.get(record_id)
    entry = history.records.setdefault(record_id, RecordHistory())
    if seen is None:
        entry.events.append(Event(date, sha, status, None))
    elif seen[1] != status:
        entry.events.append(Event(date, sha, status, seen[1]))
    if seen is None or seen[0] != digest:
        entry.last_change, entry.last_commit = date, sha
    history._seen[record_id] = (digest, status)


def cached(path: Path | None) -> History | None:
    """The history a previous build kept, if any."""
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            version, history = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None
    return history if version == CACHE_VERSION and isinstance(history, History) else None


def _save_cache(path: Path | None, history: History) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # a unique temporary file, renamed over the cache: two builds never mix their writes
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=path.name, delete=False) as handle:
        pickle.dump((CACHE_VERSION, history), handle, pickle.HIGHEST_PROTOCOL)
    Path(handle.name).replace(path)
