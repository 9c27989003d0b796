"""Each record's history from git: when it was added, each status change (date and
commit), each amendment entry, its last change, and the pull requests that added and
last changed it.

Read with GitPython in one pass over the commits that touched the record folders
(oldest first), parsing only the files each commit changed (each read by its blob's
ID, which the log gives; paths NUL-separated, ``-z``, as git quotes others). A
commit's pull request is the one whose merge brought it into the first-parent line of
HEAD ("Merge pull request #12 …"), else the "(#12)" a squash merge ends its subject
with. Given the history read before (a build keeps it), only the commits made since
are read. A tree that is not a git repository, or a shallow clone (whose oldest commits
are missing, so "added" would be wrong), has no history: :func:`read` says why instead.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from dmlog import schema
from dmlog.log import layout
from dmlog.log.model import Record
from dmlog.log.sources import parse_text

#: A record added to git more than this many days after its own date (a decision's
#: date, an action's meeting) came from a back catalogue: until it changes again, its
#: own date stands for git's, so old records are neither "new" nor fresh.
IMPORTED_AFTER_DAYS = 30
#: how GitHub names a pull request: its merge commit, and a squash merge's subject
_MERGE_SUBJECT = re.compile(r"^Merge pull request #(\d+)\b")
_SQUASH_SUBJECT = re.compile(r"\(#(\d+)\)\s*$")
_COMMIT_HEADER = re.compile(r"^([0-9a-f]{40}) (\d+)$")


@dataclass(frozen=True)
class Event:
    date: dt.date
    commit: str  # full SHA
    status: str  # the status from then on ("" for records without one)
    previous: str | None  # None: the record was added
    pull: int | None = None  # the pull request that brought the commit in


@dataclass(frozen=True)
class Amended:
    """An amendment entry as written, and the commit that added it."""

    amendment: schema.Amendment
    date: dt.date
    commit: str
    pull: int | None


@dataclass
class RecordHistory:
    events: list[Event] = field(default_factory=list)  # added, then each status change
    last_change: dt.date | None = None
    last_commit: str = ""
    last_pull: int | None = None
    amendments: list[Amended] = field(default_factory=list)
    title: str = ""  # as last written
    own_date: dt.date | None = None  # the record's own date when it was added

    @property
    def added(self) -> Event:
        return self.events[0]

    @property
    def imported(self) -> bool:
        """Whether it was added as history, long after its own date."""
        return self.own_date is not None and \
            self.added.date > self.own_date + dt.timedelta(days=IMPORTED_AFTER_DAYS)

    @property
    def added_on(self) -> dt.date:
        """When it entered the log: its own date if it was imported as history."""
        return self.own_date if self.own_date is not None and self.imported else self.added.date

    @property
    def changed_on(self) -> dt.date | None:
        """Its last change: git's, or its own date if it is as it was imported as history."""
        if self.imported and self.last_commit == self.added.commit:
            return self.added_on
        return self.last_change


@dataclass
class History:
    records: dict[str, RecordHistory]
    head: str
    #: per record, a digest of how it was last written (to see changes), and where
    _seen: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (digest, status)

    def last_changes(self) -> dict[str, dt.date]:
        return {i: changed for i, h in self.records.items() if (changed := h.changed_on)}


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
    import git  # _repo has checked that GitPython is installed

    repo = _repo(root)
    try:
        commit = repo.commit(ref)
        # a full SHA that is not in the repository is accepted by repo.commit; reading it fails
        return commit.hexsha, dt.datetime.fromtimestamp(commit.committed_date, dt.UTC).date()
    # BadName: no such name; ValueError: not a commit (a tree, a blob) or a missing SHA;
    # IndexError: a reflog entry (@{-5}, HEAD@{99}) past its end
    except (git.BadName, ValueError, IndexError):
        raise HistoryUnavailable(f"{ref!r} is not a git ref of this repository "
                                 "(a tag, branch or commit)") from None


def read(root: Path, known: History | None = None, until: str | None = None) -> History:
    """The history of the log at ``root`` up to HEAD (or the commit ``until``, read
    whole), extending ``known`` (the history read before, left unchanged) where it can;
    raises HistoryUnavailable."""
    repo = _repo(root)
    head = repo.commit(until).hexsha if until else repo.head.commit.hexsha
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = PurePosixPath(Path(root).resolve().relative_to(top).as_posix())
    folders = [str(prefix / d) if str(prefix) != "." else d for d in layout.record_dirs()]
    history = None if until else known
    start = None
    if history is not None and history.head != head:
        if repo.is_ancestor(history.head, head):
            start = history.head
            history = copy.deepcopy(history)  # extended below: the caller's stays as it was
        else:
            history = None  # history was rewritten: read it all again
    if history is None:
        history = History({}, "")
    elif history.head == head:
        return history
    revisions = f"{start}..{head}" if start else head
    pulls = pull_requests(repo.git.log(revisions, "--format=%H%x1f%P%x1f%s", "-z"), head)
    # --raw names each changed file's new blob: read it straight from the object
    # database (walking each commit's trees to find it cost more than the parsing)
    log = repo.git.log(revisions, "--reverse", "--no-renames", "--format=%H %ct", "--raw",
                       "--no-abbrev", "-z", "--", *folders)
    for sha, date, blob, name in changed_files(log):
        if not name.endswith(".md"):
            continue
        text = repo.odb.stream(bytes.fromhex(blob)).read().decode("utf-8", errors="replace")
        relpath = str(PurePosixPath(name).relative_to(prefix)) if str(prefix) != "." else name
        source, _ = parse_text(text, Path(relpath), relpath)
        commit = _Commit(date, sha, pulls.get(sha))
        for written in source.records:
            _apply(history, written.record, written.body, commit)
    history.head = head
    return history


def changed_files(log: str) -> list[tuple[str, dt.date, str, str]]:
    """(commit, date, new blob, path) of each file added or changed, from
    ``git log --format='%H %ct' --raw --no-abbrev -z``: NUL ends each commit's line, each
    ``:modes blobs status`` and each path (which -z leaves unquoted)."""
    found = []
    sha, date = "", dt.date.min
    tokens = iter(log.split("\0"))
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith(":"):
            name = next(tokens, "")
            fields = token[1:].split()  # old-mode new-mode old-blob new-blob status
            if len(fields) >= 5 and not fields[4].startswith("D"):  # not a deleted file
                found.append((sha, date, fields[3], name))
        elif match := _COMMIT_HEADER.match(token):
            sha, date = match[1], dt.datetime.fromtimestamp(int(match[2]), dt.UTC).date()
    return found


def pull_requests(log: str, head: str) -> dict[str, int]:
    """Commit -> the number of the pull request that brought it into ``head``'s first-parent
    line, from ``git log --format=%H%x1f%P%x1f%s -z`` of the commits read."""
    parents: dict[str, list[str]] = {}
    subjects: dict[str, str] = {}
    for entry in log.split("\0"):
        if entry.strip():
            sha, parent_list, subject = entry.strip("\n").split("\x1f", 2)
            parents[sha], subjects[sha] = parent_list.split(), subject

    def number(sha: str, pattern: re.Pattern[str]) -> int | None:
        match = pattern.search(subjects[sha])
        return int(match[1]) if match else None

    line = []  # the first-parent line, newest first
    commit: str | None = head
    while commit in parents:
        line.append(commit)
        commit = parents[commit][0] if parents[commit] else None
    found: dict[str, int] = {}
    seen: set[str] = set()
    for commit in reversed(line):  # oldest first: all a commit reaches was seen before it
        seen.add(commit)
        merged = number(commit, _MERGE_SUBJECT) or number(commit, _SQUASH_SUBJECT)
        if merged is not None:
            found[commit] = merged
        branch = parents[commit][1:]
        while branch:  # the commits this merge brought in
            other = branch.pop()
            if other in seen or other not in parents:
                continue
            seen.add(other)
            pull = merged or number(other, _SQUASH_SUBJECT)
            if pull is not None:
                found[other] = pull
            branch += parents[other]
    return found


@dataclass(frozen=True)
class _Commit:
    """A commit that changed records: its date, SHA and the pull request that brought it in."""

    date: dt.date
    sha: str
    pull: int | None


def _apply(history: History, record: Record, body: str, commit: _Commit) -> None:
    """A record as a commit left it: an event if it is new or its status changed, its
    last change and amendments if its text did."""
    record_id, title, options = record.id, record.title, record.options
    date, sha, pull = commit.date, commit.sha, commit.pull
    status = options.get("status", "")
    digest = hashlib.sha1(repr((title, sorted(options.items()), body)).encode(),
                          usedforsecurity=False).hexdigest()
    seen = history._seen.get(record_id)
    entry = history.records.setdefault(record_id, RecordHistory())
    if seen is None:
        entry.events.append(Event(date, sha, status, None, pull))
        entry.own_date = _own_date(options)
    elif seen[1] != status:
        entry.events.append(Event(date, sha, status, seen[1], pull))
    if seen is None or seen[0] != digest:
        entry.last_change, entry.last_commit, entry.last_pull = date, sha, pull
        entry.title = title
        known = {item.amendment for item in entry.amendments}
        entry.amendments += [Amended(amendment, date, sha, pull) for amendment
                             in schema.amendments(options.get("amended"))[0]
                             if amendment not in known]
    history._seen[record_id] = (digest, status)


def _own_date(options: Mapping[str, str]) -> dt.date | None:
    """A record's own date: its :date:, else the date in its meeting's ID."""
    meeting = re.match(rf"{schema.TYPES[schema.MEETING].prefix}-(\d{{4}}-\d{{2}}(?:-\d{{2}})?)-",
                       options.get(schema.MEETING, "").strip())
    return schema.parse_date(options.get("date", "")) or (schema.parse_date(meeting[1]) if meeting else None)
